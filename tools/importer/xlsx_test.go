package importer

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ichiran-jp/ichiran/tools/sheet"
)

// uglyRows is a ministry's sheet as it comes: a title, a header whose
// headings are merged over two rows (the cells under and right of a merged
// heading read blank), a prefecture subtotal, a prefecture total, the
// national total, footnotes (※), full-width digits, thousands separators,
// % and 「－」 for missing; names with a prefecture column, no codes.
func uglyRows() [][]string {
	return [][]string{
		{"マイナンバーカード交付状況（令和7年5月1日現在）"},
		{"都道府県名", "市区町村名", "人口", "人口算出基準日", "交付状況", ""},
		{"", "", "", "", "交付枚数", "人口に対する交付枚数率"},
		{"北海道", "札幌市", "1,960,668", "2025/1/1", "1,234,567", "63.0%"},
		{"北海道", "函館市", "２４１８５６", "2025/1/1", "150,000", "６２.０％"},
		{"北海道", "北海道", "2,202,524", "2025/1/1", "1,384,567", "62.9%"},
		{"東京都", "千代田区", "67,000", "2025/1/1", "－", "－"},
		{"東京都", "東京都計", "67,000", "2025/1/1", "0", ""},
		{"全国", "", "2,269,524", "", "1,384,567", ""},
		{"※ 人口は住民基本台帳人口"},
		{"※ 「－」は未集計"},
	}
}

// writeBook writes a workbook of the sheets into dir and returns its path.
func writeBook(t *testing.T, dir string, sheets ...sheet.Sheet) string {
	t.Helper()
	p := filepath.Join(dir, "交付状況.xlsx")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := sheet.Write(f, sheet.Props{Title: "交付状況"}, sheets...); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return p
}

func skipsString(ss []Skip) string {
	var b strings.Builder
	for _, s := range ss {
		fmt.Fprintf(&b, "%s: %s [%s]\n", s.Where, s.En, s.Text)
	}
	return b.String()
}

// TestImportUglyWorkbook imports a generated ugly workbook end to end: the
// canonical CSV written, every line skipped and why, the rules broken.
func TestImportUglyWorkbook(t *testing.T) {
	dir := repoCopy(t)
	os.Remove(filepath.Join(dir, "data", "mynumber-card", "2025.csv"))
	book := writeBook(t, t.TempDir(), sheet.Sheet{Name: "市区町村別", Rows: uglyRows(), HeaderRows: 3})
	req := Request{Partial: true, Package: filepath.Join(dir, "datapackage.json"), Indicator: "mynumber-card",
		File: book, AsOf: time.Date(2025, 5, 1, 0, 0, 0, 0, time.UTC), DryRun: true}

	// --dry-run writes nothing but validates what it would write.
	dry, err := Import(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dry.Target); dry.Written || !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("dry run wrote %s (%v)", dry.Target, err)
	}
	if dry.Validation == nil || dry.OK() {
		t.Fatalf("dry run: validation %+v, OK %v; want the problems of the file it would write", dry.Validation, dry.OK())
	}

	req.DryRun = false
	out, err := Import(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if g, w := problems(dry.Validation), problems(out.Validation); g != w {
		t.Errorf("dry run reported\n%s\nthe import\n%s", g, w)
	} else if !strings.Contains(g, out.Target+":4:") {
		t.Errorf("dry run reported\n%s\nnot against %s", g, out.Target)
	}
	res := out.Result
	for _, e := range res.Errors {
		t.Errorf("error: %s", e)
	}
	if res.HeaderRow != 1 || res.HeaderDepth != 2 {
		t.Errorf("header at row %d, %d rows; want 1, 2", res.HeaderRow, res.HeaderDepth)
	}
	// The file would not be valid: nothing is written.
	if out.Written {
		t.Fatal("written although invalid")
	}
	if _, err := os.Stat(out.Target); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("%s: %v, want it not written", out.Target, err)
	}
	got := out.Merged.Bytes()
	want := "code,as_of,population,population_date,issued,rate\n" +
		"011002,2025-05-01,1960668,2025-01-01,1234567,63.0\n" +
		"012025,2025-05-01,241856,2025-01-01,150000,62.0\n" +
		"131016,2025-05-01,67000,2025-01-01,,\n"
	if string(got) != want {
		t.Errorf("written\n%s\nwant\n%s", got, want)
	}
	wantSkips := "市区町村別!1: above the header (title or note) [マイナンバーカード交付状況（令和7年5月1日現在）]\n" +
		"市区町村別!6: a prefecture's row (subtotal) [北海道 北海道 2,202,524 2025/1/1 1,384,567 62.9%]\n" +
		"市区町村別!8: total row [東京都 東京都計 67,000 2025/1/1 0]\n" +
		"市区町村別!9: total row [全国 2,269,524 1,384,567]\n" +
		"市区町村別!10: footnote [※ 人口は住民基本台帳人口]\n" +
		"市区町村別!11: footnote [※ 「－」は未集計]\n"
	if g := skipsString(res.Skipped); g != wantSkips {
		t.Errorf("skipped\n%s\nwant\n%s", g, wantSkips)
	}
	keys := map[string]int{}
	for _, b := range res.Breaks {
		keys[b.Key] = b.Count
	}
	for k, n := range map[string]int{"header-row": 1, "title-rows": 1, "multi-row-header": 1, "merged-heading": 1, "subtotals": 1, "totals": 2,
		"notes": 2, "name-only": 4, "fullwidth-digits": 2, "thousands": 4, "units": 2, "missing-marks": 2, "dates": 3} {
		if keys[k] != n {
			t.Errorf("rule %s broken ×%d, want ×%d (all: %v)", k, keys[k], n, keys)
		}
	}
	// 「－」 is read as missing, and the schema requires the figures: the
	// engine says so of the row that would be written.
	if out.Validation == nil || len(out.Validation.Errors) == 0 {
		t.Fatalf("validation %+v: want the blank required figures of 131016 reported", out.Validation)
	}
	var engine []string
	for _, e := range out.Validation.Errors {
		engine = append(engine, fmt.Sprintf("%s row %d %s", e.Code, e.Row, e.Field))
	}
	if g, w := strings.Join(engine, "; "), "constraint-error row 4 issued; constraint-error row 4 rate"; g != w {
		t.Errorf("engine: %s\nwant %s", g, w)
	}
	if out.OK() {
		t.Error("OK with an invalid file")
	}
}

