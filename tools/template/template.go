// Package template builds the ready-to-fill file a ministry receives for
// one indicator and one as-of date: every in-scope local government of that
// date prefilled (code, prefecture, name) with the date, and the
// indicator's columns empty, as an .xlsx workbook or a .csv file.
//
// 府省に渡す記入用ファイル (ひな形) を作ります。その時点の対象団体をすべて
// (コード・都道府県・名称と時点つきで) 並べ、指標の列を空けておきます。
//
// # Layout / 構成
//
// Both formats have the same columns: the fields of the indicator's Table
// Schema in order, with two reference columns 「都道府県」 (prefecture)
// and 「団体名」 (name) right after the code. The reference columns help the
// person filling the file; they are not fields of the data and are not
// imported (ichiran import may check them against the code).
//
// Both formats have two heading rows:
//
//   - row 1: the Japanese title of each column with its unit, e.g.
//     「住民基本台帳人口 (人)」;
//   - row 2: the canonical field name, e.g. "population" (and "prefecture",
//     "name" for the reference columns), which ichiran import uses to map
//     the columns back, whatever the Japanese heading has become.
//
// The data start on row 3, one local government per row, sorted by code.
//
// In the workbook, fields with categories and boolean fields have a
// drop-down list of Japanese labels (for booleans 「はい」 = true,
// 「いいえ」 = false); the sheet 「説明 (Explanation)」 gives the mapping of
// every label to its value, and explains the indicator and each column.
// (Excel forbids "/" in sheet names, hence the parentheses.)
//
// The CSV is UTF-8 with a BOM and CRLF line ends, so that Excel opens it
// correctly; it has the same two heading rows and rows.
package template

import (
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/ichiran-jp/ichiran/tools/catalog"
	"github.com/ichiran-jp/ichiran/tools/lgcode"
	"github.com/ichiran-jp/ichiran/tools/repo"
)

// ErrNoData is wrapped by the error of [New] for an indicator that has no
// data: pending (調整中), not suited to per-municipality data, or without a
// schema.
var ErrNoData = errors.New("この指標にはデータがありません / the indicator has no data")

// Category is one allowed value of a field, with its labels.
type Category struct {
	Value   string // as written in the data / データに書く値
	Label   string // Japanese label shown in the drop-down / 日本語の表示
	LabelEn string
}

// Column is one column of the template.
type Column struct {
	Name          string // the field name (row 2) / 列名
	Title         string // Japanese heading, with its unit (row 1) / 見出し
	TitleEn       string
	Unit          string // e.g. "人", "%"; "" when none / 単位
	Type          string // Table Schema type: string, integer, number, boolean, date, …
	Description   string
	DescriptionEn string
	Required      bool
	Minimum       *float64
	Maximum       *float64
	Pattern       string
	Categories    []Category
	// Decimals is the number of decimals of a number field (from the
	// catalogue's consistency rule or the description 小数第N位); -1 unknown.
	Decimals int
	// Reference marks the columns that are not fields: prefecture and name.
	Reference bool
}

// Template is the content of a template file.
type Template struct {
	Indicator *catalog.Indicator
	Edition   int       // the edition whose date AsOf is; 0 when none
	AsOf      time.Time // the as-of date prefilled / 時点
	Columns   []Column
	Rows      []lgcode.Entry // the local governments, sorted by code
}

// Reference columns. / 参考列。
var (
	prefectureColumn = Column{Name: "prefecture", Title: "都道府県", TitleEn: "prefecture", Type: "string", Reference: true,
		Description: "参考 (記入済み、取り込まれません)", DescriptionEn: "for reference (prefilled, not imported)", Decimals: -1}
	nameColumn = Column{Name: "name", Title: "団体名", TitleEn: "local government", Type: "string", Reference: true,
		Description: "参考 (記入済み、取り込まれません)", DescriptionEn: "for reference (prefilled, not imported)", Decimals: -1}
)

// Prefilled fields: the code and the as-of date. / 記入済みの列。
const (
	codeField = repo.CodeField
	asOfField = repo.AsOfField
)

// New builds the template of an indicator of the repository r for an
// as-of date; edition is the edition the date is for (0 if none). Its rows
// are the local governments the indicator covers on that date.
func New(r *repo.Repository, ind *catalog.Indicator, asOf time.Time, edition int) (*Template, error) {
	if ind.Status != catalog.Active || ind.Schema == "" {
		return nil, fmt.Errorf("指標 %s は %s です / indicator %s is %s: %w", ind.ID, statusJa(ind.Status), ind.ID, ind.Status, ErrNoData)
	}
	raw, err := r.ReadFile(ind.Schema)
	if err != nil {
		return nil, err
	}
	fields, err := ParseSchema(raw)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", ind.Schema, err)
	}
	var cols []Column
	for _, f := range fields {
		if f.Type == "number" && f.Decimals < 0 {
			for _, c := range ind.Consistency {
				if c.Field == f.Name {
					f.Decimals = c.Decimals
				}
			}
		}
		cols = append(cols, f)
		if f.Name == codeField {
			cols = append(cols, prefectureColumn, nameColumn)
		}
	}
	t := &Template{Indicator: ind, Edition: edition, AsOf: asOf, Columns: cols}
	t.Rows = r.Covered(ind, asOf)
	return t, nil
}

func statusJa(s string) string {
	switch s {
	case catalog.Pending:
		return "調整中"
	case catalog.NotSuited:
		return "個別団体の情報としては不適当"
	}
	return s
}

