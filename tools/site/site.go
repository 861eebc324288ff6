// Package site builds the public web site of ichiran from the repository's
// data: a search over every municipality (name, reading in kana or romaji,
// code), a page per prefecture, per municipality and per indicator, and a
// downloads page for the release bundles.
//
// リポジトリのデータから公開用の静的サイトを作ります: 市区町村の検索 (名前・
// 読み (かな・ローマ字)・コード)、都道府県・市区町村・指標ごとのページ、
// 配布物のダウンロードのページ。
//
// The site is static and self-contained: plain HTML with inline SVG charts
// drawn at build time (each with a table as its text equivalent), one style
// sheet, two small scripts (the search over search.json and table sorting;
// every page is readable without them), no external requests. The output
// depends on the repository and [Options] only: the same inputs give the
// same bytes.
package site

import (
	"cmp"
	"embed"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/ichiran-jp/ichiran/tools/bundle"
	"github.com/ichiran-jp/ichiran/tools/catalog"
	"github.com/ichiran-jp/ichiran/tools/github"
	"github.com/ichiran-jp/ichiran/tools/repo"
)

//go:embed assets
var assets embed.FS

// Options of a build.
type Options struct {
	// Edition is the latest edition shown; the site shows every edition
	// from the first up to it.
	Edition int
	// Bundle is not used: the downloads page gives the published
	// releases' own checksums (Published), never ones computed from this
	// commit.
	//
	// Deprecated: set Published.
	Bundle *bundle.Bundle
	// Published are the published releases, newest first: the downloads
	// page links each of their files and shows their checksums.
	Published []github.PublishedRelease
	// Time is the date the site states it was built from (the commit's
	// date); zero leaves it out.
	Time time.Time
	// Commit names the source revision in the footer ("" leaves it out).
	Commit string
	// Releases is where the bundles are published, written as text (not a
	// link) on the downloads page.
	Releases string
}

// Site is a built site: its files, sorted by name.
type Site struct {
	Files []bundle.File
}

// File returns the named file, or nil.
func (s *Site) File(name string) *bundle.File {
	for i := range s.Files {
		if s.Files[i].Name == name {
			return &s.Files[i]
		}
	}
	return nil
}

// Build builds the site.
func Build(repo *repo.Repository, opt Options) (*Site, error) {
	if opt.Edition < catalog.FirstEdition {
		return nil, fmt.Errorf("版 %d は最初の版 %d より前です / edition %d is before the first, %d", opt.Edition, catalog.FirstEdition, opt.Edition, catalog.FirstEdition)
	}
	m, err := load(repo, opt.Edition)
	if err != nil {
		return nil, err
	}
	w := &writer{m: m, opt: opt}
	for _, name := range []string{"style.css", "search.js", "sort.js", "csv.js", "compare.js"} {
		b, err := assets.ReadFile("assets/" + name)
		if err != nil {
			return nil, err
		}
		w.add(name, b)
	}
	w.index()
	if err := w.searchIndex(); err != nil {
		return nil, err
	}
	w.indicatorsPage()
	for _, p := range m.prefs {
		w.prefecture(p)
	}
	for _, e := range m.munis {
		w.municipality(e)
	}
	for _, s := range m.series {
		w.indicator(s)
	}
	w.downloads()
	if err := w.macroPage(); err != nil {
		return nil, err
	}
	if err := w.comparePage(); err != nil {
		return nil, err
	}
	slices.SortFunc(w.files, func(a, b bundle.File) int { return cmp.Compare(a.Name, b.Name) })
	return &Site{Files: w.files}, nil
}

