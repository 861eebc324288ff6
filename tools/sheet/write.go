package sheet

// Writing workbooks. / ブックの書き出し。
//
// A workbook is described as data ([Sheet], [Column], [Validation]) and
// written in one call, [Write]. The output depends on its arguments only:
// the document properties carry the date given in [Props] (or a fixed date),
// never the clock, and the zip entries carry no timestamps, so the same
// arguments give the same bytes.
//
// ブックはデータ ([Sheet], [Column], [Validation]) として記述し、[Write]
// で一度に書き出します。出力は引数だけで決まります (文書のプロパティの日時は
// [Props] の日付か固定の日付で、時計には依存しません)。

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

// Props are the document properties of a workbook. / 文書のプロパティ。
type Props struct {
	Title       string
	Subject     string
	Creator     string
	Description string
	Language    string    // e.g. "ja-JP"
	Created     time.Time // the zero time: a fixed date (1 January 2000), never the clock
}

// Column describes one column of a sheet. / 列の書式。
type Column struct {
	// Width in characters of the default font; 0 leaves the default.
	Width float64
	// Format is the number format code of the column's cells, e.g. "@"
	// (text), "0", "0.0", "yyyy-mm-dd"; "" is General.
	Format string
	// Wrap wraps long text in the column's cells.
	Wrap bool
}

// Validation kinds. / 入力規則の種類。
const (
	ValidationList    = "list"    // one of List / 一覧から選択
	ValidationWhole   = "whole"   // a whole number within Min..Max / 整数
	ValidationDecimal = "decimal" // a number within Min..Max / 小数
)

// Validation is a data-validation rule (入力規則) on a range of cells.
type Validation struct {
	Range string // cells, e.g. "E3:E1743" / 範囲
	Kind  string // ValidationList, ValidationWhole or ValidationDecimal
	List  []string
	// Min and Max bound a whole or decimal value; nil is unbounded.
	Min, Max *float64
	// Title and Prompt are shown when a cell of the range is selected.
	Title, Prompt string
	// Error is shown when a value is rejected.
	Error string
}

// Sheet is one worksheet to write. / 書き出すシート。
type Sheet struct {
	Name string
	// Rows are the cells, written as text; row i is line i+1.
	Rows [][]string
	// Columns formats the columns from A on; missing ones keep the defaults.
	Columns []Column
	// HeaderRows is the number of heading rows at the top: they are bold,
	// shaded, wrapped and frozen.
	HeaderRows int
	// FreezeColumns also freezes that many columns on the left.
	FreezeColumns int
	// AutoFilter puts a filter on the last heading row, over the data.
	AutoFilter bool
	// BoldRows are further rows (0-based) set in bold, e.g. section titles.
	BoldRows []int
	// Validations are the data-validation rules of the sheet.
	Validations []Validation
}

// fixedDate is the creation date of a workbook whose Props give none.
var fixedDate = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// newFile starts a workbook with the document properties of props, dated
// props.Created (or fixedDate) so that the same input gives the same bytes.
func newFile(props Props) (*excelize.File, error) {
	f := excelize.NewFile()
	created := props.Created
	if created.IsZero() {
		created = fixedDate
	}
	stamp := created.UTC().Format(time.RFC3339)
	if err := f.SetDocProps(&excelize.DocProperties{
		Title: props.Title, Subject: props.Subject, Creator: props.Creator,
		LastModifiedBy: props.Creator, Description: props.Description,
		Language: props.Language, Created: stamp, Modified: stamp,
	}); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// Write writes a workbook with the sheets, in order, to w.
func Write(w io.Writer, props Props, sheets ...Sheet) (err error) {
	if len(sheets) == 0 {
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
	for i, s := range sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", s.Name); err != nil {
				return fmt.Errorf("シート %q: %w", s.Name, err)
			}
		} else if _, err := f.NewSheet(s.Name); err != nil {
			return fmt.Errorf("シート %q: %w", s.Name, err)
		}
		if err := writeSheet(f, s); err != nil {
			return fmt.Errorf("シート %q / sheet %q: %w", s.Name, s.Name, err)
		}
	}
	f.SetActiveSheet(0)
	return f.Write(w)
}

