package site

import (
	"cmp"
	"html/template"
	"slices"
	"strconv"
	"strings"

	"github.com/ichiran-jp/ichiran/tools/catalog"
	"github.com/ichiran-jp/ichiran/tools/lgcode"
	"github.com/ichiran-jp/ichiran/tools/wareki"
)

// The cells of the tables. Each kind is a comparable value rendered by its
// template in parts.tmpl, once per distinct value ([renderer.cached]).

// figureCell is a computed figure, written; OK is false for none.
type figureCell struct {
	V  string
	OK bool
}

// numCell is a number's cell, sorted by Sort when it is not "".
type numCell struct{ Text, Sort string }

// textCell is a text cell, sorted by Sort when it is not "".
type textCell struct{ Text, Sort string }

// cell renders a raw value of a field: no figure, yes, no, a number or
// text, each by its template (cell-na, cell-yes …).
func (r *renderer) cell(f field, v string) template.HTML {
	kind := "cell-text"
	switch {
	case v == "":
		kind = "cell-na"
	case f.Type == "boolean":
		switch strings.ToLower(v) {
		case "true", "1":
			kind, v = "cell-yes", ""
		case "false", "0":
			kind, v = "cell-no", ""
		}
	case f.numeric():
		if isNumber(v) {
			return numberCell(v, v)
		}
		kind = "cell-num"
	}
	return r.cachedString(kind, v)
}

// aggCell renders a comparison figure.
func (r *renderer) aggCell(f field, v float64, ok bool) template.HTML {
	if !ok {
		return r.cached("", "figure", figureCell{})
	}
	d := f.decimals
	if f.Type == "boolean" {
		d = 1
	}
	text := fmtNum(v, d)
	if isNumber(text) {
		return numberCell(text, "")
	}
	return r.cached("", "figure", figureCell{text, true})
}

func (r *renderer) num(text, sort string) template.HTML {
	if isNumber(text) && (sort == "" || isNumber(sort)) {
		return numberCell(text, sort)
	}
	return r.cached("", "num", numCell{text, sort})
}

// isNumber reports whether s is written only with what numbers are
// written with here (digits, a sign, a point, commas, a slash, a percent
// sign): text that HTML escaping leaves as it is, in an element as in a
// quoted attribute.
func isNumber(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case '0' <= c && c <= '9', c == '.', c == ',', c == '-', c == '/', c == '%':
		default:
			return false
		}
	}
	return true
}

// numberCell is the cell of a number: what the templates "num",
// "cell-num" and "figure" write for it, made here from the same constant
// markup and text that [isNumber] accepts, without a template (the cells
// of numbers are most of the cells, and nearly every one is a different
// number). TestNumberCell checks that the bytes are the templates'.
func numberCell(text, sort string) template.HTML {
	if sort == "" {
		return template.HTML(`<td class="num">` + text + `</td>`)
	}
	return template.HTML(`<td class="num" data-v="` + sort + `">` + text + `</td>`)
}

func (r *renderer) td(text, sort string) template.HTML {
	return r.cached("", "td", textCell{text, sort})
}

func (r *renderer) rowHead(text string) template.HTML {
	return r.cachedString("row-head", text)
}

// indicatorLink is an indicator in the list of indicators.
type indicatorLink struct {
	Href, Ja, En, Status string
}

func (w *writer) indicatorLinks(root string) []indicatorLink {
	var out []indicatorLink
	for _, s := range w.m.series {
		out = append(out, indicatorLink{Href: root + "i/" + s.ind.ID + ".html", Ja: s.ind.Title.Ja, En: s.ind.Title.En, Status: s.ind.Status})
	}
	return out
}

