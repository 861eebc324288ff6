package importer

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/ichiran-jp/ichiran/tools/jatext"
	"github.com/ichiran-jp/ichiran/tools/sheet"
)

// Source is the file being imported, as a grid of cell texts.
//
// 取り込むファイルをセルの文字列の表として持ちます。
type Source struct {
	Path     string
	Format   string // "xlsx" or "csv"
	Sheet    string // xlsx: the sheet read
	Sheets   []string
	Encoding string // csv: jatext.UTF8, jatext.UTF8BOM or jatext.CP932
	CRLF     bool   // csv: lines end in CR LF
	Rows     [][]string
	Lines    []int // csv: the physical line each row starts on (1-based)
	// Transposed: Rows are the file's columns (see [Source.Transpose]).
	Transposed bool
}

// ErrSource is wrapped by the errors of [ReadFile].
var ErrSource = errors.New("ファイルを読めません / cannot read the file")

// ReadFile reads an .xlsx workbook (the named sheet, or the first) or a
// CSV file (UTF-8, UTF-8 with BOM or Shift_JIS/CP932, detected unless
// encoding is given; .tsv and .txt files are tab-separated when their first
// line has a tab and no comma).
func ReadFile(path, sheetName, encoding string) (*Source, error) {
	return ReadFileWith(path, sheetName, encoding, sheet.Options{})
}

// ReadFileWith is ReadFile with the limits of opt for a workbook (the
// zero Options are the defaults of [sheet.Open]). A path that is not a
// regular file, or a link to one (a device such as /dev/zero, a FIFO, a
// directory), is refused before it is opened.
func ReadFileWith(path, sheetName, encoding string, opt sheet.Options) (*Source, error) {
	f, err := openRegular(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	switch strings.ToLower(filepath.Ext(path)) {
	case ".xlsx", ".xlsm":
		if encoding != "" {
			return nil, fmt.Errorf("%w: --encoding は CSV にだけ使えます / --encoding applies to CSV files only", ErrSource)
		}
		return readXLSX(path, sheetName, opt)
	case ".xls":
		return nil, fmt.Errorf("%w: %s: 古い Excel 形式 (.xls) は読めません。.xlsx で保存し直してください / the old .xls format is not read: save it as .xlsx", ErrSource, path)
	}
	if sheetName != "" {
		return nil, fmt.Errorf("%w: --sheet は .xlsx にだけ使えます / --sheet applies to .xlsx workbooks only", ErrSource)
	}
	raw, err := io.ReadAll(f)
	if err != nil {
		return nil, err
	}
	return ReadCSV(path, raw, encoding)
}

// openRegular opens path for reading when it is a regular file: checked
// before opening (a FIFO would block the open, a device never end the
// read) and again on what was opened.
func openRegular(path string) (*os.File, error) {
	notRegular := func(fi os.FileInfo) error {
		return fmt.Errorf("%w: %s: 通常のファイルではありません (%s) / not a regular file (%s)", ErrSource, path, fi.Mode().Type(), fi.Mode().Type())
	}
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, notRegular(fi)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	if fi2, err := f.Stat(); err != nil || !fi2.Mode().IsRegular() || !os.SameFile(fi, fi2) {
		f.Close()
		if err != nil {
			return nil, err
		}
		return nil, notRegular(fi2)
	}
	return f, nil
}

func readXLSX(path, sheetName string, opt sheet.Options) (*Source, error) {
	b, err := sheet.OpenWith(path, opt)
	if err != nil {
		return nil, err
	}
	defer b.Close()
	s := &Source{Path: path, Format: "xlsx", Sheets: b.Sheets()}
	if len(s.Sheets) == 0 {
		return nil, fmt.Errorf("%w: %s: シートがありません / the workbook has no sheet", ErrSource, path)
	}
	s.Sheet = sheetName
	if s.Sheet == "" {
		s.Sheet = s.Sheets[0]
	}
	s.Rows, err = b.Rows(s.Sheet)
	if err != nil {
		if errors.Is(err, sheet.ErrNoSheet) {
			return nil, fmt.Errorf("%w: %s: シート %q はありません (あるのは %s) / no sheet %q (the sheets are %s)", ErrSource, path, s.Sheet,
				strings.Join(s.Sheets, ", "), s.Sheet, strings.Join(s.Sheets, ", "))
		}
		return nil, err
	}
	return s, nil
}

// ReadCSV reads the bytes of a CSV file.
func ReadCSV(path string, raw []byte, encoding string) (*Source, error) {
	text, enc, err := jatext.Decode(raw, encoding)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	s := &Source{Path: path, Format: "csv", Encoding: enc, CRLF: strings.Contains(text, "\r\n")}
	r := csv.NewReader(strings.NewReader(text))
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	if first, _, _ := strings.Cut(text, "\n"); strings.Contains(first, "\t") && !strings.Contains(first, ",") {
		r.Comma = '\t'
	}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%w: %s: %v", ErrSource, path, err)
		}
		line, _ := r.FieldPos(0)
		s.Rows = append(s.Rows, rec)
		s.Lines = append(s.Lines, line)
	}
	return s, nil
}

// Addr is the address of a cell for people: "C12" in a workbook (with the
// sheet), "12行3列" (line 12, column 3) in a CSV file.
func (s *Source) Addr(row, col int) string {
	if s.Transposed {
		row, col = col, row
	}
	if s.Format == "xlsx" {
		return fmt.Sprintf("%s!%s%d", s.Sheet, ColumnName(col), row+1)
	}
	return fmt.Sprintf("%d:%d", s.Line(row), col+1)
}

// Line is the line (CSV) or row (workbook) number of row, 1-based.
func (s *Source) Line(row int) int {
	if s.Lines != nil && row < len(s.Lines) {
		return s.Lines[row]
	}
	return row + 1
}

// Where names a row for people: "行 12" / "line 12".
func (s *Source) Where(row int) string {
	if s.Transposed {
		return ColumnName(row) + " 列 / column " + ColumnName(row)
	}
	if s.Format == "xlsx" {
		return fmt.Sprintf("%s!%d", s.Sheet, row+1)
	}
	return fmt.Sprintf("%d", s.Line(row))
}

// ColumnName is the spreadsheet name of a 0-based column: A, B, …, Z, AA.
func ColumnName(col int) string {
	name := ""
	for col++; col > 0; col = (col - 1) / 26 {
		name = string(rune('A'+(col-1)%26)) + name
	}
	return name
}

func (s *Source) cell(row, col int) string {
	if row < 0 || row >= len(s.Rows) || col < 0 || col >= len(s.Rows[row]) {
		return ""
	}
	return s.Rows[row][col]
}
