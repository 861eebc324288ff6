package importer

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/ichiran-jp/ichiran/tools/sheet"
)

// ReadBytes reads the bytes of a file as [ReadFileWith] reads the file at
// path: a workbook is read from a private copy of raw, so that what is
// converted is exactly what was hashed for the provenance.
func ReadBytes(path string, raw []byte, sheetName, encoding string, opt sheet.Options) (*Source, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".xlsx", ".xlsm":
		if encoding != "" {
			return nil, fmt.Errorf("%w: --encoding は CSV にだけ使えます / --encoding applies to CSV files only", ErrSource)
		}
		dir, err := os.MkdirTemp("", "ichiran-import-")
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(dir)
		tmp := filepath.Join(dir, "source"+filepath.Ext(path))
		if err := os.WriteFile(tmp, raw, 0o600); err != nil {
			return nil, err
		}
		s, err := readXLSX(tmp, sheetName, opt)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		s.Path = path
		return s, nil
	case ".xls":
		return nil, fmt.Errorf("%w: %s: 古い Excel 形式 (.xls) は読めません。.xlsx で保存し直してください / the old .xls format is not read: save it as .xlsx", ErrSource, path)
	}
	if sheetName != "" {
		return nil, fmt.Errorf("%w: --sheet は .xlsx にだけ使えます / --sheet applies to .xlsx workbooks only", ErrSource)
	}
	return ReadCSV(path, raw, encoding)
}

// Transpose swaps the rows and the columns of a table written with one
// local government per column (デジタル庁's dashboard tables): the file's
// first row, the names, becomes the first column. When that row has no
// heading of its own (its first cell is blank), it is given 市区町村名, the
// heading the catalogue knows for names. Cell addresses in messages stay
// those of the file.
func (s *Source) Transpose() {
	width := 0
	for _, r := range s.Rows {
		width = max(width, len(r))
	}
	t := make([][]string, width)
	for c := range width {
		t[c] = make([]string, len(s.Rows))
		for r := range s.Rows {
			t[c][r] = s.cell(r, c)
		}
	}
	if len(t) > 0 && len(t[0]) > 0 && strings.TrimSpace(t[0][0]) == "" {
		t[0][0] = "市区町村名"
	}
	s.Rows, s.Lines, s.Transposed = t, nil, true
}

// ColumnLabel names a column of the table for people: its letter, or,
// in a transposed table, the file's row it came from.
func (s *Source) ColumnLabel(col int) string {
	if s.Transposed {
		return fmt.Sprintf("%d 行 / row %d:", col+1, col+1)
	}
	return ColumnName(col)
}