// index writes the home page: the search and the prefectures.
func (w *writer) index(r *renderer) {
	type pref struct{ Code, Name, Romaji string }
	v := struct {
		Count      int
		Edition    string
		Year       int
		Prefs      []pref
		Indicators []indicatorLink
	}{Count: len(w.m.munis), Edition: editionName(w.m.edition), Year: w.m.edition, Indicators: w.indicatorLinks("")}
	for _, p := range w.m.prefs {
		v.Prefs = append(v.Prefs, pref{p.PrefCode, p.Name, hepburn(p.Reading, true)})
	}
	r.page("index", "index.html", 0, [2]string{"検索", "Search"}, []string{"search.js"}, v)
}

// stateText says why an indicator has no figures.
func stateText(ind *catalog.Indicator) catalog.Text {
	switch ind.Status {
	case catalog.Pending:
		return catalog.Text{Ja: "調整中: データの提供方法を調整中のため、数値はありません。", En: "Pending: how the data will be provided is still being settled, so there are no figures."}
	case catalog.NotSuited:
		return catalog.Text{Ja: "個別団体の取組の情報としてなじまないため掲載しません。", En: "Not suited to per-municipality data, so not listed."}
	}
	return catalog.Text{}
}

func (w *writer) indicatorsPage(r *renderer) {
	r.page("indicators", "indicators.html", 0, [2]string{"指標", "Indicators"}, nil, w.indicatorLinks(""))
}

// prefecture writes a prefecture's page: its municipalities.
func (w *writer) prefecture(r *renderer, pr lgcode.Entry) {
	type column struct {
		Title, Field catalog.Text
		Edition      string
	}
	type muni struct {
		Code, Name, Reading, Romaji, Kind string
		Cells                             template.HTML
	}
	v := struct {
		Name, Romaji string
		Columns      []column
		Munis        []muni
	}{Name: pr.Name, Romaji: hepburn(pr.Reading, true)}
	// Each indicator's headline figure, at its latest edition with figures.
	type col struct {
		s  *series
		ed edition
	}
	var cols []col
	for _, s := range w.m.series {
		if data := s.withData(); s.head >= 0 && len(data) > 0 {
			ed := data[len(data)-1]
			cols = append(cols, col{s, ed})
			f := s.fields[s.head]
			v.Columns = append(v.Columns, column{s.ind.Title, catalog.Text{Ja: f.Ja, En: f.En}, editionName(ed.Year)})
		}
	}
	cells := make([]template.HTML, len(cols))
	for _, e := range w.m.byPref[pr.PrefCode] {
		for i, c := range cols {
			s := c.s
			val := ""
			if row := c.ed.rows[string(e.Code)]; row != nil {
				val = row[s.head]
			}
			cells[i] = r.cell(s.fields[s.head], val)
		}
		v.Munis = append(v.Munis, muni{string(e.Code), e.Name, e.Reading, hepburn(e.Reading, true), e.Kind.Label(), join(cells...)})
	}
	r.page("prefecture", "p/"+pr.PrefCode+".html", 1, [2]string{pr.Name, v.Romaji}, nil, v)
}

// sourcesView is an indicator's sources — the publications the catalogue
// names, then the files the repository's figures were imported from, with
// their terms — or why it has no figures; addresses are text, not links.
// Unless Full, the files are named by their publication only (a
// municipality's page links to the indicator's page for the rest).
type sourcesView struct {
	Full         bool
	Files        []sourceFile
	Availability *catalog.Text
	Notes        *catalog.Text
	Catalogue    []catalog.Source
}

type sourceFile struct {
	AsOf, Publisher, Title, Published, Page, File, SHA256, License, Note string
}

func sources(ind *catalog.Indicator, cat *catalog.Catalog, full bool) sourcesView {
	v := sourcesView{Full: full, Catalogue: ind.Sources}
	for _, name := range cat.Resources[ind.ID] {
		for _, f := range cat.Provenance[name] {
			sf := sourceFile{AsOf: f.AsOf, Publisher: f.Publisher, Title: f.Title, Published: cmp.Or(f.Published, "公表日不明 / date unknown"),
				Page: f.Page, File: f.File, SHA256: f.SHA256, Note: f.Note}
			if f.License != nil {
				sf.License = f.License.Title
			}
			v.Files = append(v.Files, sf)
		}
	}
	if len(v.Files) == 0 {
		v.Availability = ind.Availability
	}
	if full {
		v.Notes = ind.Notes
	}
	return v
}

