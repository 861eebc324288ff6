package site

// Peers: where a municipality stands among the municipalities of the same
// kind (its class: 指定都市, 中核市, 施行時特例市, 一般市, 町, 村, 特別区) and
// the same population class, edition by edition, recomputed from the rows.
// The populations are 住民基本台帳人口 from the My Number Card files (their
// population column and its population_date); an edition without card
// figures uses the latest card edition before it (else the first after),
// and says so.
//
// 同じ区分・人口階級の団体の中での位置 (順位・百分位・中央値)。人口はマイナンバー
// カード交付状況の住民基本台帳人口。

import (
	"cmp"
	"html/template"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ichiran-jp/ichiran/tools/catalog"
	"github.com/ichiran-jp/ichiran/tools/lgcode"
)

// cardIndicator is the indicator whose files carry the populations, and
// its columns.
const (
	cardIndicator     = "mynumber-card"
	cardPopulation    = "population"
	cardPopulationDay = "population_date"
)

// popSource is where the populations of an edition's comparisons come
// from: the card figures of one edition.
type popSource struct {
	year   int              // the card edition
	date   time.Time        // population_date (the most common one)
	byCode map[string]int64 // code → 住民基本台帳人口
}

// peerGroup is a municipality's peers: its kind (a class, or in a table
// without classes the kind of the code table: city, town …) and population
// class.
type peerGroup struct {
	kind string
	pop  lgcode.PopulationClass
}

// kindOrder is the order in which kinds are shown.
var kindOrder = func() []string {
	var out []string
	for _, c := range lgcode.Classes {
		out = append(out, string(c))
	}
	for _, k := range lgcode.Kinds {
		if !slices.Contains(out, string(k)) {
			out = append(out, string(k))
		}
	}
	return out
}()

// kindLabel names a kind of [peerGroup] in Japanese and English.
func kindLabel(kind string) (ja, en string) {
	if c := lgcode.Class(kind); c.Valid() {
		return c.Label(), c.English()
	}
	return lgcode.Kind(kind).Label(), kind
}

func compareKinds(a, b string) int {
	return cmp.Compare(slices.Index(kindOrder, a), slices.Index(kindOrder, b))
}

// peerIndex is the peers of every municipality in one edition of one
// indicator.
type peerIndex struct {
	pop    popSource
	ok     bool                 // populations found
	group  map[string]peerGroup // code → its group (codes with a population only)
	values map[peerGroup][]float64
	yes    map[peerGroup]int // boolean headline: members saying yes
	size   map[peerGroup]int // members, with a figure or not
}

type peerKey struct {
	ind  string
	year int
}

// populations returns the populations used for the comparisons of
// edition y: the card figures of y, else of the latest edition before y
// with figures, else of the first after.
func (m *model) populations(y int) (popSource, bool) {
	var card *series
	for _, s := range m.series {
		if s.ind.ID == cardIndicator {
			card = s
		}
	}
	if card == nil {
		return popSource{}, false
	}
	pi, di := card.fieldIndex(cardPopulation), card.fieldIndex(cardPopulationDay)
	if pi < 0 {
		return popSource{}, false
	}
	eds := card.withData()
	if len(eds) == 0 {
		return popSource{}, false
	}
	pick := eds[0] // the first after, when none is before
	for _, ed := range eds {
		if ed.Year <= y {
			pick = ed
		}
	}
	src := popSource{year: pick.Year, byCode: map[string]int64{}}
	dates := map[string]int{}
	for code, row := range pick.rows {
		n, err := strconv.ParseInt(row[pi], 10, 64)
		if err != nil {
			continue
		}
		src.byCode[code] = n
		if di >= 0 {
			dates[row[di]]++
		}
	}
	best := ""
	for d, n := range dates {
		if n > dates[best] || (n == dates[best] && d < best) {
			best = d
		}
	}
	src.date, _ = time.Parse(time.DateOnly, best)
	return src, len(src.byCode) > 0
}

// peerKind is the kind of a municipality for edition ed: its class on the
// figures' date (on the edition's deadline when the code was not in force
// then), else, in a table without classes, its kind.
func (m *model) peerKind(e lgcode.Entry, at time.Time) string {
	if c, ok := m.repo.Codes.ClassOf(string(e.Code), at); ok {
		return string(c)
	}
	if c := e.Class.Last(); c != "" {
		return string(c)
	}
	return string(e.Kind)
}

