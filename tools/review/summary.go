package review

import (
	"cmp"
	"fmt"
	"maps"
	"math"
	"math/big"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ichiran-jp/ichiran/tools/catalog"
	"github.com/ichiran-jp/ichiran/tools/datadiff"
	"github.com/ichiran-jp/ichiran/tools/lgcode"
	"github.com/ichiran-jp/ichiran/tools/macro"
	"github.com/ichiran-jp/ichiran/tools/repo"
)

// Summary is what a reviewer approving a ministry's figures reads first,
// for one resource of an indicator that the pull request adds or changes:
// how many municipalities it covers and which are missing, the national
// and per-prefecture figure recomputed from the rows beside the previous
// figures, the largest rises and falls, the outliers and the blank cells.
// Every figure is computed from the rows (never the submitter's own
// totals or rates), at the newest as-of date the pull request touches.
//
// 提出された指標のリソースごとの要約: 団体数と欠けている団体、行から計算し直した
// 全国と都道府県の数値 (前回と並べて)、変化の大きい団体、外れ値、空欄。
type Summary struct {
	Resource  string `json:"resource"`
	Indicator string `json:"indicator"`
	Title     string `json:"title,omitempty"`
	Path      string `json:"path,omitempty"`
	AsOf      string `json:"asOf"`
	Rows      int    `json:"rows"` // the resource's rows at AsOf
	// Expected is the number of municipalities in force at AsOf (0 when
	// the code table cannot be read); Present, those with a row.
	Expected int     `json:"expected"`
	Present  int     `json:"present"`
	Missing  []Named `json:"missing"`
	// Other are the rows at AsOf of codes that are not a municipality in
	// force then (prefectures' own rows aside).
	Other []Named `json:"other"`
	// Blanks counts the empty cells at AsOf per field; BlankRows names
	// the rows that have one.
	Blanks    []Blank `json:"blanks"`
	BlankRows []Named `json:"blankRows"`
	// Previous is the as-of date compared with: the base's rows at AsOf
	// when the pull request corrects them (Correction), else the base's
	// newest earlier date of the indicator; "" when there is none.
	Previous    string       `json:"previous,omitempty"`
	Correction  bool         `json:"correction,omitempty"`
	Figure      *Figure      `json:"figure,omitempty"`
	Prefectures []PrefFigure `json:"prefectures,omitempty"`
	Changes     *Changes     `json:"changes,omitempty"`
}

// Named is a municipality (or a code) named for people.
type Named struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// Blank is the number of empty cells of a field.
type Blank struct {
	Field string `json:"field"`
	Count int    `json:"count"`
}

// Figure is the national figure: Σ numerator ÷ Σ denominator × scale
// over the rows that have both (a ratio), or Σ of one field (a total),
// now and at Previous.
type Figure struct {
	Name    catalog.Text `json:"name"`
	Formula catalog.Text `json:"formula"`
	Unit    string       `json:"unit"`
	Ratio   bool         `json:"ratio"`
	Value   string       `json:"value"`
	// Numerator and Denominator are the sums (Denominator "" for a total);
	// Counted, the rows they come from.
	Numerator   string `json:"numerator"`
	Denominator string `json:"denominator,omitempty"`
	Counted     int    `json:"counted"`
	Previous    string `json:"previous,omitempty"`
	// PreviousCounted is the number of rows of the previous figure.
	PreviousCounted int `json:"previousCounted,omitempty"`
	// Of is what a municipality's value is (its own rate, its count), and
	// Delta the unit of its changes.
	Of    catalog.Text `json:"of"`
	Delta catalog.Text `json:"delta"`
}

// PrefFigure is a prefecture's figure, computed the same way from its
// municipalities' rows.
type PrefFigure struct {
	Code     string `json:"code"`
	Name     string `json:"name"`
	Expected int    `json:"expected"`
	Present  int    `json:"present"`
	Value    string `json:"value"`
	Previous string `json:"previous,omitempty"`
}

