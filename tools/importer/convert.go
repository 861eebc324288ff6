// Package importer turns the files that ministries really have — Excel
// workbooks and CSV exported from them, in Shift_JIS or UTF-8, with titles,
// multi-row merged headings, subtotals, footnotes, names instead of codes,
// full-width digits and marks for missing values — into the canonical CSV of
// an indicator, and says which of the government's machine-readability rules
// the file broke.
//
// Every row it leaves out is reported with the reason; every value it
// cannot read by the rules the catalogue declares for the indicator is an
// error with its cell; nothing is guessed: a name that denotes two local
// governments, or none, is an error that lists the candidates.
//
// [Import] reads the existing data/<indicator>/<year>.csv, merges the new
// rows into it and writes it atomically (a temporary file renamed over it).
// That read-merge-write is serialised per target file by a lock file beside
// it, ".<name>.lock" (for 2025.csv, ".2025.csv.lock"), created with
// O_CREATE|O_EXCL before the existing file is read and removed once the
// new one is renamed into place; so two imports of different as-of dates
// into one file at once both keep their rows. An import that finds the lock
// taken retries until [Request.LockTimeout] (default [DefaultLockTimeout])
// and then fails with an error wrapping [ErrLocked] that names the lock
// file. A plain file, not flock, so that it works the same on every system
// and file system; the price is that a process killed while holding it
// leaves it behind: the error says so, and removing the file (when no
// import is running) is the fix. --dry-run writes nothing and takes no lock.
//
// 府省の Excel ブックや CSV (Shift_JIS・UTF-8、表題、複数行の結合見出し、
// 小計、注記、コードでなく名前、全角数字、欠損の記号) を、指標の正規の CSV
// に変換し、機械判読可能なデータの表記方法の統一ルールのどれに反していたかを示します。
// 飛ばした行はすべて理由つきで報告し、規則で読めない値はセル番地つきのエラーにします。
// 推測はしません。
//
// 既存の data/<指標>/<年>.csv の読み込み・統合・書き込みは、同じディレクトリの
// ロックファイル ".<名前>.lock" (O_CREATE|O_EXCL で作成、書き込み後に削除) で
// ファイルごとに直列化します。時点の違う取り込みを同時に行っても行は失われません。
// ロックが取れないまま待ち時間を過ぎると、ロックファイルを示すエラーになります。
// 中断された取り込みが残した古いロックは、ほかの取り込みが動いていないことを
// 確かめて削除してください。--dry-run はロックを取りません。
package importer

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/ichiran-jp/ichiran/tools/catalog"
	"github.com/ichiran-jp/ichiran/tools/jatext"
	"github.com/ichiran-jp/ichiran/tools/lgcode"
)

// Config is what a conversion needs.
type Config struct {
	Indicator *catalog.Indicator
	Fields    []Field // of the indicator's Table Schema; "code" and "as_of" among them
	Codes     *lgcode.Table
	AsOf      time.Time // the as-of date given on the command line; zero if none
}

// Row is one converted row: a value per field, canonical text ("" missing).
type Row struct {
	Values []string
	Name   string // the local government, for people
	Line   string // where it came from
}

// Problem is an error or a note about one place of the source.
type Problem struct {
	Where  string // cell ("Sheet1!C12", "12:3") or row
	Text   string // the cell as written
	Ja, En string
}

func (p Problem) String() string {
	s := p.Where + ": " + p.Ja + " / " + p.En
	if p.Text != "" {
		s += fmt.Sprintf(" [%q]", p.Text)
	}
	return s
}

// Skip is a row left out and why.
type Skip struct {
	Where  string
	Text   string // the row's non-blank cells, joined
	Ja, En string
}

// Break counts one kind of departure from the machine-readability rules.
type Break struct {
	Key      string
	Ja, En   string
	Count    int
	Examples []string // up to 3
}

