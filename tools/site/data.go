package site

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/ichiran-jp/ichiran/tools/catalog"
	"github.com/ichiran-jp/ichiran/tools/lgcode"
	"github.com/ichiran-jp/ichiran/tools/repo"
	"github.com/ichiran-jp/ichiran/tools/wareki"
)

// The repository's field names, as the site reads them.
const (
	codeField = repo.CodeField
	asOfField = repo.AsOfField
)

// field is one value field of an indicator's Table Schema (code and as_of
// left out).
type field struct {
	Name, Type string
	Ja, En     string
	decimals   int // of a derived rate; -1 when not derived
	cons       *catalog.Consistency
	// derived: counted from the row's other fields (see
	// [catalog.Indicator.Derived]), never typed.
	derived bool
}

// numeric reports whether the field holds numbers.
func (f field) numeric() bool { return f.Type == "integer" || f.Type == "number" }

// edition is what one edition of the list carries of an indicator.
type edition struct {
	Year int
	AsOf time.Time
	rows map[string][]string // code → values, in field order
}

// series is an indicator over the editions.
type series struct {
	ind      *catalog.Indicator
	fields   []field
	editions []edition // every edition carrying the indicator, oldest first
	head     int       // index of the headline field in fields, -1 for none
	cache    map[aggKey]aggVal
}

type aggKey struct {
	year, field int
	pref        string // "" for the whole country
}

type aggVal struct {
	v  float64
	ok bool
}

// agg is [series.aggregate] over a prefecture's municipalities (pref "":
// every row), computed once.
func (m *model) agg(s *series, e edition, f int, pref string) (float64, bool) {
	k := aggKey{e.Year, f, pref}
	if a, ok := s.cache[k]; ok {
		return a.v, a.ok
	}
	var cs []string
	if pref != "" {
		cs = codes(m.byPref[pref])
	}
	v, ok := s.aggregate(e, f, cs)
	if s.cache == nil {
		s.cache = map[aggKey]aggVal{}
	}
	s.cache[k] = aggVal{v, ok}
	return v, ok
}

// withData are the editions with figures.
func (s *series) withData() []edition {
	var out []edition
	for _, e := range s.editions {
		if len(e.rows) > 0 {
			out = append(out, e)
		}
	}
	return out
}

// model is everything the site shows.
type model struct {
	repo    *repo.Repository
	edition int
	munis   []lgcode.Entry // in scope at the edition's deadline, by code
	prefs   []lgcode.Entry // prefectures, by code
	byPref  map[string][]lgcode.Entry
	prefOf  map[string]lgcode.Entry // pref code → prefecture
	series  []*series               // every indicator of the catalogue, in its order

	peerMu    sync.Mutex
	peerCache map[peerKey]*peerIndex // peers.go: each edition's peers, computed once
}

// loadFields reads the value fields of an indicator's Table Schema.
func loadFields(repo *repo.Repository, ind *catalog.Indicator) ([]field, error) {
	_, schemaFields, err := repo.Schema(ind)
	if err != nil {
		return nil, err
	}
	var out []field
	for _, f := range schemaFields {
		if f.Name == codeField || f.Name == asOfField {
			continue
		}
		ja, en, _ := strings.Cut(f.Title, " / ")
		if ja == "" {
			ja = f.Name
		}
		if en == "" {
			en = f.Name
		}
		fl := field{Name: f.Name, Type: cmp.Or(f.Type, "string"), Ja: ja, En: en, decimals: -1}
		for i, c := range ind.Consistency {
			if c.Field == f.Name {
				fl.decimals, fl.cons = c.Decimals, &ind.Consistency[i]
			}
		}
		out = append(out, fl)
	}
	// The derived counts come first: they are what the charts show.
	var derived []field
	for _, d := range ind.Derived() {
		derived = append(derived, field{Name: d.Name, Type: "integer", Ja: d.Title.Ja, En: d.Title.En, decimals: -1, derived: true})
	}
	return append(derived, out...), nil
}