// Changes are the municipalities' changes from Previous: the largest rises
// and falls, and the outliers — the changes beyond Tukey's far-out fences
// (first quartile − 3 × the interquartile range, third quartile + 3 × it;
// quartiles by linear interpolation). Without a previous date, Of is
// "value" and the outliers are the values beyond the fences of the values.
type Changes struct {
	Of       string `json:"of"` // "change" or "value"
	Compared int    `json:"compared"`
	Changed  int    `json:"changed"`
	Rises    []Move `json:"rises"`
	Falls    []Move `json:"falls"`
	Low      string `json:"low"`
	High     string `json:"high"`
	Outliers []Move `json:"outliers"`
	// OutlierCount is every outlier; Outliers holds the farthest
	// maxOutliers of them.
	OutlierCount int `json:"outlierCount"`
}

// Move is one municipality's value before and after.
type Move struct {
	Code  string `json:"code"`
	Name  string `json:"name"`
	Old   string `json:"old,omitempty"`
	New   string `json:"new"`
	Delta string `json:"delta,omitempty"`
}

// How many of each list the report keeps.
const (
	maxSummaries = 6
	topMoves     = 5
	maxOutliers  = 50
	// outlierK is the far-out fence: Q1 − k·IQR, Q3 + k·IQR.
	outlierK = 3
)

// Summarize computes the summaries of the indicator resources that d adds
// or changes, from the snapshots d compared: base (for the previous
// figures) and head.
func Summarize(base, head *datadiff.Snapshot, d *datadiff.Result) []Summary {
	out := []Summary{}
	if base == nil || head == nil || d == nil {
		return out
	}
	for _, rd := range d.Resources {
		if rd.Indicator == "" || rd.Change == datadiff.Removed || len(rd.Added)+len(rd.Changed) == 0 {
			continue
		}
		t := table(head, rd.Name)
		if t == nil || !slices.Contains(t.Header, repo.CodeField) || !slices.Contains(t.Header, repo.AsOfField) {
			continue
		}
		if len(out) == maxSummaries {
			break
		}
		out = append(out, summarize(base, head, rd, t))
	}
	return out
}

func table(s *datadiff.Snapshot, name string) *datadiff.Table {
	for _, t := range s.Tables {
		if t.Resource == name {
			return t
		}
	}
	return nil
}

type rows struct {
	t    *datadiff.Table
	rows [][]string
}

func (r rows) get(row []string, field string) string {
	i := slices.Index(r.t.Header, field)
	if i < 0 || i >= len(row) {
		return ""
	}
	return row[i]
}

// at is the rows of t at as-of date d.
func at(t *datadiff.Table, d string) rows {
	r := rows{t: t}
	i := slices.Index(t.Header, repo.AsOfField)
	for _, row := range t.Rows {
		if i >= 0 && i < len(row) && row[i] == d {
			r.rows = append(r.rows, row)
		}
	}
	return r
}

// touchedDate is the newest as-of date of the rows d adds or changes.
func touchedDate(rd datadiff.ResourceDiff, t *datadiff.Table) string {
	i := slices.Index(rd.Key, repo.AsOfField)
	newest := ""
	if i >= 0 {
		for _, r := range rd.Added {
			if i < len(r.Key) {
				newest = max(newest, r.Key[i])
			}
		}
		for _, r := range rd.Changed {
			if i < len(r.Key) {
				newest = max(newest, r.Key[i])
			}
		}
	}
	if newest == "" {
		j := slices.Index(t.Header, repo.AsOfField)
		for _, r := range t.Rows {
			if j < len(r) {
				newest = max(newest, r[j])
			}
		}
	}
	return newest
}

// metric is how the rows of an indicator give a figure: per row a
// numerator and a denominator (1 for a total), and a municipality's own
// value.
type metric struct {
	fig      Figure
	scale    int64
	decimals int
	// row gives a row's numerator and denominator; ok is false when the
	// row does not say.
	row func(r rows, row []string, at time.Time) (n, d int64, ok bool)
	// rowRatio: a municipality's value is its own ratio, else its
	// numerator.
	rowRatio bool
}

func parseInt(s string) (int64, bool) {
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil
}

