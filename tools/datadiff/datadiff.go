// Package datadiff compares an ichiran data package at two revisions, for
// reviewers: resource by resource, rows matched by primary key (or, without
// one, by the whole row), it lists the rows added, removed and changed with
// each changed cell old → new (a row whose as-of date alone changed, for a
// code that lost that date and gained the other, is one change of its
// as_of cell), the schema changes and the files added and removed, and flags what a reviewer must not miss: errata, jumps, falls of
// cumulative figures, municipalities that disappeared and unknown codes.
// Every row a person reads is named, not only coded.
//
// Each side is read through package repo, as every command reads the
// repository: a side that cannot be read whole (a symbolic link, a line
// that is not CSV, a descriptor or catalogue with problems) is a
// [LoadError], never a diff of what could be read. A revision is read from
// git in two processes (git ls-tree, git cat-file), and only what differs
// from the other side ([Git.SnapshotBeside]).
//
// データパッケージを 2 つの版で比べ、行の追加・削除・変更、スキーマとファイルの変更を示し、
// 見落としてはならない点 (過去の時点の訂正、急変、累計値の減少、消えた団体、不明なコード) を指摘します。
package datadiff

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ichiran-jp/ichiran/tools/catalog"
	"github.com/ichiran-jp/ichiran/tools/lgcode"
	"github.com/ichiran-jp/ichiran/tools/repo"
)

// Flag codes: what a reviewer must not miss.
const (
	FlagErratum     = "erratum"      // a figure of an earlier or already published as-of date was revised
	FlagJump        = "jump"         // a value moved beyond its kind's threshold (see Thresholds)
	FlagFall        = "fall"         // a value that only rises fell (the catalogue's changes.monotonic)
	FlagDisappeared = "disappeared"  // a local government present in base at an as-of date is absent in head
	FlagUnknownCode = "unknown-code" // a code no local government had on the row's as-of date
)

// Change kinds of files, resources and schema fields.
const (
	Added    = "added"
	Removed  = "removed"
	Modified = "modified"
	Retyped  = "retyped"
)

// Snapshot is the data package as it stands at one revision. Two
// snapshots may share tables (see [Git.SnapshotBeside]): they are read
// only.
type Snapshot struct {
	Label   string   // what the revision is, for people: "HEAD~1 (1a2b3c4)", "作業ツリー / working tree"
	Files   []string // the package's files, slash paths relative to its directory
	Tables  []*Table
	Codes   *lgcode.Table    // the code table; nil for a plain Data Package
	Catalog *catalog.Catalog // nil for a plain Data Package

	// blobs are the git blob ids of the descriptor and the files it
	// names, by path, when known; refs, the files it names.
	blobs map[string]string
	refs  []string
}

// Table is one tabular resource, read whole.
type Table struct {
	Resource   string
	Indicator  string   // the catalogue's indicator, "" for others
	Paths      []string // its files, slash paths in the package (the repository's resources have one)
	Fields     []Field  // from the schema (or the header, typed "", without one)
	PrimaryKey []string
	Header     []string
	Rows       [][]string
	Lines      []int // the file's line where each row starts (none for a table made in code)
	// blob is the git blob id of the file, when known: two tables with
	// the same have the same rows.
	blob string
}

// The fields every indicator row has, by their names in the repository.
const (
	codeField = repo.CodeField
	asOfField = repo.AsOfField
)

// Field is a schema field, as the diff sees it.
type Field struct {
	Name string `json:"name"`
	Type string `json:"type"`
}

// Result is what Compare found.
type Result struct {
	Base      string         `json:"base"`
	Head      string         `json:"head"`
	Files     []FileChange   `json:"files"`
	Resources []ResourceDiff `json:"resources"`
	Flags     []Flag         `json:"flags"`
}

// FileChange is a file of the package added or removed.
type FileChange struct {
	Path   string `json:"path"`
	Change string `json:"change"`
}

// ResourceDiff is what changed in one resource.
type ResourceDiff struct {
	Name      string        `json:"name"`
	Indicator string        `json:"indicator,omitempty"`
	Title     string        `json:"title,omitempty"`
	Path      string        `json:"path"` // its files, for people (Table.Paths joined by ", ")
	Change    string        `json:"change"`
	Key       []string      `json:"key"` // the fields rows are matched by; empty: the whole row
	Schema    []FieldChange `json:"schema"`
	Added     []Row         `json:"added"`
	Removed   []Row         `json:"removed"`
	Changed   []RowChange   `json:"changed"`
}