// headline picks the field the charts show: a derived rate, else the last
// number, else the first yes/no, else the first text; -1 for none.
func headline(fields []field) int {
	for i, f := range fields {
		if f.cons != nil || f.derived {
			return i
		}
	}
	for i := len(fields) - 1; i >= 0; i-- {
		if fields[i].numeric() {
			return i
		}
	}
	for i, f := range fields {
		if f.Type == "boolean" {
			return i
		}
	}
	for i, f := range fields {
		if f.Type == "string" {
			return i
		}
	}
	return -1
}

// load reads the repository: the municipalities of the edition and every
// indicator's figures of every edition up to it.
func load(repo *repo.Repository, last int) (*model, error) {
	m := &model{repo: repo, edition: last, byPref: map[string][]lgcode.Entry{}, prefOf: map[string]lgcode.Entry{}}
	for _, e := range repo.Codes.InForce(catalog.Deadline(last)) {
		switch {
		case e.InScope():
			m.munis = append(m.munis, e)
		case e.Kind == lgcode.KindPrefecture:
			m.prefs = append(m.prefs, e)
			m.prefOf[e.PrefCode] = e
		}
	}
	byCode := func(a, b lgcode.Entry) int { return cmp.Compare(a.Code, b.Code) }
	slices.SortFunc(m.munis, byCode)
	slices.SortFunc(m.prefs, byCode)
	for _, e := range m.munis {
		m.byPref[e.PrefCode] = append(m.byPref[e.PrefCode], e)
		if _, ok := m.prefOf[e.PrefCode]; !ok { // a table without the prefecture's row
			p := lgcode.Entry{Code: lgcode.Code(e.PrefCode + "0000"), PrefCode: e.PrefCode, Prefecture: e.Prefecture, Name: e.Prefecture, Kind: lgcode.KindPrefecture}
			m.prefOf[e.PrefCode] = p
			m.prefs = append(m.prefs, p)
			slices.SortFunc(m.prefs, byCode)
		}
	}
	// Each indicator's series is read on its own goroutine, as many at
	// once as there are processors: they share only the repository,
	// whose tables are read once whoever asks first.
	m.series = make([]*series, len(repo.Cat.Indicators))
	errs := make([]error, len(m.series))
	inParallel(len(m.series), func(i int) {
		m.series[i], errs[i] = loadSeries(repo, repo.Cat.Indicators[i], last)
	})
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return m, nil
}

// aggregate is the comparison figure of field f over the rows of the given
// codes (all codes when codes is nil): a derived rate from the totals of
// its inputs, the median of other numbers, the share of yes (%) of a
// yes/no field. ok is false when there is nothing to aggregate.
func (s *series) aggregate(e edition, f int, codes []string) (float64, bool) {
	fl := s.fields[f]
	var rows [][]string
	if codes == nil {
		keys := make([]string, 0, len(e.rows))
		for c := range e.rows {
			keys = append(keys, c)
		}
		slices.Sort(keys)
		codes = keys
	}
	for _, c := range codes {
		if r, ok := e.rows[c]; ok {
			rows = append(rows, r)
		}
	}
	if len(rows) == 0 {
		return 0, false
	}
	switch {
	case fl.cons != nil:
		num, den := s.fieldIndex(fl.cons.Numerator), s.fieldIndex(fl.cons.Denominator)
		if num < 0 || den < 0 {
			break
		}
		var n, d float64
		for _, r := range rows {
			a, err1 := strconv.ParseFloat(r[num], 64)
			b, err2 := strconv.ParseFloat(r[den], 64)
			if err1 == nil && err2 == nil {
				n, d = n+a, d+b
			}
		}
		if d == 0 {
			return 0, false
		}
		p := math.Pow(10, float64(fl.decimals))
		return math.Round(n/d*fl.cons.Scale*p) / p, true
	case fl.Type == "boolean":
		var yes, all int
		for _, r := range rows {
			switch strings.ToLower(r[f]) {
			case "true", "1":
				yes++
				all++
			case "false", "0":
				all++
			}
		}
		if all == 0 {
			return 0, false
		}
		return math.Round(float64(yes)/float64(all)*1000) / 10, true
	}
	if !fl.numeric() {
		return 0, false
	}
	var xs []float64
	for _, r := range rows {
		if v, err := strconv.ParseFloat(r[f], 64); err == nil {
			xs = append(xs, v)
		}
	}
	if len(xs) == 0 {
		return 0, false
	}
	slices.Sort(xs)
	med := xs[len(xs)/2]
	if len(xs)%2 == 0 {
		med = (xs[len(xs)/2-1] + xs[len(xs)/2]) / 2
	}
	return med, true
}

