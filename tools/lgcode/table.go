package lgcode

import (
	"bufio"
	"cmp"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"iter"
	"slices"
	"strings"
	"time"
)

// Columns are the columns of data/local-governments.csv, in order.
var Columns = []string{"code", "pref_code", "prefecture", "name", "county", "reading", "kind", "parent", "valid_from", "valid_to", "successor", "class"}

// columnsWithoutClass are the columns of a table written before the class
// column was added, which [Load] still reads (with no classes).
var columnsWithoutClass = Columns[:len(Columns)-1]

const dateLayout = "2006-01-02"

// LoadError tells where and why the table could not be read.
type LoadError struct {
	Path   string // the file, when the caller that knows it sets it / ファイル
	Line   int    // line of the file, 1-based (the header is line 1) / 行
	Column string // the column, when the problem is in one cell / 列
	Err    error  // the cause / 原因
}

func (e *LoadError) Error() string {
	var b strings.Builder
	if e.Path != "" {
		b.WriteString(e.Path)
		b.WriteString(":")
	}
	if e.Line > 0 {
		fmt.Fprintf(&b, "%d:", e.Line)
	}
	if b.Len() > 0 {
		b.WriteString(" ")
	}
	if e.Column != "" {
		fmt.Fprintf(&b, "列「%s」/ column %q: ", e.Column, e.Column)
	}
	b.WriteString(e.Err.Error())
	return b.String()
}

func (e *LoadError) Unwrap() error { return e.Err }

// Errors wrapped by [LoadError]. / LoadError が包むエラー。
var (
	ErrHeader    = errors.New("見出しが参照表の列と違います / the header is not the table's columns")
	ErrKind      = errors.New("種類 (kind) が不明です / unknown kind")
	ErrDate      = errors.New("日付は YYYY-MM-DD で書きます / dates are written YYYY-MM-DD")
	ErrDuplicate = errors.New("同じコードの有効期間が重なっています / two rows of one code overlap in time")
	ErrOrder     = errors.New("行がコードと適用開始日の順に並んでいません / rows are not sorted by code, then valid_from")
)

// Table is the local-government reference table: every code with the
// periods it was in force.
type Table struct {
	entries  []Entry          // sorted by code, then ValidFrom
	byCode   map[Code][]int   // indexes into entries
	byName   map[string][]int // nameKey(Name) → indexes
	prefs    map[string]Code  // nameKey of a prefecture's names and codes → its code
	prefKeys []string         // nameKey of each prefecture's full name
}

// Load reads the table from CSV: UTF-8, the header of [Columns], one row per
// code and period, sorted by code then valid_from. Every code's check digit
// is verified, and the periods of one code must not overlap. A table
// written before the class column (the header without "class") is read
// too, with no classes. The repository's table is read through tools/repo
// (repo.Repository.Codes).
func Load(r io.Reader) (*Table, error) {
	cr := csv.NewReader(bufio.NewReader(r))
	cr.FieldsPerRecord = -1 // checked below, after the header
	cr.ReuseRecord = true
	head, err := cr.Read()
	if err != nil {
		return nil, &LoadError{Line: 1, Err: err}
	}
	width := len(Columns)
	switch {
	case slices.Equal(head, Columns):
	case slices.Equal(head, columnsWithoutClass):
		width = len(columnsWithoutClass)
	default:
		return nil, &LoadError{Line: 1, Err: fmt.Errorf("%w: %q", ErrHeader, head)}
	}
	var entries []Entry
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			le := &LoadError{Err: err}
			if pe, ok := errors.AsType[*csv.ParseError](err); ok {
				le.Line = pe.Line
			}
			return nil, le
		}
		line, _ := cr.FieldPos(0)
		if len(rec) != width {
			return nil, &LoadError{Line: line, Err: fmt.Errorf("%w: %d 列 / %d cells, want %d", csv.ErrFieldCount, len(rec), len(rec), width)}
		}
		e, le := parseRecord(rec)
		if le != nil {
			le.Line = line
			return nil, le
		}
		if n := len(entries); n > 0 && compareEntries(entries[n-1], e) >= 0 {
			return nil, &LoadError{Line: line, Err: ErrOrder}
		}
		entries = append(entries, e)
	}
	return newTable(entries)
}

