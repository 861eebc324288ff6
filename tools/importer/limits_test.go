package importer

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ichiran-jp/ichiran/tools/sheet"
)

// TestImportMaxXLSXBytes: Request.MaxXLSXBytes bounds the unpacked size of
// a workbook for this import only. A workbook within it is read (the limit
// may be below sheet.MaxUnzipXMLSize); one past it is refused with the
// workbook's error naming the limit, and nothing is written; zero is the
// default of sheet.Open; a CSV file is not bounded by it.
func TestImportMaxXLSXBytes(t *testing.T) {
	book := bookBytes(t)
	zr, err := zip.NewReader(bytes.NewReader(book), int64(len(book)))
	if err != nil {
		t.Fatal(err)
	}
	var unpacked int64
	for _, f := range zr.File {
		unpacked += int64(f.UncompressedSize64)
	}
	tmp := t.TempDir()
	file := filepath.Join(tmp, "book.xlsx")
	if err := os.WriteFile(file, book, 0o644); err != nil {
		t.Fatal(err)
	}
	csvFile := filepath.Join(tmp, "提出.csv")
	if err := os.WriteFile(csvFile, []byte(submissionCSV), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := repoCopy(t)
	pkg := filepath.Join(dir, "datapackage.json")

	for _, tc := range []struct {
		name string
		file string
		max  int64
		ok   bool
	}{
		{"default", file, 0, true},
		{"exactly the unpacked size", file, unpacked, true},
		{"one byte short", file, unpacked - 1, false},
		{"tiny", file, 1024, false},
		{"a CSV file is not bounded", csvFile, 1, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := hashTree(t, dir)
			out, err := Import(context.Background(), Request{Partial: true, Package: pkg, Indicator: "mynumber-card", File: tc.file, DryRun: true, MaxXLSXBytes: tc.max})
			if tc.ok {
				if err != nil {
					t.Fatal(err)
				}
				if len(out.Result.Errors) > 0 || len(out.Result.Rows) != 2 {
					t.Fatalf("errors %v, %d rows; want 2 rows", out.Result.Errors, len(out.Result.Rows))
				}
				return
			}
			var se *sheet.Error
			want := fmt.Sprintf("unzip size exceeds the %d bytes limit", tc.max)
			if !errors.As(err, &se) || !strings.Contains(err.Error(), want) {
				t.Fatalf("Import = %+v, %v; want the workbook refused: %s", out, err, want)
			}
			if after := hashTree(t, dir); len(after) != len(before) {
				t.Error("the refused import changed the repository's files")
			}
		})
	}
}

// TestOpenWith: sheet.OpenWith with zero Options is sheet.Open; a limit
// below the unpacked size refuses the workbook.
func TestOpenWith(t *testing.T) {
	file := filepath.Join(t.TempDir(), "book.xlsx")
	if err := os.WriteFile(file, bookBytes(t), 0o644); err != nil {
		t.Fatal(err)
	}
	b, err := sheet.OpenWith(file, sheet.Options{})
	if err != nil {
		t.Fatal(err)
	}
	b.Close()
	if _, err := sheet.OpenWith(file, sheet.Options{MaxUnzipSize: 100}); err == nil || !strings.Contains(err.Error(), "100 bytes limit") {
		t.Errorf("OpenWith(100) = %v, want the limit error", err)
	}
}
