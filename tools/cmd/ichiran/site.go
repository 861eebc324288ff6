package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"github.com/ichiran-jp/ichiran/tools/bundle"
	"github.com/ichiran-jp/ichiran/tools/catalog"
	"github.com/ichiran-jp/ichiran/tools/site"
)

const siteUsage = `使い方 / usage: ichiran site [flags] [PATH]

リポジトリのデータから公開用の静的サイトを作ります: 市区町村の検索 (名前・読み・ローマ字・
コード)、都道府県・市区町村・指標ごとのページ (SVG のグラフと表)、配布物のダウンロードと
検証のしかた (ichiran build と同じ配布物のチェックサムつき)。外部へのリクエストはありません。
同じコミットからは同じバイト列ができます (日時は SOURCE_DATE_EPOCH、なければコミットの日時)。
既定の版は ichiran build と同じく数値のある最新の版で、最初の版からその版までを載せます。

Writes the public static site from the repository's data: a search over
every municipality (name, reading, romaji, code), a page per prefecture,
municipality and indicator (SVG charts with tables), and the downloads with
the checksums of the same bundle ichiran build makes. No external requests.
The same commit gives the same bytes. Default edition: as for ichiran build;
the site shows every edition from the first up to it.

flags:
`

// releasesURL is where the bundles are published (written as text).
const releasesURL = "https://github.com/ichiran-jp/ichiran/releases"

func runSite(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("site", flag.ContinueOnError)
	fs.SetOutput(stderr)
	edition := fs.Int("edition", 0, "最新の版 (例 2026 = 令和8年度版) / latest edition shown; default: the latest with figures")
	out := fs.String("out", filepath.Join("dist", "site"), "出力先のディレクトリ / output directory")
	fs.Usage = func() {
		io.WriteString(fs.Output(), siteUsage)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.SetOutput(stdout)
			fs.Usage()
			return exitOK
		}
		return exitUsage
	}
	if fs.NArg() > 1 {
		fmt.Fprintln(stderr, "ichiran site: PATH は 1 つだけ指定できます / give at most one PATH")
		return exitUsage
	}
	if *edition != 0 && *edition < catalog.FirstEdition {
		fmt.Fprintf(stderr, "ichiran site: 最初の版は %d 年です / the first edition is %d\n", catalog.FirstEdition, catalog.FirstEdition)
		return exitUsage
	}
	fail := func(err error) int {
		fmt.Fprintf(stderr, "ichiran site: %v\n", err)
		return exitFailure
	}
	repo, err := loadRepository(descriptorPath(fs.Args()))
	if err != nil {
		return fail(err)
	}
	stamp, commit, err := sourceDate(ctx, repo.pkg.Dir)
	if err != nil {
		return fail(err)
	}
	r := &bundle.Repository{Pkg: repo.pkg, Cat: repo.cat, Codes: repo.codes}
	if *edition == 0 {
		if *edition, err = bundle.LatestEdition(r, stamp); err != nil {
			return fail(err)
		}
	}
	start := time.Now()
	b, err := bundle.Build(r, bundle.Options{Edition: *edition, Time: stamp, Commit: commit})
	if err != nil {
		return fail(err)
	}
	s, err := site.Build(r, site.Options{Edition: *edition, Bundle: b, Time: stamp, Commit: commit, Releases: releasesURL})
	if err != nil {
		return fail(err)
	}
	if err := s.WriteDir(*out); err != nil {
		return fail(err)
	}
	var size int
	for _, f := range s.Files {
		size += len(f.Data)
	}
	fmt.Fprintf(stdout, "site (%d年版まで / editions up to %d): %d ファイル / files, %d bytes → %s (%.2fs)\n", *edition, *edition, len(s.Files), size, filepath.ToSlash(*out), time.Since(start).Seconds())
	return exitOK
}