// Result is the outcome of [Convert].
type Result struct {
	HeaderRow, HeaderDepth int               // 0-based first row of the header, and its rows
	Columns                map[string]string // field or role → heading of the column read
	Unused                 []string          // headings of the columns not read
	Rows                   []Row             // sorted by code, then as_of
	Skipped                []Skip
	Errors                 []Problem
	Notes                  []Problem // what was read in a way worth knowing (retroactive names …)
	Breaks                 []*Break
}

// Roles of columns besides the schema's fields.
const (
	rolePref = "\x00prefecture"
	roleName = "\x00name"
)

func roleLabel(r string) string {
	switch r {
	case rolePref:
		return "都道府県名 / prefecture"
	case roleName:
		return "団体名 / name"
	}
	return r
}

// normHeading is the form headings are compared in: width-folded, without
// any white space.
func normHeading(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, jatext.Fold(s))
}

var trailingParen = regexp.MustCompile(`\([^()]*\)$`)

type converter struct {
	cfg     Config
	src     *Source
	rules   catalog.ImportRules
	res     *Result
	aliases map[string]string // normHeading(alias) → role
	col     map[string]int    // role → column
	breaks  map[string]*Break
	field   map[string]int // field name → index
}

// Convert reads the rows of src into the indicator's fields.
func Convert(src *Source, cfg Config) *Result {
	c := &converter{cfg: cfg, src: src, res: &Result{Columns: map[string]string{}}, breaks: map[string]*Break{}, field: map[string]int{}}
	if cfg.Indicator.Import != nil {
		c.rules = *cfg.Indicator.Import
	}
	for i, f := range cfg.Fields {
		c.field[f.Name] = i
	}
	c.buildAliases()
	switch src.Encoding {
	case jatext.CP932:
		c.brk("encoding", "", "文字コードが Shift_JIS (CP932)", "encoded in Shift_JIS (CP932), not UTF-8")
	case jatext.UTF8BOM:
		c.brk("bom", "", "UTF-8 に BOM がついている", "UTF-8 with a byte order mark")
	}
	if !c.findHeader() {
		return c.finish()
	}
	c.rows()
	return c.finish()
}

func (c *converter) finish() *Result {
	keys := []string{"encoding", "bom", "header-row", "multi-row-header", "merged-heading", "title-rows", "totals", "subtotals", "notes",
		"lost-zero", "standard-code", "fullwidth-code", "name-only", "name-prefix", "fullwidth-digits", "thousands", "units", "missing-marks", "blank-missing",
		"marks", "dates", "retroactive"}
	for _, k := range keys {
		if b := c.breaks[k]; b != nil {
			c.res.Breaks = append(c.res.Breaks, b)
		}
	}
	slices.SortStableFunc(c.res.Rows, func(a, b Row) int {
		if x := strings.Compare(a.Values[c.field["code"]], b.Values[c.field["code"]]); x != 0 {
			return x
		}
		return strings.Compare(a.Values[c.field["as_of"]], b.Values[c.field["as_of"]])
	})
	return c.res
}

// brk counts a departure from the rules, keeping a few examples.
func (c *converter) brk(key, example, ja, en string) {
	b := c.breaks[key]
	if b == nil {
		b = &Break{Key: key, Ja: ja, En: en}
		c.breaks[key] = b
	}
	b.Count++
	if example != "" && len(b.Examples) < 3 {
		b.Examples = append(b.Examples, example)
	}
}

func (c *converter) errorf(where, text, ja, en string) {
	c.res.Errors = append(c.res.Errors, Problem{Where: where, Text: text, Ja: ja, En: en})
}

func (c *converter) buildAliases() {
	c.aliases = map[string]string{}
	add := func(alias, role string) {
		k := normHeading(alias)
		if k == "" {
			return
		}
		if _, ok := c.aliases[k]; !ok {
			c.aliases[k] = role
		}
	}
	for _, f := range c.cfg.Fields {
		for _, a := range c.rules.Columns[f.Name] {
			add(a, f.Name)
		}
	}
	for _, a := range c.rules.Prefecture {
		add(a, rolePref)
	}
	for _, a := range c.rules.Name {
		add(a, roleName)
	}
	// The schema's own names and titles: a canonical file or a template
	// comes back in.
	for _, f := range c.cfg.Fields {
		add(f.Name, f.Name)
		if t := titleJa(f.Title); t != "" {
			add(t, f.Name)
		}
	}
}

