package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/ichiran-jp/ichiran/tools/importer"
	"github.com/ichiran-jp/ichiran/tools/sheet"
)

const importUsage = `使い方 / usage: ichiran import --indicator ID [flags] FILE [PATH]

府省の Excel ブック (.xlsx) や CSV (UTF-8、BOM つき UTF-8、Shift_JIS) を、指標の
正規の CSV data/<指標ID>/<年>.csv (年は時点の暦年) に変換して書き、検証します。
見出し (複数行・結合セル) を探し、表題・小計・合計・注記の行を理由つきで飛ばし、
団体コード (先頭の 0 が落ちたもの、標準地域コード、全角数字) や団体名から 6 桁の
コードを決めます。推測はしません。既存のファイルの数値が変わるときは --replace が
必要です。最後に、元のファイルが「機械判読可能なデータの表記方法の統一ルール」の
どれに反していたかを示します。PATH は datapackage.json (既定はカレントディレクトリ)。

Turns a ministry's workbook (.xlsx) or CSV (UTF-8, UTF-8 with BOM, Shift_JIS)
into the canonical CSV of the indicator, data/<indicator>/<year>.csv (the
calendar year of the as-of date), writes it atomically and validates it. It
finds the header (several rows, merged cells), skips titles, subtotals,
totals and notes (each reported with the reason), and resolves codes (lost
leading zeros, 5-digit standard codes, full-width digits) or names to 6-digit
codes: nothing is guessed. Figures that would change in an existing file
need --replace. It ends with the machine-readability rules the source broke.
PATH is the datapackage.json (default: the current directory's).

Every check that can refuse (changed figures, the as-of rule, coverage,
ambiguous names, unknown marks) runs before anything is written: a refused
import leaves every file as it was. The import declares the file's resource
in datapackage.json when it is new, and records on it where the rows came
from (publisher, title, page, date published, terms, the file's name,
size and SHA-256, the rows supplied). Importing the same figures again
changes nothing and says so.

何かを書く前に、拒否につながる検査 (数値の変更、時点の規則、網羅、名前のあいまいさ、
知らない印) をすべて行います。拒否された取り込みはどのファイルも変えません。新しい
ファイルのリソースを datapackage.json に加え、行の出典 (公表元、資料名、ページ、
公表日、利用条件、ファイル名・大きさ・SHA-256、行数) をリソースに記録します。
同じ数値を取り込み直しても何も変わりません。

-format json は、同じ結果を 1 つの JSON オブジェクトで出力します (一覧は省略なし)。
-format json writes the same outcome as one JSON object, every list whole.

終了コード / exit codes: 0 取り込み済み done, 1 データに問題あり data problems
(nothing written, or the written file is not valid), 2 使い方の誤り usage,
3 ツールの失敗 failure

flags:
`

// importFormats are the values of ichiran import -format.
var importFormats = []outputFormat[*importer.Outcome]{
	{"text", (*importer.Outcome).WriteText},
	{"json", (*importer.Outcome).WriteJSON},
}