func writeSheet(f *excelize.File, s Sheet) error {
	width := 0
	for _, r := range s.Rows {
		width = max(width, len(r))
	}
	width = max(width, len(s.Columns))
	// Column styles first: excelize applies them to the cells already
	// there, so the headings get their own style afterwards.
	for i, c := range s.Columns {
		name, err := excelize.ColumnNumberToName(i + 1)
		if err != nil {
			return err
		}
		if c.Width > 0 {
			if err := f.SetColWidth(s.Name, name, name, c.Width); err != nil {
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
			id, err := f.NewStyle(st)
			if err != nil {
				return err
			}
			if err := f.SetColStyle(s.Name, name, id); err != nil {
				return err
			}
		}
	}
	for i, r := range s.Rows {
		for j, v := range r {
			if v == "" {
				continue
			}
			cell, err := excelize.CoordinatesToCellName(j+1, i+1)
			if err != nil {
				return err
			}
			if err := f.SetCellStr(s.Name, cell, v); err != nil {
				return err
			}
		}
	}
	if s.HeaderRows > 0 && width > 0 {
		id, err := f.NewStyle(&excelize.Style{
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
		last, _ := excelize.CoordinatesToCellName(width, s.HeaderRows)
		if err := f.SetCellStyle(s.Name, "A1", last, id); err != nil {
			return err
		}
		top, _ := excelize.CoordinatesToCellName(s.FreezeColumns+1, s.HeaderRows+1)
		if err := f.SetPanes(s.Name, &excelize.Panes{
			Freeze: true, XSplit: s.FreezeColumns, YSplit: s.HeaderRows,
			TopLeftCell: top, ActivePane: activePane(s.FreezeColumns),
			Selection: []excelize.Selection{{SQRef: top, ActiveCell: top, Pane: activePane(s.FreezeColumns)}},
		}); err != nil {
			return err
		}
		if s.AutoFilter {
			from, _ := excelize.CoordinatesToCellName(1, s.HeaderRows)
			to, _ := excelize.CoordinatesToCellName(width, max(len(s.Rows), s.HeaderRows))
			if err := f.AutoFilter(s.Name, from+":"+to, nil); err != nil {
				return err
			}
		}
	}
	if len(s.BoldRows) > 0 && width > 0 {
		id, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
		if err != nil {
			return err
		}
		for _, r := range s.BoldRows {
			from, _ := excelize.CoordinatesToCellName(1, r+1)
			to, _ := excelize.CoordinatesToCellName(width, r+1)
			if err := f.SetCellStyle(s.Name, from, to, id); err != nil {
				return err
			}
		}
	}
	for _, v := range s.Validations {
		dv, err := v.excelize()
		if err != nil {
			return err
		}
		if err := f.AddDataValidation(s.Name, dv); err != nil {
			return err
		}
	}
	return nil
}

func activePane(cols int) string {
	if cols > 0 {
		return "bottomRight"
	}
	return "bottomLeft"
}

func (v Validation) excelize() (*excelize.DataValidation, error) {
	dv := excelize.NewDataValidation(true)
	dv.Sqref = v.Range
	switch v.Kind {
	case ValidationList:
		if err := dv.SetDropList(v.List); err != nil {
			return nil, err
		}
	case ValidationWhole, ValidationDecimal:
		t := excelize.DataValidationTypeWhole
		if v.Kind == ValidationDecimal {
			t = excelize.DataValidationTypeDecimal
		}
		var err error
		switch {
		case v.Min != nil && v.Max != nil:
			err = dv.SetRange(*v.Min, *v.Max, t, excelize.DataValidationOperatorBetween)
		case v.Min != nil:
			err = dv.SetRange(*v.Min, "", t, excelize.DataValidationOperatorGreaterThanOrEqual)
		case v.Max != nil:
			err = dv.SetRange(*v.Max, "", t, excelize.DataValidationOperatorLessThanOrEqual)
		default: // any number: Excel needs a range, so take the widest
			err = dv.SetRange(-1e15, 1e15, t, excelize.DataValidationOperatorBetween)
		}
		if err != nil {
			return nil, err
		}
	default:
		return nil, fmt.Errorf("入力規則の種類 %q は扱えません / unknown validation kind %q", v.Kind, v.Kind)
	}
	if v.Title != "" || v.Prompt != "" {
		dv.SetInput(v.Title, v.Prompt)
	}
	if v.Error != "" {
		dv.SetError(excelize.DataValidationErrorStyleStop, v.Title, v.Error)
	}
	return dv, nil
}

// Validations returns the data-validation rules of the named sheet, as
// [Validation]s (Title, Prompt and Error included).
func (b *Book) Validations(sheet string) ([]Validation, error) {
	dvs, err := b.f.GetDataValidations(sheet)
	if err != nil {
		return nil, &Error{Path: b.path, Sheet: sheet, Err: err}
	}
	var out []Validation
	for _, dv := range dvs {
		v := Validation{Range: dv.Sqref, Kind: dv.Type}
		if dv.PromptTitle != nil {
			v.Title = *dv.PromptTitle
		}
		if dv.Prompt != nil {
			v.Prompt = *dv.Prompt
		}
		if dv.Error != nil {
			v.Error = *dv.Error
		}
		switch dv.Type {
		case ValidationList:
			s := strings.TrimSuffix(strings.TrimPrefix(dv.Formula1, `"`), `"`)
			s = strings.NewReplacer(`""`, `"`, "&amp;", "&", "&lt;", "<", "&gt;", ">").Replace(s)
			v.List = strings.Split(s, ",")
		case ValidationWhole, ValidationDecimal:
			f1, e1 := strconv.ParseFloat(dv.Formula1, 64)
			f2, e2 := strconv.ParseFloat(dv.Formula2, 64)
			switch dv.Operator {
			case "between", "":
				if e1 == nil && e2 == nil && !(f1 == -1e15 && f2 == 1e15) {
					v.Min, v.Max = &f1, &f2
				}
			case "greaterThanOrEqual":
				if e1 == nil {
					v.Min = &f1
				}
			case "lessThanOrEqual":
				if e1 == nil {
					v.Max = &f1
				}
			}
		}
		out = append(out, v)
	}
	return out, nil
}

// Layout is how a sheet is laid out for people. / シートの表示の設定。
type Layout struct {
	FrozenRows, FrozenColumns int    // rows and columns frozen at the top left
	AutoFilter                string // the filtered range, e.g. "$A$2:$H$1743"; "" for none
}

// Layout returns the frozen panes and the filter of the named sheet.
func (b *Book) Layout(sheet string) (Layout, error) {
	p, err := b.f.GetPanes(sheet)
	if err != nil {
		return Layout{}, &Error{Path: b.path, Sheet: sheet, Err: err}
	}
	var l Layout
	if p.Freeze {
		l.FrozenRows, l.FrozenColumns = p.YSplit, p.XSplit
	}
	idx, _ := b.f.GetSheetIndex(sheet)
	for _, dn := range b.f.GetDefinedName() {
		if dn.Name == "_xlnm._FilterDatabase" && (dn.Scope == sheet || dn.Scope == strconv.Itoa(idx)) {
			_, ref, _ := strings.Cut(dn.RefersTo, "!")
			l.AutoFilter = ref
		}
	}
	return l, nil
}

// Format returns the number format code of a cell ("" for General), e.g.
// "0", "0.0", "@".
func (b *Book) Format(sheet, cell string) (string, error) {
	id, err := b.f.GetCellStyle(sheet, cell)
	if err != nil {
		return "", &Error{Path: b.path, Sheet: sheet, Err: err}
	}
	st, err := b.f.GetStyle(id)
	if err != nil {
		return "", &Error{Path: b.path, Sheet: sheet, Err: err}
	}
	if st.CustomNumFmt != nil {
		return *st.CustomNumFmt, nil
	}
	switch st.NumFmt {
	case 0:
		return "", nil
	case 1:
		return "0", nil
	case 2:
		return "0.00", nil
	case 14:
		return "yyyy-mm-dd", nil
	case 49:
		return "@", nil
	}
	return "#" + strconv.Itoa(st.NumFmt), nil
}

// ColumnWidth returns the width of a column ("A", "B", …) of the sheet.
func (b *Book) ColumnWidth(sheet, col string) (float64, error) {
	w, err := b.f.GetColWidth(sheet, col)
	if err != nil {
		return 0, &Error{Path: b.path, Sheet: sheet, Err: err}
	}
	return w, nil
}

// Props returns the document properties of the workbook (Created parsed
// from the core properties; the zero time when absent).
func (b *Book) Props() (Props, error) {
	p, err := b.f.GetDocProps()
	if err != nil {
		return Props{}, &Error{Path: b.path, Err: err}
	}
	out := Props{Title: p.Title, Subject: p.Subject, Creator: p.Creator, Description: p.Description, Language: p.Language}
	if t, err := time.Parse(time.RFC3339, p.Created); err == nil {
		out.Created = t
	}
	return out, nil
}