func (s *series) fieldIndex(name string) int {
	for i, f := range s.fields {
		if f.Name == name {
			return i
		}
	}
	return -1
}

// aggLabel says how the comparison figures of a field are made.
func aggLabel(f field) (ja, en string) {
	switch {
	case f.cons != nil:
		return "合計から算出", "from the totals"
	case f.Type == "boolean":
		return "「はい」の割合 (%)", "share of yes (%)"
	}
	return "中央値", "median"
}

// fmtNum writes a number without trailing noise: up to 2 decimals.
func fmtNum(v float64, decimals int) string {
	if decimals >= 0 {
		return strconv.FormatFloat(v, 'f', decimals, 64)
	}
	s := strconv.FormatFloat(v, 'f', 2, 64)
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}

// editionName is 令和7年度版 (2025).
func editionName(y int) string { return wareki.Edition(y) + " (" + strconv.Itoa(y) + ")" }

// dateName is 令和7年5月1日 (2025-05-01).
func dateName(t time.Time) string {
	return wareki.Date(t) + " (" + t.Format(time.DateOnly) + ")"
}

// codes are the codes of entries.
func codes(es []lgcode.Entry) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = string(e.Code)
	}
	return out
}

// loadSeries reads an indicator's figures of every edition up to last.
func loadSeries(repo *repo.Repository, ind *catalog.Indicator, last int) (*series, error) {
	s := &series{ind: ind, head: -1}
	if ind.Status != catalog.Active || ind.Schema == "" {
		return s, nil
	}
	var err error
	if s.fields, err = loadFields(repo, ind); err != nil {
		return nil, err
	}
	s.head = headline(s.fields)
	names := make([]string, len(s.fields))
	pos := map[string]int{}
	for i, f := range s.fields {
		names[i] = f.Name
		pos[f.Name] = i
	}
	derived := len(ind.Derived()) > 0
	byDate := map[string]map[string][]string{}
	for t, err := range repo.IndicatorTables(ind) {
		if err != nil {
			return nil, err
		}
		codeCol, asOfCol := t.Header.Index(codeField), t.Header.Index(asOfField)
		if codeCol < 0 || asOfCol < 0 {
			return nil, fmt.Errorf("%s: %s, %s 列がありません / no %s or %s column", t.Path, codeField, asOfField, codeField, asOfField)
		}
		idx := t.Header.Indexes(names)
		for _, row := range t.Rows {
			rec := row.Values
			if codeCol >= len(rec) || asOfCol >= len(rec) {
				continue
			}
			vals := row.Pick(idx)
			d := rec[asOfCol]
			if derived {
				at, _ := time.Parse(time.DateOnly, d)
				copy(vals, ind.Derive(at, func(name string) string {
					if i, ok := pos[name]; ok {
						return vals[i]
					}
					return ""
				}))
			}
			if byDate[d] == nil {
				byDate[d] = map[string][]string{}
			}
			if _, dup := byDate[d][rec[codeCol]]; !dup {
				byDate[d][rec[codeCol]] = vals
			}
		}
	}
	for y := catalog.FirstEdition; y <= last; y++ {
		d, ok := ind.AsOf(y)
		if !ok {
			continue
		}
		s.editions = append(s.editions, edition{Year: y, AsOf: d, rows: byDate[d.Format(time.DateOnly)]})
	}
	return s, nil
}