// peers returns the peer index of an edition of s, computed once.
func (m *model) peers(s *series, ed edition) *peerIndex {
	k := peerKey{s.ind.ID, ed.Year}
	m.peerMu.Lock()
	px, ok := m.peerCache[k]
	m.peerMu.Unlock()
	if ok {
		return px
	}
	px = &peerIndex{group: map[string]peerGroup{}, values: map[peerGroup][]float64{}, yes: map[peerGroup]int{}, size: map[peerGroup]int{}}
	px.pop, px.ok = m.populations(ed.Year)
	f := s.fields[s.head]
	for _, e := range m.munis {
		code := string(e.Code)
		n, ok := px.pop.byCode[code]
		if !ok {
			continue
		}
		g := peerGroup{kind: m.peerKind(e, ed.AsOf), pop: lgcode.PopulationClassOf(n)}
		px.group[code] = g
		px.size[g]++
		row := ed.rows[code]
		if row == nil {
			continue
		}
		if f.Type == "boolean" {
			switch strings.ToLower(row[s.head]) {
			case "true", "1":
				px.yes[g]++
				px.values[g] = append(px.values[g], 1)
			case "false", "0":
				px.values[g] = append(px.values[g], 0)
			}
			continue
		}
		if v, err := strconv.ParseFloat(row[s.head], 64); err == nil {
			px.values[g] = append(px.values[g], v)
		}
	}
	for _, vs := range px.values {
		slices.Sort(vs)
	}
	m.peerMu.Lock()
	defer m.peerMu.Unlock()
	if m.peerCache == nil {
		m.peerCache = map[peerKey]*peerIndex{}
	}
	m.peerCache[k] = px
	return px
}

// median of sorted values; ok is false for none.
func median(sorted []float64) (float64, bool) {
	n := len(sorted)
	if n == 0 {
		return 0, false
	}
	if n%2 == 1 {
		return sorted[n/2], true
	}
	return (sorted[n/2-1] + sorted[n/2]) / 2, true
}

// standing tells where v stands among sorted (ascending, v among them):
// rank 1 is the highest, ties sharing the best rank (1, 2, 2, 4);
// percentile is the share of the others below v, ties counting half (0:
// the lowest, 100: the highest), NaN when v is alone.
func standing(sorted []float64, v float64) (rank int, percentile float64) {
	below, equal, above := 0, 0, 0
	for _, x := range sorted {
		switch {
		case x < v:
			below++
		case x > v:
			above++
		default:
			equal++
		}
	}
	rank = above + 1
	others := len(sorted) - 1
	if others <= 0 {
		return rank, math.NaN()
	}
	return rank, 100 * (float64(below) + float64(max(equal-1, 0))/2) / float64(others)
}

// peerRow is one edition of a municipality's standing among its peers.
type peerRow struct {
	ed       edition
	pop      popSource
	own      int64 // the municipality's population
	group    peerGroup
	size     int // municipalities in the group
	n        int // of them with a figure
	has      bool
	value    float64
	rank     int
	pct      float64
	median   float64
	yes      int // boolean: of n, how many say yes
	boolean  bool
	medianOK bool
}

// standingOf computes a municipality's standing in edition ed of s; ok is
// false when it has no population, hence no peers.
func (m *model) standingOf(s *series, ed edition, code string) (peerRow, bool) {
	px := m.peers(s, ed)
	g, ok := px.group[code]
	if !ok {
		return peerRow{}, false
	}
	r := peerRow{ed: ed, pop: px.pop, own: px.pop.byCode[code], group: g, size: px.size[g], boolean: s.fields[s.head].Type == "boolean"}
	vs := px.values[g]
	r.n = len(vs)
	r.median, r.medianOK = median(vs)
	r.yes = px.yes[g]
	if row := ed.rows[code]; row != nil {
		switch {
		case r.boolean:
			switch strings.ToLower(row[s.head]) {
			case "true", "1":
				r.value, r.has = 1, true
			case "false", "0":
				r.value, r.has = 0, true
			}
		default:
			if v, err := strconv.ParseFloat(row[s.head], 64); err == nil {
				r.value, r.has = v, true
			}
		}
	}
	if r.has && !r.boolean {
		r.rank, r.pct = standing(vs, r.value)
	}
	return r, true
}

// classFact is a municipality's latest class, with the day it became so
// when that was since the class history starts (2018-04-01): "中核市 core
// city (2019-04-01 から、それまで施行時特例市 …)".
type classFact struct {
	Label, English        string
	Since                 string // "" when it has been so since the history starts
	Before, BeforeEnglish string
}

func kindFact(e lgcode.Entry) *classFact {
	ps, err := e.Class.Periods()
	if err != nil || len(ps) == 0 {
		return nil
	}
	last := ps[len(ps)-1]
	c := &classFact{Label: last.Class.Label(), English: last.Class.English()}
	if !last.From.IsZero() {
		c.Since = last.From.Format(time.DateOnly)
		c.Before, c.BeforeEnglish = ps[len(ps)-2].Class.Label(), ps[len(ps)-2].Class.English()
	}
	return c
}

