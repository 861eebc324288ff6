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
	"encoding/json"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/ichiran-jp/ichiran/tools/catalog"
	"github.com/ichiran-jp/ichiran/tools/jatext"
	"github.com/ichiran-jp/ichiran/tools/lgcode"
	"github.com/ichiran-jp/ichiran/tools/repo"
)

// Config is what a conversion needs.
type Config struct {
	Indicator *catalog.Indicator
	Fields    []Field // of the indicator's Table Schema; repo.CodeField and repo.AsOfField among them
	Codes     *lgcode.Table
	AsOf      time.Time // the as-of date given on the command line; zero if none
	// InCodeOrder: the rows name every municipality in force at the as-of
	// date, in code order, by name only (see [Request.InCodeOrder]).
	InCodeOrder bool
	// NameOverCode: where a code and the name beside it denote different
	// local governments, the name (with its prefecture) decides, each
	// such row noted. Without it the row is an error.
	NameOverCode bool
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
	rolePref     = "\x00prefecture"
	roleName     = "\x00name"
	roleQuestion = "\x00question"
)

func roleLabel(r string) string {
	switch r {
	case rolePref:
		return "都道府県名 / prefecture"
	case roleName:
		return "団体名 / name"
	case roleQuestion:
		return "選択式の設問 / multiple-choice question"
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
	aliases map[string]alias // normHeading(alias) → role
	col     map[string]int   // role → column
	breaks  map[string]*Break
	field   map[string]int // field name → index
	// options are the option labels of a multiple-choice column whose
	// heading is written ["question", ["option", …]] (the answers are
	// then masks such as "v--v"), by column.
	options map[int][]string
	// statuses maps a mark of a procedure's status to the status.
	statuses map[string]string
	asOf     time.Time // the as-of date in force: --as-of, or stated above the header
	// inOrder are the municipalities the rows name in order (InCodeOrder),
	// next the place of the next row.
	inOrder []lgcode.Entry
	next    int
}

// alias is a heading the catalogue gives for a role; rank is its place
// in the catalogue's list (lower is preferred when two columns match).
type alias struct {
	role string
	rank int
}

// Convert reads the rows of src into the indicator's fields.
func Convert(src *Source, cfg Config) *Result {
	c := &converter{cfg: cfg, src: src, res: &Result{Columns: map[string]string{}}, breaks: map[string]*Break{}, field: map[string]int{},
		options: map[int][]string{}, statuses: map[string]string{}, asOf: cfg.AsOf}
	if cfg.Indicator.Import != nil {
		c.rules = *cfg.Indicator.Import
	}
	for i, f := range cfg.Fields {
		c.field[f.Name] = i
	}
	for st, marks := range c.rules.Statuses {
		for _, m := range marks {
			c.statuses[m] = st
			c.statuses[jatext.Fold(m)] = st
		}
	}
	c.readOptions()
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

// byPlace resolves the name of a row by its place: the n-th data row is
// the n-th municipality in force at the date, in code order, and its name
// must denote that municipality (variants and older names included).
func (c *converter) byPlace(r int, name string, at time.Time) (lgcode.Entry, bool) {
	if c.inOrder == nil {
		for _, e := range c.cfg.Codes.InForce(at) {
			if e.InScope() {
				c.inOrder = append(c.inOrder, e)
			}
		}
		slices.SortFunc(c.inOrder, func(a, b lgcode.Entry) int { return strings.Compare(string(a.Code), string(b.Code)) })
	}
	col := c.col[roleName]
	n := c.next
	c.next++
	if n >= len(c.inOrder) {
		c.errorf(c.src.Addr(r, col), name, fmt.Sprintf("%s 時点の市区町村は %d なのに、それより多くの団体が並んでいます", at.Format(time.DateOnly), len(c.inOrder)),
			fmt.Sprintf("more local governments than the %d municipalities in force on %s", len(c.inOrder), at.Format(time.DateOnly)))
		return lgcode.Entry{}, false
	}
	e := c.inOrder[n]
	if !c.nameDenotes(name, e.Prefecture, e, at) {
		c.errorf(c.src.Addr(r, col), name, fmt.Sprintf("コード順で %d 番目は %s のはずですが、名前が合いません", n+1, e.String()),
			fmt.Sprintf("place %d in code order is %s, but the name does not match it", n+1, e.String()))
		return lgcode.Entry{}, false
	}
	c.brk("name-only", name, "団体コードがなく名前だけで団体を示している", "local governments given by name, without their code")
	return e, true
}

func (c *converter) finish() *Result {
	if c.cfg.InCodeOrder && len(c.res.Errors) == 0 && c.next != len(c.inOrder) {
		c.errorf(c.src.Path, "", fmt.Sprintf("コード順に並ぶはずの市区町村 %d のうち %d しかありません", len(c.inOrder), c.next),
			fmt.Sprintf("only %d of the %d municipalities that should be listed in code order", c.next, len(c.inOrder)))
	}
	keys := []string{"encoding", "bom", "header-row", "multi-row-header", "merged-heading", "title-rows", "totals", "subtotals", "notes",
		"lost-zero", "standard-code", "fullwidth-code", "name-only", "name-prefix", "fullwidth-digits", "thousands", "units", "missing-marks", "blank-missing",
		"blank-value", "words", "approximate", "marks", "choices", "multi-value", "dates", "retroactive", "wrong-code"}
	for _, k := range keys {
		if b := c.breaks[k]; b != nil {
			c.res.Breaks = append(c.res.Breaks, b)
		}
	}
	slices.SortStableFunc(c.res.Rows, func(a, b Row) int {
		if x := strings.Compare(a.Values[c.field[repo.CodeField]], b.Values[c.field[repo.CodeField]]); x != 0 {
			return x
		}
		return strings.Compare(a.Values[c.field[repo.AsOfField]], b.Values[c.field[repo.AsOfField]])
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
	c.aliases = map[string]alias{}
	rank := map[string]int{}
	add := func(a, role string) {
		k := normHeading(a)
		if k == "" {
			return
		}
		if _, ok := c.aliases[k]; !ok {
			c.aliases[k] = alias{role, rank[role]}
			rank[role]++
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
	// A procedure's field is named by the procedure's name in the annex.
	for _, p := range c.cfg.Indicator.Procedures {
		add(p.Name, p.ID)
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

// readOptions finds, in the rows a header can be in, the headings written
// as JSON ["question", ["option", …]] (the form Code for FUKUI's parsed
// survey tables use): the heading becomes the question, and the options
// are kept for the column, whose answers are masks ("v--v": the first and
// fourth option chosen).
func (c *converter) readOptions() {
	for r := 0; r < min(len(c.src.Rows), headerScan); r++ {
		for col, v := range c.src.Rows[r] {
			if !strings.HasPrefix(strings.TrimSpace(v), "[") {
				continue
			}
			var q []json.RawMessage
			if json.Unmarshal([]byte(v), &q) != nil || len(q) != 2 {
				continue
			}
			var text string
			var opts []string
			if json.Unmarshal(q[0], &text) != nil || json.Unmarshal(q[1], &opts) != nil || len(opts) == 0 {
				continue
			}
			c.src.Rows[r][col] = text
			c.options[col] = opts
		}
	}
}

// headerScan is how many rows from the top may hold the header; maxDepth
// is the most rows a header may span.
const (
	headerScan = 40
	maxDepth   = 6
)

// match finds the role of a column from its heading parts (top to bottom):
// the whole heading first (strength 3), then each part from the bottom up
// (2), each without a trailing unit in brackets (1).
func (c *converter) match(parts []string) (alias, int) {
	joined := strings.Join(parts, "")
	cands := []string{joined}
	for i := len(parts) - 1; i >= 0; i-- {
		cands = append(cands, parts[i])
	}
	for i, s := range cands {
		k := normHeading(s)
		if a, ok := c.aliases[k]; ok {
			if i == 0 {
				return a, 3
			}
			return a, 2
		}
		if k2 := trailingParen.ReplaceAllString(k, ""); k2 != k {
			if a, ok := c.aliases[k2]; ok {
				return a, 1
			}
		}
	}
	// A survey's question written out in full, with its number before
	// and its notes after: a long heading of the catalogue inside it.
	k := normHeading(joined)
	best, found := alias{}, false
	for _, h := range slices.Sorted(maps.Keys(c.aliases)) {
		if utf8.RuneCountInString(h) >= minContained && strings.Contains(k, h) {
			if a := c.aliases[h]; !found || a.role == best.role && a.rank < best.rank {
				best, found = a, true
			} else if a.role != best.role {
				return alias{}, 0 // two fields: no match
			}
		}
	}
	if found {
		return best, 1
	}
	return alias{}, 0
}

// minContained is the length (in characters) from which a heading of the
// catalogue also names a column whose heading contains it.
const minContained = 12

// isQuestion reports whether the heading parts name the multiple-choice
// question of the catalogue's import.question (a heading that contains
// one of them).
func (c *converter) isQuestion(parts []string) bool {
	k := normHeading(strings.Join(parts, ""))
	for _, q := range c.rules.Question {
		if q = normHeading(q); q != "" && strings.Contains(k, q) {
			return true
		}
	}
	return false
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
	for start := 0; start < min(len(c.src.Rows), headerScan); start++ {
		for depth := 1; depth <= maxDepth && start+depth <= len(c.src.Rows); depth++ {
			parts, carried := c.headingParts(start, depth)
			roles := map[string]int{}
			strength := map[string]int{}
			rank := map[string]int{}
			amb := map[string][]int{}
			for col, p := range parts {
				if len(p) == 0 {
					continue
				}
				if len(c.rules.Question) > 0 && c.isQuestion(p) {
					if _, ok := roles[roleQuestion]; ok {
						amb[roleQuestion] = append(amb[roleQuestion], col)
					} else {
						roles[roleQuestion], strength[roleQuestion] = col, 1
					}
					continue
				}
				a, s := c.match(p)
				r := a.role
				if r == "" {
					continue
				}
				_, seen := roles[r]
				switch {
				case !seen || s > strength[r] || s == strength[r] && a.rank < rank[r]:
					roles[r], strength[r], rank[r] = col, s, a.rank
					delete(amb, r)
				case s == strength[r] && a.rank == rank[r]:
					amb[r] = append(amb[r], col)
				}
			}
			var ambiguous []string
			for _, r := range sortedRoles(amb) {
				cols := []string{ColumnName(roles[r])}
				for _, col := range amb[r] {
					cols = append(cols, ColumnName(col))
				}
				ambiguous = append(ambiguous, roleLabel(r)+": "+strings.Join(cols, ", "))
			}
			_, hasCode := roles[repo.CodeField]
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
		c.res.Columns[roleLabel(r)] = c.src.ColumnLabel(col) + " " + headingText(best.parts[col])
	}
	for col, p := range best.parts {
		if len(p) > 0 && !slices.Contains(mapValues(best.roles), col) {
			c.res.Unused = append(c.res.Unused, c.src.ColumnLabel(col)+" "+headingText(p))
		}
	}
	if _, ok := best.roles[repo.AsOfField]; !ok {
		c.statedAsOf(best.start)
	}
	for _, f := range c.cfg.Fields {
		if _, ok := best.roles[f.Name]; ok {
			continue
		}
		if f.Name == repo.AsOfField && !c.asOf.IsZero() {
			continue
		}
		if _, ok := c.rules.Selections[f.Name]; ok {
			if _, q := best.roles[roleQuestion]; q {
				continue
			}
			c.errorf(c.src.Where(best.start), "", fmt.Sprintf("項目 %s の選択式の設問の列が見つかりません (カタログの import.question)", f.Name),
				fmt.Sprintf("no column of the multiple-choice question for field %s (the catalogue's import.question)", f.Name))
			continue
		}
		if p := c.cfg.Indicator.Procedure(f.Name); p != nil && !c.asOf.IsZero() && !p.AppliesAt(c.asOf) {
			continue // not in the annex at the date: no column expected
		}
		if q, ok := c.qualifierOf(f.Name); ok {
			if _, ok := best.roles[q]; ok {
				continue
			}
		}
		if f.Name == repo.CodeField {
			continue // names will do
		}
		if f.Name == repo.AsOfField {
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

// headingText is a column's heading for people, on one line: its parts
// joined, or only the last part (…／name) when that would be long.
func headingText(parts []string) string {
	s := strings.Join(parts, "／")
	if len([]rune(s)) > 40 && len(parts) > 1 {
		s = "…／" + parts[len(parts)-1]
	}
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 60 {
		s = string(r[:60]) + "…"
	}
	return s
}

// qualifierOf returns the numeric field whose qualifier field is name.
func (c *converter) qualifierOf(name string) (string, bool) {
	for f, q := range c.rules.Qualified {
		if q.Field == name {
			return f, true
		}
	}
	return "", false
}

var reStated = regexp.MustCompile(`(令和|平成)\s*([0-9]+|元)\s*年度末\s*時点|([0-9]{4}|(?:令和|平成)\s*(?:[0-9]+|元))\s*年\s*([0-9]{1,2})\s*月\s*([0-9]{1,2})\s*日\s*時点`)

// statedAsOf reads an as-of date stated above the header (「（令和６年度末
// 時点）」 → 2025-03-31; 「2025年3月31日時点」): when --as-of is given too,
// the two must agree.
func (c *converter) statedAsOf(header int) {
	for r := 0; r < header; r++ {
		for col, v := range c.src.Rows[r] {
			g := reStated.FindStringSubmatch(jatext.Fold(v))
			if g == nil {
				continue
			}
			var d time.Time
			if g[1] != "" {
				n := 1
				if g[2] != "元" {
					n, _ = strconv.Atoi(g[2])
				}
				y := 2018 + n
				if g[1] == "平成" {
					y = 1988 + n
				}
				d = time.Date(y+1, 3, 31, 0, 0, 0, 0, time.UTC)
			} else {
				t, err := c.parseDate(g[3]+"年"+g[4]+"月"+g[5]+"日", -1, -1)
				if err != nil {
					continue
				}
				d = t
			}
			addr := c.src.Addr(r, col)
			if !c.cfg.AsOf.IsZero() && !d.Equal(c.cfg.AsOf) {
				c.errorf(addr, v, "ファイルに書かれた時点 "+d.Format(time.DateOnly)+" が --as-of ("+c.cfg.AsOf.Format(time.DateOnly)+") と違います",
					"the as-of date stated in the file, "+d.Format(time.DateOnly)+", differs from --as-of "+c.cfg.AsOf.Format(time.DateOnly))
				return
			}
			c.asOf = d
			c.res.Notes = append(c.res.Notes, Problem{Where: addr, Text: strings.TrimSpace(v),
				Ja: "時点をファイルの記載から読みました: " + d.Format(time.DateOnly), En: "the as-of date is read from the file: " + d.Format(time.DateOnly)})
			c.brk("dates", addr+" "+strings.TrimSpace(v), "日付が YYYY-MM-DD 形式でない (和暦・スラッシュ区切りなど)", "dates not written YYYY-MM-DD (Japanese era, slashes …)")
			return
		}
	}
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

func sortedRoles(m map[string][]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
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
	text := rowText(c.src.Rows[row])
	if r := []rune(text); len(r) > maxSkipText {
		text = string(r[:maxSkipText]) + "…"
	}
	c.res.Skipped = append(c.res.Skipped, Skip{Where: c.src.Where(row), Text: text, Ja: ja, En: en})
}

// maxSkipText bounds the text of a skipped row kept for people.
const maxSkipText = 120

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
		codeText, _, _ := c.get(r, repo.CodeField)
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
		case isNote(jatext.Fold(first)) && (codeText == "" || nonBlank == 1):
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
	at := c.asOf
	if col, ok := c.col[repo.AsOfField]; ok {
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
	vals[c.field[repo.AsOfField]] = at.Format(time.DateOnly)
	var e lgcode.Entry
	var ok bool
	if c.cfg.InCodeOrder {
		e, ok = c.byPlace(r, name, at)
	} else {
		e, ok = c.resolve(r, codeText, name, pref, at)
	}
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
	vals[c.field[repo.CodeField]] = string(e.Code)
	for i, f := range c.cfg.Fields {
		if f.Name == repo.CodeField || f.Name == repo.AsOfField {
			continue
		}
		col, ok := c.col[f.Name]
		if !ok {
			continue
		}
		raw := c.src.cell(r, col)
		addr := c.src.Addr(r, col)
		if opts := c.options[col]; opts != nil {
			var ok bool
			if raw, ok = c.oneChoice(raw, opts, addr, f.Name); !ok {
				continue
			}
		}
		if q, ok := c.rules.Qualified[f.Name]; ok {
			v, qual, ok := c.qualified(f, q, raw, addr)
			if ok {
				vals[i] = v
				if j, ok := c.field[q.Field]; ok {
					vals[j] = qual
				}
			}
			continue
		}
		if p := c.cfg.Indicator.Procedure(f.Name); p != nil && len(c.rules.Statuses) > 0 {
			if !p.AppliesAt(at) {
				if strings.TrimSpace(raw) != "" {
					c.errorf(addr, raw, fmt.Sprintf("手続 %s (%s) は %s 時点の別紙にありません", p.ID, p.Name, at.Format(time.DateOnly)),
						fmt.Sprintf("procedure %s (%s) is not in the annex on %s", p.ID, p.Name, at.Format(time.DateOnly)))
				}
				continue
			}
			if v, ok := c.status(raw, addr, p); ok {
				vals[i] = v
			}
			continue
		}
		v, ok := c.value(f, raw, addr)
		if !ok {
			continue
		}
		vals[i] = v
	}
	if col, ok := c.col[roleQuestion]; ok {
		c.selections(r, col, vals)
	}
	if len(c.res.Errors) > nErr {
		return
	}
	key := vals[c.field[repo.CodeField]] + "\x00" + vals[c.field[repo.AsOfField]]
	if w, dup := seen[key]; dup {
		c.errorf(c.src.Where(r), "", fmt.Sprintf("%s の %s の行が二つあります (もう一つは %s)", e.String(), vals[c.field[repo.AsOfField]], w),
			fmt.Sprintf("a second row for %s on %s (the other is at %s)", e.String(), vals[c.field[repo.AsOfField]], w))
		return
	}
	seen[key] = c.src.Where(r)
	c.res.Rows = append(c.res.Rows, Row{Values: vals, Name: e.String(), Line: c.src.Where(r)})
}

// status reads the mark of a procedure's status: the catalogue's marks,
// and a blank cell as import.blank; any other mark is an error.
func (c *converter) status(raw, addr string, p *catalog.Procedure) (string, bool) {
	t := strings.TrimSpace(strings.ReplaceAll(raw, "\u3000", " "))
	if t == "" {
		if c.rules.Blank == "" {
			c.errorf(addr, raw, fmt.Sprintf("手続 %s の状況が空欄です", p.ID), fmt.Sprintf("the status of procedure %s is blank", p.ID))
			return "", false
		}
		c.brk("blank-value", addr, "空欄が値を表している (空欄 = オンライン化されていない)", "blank cells that carry a value (blank = not online)")
		return c.rules.Blank, true
	}
	if st, ok := c.statuses[t]; ok {
		c.brk("marks", addr+" "+t, "状況を記号 (○ ー など) で表している", "statuses written as marks (○, ー …)")
		return st, true
	}
	if st, ok := c.statuses[jatext.Fold(t)]; ok {
		c.brk("marks", addr+" "+t, "状況を記号 (○ ー など) で表している", "statuses written as marks (○, ー …)")
		return st, true
	}
	if slices.Contains(catalog.ProcedureStatuses, t) {
		return t, true
	}
	var marks []string
	for _, st := range slices.Sorted(maps.Keys(c.rules.Statuses)) {
		marks = append(marks, st+": "+strings.Join(c.rules.Statuses[st], " "))
	}
	c.errorf(addr, raw, fmt.Sprintf("手続 %s (%s) の状況の印ではありません (%s、空欄: %s)", p.ID, p.Name, strings.Join(marks, "; "), c.rules.Blank),
		fmt.Sprintf("not a status mark of procedure %s (%s): expected %s, or blank for %s", p.ID, p.Name, strings.Join(marks, "; "), c.rules.Blank))
	return "", false
}

// qualified reads a figure that may be qualified (約1,000 → 1000,
// approximate; 不明 → no figure, unknown).
func (c *converter) qualified(f Field, q catalog.Qualifier, raw, addr string) (v, qual string, ok bool) {
	t := strings.TrimSpace(strings.ReplaceAll(raw, "\u3000", " "))
	if t == "" {
		if q.Blank == "" {
			c.errorf(addr, raw, fmt.Sprintf("項目 %s が空欄です", f.Name), fmt.Sprintf("field %s is blank", f.Name))
			return "", "", false
		}
		c.brk("blank-missing", addr, "値のないセルが空欄 (未調査・該当なし・0 の区別がつかない)", "blank cells for missing values (no way to tell not surveyed, not applicable, zero)")
		return "", q.Blank, true
	}
	for _, w := range slices.Sorted(maps.Keys(q.Words)) {
		if t == w || jatext.Fold(t) == jatext.Fold(w) {
			c.brk("words", addr+" "+t, "数値の欄に語 (不明 など) が入っている", "words (不明 …) in numeric cells")
			return "", q.Words[w], true
		}
	}
	qual = q.Exact
	for _, p := range slices.Sorted(maps.Keys(q.Prefixes)) {
		if rest, cut := strings.CutPrefix(t, p); cut {
			t, qual = strings.TrimSpace(rest), q.Prefixes[p]
			c.brk("approximate", addr+" "+raw, "概数が語 (約 など) つきで数値の欄に入っている", "approximate figures written with a word (約 …) in numeric cells")
			break
		}
	}
	v, ok = c.value(f, t, addr)
	if !ok || v == "" {
		return "", "", false
	}
	return v, qual, true
}

// choices decodes the answer of a multiple-choice cell: a mask over the
// column's options ("v--v"), or the labels chosen, separated by ";",
// tabs or new lines.
func choices(raw string, opts []string) ([]string, bool) {
	t := strings.TrimSpace(raw)
	if opts != nil {
		if len(t) != len(opts) || strings.Trim(t, "v-") != "" {
			return nil, false
		}
		var out []string
		for i, ch := range t {
			if ch == 'v' {
				out = append(out, opts[i])
			}
		}
		return out, true
	}
	var out []string
	for _, p := range strings.FieldsFunc(t, func(r rune) bool { return r == ';' || r == '\t' || r == '\n' || r == '\r' }) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out, true
}

// oneChoice reads a single-choice answer written as a mask: the label
// chosen, "" for none.
func (c *converter) oneChoice(raw string, opts []string, addr, field string) (string, bool) {
	chosen, ok := choices(raw, opts)
	switch {
	case !ok:
		c.errorf(addr, raw, fmt.Sprintf("項目 %s の回答が選択肢 %d 個の印 (v と -) ではありません", field, len(opts)),
			fmt.Sprintf("the answer for field %s is not a mask (v and -) over its %d options", field, len(opts)))
		return "", false
	case len(chosen) > 1:
		c.errorf(addr, raw, fmt.Sprintf("項目 %s の回答が一つではありません: %s", field, strings.Join(chosen, "; ")),
			fmt.Sprintf("more than one answer for field %s: %s", field, strings.Join(chosen, "; ")))
		return "", false
	case len(chosen) == 0:
		return "", true
	}
	c.brk("choices", addr, "選択式の回答が選択肢ごとの印 (v-) で書かれている", "multiple-choice answers written as masks over the options (v-)")
	return chosen[0], true
}

// selections fills the fields of a multiple-choice question (the
// datasets published): true for each option chosen, false for the others
// when the row answered the survey, nothing when it did not. An option
// the catalogue does not know is an error.
func (c *converter) selections(r, col int, vals []string) {
	raw := c.src.cell(r, col)
	addr := c.src.Addr(r, col)
	chosen, ok := choices(raw, c.options[col])
	if !ok {
		c.errorf(addr, raw, fmt.Sprintf("回答が選択肢 %d 個の印 (v と -) ではありません", len(c.options[col])),
			fmt.Sprintf("the answer is not a mask (v and -) over the %d options", len(c.options[col])))
		return
	}
	if c.options[col] != nil && len(chosen) > 0 {
		c.brk("choices", addr, "選択式の回答が選択肢ごとの印 (v-) で書かれている", "multiple-choice answers written as masks over the options (v-)")
	}
	if c.options[col] == nil && len(chosen) > 1 {
		c.brk("multi-value", addr, "一つのセルに複数の値がある (区切り文字で連結)", "several values in one cell (joined by separators)")
	}
	label := map[string]string{} // folded label → field, "" for none
	for f, ls := range c.rules.Selections {
		for _, l := range ls {
			label[normHeading(l)] = f
		}
	}
	picked := map[string]bool{}
	for _, ch := range chosen {
		f, ok := label[normHeading(ch)]
		if !ok {
			c.errorf(addr, raw, fmt.Sprintf("選択肢「%s」はカタログの import.selections にありません", ch),
				fmt.Sprintf("option %q is not in the catalogue's import.selections", ch))
			continue
		}
		picked[f] = true
	}
	answered := true
	if i, ok := c.field["answered"]; ok {
		answered = vals[i] == "true"
	}
	for f := range c.rules.Selections {
		i, ok := c.field[f]
		if !ok {
			continue
		}
		switch {
		case !answered && len(chosen) > 0:
			c.errorf(addr, raw, "回答していない団体の行に選択肢があります", "options chosen in the row of a local government that did not answer")
			return
		case !answered:
			vals[i] = ""
		case picked[f]:
			vals[i] = "true"
		default:
			vals[i] = "false"
		}
	}
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
	if f.Type != "string" {
		if v, ok := c.rules.Categories[f.Name][t]; ok {
			return v, true
		}
		if v, ok := c.rules.Categories[f.Name][folded]; ok {
			return v, true
		}
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
			// 23.0 (a workbook's number written by a spreadsheet) is 23.
			if i := strings.IndexByte(s, '.'); i > 0 && strings.Trim(s[i+1:], "0") == "" {
				s = s[:i]
			}
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
		return canonicalNumber(s, c.decimals(f.Name)), true
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

// decimals is the number of decimals the catalogue declares for a
// numeric field (its consistency rule), -1 when it declares none.
func (c *converter) decimals(field string) int {
	for _, k := range c.cfg.Indicator.Consistency {
		if k.Field == field {
			return k.Decimals
		}
	}
	return -1
}

// canonicalNumber writes a decimal number (digits, an optional point and
// digits) in one way, so that the same figure from a workbook (27.2, 25),
// a CSV (27.20, 25.0) or a template gives the same bytes: with decimals
// places when declared (trailing zeros added or removed, never a
// significant digit), else with no trailing zeros. It never rounds.
func canonicalNumber(s string, decimals int) string {
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	whole, frac, _ := strings.Cut(s, ".")
	whole = strings.TrimLeft(whole, "0")
	if whole == "" {
		whole = "0"
	}
	frac = strings.TrimRight(frac, "0")
	if decimals > len(frac) {
		frac += strings.Repeat("0", decimals-len(frac))
	}
	if whole == "0" && strings.Trim(frac, "0") == "" {
		sign = ""
	}
	if frac == "" {
		return sign + whole
	}
	return sign + whole + "." + frac
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
