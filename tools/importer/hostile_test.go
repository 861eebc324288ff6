package importer

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ichiran-jp/ichiran/tools/jatext"
	"github.com/ichiran-jp/ichiran/tools/sheet"
)

// Hostile submissions, built in a temporary directory.

// bookBytes is a small workbook with the rows of submissionCSV.
func bookBytes(t testing.TB) []byte {
	t.Helper()
	var rows [][]string
	for _, l := range strings.Split(strings.TrimSpace(submissionCSV), "\n") {
		rows = append(rows, strings.Split(l, ","))
	}
	var buf bytes.Buffer
	if err := sheet.Write(&buf, sheet.Props{Title: "t"}, sheet.Sheet{Name: "Sheet1", Rows: rows}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// withPart copies the workbook src with the part name's content replaced
// by what write writes.
func withPart(t testing.TB, src []byte, name string, write func(io.Writer) error) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(src), int64(len(src)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: zip.Deflate})
		if err != nil {
			t.Fatal(err)
		}
		if f.Name == name {
			err = write(w)
		} else {
			var rc io.ReadCloser
			if rc, err = f.Open(); err == nil {
				_, err = io.Copy(w, rc)
				rc.Close()
			}
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// TestImportZipBomb: a workbook of a few hundred KiB whose sheet unpacks
// to 300 MiB (past sheet.MaxUnzipSize) is refused by import with the
// workbook's error, before anything is unpacked or written.
func TestImportZipBomb(t *testing.T) {
	if testing.Short() {
		t.Skip("short: compresses 300 MiB")
	}
	bomb := withPart(t, bookBytes(t), "xl/worksheets/sheet1.xml", func(w io.Writer) error {
		io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
		spaces := bytes.Repeat([]byte(" "), 1<<20)
		for range 300 {
			if _, err := w.Write(spaces); err != nil {
				return err
			}
		}
		_, err := io.WriteString(w, `</sheetData></worksheet>`)
		return err
	})
	file := filepath.Join(t.TempDir(), "bomb.xlsx")
	if err := os.WriteFile(file, bomb, 0o644); err != nil {
		t.Fatal(err)
	}
	dir := repoCopy(t)
	before := hashTree(t, dir)
	out, err := Import(context.Background(), Request{Partial: true, Package: filepath.Join(dir, "datapackage.json"), Indicator: "mynumber-card", File: file})
	var se *sheet.Error
	if !errors.As(err, &se) || !strings.Contains(err.Error(), "unzip size exceeds the 268435456 bytes limit") {
		t.Fatalf("Import = %+v, %v; want the workbook refused for its unzip size", out, err)
	}
	if !strings.Contains(err.Error(), "bomb.xlsx") {
		t.Errorf("the error does not name the file: %v", err)
	}
	if after := hashTree(t, dir); len(after) != len(before) {
		t.Errorf("the refused import changed the repository's files")
	}
}

// TestImportExternalLinks: a workbook whose cell is a formula over an
// external workbook (xl/externalLinks/…) is imported from the cached
// values; the link is not followed (sheet's TestExternalLinks shows no
// request is made) — excelize reads no external part.
func TestImportExternalLinks(t *testing.T) {
	book := withPart(t, bookBytes(t), "xl/worksheets/sheet1.xml", func(w io.Writer) error {
		_, err := io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`+
			`<row r="1"><c r="A1" t="inlineStr"><is><t>団体コード</t></is></c><c r="B1" t="inlineStr"><is><t>算出基準日</t></is></c><c r="C1" t="inlineStr"><is><t>人口</t></is></c><c r="D1" t="inlineStr"><is><t>人口算出基準日</t></is></c><c r="E1" t="inlineStr"><is><t>交付枚数</t></is></c><c r="F1" t="inlineStr"><is><t>交付率</t></is></c></row>`+
			`<row r="2"><c r="A2" t="inlineStr"><is><t>011002</t></is></c><c r="B2" t="inlineStr"><is><t>2025-05-01</t></is></c><c r="C2"><f>[1]Sheet1!C2</f><v>1000</v></c><c r="D2" t="inlineStr"><is><t>2025-01-01</t></is></c><c r="E2"><f>'http://127.0.0.1:1/[x.xlsx]Sheet1'!E2</f><v>500</v></c><c r="F2"><v>50.5</v></c></row>`+
			`</sheetData></worksheet>`)
		return err
	})
	file := filepath.Join(t.TempDir(), "links.xlsx")
	if err := os.WriteFile(file, book, 0o644); err != nil {
		t.Fatal(err)
	}
	dir := repoCopy(t)
	out, err := Import(context.Background(), Request{Partial: true, Package: filepath.Join(dir, "datapackage.json"), Indicator: "mynumber-card", File: file, Replace: true, DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Result.Errors) > 0 || len(out.Result.Rows) != 1 {
		t.Fatalf("errors %v, %d rows", out.Result.Errors, len(out.Result.Rows))
	}
	if got, want := strings.Join(out.Result.Rows[0].Values, ","), "011002,2025-05-01,1000,2025-01-01,500,50.5"; got != want {
		t.Errorf("row %s, want the cached values %s", got, want)
	}
}

// TestImportUTF16: a CSV submission saved as UTF-16 (with either byte
// order mark, or none) is refused with an error that names UTF-16 —
// before, it was called invalid Shift_JIS, or (without a mark) read as
// text full of NULs.
func TestImportUTF16(t *testing.T) {
	utf16 := func(s string, be bool) []byte {
		var b []byte
		for _, r := range s { // BMP only
			if be {
				b = append(b, byte(r>>8), byte(r))
			} else {
				b = append(b, byte(r), byte(r>>8))
			}
		}
		return b
	}
	tests := []struct {
		name string
		raw  []byte
		want string
	}{
		{"LE with BOM", append([]byte{0xFF, 0xFE}, utf16(submissionCSV, false)...), "UTF-16 (LE)"},
		{"BE with BOM", append([]byte{0xFE, 0xFF}, utf16(submissionCSV, true)...), "UTF-16 (BE)"},
		{"LE ASCII, no BOM", utf16("code,as_of\n011002,2025-05-01\n", false), "UTF-16 (LE)"},
		{"BE ASCII, no BOM", utf16("code,as_of\n011002,2025-05-01\n", true), "UTF-16 (BE)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for _, enc := range []string{"", "utf-8", "shift_jis"} {
				_, err := ReadCSV("提出.csv", tc.raw, enc)
				if !errors.Is(err, jatext.ErrEncoding) || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "提出.csv") {
					t.Errorf("encoding %q: err = %v; want an encoding error naming %s and the file", enc, err, tc.want)
				}
			}
		})
	}
}

// TestImportDates: an as-of date that does not exist (2025-02-30) is an
// error at its cell and nothing is written; a Japanese-era date
// (令和7年5月1日) is converted (2025-05-01) and noted as a departure from
// the rules ("dates", with the cell), not silently.
func TestImportDates(t *testing.T) {
	header := "団体コード,市区町村名,算出基準日,人口,人口算出基準日,交付枚数,交付率\n"
	run := func(t *testing.T, body string) *Outcome {
		t.Helper()
		dir := repoCopy(t)
		file := filepath.Join(t.TempDir(), "提出.csv")
		if err := os.WriteFile(file, []byte(header+body), 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := Import(context.Background(), Request{Partial: true, Package: filepath.Join(dir, "datapackage.json"), Indicator: "mynumber-card", File: file, Replace: true})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	t.Run("no such day as of", func(t *testing.T) {
		out := run(t, "011002,札幌市,2025-02-30,1000,2025-01-01,500,50.0\n")
		if out.Written || len(out.Result.Errors) != 1 {
			t.Fatalf("written %v, errors %v; want one error and nothing written", out.Written, out.Result.Errors)
		}
		e := out.Result.Errors[0]
		if e.Where != "2:3" || e.Text != "2025-02-30" || !strings.Contains(e.En, "not a date") {
			t.Errorf("error %+v; want at 2:3, the as-of date is not a date", e)
		}
	})
	t.Run("no such day in a date field", func(t *testing.T) {
		out := run(t, "011002,札幌市,2025-05-01,1000,2025-02-30,500,50.0\n")
		if out.Written || len(out.Result.Errors) != 1 {
			t.Fatalf("written %v, errors %v; want one error and nothing written", out.Written, out.Result.Errors)
		}
		e := out.Result.Errors[0]
		if e.Where != "2:5" || e.Text != "2025-02-30" || !strings.Contains(e.En, "not a date") {
			t.Errorf("error %+v; want at 2:5, not a date", e)
		}
	})
	t.Run("Japanese era", func(t *testing.T) {
		out := run(t, "011002,札幌市,令和7年5月1日,1000,R7.1.1,500,50.0\n")
		if !out.Written || len(out.Result.Errors) > 0 {
			t.Fatalf("written %v, errors %v; want it written", out.Written, out.Result.Errors)
		}
		if got, want := strings.Join(out.Result.Rows[0].Values, ","), "011002,2025-05-01,1000,2025-01-01,500,50.0"; got != want {
			t.Errorf("row %s, want %s", got, want)
		}
		var dates *Break
		for _, b := range out.Result.Breaks {
			if b.Key == "dates" {
				dates = b
			}
		}
		if dates == nil || dates.Count != 2 || !strings.Contains(strings.Join(dates.Examples, "|"), "令和7年5月1日") {
			t.Errorf("breaks %+v; want the era dates noted (dates, 2, with the cell)", dates)
		}
	})
}
