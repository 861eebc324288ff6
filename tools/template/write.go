package template

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/ichiran-jp/ichiran/tools/atomicfile"
	"github.com/ichiran-jp/ichiran/tools/sheet"
	"golang.org/x/text/width"
)

// Sheet names. Excel forbids "/" in them. / シート名 (Excel では "/" を使えません)。
const (
	DataSheet        = "データ (Data)"
	ExplanationSheet = "説明 (Explanation)"
)

// ErrExists is wrapped by the error of [Template.WriteFile] when the file
// is there and overwriting was not asked for.
var ErrExists = errors.New("ファイルがすでにあります (上書きするには --force) / the file exists (use --force to overwrite)")

// bom is the UTF-8 byte-order mark. / UTF-8 の BOM。
const bom = "\uFEFF"

// WriteCSV writes the template as CSV: UTF-8 with a BOM, CRLF line ends,
// the two heading rows, then the rows.
func (t *Template) WriteCSV(w io.Writer) error {
	if _, err := io.WriteString(w, bom); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := cw.WriteAll(t.cells()); err != nil {
		return err
	}
	return cw.Error()
}

// WriteXLSX writes the template as an .xlsx workbook with the sheets
// [DataSheet] and [ExplanationSheet]. The bytes depend on the template
// only.
func (t *Template) WriteXLSX(w io.Writer) error {
	rows := t.cells()
	data := sheet.Sheet{
		Name:          DataSheet,
		Rows:          rows,
		HeaderRows:    HeaderRows,
		FreezeColumns: 3, // code, prefecture, name stay in view
		AutoFilter:    true,
	}
	first, last := HeaderRows+1, HeaderRows+max(len(t.Rows), 1)
	for i, c := range t.Columns {
		data.Columns = append(data.Columns, sheet.Column{Width: columnWidth(c, rows, i), Format: c.format()})
		if c.Reference || c.Name == codeField || c.Name == asOfField {
			continue
		}
		col := columnName(i)
		v := sheet.Validation{Range: fmt.Sprintf("%s%d:%s%d", col, first, col, last), Title: truncate(c.Title, 32)}
		switch {
		case len(c.Choices()) > 0:
			v.Kind = sheet.ValidationList
			var labels []string
			for _, ch := range c.Choices() {
				labels = append(labels, ch.Label)
			}
			v.List = labels
			v.Prompt = "一覧から選んでください / choose from the list"
			v.Error = "一覧にある値を選んでください / choose a value of the list"
		case c.Type == "integer":
			v.Kind = sheet.ValidationWhole
			v.Min, v.Max = c.Minimum, c.Maximum
			v.Prompt = "整数" + rangeJa(c) + " / a whole number" + rangeEn(c)
			v.Error = v.Prompt
		case c.Type == "number":
			v.Kind = sheet.ValidationDecimal
			v.Min, v.Max = c.Minimum, c.Maximum
			v.Prompt = "数値" + rangeJa(c) + decimalsJa(c) + " / a number" + rangeEn(c) + decimalsEn(c)
			v.Error = v.Prompt
		default:
			continue
		}
		v.Prompt, v.Error = truncate(v.Prompt, 255), truncate(v.Error, 255)
		data.Validations = append(data.Validations, v)
	}
	ind := t.Indicator
	props := sheet.Props{
		Title:       ind.Title.Ja + " / " + ind.Title.En,
		Subject:     ind.ID + " " + t.AsOf.Format(time.DateOnly),
		Creator:     "ichiran",
		Description: "ichiran template",
		Language:    "ja-JP",
		Created:     t.AsOf,
	}
	return sheet.Write(w, props, data, t.explanation())
}

