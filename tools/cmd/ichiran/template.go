package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/ichiran-jp/ichiran/tools/catalog"
	"github.com/ichiran-jp/ichiran/tools/template"
)

const templateUsage = `使い方 / usage: ichiran template --indicator ID [--as-of DATE] [--edition YEAR] -o FILE.xlsx|.csv [PATH]

府省が記入するためのファイル (ひな形) を作ります。その時点の対象団体 (市区町村、
指標が対象とする場合は都道府県も) をコード順にすべて並べ、コード・都道府県・団体名・
時点を記入済みにし、指標の列を空けておきます。1 行目は日本語の見出し (単位つき)、
2 行目は列名 (ichiran import が列を対応づけます)、3 行目からが団体です。
.xlsx には選択肢の一覧・数値の書式と入力規則・各列の説明のシートがつきます。
.csv は BOM つき UTF-8、CRLF です (Excel でそのまま開けます)。
時点の既定は、次に公表する版 (または --edition の版) が必要とする時点です。
既存のファイルは --force なしには上書きしません。

Writes a ready-to-fill file for a ministry: every in-scope local government
of the date (municipalities, and prefectures when the indicator covers them)
sorted by code, with code, prefecture, name and date prefilled and the
indicator's columns empty. Row 1 holds the Japanese headings with units,
row 2 the field names (which ichiran import maps back), the data start on
row 3. An .xlsx file has drop-down lists, number formats, data validation
and a sheet explaining each column; a .csv file is UTF-8 with a BOM and
CRLF, so Excel opens it as it is. The date defaults to the one the edition
due next (or --edition) needs. An existing file is kept unless --force.

flags:
`

func runTemplate(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("template", templateUsage, stderr)
	id := fs.String("indicator", "", "指標 ID (必須) / indicator id (required)")
	asOfFlag := fs.String("as-of", "", "時点 (YYYY-MM-DD) / as-of date; default: the edition's")
	edition := fs.Int("edition", 0, "版 (公表する年度、例 2027) / edition (its fiscal year); default: the one due next")
	out := fs.String("o", "", "出力ファイル (.xlsx または .csv、必須) / output file (.xlsx or .csv, required)")
	force := fs.Bool("force", false, "既存のファイルを上書きする / overwrite an existing file")
	todayArg := fs.String("today", "", "今日の日付 (YYYY-MM-DD、既定は実際の今日) / today's date (default: the clock)")
	if err := fs.Parse(args); err != nil {
		return parseFailed(fs, err, stdout)
	}
	usageErr := func(format string, a ...any) int {
		return complain(stderr, "template", exitUsage, format, a...)
	}
	fail := func(err error) int {
		return complain(stderr, "template", exitFailure, "%v", err)
	}
	switch {
	case *id == "":
		return usageErr("--indicator を指定してください / --indicator is required")
	case *out == "":
		return usageErr("-o で出力ファイルを指定してください / -o FILE is required")
	case template.Format(*out) == "":
		return usageErr("出力ファイルの拡張子は .xlsx か .csv です / the output file must end in .xlsx or .csv: %s", *out)
	case fs.NArg() > 1:
		return usageErr(onePath)
	}
	today, ok := todayFlag(stderr, "template", "--today", *todayArg)
	if !ok {
		return exitUsage
	}
	if *edition == 0 {
		*edition = catalog.NextEdition(today)
	} else if beforeFirstEdition(stderr, "template", *edition) {
		return exitUsage
	}
	asOf, ok := dateFlag(stderr, "template", "--as-of", *asOfFlag)
	if !ok {
		return exitUsage
	}

	r, err := openRepository(fs.Args())
	if err != nil {
		return fail(err)
	}
	defer r.Close()
	ind := r.Cat.Indicator(*id)
	if ind == nil {
		var ids []string
		for _, i := range r.Cat.Indicators {
			if i.Status == catalog.Active {
				ids = append(ids, i.ID)
			}
		}
		return usageErr("指標 %q はカタログにありません / no indicator %q in the catalogue (active: %v)", *id, *id, ids)
	}
	if ind.Status != catalog.Active || ind.Schema == "" {
		return usageErr("指標 %s は %s で、データがありません / indicator %s is %s and has no data", ind.ID, ind.Status, ind.ID, ind.Status)
	}
	ed := *edition
	if asOf.IsZero() {
		d, ok := ind.AsOf(ed)
		if !ok {
			return usageErr("%d 年度版には指標 %s の数値がありません。--edition か --as-of を指定してください / edition %d carries no figures of %s; give --edition or --as-of", ed, ind.ID, ed, ind.ID)
		}
		asOf = d
	} else if d, ok := ind.AsOf(ed); !ok || !d.Equal(asOf) {
		// The date overrides the edition; name the edition it belongs to, if any.
		last := max(ed, catalog.NextEdition(today)) + 1
		ed = 0
		if eds := ind.Editions(asOf, last); len(eds) > 0 {
			ed = eds[len(eds)-1]
		} else {
			fmt.Fprintf(stderr, "ichiran template: 注意: %s はどの版の時点の規則 (%s) にも合いません / note: %s matches no edition under the as-of rule (%s)\n",
				asOf.Format(time.DateOnly), ruleJa(ind), asOf.Format(time.DateOnly), ruleEn(ind))
		}
	}
	if err := ctx.Err(); err != nil {
		return fail(err)
	}
	t, err := template.New(r, ind, asOf, ed)
	if errors.Is(err, template.ErrNoData) {
		return usageErr("%v", err)
	}
	if err != nil {
		return fail(err)
	}
	if err := t.WriteFile(*out, *force); err != nil {
		if errors.Is(err, template.ErrExists) {
			return usageErr("%v", err)
		}
		return fail(err)
	}
	fmt.Fprintf(stdout, "%s: %s %s、%d 団体 / %d local governments\n", *out, ind.ID, asOf.Format(time.DateOnly), len(t.Rows), len(t.Rows))
	return exitOK
}

func ruleJa(ind *catalog.Indicator) string {
	if ind.AsOfRule == nil {
		return "-"
	}
	return ind.AsOfRule.Ja
}

func ruleEn(ind *catalog.Indicator) string {
	if ind.AsOfRule == nil {
		return "-"
	}
	return ind.AsOfRule.En
}