// FieldChange is a schema field added, removed or retyped.
type FieldChange struct {
	Field   string `json:"field"`
	Change  string `json:"change"`
	OldType string `json:"oldType,omitempty"`
	NewType string `json:"newType,omitempty"`
}

// Row is a row added or removed.
type Row struct {
	Key   []string `json:"key"`
	Name  string   `json:"name,omitempty"` // the local government, "北海道 札幌市 (011002)"
	Cells []Cell   `json:"cells"`          // the cells outside the key
}

// Cell is one cell of a row.
type Cell struct {
	Field string `json:"field"`
	Value string `json:"value"`
}

// RowChange is a row whose cells changed.
type RowChange struct {
	Key   []string     `json:"key"`
	Name  string       `json:"name,omitempty"`
	Cells []CellChange `json:"cells"`
}

// CellChange is one cell old → new.
type CellChange struct {
	Field string `json:"field"`
	Old   string `json:"old"`
	New   string `json:"new"`
}

// Flag is something a reviewer must not miss.
type Flag struct {
	Code     string   `json:"code"`
	Resource string   `json:"resource"`
	Key      []string `json:"key"`
	Name     string   `json:"name,omitempty"`
	Field    string   `json:"field,omitempty"`
	Old      string   `json:"old,omitempty"`
	New      string   `json:"new,omitempty"`
	Ja       string   `json:"ja"`
	En       string   `json:"en"`
}

// Empty reports whether nothing changed.
func (r *Result) Empty() bool { return len(r.Files) == 0 && len(r.Resources) == 0 }

// Options tune Compare.
type Options struct {
	// Now decides which as-of dates are already published (an edition
	// whose 30 June has passed carries them). Zero: time.Now().
	Now time.Time
}

// Compare compares base with head.
func Compare(base, head *Snapshot, opt Options) *Result {
	if opt.Now.IsZero() {
		opt.Now = time.Now()
	}
	c := &comparer{base: base, head: head, opt: opt}
	res := &Result{Base: base.Label, Head: head.Label, Files: []FileChange{}, Resources: []ResourceDiff{}, Flags: []Flag{}}
	bf, hf := set(base.Files), set(head.Files)
	for _, f := range head.Files {
		if !bf[f] {
			res.Files = append(res.Files, FileChange{f, Added})
		}
	}
	for _, f := range base.Files {
		if !hf[f] {
			res.Files = append(res.Files, FileChange{f, Removed})
		}
	}
	slices.SortFunc(res.Files, func(a, b FileChange) int { return cmp.Compare(a.Path, b.Path) })
	res.Files = slices.Compact(res.Files)

	bt, ht := tables(base), tables(head)
	var names []string
	for n := range bt {
		names = append(names, n)
	}
	for n := range ht {
		if bt[n] == nil {
			names = append(names, n)
		}
	}
	slices.Sort(names)
	for _, n := range names {
		if d, ok := c.resource(bt[n], ht[n]); ok {
			res.Resources = append(res.Resources, d)
		}
	}
	c.series()
	c.disappeared()
	res.Flags = append([]Flag{}, c.flags...)
	slices.SortStableFunc(res.Flags, func(a, b Flag) int {
		return cmp.Or(cmp.Compare(a.Resource, b.Resource), slices.Compare(a.Key, b.Key), cmp.Compare(a.Code, b.Code), cmp.Compare(a.Field, b.Field), cmp.Compare(a.Ja, b.Ja))
	})
	return res
}

type comparer struct {
	base, head *Snapshot
	opt        Options
	flags      []Flag
	// touched: the head rows added or changed, by resource, then row key
	// string (code + "\x00" + as-of).
	touched map[string]map[string]bool
	// moved: the base rows whose as_of changed (see redated), by resource
	// + "\x00" + row key string.
	moved map[string]bool
}

func set(xs []string) map[string]bool {
	m := map[string]bool{}
	for _, x := range xs {
		m[x] = true
	}
	return m
}

func tables(s *Snapshot) map[string]*Table {
	m := map[string]*Table{}
	for _, t := range s.Tables {
		m[t.Resource] = t
	}
	return m
}