// match finds the role of a column from its heading parts (top to bottom):
// the whole heading first (strength 3), then each part from the bottom up
// (2), each without a trailing unit in brackets (1).
func (c *converter) match(parts []string) (string, int) {
	joined := strings.Join(parts, "")
	cands := []string{joined}
	for i := len(parts) - 1; i >= 0; i-- {
		cands = append(cands, parts[i])
	}
	for i, s := range cands {
		k := normHeading(s)
		if r, ok := c.aliases[k]; ok {
			if i == 0 {
				return r, 3
			}
			return r, 2
		}
		if k2 := trailingParen.ReplaceAllString(k, ""); k2 != k {
			if r, ok := c.aliases[k2]; ok {
				return r, 1
			}
		}
	}
	return "", 0
}

// headingParts builds the headings of a header of depth rows from start:
// in every row but the last, a blank cell takes the value on its left (a
// merged cell); parts repeated from the row above are dropped.
func (c *converter) headingParts(start, depth int) ([][]string, int) {
	width := 0
	for r := start; r < start+depth && r < len(c.src.Rows); r++ {
		width = max(width, len(c.src.Rows[r]))
	}
	carried := 0
	out := make([][]string, width)
	for r := start; r < start+depth; r++ {
		prev := ""
		for col := range width {
			v := strings.TrimSpace(c.src.cell(r, col))
			if v == "" && r < start+depth-1 && prev != "" {
				v = prev
				carried++
			}
			prev = v
			if v != "" && (len(out[col]) == 0 || out[col][len(out[col])-1] != v) {
				out[col] = append(out[col], v)
			}
		}
	}
	return out, carried
}

type headerChoice struct {
	start, depth, score int
	roles               map[string]int // role → column
	parts               [][]string
	carried             int
	ambiguous           []string
}