// schemaDoc is the part of a Table Schema the template needs.
type schemaDoc struct {
	Fields []struct {
		Name        string          `json:"name"`
		Type        string          `json:"type"`
		Title       string          `json:"title"`
		Description string          `json:"description"`
		Categories  json.RawMessage `json:"categories"`
		Constraints struct {
			Required bool   `json:"required"`
			Minimum  any    `json:"minimum"`
			Maximum  any    `json:"maximum"`
			Pattern  string `json:"pattern"`
			Enum     []any  `json:"enum"`
		} `json:"constraints"`
	} `json:"fields"`
}

var decimalsRE = regexp.MustCompile(`小数(?:点以下)?第\s*([0-9])\s*位`)

// ParseSchema reads the columns of a Table Schema: titles split into
// Japanese and English at " / ", the unit from a trailing 「(…)」 of the
// Japanese title, constraints, categories (values and labels).
func ParseSchema(raw []byte) ([]Column, error) {
	var doc schemaDoc
	if err := json.Unmarshal(raw, &doc); err != nil {
		return nil, fmt.Errorf("Table Schema を読めません / cannot read the Table Schema: %w", err)
	}
	var out []Column
	for _, f := range doc.Fields {
		c := Column{Name: f.Name, Type: f.Type, Required: f.Constraints.Required, Pattern: f.Constraints.Pattern, Decimals: -1}
		if c.Type == "" {
			c.Type = "any"
		}
		c.Title, c.TitleEn = split(f.Title)
		if c.Title == "" {
			c.Title = f.Name
		}
		c.Description, c.DescriptionEn = split(f.Description)
		c.Unit = unit(c.Title)
		c.Minimum, c.Maximum = number(f.Constraints.Minimum), number(f.Constraints.Maximum)
		if m := decimalsRE.FindStringSubmatch(f.Description); m != nil {
			c.Decimals, _ = strconv.Atoi(m[1])
		}
		if len(f.Categories) > 0 {
			cats, err := categories(f.Categories)
			if err != nil {
				return nil, fmt.Errorf("field %q: %w", f.Name, err)
			}
			c.Categories = cats
		} else {
			for _, v := range f.Constraints.Enum {
				s := fmt.Sprint(v)
				c.Categories = append(c.Categories, Category{Value: s, Label: s, LabelEn: s})
			}
		}
		out = append(out, c)
	}
	return out, nil
}

// split splits "日本語 / English" at the last " / ".
func split(s string) (ja, en string) {
	if i := strings.LastIndex(s, " / "); i >= 0 {
		return strings.TrimSpace(s[:i]), strings.TrimSpace(s[i+3:])
	}
	return s, ""
}

var unitRE = regexp.MustCompile(`[（(]([^()（）]{1,8})[)）]\s*$`)

func unit(title string) string {
	if m := unitRE.FindStringSubmatch(title); m != nil {
		return m[1]
	}
	return ""
}

func number(x any) *float64 {
	switch v := x.(type) {
	case float64:
		return &v
	case string:
		if f, err := strconv.ParseFloat(v, 64); err == nil {
			return &f
		}
	}
	return nil
}

func categories(raw json.RawMessage) ([]Category, error) {
	var items []any
	if err := json.Unmarshal(raw, &items); err != nil {
		return nil, err
	}
	var out []Category
	for _, it := range items {
		switch v := it.(type) {
		case map[string]any:
			val := fmt.Sprint(v["value"])
			c := Category{Value: val, Label: val, LabelEn: val}
			if l, ok := v["label"].(string); ok {
				c.Label, c.LabelEn = split(l)
				if c.LabelEn == "" {
					c.LabelEn = c.Label
				}
			}
			out = append(out, c)
		default:
			s := fmt.Sprint(v)
			out = append(out, Category{Value: s, Label: s, LabelEn: s})
		}
	}
	return out, nil
}

// Boolean labels of the drop-down. / 真偽値の選択肢。
var (
	boolTrue  = Category{Value: "true", Label: "はい", LabelEn: "yes"}
	boolFalse = Category{Value: "false", Label: "いいえ", LabelEn: "no"}
)

// Choices are the values offered in a column's drop-down, if any.
func (c Column) Choices() []Category {
	if len(c.Categories) > 0 {
		return c.Categories
	}
	if c.Type == "boolean" {
		return []Category{boolTrue, boolFalse}
	}
	return nil
}

// Heading is the text of row 1 / 1 行目の見出し。
func (c Column) Heading() string { return c.Title }

// cells are the rows of the template, headings included.
func (t *Template) cells() [][]string {
	rows := make([][]string, 0, len(t.Rows)+2)
	h1 := make([]string, len(t.Columns))
	h2 := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		h1[i], h2[i] = c.Heading(), c.Name
	}
	rows = append(rows, h1, h2)
	date := t.AsOf.Format(time.DateOnly)
	for _, e := range t.Rows {
		r := make([]string, len(t.Columns))
		for i, c := range t.Columns {
			switch {
			case c.Reference && c.Name == "prefecture":
				r[i] = e.Prefecture
			case c.Reference && c.Name == "name":
				r[i] = e.Name
			case c.Name == codeField:
				r[i] = string(e.Code)
			case c.Name == asOfField:
				r[i] = date
			}
		}
		rows = append(rows, r)
	}
	return rows
}

// HeaderRows is the number of heading rows of both formats.
const HeaderRows = 2