func (c *comparer) flag(f Flag) { c.flags = append(c.flags, f) }

// sameRows reports whether a base table and a head table were read from
// the same content, for the same indicator: no row of one is missing from
// the other, and none changed. Comparing them row by row, the diff of a
// pull request that changes one file would cost as much as the whole
// package.
func sameRows(b, h *Table) bool {
	return b != nil && h != nil && b.Indicator == h.Indicator && (b == h || b.blob != "" && b.blob == h.blob)
}

// resource compares one resource; ok is false when nothing changed.
func (c *comparer) resource(b, h *Table) (ResourceDiff, bool) {
	t := cmp.Or(h, b)
	d := ResourceDiff{Name: t.Resource, Indicator: t.Indicator, Path: strings.Join(t.Paths, ", "), Change: Modified,
		Key: []string{}, Schema: []FieldChange{}, Added: []Row{}, Removed: []Row{}, Changed: []RowChange{}}
	if cat := cmp.Or(c.head.Catalog, c.base.Catalog); cat != nil && t.Indicator != "" {
		if ind := cat.Indicator(t.Indicator); ind != nil {
			d.Title = ind.Title.Ja
		}
	}
	if sameRows(b, h) {
		d.Schema = schemaDiff(b.Fields, h.Fields)
		d.Key = append(d.Key, matchKey(b, h)...)
		return d, len(d.Schema) > 0
	}
	empty := &Table{Resource: t.Resource}
	switch {
	case b == nil:
		d.Change, b = Added, empty
	case h == nil:
		d.Change, h = Removed, empty
	}
	if b != empty && h != empty {
		d.Schema = schemaDiff(b.Fields, h.Fields)
	}
	key := matchKey(b, h)
	d.Key = append(d.Key, key...)
	// Compared: the columns both have, in head's order.
	var common []string
	for _, n := range h.Header {
		if slices.Contains(b.Header, n) || b == empty {
			common = append(common, n)
		}
	}
	if h == empty {
		common = b.Header
	}
	bi, hi := index(b, key), index(h, key)
	newest := ""
	if i := slices.Index(h.Header, asOfField); i >= 0 {
		for _, r := range h.Rows {
			if i < len(r) && r[i] > newest {
				newest = r[i]
			}
		}
	}
	redated := c.redated(b, h, key, bi, hi)
	for _, k := range sortedKeys(hi) {
		hr := hi[k]
		br, ok := bi[k]
		if from, moved := redated[k]; moved {
			br, ok = bi[from], true
		}
		if !ok || len(br) < len(hr) {
			from := 0
			if ok {
				from = len(br)
			}
			for _, r := range hr[from:] {
				row := c.row(h, key, r, common)
				d.Added = append(d.Added, row)
				c.touch(h, r)
				c.unknown(h, key, r, row.Name)
			}
			continue
		}
		if len(key) == 0 {
			continue // whole rows: equal
		}
		var cells []CellChange
		for _, n := range common {
			o, nw := cell(b, br[0], n), cell(h, hr[0], n)
			if o != nw {
				cells = append(cells, CellChange{n, o, nw})
			}
		}
		if len(cells) == 0 {
			continue
		}
		name := c.name(h, hr[0])
		d.Changed = append(d.Changed, RowChange{Key: keyOf(h, key, hr[0]), Name: name, Cells: cells})
		c.touch(h, hr[0])
		c.changed(h, key, hr[0], name, cells, newest)
	}
	movedFrom := map[string]bool{}
	for _, from := range redated {
		movedFrom[from] = true
	}
	for _, k := range sortedKeys(bi) {
		br := bi[k]
		hr := hi[k]
		if len(hr) < len(br) && !movedFrom[k] {
			for _, r := range br[len(hr):] {
				d.Removed = append(d.Removed, c.row(b, key, r, common))
			}
		}
	}
	if d.Change == Modified && len(d.Schema) == 0 && len(d.Added) == 0 && len(d.Removed) == 0 && len(d.Changed) == 0 {
		return d, false
	}
	return d, true
}