func parseRecord(rec []string) (Entry, *LoadError) {
	var e Entry
	code := func(col int, s string, optional bool) (Code, *LoadError) {
		if s == "" && optional {
			return "", nil
		}
		if len(s) != 6 {
			return "", &LoadError{Column: Columns[col], Err: &ParseError{Input: s, Err: ErrSyntax}}
		}
		c, err := Parse(s)
		if err != nil {
			return "", &LoadError{Column: Columns[col], Err: err}
		}
		return c, nil
	}
	date := func(col int, s string) (time.Time, *LoadError) {
		if s == "" {
			return time.Time{}, nil
		}
		d, err := time.Parse(dateLayout, s)
		if err != nil {
			return time.Time{}, &LoadError{Column: Columns[col], Err: fmt.Errorf("%w: %q", ErrDate, s)}
		}
		return d, nil
	}
	var le *LoadError
	if e.Code, le = code(0, rec[0], false); le != nil {
		return e, le
	}
	e.PrefCode, e.Prefecture, e.Name, e.County, e.Reading = rec[1], rec[2], rec[3], rec[4], rec[5]
	if e.PrefCode != e.Code.Pref() {
		return e, &LoadError{Column: Columns[1], Err: fmt.Errorf("都道府県コード %q がコード %s の先頭 2 桁と違います / %q is not the first two digits of %s", e.PrefCode, e.Code, e.PrefCode, e.Code)}
	}
	e.Kind = Kind(rec[6])
	if !e.Kind.Valid() {
		return e, &LoadError{Column: Columns[6], Err: fmt.Errorf("%w: %q", ErrKind, rec[6])}
	}
	if e.Parent, le = code(7, rec[7], true); le != nil {
		return e, le
	}
	if e.ValidFrom, le = date(8, rec[8]); le != nil {
		return e, le
	}
	if e.ValidTo, le = date(9, rec[9]); le != nil {
		return e, le
	}
	if !e.ValidFrom.IsZero() && !e.ValidTo.IsZero() && e.ValidTo.Before(e.ValidFrom) {
		return e, &LoadError{Column: Columns[9], Err: fmt.Errorf("%w: valid_to %s < valid_from %s", ErrDate, rec[9], rec[8])}
	}
	if e.Successor, le = code(10, rec[10], true); le != nil {
		return e, le
	}
	if len(rec) > 11 && rec[11] != "" {
		e.Class = ClassHistory(rec[11])
		ps, err := e.Class.Periods()
		if err != nil {
			return e, &LoadError{Column: Columns[11], Err: err}
		}
		for _, p := range ps {
			if !classFits(e.Kind, p.Class) {
				return e, &LoadError{Column: Columns[11], Err: fmt.Errorf("%w: 種類 %s に区分 %s はありません / a %s cannot be a %s", ErrClass, e.Kind, p.Class, e.Kind, p.Class)}
			}
		}
	}
	return e, nil
}

// compareEntries orders by code, then ValidFrom (zero first).
func compareEntries(a, b Entry) int {
	if c := cmp.Compare(a.Code, b.Code); c != 0 {
		return c
	}
	return a.ValidFrom.Compare(b.ValidFrom)
}

// SortEntries sorts entries the way the table is sorted: by code, then
// valid_from (empty first).
func SortEntries(entries []Entry) {
	slices.SortStableFunc(entries, compareEntries)
}

// NewTable builds a table from entries (sorted here), checking that the
// periods of one code do not overlap.
func NewTable(entries []Entry) (*Table, error) {
	entries = slices.Clone(entries)
	SortEntries(entries)
	return newTable(entries)
}