// sectionHead is what a municipality's page shows of an indicator before
// its figures, the same on every page: the heading, the state or the
// sources, and the head of the table of figures.
type sectionHead struct {
	ID       string
	Title    catalog.Text
	State    catalog.Text
	Ministry catalog.Text
	Rule     string
	Sources  sourcesView
	HasData  bool
	Fields   []field // the columns of the table of figures
}

// muniView is a municipality's page.
type muniView struct {
	Code, PrefCode, PrefName, Name, Prefecture, Romaji, PrefRomaji, Reading, Kind string
	Class                                                                         *classFact
	TOC                                                                           template.HTML
	Sections                                                                      []muniSection
}

// muniSection is an indicator on a municipality's page.
type muniSection struct {
	Head template.HTML // rendered once per indicator (sectionHead)
	Data *muniData     // nil: no figures
}

type muniData struct {
	Rows       template.HTML // of the table of figures: every field of every edition
	Procedures *procedureList
	Compare    *muniCompare
}

// muniCompare is the headline figure beside the prefecture and the
// country, and among its peers.
type muniCompare struct {
	Name        string
	Chart       template.HTML // "" for none
	Open, Close template.HTML // the caption and table around the name: compareFrame's
	Rows        template.HTML
	Peers       *peerTableView
}

// compareFrame is what the comparison says of the prefecture and the
// country: the same for every municipality of a prefecture.
type compareFrame struct {
	ID, Label                string // of the table, and of its scrolling box
	Field                    catalog.Text
	Prefecture, AggJa, AggEn string
}

type comparisonKey struct {
	s    *series
	pref string
}

// municipality writes a municipality's page: every indicator of every
// edition, compared with its prefecture and the whole country.
func (w *writer) municipality(r *renderer, e lgcode.Entry) {
	pr := w.m.prefOf[e.PrefCode]
	code := string(e.Code)
	v := muniView{Code: code, PrefCode: e.PrefCode, PrefName: pr.Name, Name: e.Name, Prefecture: e.Prefecture,
		Romaji: hepburn(e.Reading, true), PrefRomaji: hepburn(pr.Reading, true), Reading: e.Reading, Kind: e.Kind.Label(),
		Class: kindFact(e), TOC: w.toc}
	for _, s := range w.m.series {
		v.Sections = append(v.Sections, muniSection{Head: w.heads[s]})
		data := s.withData()
		if stateText(s.ind).Ja != "" || len(data) == 0 {
			continue
		}
		d := &muniData{}
		v.Sections[len(v.Sections)-1].Data = d
		cells := make([]template.HTML, 0, len(s.fields)+2)
		body := newTbody(len(data))
		for _, ed := range data {
			row := ed.rows[code]
			cells = append(cells[:0], r.rowHead(editionName(ed.Year)), r.td(dateName(ed.AsOf), ""))
			for i, f := range s.fields {
				if s.ind.Procedure(f.Name) != nil {
					continue
				}
				val := ""
				if row != nil {
					val = row[i]
				}
				cells = append(cells, r.cell(f, val))
			}
			body.row(cells...)
		}
		d.Rows = body.html()
		d.Procedures = procedureStatuses(r, s, data, code)
		d.Compare = w.muniCompare(r, s, data, e)
	}
	r.page("municipality", "m/"+code+".html", 1, [2]string{e.Name + " (" + e.Prefecture + ")", v.Romaji}, nil, v)
}

