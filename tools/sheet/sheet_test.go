package sheet

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"
)

// makeBook writes a small workbook: two sheets, a gap row, padded cells.
func makeBook(t *testing.T) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", "団体"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.NewSheet("区"); err != nil {
		t.Fatal(err)
	}
	cells := []struct {
		sheet, cell string
		value       any
	}{
		{"団体", "A1", "団体コード"},
		{"団体", "B1", "都道府県名\n（漢字）"},
		{"団体", "A2", "011002"},
		{"団体", "B2", "北海道"},
		{"団体", "C2", "札幌市"},
		{"団体", "E2", "ｻｯﾎﾟﾛｼ"},
		{"団体", "A4", "131016"},
		{"団体", "C4", "千代田区 "},
		{"区", "A1", "011011"},
		{"区", "B1", 12},
	}
	for _, c := range cells {
		if err := f.SetCellValue(c.sheet, c.cell, c.value); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(t.TempDir(), "book.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestRows(t *testing.T) {
	path := makeBook(t)
	b, err := Open(path)
	if err != nil {
		t.Fatalf("Open(%q) error = %v", path, err)
	}
	defer b.Close()
	if got, want := b.Sheets(), []string{"団体", "区"}; !cmp.Equal(got, want) {
		t.Errorf("Sheets() = %q, want %q", got, want)
	}
	tests := []struct {
		sheet string
		want  [][]string
	}{
		{"団体", [][]string{
			{"団体コード", "都道府県名\n（漢字）"},
			{"011002", "北海道", "札幌市", "", "ｻｯﾎﾟﾛｼ"},
			nil,
			{"131016", "", "千代田区 "},
		}},
		{"区", [][]string{{"011011", "12"}}},
	}
	for _, tt := range tests {
		t.Run(tt.sheet, func(t *testing.T) {
			got, err := b.Rows(tt.sheet)
			if err != nil {
				t.Fatalf("Rows(%q) error = %v", tt.sheet, err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Rows(%q) mismatch (-want +got):\n%s", tt.sheet, diff)
			}
		})
	}
}

func TestErrors(t *testing.T) {
	path := makeBook(t)
	b, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()

	tests := []struct {
		name string
		run  func() error
		is   error // errors.Is target, nil when only the type matters
	}{
		{"no such sheet", func() error { _, err := b.Rows("ない"); return err }, ErrNoSheet},
		{"missing file", func() error { _, err := Open(filepath.Join(t.TempDir(), "none.xlsx")); return err }, os.ErrNotExist},
		{"not a workbook", func() error {
			p := filepath.Join(t.TempDir(), "x.xlsx")
			if err := os.WriteFile(p, []byte("code,name\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := Open(p)
			return err
		}, nil},
		{"over the unzip limit", func() error { _, err := open(path, 1024, 512); return err }, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.run()
			var se *Error
			if !errors.As(err, &se) {
				t.Fatalf("error = %v, want *sheet.Error", err)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("error = %v, want errors.Is %v", err, tt.is)
			}
			if msg := err.Error(); !strings.Contains(msg, " / ") {
				t.Errorf("error message %q, want Japanese / English", msg)
			}
		})
	}
}

// TestRealWorkbook reads the Ministry's code list when the corpus is there.
func TestRealWorkbook(t *testing.T) {
	path := filepath.Join("..", "..", "..", "shared", "corpus", "realdata", "soumu-lgcode-r6-xlsx", "000925835.xlsx")
	if _, err := os.Stat(path); err != nil {
		t.Skipf("実データがありません / real data absent: %v", err)
	}
	b, err := Open(path)
	if err != nil {
		t.Fatalf("Open(%q) error = %v", path, err)
	}
	defer b.Close()
	sheets := b.Sheets()
	if len(sheets) != 2 {
		t.Fatalf("Sheets() = %q, want 2 sheets", sheets)
	}
	for _, s := range sheets {
		rows, err := b.Rows(s)
		if err != nil {
			t.Fatalf("Rows(%q) error = %v", s, err)
		}
		if len(rows) < 100 {
			t.Errorf("Rows(%q) = %d rows, want more than 100", s, len(rows))
		}
	}
}