// redated pairs the rows whose key differs only by as_of: for a code (with
// the rest of the key), one row in base at a date head lacks and one row in
// head at a date base lacks, and no other row of that code added or
// removed. Such a pair is one change of the as_of cell (a date mistyped and
// corrected, 2021-05-10 → 2021-05-01), not a removal, an addition and a
// municipality that disappeared. It returns head's key string → base's,
// and records base's rows so that disappeared passes over them. Only when
// unambiguous: two rows added or removed for a code give no pair, and so
// does a date that every row left (the old date gone from head and the new
// one absent from base: the figures were replaced, not redated).
//
// キーが as_of だけ違う行の組 (同じ団体で、消えた時点と現れた時点が一つずつ) は、
// 削除と追加ではなく as_of の変更とみなします。
func (c *comparer) redated(b, h *Table, key []string, bi, hi map[string][][]string) map[string]string {
	at := slices.Index(key, asOfField)
	if at < 0 || !dated(b) || !dated(h) {
		return nil
	}
	// rest is the key without as_of: code and any other key field.
	rest := func(t *Table, r []string) string {
		k := keyOf(t, key, r)
		return strings.Join(slices.Delete(k, at, at+1), "\x00")
	}
	type side struct {
		n   int
		key string
		row []string
	}
	removed, added := map[string]*side{}, map[string]*side{}
	note := func(m map[string]*side, t *Table, k string, rows [][]string) {
		for _, r := range rows {
			id := rest(t, r)
			if m[id] == nil {
				m[id] = &side{}
			}
			m[id].n++
			m[id].key, m[id].row = k, r
		}
	}
	for k, br := range bi {
		if hr := hi[k]; len(hr) < len(br) {
			note(removed, b, k, br[len(hr):])
		}
	}
	for k, hr := range hi {
		if br := bi[k]; len(br) < len(hr) {
			note(added, h, k, hr[len(br):])
		}
	}
	// The dates of each side's rows: a row moved away from its peers'
	// date, or to it, is the row that changed; when every row leaves one
	// date for another, the date was not mistyped but the data replaced.
	dates := func(t *Table) map[string]bool {
		m := map[string]bool{}
		for _, r := range t.Rows {
			m[cell(t, r, asOfField)] = true
		}
		return m
	}
	baseDates, headDates := dates(b), dates(h)
	out := map[string]string{}
	for id, a := range added {
		r := removed[id]
		if a.n != 1 || r == nil || r.n != 1 || len(bi[a.key]) > 0 || len(hi[r.key]) > 0 {
			continue
		}
		if !headDates[cell(b, r.row, asOfField)] && !baseDates[cell(h, a.row, asOfField)] {
			continue
		}
		out[a.key] = r.key
		if c.moved == nil {
			c.moved = map[string]bool{}
		}
		c.moved[b.Resource+"\x00"+rowID(b, r.row)] = true
	}
	return out
}

// matchKey is the primary key rows are matched by: head's (else base's),
// when both headers have its fields; otherwise none (whole rows).
func matchKey(b, h *Table) []string {
	key := h.PrimaryKey
	if len(key) == 0 {
		key = b.PrimaryKey
	}
	for _, k := range key {
		if (len(b.Header) > 0 && !slices.Contains(b.Header, k)) || (len(h.Header) > 0 && !slices.Contains(h.Header, k)) {
			return nil
		}
	}
	return key
}

func schemaDiff(b, h []Field) []FieldChange {
	out := []FieldChange{}
	bt := map[string]string{}
	for _, f := range b {
		bt[f.Name] = f.Type
	}
	ht := map[string]string{}
	for _, f := range h {
		ht[f.Name] = f.Type
		old, ok := bt[f.Name]
		switch {
		case !ok:
			out = append(out, FieldChange{Field: f.Name, Change: Added, NewType: f.Type})
		case old != f.Type:
			out = append(out, FieldChange{Field: f.Name, Change: Retyped, OldType: old, NewType: f.Type})
		}
	}
	for _, f := range b {
		if _, ok := ht[f.Name]; !ok {
			out = append(out, FieldChange{Field: f.Name, Change: Removed, OldType: f.Type})
		}
	}
	return out
}

// index groups a table's rows by key string (the whole row without a key).
func index(t *Table, key []string) map[string][][]string {
	m := map[string][][]string{}
	for _, r := range t.Rows {
		k := strings.Join(keyOf(t, key, r), "\x00")
		m[k] = append(m[k], r)
	}
	return m
}

func sortedKeys(m map[string][][]string) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