// muniCompare is the headline figure of s beside the prefecture and the
// country; nil when it is neither a number nor yes/no.
func (w *writer) muniCompare(r *renderer, s *series, data []edition, e lgcode.Entry) *muniCompare {
	if s.head < 0 {
		return nil
	}
	f := s.fields[s.head]
	if !f.numeric() && f.Type != "boolean" {
		return nil
	}
	code := string(e.Code)
	aggJa, aggEn := aggLabel(f)
	// What the comparison says of the prefecture and the country, rendered
	// once per indicator and prefecture.
	fk := comparisonKey{s, e.PrefCode}
	fr, ok := r.comparisons[fk]
	if !ok {
		frame := compareFrame{s.ind.ID + "-cmp", s.ind.Title.Ja + ": 比較 / Comparison", catalog.Text{Ja: f.Ja, En: f.En}, e.Prefecture, aggJa, aggEn}
		fr = [2]template.HTML{r.fragment("municipality", "compare-open", frame), r.fragment("municipality", "compare-close", frame)}
		r.comparisons[fk] = fr
	}
	c := &muniCompare{Name: e.Name, Open: fr[0], Close: fr[1]}
	mine := line{Label: e.Name}
	prefL := line{Label: e.Prefecture + " (" + aggJa + ")"}
	nat := line{Label: "全国 (" + aggJa + ")"}
	var xs []int
	body := newTbody(len(data))
	for _, ed := range data {
		xs = append(xs, ed.Year)
		val, ok := 0.0, false
		cellV := ""
		if row := ed.rows[code]; row != nil {
			cellV = row[s.head]
			if x, err := strconv.ParseFloat(row[s.head], 64); err == nil {
				val, ok = x, true
			}
		}
		mine.Vals, mine.OK = append(mine.Vals, val), append(mine.OK, ok)
		pv, pok := w.m.agg(s, ed, s.head, e.PrefCode)
		prefL.Vals, prefL.OK = append(prefL.Vals, pv), append(prefL.OK, pok)
		nv, nok := w.m.agg(s, ed, s.head, "")
		nat.Vals, nat.OK = append(nat.Vals, nv), append(nat.OK, nok)
		body.row(r.rowHead(editionName(ed.Year)), r.cell(f, cellV), r.aggCell(f, pv, pok), r.aggCell(f, nv, nok))
	}
	c.Rows = body.html()
	if f.numeric() {
		c.Chart = lineChart(r, f.Ja+"の推移 ("+e.Name+"・"+e.Prefecture+"・全国)。数値は次の表のとおり。 / "+f.En+" over the editions; the figures are in the table that follows.", xs, []line{mine, prefL, nat})
	}
	c.Peers = w.peerTable(r, s, e, data)
	return c
}

// ruleText is the indicator's as-of rule in Japanese and English.
func ruleText(ind *catalog.Indicator) string {
	if ind.AsOfRule == nil {
		return "—"
	}
	return ind.AsOfRule.Ja + " / " + ind.AsOfRule.En
}

// indicatorView is an indicator's page.
type indicatorView struct {
	ID                                  string
	Title, Chapter, Ministry, Frequency catalog.Text
	KPI, AsOfRule                       *catalog.Text
	Exceptions                          []catalog.Text
	Since                               string
	Covers                              []catalog.Text
	Sources                             sourcesView
	State                               catalog.Text // of an indicator without figures by design
	Editions                            []editionRow
	Latest                              *latestView // nil: no figures yet
}

// editionRow is an edition of an indicator: when it is published, its
// as-of date, and how many municipalities have figures.
type editionRow struct {
	Edition, Due, AsOf string
	DueNote            *catalog.Text
	Count              int
}

// latestView is the figures of the latest edition with figures.
type latestView struct {
	Wareki, Day  string
	Year         int
	Distribution *distributionView
	NotRanked    bool // the headline is neither a number nor yes/no
	Ranking      *rankingView
	Peers        *peerSummaryView
	Caption      string // of the table of every municipality
	Fields       []field
	Rows         template.HTML // every municipality
}

