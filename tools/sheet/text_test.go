package sheet

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"
)

// sstXML writes a shared string table of the strings given.
func sstXML(ss ...string) func(w io.Writer) error {
	return func(w io.Writer) error {
		fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">`, len(ss), len(ss))
		for _, s := range ss {
			if _, err := io.WriteString(w, "<si><t>"+s+"</t></si>"); err != nil {
				return err
			}
		}
		_, err := io.WriteString(w, `</sst>`)
		return err
	}
}

// TestSharedStringBomb is issue 14's attack: a workbook of a few KB whose
// cells all point at one 4 MiB shared string (far under the unpacked
// limit) decoded to gigabytes in import --dry-run. Open now refuses it
// before decoding a cell, with a clear error, allocating little more than
// the string itself.
func TestSharedStringBomb(t *testing.T) {
	cells := strings.Repeat(`<c t="s"><v>0</v></c>`, 100)
	book := rezip(t, plainBook(t),
		part{name: "xl/sharedStrings.xml", write: sstXML(strings.Repeat("A", 4<<20))},
		part{name: sheetPart, write: sheetXML(45, `<row>`+cells+`</row>`)}) // 4,500 cells: 18 GB once decoded
	path := save(t, book)
	if fi, _ := os.Stat(path); fi.Size() > 64<<10 {
		t.Fatalf("the bomb is %d bytes; want a small file", fi.Size())
	}
	_, alloc, err := readAll(t, path)
	var se *Error
	if !errors.As(err, &se) || !errors.Is(err, ErrCellTooLong) {
		t.Fatalf("err = %v; want a *sheet.Error wrapping ErrCellTooLong", err)
	}
	for _, s := range []string{"shared string", "共有文字列", fmt.Sprint(MaxCellBytes)} {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("err = %v; want it to say %q", err, s)
		}
	}
	if alloc > 64<<20 {
		t.Errorf("refusing the bomb allocated %d MiB", alloc>>20)
	}
}

// TestTextLimits: shared strings each under the cell limit but referenced
// often enough to pass the sheet's limit; a long inline string; a long
// number format. Each is refused by Open; a workbook under the limits is
// read.
func TestTextLimits(t *testing.T) {
	long := strings.Repeat("あ", MaxCellBytes/3+1) // one more byte than a cell may hold
	refs := strings.Repeat(`<c t="s"><v>0</v></c>`, 100)
	styles := func(code string) func(w io.Writer) error {
		return func(w io.Writer) error {
			_, err := io.WriteString(w, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="`+code+`"/></numFmts></styleSheet>`)
			return err
		}
	}
	for _, tc := range []struct {
		name  string
		parts []part
		want  error
	}{
		{"shared string referenced past the sheet's limit", []part{
			{name: "xl/sharedStrings.xml", write: sstXML(strings.Repeat("B", 100<<10))},
			{name: sheetPart, write: sheetXML(MaxTextBytes/(100<<10)/100+1, `<row>`+refs+`</row>`)}}, ErrTextTooLarge},
		{"long inline string", []part{{name: sheetPart, write: sheetXML(1, `<row><c t="inlineStr"><is><t>`+long+`</t></is></c></row>`)}}, ErrCellTooLong},
		{"long rich shared string", []part{{name: "xl/sharedStrings.xml", write: sstXML("<r><t>" + strings.Repeat("D", MaxCellBytes/2) + "</t></r><r><t>" + strings.Repeat("D", MaxCellBytes/2+3) + "</t></r>")}}, ErrCellTooLong},
		{"long number format", []part{{name: "xl/styles.xml", write: styles(strings.Repeat("0", MaxFormatBytes+1))}}, ErrCellTooLong},
		{"under the limits", []part{
			{name: "xl/sharedStrings.xml", write: sstXML(strings.Repeat("C", 1000))},
			{name: sheetPart, write: sheetXML(10, `<row>`+refs+`</row>`)}}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rows, _, err := readAll(t, save(t, rezip(t, plainBook(t), tc.parts...)))
			if !errors.Is(err, tc.want) || (tc.want == nil) != (err == nil) {
				t.Fatalf("err = %v; want %v", err, tc.want)
			}
			if tc.want == nil && (len(rows) != 10 || len(rows[0]) != 100 || len(rows[0][0]) != 1000) {
				t.Errorf("read %d rows; want 10 of 100 cells of 1,000 bytes", len(rows))
			}
		})
	}
}

// Rows checks the limits on what it returns too, whatever Open let through.
func TestRowsTextLimits(t *testing.T) {
	path := save(t, rezip(t, plainBook(t), part{name: sheetPart, write: sheetXML(3, `<row><c t="inlineStr"><is><t>abcdef</t></is></c></row>`)}))
	for _, tc := range []struct {
		name string
		lim  textLimits
		want error
	}{
		{"cell", textLimits{cell: 5, text: 100}, ErrCellTooLong},
		{"sheet", textLimits{cell: 100, text: 17}, ErrTextTooLarge},
		{"within", textLimits{cell: 6, text: 18}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, err := Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer b.Close()
			b.text = tc.lim
			if _, err := b.Rows("Sheet1"); !errors.Is(err, tc.want) || (tc.want == nil) != (err == nil) {
				t.Errorf("Rows with limits %+v: err = %v, want %v", tc.lim, err, tc.want)
			}
		})
	}
}
