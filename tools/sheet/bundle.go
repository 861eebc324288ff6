package sheet

// Writing large typed tables, for the release bundle. / 配布物の表の書き出し。
//
// [WriteTables] streams each sheet (excelize's StreamWriter), so a list of
// every municipality with dozens of columns is written in a fraction of a
// second. Cells are typed: a Go string is always a text cell (an inline
// string, never a formula, whatever it begins with: "=SUM(A1)" stays
// text), an int64 or float64 a number cell, nil an empty cell. As with
// [Write], the output depends on the arguments only.
//
// 文字列は常に文字列のセル (数式にはならない)、int64 と float64 は数値のセル、
// nil は空のセルです。出力は引数だけで決まります。

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Table is one worksheet of typed cells with one heading row.
// 見出し 1 行と型つきのセルの表。
type Table struct {
	Name string
	// Header is the heading row: bold, shaded, wrapped and frozen.
	Header []string
	// Rows are the data rows; each cell is a string, an int64, a float64
	// or nil.
	Rows [][]any
	// Columns formats the columns from A on (Width, Format, Wrap).
	Columns []Column
	// FreezeColumns also freezes that many columns on the left.
	FreezeColumns int
	// AutoFilter puts a filter on the heading row, over the data.
	AutoFilter bool
	// HeaderHeight is the height of the heading row in points (0: default).
	HeaderHeight float64
}

// WriteTables writes a workbook with the tables, in order, to w.
func WriteTables(w io.Writer, props Props, tables ...Table) (err error) {
	if len(tables) == 0 {
		return errors.New("シートがありません / no sheets to write")
	}
	f, err := newFile(props)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	head, err := f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
		Alignment: &excelize.Alignment{WrapText: true, Vertical: "center"},
		Border: []excelize.Border{
			{Type: "left", Color: "A6A6A6", Style: 1}, {Type: "right", Color: "A6A6A6", Style: 1},
			{Type: "top", Color: "A6A6A6", Style: 1}, {Type: "bottom", Color: "A6A6A6", Style: 1},
		},
	})
	if err != nil {
		return err
	}
	for i, t := range tables {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", t.Name); err != nil {
				return fmt.Errorf("シート %q: %w", t.Name, err)
			}
		} else if _, err := f.NewSheet(t.Name); err != nil {
			return fmt.Errorf("シート %q: %w", t.Name, err)
		}
	}
	// Before the sheets are streamed: afterwards, excelize would decode
	// every streamed sheet back from XML to mark the first one selected,
	// which was a third of the whole build's time.
	f.SetActiveSheet(0)
	for _, t := range tables {
		if err := writeTable(f, t, head); err != nil {
			return fmt.Errorf("シート %q / sheet %q: %w", t.Name, t.Name, err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return err
	}
	return sortZip(w, buf.Bytes())
}

// sortZip rewrites a zip with its entries sorted by name: excelize writes
// streamed sheets in map order. The entries are copied as they are, still
// compressed.
func sortZip(w io.Writer, data []byte) error {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return err
	}
	files := slices.Clone(zr.File)
	slices.SortFunc(files, func(a, b *zip.File) int { return strings.Compare(a.Name, b.Name) })
	zw := zip.NewWriter(w)
	for _, f := range files {
		if err := zw.Copy(f); err != nil {
			return err
		}
	}
	return zw.Close()
}

func writeTable(f *excelize.File, t Table, head int) error {
	width := max(len(t.Header), len(t.Columns))
	for _, r := range t.Rows {
		width = max(width, len(r))
	}
	if t.AutoFilter && width > 0 {
		// Set before the stream starts: the stream keeps the sheet's
		// properties read when it is created.
		to, _ := excelize.CoordinatesToCellName(width, len(t.Rows)+1)
		if err := f.AutoFilter(t.Name, "A1:"+to, nil); err != nil {
			return err
		}
	}
	sw, err := f.NewStreamWriter(t.Name)
	if err != nil {
		return err
	}
	styles := make([]int, width)
	for i, c := range t.Columns {
		if c.Width > 0 {
			if err := sw.SetColWidth(i+1, i+1, c.Width); err != nil {
				return err
			}
		}
		if c.Format != "" || c.Wrap {
			st := &excelize.Style{}
			if c.Format != "" {
				code := c.Format
				st.CustomNumFmt = &code
			}
			if c.Wrap {
				st.Alignment = &excelize.Alignment{WrapText: true, Vertical: "top"}
			}
			if styles[i], err = f.NewStyle(st); err != nil {
				return err
			}
		}
	}
	if len(t.Header) > 0 {
		top, _ := excelize.CoordinatesToCellName(t.FreezeColumns+1, 2)
		if err := sw.SetPanes(&excelize.Panes{
			Freeze: true, XSplit: t.FreezeColumns, YSplit: 1,
			TopLeftCell: top, ActivePane: activePane(t.FreezeColumns),
			Selection: []excelize.Selection{{SQRef: top, ActiveCell: top, Pane: activePane(t.FreezeColumns)}},
		}); err != nil {
			return err
		}
		cells := make([]any, len(t.Header))
		for i, h := range t.Header {
			cells[i] = excelize.Cell{StyleID: head, Value: h}
		}
		var opts []excelize.RowOpts
		if t.HeaderHeight > 0 {
			opts = append(opts, excelize.RowOpts{Height: t.HeaderHeight})
		}
		if err := sw.SetRow("A1", cells, opts...); err != nil {
			return err
		}
	}
	first := 1
	if len(t.Header) > 0 {
		first = 2
	}
	cells := make([]any, width)
	for i, r := range t.Rows {
		cells = cells[:len(r)]
		for j, v := range r {
			switch v.(type) {
			case nil, string, int64, float64:
			default:
				return fmt.Errorf("セルの型 %T は扱えません / cell type %T is not string, int64, float64 or nil", v, v)
			}
			if v != nil && j < len(styles) && styles[j] != 0 {
				cells[j] = excelize.Cell{StyleID: styles[j], Value: v}
			} else {
				cells[j] = v
			}
		}
		ref, _ := excelize.CoordinatesToCellName(1, first+i)
		if err := sw.SetRow(ref, cells); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// CellKind returns what a cell holds: "text", "number", "bool", "formula"
// (a cell with a formula, whatever its cached value) or "" (empty).
// セルの種類 (文字列・数値・真偽値・数式、空なら "")。
func (b *Book) CellKind(sheet, cell string) (string, error) {
	formula, err := b.f.GetCellFormula(sheet, cell)
	if err != nil {
		return "", &Error{Path: b.path, Sheet: sheet, Err: err}
	}
	if formula != "" {
		return "formula", nil
	}
	t, err := b.f.GetCellType(sheet, cell)
	if err != nil {
		return "", &Error{Path: b.path, Sheet: sheet, Err: err}
	}
	switch t {
	case excelize.CellTypeInlineString, excelize.CellTypeSharedString, excelize.CellTypeFormula:
		return "text", nil
	case excelize.CellTypeNumber:
		return "number", nil
	case excelize.CellTypeBool:
		return "bool", nil
	case excelize.CellTypeUnset:
		v, err := b.f.GetCellValue(sheet, cell)
		if err != nil {
			return "", &Error{Path: b.path, Sheet: sheet, Err: err}
		}
		if v == "" {
			return "", nil
		}
		return "number", nil // a cell without a type attribute is a number
	}
	return "text", nil
}
