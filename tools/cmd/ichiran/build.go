package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"github.com/ichiran-jp/ichiran/tools/bundle"
	"github.com/ichiran-jp/ichiran/tools/datadiff"
)

const buildUsage = `使い方 / usage: ichiran build [flags] [PATH]

リポジトリのデータから版の配布物を作ります: 一覧表 (CSV UTF-8、CSV UTF-8 BOM つき、XLSX)、
指標ごとの縦長の CSV と datapackage.json (bytes と sha256 つき)、SQLite、README.md、LICENSE.md、
CITATION.cff、RELEASE-NOTES.md、それらの zip と SHA256SUMS。
同じコミットからは同じバイト列ができます: 日時は SOURCE_DATE_EPOCH、なければ
git log -1 --format=%cI (コミットの日時) です。既定の版は数値のある最新の版
(どの指標にも数値がなければ、コミットの日時で次に公表する版) です。

Builds an edition's release bundle from the repository's data: the list as
CSV (UTF-8, and UTF-8 with a BOM for Excel) and XLSX, the long per-indicator
CSVs with their datapackage.json, a SQLite database, README, licence,
CITATION.cff, release notes, a zip of it all and SHA256SUMS. The same commit
gives the same bytes: every timestamp is SOURCE_DATE_EPOCH or else the
commit's date. Default edition: the latest with figures (else the one due
next at the commit's date).

flags:
`

func runBuild(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("build", buildUsage, stderr)
	edition := fs.Int("edition", 0, "版 (例 2026 = 令和8年度版) / edition; default: the latest with figures")
	out := fs.String("out", "dist", "出力先のディレクトリ / output directory")
	previous := fs.String("previous", "", "前の版のリビジョン (RELEASE-NOTES.md に ichiran diff を載せる) / git revision of the previous release, for the release notes")
	if err := fs.Parse(args); err != nil {
		return parseFailed(fs, err, stdout)
	}
	if !buildArgsOK(stderr, "build", fs, *edition) {
		return exitUsage
	}
	fail := func(err error) int {
		return complain(stderr, "build", exitFailure, "%v", err)
	}
	src, err := loadBuildSource(ctx, fs.Args(), *edition)
	if err != nil {
		return fail(err)
	}
	stamp := src.time
	opt := bundle.Options{Edition: src.edition, Time: stamp, Commit: src.commit}
	if *previous != "" {
		g := datadiff.Git{Dir: src.repo.Pkg.Dir}
		c, err := g.Resolve(ctx, *previous)
		if err != nil {
			return complain(stderr, "build", exitUsage, "%v", err)
		}
		base, err := g.Snapshot(ctx, c, datadiff.Label(*previous, c))
		if err != nil {
			return fail(err)
		}
		head, err := g.WorkingTree()
		if err != nil {
			return fail(err)
		}
		var b bytes.Buffer
		if err := datadiff.Compare(base, head, datadiff.Options{Now: stamp}).WriteMarkdown(&b); err != nil {
			return fail(err)
		}
		opt.Changes = b.String()
	}
	start := time.Now()
	b, err := bundle.Build(src.repo, opt)
	if errors.Is(err, bundle.ErrNoFigures) {
		return complain(stderr, "build", exitInvalid, "%v", err)
	}
	if err != nil {
		return fail(err)
	}
	if err := b.WriteDir(*out); err != nil {
		return fail(err)
	}
	fmt.Fprintf(stdout, "%s (%d年版): %d ファイル / files, %d bytes → %s (%.2fs)\n", b.Name, b.Edition, len(b.Files), totalSize(b.Files), filepath.ToSlash(*out), time.Since(start).Seconds())
	return exitOK
}
