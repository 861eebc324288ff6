// Package bundle builds the release bundle of an edition of the list — the
// files the public downloads — and verifies a downloaded one.
//
// 一覧表の版の配布物 (CSV、Excel、SQLite、Frictionless Data Package、README、
// ライセンス、CITATION.cff、zip、SHA256SUMS) を作り、ダウンロードしたものを検証します。
//
// The build is reproducible: its output depends on the repository's files
// and on [Options] only (the timestamp is the commit's date, given by the
// caller), never on the clock, the locale, map order or the machine. The
// same commit gives the same bytes.
//
// Formula injection: a text cell whose first character is one of
// = + - @ (or a tab or carriage return) would be taken for a formula by a
// spreadsheet. In every CSV of the bundle such a text value is written with
// a single quote ' before it (number, boolean and date columns never are);
// in the workbook every text is a text cell, never a formula; the SQLite
// database holds the values as they are.
package bundle

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ichiran-jp/ichiran/tools/catalog"
	"github.com/ichiran-jp/ichiran/tools/lgcode"
	"github.com/ichiran-jp/ichiran/tools/macro"
	"github.com/ichiran-jp/ichiran/tools/repo"
	"github.com/ichiran-jp/ichiran/tools/wareki"
)

// The repository's names, as the bundle writes them.
const (
	codesResource = repo.CodesResource
	repoCode      = repo.CodeField
	repoAsOf      = repo.AsOfField
)

// Options of a build.
type Options struct {
	// Edition is the edition to build (e.g. 2026 = 令和8年度版).
	Edition int
	// Time is the timestamp of every file (the commit's date).
	Time time.Time
	// Commit names the source revision in the README and CITATION.cff
	// ("" leaves it out).
	Commit string
	// Changes is a Markdown section on what changed since the previous
	// edition (from ichiran diff), put in the release notes; "" for none.
	Changes string
}

// File is one file of the bundle: a slash path and its bytes.
type File struct {
	Name string
	Data []byte
}

// Bundle is a built release.
type Bundle struct {
	Edition int
	// Files are every file to publish, sorted by name: the contents, the
	// zip of them and SHA256SUMS.
	Files []File
	Name  string // base name, "ichiran-2026"
}

// Status of an indicator in an edition.
const (
	stateActive    = "active"
	statePending   = catalog.Pending
	stateNotSuited = catalog.NotSuited
	stateNotYet    = "not-yet"
)

// field is one field of an indicator's Table Schema.
type field struct {
	Name, Type string
	Title      string // Japanese part of the title
	TitleFull  string
	Decimals   int // -1: unknown
}

// indicator is what the bundle needs of one indicator.
type indicator struct {
	ind    *catalog.Indicator
	state  string
	asOf   time.Time
	fields []field // every field of the schema, code and as_of included
	schema any     // the Table Schema, as decoded
	rows   [][]string
	byCode map[string][]string
}

// date is the as-of date as YYYY-MM-DD.
func (x *indicator) date() string { return x.asOf.Format(time.DateOnly) }

// model is the whole edition, read from the repository.
type model struct {
	repo     *repo.Repository
	edition  int
	deadline time.Time
	munis    []lgcode.Entry // in-scope municipalities, by code
	inds     []*indicator
	codesCSV [][]string    // the code table, header first
	macro    *macro.Report // the KPIs computed from the rows
}

// loadRows reads every data row of an indicator's resources, in its
// schema's field order, keyed by as_of date.
func loadRows(repo *repo.Repository, ind *catalog.Indicator, fields []field) (map[string][][]string, error) {
	names := make([]string, len(fields))
	for i, f := range fields {
		names[i] = f.Name
	}
	out := map[string][][]string{}
	for t, err := range repo.IndicatorTables(ind) {
		if err != nil {
			return nil, err
		}
		idx := t.Header.Indexes(names)
		asOf := t.Header.Index(repoAsOf)
		if asOf < 0 || !slices.Contains(names, repoAsOf) {
			return nil, fmt.Errorf("%s: %s 列がありません / no %s column", t.Path, repoAsOf, repoAsOf)
		}
		for _, row := range t.Rows {
			if asOf < len(row.Values) {
				d := row.Values[asOf]
				out[d] = append(out[d], row.Pick(idx))
			}
		}
	}
	return out, nil
}