func keyOf(t *Table, key []string, r []string) []string {
	if len(key) == 0 {
		out := make([]string, len(t.Header))
		for i, n := range t.Header {
			out[i] = cell(t, r, n)
		}
		return out
	}
	out := make([]string, len(key))
	for i, k := range key {
		out[i] = cell(t, r, k)
	}
	return out
}

func cell(t *Table, r []string, name string) string {
	i := slices.Index(t.Header, name)
	if i < 0 || i >= len(r) {
		return ""
	}
	return r[i]
}

func (c *comparer) row(t *Table, key []string, r []string, cols []string) Row {
	row := Row{Key: keyOf(t, key, r), Name: c.name(t, r), Cells: []Cell{}}
	if len(key) == 0 {
		return row
	}
	for _, n := range cols {
		if !slices.Contains(key, n) && slices.Contains(t.Header, n) {
			row.Cells = append(row.Cells, Cell{n, cell(t, r, n)})
		}
	}
	return row
}

// name names the local government of a row, by the head code table, else
// base's; "" when the row has no code.
func (c *comparer) name(t *Table, r []string) string {
	code := cell(t, r, codeField)
	if code == "" || !slices.Contains(t.Header, codeField) {
		return ""
	}
	at, err := time.Parse(time.DateOnly, cell(t, r, asOfField))
	for _, tab := range []*lgcode.Table{c.head.Codes, c.base.Codes} {
		if tab == nil {
			continue
		}
		if err == nil {
			if e, ok := tab.Lookup(code, at); ok {
				return e.String()
			}
		}
		if h := tab.History(code); len(h) > 0 {
			return h[len(h)-1].String()
		}
	}
	return code
}

func rowID(t *Table, r []string) string {
	return cell(t, r, codeField) + "\x00" + cell(t, r, asOfField)
}

func (c *comparer) touch(t *Table, r []string) {
	if c.touched == nil {
		c.touched = map[string]map[string]bool{}
	}
	if c.touched[t.Resource] == nil {
		c.touched[t.Resource] = map[string]bool{}
	}
	c.touched[t.Resource][rowID(t, r)] = true
}

// dated reports whether a table has codes and as-of dates.
func dated(t *Table) bool {
	return slices.Contains(t.Header, codeField) && slices.Contains(t.Header, asOfField)
}

// unknown flags a code no local government had on the row's date.
func (c *comparer) unknown(t *Table, key []string, r []string, name string) {
	if !dated(t) || c.head.Codes == nil || t.Indicator == "" {
		return
	}
	code, asOf := cell(t, r, codeField), cell(t, r, asOfField)
	at, err := time.Parse(time.DateOnly, asOf)
	if err != nil {
		return
	}
	if _, ok := c.head.Codes.Lookup(code, at); ok {
		return
	}
	c.flag(Flag{Code: FlagUnknownCode, Resource: t.Resource, Key: keyOf(t, key, r), Name: name, Field: codeField, New: code,
		Ja: fmt.Sprintf("団体コード %s の団体は %s に存在しません", code, asOf),
		En: fmt.Sprintf("no local government had code %s on %s", code, asOf)})
}

// changed flags errata and jumps of a changed row.
func (c *comparer) changed(t *Table, key []string, r []string, name string, cells []CellChange, newest string) {
	asOf := cell(t, r, asOfField)
	if dated(t) {
		c.unknown(t, key, r, name)
		var fields []string
		for _, cc := range cells {
			fields = append(fields, cc.Field)
		}
		list := strings.Join(fields, ", ")
		switch {
		case asOf < newest:
			c.flag(Flag{Code: FlagErratum, Resource: t.Resource, Key: keyOf(t, key, r), Name: name,
				Ja: fmt.Sprintf("最新の時点 %s より前の時点 %s の数値の訂正です (%s)", newest, asOf, list),
				En: fmt.Sprintf("revises figures of %s, earlier than the newest as-of date %s (%s)", asOf, newest, list)})
		case c.published(t.Indicator, asOf):
			c.flag(Flag{Code: FlagErratum, Resource: t.Resource, Key: keyOf(t, key, r), Name: name,
				Ja: fmt.Sprintf("公表済みの時点 %s の数値の訂正です (%s)", asOf, list),
				En: fmt.Sprintf("revises figures of %s, an as-of date already published (%s)", asOf, list)})
		}
	}
	for _, cc := range cells {
		k := kindOf(c.indicator(t.Indicator), cc.Field, typeOf(t, cc.Field))
		if ja, en, ok := jump(k, cc.Old, cc.New); ok {
			c.flag(Flag{Code: FlagJump, Resource: t.Resource, Key: keyOf(t, key, r), Name: name, Field: cc.Field, Old: cc.Old, New: cc.New,
				Ja: fmt.Sprintf("%s が %s から %s に変わりました (%s)", cc.Field, cc.Old, cc.New, ja),
				En: fmt.Sprintf("%s changed from %s to %s (%s)", cc.Field, cc.Old, cc.New, en)})
		}
	}
}