// TestImportWorkbookBadValue: a value that fits no rule is an error naming
// the sheet, the cell and the text; nothing is written.
func TestImportWorkbookBadValue(t *testing.T) {
	dir := repoCopy(t)
	target := filepath.Join(dir, "data", "mynumber-card", "2025.csv")
	os.Remove(target)
	// Rows 10 to 12 after the national total; C12 (人口) reads 約2万 and
	// E12 (交付枚数) has a letter O for a zero.
	rows := append(uglyRows()[:9],
		[]string{"北海道", "小樽市", "20,000", "2025/1/1", "10,000", "50.0%"},
		[]string{},
		[]string{"北海道", "旭川市", "約2万", "2025/1/1", "16O,000", "50.0%"})
	book := writeBook(t, t.TempDir(), sheet.Sheet{Name: "Sheet1", Rows: rows})
	out, err := Import(context.Background(), Request{Partial: true, Package: filepath.Join(dir, "datapackage.json"), Indicator: "mynumber-card",
		File: book, AsOf: time.Date(2025, 5, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range out.Result.Errors {
		got = append(got, e.Where+" "+e.Text)
	}
	want := []string{"Sheet1!C12 約2万", "Sheet1!E12 16O,000"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("errors\n%s\nwant\n%s\n(all: %v)", strings.Join(got, "\n"), strings.Join(want, "\n"), out.Result.Errors)
	}
	for _, e := range out.Result.Errors {
		if s := e.String(); !strings.Contains(s, "Sheet1!") || !strings.Contains(s, e.Text) {
			t.Errorf("error %q does not name the cell and its text", s)
		}
	}
	if out.Written || out.OK() {
		t.Error("written despite errors")
	}
	if _, err := os.Stat(target); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("%s exists: %v", target, err)
	}
}

// TestImportWorkbookSheet: --sheet picks a sheet other than the first; an
// unknown sheet is an error naming the sheets there are.
func TestImportWorkbookSheet(t *testing.T) {
	dir := repoCopy(t)
	os.Remove(filepath.Join(dir, "data", "mynumber-card", "2025.csv"))
	notes := sheet.Sheet{Name: "説明", Rows: [][]string{{"この資料について"}, {"※ 令和7年5月1日現在"}}}
	book := writeBook(t, t.TempDir(), notes, sheet.Sheet{Name: "市区町村別", Rows: uglyRows()})
	req := Request{Partial: true, Package: filepath.Join(dir, "datapackage.json"), Indicator: "mynumber-card", File: book,
		AsOf: time.Date(2025, 5, 1, 0, 0, 0, 0, time.UTC), DryRun: true}

	// The first sheet by default: no header there.
	out, err := Import(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if out.Source.Sheet != "説明" || len(out.Result.Errors) != 1 || !strings.Contains(out.Result.Errors[0].En, "no header row found") {
		t.Errorf("sheet %q, errors %v; want 説明 and no header", out.Source.Sheet, out.Result.Errors)
	}

	req.Sheet = "市区町村別"
	out, err = Import(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if out.Source.Sheet != "市区町村別" || len(out.Result.Errors) != 0 || len(out.Result.Rows) != 3 {
		t.Errorf("sheet %q: %d rows, errors %v; want 3 rows", out.Source.Sheet, len(out.Result.Rows), out.Result.Errors)
	}
	if out.Written {
		t.Error("written on a dry run")
	}

	req.Sheet = "都道府県別"
	_, err = Import(context.Background(), req)
	if !errors.Is(err, ErrSource) || !strings.Contains(err.Error(), `no sheet "都道府県別"`) || !strings.Contains(err.Error(), "説明, 市区町村別") {
		t.Errorf("unknown sheet: %v", err)
	}
}

func problems(v *Validation) string {
	var b strings.Builder
	for _, e := range v.Errors {
		fmt.Fprintln(&b, e.Error())
	}
	for _, e := range v.Domain {
		fmt.Fprintln(&b, e.Error())
	}
	fmt.Fprintln(&b, v.Resource, v.Declared)
	return b.String()
}