func (c *converter) findHeader() bool {
	var best *headerChoice
	for start := 0; start < min(len(c.src.Rows), 40); start++ {
		for depth := 1; depth <= 3 && start+depth <= len(c.src.Rows); depth++ {
			parts, carried := c.headingParts(start, depth)
			roles := map[string]int{}
			strength := map[string]int{}
			var ambiguous []string
			for col, p := range parts {
				if len(p) == 0 {
					continue
				}
				r, s := c.match(p)
				if r == "" {
					continue
				}
				switch {
				case s > strength[r]:
					roles[r], strength[r] = col, s
				case s == strength[r]:
					ambiguous = append(ambiguous, fmt.Sprintf("%s: %s, %s", roleLabel(r), ColumnName(roles[r]), ColumnName(col)))
				}
			}
			_, hasCode := roles["code"]
			_, hasName := roles[roleName]
			if !hasCode && !hasName {
				continue
			}
			// More fields first; among as many, headings matched whole
			// rather than by a part (a title above is not a heading).
			score := len(roles) * 100
			for _, s := range strength {
				score += s
			}
			if best == nil || score > best.score {
				best = &headerChoice{start: start, depth: depth, score: score, roles: roles, parts: parts, carried: carried, ambiguous: ambiguous}
			}
		}
	}
	if best == nil {
		c.errorf(c.src.Where(0), "", "見出しの行が見つかりません (団体コードまたは団体名の列が必要です)。カタログの import.columns の見出しと比べてください",
			"no header row found (a column of codes or of names is needed); compare the headings with import.columns of the catalogue")
		return false
	}
	for _, a := range best.ambiguous {
		c.errorf(c.src.Where(best.start), "", "同じ項目に当たる列が複数あります: "+a, "several columns name the same field: "+a)
	}
	c.res.HeaderRow, c.res.HeaderDepth = best.start, best.depth
	c.col = best.roles
	for r, col := range best.roles {
		c.res.Columns[roleLabel(r)] = ColumnName(col) + " " + strings.Join(best.parts[col], "／")
	}
	for col, p := range best.parts {
		if len(p) > 0 && !slices.Contains(mapValues(best.roles), col) {
			c.res.Unused = append(c.res.Unused, ColumnName(col)+" "+strings.Join(p, "／"))
		}
	}
	for _, f := range c.cfg.Fields {
		if _, ok := best.roles[f.Name]; ok {
			continue
		}
		if f.Name == "as_of" && !c.cfg.AsOf.IsZero() {
			continue
		}
		if f.Name == "code" {
			continue // names will do
		}
		if f.Name == "as_of" {
			c.errorf(c.src.Where(best.start), "", "時点の列がありません。--as-of で時点を指定してください", "no column gives the as-of date: give it with --as-of")
			continue
		}
		c.errorf(c.src.Where(best.start), "", fmt.Sprintf("項目 %s (%s) の列が見つかりません", f.Name, titleJa(f.Title)),
			fmt.Sprintf("no column for field %s (%s); the catalogue's import.columns lists the headings it knows", f.Name, f.Title))
	}
	if best.start > 0 {
		c.brk("header-row", fmt.Sprintf("%s", c.src.Where(best.start)), "見出しが 1 行目にない (表題などが上にある)", "the header is not on row 1 (titles above it)")
		for r := 0; r < best.start; r++ {
			if t := rowText(c.src.Rows[r]); t != "" {
				c.skip(r, "見出しより上の行 (表題・注記)", "above the header (title or note)")
				c.brk("title-rows", t, "表題や注記の行がデータと同じシートにある", "titles or notes in the same sheet as the data")
			}
		}
	}
	if best.depth > 1 {
		c.brk("multi-row-header", fmt.Sprintf("%d 行 / rows", best.depth), "見出しが複数行にわたる", "the header spans several rows")
	}
	if best.carried > 0 {
		for i := 0; i < best.carried; i++ {
			c.brk("merged-heading", "", "見出しのセルが結合されている (空欄を左の見出しで補った)", "merged heading cells (blanks filled from the left)")
		}
	}
	// A row of field names under the headings is the second header row of
	// an ichiran template: part of the header, not data, and no rule broken.
	if next := best.start + best.depth; next < len(c.src.Rows) && c.fieldNameRow(c.src.Rows[next]) {
		c.res.HeaderDepth++
		c.skip(next, "列名の行 (ichiran template の 2 行目)", "field names (the second header row of an ichiran template)")
	}
	return len(c.res.Errors) == 0
}

// fieldNameRow reports whether every non-empty cell of row is a field name
// of the schema (or prefecture, name), with at least two of them.
func (c *converter) fieldNameRow(row []string) bool {
	n := 0
	for _, v := range row {
		v = strings.TrimSpace(v)
		if v == "" {
			continue
		}
		known := v == "prefecture" || v == "name"
		for _, f := range c.cfg.Fields {
			known = known || f.Name == v
		}
		if !known {
			return false
		}
		n++
	}
	return n >= 2
}

func mapValues(m map[string]int) []int {
	var out []int
	for _, v := range m {
		out = append(out, v)
	}
	return out
}

func rowText(row []string) string {
	var parts []string
	for _, v := range row {
		if v = strings.TrimSpace(v); v != "" {
			parts = append(parts, v)
		}
	}
	return strings.Join(parts, " ")
}

func (c *converter) skip(row int, ja, en string) {
	c.res.Skipped = append(c.res.Skipped, Skip{Where: c.src.Where(row), Text: rowText(c.src.Rows[row]), Ja: ja, En: en})
}

func (c *converter) get(row int, role string) (string, int, bool) {
	col, ok := c.col[role]
	if !ok {
		return "", -1, false
	}
	return strings.TrimSpace(c.src.cell(row, col)), col, true
}