func typeOf(t *Table, field string) string {
	for _, f := range t.Fields {
		if f.Name == field {
			return f.Type
		}
	}
	return ""
}

// published reports whether an edition already published carries the
// indicator's figures of the as-of date.
func (c *comparer) published(indicator, asOf string) bool {
	at, err := time.Parse(time.DateOnly, asOf)
	cat := cmp.Or(c.head.Catalog, c.base.Catalog)
	if err != nil || cat == nil {
		return false
	}
	ind := cat.Indicator(indicator)
	if ind == nil {
		return false
	}
	for _, e := range ind.Editions(at, catalog.NextEdition(c.opt.Now)) {
		if c.opt.Now.After(catalog.Deadline(e)) {
			return true
		}
	}
	return false
}

// jump tells whether old → new is beyond the threshold of kind k, and by
// how much, in Japanese and English.
func jump(k Kind, old, new string) (ja, en string, ok bool) {
	th, known := Thresholds[k]
	if !known {
		return "", "", false
	}
	o, err1 := strconv.ParseFloat(old, 64)
	n, err2 := strconv.ParseFloat(new, 64)
	if err1 != nil || err2 != nil {
		return "", "", false
	}
	diff := n - o
	if th.Points > 0 && math.Abs(diff) > th.Points {
		return fmt.Sprintf("%+.1f ポイント、基準 %g ポイント", diff, th.Points), fmt.Sprintf("%+.1f points, threshold %g", diff, th.Points), true
	}
	if th.Relative > 0 && math.Abs(diff) >= th.MinAbs {
		if o == 0 {
			return "0 からの変化", "from 0", true
		}
		if rel := diff / math.Abs(o); math.Abs(rel) > th.Relative {
			return fmt.Sprintf("%+.0f%%、基準 ±%g%%", rel*100, th.Relative*100), fmt.Sprintf("%+.0f%%, threshold ±%g%%", rel*100, th.Relative*100), true
		}
	}
	return "", "", false
}

type point struct {
	t     *Table
	r     []string
	asOf  string
	moved bool // added or changed in head
}

