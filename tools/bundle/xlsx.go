package bundle

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/ichiran-jp/ichiran/tools/sheet"
	"github.com/ichiran-jp/ichiran/tools/wareki"
)

// numFormat is the number format of a column of a type.
func numFormat(f field) string {
	switch f.Type {
	case "integer":
		return "#,##0"
	case "number":
		if f.Decimals > 0 {
			return "0." + zeros(f.Decimals)
		}
		return "General"
	case "date":
		return "yyyy-mm-dd"
	}
	return "@"
}

func zeros(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = '0'
	}
	return string(b)
}

// width of a column of a type in the list.
func width(typ string) float64 {
	switch typ {
	case "integer", "number":
		return 14
	case "boolean":
		return 10
	case "date":
		return 12
	}
	return 16
}

// explanation are the rows of the sheet (and SQLite table) that explains
// every column.
func (m *model) explanation(cols []column) [][]string {
	var rows [][]string
	for i, c := range cols {
		asOf, ministry, status := "", "", "掲載 / listed"
		if c.x != nil {
			ministry = c.x.ind.Ministry.Ja
			if c.x.state == stateActive {
				asOf = c.x.date() + " (" + wareki.Date(c.x.asOf) + ")"
			} else {
				_, ja, en := stateText(c.x)
				status = ja + " / " + en
			}
		} else {
			asOf = m.deadline.Format("2006-01-02") + " 時点の団体 / municipalities in force"
		}
		col := columnName(i)
		rows = append(rows, []string{col, c.Header, c.Explain[0], c.Explain[1], c.Type, asOf, ministry, c.Explain[2], status, c.SQL})
	}
	// The indicators with no column, with their state.
	for _, x := range m.inds {
		if x.state == stateActive {
			continue
		}
		_, ja, en := stateText(x)
		rows = append(rows, []string{"—", x.ind.Title.Ja, ja, en, "", "", x.ind.Ministry.Ja, sourceTitles(x.ind), ja + " / " + en, ""})
	}
	return rows
}

var explanationHeader = []string{"列 / column", "見出し / heading", "説明", "description", "型 / type", "時点 / as of", "府省 / ministry", "出典 / source", "状況 / status", "SQLite の列名 / SQL name"}

// columnName is the spreadsheet name of column i (0-based): A, B, …, AA.
func columnName(i int) string {
	s := ""
	for i++; i > 0; i = (i - 1) / 26 {
		s = string(rune('A'+(i-1)%26)) + s
	}
	return s
}

// workbook is the 一覧表 as XLSX: the list, one sheet per indicator in
// long form, and the explanation of every column.
func (m *model) workbook(opt Options) ([]byte, error) {
	cols := m.columns()
	list := sheet.Table{Name: "一覧表", FreezeColumns: 3, AutoFilter: true, HeaderHeight: 60}
	for _, c := range cols {
		list.Header = append(list.Header, c.Header)
		col := sheet.Column{Width: width(c.Type)}
		switch {
		case c.x == nil:
			col = sheet.Column{Width: map[string]float64{"団体コード": 10, "都道府県": 10, "市区町村": 14, "読み": 18}[c.Header], Format: "@"}
		case c.field >= 0:
			col.Format = numFormat(c.x.fields[c.field])
		default:
			col.Width = 12
		}
		list.Columns = append(list.Columns, col)
	}
	for _, e := range m.munis {
		r := make([]any, len(cols))
		for i, c := range cols {
			r[i] = typed(c.Type, c.raw(e), true)
		}
		list.Rows = append(list.Rows, r)
	}
	tables := []sheet.Table{list}
	for _, x := range m.active() {
		t := sheet.Table{Name: x.ind.ID, FreezeColumns: 1, AutoFilter: true}
		for _, f := range x.fields {
			t.Header = append(t.Header, f.Name+"\n"+f.Title)
			t.Columns = append(t.Columns, sheet.Column{Width: max(width(f.Type), 12), Format: numFormat(f)})
		}
		for _, row := range x.rows {
			r := make([]any, len(row))
			for i, v := range row {
				r[i] = typed(x.fields[i].Type, v, false)
			}
			t.Rows = append(t.Rows, r)
		}
		tables = append(tables, t)
	}
	if recs := m.macro.Records(); len(recs) > 1 {
		t := sheet.Table{Name: "マクロ", FreezeColumns: 4, AutoFilter: true}
		t.Header = recs[0]
		for _, h := range recs[0] {
			w := 14.0
			if strings.HasPrefix(h, "formula") || strings.HasPrefix(h, "figure") || h == "population" {
				w = 40
			}
			t.Columns = append(t.Columns, sheet.Column{Width: w, Wrap: w > 14})
		}
		for _, r := range recs[1:] {
			cells := make([]any, len(r))
			for i, v := range r {
				cells[i] = v
				if recs[0][i] == "value" || recs[0][i] == "numerator" || recs[0][i] == "denominator" {
					cells[i] = typed("number", v, false)
				}
			}
			t.Rows = append(t.Rows, cells)
		}
		tables = append(tables, t)
	}
	ex := sheet.Table{Name: "説明", Header: explanationHeader, FreezeColumns: 2,
		Columns: []sheet.Column{{Width: 8}, {Width: 40, Wrap: true}, {Width: 40, Wrap: true}, {Width: 40, Wrap: true}, {Width: 10}, {Width: 22}, {Width: 12}, {Width: 40, Wrap: true}, {Width: 30, Wrap: true}, {Width: 30}}}
	for _, r := range m.explanation(cols) {
		cells := make([]any, len(r))
		for i, v := range r {
			cells[i] = v
		}
		ex.Rows = append(ex.Rows, cells)
	}
	for _, line := range []string{
		"",
		fmt.Sprintf("%s (%d年版)。対象は %s 時点の市区町村 %d 団体。", editionJa(m.edition), m.edition, m.deadline.Format("2006-01-02"), len(m.munis)),
		"空欄は数値の提供がないことを示します。○ = はい、× = いいえ。調整中・対象外の指標には列がありません (この表の末尾に状況)。",
		"Blank cells: no figure provided. ○ = yes, × = no. Pending and not-suited indicators have no column (their state is at the end of this table).",
		"利用条件: 数値は出典ごとの条件 (README.md・LICENSE.md)。一覧表の編集は政府標準利用規約 (第2.0版) 準拠 (CC BY 4.0 互換)。 / Terms: each source's own for the figures (README.md, LICENSE.md); the compilation under the Government of Japan Standard Terms of Use 2.0, compatible with CC BY 4.0.",
		"シート「マクロ」: 各指標の KPI を市区町村の行から計算し直した値と、その式。 / Sheet マクロ: each indicator's KPI recomputed from the rows, with its formula.",
	} {
		if line == "" {
			ex.Rows = append(ex.Rows, nil)
			continue
		}
		ex.Rows = append(ex.Rows, []any{nil, line})
	}
	tables = append(tables, ex)
	var b bytes.Buffer
	err := sheet.WriteTables(&b, sheet.Props{
		Title:    fmt.Sprintf("市町村のデジタル化の取組に関する情報の一覧表 %s", editionJa(m.edition)),
		Creator:  "ichiran",
		Language: "ja-JP",
		Created:  opt.Time,
	}, tables...)
	return b.Bytes(), err
}