// loadSchema reads an indicator's Table Schema.
func loadSchema(repo *repo.Repository, ind *catalog.Indicator) ([]field, any, error) {
	raw, schemaFields, err := repo.Schema(ind)
	if err != nil {
		return nil, nil, err
	}
	var doc any
	if err := json.Unmarshal(raw, &doc); err != nil {
		return nil, nil, fmt.Errorf("%s: %w", ind.Schema, err)
	}
	var fields []field
	for _, f := range schemaFields {
		ja, _, _ := strings.Cut(f.Title, " / ")
		if ja == "" {
			ja = f.Name
		}
		typ := f.Type
		if typ == "" {
			typ = "any"
		}
		fl := field{Name: f.Name, Type: typ, Title: ja, TitleFull: f.Title, Decimals: -1}
		for _, c := range ind.Consistency {
			if c.Field == f.Name {
				fl.Decimals = c.Decimals
			}
		}
		fields = append(fields, fl)
	}
	if len(fields) < 2 || fields[0].Name != repoCode || fields[1].Name != repoAsOf {
		return nil, nil, fmt.Errorf("%s: 最初の 2 列は code, as_of であるべきです / the first fields must be code and as_of", ind.Schema)
	}
	return fields, doc, nil
}

// LatestEdition is the latest edition, up to the one due next on day t,
// for which some indicator has rows at its as-of date; when none has, it
// is the edition due next.
func LatestEdition(repo *repo.Repository, t time.Time) (int, error) {
	next := catalog.NextEdition(t)
	dates := map[string]map[string]bool{} // indicator → as-of dates with rows
	for _, ind := range repo.Cat.Indicators {
		if ind.Status != catalog.Active || ind.Schema == "" {
			continue
		}
		fields, _, err := loadSchema(repo, ind)
		if err != nil {
			return 0, err
		}
		rows, err := loadRows(repo, ind, fields)
		if err != nil {
			return 0, err
		}
		dates[ind.ID] = map[string]bool{}
		for d := range rows {
			dates[ind.ID][d] = true
		}
	}
	for e := next; e >= catalog.FirstEdition; e-- {
		for _, ind := range repo.Cat.Indicators {
			if d, ok := ind.AsOf(e); ok && dates[ind.ID][d.Format(time.DateOnly)] {
				return e, nil
			}
		}
	}
	return next, nil
}

// load reads the edition's data from the repository.
func load(repo *repo.Repository, edition int) (*model, error) {
	m := &model{repo: repo, edition: edition, deadline: catalog.Deadline(edition)}
	for _, e := range repo.Codes.InForce(m.deadline) {
		if e.InScope() {
			m.munis = append(m.munis, e)
		}
	}
	slices.SortFunc(m.munis, func(a, b lgcode.Entry) int { return cmp.Compare(a.Code, b.Code) })
	codes, err := repo.Table(codesResource)
	if err != nil {
		return nil, err
	}
	m.codesCSV = [][]string{codes.Header}
	for _, row := range codes.Rows {
		m.codesCSV = append(m.codesCSV, row.Values)
	}
	for _, ind := range repo.Cat.Indicators {
		x := &indicator{ind: ind, state: ind.Status}
		if ind.Status == catalog.Active {
			asOf, ok := ind.AsOf(edition)
			if !ok {
				x.state = stateNotYet
				m.inds = append(m.inds, x)
				continue
			}
			x.state, x.asOf = stateActive, asOf
			if x.fields, x.schema, err = loadSchema(repo, ind); err != nil {
				return nil, err
			}
			rows, err := loadRows(repo, ind, x.fields)
			if err != nil {
				return nil, err
			}
			x.rows = rows[x.date()]
			slices.SortStableFunc(x.rows, func(a, b []string) int { return cmp.Compare(a[0], b[0]) })
			x.byCode = make(map[string][]string, len(x.rows))
			for _, row := range x.rows {
				if _, dup := x.byCode[row[0]]; !dup {
					x.byCode[row[0]] = row
				}
			}
		}
		m.inds = append(m.inds, x)
	}
	return m, nil
}

// active are the indicators with figures in the edition.
func (m *model) active() []*indicator {
	var out []*indicator
	for _, x := range m.inds {
		if x.state == stateActive {
			out = append(out, x)
		}
	}
	return out
}

// stateText says in Japanese and English why an indicator has no figures.
func stateText(x *indicator) (cell, ja, en string) {
	switch x.state {
	case statePending:
		return "調整中", "調整中 (データの提供方法を調整中のため、この版には数値がありません)", "pending: how the data will be provided is still being settled"
	case stateNotSuited:
		return "対象外", "個別団体の取組の情報としてなじまないため掲載しません", "not suited to per-municipality data, so not listed"
	case stateNotYet:
		return "対象外", fmt.Sprintf("この版では対象外 (%d年版から)", x.ind.Since), fmt.Sprintf("not in this edition (from edition %d)", x.ind.Since)
	}
	return "", "", ""
}

// column is one column of the 一覧表.
type column struct {
	Header  string
	x       *indicator // nil for the municipality's own columns
	field   int        // index in x.fields; -1 for a constant or a derived figure
	derived int        // 1 + index in x.ind.Derived(); 0 for none
	SQL     string     // the ASCII name of the column in the SQLite view
	Const   string
	Type    string // integer, number, boolean, date, string
	Explain [3]string
}

