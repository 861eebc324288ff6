package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/ichiran-jp/ichiran/tools/github"
	"github.com/ichiran-jp/ichiran/tools/site"
)

const siteUsage = `使い方 / usage: ichiran site [flags] [PATH]

リポジトリのデータから公開用の静的サイトを作ります: 市区町村の検索 (名前・読み・ローマ字・
コード)、都道府県・市区町村・指標ごとのページ (SVG のグラフと表)、マクロの視点、公開済みの
配布物へのリンクと、そのリリースの SHA256SUMS によるチェックサム (-releases)、検証のしかた。
外部へのリクエストはありません。
同じコミットからは同じバイト列ができます (日時は SOURCE_DATE_EPOCH、なければコミットの日時)。
既定の版は ichiran build と同じく数値のある最新の版で、最初の版からその版までを載せます。

Writes the public static site from the repository's data: a search over
every municipality (name, reading, romaji, code), a page per prefecture,
municipality and indicator (SVG charts with tables), the macro view, and the
downloads: links to each published release's files with the checksums of
its own SHA256SUMS (-releases). No external requests.
The same commit gives the same bytes. Default edition: as for ichiran build;
the site shows every edition from the first up to it.

flags:
`

// releasesURL is where the bundles are published (written as text).
const releasesURL = "https://github.com/ichiran-jp/ichiran/releases"

func runSite(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("site", siteUsage, stderr)
	edition := fs.Int("edition", 0, "最新の版 (例 2026 = 令和8年度版) / latest edition shown; default: the latest with figures")
	out := fs.String("out", filepath.Join("dist", "site"), "出力先のディレクトリ / output directory")
	releases := fs.String("releases", "", "公開済みのリリースの JSON (ichiran release -list の出力)。ダウンロードのページが各ファイルへのリンクとそのリリースのチェックサムを示す / the published releases' JSON (from ichiran release -list): the downloads page links each file, with that release's checksums")
	if err := fs.Parse(args); err != nil {
		return parseFailed(fs, err, stdout)
	}
	if !buildArgsOK(stderr, "site", fs, *edition) {
		return exitUsage
	}
	fail := func(err error) int {
		return complain(stderr, "site", exitFailure, "%v", err)
	}
	src, err := loadBuildSource(ctx, fs.Args(), *edition)
	if err != nil {
		return fail(err)
	}
	*edition = src.edition
	start := time.Now()
	var published []github.PublishedRelease
	if *releases != "" {
		raw, err := os.ReadFile(*releases)
		if err != nil {
			return fail(err)
		}
		if err := json.Unmarshal(raw, &published); err != nil {
			return complain(stderr, "site", exitUsage, "%s: リリースの JSON として読めません / not the releases' JSON: %v", *releases, err)
		}
	}
	w, err := site.Write(src.repo, site.Options{Edition: *edition, Published: published, Time: src.time, Commit: src.commit, Releases: releasesURL}, *out)
	if err != nil {
		return fail(err)
	}
	fmt.Fprintf(stdout, "site (%d年版まで / editions up to %d): %d ファイル / files, %d bytes → %s (%.2fs)\n", *edition, *edition, w.Files, w.Bytes, filepath.ToSlash(*out), time.Since(start).Seconds())
	return exitOK
}