// dateOrDash is a date, or — for none.
func dateOrDash(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.Format(time.DateOnly)
}

// kindShort is a kind's Japanese name.
func kindShort(kind string) string {
	ja, _ := kindLabel(kind)
	return ja
}

// peerTableView is the municipality page's table of its standing among
// its peers in every edition with figures.
type peerTableView struct {
	Open, Close template.HTML // the table around the municipality's name, per indicator
	Name        string
	Rows        template.HTML
}

// peerFrameView is what peer-table-open and peer-table-close show.
type peerFrameView struct {
	ID      string
	Field   catalog.Text
	Boolean bool
}

// population is a municipality's population, as of when and from which
// card edition.
type population struct {
	N    int64
	Date string
	Year int
}

// peerTable is the municipality page's table of its standing among its
// peers in every edition with figures; nil when it has no peers at all.
func (w *writer) peerTable(r *renderer, s *series, e lgcode.Entry, data []edition) *peerTableView {
	f := s.fields[s.head]
	var rows []peerRow
	for _, ed := range data {
		if pr, ok := w.m.standingOf(s, ed, string(e.Code)); ok {
			rows = append(rows, pr)
		}
	}
	if len(rows) == 0 {
		return nil
	}
	fv := peerFrameView{ID: s.ind.ID, Field: catalog.Text{Ja: f.Ja, En: f.En}, Boolean: rows[0].boolean}
	v := &peerTableView{Name: e.Name, Open: r.cached("municipality", "peer-table-open", fv), Close: r.cached("municipality", "peer-table-close", fv)}
	cells := make([]template.HTML, 0, 9)
	body := newTbody(len(rows))
	for _, pr := range rows {
		val := ""
		if row := pr.ed.rows[string(e.Code)]; row != nil {
			val = row[s.head]
		}
		cells = append(cells[:0],
			r.rowHead(editionName(pr.ed.Year)),
			r.td(kindShort(pr.group.kind)+"・"+pr.group.pop.Short(), ""),
			r.cached("municipality", "population", population{pr.own, dateOrDash(pr.pop.date), pr.pop.year}),
			r.num(strconv.Itoa(pr.n)+"/"+strconv.Itoa(pr.size), ""),
			r.cell(f, val))
		switch {
		case pr.boolean:
			cells = append(cells, r.num(strconv.Itoa(pr.yes)+"/"+strconv.Itoa(pr.n), ""), r.aggCell(f, shareOf(pr.yes, pr.n), pr.n > 0))
		default:
			if pr.has {
				cells = append(cells, r.num(strconv.Itoa(pr.rank)+"/"+strconv.Itoa(pr.n), ""))
			} else {
				cells = append(cells, r.aggCell(f, 0, false))
			}
			cells = append(cells, r.pctCell(pr.pct, pr.has), r.aggCell(field{Type: f.Type, decimals: f.decimals}, pr.median, pr.medianOK))
		}
		body.row(cells...)
	}
	v.Rows = body.html()
	return v
}

// shareOf is yes of all in percent, one decimal.
func shareOf(yes, all int) float64 {
	if all == 0 {
		return 0
	}
	return math.Round(float64(yes)/float64(all)*1000) / 10
}

func (r *renderer) pctCell(p float64, ok bool) template.HTML {
	if !ok || math.IsNaN(p) {
		return r.cached("", "percentile", figureCell{})
	}
	return r.cached("", "percentile", figureCell{strconv.FormatFloat(math.Round(p), 'f', 0, 64), true})
}

// peerSummaryView is, on an indicator's page, the figure of each kind and
// population class.
type peerSummaryView struct {
	ID                    string
	Edition, Day, PopDate string
	PopEdition            string
	Year, PopYear         int
	Figure                catalog.Text // what each cell gives: the median, the share of yes
	Classes               []catalog.Text
	Kinds                 []peerKind
}

type peerKind struct {
	Kind    string
	Label   catalog.Text
	Members int
	Cells   template.HTML
}