// metricOf decides the figure of an indicator: its first consistency rule
// (the card rate: issued ÷ population × 100), the share of its procedures
// that are online (the derived counts), the share of its recommended
// datasets published, or the total of its first integer field.
func metricOf(ind *catalog.Indicator, t *datadiff.Table) *metric {
	if ind == nil {
		return nil
	}
	switch {
	case len(ind.Consistency) > 0:
		c := ind.Consistency[0]
		scale := int64(c.Scale)
		if float64(scale) != c.Scale || scale == 0 {
			break
		}
		return &metric{scale: scale, decimals: c.Decimals, rowRatio: true,
			fig: Figure{Ratio: true, Unit: unitOf(scale),
				Name:    catalog.Text{Ja: "全国の" + ind.Title.Ja + " (" + c.Field + ")", En: "national " + ind.Title.En + " (" + c.Field + ")"},
				Formula: catalog.Text{Ja: fmt.Sprintf("Σ %s ÷ Σ %s × %d", c.Numerator, c.Denominator, scale), En: fmt.Sprintf("Σ %s ÷ Σ %s × %d", c.Numerator, c.Denominator, scale)},
				Of:      catalog.Text{Ja: fmt.Sprintf("団体の %s ÷ %s × %d", c.Numerator, c.Denominator, scale), En: fmt.Sprintf("the municipality's %s ÷ %s × %d", c.Numerator, c.Denominator, scale)},
				Delta:   deltaUnit(scale)},
			row: func(r rows, row []string, _ time.Time) (int64, int64, bool) {
				n, ok1 := parseInt(r.get(row, c.Numerator))
				d, ok2 := parseInt(r.get(row, c.Denominator))
				return n, d, ok1 && ok2
			}}
	case len(ind.Procedures) > 0:
		return &metric{scale: 100, decimals: 1,
			fig: Figure{Ratio: true, Unit: "%",
				Name:    catalog.Text{Ja: "全国のオンライン化済み手続の割合", En: "national share of procedures online"},
				Formula: catalog.Text{Ja: "Σ オンライン化済み手続数 ÷ Σ 該当する手続数 × 100", En: "Σ procedures online ÷ Σ procedures the municipality has × 100"},
				Of:      catalog.Text{Ja: "団体のオンライン化済み手続数", En: "the municipality's procedures online"},
				Delta:   catalog.Text{Ja: "手続", En: "procedures"}},
			row: func(r rows, row []string, at time.Time) (int64, int64, bool) {
				c := ind.CountProcedures(at, func(id string) string { return r.get(row, id) })
				return int64(c.Online), int64(c.Applicable), c.Missing == 0
			}}
	case ind.Import != nil && len(ind.Import.Selections) > 0:
		var fields []string
		for f := range ind.Import.Selections {
			if f != "" {
				fields = append(fields, f)
			}
		}
		slices.Sort(fields)
		return &metric{scale: 100, decimals: 1,
			fig: Figure{Ratio: true, Unit: "%",
				Name:    catalog.Text{Ja: "全国の推奨データセットの公開の割合", En: "national share of recommended datasets published"},
				Formula: catalog.Text{Ja: fmt.Sprintf("Σ 公開している推奨データセット数 ÷ (団体数 × %d) × 100", len(fields)), En: fmt.Sprintf("Σ recommended datasets published ÷ (municipalities × %d) × 100", len(fields))},
				Of:      catalog.Text{Ja: "団体が公開している推奨データセット数", En: "the municipality's recommended datasets published"},
				Delta:   catalog.Text{Ja: "種類", En: "datasets"}},
			row: func(r rows, row []string, _ time.Time) (int64, int64, bool) {
				n := int64(0)
				for _, f := range fields {
					switch r.get(row, f) {
					case "true":
						n++
					case "false":
					default:
						return 0, 0, false
					}
				}
				return n, int64(len(fields)), true
			}}
	}
	for _, f := range t.Fields {
		if f.Type == "integer" && f.Name != repo.CodeField {
			return &metric{scale: 1,
				fig: Figure{Unit: f.Name,
					Name:    catalog.Text{Ja: "全国の " + f.Name + " の合計 (" + ind.Title.Ja + ")", En: "national total of " + f.Name},
					Formula: catalog.Text{Ja: "Σ " + f.Name, En: "Σ " + f.Name},
					Of:      catalog.Text{Ja: "団体の " + f.Name, En: "the municipality's " + f.Name},
					Delta:   catalog.Text{Ja: f.Name, En: f.Name}},
				row: func(r rows, row []string, _ time.Time) (int64, int64, bool) {
					n, ok := parseInt(r.get(row, f.Name))
					return n, 1, ok
				}}
		}
	}
	return nil
}