// series checks each local government's figures from one as-of date to the
// next, across the indicator's resources in head: rows added are checked
// for jumps from the date before, and where either of two successive rows
// was touched, monotonic fields must not fall.
func (c *comparer) series() {
	// Only an indicator with a row touched can have a flag.
	touched := map[string]bool{}
	for _, t := range c.head.Tables {
		if len(c.touched[t.Resource]) > 0 {
			touched[t.Indicator] = true
		}
	}
	byInd := map[string]map[string][]point{}
	for _, t := range c.head.Tables {
		if !dated(t) || t.Indicator == "" || !touched[t.Indicator] {
			continue
		}
		if byInd[t.Indicator] == nil {
			byInd[t.Indicator] = map[string][]point{}
		}
		for _, r := range t.Rows {
			code := cell(t, r, codeField)
			byInd[t.Indicator][code] = append(byInd[t.Indicator][code], point{t, r, cell(t, r, asOfField), c.touched[t.Resource][rowID(t, r)]})
		}
	}
	for ind, codes := range byInd {
		for _, pts := range codes {
			slices.SortStableFunc(pts, func(a, b point) int { return cmp.Compare(a.asOf, b.asOf) })
			for i := 1; i < len(pts); i++ {
				p, q := pts[i-1], pts[i]
				if !p.moved && !q.moved || p.asOf == q.asOf {
					continue
				}
				for _, f := range monotonic(c.indicator(ind)) {
					o, err1 := strconv.ParseFloat(cell(p.t, p.r, f), 64)
					n, err2 := strconv.ParseFloat(cell(q.t, q.r, f), 64)
					if err1 == nil && err2 == nil && n < o {
						ov, nv := cell(p.t, p.r, f), cell(q.t, q.r, f)
						c.flag(Flag{Code: FlagFall, Resource: q.t.Resource, Key: keyOf(q.t, q.t.PrimaryKey, q.r), Name: c.name(q.t, q.r), Field: f, Old: ov, New: nv,
							Ja: fmt.Sprintf("%s は下がらないはずですが、%s の %s から %s の %s に下がりました", f, p.asOf, ov, q.asOf, nv),
							En: fmt.Sprintf("%s only rises, but fell from %s on %s to %s on %s", f, ov, p.asOf, nv, q.asOf)})
					}
				}
				if !q.moved || c.touchedChanged(q) {
					continue
				}
				for _, fl := range q.t.Header {
					k := kindOf(c.indicator(ind), fl, typeOf(q.t, fl))
					ov, nv := cell(p.t, p.r, fl), cell(q.t, q.r, fl)
					if ja, en, ok := jump(k, ov, nv); ok && fl != codeField {
						c.flag(Flag{Code: FlagJump, Resource: q.t.Resource, Key: keyOf(q.t, q.t.PrimaryKey, q.r), Name: c.name(q.t, q.r), Field: fl, Old: ov, New: nv,
							Ja: fmt.Sprintf("%s が %s の %s から %s の %s に変わりました (%s)", fl, p.asOf, ov, q.asOf, nv, ja),
							En: fmt.Sprintf("%s went from %s on %s to %s on %s (%s)", fl, ov, p.asOf, nv, q.asOf, en)})
					}
				}
			}
		}
	}
}

// touchedChanged reports whether a touched head row was changed rather than
// added (its jumps are then checked against its old value).
func (c *comparer) touchedChanged(q point) bool {
	for _, t := range c.base.Tables {
		if t.Resource != q.t.Resource {
			continue
		}
		id := rowID(q.t, q.r)
		for _, r := range t.Rows {
			if rowID(t, r) == id {
				return true
			}
		}
	}
	return false
}

// disappeared flags the local governments present in base at an as-of
// date and absent in head at that date, in every resource of the indicator.
func (c *comparer) disappeared() {
	group := func(t *Table) string { return cmp.Or(t.Indicator, "resource:"+t.Resource) }
	// A base table whose head is the same loses no row: only the groups
	// of the others are looked at.
	head := tables(c.head)
	changed := map[string]bool{}
	for _, t := range c.base.Tables {
		if dated(t) && t.Indicator != "" && !sameRows(t, head[t.Resource]) {
			changed[group(t)] = true
		}
	}
	inHead := map[string]bool{}
	for _, t := range c.head.Tables {
		if dated(t) && changed[group(t)] {
			for _, r := range t.Rows {
				inHead[group(t)+"\x00"+rowID(t, r)] = true
			}
		}
	}
	seen := map[string]bool{}
	for _, t := range c.base.Tables {
		if !dated(t) || t.Indicator == "" || sameRows(t, head[t.Resource]) {
			continue
		}
		for _, r := range t.Rows {
			id := group(t) + "\x00" + rowID(t, r)
			if inHead[id] || seen[id] || c.moved[t.Resource+"\x00"+rowID(t, r)] {
				continue
			}
			seen[id] = true
			code, asOf := cell(t, r, codeField), cell(t, r, asOfField)
			name := c.name(t, r)
			c.flag(Flag{Code: FlagDisappeared, Resource: t.Resource, Key: keyOf(t, t.PrimaryKey, r), Name: name,
				Ja: fmt.Sprintf("%s の %s 時点の行がなくなりました", name, asOf),
				En: fmt.Sprintf("%s is gone from %s (code %s)", name, asOf, code)})
		}
	}
}

// indicator is the catalogue's indicator id, from head's catalogue, else
// base's; nil when neither has it.
func (c *comparer) indicator(id string) *catalog.Indicator {
	for _, cat := range []*catalog.Catalog{c.head.Catalog, c.base.Catalog} {
		if cat != nil {
			if ind := cat.Indicator(id); ind != nil {
				return ind
			}
		}
	}
	return nil
}