func newTable(entries []Entry) (*Table, error) {
	t := &Table{
		entries: entries,
		byCode:  make(map[Code][]int),
		byName:  make(map[string][]int),
		prefs:   make(map[string]Code),
	}
	for i, e := range entries {
		if prev := t.byCode[e.Code]; len(prev) > 0 {
			p := entries[prev[len(prev)-1]]
			if p.ValidTo.IsZero() || e.ValidFrom.IsZero() || !p.ValidTo.Before(e.ValidFrom) {
				return nil, &LoadError{Err: fmt.Errorf("%w: %s", ErrDuplicate, e.Code)}
			}
		}
		t.byCode[e.Code] = append(t.byCode[e.Code], i)
		k := nameKey(e.Name)
		t.byName[k] = append(t.byName[k], i)
		if e.Kind == KindPrefecture {
			t.prefs[k] = e.Code
			if !slices.Contains(t.prefKeys, k) {
				t.prefKeys = append(t.prefKeys, k)
			}
			if short := strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(e.Name, "都"), "府"), "県"); short != e.Name {
				t.prefs[nameKey(short)] = e.Code // 東京, 京都, 大阪 …
			}
			t.prefs[e.PrefCode] = e.Code
			t.prefs[string(e.Code)] = e.Code
		}
	}
	for i, e := range t.entries {
		if e.Kind == KindWard && e.Parent != "" {
			at := e.ValidFrom
			if at.IsZero() {
				at = e.ValidTo
			}
			if p, ok := t.lookup(e.Parent, at); ok {
				t.entries[i].ParentName = p.Name
			}
		}
	}
	return t, nil
}

// Entries returns every row of the table, in its order.
func (t *Table) Entries() []Entry { return slices.Clone(t.entries) }

// Lookup returns the entry of code in force on the day of at. code is read
// by [Parse] (6 digits, or the 5-digit 標準地域コード).
func (t *Table) Lookup(code string, at time.Time) (Entry, bool) {
	c, err := Parse(code)
	if err != nil {
		return Entry{}, false
	}
	return t.lookup(c, at)
}

func (t *Table) lookup(c Code, at time.Time) (Entry, bool) {
	for _, i := range t.byCode[c] {
		if t.entries[i].InForce(at) {
			return t.entries[i], true
		}
	}
	return Entry{}, false
}

// History returns every row of code (read by [Parse]), oldest first: the
// names and periods it has had since the history starts. It is empty for a
// code the table does not know.
func (t *Table) History(code string) []Entry {
	c, err := Parse(code)
	if err != nil {
		return nil
	}
	var out []Entry
	for _, i := range t.byCode[c] {
		out = append(out, t.entries[i])
	}
	return out
}

// InForce returns the entries in force on the day of at, sorted by code.
func (t *Table) InForce(at time.Time) []Entry {
	return slices.Collect(t.EachInForce(at))
}

// EachInForce yields the entries in force on the day of at, sorted by
// code, without collecting them.
func (t *Table) EachInForce(at time.Time) iter.Seq[Entry] {
	d := day(at)
	return func(yield func(Entry) bool) {
		for i := range t.entries {
			if t.entries[i].inForceOn(d) && !yield(t.entries[i]) {
				return
			}
		}
	}
}

// WriteCSV writes entries as the table's CSV: the header of [Columns], rows
// sorted by code then valid_from, UTF-8 without BOM, LF line ends. The
// output depends on the entries only.
func WriteCSV(w io.Writer, entries []Entry) error {
	entries = slices.Clone(entries)
	SortEntries(entries)
	cw := csv.NewWriter(w)
	if err := cw.Write(Columns); err != nil {
		return err
	}
	date := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.Format(dateLayout)
	}
	for _, e := range entries {
		rec := []string{string(e.Code), e.PrefCode, e.Prefecture, e.Name, e.County, e.Reading, string(e.Kind),
			string(e.Parent), date(e.ValidFrom), date(e.ValidTo), string(e.Successor), string(e.Class)}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