var (
	totalNames  = []string{"全国", "全国計", "合計", "計", "総計", "小計", "総数", "市区町村計", "市町村計", "都道府県計", "全体", "平均", "全国平均"}
	notePrefixs = []string{"※", "注", "(注", "（注", "出典", "資料", "備考", "(備考", "*", "＊"}
)

func isNote(s string) bool {
	for _, p := range notePrefixs {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

func (c *converter) rows() {
	seen := map[string]string{} // code + as_of → where
	for r := c.res.HeaderRow + c.res.HeaderDepth; r < len(c.src.Rows); r++ {
		row := c.src.Rows[r]
		text := rowText(row)
		if text == "" {
			c.skip(r, "空行", "blank row")
			continue
		}
		codeText, _, _ := c.get(r, "code")
		name, _, _ := c.get(r, roleName)
		pref, _, _ := c.get(r, rolePref)
		first := ""
		for _, v := range row {
			if v = strings.TrimSpace(v); v != "" {
				first = v
				break
			}
		}
		nonBlank := 0
		for _, v := range row {
			if strings.TrimSpace(v) != "" {
				nonBlank++
			}
		}
		switch {
		case isNote(jatext.Fold(first)) && codeText == "" || nonBlank == 1 && codeText == "" && name == "" && isNote(jatext.Fold(first)):
			c.skip(r, "注記の行", "footnote")
			c.brk("notes", first, "表の下や間に注記がある", "notes below or inside the table")
			continue
		case isTotal(name) || isTotal(codeText) || isTotal(pref) && name == "" && codeText == "" || isTotal(first) && codeText == "" && name == "":
			c.skip(r, "合計の行", "total row")
			c.brk("totals", text, "合計・全国計の行がある", "total rows in the table")
			continue
		}
		c.row(r, codeText, name, pref, seen)
	}
}

func isTotal(s string) bool {
	k := normHeading(s)
	if k == "" {
		return false
	}
	if slices.Contains(totalNames, k) {
		return true
	}
	return strings.HasSuffix(k, "計") && !strings.HasSuffix(k, "会計")
}

var naCodes = []string{"<NA>", "NA", "N/A", "#N/A", "NaN", "null", "NULL", "None"}

// row converts one data row.
func (c *converter) row(r int, codeText, name, pref string, seen map[string]string) {
	nErr := len(c.res.Errors)
	vals := make([]string, len(c.cfg.Fields))
	// The as-of date first: names are resolved at it.
	at := c.cfg.AsOf
	if col, ok := c.col["as_of"]; ok {
		raw := strings.TrimSpace(c.src.cell(r, col))
		d, err := c.parseDate(raw, r, col)
		switch {
		case err != nil:
			c.errorf(c.src.Addr(r, col), raw, "時点を日付として読めません", "the as-of date is not a date")
		case !c.cfg.AsOf.IsZero() && !d.Equal(c.cfg.AsOf):
			c.errorf(c.src.Addr(r, col), raw, "時点が --as-of ("+c.cfg.AsOf.Format(time.DateOnly)+") と違います", "the as-of date differs from --as-of "+c.cfg.AsOf.Format(time.DateOnly))
		default:
			at = d
		}
	}
	if at.IsZero() {
		return // reported
	}
	vals[c.field["as_of"]] = at.Format(time.DateOnly)
	e, ok := c.resolve(r, codeText, name, pref, at)
	if !ok {
		return
	}
	if e.Kind == lgcode.KindPrefecture && !c.cfg.Indicator.CoversKind("prefecture") {
		c.skip(r, "都道府県の行 (小計)", "a prefecture's row (subtotal)")
		c.brk("subtotals", e.Name, "都道府県の小計の行が市区町村の間にある", "prefecture subtotal rows among the municipalities")
		return
	}
	switch e.Kind {
	case lgcode.KindWard:
		c.skip(r, "指定都市の区 (地方公共団体ではない) の行: "+e.String(), "a ward of a designated city (not a local government): "+e.String())
		c.brk("subtotals", e.String(), "指定都市の区の内訳の行がある", "rows of designated-city wards")
		return
	case lgcode.KindNorthernVillage:
		c.skip(r, "北方領土の村 (対象外): "+e.String(), "a village of the Northern Territories (out of scope): "+e.String())
		return
	}
	vals[c.field["code"]] = string(e.Code)
	for i, f := range c.cfg.Fields {
		if f.Name == "code" || f.Name == "as_of" {
			continue
		}
		col, ok := c.col[f.Name]
		if !ok {
			continue
		}
		raw := c.src.cell(r, col)
		v, ok := c.value(f, raw, c.src.Addr(r, col))
		if !ok {
			continue
		}
		vals[i] = v
	}
	if len(c.res.Errors) > nErr {
		return
	}
	key := vals[c.field["code"]] + "\x00" + vals[c.field["as_of"]]
	if w, dup := seen[key]; dup {
		c.errorf(c.src.Where(r), "", fmt.Sprintf("%s の %s の行が二つあります (もう一つは %s)", e.String(), vals[c.field["as_of"]], w),
			fmt.Sprintf("a second row for %s on %s (the other is at %s)", e.String(), vals[c.field["as_of"]], w))
		return
	}
	seen[key] = c.src.Where(r)
	c.res.Rows = append(c.res.Rows, Row{Values: vals, Name: e.String(), Line: c.src.Where(r)})
}

var (
	reInt       = regexp.MustCompile(`^[+-]?[0-9]+$`)
	reNum       = regexp.MustCompile(`^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$`)
	reThousands = regexp.MustCompile(`^[+-]?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?$`)
)

func hasFullWidthDigit(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return r >= '０' && r <= '９' })
}