// peerSummary is, on an indicator's page, the figure of each kind and
// population class in edition ed, with a link per kind to a page of its
// municipalities (the filter by kind; plain links, no script); it writes
// those pages. Nil when the headline is neither a number nor yes/no, or
// there are no populations.
func (w *writer) peerSummary(r *renderer, s *series, ed edition) *peerSummaryView {
	f := s.fields[s.head]
	if !f.numeric() && f.Type != "boolean" {
		return nil
	}
	px := w.m.peers(s, ed)
	if !px.ok {
		return nil
	}
	var kinds []string
	members := map[string][]lgcode.Entry{}
	for _, e := range w.m.munis {
		g, ok := px.group[string(e.Code)]
		if !ok {
			continue
		}
		if _, seen := members[g.kind]; !seen {
			kinds = append(kinds, g.kind)
		}
		members[g.kind] = append(members[g.kind], e)
	}
	slices.SortFunc(kinds, compareKinds)
	v := &peerSummaryView{ID: s.ind.ID, Edition: editionName(ed.Year), Day: dateName(ed.AsOf), PopDate: px.pop.date.Format(time.DateOnly),
		PopEdition: editionName(px.pop.year), Year: ed.Year, PopYear: px.pop.year, Figure: catalog.Text{Ja: "中央値", En: "median"}}
	if f.Type == "boolean" {
		v.Figure = catalog.Text{Ja: "「はい」の割合 (%)", En: "share of yes (%)"}
	}
	for _, pc := range lgcode.PopulationClasses {
		v.Classes = append(v.Classes, catalog.Text{Ja: pc.Short(), En: pc.English()})
	}
	var cells []template.HTML
	for _, k := range kinds {
		kj, ke := kindLabel(k)
		cells = cells[:0]
		for _, pc := range lgcode.PopulationClasses {
			cells = append(cells, r.groupCell(f, px, peerGroup{kind: k, pop: pc}))
		}
		v.Kinds = append(v.Kinds, peerKind{Kind: k, Label: catalog.Text{Ja: kj, En: ke}, Members: len(members[k]), Cells: join(cells...)})
	}
	for _, k := range kinds {
		w.kindPage(r, s, ed, px, k, v.Kinds, members[k])
	}
	return v
}

// groupCellView is a group's figure and size (the size: 0 for none, the
// figure "" for no data).
type groupCellView struct {
	V       string
	N, Size int
}

// groupCell is a group's figure and size.
func (r *renderer) groupCell(f field, px *peerIndex, g peerGroup) template.HTML {
	vs := px.values[g]
	c := groupCellView{N: len(vs), Size: px.size[g]}
	if c.Size > 0 && c.N > 0 {
		var v float64
		d := f.decimals
		if f.Type == "boolean" {
			v, d = shareOf(px.yes[g], len(vs)), 1
		} else {
			v, _ = median(vs)
		}
		c.V = fmtNum(v, d)
	}
	return r.cached("indicator", "group", c)
}

// kindView is i/<indicator>/<kind>.html.
type kindView struct {
	ID, Kind              string
	Title, Label          catalog.Text
	Edition, Day, PopDate string
	PopEdition            string
	Year, PopYear, Count  int
	Kinds                 []peerKind
	Field                 field
	Boolean               bool
	Rows                  template.HTML
}

// kindPage writes i/<indicator>/<kind>.html: the municipalities of one
// kind, with their population class, figure and rank among their peers.
func (w *writer) kindPage(r *renderer, s *series, ed edition, px *peerIndex, kind string, kinds []peerKind, members []lgcode.Entry) {
	ind := s.ind
	f := s.fields[s.head]
	kj, ke := kindLabel(kind)
	v := kindView{ID: ind.ID, Kind: kind, Title: ind.Title, Label: catalog.Text{Ja: kj, En: ke}, Edition: editionName(ed.Year), Day: dateName(ed.AsOf),
		PopDate: px.pop.date.Format(time.DateOnly), PopEdition: editionName(px.pop.year), Year: ed.Year, PopYear: px.pop.year,
		Count: len(members), Kinds: kinds, Field: f, Boolean: f.Type == "boolean"}
	cells := make([]template.HTML, 0, 8)
	body := newTbody(len(members))
	for _, e := range members {
		code := string(e.Code)
		g := px.group[code]
		val := ""
		if row := ed.rows[code]; row != nil {
			val = row[s.head]
		}
		pop := strconv.FormatInt(px.pop.byCode[code], 10)
		cells = append(cells[:0], w.rowHeads[e.Code][1], r.num(pop, pop), r.td(g.pop.Short(), strconv.Itoa(int(g.pop))), r.cell(f, val))
		if !v.Boolean {
			if pr, ok := w.m.standingOf(s, ed, code); ok && pr.has {
				cells = append(cells, r.num(strconv.Itoa(pr.rank)+"/"+strconv.Itoa(pr.n), strconv.Itoa(pr.rank)))
			} else {
				cells = append(cells, r.aggCell(f, 0, false))
			}
			med, ok := median(px.values[g])
			cells = append(cells, r.aggCell(field{Type: f.Type, decimals: f.decimals}, med, ok))
		}
		body.row(cells...)
	}
	v.Rows = body.html()
	r.page("kind", "i/"+ind.ID+"/"+kind+".html", 2, [2]string{ind.Title.Ja + " — " + kj, ind.Title.En + " — " + ke}, []string{"sort.js"}, v)
}