func unitOf(scale int64) string {
	if scale == 100 {
		return "%"
	}
	return "× " + strconv.FormatInt(scale, 10)
}

func deltaUnit(scale int64) catalog.Text {
	if scale == 100 {
		return catalog.Text{Ja: "ポイント", En: "points"}
	}
	return catalog.Text{Ja: "× " + strconv.FormatInt(scale, 10), En: "× " + strconv.FormatInt(scale, 10)}
}

// value is a municipality's own value as text, and as a number.
func (m *metric) value(n, d int64) (string, float64, bool) {
	if !m.rowRatio {
		return strconv.FormatInt(n, 10), float64(n), true
	}
	s := macro.Ratio(big.NewInt(n), big.NewInt(d), m.scale, m.decimals)
	if s == "" {
		return "", 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	return s, f, err == nil
}

// format is f rounded to a municipality's value's places.
func (m *metric) format(f float64) string {
	dec := 0
	if m.rowRatio {
		dec = m.decimals
	}
	f = math.Round(f*math.Pow10(dec)) / math.Pow10(dec)
	if f == 0 {
		f = 0 // no "-0.0"
	}
	return strconv.FormatFloat(f, 'f', dec, 64)
}

func signed(s string) string {
	if s != "" && s[0] != '-' && strings.Trim(s, "0.") != "" {
		return "+" + s
	}
	return s
}

// sums is a figure's sums over some rows.
type sums struct {
	n, d *big.Int
	rows int
}

func (s *sums) add(n, d int64) {
	if s.n == nil {
		s.n, s.d = new(big.Int), new(big.Int)
	}
	s.n.Add(s.n, big.NewInt(n))
	s.d.Add(s.d, big.NewInt(d))
	s.rows++
}

func (m *metric) figure(s sums) string {
	if s.rows == 0 {
		return ""
	}
	if !m.fig.Ratio {
		return s.n.String()
	}
	return macro.Ratio(s.n, s.d, m.scale, m.decimals)
}

// codeTable is head's code table, else base's.
func codeTable(base, head *datadiff.Snapshot) *lgcode.Table {
	return cmp.Or(head.Codes, base.Codes)
}

func nameOf(codes *lgcode.Table, code string, at time.Time) string {
	if codes == nil {
		return code
	}
	if e, ok := codes.Lookup(code, at); ok {
		return e.String()
	}
	if h := codes.History(code); len(h) > 0 {
		return h[len(h)-1].String()
	}
	return code
}

type point struct {
	code string
	text string
	v    float64
}

func summarize(base, head *datadiff.Snapshot, rd datadiff.ResourceDiff, t *datadiff.Table) Summary {
	s := Summary{Resource: rd.Name, Indicator: rd.Indicator, Title: rd.Title, Path: rd.Path,
		Missing: []Named{}, Other: []Named{}, Blanks: []Blank{}, BlankRows: []Named{}}
	s.AsOf = touchedDate(rd, t)
	day, _ := time.Parse(time.DateOnly, s.AsOf)
	cur := at(t, s.AsOf)
	s.Rows = len(cur.rows)
	codes := codeTable(base, head)

	// Coverage: the municipalities in force at the date, and the rows'.
	expected := map[string]lgcode.Entry{}
	if codes != nil {
		for _, e := range codes.InForce(day) {
			if e.InScope() {
				expected[string(e.Code)] = e
			}
		}
	}
	s.Expected = len(expected)
	seen := map[string]bool{}
	for _, row := range cur.rows {
		c := cur.get(row, repo.CodeField)
		if seen[c] {
			continue
		}
		seen[c] = true
		if _, ok := expected[c]; ok {
			s.Present++
			continue
		}
		if codes != nil {
			if e, ok := codes.Lookup(c, day); ok && e.Kind == lgcode.KindPrefecture {
				continue
			}
		}
		s.Other = append(s.Other, Named{c, nameOf(codes, c, day)})
	}
	for _, e := range sortedEntries(expected) {
		if !seen[string(e.Code)] {
			s.Missing = append(s.Missing, Named{string(e.Code), e.String()})
		}
	}

	// Blank cells.
	blank := map[string]int{}
	for _, row := range cur.rows {
		any := false
		for i, f := range t.Header {
			if f == repo.CodeField || f == repo.AsOfField {
				continue
			}
			if i >= len(row) || row[i] == "" {
				blank[f]++
				any = true
			}
		}
		if any {
			c := cur.get(row, repo.CodeField)
			s.BlankRows = append(s.BlankRows, Named{c, nameOf(codes, c, day)})
		}
	}
	for _, f := range t.Header {
		if blank[f] > 0 {
			s.Blanks = append(s.Blanks, Blank{f, blank[f]})
		}
	}

	// The previous rows: the base's at the same date (a correction), else
	// its newest earlier date.
	var ind *catalog.Indicator
	if cat := cmp.Or(head.Catalog, base.Catalog); cat != nil {
		ind = cat.Indicator(rd.Indicator)
	}
	var prev []rows
	for _, bt := range base.Tables {
		if bt.Indicator != rd.Indicator || !slices.Contains(bt.Header, repo.AsOfField) {
			continue
		}
		if r := at(bt, s.AsOf); len(r.rows) > 0 {
			prev = append(prev, r)
		}
	}
	if len(prev) > 0 {
		s.Previous, s.Correction = s.AsOf, true
	} else {
		for _, bt := range base.Tables {
			if bt.Indicator != rd.Indicator {
				continue
			}
			j := slices.Index(bt.Header, repo.AsOfField)
			for _, row := range bt.Rows {
				if j >= 0 && j < len(row) && row[j] < s.AsOf {
					s.Previous = max(s.Previous, row[j])
				}
			}
		}
		if s.Previous != "" {
			for _, bt := range base.Tables {
				if bt.Indicator == rd.Indicator {
					if r := at(bt, s.Previous); len(r.rows) > 0 {
						prev = append(prev, r)
					}
				}
			}
		}
	}
	prevDay, _ := time.Parse(time.DateOnly, s.Previous)

	m := metricOf(ind, t)
	if m == nil {
		return s
	}
	// The figures: national, per prefecture, per municipality.
	var nat, prevNat sums
	byPref, prevByPref := map[string]*sums{}, map[string]*sums{}
	now, before := map[string]point{}, map[string]point{}
	prefOf := func(code string, d time.Time) string {
		if codes == nil {
			return ""
		}
		if e, ok := codes.Lookup(code, d); ok && e.InScope() {
			return e.PrefCode
		}
		return ""
	}
	take := func(r rows, d time.Time, all *sums, pref map[string]*sums, pts map[string]point) {
		done := map[string]bool{}
		for _, row := range r.rows {
			c := r.get(row, repo.CodeField)
			p := prefOf(c, d)
			if done[c] || (codes != nil && p == "") {
				continue // a duplicate, or not a municipality
			}
			done[c] = true
			n, dd, ok := m.row(r, row, d)
			if !ok {
				continue
			}
			all.add(n, dd)
			if pref[p] == nil {
				pref[p] = &sums{}
			}
			pref[p].add(n, dd)
			if text, v, ok := m.value(n, dd); ok {
				pts[c] = point{c, text, v}
			}
		}
	}
	take(cur, day, &nat, byPref, now)
	for _, p := range prev {
		take(p, prevDay, &prevNat, prevByPref, before)
	}
	f := m.fig
	f.Value, f.Counted = m.figure(nat), nat.rows
	if nat.rows > 0 {
		f.Numerator = nat.n.String()
		if f.Ratio {
			f.Denominator = nat.d.String()
		}
	}
	f.Previous, f.PreviousCounted = m.figure(prevNat), prevNat.rows
	s.Figure = &f

	if codes != nil {
		prefs := map[string]*PrefFigure{}
		for _, e := range expected {
			p := prefs[e.PrefCode]
			if p == nil {
				p = &PrefFigure{Code: e.PrefCode, Name: e.Prefecture}
				prefs[e.PrefCode] = p
			}
			p.Expected++
			if seen[string(e.Code)] {
				p.Present++
			}
		}
		for code, p := range prefs {
			if x := byPref[code]; x != nil {
				p.Value = m.figure(*x)
			}
			if x := prevByPref[code]; x != nil {
				p.Previous = m.figure(*x)
			}
			s.Prefectures = append(s.Prefectures, *p)
		}
		slices.SortFunc(s.Prefectures, func(a, b PrefFigure) int { return cmp.Compare(a.Code, b.Code) })
	}

	s.Changes = changes(m, codes, day, now, before, s.Previous != "")
	return s
}

func sortedEntries(m map[string]lgcode.Entry) []lgcode.Entry {
	out := make([]lgcode.Entry, 0, len(m))
	for _, e := range m {
		out = append(out, e)
	}
	slices.SortFunc(out, func(a, b lgcode.Entry) int { return cmp.Compare(a.Code, b.Code) })
	return out
}

// changes ranks the municipalities' changes (or, with no previous date,
// their values) and finds the outliers.
func changes(m *metric, codes *lgcode.Table, day time.Time, now, before map[string]point, compare bool) *Changes {
	c := &Changes{Of: "change", Rises: []Move{}, Falls: []Move{}, Outliers: []Move{}}
	type item struct {
		mv Move
		x  float64 // the change, or the value
	}
	var items []item
	for _, code := range slices.Sorted(maps.Keys(now)) {
		n := now[code]
		mv := Move{Code: code, Name: nameOf(codes, code, day), New: n.text}
		if !compare {
			items = append(items, item{mv, n.v})
			continue
		}
		b, ok := before[code]
		if !ok {
			continue
		}
		x := n.v - b.v
		if !m.rowRatio {
			x = math.Round(x)
		} else {
			x = math.Round(x*math.Pow10(m.decimals)) / math.Pow10(m.decimals)
		}
		mv.Old, mv.Delta = b.text, signed(m.format(x))
		items = append(items, item{mv, x})
	}
	if !compare {
		c.Of = "value"
	}
	c.Compared = len(items)
	if len(items) == 0 {
		return c
	}
	if compare {
		for _, it := range items {
			if it.x != 0 {
				c.Changed++
			}
		}
		byX := slices.Clone(items)
		slices.SortStableFunc(byX, func(a, b item) int { return cmp.Or(cmp.Compare(b.x, a.x), cmp.Compare(a.mv.Code, b.mv.Code)) })
		for _, it := range byX {
			if len(c.Rises) == topMoves || it.x <= 0 {
				break
			}
			c.Rises = append(c.Rises, it.mv)
		}
		slices.SortStableFunc(byX, func(a, b item) int { return cmp.Or(cmp.Compare(a.x, b.x), cmp.Compare(a.mv.Code, b.mv.Code)) })
		for _, it := range byX {
			if len(c.Falls) == topMoves || it.x >= 0 {
				break
			}
			c.Falls = append(c.Falls, it.mv)
		}
	}
	xs := make([]float64, len(items))
	for i, it := range items {
		xs[i] = it.x
	}
	slices.Sort(xs)
	q1, q3 := quantile(xs, 0.25), quantile(xs, 0.75)
	lo, hi := q1-outlierK*(q3-q1), q3+outlierK*(q3-q1)
	c.Low, c.High = m.format(lo), m.format(hi)
	type far struct {
		item
		by float64
	}
	var out []far
	for _, it := range items {
		switch {
		case it.x < lo:
			out = append(out, far{it, lo - it.x})
		case it.x > hi:
			out = append(out, far{it, it.x - hi})
		}
	}
	slices.SortStableFunc(out, func(a, b far) int { return cmp.Or(cmp.Compare(b.by, a.by), cmp.Compare(a.mv.Code, b.mv.Code)) })
	c.OutlierCount = len(out)
	for i, o := range out {
		if i == maxOutliers {
			break
		}
		c.Outliers = append(c.Outliers, o.mv)
	}
	return c
}

// quantile is the q-quantile of sorted xs by linear interpolation between
// the closest ranks (R's type 7, numpy's default).
func quantile(xs []float64, q float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	h := q * float64(len(xs)-1)
	i := int(math.Floor(h))
	if i+1 >= len(xs) {
		return xs[len(xs)-1]
	}
	return xs[i] + (h-float64(i))*(xs[i+1]-xs[i])
}