// value reads one cell of field f by the indicator's rules.
func (c *converter) value(f Field, raw, addr string) (string, bool) {
	t := strings.TrimSpace(strings.ReplaceAll(raw, "\u3000", " "))
	if t == "" {
		c.brk("blank-missing", addr, "値のないセルが空欄 (未調査・該当なし・0 の区別がつかない)", "blank cells for missing values (no way to tell not surveyed, not applicable, zero)")
		return "", true
	}
	folded := jatext.Fold(t)
	for _, m := range c.rules.Missing {
		if t == m || folded == jatext.Fold(m) {
			c.brk("missing-marks", addr+" "+t, "値のない印に記号 (－ … * など) を使っている", "marks such as － … * for missing values")
			return "", true
		}
	}
	if hasFullWidthDigit(t) {
		c.brk("fullwidth-digits", addr+" "+t, "数字が全角", "full-width digits")
	}
	bad := func(ja, en string) (string, bool) {
		c.errorf(addr, raw, fmt.Sprintf("項目 %s の値を読めません: %s", f.Name, ja), fmt.Sprintf("cannot read the value of field %s: %s", f.Name, en))
		return "", false
	}
	switch f.Type {
	case "integer", "number":
		s := folded
		for _, u := range c.rules.Units[f.Name] {
			if x, ok := strings.CutSuffix(s, jatext.Fold(u)); ok {
				s = strings.TrimSpace(x)
				c.brk("units", addr+" "+t, "数値のセルに単位 (% 人 枚 など) が入っている", "units (% persons cards …) inside numeric cells")
				break
			}
		}
		if reThousands.MatchString(s) {
			s = strings.ReplaceAll(s, ",", "")
			c.brk("thousands", addr+" "+t, "数値に桁区切りのカンマがある (文字列として入力されている)", "thousands separators in numbers (numbers stored as text)")
		}
		s = strings.TrimPrefix(s, "+")
		if f.Type == "integer" {
			if !reInt.MatchString(s) {
				return bad("整数ではありません", "not an integer")
			}
			n, err := strconv.ParseInt(s, 10, 64)
			if err != nil {
				return bad("整数の範囲を超えています", "out of range")
			}
			return strconv.FormatInt(n, 10), true
		}
		if !reNum.MatchString(s) {
			return bad("数値ではありません", "not a number")
		}
		if strings.HasPrefix(s, ".") {
			s = "0" + s
		}
		return strings.TrimSuffix(s, "."), true
	case "boolean":
		for _, y := range c.rules.Yes {
			if t == y || folded == jatext.Fold(y) {
				c.brk("marks", addr+" "+t, "真偽を記号 (○ 済 など) で表している", "yes/no written as marks (○, 済 …)")
				return "true", true
			}
		}
		for _, n := range c.rules.No {
			if t == n || folded == jatext.Fold(n) {
				c.brk("marks", addr+" "+t, "真偽を記号 (○ 済 など) で表している", "yes/no written as marks (○, 済 …)")
				return "false", true
			}
		}
		switch strings.ToLower(folded) {
		case "true":
			return "true", true
		case "false":
			return "false", true
		}
		return bad(fmt.Sprintf("真偽の印 (%s / %s) ではありません", strings.Join(c.rules.Yes, " "), strings.Join(c.rules.No, " ")),
			fmt.Sprintf("not a yes/no mark (%s / %s)", strings.Join(c.rules.Yes, " "), strings.Join(c.rules.No, " ")))
	case "date":
		d, err := c.parseDate(t, -1, -1)
		if err != nil {
			return bad("日付ではありません", "not a date")
		}
		return d.Format(time.DateOnly), true
	}
	if f.Categories != nil {
		if _, ok := f.Categories[folded]; ok {
			return folded, true
		}
		if v, ok := c.rules.Categories[f.Name][t]; ok {
			return v, true
		}
		if v, ok := c.rules.Categories[f.Name][folded]; ok {
			return v, true
		}
		for v, label := range f.Categories {
			ja, _, _ := strings.Cut(label, " / ")
			if normHeading(ja) == normHeading(t) {
				return v, true
			}
		}
		return bad("区分のどれにも当たりません", "fits none of the categories")
	}
	return t, true
}