func runImport(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("import", importUsage, stderr)
	indicator := fs.String("indicator", "", "指標 ID (例 mynumber-card) / the indicator's id")
	asOf := fs.String("as-of", "", "時点 YYYY-MM-DD (ファイルに時点の列がないとき) / as-of date, when the file has no column for it")
	sheetName := fs.String("sheet", "", "読むシート (既定は最初のシート) / the sheet to read (default: the first)")
	encoding := fs.String("encoding", "", "CSV の文字コード utf-8 | shift_jis (既定は判定) / CSV encoding (default: detected)")
	dryRun := fs.Bool("dry-run", false, "何も書かずに、することを示す / write nothing, show what would be done")
	replace := fs.Bool("replace", false, "既存のファイルの数値を置き換える / replace figures of the existing file")
	lockTimeout := fs.Duration("lock-timeout", importer.DefaultLockTimeout, "書き込み先のロックを待つ時間 (例 30s) / how long to wait for the lock of the target file (e.g. 30s)")
	maxXLSXBytes := fs.Int64("max-xlsx-bytes", sheet.MaxUnzipSize, "ブック (.xlsx) の展開後の大きさの上限 (バイト) / largest unpacked size of a workbook (.xlsx), in bytes")
	transpose := fs.Bool("transpose", false, "団体が列に並ぶ表 (行と列を入れ替えて読む) / the table has one local government per column")
	inCodeOrder := fs.Bool("in-code-order", false, "名前だけで、時点の全市区町村がコード順に並ぶ表 (位置で照合) / names only, every municipality in code order: match by place")
	partial := fs.Bool("partial", false, "一部の団体だけのファイル (網羅していなくても拒否しない) / a file of only some local governments: missing ones are noted, not refused")
	nameOverCode := fs.Bool("name-over-code", false, "コードと団体名が食い違う行は名前 (都道府県つき) で決める (行ごとに注意を表示) / where a code and its name disagree, the name decides (each row noted)")
	publisher := fs.String("publisher", "", "出典の公表元 (例 デジタル庁) / the source's publisher")
	sourceTitle := fs.String("source-title", "", "出典の資料名 / the source's title")
	sourcePage := fs.String("source-page", "", "出典を公表しているページの URL / the publisher's page for it")
	published := fs.String("published", "", "出典の公表日 YYYY-MM-DD (分かれば) / the date it was published, when known")
	license := fs.String("license", "none", "出典の利用条件 pdl-1.0 | gsl-2.0 | none (記載なし) / the source's terms")
	note := fs.String("note", "", "出典についての注記 / a note on the source")
	format := fs.String("format", "text", "出力形式 / output format: text, json")
	// Flags may come after FILE too.
	var pos []string
	for rest := args; ; {
		if err := fs.Parse(rest); err != nil {
			return parseFailed(fs, err, stdout)
		}
		if fs.NArg() == 0 {
			break
		}
		pos = append(pos, fs.Arg(0))
		rest = fs.Args()[1:]
	}
	write, ok := lookupFormat(stderr, "import", *format, importFormats...)
	if !ok {
		return exitUsage
	}
	usageErr := func(ja, en string) int {
		return complain(stderr, "import", exitUsage, "%s / %s", ja, en)
	}
	switch {
	case *indicator == "":
		return usageErr("--indicator で指標を指定してください", "give the indicator with --indicator")
	case len(pos) == 0:
		return usageErr("取り込むファイルを指定してください", "give the file to import")
	case len(pos) > 2:
		return usageErr("引数は FILE と PATH だけです", "give FILE and at most one PATH")
	}
	switch *encoding {
	case "", "utf-8", "utf8", "shift_jis", "sjis", "cp932":
	default:
		return usageErr("--encoding は utf-8 か shift_jis です", "--encoding must be utf-8 or shift_jis")
	}
	if *lockTimeout <= 0 || *maxXLSXBytes <= 0 {
		return usageErr("--lock-timeout と --max-xlsx-bytes は正の値です", "--lock-timeout and --max-xlsx-bytes must be positive")
	}
	req := importer.Request{Indicator: *indicator, File: pos[0], Sheet: *sheetName, Encoding: *encoding, DryRun: *dryRun, Replace: *replace,
		LockTimeout: *lockTimeout, MaxXLSXBytes: *maxXLSXBytes, Transpose: *transpose, InCodeOrder: *inCodeOrder, NameOverCode: *nameOverCode, Partial: *partial,
		Source: importer.Provenance{Publisher: *publisher, Title: *sourceTitle, Page: *sourcePage, Published: *published, Note: *note}}
	lic, ok := importer.Licenses[*license]
	if !ok {
		return usageErr("--license は pdl-1.0、gsl-2.0、none のどれかです", "--license must be pdl-1.0, gsl-2.0 or none")
	}
	req.Source.License = &lic
	if *published != "" {
		if _, err := time.Parse(time.DateOnly, *published); err != nil {
			return usageErr("--published は YYYY-MM-DD です", "--published must be YYYY-MM-DD")
		}
	}
	if *asOf != "" {
		t, err := time.Parse(time.DateOnly, *asOf)
		if err != nil {
			return usageErr("--as-of は YYYY-MM-DD です", "--as-of must be YYYY-MM-DD")
		}
		req.AsOf = t
	}
	if len(pos) == 2 {
		req.Package = pos[1]
	}
	if _, err := os.Stat(req.File); errors.Is(err, os.ErrNotExist) {
		return usageErr(fmt.Sprintf("ファイル %s がありません", req.File), fmt.Sprintf("no such file: %s", req.File))
	} else if err != nil {
		return usageErr(fmt.Sprintf("ファイル %s を読めません: %v", req.File, err), fmt.Sprintf("cannot read %s: %v", req.File, err))
	}
	out, err := importer.Import(ctx, req)
	if errors.Is(err, importer.ErrUsage) {
		fmt.Fprintf(stderr, "ichiran import: %v\n", err)
		return exitUsage
	}
	if out != nil {
		if werr := write(out, stdout); werr != nil && err == nil {
			err = werr
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "ichiran import: %v\n", err)
		return exitFailure
	}
	if !out.OK() {
		return exitInvalid
	}
	return exitOK
}