// WriteDir writes the site into dir, creating it; files of an earlier
// build that the site no longer has are left alone.
func (s *Site) WriteDir(dir string) error {
	for _, f := range s.Files {
		if f.Name == "" || path.Clean(f.Name) != f.Name || strings.HasPrefix(f.Name, "../") || path.IsAbs(f.Name) {
			return fmt.Errorf("bad file name %q", f.Name)
		}
		target := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(target, f.Data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// writer collects the files of the site.
type writer struct {
	m     *model
	opt   Options
	files []bundle.File
}

func (w *writer) add(name string, data []byte) {
	w.files = append(w.files, bundle.File{Name: name, Data: data})
}

// downloads writes the page on the release bundles.
func (w *writer) downloads() {
	p := newPage(0)
	p.h1("ダウンロード", "Downloads")
	p.w(`<p>一覧表は版ごとに配布物 (リリース) として公開します。すべてのファイルは同じコミットから同じバイト列で作り直せます。</p>`)
	p.w(`<p lang="en">Each edition of the list is published as a release bundle. Every file can be rebuilt, byte for byte, from the same commit.</p>`)
	if w.opt.Releases != "" {
		p.w(`<p>公開場所 <span lang="en">Published at</span>: <code>` + esc(w.opt.Releases) + `</code></p>`)
	}
	p.w(`<h2>ファイル <span lang="en">Files</span></h2><ul>`)
	for _, it := range [][3]string{
		{"ichiran-YYYY.csv", "一覧表 (UTF-8、1 行 1 市区町村)", "the list, UTF-8, one row per municipality"},
		{"ichiran-YYYY-excel.csv", "一覧表 (Excel 用、BOM つき UTF-8)", "the list for Excel (UTF-8 with a BOM)"},
		{"ichiran-YYYY.xlsx", "一覧表 (Excel ブック、説明シートつき)", "the list as a workbook, with an explanation sheet"},
		{"data/*.csv, datapackage.json", "指標ごとの縦長の CSV と Frictionless Data Package", "long per-indicator CSVs and their Frictionless Data Package"},
		{"ichiran-YYYY.sqlite", "SQLite データベース", "SQLite database"},
		{"README.md, LICENSE.md, CITATION.cff, RELEASE-NOTES.md", "説明・ライセンス・引用・変更点", "readme, licence, citation, release notes"},
		{"ichiran-YYYY.zip", "上のすべての zip", "all of the above, zipped"},
		{"SHA256SUMS", "すべてのファイルの SHA-256", "the SHA-256 of every file"},
	} {
		p.w(`<li><code>` + esc(it[0]) + `</code>: ` + esc(it[1]) + ` <span lang="en">` + esc(it[2]) + `</span></li>`)
	}
	p.w(`</ul>`)
	p.w(`<h2>検証のしかた <span lang="en">How to verify</span></h2>`)
	p.w(`<p>ダウンロードしたファイルと同じディレクトリで次のどちらかを実行します。すべて OK なら改ざんも破損もありません。</p>`)
	p.w(`<p lang="en">Run one of these in the directory of the downloaded files; all OK means nothing was altered or damaged.</p>`)
	p.w("<pre><code>sha256sum -c SHA256SUMS\nichiran verify .                 # ディレクトリ / a directory\nichiran verify ichiran-YYYY.zip  # zip</code></pre>")
	p.w(`<p><code>ichiran verify</code> は SHA256SUMS に加えて datapackage.json の bytes・hash も照合します (<code>go install github.com/ichiran-jp/ichiran/tools/cmd/ichiran@latest</code>)。</p>`)
	p.w(`<p lang="en"><code>ichiran verify</code> also checks the bytes and hashes in datapackage.json.</p>`)
	p.w(`<p>チェックサムは壊れていないことを示しますが、だれが作ったかは示しません。それを示すのはビルドの来歴の証明 (attestation) だけです:</p><p lang="en">Checksums show that nothing was damaged, not who built the files; only the build-provenance attestation shows that:</p>`)
	p.w("<pre><code>gh attestation verify ichiran-YYYY.zip --repo ichiran-jp/ichiran</code></pre>")
	w.releases(p)
	w.add("downloads.html", w.layout(p, "ダウンロード", "Downloads"))
}
