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
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

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
	if px, ok := m.peerCache[k]; ok {
		return px
	}
	px := &peerIndex{group: map[string]peerGroup{}, values: map[peerGroup][]float64{}, yes: map[peerGroup]int{}, size: map[peerGroup]int{}}
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

// kindFact adds to a municipality's kind its latest class, with the day it
// became so when that was since the class history starts (2018-04-01):
// " · 中核市 core city (2019-04-01 から、それまで施行時特例市 …)".
func kindFact(e lgcode.Entry) string {
	ps, err := e.Class.Periods()
	if err != nil || len(ps) == 0 {
		return ""
	}
	last := ps[len(ps)-1]
	out := ` · ` + esc(last.Class.Label()) + ` <span lang="en">` + esc(last.Class.English()) + `</span>`
	if !last.From.IsZero() {
		out += fmt.Sprintf(` (%s から、それまで%s <span lang="en">since %s, before: %s</span>)`, last.From.Format(time.DateOnly), esc(ps[len(ps)-2].Class.Label()), last.From.Format(time.DateOnly), esc(ps[len(ps)-2].Class.English()))
	}
	return out
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

// peerNote explains the peers, for the pages.
const peerNote = `<p class="meta">比較の相手は、その版の数値の時点での区分 (指定都市・中核市・施行時特例市・一般市・町・村・特別区) と人口階級 (50万人以上・20–50万・10–20万・5–10万・1–5万・1万未満) が同じ市区町村で、この団体を含みます。人口はマイナンバーカード交付状況の住民基本台帳人口で、版ごとにどの版のカードの数値か、その基準日を示します。順位は値の高い順 (同じ値は同じ順位)、百分位は 0 が最低・100 が最高です。すべて各版の行から計算しています。` +
	` <span lang="en">Peers are the municipalities of the same class (designated, core, former special or other city, town, village, special ward) on the figures' date and of the same population class (500,000 or more; 200,000–; 100,000–; 50,000–; 10,000–; under 10,000), this one included. Populations are the resident-register figures of the My Number Card files; each row says which edition's and as of when. Rank 1 is the highest (ties share a rank); percentile 0 is the lowest, 100 the highest. All recomputed from each edition's rows.</span></p>`

// peerTable is the municipality page's table of its standing among its
// peers in every edition with figures; "" when it has no peers at all.
func (w *writer) peerTable(s *series, e lgcode.Entry, data []edition) string {
	f := s.fields[s.head]
	var rows []peerRow
	for _, ed := range data {
		if r, ok := w.m.standingOf(s, ed, string(e.Code)); ok {
			rows = append(rows, r)
		}
	}
	if len(rows) == 0 {
		return ""
	}
	d := f.decimals
	var b strings.Builder
	id := s.ind.ID + "-peers"
	b.WriteString(`<h3 id="` + id + `-h">同じ区分・人口階級の団体の中で <span lang="en">Among its peers</span></h3>`)
	b.WriteString(peerNote)
	b.WriteString(`<div class="scroll" tabindex="0" role="region" aria-labelledby="` + s.ind.ID + `-h ` + id + `-h"><table id="` + id + `"><caption>` + esc(f.Ja) + `: 同じ区分・人口階級の団体との比較 <span lang="en">` + esc(f.En) + `: compared with its peers</span></caption><thead><tr>`)
	b.WriteString(`<th scope="col">版 <span lang="en">edition</span></th><th scope="col">比較の相手 <span lang="en">peers</span></th><th scope="col">人口 (基準日、カードの版) <span lang="en">population (as of, card edition)</span></th><th scope="col">数値のある団体 / 相手の数 <span lang="en">with figures / peers</span></th><th scope="col">` + esc(e.Name) + `</th>`)
	if rows[0].boolean {
		b.WriteString(`<th scope="col">「はい」の団体 <span lang="en">saying yes</span></th><th scope="col">相手の「はい」の割合 (%) <span lang="en">peers' share of yes (%)</span></th>`)
	} else {
		b.WriteString(`<th scope="col">順位 <span lang="en">rank</span></th><th scope="col">百分位 <span lang="en">percentile</span></th><th scope="col">相手の中央値 <span lang="en">peers' median</span></th>`)
	}
	b.WriteString(`</tr></thead><tbody>`)
	for _, r := range rows {
		b.WriteString(`<tr><th scope="row">` + esc(editionName(r.ed.Year)) + `</th>`)
		b.WriteString(`<td>` + esc(kindShort(r.group.kind)) + `・` + esc(r.group.pop.Short()) + `</td>`)
		b.WriteString(fmt.Sprintf(`<td class="num">%d<br><small>%s (%d)</small></td>`, r.own, esc(dateOrDash(r.pop.date)), r.pop.year))
		b.WriteString(fmt.Sprintf(`<td class="num">%d/%d</td>`, r.n, r.size))
		v := ""
		if row := r.ed.rows[string(e.Code)]; row != nil {
			v = row[s.head]
		}
		b.WriteString(cell(f, v))
		if r.boolean {
			b.WriteString(fmt.Sprintf(`<td class="num">%d/%d</td>`, r.yes, r.n))
			b.WriteString(aggCell(f, shareOf(r.yes, r.n), r.n > 0))
		} else {
			if r.has {
				b.WriteString(fmt.Sprintf(`<td class="num">%d/%d</td>`, r.rank, r.n))
			} else {
				b.WriteString(aggCell(f, 0, false))
			}
			b.WriteString(pctCell(r.pct, r.has))
			b.WriteString(aggCell(field{Type: f.Type, decimals: d}, r.median, r.medianOK))
		}
		b.WriteString(`</tr>`)
	}
	b.WriteString(`</tbody></table></div>`)
	return b.String()
}

// shareOf is yes of all in percent, one decimal.
func shareOf(yes, all int) float64 {
	if all == 0 {
		return 0
	}
	return math.Round(float64(yes)/float64(all)*1000) / 10
}

func pctCell(p float64, ok bool) string {
	if !ok || math.IsNaN(p) {
		return `<td class="na" data-v="">—<span class="vh">比較できません <span lang="en">nothing to compare with</span></span></td>`
	}
	return `<td class="num">` + strconv.FormatFloat(math.Round(p), 'f', 0, 64) + `</td>`
}

// peerSummary writes, on an indicator's page, the figure of each kind and
// population class in edition ed, with a link per kind to a page of its
// municipalities (the filter by kind; plain links, no script), and writes
// those pages.
func (w *writer) peerSummary(p *page, s *series, ed edition) {
	f := s.fields[s.head]
	if !f.numeric() && f.Type != "boolean" {
		return
	}
	px := w.m.peers(s, ed)
	if !px.ok {
		return
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
	figJa, figEn := "中央値", "median"
	if f.Type == "boolean" {
		figJa, figEn = "「はい」の割合 (%)", "share of yes (%)"
	}
	p.w(`<h3 id="peers-h">区分・人口階級別 <span lang="en">By kind and population class</span></h3>`)
	p.w(fmt.Sprintf(`<p class="meta">%s の数値 (%s)。人口は %s 住民基本台帳人口 (%s のカードの数値)。各欄は%s と団体数。 <span lang="en">Figures of edition %d; populations as of %s from the card figures of %d; each cell is the %s and the number of municipalities.</span></p>`,
		esc(editionName(ed.Year)), esc(dateName(ed.AsOf)), esc(px.pop.date.Format(time.DateOnly)), esc(editionName(px.pop.year)), esc(figJa),
		ed.Year, esc(px.pop.date.Format(time.DateOnly)), px.pop.year, esc(figEn)))
	p.w(`<nav aria-label="区分で絞り込む / filter by kind" class="kinds"><p>区分で絞り込む <span lang="en">Filter by kind</span>:</p><ul>`)
	for _, k := range kinds {
		kj, ke := kindLabel(k)
		p.w(fmt.Sprintf(`<li><a href="%s/%s.html">%s <span lang="en">%s</span> (%d)</a></li>`, s.ind.ID, k, esc(kj), esc(ke), len(members[k])))
	}
	p.w(`</ul></nav>`)
	p.w(`<div class="scroll" tabindex="0" role="region" aria-labelledby="peers-h"><table><caption>区分・人口階級別の` + esc(figJa) + ` <span lang="en">` + esc(figEn) + ` by kind and population class</span></caption><thead><tr><th scope="col">区分 <span lang="en">kind</span></th>`)
	for _, pc := range lgcode.PopulationClasses {
		p.w(`<th scope="col">` + esc(pc.Short()) + ` <span lang="en">` + esc(pc.English()) + `</span></th>`)
	}
	p.w(`</tr></thead><tbody>`)
	for _, k := range kinds {
		kj, ke := kindLabel(k)
		p.w(`<tr><th scope="row"><a href="` + s.ind.ID + `/` + k + `.html">` + esc(kj) + `</a> <span lang="en">` + esc(ke) + `</span></th>`)
		for _, pc := range lgcode.PopulationClasses {
			g := peerGroup{kind: k, pop: pc}
			p.w(groupCell(f, px, g))
		}
		p.w(`</tr>`)
	}
	p.w(`</tbody></table></div>`)
	for _, k := range kinds {
		w.kindPage(s, ed, px, k, kinds, members[k])
	}
}

// groupCell is a group's figure and size.
func groupCell(f field, px *peerIndex, g peerGroup) string {
	vs := px.values[g]
	if px.size[g] == 0 {
		return `<td class="na" data-v="">—<span class="vh">該当なし <span lang="en">none</span></span></td>`
	}
	if len(vs) == 0 {
		return `<td class="na" data-v="">—<span class="vh">データなし <span lang="en">no data</span></span></td>`
	}
	var v float64
	d := f.decimals
	if f.Type == "boolean" {
		v, d = shareOf(px.yes[g], len(vs)), 1
	} else {
		v, _ = median(vs)
	}
	return fmt.Sprintf(`<td class="num">%s <small>(%d)</small></td>`, fmtNum(v, d), len(vs))
}

// kindPage writes i/<indicator>/<kind>.html: the municipalities of one
// kind, with their population class, figure and rank among their peers.
func (w *writer) kindPage(s *series, ed edition, px *peerIndex, kind string, kinds []string, members []lgcode.Entry) {
	ind := s.ind
	f := s.fields[s.head]
	kj, ke := kindLabel(kind)
	p := newPage(2)
	p.w(`<nav aria-label="現在位置 / breadcrumb" class="crumbs"><a href="../../index.html">トップ <span lang="en">Home</span></a> › <a href="../../indicators.html">指標 <span lang="en">Indicators</span></a> › <a href="../` + ind.ID + `.html">` + esc(ind.Title.Ja) + `</a> › ` + esc(kj) + `</nav>`)
	p.h1(ind.Title.Ja+" — "+kj, ind.Title.En+" — "+ke)
	p.w(fmt.Sprintf(`<p>%s (%s) の数値、%s の %d 団体。人口階級は %s 住民基本台帳人口 (%s のカードの数値) によります。 <span lang="en">Figures of edition %d, the %d municipalities that are a %s; population classes from the resident register as of %s (card figures of %d).</span></p>`,
		esc(editionName(ed.Year)), esc(dateName(ed.AsOf)), esc(kj), len(members), esc(px.pop.date.Format(time.DateOnly)), esc(editionName(px.pop.year)),
		ed.Year, len(members), esc(ke), esc(px.pop.date.Format(time.DateOnly)), px.pop.year))
	p.w(`<nav aria-label="区分で絞り込む / filter by kind" class="kinds"><ul><li><a href="../` + ind.ID + `.html">すべて <span lang="en">all</span></a></li>`)
	for _, k := range kinds {
		j, e := kindLabel(k)
		label := esc(j) + ` <span lang="en">` + esc(e) + `</span>`
		if k == kind {
			p.w(`<li><a href="` + k + `.html" aria-current="page"><strong>` + label + `</strong></a></li>`)
			continue
		}
		p.w(`<li><a href="` + k + `.html">` + label + `</a></li>`)
	}
	p.w(`</ul></nav>`)
	p.w(peerNote)
	p.w(`<div class="scroll" tabindex="0" role="region" aria-label="` + esc(kj) + ` / ` + esc(ke) + `"><table class="sortable"><caption>` + esc(ind.Title.Ja) + ` (` + esc(kj) + `)。見出しのボタンで並べ替えられます。 <span lang="en">Sort with the buttons in the headings.</span></caption><thead><tr>`)
	p.w(`<th scope="col">団体コード <span lang="en">code</span></th><th scope="col">都道府県 <span lang="en">prefecture</span></th><th scope="col">市区町村 <span lang="en">municipality</span></th><th scope="col">人口 <span lang="en">population</span></th><th scope="col">人口階級 <span lang="en">population class</span></th>` + fieldHead(f))
	if f.Type != "boolean" {
		p.w(`<th scope="col">同じ階級での順位 <span lang="en">rank among peers</span></th><th scope="col">同じ階級の中央値 <span lang="en">peers' median</span></th>`)
	}
	p.w(`</tr></thead><tbody>`)
	for _, e := range members {
		code := string(e.Code)
		g := px.group[code]
		v := ""
		if row := ed.rows[code]; row != nil {
			v = row[s.head]
		}
		p.w(fmt.Sprintf(`<tr><td>%s</td><td data-v="%s">%s</td><th scope="row"><a href="../../m/%s.html">%s</a></th><td class="num" data-v="%d">%d</td><td data-v="%d">%s</td>`,
			code, e.PrefCode, esc(e.Prefecture), code, esc(e.Name), px.pop.byCode[code], px.pop.byCode[code], g.pop, esc(g.pop.Short())))
		p.w(cell(f, v))
		if f.Type != "boolean" {
			if r, ok := w.m.standingOf(s, ed, code); ok && r.has {
				p.w(fmt.Sprintf(`<td class="num" data-v="%d">%d/%d</td>`, r.rank, r.rank, r.n))
			} else {
				p.w(aggCell(f, 0, false))
			}
			med, ok := median(px.values[g])
			p.w(aggCell(field{Type: f.Type, decimals: f.decimals}, med, ok))
		}
		p.w(`</tr>`)
	}
	p.w(`</tbody></table></div>`)
	p.scripts = []string{"sort.js"}
	w.add("i/"+ind.ID+"/"+kind+".html", w.layout(p, ind.Title.Ja+" — "+kj, ind.Title.En+" — "+ke))
}