// explanation is the sheet that explains the indicator and each column.
func (t *Template) explanation() sheet.Sheet {
	ind := t.Indicator
	s := sheet.Sheet{
		Name:    ExplanationSheet,
		Columns: []sheet.Column{{Width: 10, Wrap: true}, {Width: 28, Wrap: true}, {Width: 18, Wrap: true}, {Width: 16, Wrap: true}, {Width: 8, Wrap: true}, {Width: 10, Wrap: true}, {Width: 40, Wrap: true}, {Width: 40, Wrap: true}},
	}
	add := func(r ...string) { s.Rows = append(s.Rows, r) }
	bold := func() { s.BoldRows = append(s.BoldRows, len(s.Rows)) }
	bold()
	add("指標 / Indicator", ind.Title.Ja+" / "+ind.Title.En)
	add("指標 ID / ID", ind.ID)
	add("担当府省 / Ministry", ind.Ministry.Ja+" / "+ind.Ministry.En)
	date := t.AsOf.Format(time.DateOnly)
	if t.Edition != 0 {
		add("時点 / As of", fmt.Sprintf("%s (%d年度版 / edition %d)", date, t.Edition, t.Edition))
	} else {
		add("時点 / As of", date)
	}
	if r := ind.AsOfRule; r != nil {
		add("時点の規則 / As-of rule", r.Ja+" / "+r.En)
	}
	add("頻度 / Frequency", ind.Frequency.Ja+" / "+ind.Frequency.En)
	for _, src := range ind.Sources {
		add("出典 / Source", strings.TrimSpace(src.Title+" "+src.Path))
	}
	add("対象 / Covers", fmt.Sprintf("%s (%d 団体) / %s (%d local governments)", coversJa(ind.Covers), len(t.Rows), strings.Join(ind.Covers, ", "), len(t.Rows)))
	add()
	bold()
	add("記入のしかた / How to fill")
	for _, l := range howTo {
		add("", l)
	}
	add()
	bold()
	add("列 / Column", "見出し / Heading", "列名 / Field name", "型 / Type", "単位 / Unit", "必須 / Required", "値 / Values", "説明 / Description")
	for i, c := range t.Columns {
		req := ""
		if c.Required {
			req = "必須 / required"
		}
		head := c.Title
		if c.TitleEn != "" {
			head += " / " + c.TitleEn
		}
		desc := c.Description
		if c.DescriptionEn != "" {
			desc += " / " + c.DescriptionEn
		}
		add(columnName(i), head, c.Name, typeLabel(c), c.Unit, req, values(c), desc)
	}
	return s
}

var howTo = []string{
	"「データ (Data)」シートの 3 行目以降、各団体の行の空欄に記入してください。1 行目は見出し、2 行目は列名で、変更しないでください。",
	"Fill in the empty cells of each local government's row on the sheet 「データ (Data)」, from row 3 on. Row 1 is the heading, row 2 the field name: leave both as they are.",
	"コード・都道府県・団体名・時点は記入済みです。行を追加・削除・並べ替えしないでください。数値に単位・桁区切り・注記を入れないでください。",
	"The code, prefecture, name and date are prefilled. Do not add, delete or reorder rows. No units, thousands separators or notes inside numbers.",
	"選択肢のある列は一覧から選びます。表示と、データに書かれる値の対応は下の「値」の欄のとおりです。",
	"Columns with choices take a value from the drop-down list; the column 「値 / Values」 below maps each label to the value written in the data.",
	"記入後、ichiran import --indicator <ID> <このファイル> で正規の CSV に変換・検証できます。",
	"When done, ichiran import --indicator <ID> <this file> turns it into the canonical CSV and validates it.",
}

func coversJa(covers []string) string {
	var out []string
	for _, c := range covers {
		switch c {
		case "municipality":
			out = append(out, "市区町村")
		case "prefecture":
			out = append(out, "都道府県")
		default:
			out = append(out, c)
		}
	}
	return strings.Join(out, "・")
}

func typeLabel(c Column) string {
	if c.Reference {
		return "参考 / reference"
	}
	switch {
	case len(c.Categories) > 0:
		return "選択肢 / choice"
	}
	switch c.Type {
	case "integer":
		return "整数 / integer"
	case "number":
		return "数値 / number"
	case "boolean":
		return "はい・いいえ / yes-no"
	case "date":
		return "日付 YYYY-MM-DD / date"
	case "string":
		return "文字列 / text"
	}
	return c.Type
}

