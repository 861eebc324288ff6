package main

import (
	"context"
	"errors"
	"io"

	"github.com/ichiran-jp/ichiran/tools/datadiff"
)

const diffUsage = `使い方 / usage: ichiran diff [flags] [BASE [HEAD]]

データパッケージを 2 つのリビジョンで比べます (チェックアウトはしません)。
既定の BASE は origin/main との分岐点 (git merge-base HEAD origin/main。
origin/main がなければ main)、既定の HEAD は作業ツリーです。
リソースごとに、主キーで行を突き合わせて (主キーがなければ行全体で) 追加・削除・変更された行、
変更されたセルの旧 → 新、スキーマの変更、ファイルの追加・削除を示し、次の点を指摘します:
  erratum       過去の時点 (ファイルの最新時点より前、または公表済みの時点) の数値の訂正
  jump          基準を超える急変 (件数 ±50% かつ 10 以上、百分率 ±20 ポイント)
  fall          下がらないはずの累計値 (交付枚数・交付率) の減少
  disappeared   BASE にあった団体の行が同じ時点で HEAD にない
  unknown-code  その時点に存在しない団体コード

Compares the data package at two git revisions without checking anything
out. BASE defaults to the merge base with origin/main (main when there is no
origin/main), HEAD to the working tree. Resource by resource, rows matched by
primary key (or whole rows): rows added, removed and changed, each changed
cell old → new, schema and file changes, and flags: erratum, jump, fall,
disappeared, unknown-code.

どちらかの版を丸ごとは読めなければ (シンボリックリンク、CSV として読めない行、記述子の問題)
差分を出さず、どこが読めないかを示します / a side that cannot be read whole (a symbolic
link, a line that is not CSV, a descriptor with problems) gives no diff, only where.

終了コード / exit codes: 0 差分を計算した (差分や指摘の有無によらない) / diff computed,
whatever it found; 2 使い方の誤り・不明なリビジョン / usage error, unknown revision;
3 git のリポジトリでない、読めない / not a git repository, or a failure.

flags:
`

// diffFormats are the values of ichiran diff -format.
var diffFormats = []outputFormat[*datadiff.Result]{
	{"text", (*datadiff.Result).WriteText},
	{"json", (*datadiff.Result).WriteJSON},
	{"markdown", (*datadiff.Result).WriteMarkdown},
}

func runDiff(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("diff", diffUsage, stderr)
	format := fs.String("format", "text", "出力形式 / output format: text, json, markdown")
	dir := fs.String("C", ".", "データパッケージのディレクトリ / the data package's directory")
	todayArg := fs.String("today", "", "今日の日付 (YYYY-MM-DD、公表済みの時点の判定に使う) / today's date, for which as-of dates are published (default: the clock)")
	if err := fs.Parse(args); err != nil {
		return parseFailed(fs, err, stdout)
	}
	write, ok := lookupFormat(stderr, "diff", *format, diffFormats...)
	if !ok {
		return exitUsage
	}
	var opt datadiff.Options
	if opt.Now, ok = dateFlag(stderr, "diff", "-today", *todayArg); !ok {
		return exitUsage
	}
	if fs.NArg() > 2 {
		return complain(stderr, "diff", exitUsage, "リビジョンは 2 つまでです / give at most two revisions, BASE and HEAD")
	}
	g := datadiff.Git{Dir: *dir}
	fail := func(err error) int {
		code := exitFailure
		if errors.Is(err, datadiff.ErrRevision) {
			code = exitUsage
		}
		return complain(stderr, "diff", code, "%v", err)
	}
	if err := g.Check(ctx); err != nil {
		return fail(err)
	}
	var baseRev, baseCommit string
	var err error
	if fs.NArg() >= 1 {
		baseRev = fs.Arg(0)
		baseCommit, err = g.Resolve(ctx, baseRev)
	} else {
		baseRev, baseCommit, err = mergeBase(ctx, g, "diff", stderr)
	}
	if err != nil {
		return fail(err)
	}
	// The head first: the base then reads only what differs from it.
	var head *datadiff.Snapshot
	if fs.NArg() == 2 {
		c, err := g.Resolve(ctx, fs.Arg(1))
		if err != nil {
			return fail(err)
		}
		head, err = g.Snapshot(ctx, c, datadiff.Label(fs.Arg(1), c))
		if err != nil {
			return fail(err)
		}
	} else {
		head, err = g.WorkingTree()
		if err != nil {
			return fail(err)
		}
	}
	base, err := g.SnapshotBeside(ctx, baseCommit, datadiff.Label(baseRev, baseCommit), head)
	if err != nil {
		return fail(err)
	}
	res := datadiff.Compare(base, head, opt)
	if err := write(res, stdout); err != nil {
		return fail(err)
	}
	return exitOK
}
