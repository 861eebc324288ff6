package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/ichiran-jp/ichiran/tools/catalog"
	"github.com/ichiran-jp/ichiran/tools/status"
)

const statusUsage = `使い方 / usage: ichiran status [flags] [PATH]

一覧表の版ごとに、各指標の状況・その版が必要とする時点・担当府省・データの有無と
団体の網羅状況・6月30日 (公表目標) までの日数を示します。既定は次に公表する版です。

For one edition of the list (default: the edition due next, by today's date),
shows every indicator's status, the as-of date that edition needs, the
ministry, whether the data is there and its coverage, and the days left to
30 June.

flags:
`

func runStatus(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("status", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "text", "出力形式 / output format: text, json, markdown")
	edition := fs.Int("edition", 0, "版 (公表する年度、例 2026 = 令和8年度版) / edition (its fiscal year); default: the one due next")
	todayFlag := fs.String("today", "", "今日の日付 (YYYY-MM-DD、既定は実際の今日) / today's date (default: the clock)")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), statusUsage)
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
	write, ok := map[string]func(*status.Report, io.Writer) error{
		"text":     (*status.Report).WriteText,
		"json":     (*status.Report).WriteJSON,
		"markdown": (*status.Report).WriteMarkdown,
	}[*format]
	if !ok {
		fmt.Fprintf(stderr, "ichiran status: -format は text, json, markdown のいずれかです / -format must be text, json or markdown, not %q\n", *format)
		return exitUsage
	}
	today := time.Now()
	if *todayFlag != "" {
		t, err := time.Parse(time.DateOnly, *todayFlag)
		if err != nil {
			fmt.Fprintf(stderr, "ichiran status: -today は YYYY-MM-DD です / -today must be YYYY-MM-DD: %v\n", err)
			return exitUsage
		}
		today = t
	}
	if *edition == 0 {
		*edition = catalog.NextEdition(today)
	}
	if *edition < catalog.FirstEdition {
		fmt.Fprintf(stderr, "ichiran status: 最初の版は %d 年です / the first edition is %d\n", catalog.FirstEdition, catalog.FirstEdition)
		return exitUsage
	}
	if fs.NArg() > 1 {
		fmt.Fprintln(stderr, "ichiran status: PATH は 1 つだけ指定できます / give at most one PATH")
		return exitUsage
	}
	repo, err := loadRepository(descriptorPath(fs.Args()))
	if err != nil {
		fmt.Fprintf(stderr, "ichiran status: %v\n", err)
		return exitFailure
	}
	rep, err := status.Compute(repo.pkg, repo.cat, repo.codes, *edition, today)
	if err != nil {
		fmt.Fprintf(stderr, "ichiran status: %v\n", err)
		return exitFailure
	}
	if err := write(rep, stdout); err != nil {
		fmt.Fprintf(stderr, "ichiran status: %v\n", err)
		return exitFailure
	}
	return exitOK
}