// values explains the values a column takes: range, decimals, pattern,
// choices with their mapping.
func values(c Column) string {
	var parts []string
	if ch := c.Choices(); len(ch) > 0 {
		var m []string
		for _, x := range ch {
			m = append(m, fmt.Sprintf("%s (%s) → %s", x.Label, x.LabelEn, x.Value))
		}
		parts = append(parts, "選択肢 / choices: "+strings.Join(m, "、"))
	}
	if r := rangeJa(c); r != "" {
		parts = append(parts, strings.TrimPrefix(r, "、")+" /"+rangeEn(c))
	}
	if c.Type == "number" && c.Decimals >= 0 {
		parts = append(parts, strings.TrimPrefix(decimalsJa(c), "、")+" /"+strings.TrimPrefix(decimalsEn(c), ","))
	}
	if c.Pattern != "" {
		parts = append(parts, "形式 / pattern: "+c.Pattern)
	}
	if c.Type == "date" {
		parts = append(parts, "YYYY-MM-DD")
	}
	return strings.Join(parts, "; ")
}

func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

func rangeJa(c Column) string {
	switch {
	case c.Minimum != nil && c.Maximum != nil:
		return fmt.Sprintf("、%s 以上 %s 以下", num(*c.Minimum), num(*c.Maximum))
	case c.Minimum != nil:
		return fmt.Sprintf("、%s 以上", num(*c.Minimum))
	case c.Maximum != nil:
		return fmt.Sprintf("、%s 以下", num(*c.Maximum))
	}
	return ""
}

func rangeEn(c Column) string {
	switch {
	case c.Minimum != nil && c.Maximum != nil:
		return fmt.Sprintf(" from %s to %s", num(*c.Minimum), num(*c.Maximum))
	case c.Minimum != nil:
		return fmt.Sprintf(" of at least %s", num(*c.Minimum))
	case c.Maximum != nil:
		return fmt.Sprintf(" of at most %s", num(*c.Maximum))
	}
	return ""
}

func decimalsJa(c Column) string {
	if c.Decimals < 0 {
		return ""
	}
	if c.Decimals == 0 {
		return "、小数なし"
	}
	return fmt.Sprintf("、小数第%d位まで", c.Decimals)
}

func decimalsEn(c Column) string {
	switch c.Decimals {
	case -1:
		return ""
	case 0:
		return ", no decimals"
	case 1:
		return ", one decimal"
	}
	return fmt.Sprintf(", %d decimals", c.Decimals)
}

// format is the number format of a column's cells.
func (c Column) format() string {
	switch {
	case c.Reference || c.Name == codeField || c.Name == asOfField:
		return "@"
	case len(c.Categories) > 0 || c.Type == "boolean":
		return "@"
	case c.Type == "integer":
		return "0"
	case c.Type == "number" && c.Decimals > 0:
		return "0." + strings.Repeat("0", c.Decimals)
	case c.Type == "number" && c.Decimals == 0:
		return "0"
	case c.Type == "date":
		return "yyyy-mm-dd"
	case c.Type == "string":
		return "@"
	}
	return ""
}

// columnWidth fits the widest cell of the column (East Asian wide
// characters count twice), between 8 and 30; longer headings wrap.
func columnWidth(c Column, rows [][]string, i int) float64 {
	w := 8
	for _, r := range rows {
		if i < len(r) {
			w = max(w, displayWidth(r[i])+2)
		}
	}
	return float64(min(w, 30))
}

func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth:
			n += 2
		default:
			n++
		}
	}
	return n
}

func columnName(i int) string {
	name := ""
	for i++; i > 0; i = (i - 1) / 26 {
		name = string(rune('A'+(i-1)%26)) + name
	}
	return name
}

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}

// Format is the file format of a path, by its extension: "xlsx" or "csv";
// "" for any other.
func Format(path string) string {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".xlsx":
		return "xlsx"
	case ".csv":
		return "csv"
	}
	return ""
}

// WriteFile writes the template to path, as .xlsx or .csv by its
// extension, atomically: to a temporary file in the same directory, then
// renamed. Unless force, an existing file is left alone and the error wraps
// [ErrExists].
func (t *Template) WriteFile(path string, force bool) (err error) {
	var buf bytes.Buffer
	switch Format(path) {
	case "xlsx":
		err = t.WriteXLSX(&buf)
	case "csv":
		err = t.WriteCSV(&buf)
	default:
		return fmt.Errorf("%s: 拡張子は .xlsx か .csv です / the file must end in .xlsx or .csv", path)
	}
	if err != nil {
		return err
	}
	if force {
		return atomicfile.WriteFile(path, buf.Bytes(), 0o644)
	}
	if err := atomicfile.Create(path, buf.Bytes(), 0o644); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("%s: %w", path, ErrExists)
		}
		return err
	}
	return nil
}