// indicator writes an indicator's page: the catalogue's text, the
// distribution across municipalities, the prefectures ranked, and the
// table of every municipality.
func (w *writer) indicator(r *renderer, s *series) {
	ind := s.ind
	cat := w.m.repo.Cat
	v := indicatorView{ID: ind.ID, Title: ind.Title, Chapter: ind.Chapter, Ministry: ind.Ministry, Frequency: ind.Frequency, KPI: ind.KPI,
		Sources: sources(ind, cat, true), State: stateText(ind)}
	if ind.AsOfRule != nil {
		v.AsOfRule = &catalog.Text{Ja: ind.AsOfRule.Ja, En: ind.AsOfRule.En}
	}
	for _, ex := range ind.Exceptions {
		if ex.Note != nil {
			v.Exceptions = append(v.Exceptions, *ex.Note)
		}
	}
	if ind.Since > 0 {
		v.Since = editionName(ind.Since)
	}
	for _, c := range ind.Covers {
		switch c {
		case "municipality":
			v.Covers = append(v.Covers, catalog.Text{Ja: "市区町村", En: "municipalities"})
		case "prefecture":
			v.Covers = append(v.Covers, catalog.Text{Ja: "都道府県", En: "prefectures"})
		default:
			v.Covers = append(v.Covers, catalog.Text{Ja: c})
		}
	}
	var scripts []string
	if v.State.Ja == "" {
		for _, ed := range s.editions {
			v.Editions = append(v.Editions, editionRow{Edition: editionName(ed.Year), Due: dateName(cat.Due(ed.Year)), DueNote: cat.DueNote(ed.Year),
				AsOf: dateName(ed.AsOf), Count: w.countMunis(ed)})
		}
		if data := s.withData(); len(data) > 0 {
			v.Latest = w.latest(r, s, data[len(data)-1])
			scripts = []string{"sort.js"}
		}
	}
	r.page("indicator", "i/"+ind.ID+".html", 1, [2]string{ind.Title.Ja, ind.Title.En}, scripts, v)
}

// latest is what an indicator's page shows of edition ed, its latest with
// figures.
func (w *writer) latest(r *renderer, s *series, ed edition) *latestView {
	v := &latestView{Wareki: wareki.Edition(ed.Year), Day: dateName(ed.AsOf), Year: ed.Year, Fields: s.fields,
		Caption: s.ind.Title.Ja + " (" + wareki.Edition(ed.Year) + ")"}
	if s.head >= 0 {
		v.Distribution = w.distribution(r, s, ed)
		if f := s.fields[s.head]; !f.numeric() && f.Type != "boolean" {
			v.NotRanked = true
		} else {
			v.Ranking = w.ranking(r, s, ed)
			v.Peers = w.peerSummary(r, s, ed)
		}
	}
	// Every municipality, sortable.
	cells := make([]template.HTML, 0, len(s.fields)+1)
	body := newTbody(len(w.m.munis))
	for _, e := range w.m.munis {
		row := ed.rows[string(e.Code)]
		cells = append(cells[:0], w.rowHeads[e.Code][0])
		for i, f := range s.fields {
			val := ""
			if row != nil {
				val = row[i]
			}
			cells = append(cells, r.cell(f, val))
		}
		body.row(cells...)
	}
	v.Rows = body.html()
	return v
}

// muniHead is the code, prefecture and linked name that begin a
// municipality's row in a table of every municipality.
type muniHead struct{ Root, Code, PrefCode, Prefecture, Name string }

func (w *writer) countMunis(ed edition) int {
	n := 0
	for _, e := range w.m.munis {
		if _, ok := ed.rows[string(e.Code)]; ok {
			n++
		}
	}
	return n
}

// distributionView is how the headline field is spread over the
// municipalities.
type distributionView struct {
	Field catalog.Text
	Chart template.HTML
	Bars  []bar
}

