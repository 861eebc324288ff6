package main

import (
	"context"
	"io"

	"github.com/ichiran-jp/ichiran/tools/bundle"
	"github.com/ichiran-jp/ichiran/tools/catalog"
	"github.com/ichiran-jp/ichiran/tools/status"
)

const statusUsage = `使い方 / usage: ichiran status [flags] [PATH]

一覧表の版ごとに、各指標の状況・その版が必要とする時点・担当府省・データの有無と
団体の網羅状況・6月30日 (公表目標) までの日数を示します。既定は次に公表する版です。

For one edition of the list (default: the edition due next, by today's date),
shows every indicator's status, the as-of date that edition needs, the
ministry, whether the data is there and its coverage, where its figures
came from, and the days left to 30 June; then the macro view: each
indicator's KPI computed from the rows, with its formula (or why it
cannot be, and what can).

flags:
`

// reportFormats are the values of ichiran status -format.
var reportFormats = []outputFormat[*status.Report]{
	{"text", (*status.Report).WriteText},
	{"json", (*status.Report).WriteJSON},
	{"markdown", (*status.Report).WriteMarkdown},
}

func runStatus(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("status", statusUsage, stderr)
	format := fs.String("format", "text", "出力形式 / output format: text, json, markdown")
	edition := fs.Int("edition", 0, "版 (公表する年度、例 2026 = 令和8年度版) / edition (its fiscal year); default: the one due next")
	todayArg := fs.String("today", "", "今日の日付 (YYYY-MM-DD、既定は実際の今日) / today's date (default: the clock)")
	if err := fs.Parse(args); err != nil {
		return parseFailed(fs, err, stdout)
	}
	write, ok := lookupFormat(stderr, "status", *format, reportFormats...)
	if !ok {
		return exitUsage
	}
	today, ok := todayFlag(stderr, "status", "-today", *todayArg)
	if !ok {
		return exitUsage
	}
	if *edition == 0 {
		*edition = catalog.NextEdition(today)
	}
	if beforeFirstEdition(stderr, "status", *edition) {
		return exitUsage
	}
	if fs.NArg() > 1 {
		return complain(stderr, "status", exitUsage, onePath)
	}
	fail := func(err error) int {
		return complain(stderr, "status", exitFailure, "%v", err)
	}
	r, err := openRepository(fs.Args())
	if err != nil {
		return fail(err)
	}
	defer r.Close()
	rep, err := status.Compute(r, *edition, today)
	if err != nil {
		return fail(err)
	}
	if rep.Macro, err = bundle.Macro(r, *edition); err != nil {
		return fail(err)
	}
	if err := write(rep, stdout); err != nil {
		return fail(err)
	}
	return exitOK
}
