package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/ichiran-jp/ichiran/tools/bundle"
	"github.com/ichiran-jp/ichiran/tools/catalog"
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
	fs := flag.NewFlagSet("build", flag.ContinueOnError)
	fs.SetOutput(stderr)
	edition := fs.Int("edition", 0, "版 (例 2026 = 令和8年度版) / edition; default: the latest with figures")
	out := fs.String("out", "dist", "出力先のディレクトリ / output directory")
	previous := fs.String("previous", "", "前の版のリビジョン (RELEASE-NOTES.md に ichiran diff を載せる) / git revision of the previous release, for the release notes")
	fs.Usage = func() {
		io.WriteString(fs.Output(), buildUsage)
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
		fmt.Fprintln(stderr, "ichiran build: PATH は 1 つだけ指定できます / give at most one PATH")
		return exitUsage
	}
	if *edition != 0 && *edition < catalog.FirstEdition {
		fmt.Fprintf(stderr, "ichiran build: 最初の版は %d 年です / the first edition is %d\n", catalog.FirstEdition, catalog.FirstEdition)
		return exitUsage
	}
	fail := func(err error) int {
		fmt.Fprintf(stderr, "ichiran build: %v\n", err)
		return exitFailure
	}
	repo, err := loadRepository(descriptorPath(fs.Args()))
	if err != nil {
		return fail(err)
	}
	dir := repo.pkg.Dir
	stamp, commit, err := sourceDate(ctx, dir)
	if err != nil {
		return fail(err)
	}
	r := &bundle.Repository{Pkg: repo.pkg, Cat: repo.cat, Codes: repo.codes}
	if *edition == 0 {
		if *edition, err = bundle.LatestEdition(r, stamp); err != nil {
			return fail(err)
		}
	}
	opt := bundle.Options{Edition: *edition, Time: stamp, Commit: commit}
	if *previous != "" {
		g := datadiff.Git{Dir: dir}
		c, err := g.Resolve(ctx, *previous)
		if err != nil {
			fmt.Fprintf(stderr, "ichiran build: %v\n", err)
			return exitUsage
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
	b, err := bundle.Build(r, opt)
	if err != nil {
		return fail(err)
	}
	if err := b.WriteDir(*out); err != nil {
		return fail(err)
	}
	var size int
	for _, f := range b.Files {
		size += len(f.Data)
	}
	fmt.Fprintf(stdout, "%s (%d年版): %d ファイル / files, %d bytes → %s (%.2fs)\n", b.Name, b.Edition, len(b.Files), size, filepath.ToSlash(*out), time.Since(start).Seconds())
	return exitOK
}

// sourceDate is the time every file of the bundle carries: SOURCE_DATE_EPOCH
// when set, else the date of the commit checked out in dir; and the commit.
func sourceDate(ctx context.Context, dir string) (time.Time, string, error) {
	git := func(args ...string) (string, error) {
		cmd := exec.CommandContext(ctx, "git", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "LC_ALL=C")
		out, err := cmd.Output()
		return strings.TrimSpace(string(out)), err
	}
	commit, _ := git("rev-parse", "HEAD")
	if s := os.Getenv("SOURCE_DATE_EPOCH"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return time.Time{}, "", fmt.Errorf("SOURCE_DATE_EPOCH %q は秒数ではありません / is not a number of seconds", s)
		}
		return time.Unix(n, 0).UTC(), commit, nil
	}
	out, err := git("log", "-1", "--format=%cI")
	if err != nil || out == "" {
		return time.Time{}, "", errors.New("コミットの日時がわかりません。git のリポジトリで実行するか SOURCE_DATE_EPOCH を設定してください / no commit date: run inside a git repository or set SOURCE_DATE_EPOCH")
	}
	t, err := time.Parse(time.RFC3339, out)
	if err != nil {
		return time.Time{}, "", err
	}
	return t.UTC(), commit, nil
}