// distribution counts how the headline field is spread over the
// municipalities: ten classes of a number, or the count of each value;
// nil when there is nothing to count.
func (w *writer) distribution(r *renderer, s *series, ed edition) *distributionView {
	f := s.fields[s.head]
	var bars []bar
	if f.numeric() {
		var xs []float64
		for _, e := range w.m.munis {
			if row := ed.rows[string(e.Code)]; row != nil {
				if v, err := strconv.ParseFloat(row[s.head], 64); err == nil {
					xs = append(xs, v)
				}
			}
		}
		if len(xs) == 0 {
			return nil
		}
		// Round, non-overlapping classes (20–30未満, 30–40未満; integers
		// 0–4, 5–9).
		cs := classes(slices.Min(xs), slices.Max(xs), f.Type == "integer", 10)
		counts := make([]int, len(cs))
		for _, v := range xs {
			counts[classOf(cs, v)]++
		}
		for k, c := range cs {
			bars = append(bars, bar{Label: c.Label, Value: num{float64(counts[k]), 0}})
		}
	} else {
		count := map[string]int{}
		for _, e := range w.m.munis {
			if row := ed.rows[string(e.Code)]; row != nil && row[s.head] != "" {
				v := row[s.head]
				if f.Type == "boolean" {
					v = map[bool]string{true: "はい yes", false: "いいえ no"}[v == "true" || v == "1"]
				}
				count[v]++
			}
		}
		keys := make([]string, 0, len(count))
		for k := range count {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			bars = append(bars, bar{Label: k, Value: num{float64(count[k]), 0}})
		}
	}
	if len(bars) == 0 {
		return nil
	}
	return &distributionView{Field: catalog.Text{Ja: f.Ja, En: f.En}, Bars: bars,
		Chart: barsV(r, f.Ja+"の分布 (市区町村数)。数値は次の表のとおり。 / Distribution of "+f.En+" (municipalities); the figures are in the table that follows.", bars)}
}

// rankingView is the prefectures ranked by the headline field's figure.
type rankingView struct {
	Field        catalog.Text
	AggJa, AggEn string
	Chart        template.HTML
	National     string // "" for none
	Rows         []rankRow
	Map          *mapView
}

type rankRow struct {
	Rank           int
	PrefCode, Name string
	Sort, Text     string
}

// ranking ranks the prefectures by the headline field's figure; nil when
// none has one.
func (w *writer) ranking(r *renderer, s *series, ed edition) *rankingView {
	f := s.fields[s.head]
	aggJa, aggEn := aggLabel(f)
	type pv struct {
		pref lgcode.Entry
		v    float64
	}
	var ps []pv
	for _, pr := range w.m.prefs {
		if v, ok := w.m.agg(s, ed, s.head, pr.PrefCode); ok {
			ps = append(ps, pv{pr, v})
		}
	}
	if len(ps) == 0 {
		return nil
	}
	slices.SortStableFunc(ps, func(a, b pv) int { return cmp.Compare(b.v, a.v) })
	d := f.decimals
	if f.Type == "boolean" {
		d = 1
	}
	v := &rankingView{Field: catalog.Text{Ja: f.Ja, En: f.En}, AggJa: aggJa, AggEn: aggEn}
	var bars []bar
	values := map[string]float64{}
	for i, x := range ps {
		bars = append(bars, bar{Label: x.pref.Name, Value: num{x.v, d}})
		v.Rows = append(v.Rows, rankRow{i + 1, x.pref.PrefCode, x.pref.Name, fmtNum(x.v, -1), fmtNum(x.v, d)})
		values[x.pref.PrefCode] = x.v
	}
	if nat, ok := w.m.agg(s, ed, s.head, ""); ok {
		v.National = fmtNum(nat, d)
	}
	v.Map = w.prefectureMap(r, f, values, d, aggJa, aggEn)
	v.Chart = barsH(r, "都道府県別の"+f.Ja+" ("+aggJa+"、高い順)。数値は次の表のとおり。 / "+f.En+" by prefecture ("+aggEn+"), highest first; the figures are in the table that follows.", bars)
	return v
}