// columns are the columns of the 一覧表, in order.
func (m *model) columns() []column {
	cols := []column{
		{Header: "団体コード", SQL: "code", field: -1, Type: "string", Explain: [3]string{"全国地方公共団体コード (6桁、検査数字を含む)", "local government code (6 digits with the check digit)", "総務省 全国地方公共団体コード"}},
		{Header: "都道府県", SQL: "prefecture", field: -1, Type: "string", Explain: [3]string{"都道府県名", "prefecture", "総務省 全国地方公共団体コード"}},
		{Header: "市区町村", SQL: "name", field: -1, Type: "string", Explain: [3]string{"市区町村名 (町村は郡名を含まない)", "municipality", "総務省 全国地方公共団体コード"}},
		{Header: "読み", SQL: "reading", field: -1, Type: "string", Explain: [3]string{"市区町村名の読み (全角カタカナ)", "reading (katakana)", "総務省 全国地方公共団体コード"}},
	}
	for _, x := range m.inds {
		if x.state != stateActive {
			// No column: a pending, not-suited or later indicator has no
			// figures, and its state is in README and the 説明 sheet, not
			// text in the list's columns.
			continue
		}
		when := "[" + wareki.Date(x.asOf) + "時点]"
		for i, d := range x.ind.Derived() {
			cols = append(cols, column{Header: x.ind.Title.Ja + ": " + d.Title.Ja + " " + when, SQL: tableName(x.ind.ID) + "__" + d.Name, x: x, field: -1, derived: i + 1, Type: "integer",
				Explain: [3]string{d.Title.Ja + " (状況・回答から数えた値、入力されたものではありません)", x.ind.Title.En + ": " + d.Title.En + " (counted from the statuses or answers, never typed)", sourceTitles(x.ind)}})
		}
		for i, f := range x.fields[2:] {
			h := f.Title
			if !strings.HasPrefix(h, x.ind.Title.Ja) {
				h = x.ind.Title.Ja + ": " + h
			}
			_, en, _ := strings.Cut(f.TitleFull, " / ")
			ja := f.Title
			if f.Type == "boolean" {
				ja += " (○ = はい、× = いいえ)"
				en += " (○ = yes, × = no)"
			}
			cols = append(cols, column{Header: h + " " + when, SQL: tableName(x.ind.ID) + "__" + f.Name, x: x, field: i + 2, Type: f.Type,
				Explain: [3]string{ja, x.ind.Title.En + ": " + en, sourceTitles(x.ind)}})
		}
	}
	return cols
}

func sourceTitles(ind *catalog.Indicator) string {
	var s []string
	for _, src := range ind.Sources {
		s = append(s, src.Title)
	}
	return strings.Join(s, "; ")
}

// cell is the raw value of column c for municipality e ("" when missing).
func (c column) raw(e lgcode.Entry) string {
	switch {
	case c.x == nil:
		switch c.Header {
		case "団体コード":
			return string(e.Code)
		case "都道府県":
			return e.Prefecture
		case "市区町村":
			return e.Name
		}
		return e.Reading
	case c.derived > 0:
		row, ok := c.x.byCode[string(e.Code)]
		if !ok {
			return ""
		}
		return c.x.ind.Derive(c.x.asOf, func(name string) string {
			for i, f := range c.x.fields {
				if f.Name == name {
					return row[i]
				}
			}
			return ""
		})[c.derived-1]
	case c.field < 0:
		return c.Const
	}
	if row, ok := c.x.byCode[string(e.Code)]; ok {
		return row[c.field]
	}
	return ""
}

// listText renders a raw value for the 一覧表 as text.
func listText(typ, v string) string {
	if typ == "boolean" {
		switch strings.ToLower(v) {
		case "true", "1":
			return "○"
		case "false", "0":
			return "×"
		}
	}
	return v
}

// typed turns a raw value into a cell of a workbook: int64, float64,
// string, or nil when empty.
func typed(typ, v string, list bool) any {
	if v == "" {
		return nil
	}
	switch typ {
	case "integer":
		if n, err := strconv.ParseInt(v, 10, 64); err == nil {
			return n
		}
	case "number":
		if n, err := strconv.ParseFloat(v, 64); err == nil {
			return n
		}
	case "boolean":
		if list {
			return listText(typ, v)
		}
	case "date":
		if t, err := time.Parse(time.DateOnly, v); err == nil {
			return excelDate(t)
		}
	}
	return v
}

// excelDate is the spreadsheet serial number of a day (days since
// 1899-12-30), so that a workbook holds dates as dates.
func excelDate(t time.Time) float64 {
	return float64(t.Sub(time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)).Hours() / 24)
}