var (
	reYMD    = regexp.MustCompile(`^([0-9]{4})[-/.年]([0-9]{1,2})[-/.月]([0-9]{1,2})日?$`)
	reWareki = regexp.MustCompile(`^(令和|平成|昭和|R|H|S)\s*([0-9]{1,2}|元)[-/.年]([0-9]{1,2})[-/.月]([0-9]{1,2})日?$`)
)

// parseDate reads 2022-05-01, 2022/5/1, 2022年5月1日, 令和4年5月1日, R4.5.1.
// row and col, when not negative, let it count the departure from ISO dates.
func (c *converter) parseDate(raw string, row, col int) (time.Time, error) {
	s := jatext.Fold(raw)
	var y, m, d int
	if g := reYMD.FindStringSubmatch(s); g != nil {
		y, _ = strconv.Atoi(g[1])
		m, _ = strconv.Atoi(g[2])
		d, _ = strconv.Atoi(g[3])
	} else if g := reWareki.FindStringSubmatch(s); g != nil {
		n := 1
		if g[2] != "元" {
			n, _ = strconv.Atoi(g[2])
		}
		switch g[1] {
		case "令和", "R":
			y = 2018 + n
		case "平成", "H":
			y = 1988 + n
		default:
			y = 1925 + n
		}
		m, _ = strconv.Atoi(g[3])
		d, _ = strconv.Atoi(g[4])
	} else {
		return time.Time{}, fmt.Errorf("not a date: %q", raw)
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Month() != time.Month(m) || t.Day() != d {
		return time.Time{}, fmt.Errorf("no such day: %q", raw)
	}
	if s != t.Format(time.DateOnly) {
		ex := raw
		if row >= 0 {
			ex = c.src.Addr(row, col) + " " + raw
		}
		c.brk("dates", ex, "日付が YYYY-MM-DD 形式でない (和暦・スラッシュ区切りなど)", "dates not written YYYY-MM-DD (Japanese era, slashes …)")
	}
	return t, nil
}