// textType reports whether values of a type are text (guarded in CSV).
func textType(typ string) bool {
	switch typ {
	case "integer", "number", "boolean", "date", "datetime", "time", "year", "yearmonth":
		return false
	}
	return true
}

// Guard makes a text value safe for a spreadsheet: a value beginning with
// = + - @, a tab or a carriage return gets a single quote before it, so that
// it is shown as text and never run as a formula.
func Guard(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// baseName is the base name of the edition's files.
func baseName(edition int) string { return "ichiran-" + strconv.Itoa(edition) }

// sortFiles sorts files by name.
func sortFiles(files []File) {
	slices.SortFunc(files, func(a, b File) int { return cmp.Compare(a.Name, b.Name) })
}

// Build builds the bundle of an edition.
func Build(repo *repo.Repository, opt Options) (*Bundle, error) {
	if opt.Edition < catalog.FirstEdition {
		return nil, fmt.Errorf("版 %d は最初の版 %d より前です / edition %d is before the first, %d", opt.Edition, catalog.FirstEdition, opt.Edition, catalog.FirstEdition)
	}
	if opt.Time.IsZero() {
		return nil, errors.New("時刻 (コミットの日時) がありません / no timestamp (the commit's date) given")
	}
	opt.Time = opt.Time.UTC().Truncate(time.Second)
	m, err := load(repo, opt.Edition)
	if err != nil {
		return nil, err
	}
	if m.macro, err = Macro(repo, opt.Edition); err != nil {
		return nil, err
	}
	if !slices.ContainsFunc(m.active(), func(x *indicator) bool { return m.covered(x) > 0 }) {
		return nil, fmt.Errorf("%s (%d年版) / edition %d: %w", editionJa(opt.Edition), opt.Edition, opt.Edition, ErrNoFigures)
	}
	name := baseName(opt.Edition)
	var files []File
	add := func(n string, data []byte) { files = append(files, File{n, data}) }

	// The workbook and the database are most of the work and only read the
	// model: each is made on a goroutine of its own while the rest is.
	type made struct {
		data []byte
		err  error
	}
	xlsxc, dbc := make(chan made, 1), make(chan made, 1)
	go func() { b, err := m.workbook(opt); xlsxc <- made{b, err} }()
	go func() { b, err := m.sqlite(); dbc <- made{b, err} }()

	list, listBOM := m.listCSV()
	add(name+".csv", list)
	add(name+"-excel.csv", listBOM)
	xlsx := <-xlsxc
	if xlsx.err != nil {
		return nil, fmt.Errorf("xlsx: %w", xlsx.err)
	}
	add(name+".xlsx", xlsx.data)
	add(name+"-macro.csv", writeCSV(m.macro.Records(), []bool{false, true, false, true, true, false, false, true, false, false, true, true, true}, false))
	add(name+"-totals.csv", writeCSV(m.totals(), []bool{false, true, true, true, false, true, false, false, true}, false))
	long, err := m.longCSVs()
	if err != nil {
		return nil, err
	}
	files = append(files, long...)
	dp, err := m.descriptor(opt, long)
	if err != nil {
		return nil, err
	}
	add("datapackage.json", dp)
	db := <-dbc
	if db.err != nil {
		return nil, fmt.Errorf("sqlite: %w", db.err)
	}
	add(name+".sqlite", db.data)
	add("README.md", m.readme(opt))
	add("LICENSE.md", m.license(opt))
	add("CITATION.cff", m.citation(opt))
	add("RELEASE-NOTES.md", m.notes(opt))
	sortFiles(files)

	inner := checksums(files)
	zipped, err := zipFiles(name, append(slices.Clone(files), File{"SHA256SUMS", inner}), opt.Time)
	if err != nil {
		return nil, err
	}
	files = append(files, File{name + ".zip", zipped})
	sortFiles(files)
	files = append(files, File{"SHA256SUMS", checksums(files)})
	sortFiles(files)
	return &Bundle{Edition: opt.Edition, Name: name, Files: files}, nil
}

// ErrNoFigures is wrapped by the error of [Build] for an edition that has
// no figure of any indicator: there is nothing to publish.
var ErrNoFigures = errors.New("どの指標の数値もまだありません。ichiran status -edition で確かめてください / no figures of any indicator yet: see ichiran status -edition")

// File returns the named file of the bundle, or nil.
func (b *Bundle) File(name string) *File {
	for i := range b.Files {
		if b.Files[i].Name == name {
			return &b.Files[i]
		}
	}
	return nil
}

// cleanName reports whether a file name is a plain relative slash path.
func cleanName(n string) bool {
	return n != "" && path.Clean(n) == n && !path.IsAbs(n) && !strings.HasPrefix(n, "../") && n != ".."
}
