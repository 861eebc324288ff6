package site

import (
	"cmp"
	"fmt"
	"html"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ichiran-jp/ichiran/tools/catalog"
	"github.com/ichiran-jp/ichiran/tools/lgcode"
	"github.com/ichiran-jp/ichiran/tools/wareki"
)

const (
	siteJa = "市町村のデジタル化の取組に関する情報の一覧表"
	siteEn = "List of municipal digitalisation indicators"
)

func esc(s string) string { return html.EscapeString(s) }

// page is the body of a page being written; depth is how many directories
// below the root it lies.
type page struct {
	b       strings.Builder
	depth   int
	scripts []string
}

func newPage(depth int) *page { return &page{depth: depth} }

func (p *page) w(s string) { p.b.WriteString(s) }

// root is the relative path to the site's root.
func (p *page) root() string { return strings.Repeat("../", p.depth) }

// scrollBox opens the box of a table that may be wider than the screen:
// it scrolls sideways, so it takes the keyboard focus to be scrolled
// without a mouse (WCAG 2.1.1), as a region named label (unique on the
// page).
func scrollBox(label string) string {
	return `<div class="scroll" tabindex="0" role="region" aria-label="` + esc(label) + `">`
}

func (p *page) h1(ja, en string) {
	p.w(`<h1>` + esc(ja) + ` <span class="en" lang="en">` + esc(en) + `</span></h1>`)
}

// layout wraps a page body in the common header and footer.
func (w *writer) layout(p *page, titleJa, titleEn string) []byte {
	r := p.root()
	var b strings.Builder
	b.WriteString("<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
	fmt.Fprintf(&b, "<title>%s / %s — %s</title>\n", esc(titleJa), esc(titleEn), esc(siteJa))
	fmt.Fprintf(&b, "<link rel=\"stylesheet\" href=\"%sstyle.css\">\n</head>\n<body>\n", r)
	b.WriteString(`<a class="skip" href="#main">本文へ移動 <span lang="en">Skip to main content</span></a>` + "\n")
	fmt.Fprintf(&b, `<header><p class="site"><a href="%sindex.html">%s <span lang="en">%s</span></a></p>`, r, siteJa, siteEn)
	fmt.Fprintf(&b, `<nav aria-label="サイト内 / site"><ul><li><a href="%[1]sindex.html">検索 <span lang="en">Search</span></a></li><li><a href="%[1]sindicators.html">指標 <span lang="en">Indicators</span></a></li><li><a href="%[1]smacro.html">マクロの視点 <span lang="en">Macro view</span></a></li><li><a href="%[1]scompare.html">比べる <span lang="en">Compare</span></a></li><li><a href="%[1]sdownloads.html">ダウンロード <span lang="en">Downloads</span></a></li></ul></nav></header>`+"\n", r)
	b.WriteString("<main id=\"main\" tabindex=\"-1\">\n")
	b.WriteString(p.b.String())
	b.WriteString("\n</main>\n<footer>")
	b.WriteString(`<p>出典: 各府省の公表資料。各指標のページに、取り込んだファイル (SHA-256) とその利用条件を記載しています。このサイトの構成・コード: 政府標準利用規約 (第2.0版) 準拠、CC BY 4.0 互換。`)
	b.WriteString(`<span lang="en">Sources: the ministries' publications; each indicator's page names the files imported (SHA-256) and their terms of use. The site itself: Government of Japan Standard Terms of Use 2.0, compatible with CC BY 4.0.</span></p>`)
	if w.opt.Commit != "" || !w.opt.Time.IsZero() {
		b.WriteString(`<p>データの版 <span lang="en">Data revision</span>: `)
		if !w.opt.Time.IsZero() {
			b.WriteString(esc(w.opt.Time.UTC().Format(time.DateOnly)) + " ")
		}
		if w.opt.Commit != "" {
			b.WriteString(`<code>` + esc(w.opt.Commit) + `</code>`)
		}
		b.WriteString(`</p>`)
	}
	b.WriteString("</footer>\n")
	for _, s := range append(slices.Clone(p.scripts), "csv.js") {
		fmt.Fprintf(&b, "<script src=\"%s%s\"></script>\n", r, s)
	}
	b.WriteString("</body>\n</html>\n")
	return []byte(b.String())
}

// index writes the home page: the search and the prefectures.
func (w *writer) index() {
	p := newPage(0)
	p.h1(siteJa, siteEn)
	p.w(fmt.Sprintf(`<p>全国 %d 市区町村のデジタル化の取組を、各府省が集計した指標で一覧にしています (%s まで)。</p>`, len(w.m.munis), esc(editionName(w.m.edition))))
	p.w(fmt.Sprintf(`<p lang="en">Digitalisation indicators that the ministries already aggregate, for all %d municipalities of Japan (editions up to %d).</p>`, len(w.m.munis), w.m.edition))
	p.w(`<form class="search" id="search" role="search" action="index.html">`)
	p.w(`<label for="q">市区町村を探す <span lang="en">Find a municipality</span></label>`)
	p.w(`<p class="hint" id="q-hint">名前 (都道府県名つきでも)・読み (ひらがな・カタカナ)・ローマ字・団体コードで検索できます。 <span lang="en">Search by name (with or without the prefecture), reading in kana, romaji, or code.</span></p>`)
	p.w(`<input id="q" name="q" type="search" autocomplete="off" spellcheck="false" aria-describedby="q-hint" aria-controls="results">`)
	p.w(`</form>`)
	p.w(`<p id="status" role="status" aria-live="polite"></p><ul id="results" class="results"></ul>`)
	p.w(`<noscript><p>検索には JavaScript が必要です。下の都道府県から選べます。 <span lang="en">The search needs JavaScript; choose a prefecture below.</span></p></noscript>`)
	p.w(`<h2>都道府県から探す <span lang="en">By prefecture</span></h2><ul class="prefs">`)
	for _, pr := range w.m.prefs {
		p.w(fmt.Sprintf(`<li><a href="p/%s.html">%s <span lang="en">%s</span></a></li>`, pr.PrefCode, esc(pr.Name), esc(hepburn(pr.Reading, true))))
	}
	p.w(`</ul>`)
	p.w(`<h2>指標 <span lang="en">Indicators</span></h2>`)
	w.indicatorList(p)
	p.w(`<p><a href="downloads.html">ダウンロード (CSV・Excel・SQLite) と検証のしかた <span lang="en">Downloads (CSV, Excel, SQLite) and how to verify them</span></a></p>`)
	p.scripts = []string{"search.js"}
	w.add("index.html", w.layout(p, "検索", "Search"))
}

// stateText says why an indicator has no figures.
func stateText(ind *catalog.Indicator) (ja, en string) {
	switch ind.Status {
	case catalog.Pending:
		return "調整中: データの提供方法を調整中のため、数値はありません。", "Pending: how the data will be provided is still being settled, so there are no figures."
	case catalog.NotSuited:
		return "個別団体の取組の情報としてなじまないため掲載しません。", "Not suited to per-municipality data, so not listed."
	}
	return "", ""
}

func (w *writer) indicatorList(p *page) {
	p.w(`<ul class="inds">`)
	for _, s := range w.m.series {
		note := ""
		switch s.ind.Status {
		case catalog.Pending:
			note = ` <span class="tag">調整中 <span lang="en">pending</span></span>`
		case catalog.NotSuited:
			note = ` <span class="tag">対象外 <span lang="en">not suited</span></span>`
		}
		p.w(fmt.Sprintf(`<li><a href="%si/%s.html">%s <span lang="en">%s</span></a>%s</li>`, p.root(), s.ind.ID, esc(s.ind.Title.Ja), esc(s.ind.Title.En), note))
	}
	p.w(`</ul>`)
}

func (w *writer) indicatorsPage() {
	p := newPage(0)
	p.h1("指標", "Indicators")
	p.w(`<p>政策資料の 14 指標すべてです (調整中・個別団体の情報になじまないものも含みます)。</p><p lang="en">All 14 indicators of the policy paper, including those pending and those not suited to per-municipality data.</p>`)
	w.indicatorList(p)
	w.add("indicators.html", w.layout(p, "指標", "Indicators"))
}

// prefecture writes a prefecture's page: its municipalities.
func (w *writer) prefecture(pr lgcode.Entry) {
	p := newPage(1)
	p.w(`<nav aria-label="現在位置 / breadcrumb" class="crumbs"><a href="../index.html">トップ <span lang="en">Home</span></a> › ` + esc(pr.Name) + `</nav>`)
	p.h1(pr.Name, hepburn(pr.Reading, true))
	munis := w.m.byPref[pr.PrefCode]
	p.w(fmt.Sprintf(`<p>%d 市区町村 <span lang="en">%d municipalities</span></p>`, len(munis), len(munis)))
	p.w(scrollBox(pr.Name+"の市区町村 / Municipalities") + `<table><caption>` + esc(pr.Name) + `の市区町村 <span lang="en">Municipalities</span></caption><thead><tr>`)
	p.w(`<th scope="col">市区町村 <span lang="en">municipality</span></th><th scope="col">読み <span lang="en">reading</span></th><th scope="col">種類 <span lang="en">kind</span></th><th scope="col">団体コード <span lang="en">code</span></th>`)
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
			p.w(`<th scope="col">` + esc(s.ind.Title.Ja) + `: ` + esc(f.Ja) + ` (` + esc(editionName(ed.Year)) + `) <span lang="en">` + esc(f.En) + `</span></th>`)
		}
	}
	p.w(`</tr></thead><tbody>`)
	for _, e := range munis {
		p.w(fmt.Sprintf(`<tr><th scope="row"><a href="../m/%s.html">%s</a></th><td>%s <span lang="en">%s</span></td><td>%s</td><td>%s</td>`,
			e.Code, esc(e.Name), esc(e.Reading), esc(hepburn(e.Reading, true)), esc(e.Kind.Label()), e.Code))
		for _, c := range cols {
			v := ""
			if row := c.ed.rows[string(e.Code)]; row != nil {
				v = row[c.s.head]
			}
			p.w(cell(c.s.fields[c.s.head], v))
		}
		p.w(`</tr>`)
	}
	p.w(`</tbody></table></div>`)
	w.add("p/"+pr.PrefCode+".html", w.layout(p, pr.Name, hepburn(pr.Reading, true)))
}

// cell renders a raw value of a field.
func cell(f field, v string) string {
	if v == "" {
		return `<td class="na" data-v="">—<span class="vh">データなし <span lang="en">no data</span></span></td>`
	}
	switch f.Type {
	case "boolean":
		switch strings.ToLower(v) {
		case "true", "1":
			return `<td>はい <span lang="en">yes</span></td>`
		case "false", "0":
			return `<td>いいえ <span lang="en">no</span></td>`
		}
	case "integer", "number":
		return `<td class="num" data-v="` + esc(v) + `">` + esc(v) + `</td>`
	}
	return `<td>` + esc(v) + `</td>`
}

// aggCell renders a comparison figure.
func aggCell(f field, v float64, ok bool) string {
	if !ok {
		return `<td class="na" data-v="">—<span class="vh">データなし <span lang="en">no data</span></span></td>`
	}
	d := f.decimals
	if f.Type == "boolean" {
		d = 1
	}
	return `<td class="num">` + fmtNum(v, d) + `</td>`
}

func fieldHead(f field) string {
	return `<th scope="col">` + esc(f.Ja) + ` <span lang="en">` + esc(f.En) + `</span></th>`
}

// sources writes an indicator's sources — the publications the catalogue
// names, then the files the repository's figures were imported from, with
// their terms — or why it has no figures; addresses are text, not links.
// Unless full, the files are named by their publication only (a
// municipality's page links to the indicator's page for the rest).
func sources(ind *catalog.Indicator, cat *catalog.Catalog, full bool) string {
	var b strings.Builder
	var files []catalog.Provenance
	for _, name := range cat.Resources[ind.ID] {
		files = append(files, cat.Provenance[name]...)
	}
	if len(files) > 0 {
		b.WriteString(`<p>数値の出典 <span lang="en">Where the figures come from</span>:</p><ul class="sources">`)
		for _, f := range files {
			pub := f.Published
			if pub == "" {
				pub = "公表日不明 / date unknown"
			}
			b.WriteString(`<li>` + esc(f.AsOf) + `: ` + esc(f.Publisher) + `「` + esc(f.Title) + `」 (` + esc(pub) + `)`)
			if f.Page != "" {
				b.WriteString(` <span class="url">` + esc(f.Page) + `</span>`)
			}
			if full {
				b.WriteString(` — <code>` + esc(f.File) + `</code> SHA-256 <code>` + esc(f.SHA256) + `</code>`)
			}
			if f.License != nil {
				b.WriteString(` — 利用条件 <span lang="en">terms</span>: ` + esc(f.License.Title))
			}
			if full && f.Note != "" {
				b.WriteString(` — ` + esc(f.Note))
			}
			b.WriteString(`</li>`)
		}
		b.WriteString(`</ul>`)
	} else if ind.Availability != nil {
		b.WriteString(`<p class="availability">数値がない理由 <span lang="en">Why there are no figures</span>: ` + esc(ind.Availability.Ja) + ` <span lang="en">` + esc(ind.Availability.En) + `</span></p>`)
	}
	if n := ind.Notes; n != nil && full {
		b.WriteString(`<p class="availability">数値の読み方 <span lang="en">Reading the figures</span>: ` + esc(n.Ja) + ` <span lang="en">` + esc(n.En) + `</span></p>`)
	}
	if len(ind.Sources) == 0 {
		return b.String() + `<p>出典 <span lang="en">Source</span>: —</p>`
	}
	b.WriteString(`<p>出典 (論文・カタログ) <span lang="en">Sources named by the catalogue</span>: `)
	for i, s := range ind.Sources {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(esc(s.Title))
		if s.Path != "" {
			b.WriteString(` (<span class="url">` + esc(s.Path) + `</span>)`)
		}
	}
	b.WriteString(`</p>`)
	return b.String()
}

// municipality writes a municipality's page: every indicator of every
// edition, compared with its prefecture and the whole country.
func (w *writer) municipality(e lgcode.Entry) {
	p := newPage(1)
	pr := w.m.prefOf[e.PrefCode]
	rom := hepburn(e.Reading, true)
	p.w(fmt.Sprintf(`<nav aria-label="現在位置 / breadcrumb" class="crumbs"><a href="../index.html">トップ <span lang="en">Home</span></a> › <a href="../p/%s.html">%s</a> › %s</nav>`, e.PrefCode, esc(pr.Name), esc(e.Name)))
	p.w(fmt.Sprintf(`<h1>%s <span class="pref">(%s)</span> <span class="en" lang="en">%s, %s</span></h1>`, esc(e.Name), esc(e.Prefecture), esc(rom), esc(hepburn(pr.Reading, true))))
	p.w(fmt.Sprintf(`<dl class="facts"><dt>団体コード <span lang="en">code</span></dt><dd>%s</dd><dt>読み <span lang="en">reading</span></dt><dd>%s</dd><dt>種類 <span lang="en">kind</span></dt><dd>%s</dd></dl>`,
		e.Code, esc(e.Reading), esc(e.Kind.Label())+kindFact(e)))
	p.w(`<p><a href="../compare.html?c=` + string(e.Code) + `">ほかの団体と比べる <span lang="en">compare with other municipalities</span></a></p>`)
	p.w(`<nav aria-label="指標 / indicators" class="toc"><ul>`)
	for _, s := range w.m.series {
		p.w(fmt.Sprintf(`<li><a href="#%s">%s</a></li>`, s.ind.ID, esc(s.ind.Title.Ja)))
	}
	p.w(`</ul></nav>`)
	for _, s := range w.m.series {
		ind := s.ind
		p.w(fmt.Sprintf(`<section id="%s" aria-labelledby="%s-h"><h2 id="%s-h">%s <span class="en" lang="en">%s</span></h2>`, ind.ID, ind.ID, ind.ID, esc(ind.Title.Ja), esc(ind.Title.En)))
		if ja, en := stateText(ind); ja != "" {
			p.w(`<p class="state">` + esc(ja) + `</p><p class="state" lang="en">` + esc(en) + `</p></section>`)
			continue
		}
		p.w(fmt.Sprintf(`<p class="meta">%s (%s) · 時点 <span lang="en">as of</span>: %s · <a href="../i/%s.html">指標の説明と全国の分布 <span lang="en">about the indicator, all municipalities</span></a></p>`,
			esc(ind.Ministry.Ja), esc(ind.Ministry.En), esc(ruleText(ind)), ind.ID))
		p.w(sources(ind, w.m.repo.Cat, false))
		data := s.withData()
		if len(data) == 0 {
			p.w(`<p class="state">数値はまだありません。 <span lang="en">No figures yet.</span></p></section>`)
			continue
		}
		code := string(e.Code)
		// Every field of every edition.
		p.w(scrollBox(ind.Title.Ja+": 版ごとの数値 / Figures by edition") + `<table><caption>版ごとの数値 <span lang="en">Figures by edition</span></caption><thead><tr><th scope="col">版 <span lang="en">edition</span></th><th scope="col">時点 <span lang="en">as of</span></th>`)
		// A procedure's status is listed once, for the latest edition,
		// below: the table keeps the counts derived from them.
		proc := func(f field) bool { return s.ind.Procedure(f.Name) != nil }
		for _, f := range s.fields {
			if !proc(f) {
				p.w(fieldHead(f))
			}
		}
		p.w(`</tr></thead><tbody>`)
		for _, ed := range data {
			p.w(`<tr><th scope="row">` + esc(editionName(ed.Year)) + `</th><td>` + esc(dateName(ed.AsOf)) + `</td>`)
			row := ed.rows[code]
			for i, f := range s.fields {
				if proc(f) {
					continue
				}
				v := ""
				if row != nil {
					v = row[i]
				}
				p.w(cell(f, v))
			}
			p.w(`</tr>`)
		}
		p.w(`</tbody></table></div>`)
		w.procedureStatuses(p, s, data, code)
		// The headline figure beside the prefecture and the country.
		if s.head < 0 {
			p.w(`</section>`)
			continue
		}
		f := s.fields[s.head]
		if !f.numeric() && f.Type != "boolean" {
			p.w(`</section>`)
			continue
		}
		aggJa, aggEn := aggLabel(f)
		mine := line{Label: e.Name}
		prefL := line{Label: e.Prefecture + " (" + aggJa + ")"}
		nat := line{Label: "全国 (" + aggJa + ")"}
		var xs []string
		for _, ed := range data {
			xs = append(xs, strconv.Itoa(ed.Year))
			v, ok := 0.0, false
			if row := ed.rows[code]; row != nil {
				if x, err := strconv.ParseFloat(row[s.head], 64); err == nil {
					v, ok = x, true
				}
			}
			mine.Vals, mine.OK = append(mine.Vals, v), append(mine.OK, ok)
			v, ok = w.m.agg(s, ed, s.head, e.PrefCode)
			prefL.Vals, prefL.OK = append(prefL.Vals, v), append(prefL.OK, ok)
			v, ok = w.m.agg(s, ed, s.head, "")
			nat.Vals, nat.OK = append(nat.Vals, v), append(nat.OK, ok)
		}
		tableID := ind.ID + "-cmp"
		p.w(`<figure>`)
		if f.numeric() {
			p.w(lineChart(fmt.Sprintf("%sの推移 (%s・%s・全国)。数値は次の表のとおり。 / %s over the editions; the figures are in the table that follows.", f.Ja, e.Name, e.Prefecture, f.En), xs, []line{mine, prefL, nat}))
		}
		p.w(fmt.Sprintf(`<figcaption>%s: この団体・%s・全国 <span lang="en">%s: this municipality, its prefecture and the country (%s)</span></figcaption>`, esc(f.Ja), esc(e.Prefecture), esc(f.En), esc(aggEn)))
		p.w(scrollBox(ind.Title.Ja+": 比較 / Comparison") + `<table id="` + tableID + `"><caption>比較 <span lang="en">Comparison</span></caption><thead><tr><th scope="col">版 <span lang="en">edition</span></th>`)
		p.w(`<th scope="col">` + esc(e.Name) + `</th><th scope="col">` + esc(e.Prefecture) + ` (` + esc(aggJa) + `) <span lang="en">prefecture, ` + esc(aggEn) + `</span></th><th scope="col">全国 (` + esc(aggJa) + `) <span lang="en">Japan, ` + esc(aggEn) + `</span></th></tr></thead><tbody>`)
		for i, ed := range data {
			v := ""
			if row := ed.rows[code]; row != nil {
				v = row[s.head]
			}
			p.w(`<tr><th scope="row">` + esc(editionName(ed.Year)) + `</th>` + cell(f, v) + aggCell(f, prefL.Vals[i], prefL.OK[i]) + aggCell(f, nat.Vals[i], nat.OK[i]) + `</tr>`)
		}
		p.w(`</tbody></table></div></figure>` + w.peerTable(s, e, data) + `</section>`)
	}
	w.add("m/"+string(e.Code)+".html", w.layout(p, e.Name+" ("+e.Prefecture+")", rom))
}

// ruleText is the indicator's as-of rule in Japanese and English.
func ruleText(ind *catalog.Indicator) string {
	if ind.AsOfRule == nil {
		return "—"
	}
	return ind.AsOfRule.Ja + " / " + ind.AsOfRule.En
}

// indicator writes an indicator's page: the catalogue's text, the
// distribution across municipalities, the prefectures ranked, and the
// table of every municipality.
func (w *writer) indicator(s *series) {
	ind := s.ind
	p := newPage(1)
	p.w(`<nav aria-label="現在位置 / breadcrumb" class="crumbs"><a href="../index.html">トップ <span lang="en">Home</span></a> › <a href="../indicators.html">指標 <span lang="en">Indicators</span></a> › ` + esc(ind.Title.Ja) + `</nav>`)
	p.h1(ind.Title.Ja, ind.Title.En)
	p.w(`<dl class="facts">`)
	dd := func(ja, en, v string) {
		p.w(`<dt>` + esc(ja) + ` <span lang="en">` + esc(en) + `</span></dt><dd>` + v + `</dd>`)
	}
	both := func(t catalog.Text) string { return esc(t.Ja) + ` <span lang="en">` + esc(t.En) + `</span>` }
	dd("実行計画の目次", "chapter", both(ind.Chapter))
	if ind.KPI != nil {
		dd("KPI (目標)", "key performance indicator", both(*ind.KPI)+` — <a href="../macro.html">KPI を行から計算した値 <span lang="en">the KPI computed from the rows</span></a>`)
	}
	dd("担当府省", "ministry", both(ind.Ministry))
	dd("更新頻度", "frequency", both(ind.Frequency))
	if ind.AsOfRule != nil {
		dd("時点", "as of", esc(ind.AsOfRule.Ja)+` <span lang="en">`+esc(ind.AsOfRule.En)+`</span>`)
	}
	for _, ex := range ind.Exceptions {
		if ex.Note != nil {
			dd("例外", "exception", both(*ex.Note))
		}
	}
	if ind.Since > 0 {
		dd("掲載開始", "listed from", esc(editionName(ind.Since)))
	}
	var cov []string
	for _, c := range ind.Covers {
		switch c {
		case "municipality":
			cov = append(cov, `市区町村 <span lang="en">municipalities</span>`)
		case "prefecture":
			cov = append(cov, `都道府県 <span lang="en">prefectures</span>`)
		default:
			cov = append(cov, esc(c))
		}
	}
	dd("対象", "covers", strings.Join(cov, "、"))
	p.w(`</dl>`)
	p.w(sources(ind, w.m.repo.Cat, true))
	defer func() { w.add("i/"+ind.ID+".html", w.layout(p, ind.Title.Ja, ind.Title.En)) }()
	if ja, en := stateText(ind); ja != "" {
		p.w(`<p class="state">` + esc(ja) + `</p><p class="state" lang="en">` + esc(en) + `</p>`)
		return
	}
	// Editions and their dates.
	p.w(`<h2>版と時点 <span lang="en">Editions and dates</span></h2>` + scrollBox("版と時点 / Editions and dates") + `<table><caption>版ごとの公表日・時点と数値の有無 <span lang="en">Publication and as-of date of each edition, and whether it has figures</span></caption><thead><tr><th scope="col">版 <span lang="en">edition</span></th><th scope="col">公表 (予定) 日 <span lang="en">published (due)</span></th><th scope="col">時点 <span lang="en">as of</span></th><th scope="col">数値のある市区町村 <span lang="en">municipalities with figures</span></th></tr></thead><tbody>`)
	for _, ed := range s.editions {
		due := esc(dateName(w.m.repo.Cat.Due(ed.Year)))
		if n := w.m.repo.Cat.DueNote(ed.Year); n != nil {
			due += `<br><small>` + esc(n.Ja) + ` <span lang="en">` + esc(n.En) + `</span></small>`
		}
		p.w(fmt.Sprintf(`<tr><th scope="row">%s</th><td>%s</td><td>%s</td><td class="num">%d</td></tr>`, esc(editionName(ed.Year)), due, esc(dateName(ed.AsOf)), w.countMunis(ed)))
	}
	p.w(`</tbody></table></div>`)
	data := s.withData()
	if len(data) == 0 {
		p.w(`<p class="state">数値はまだありません。 <span lang="en">No figures yet.</span></p>`)
		return
	}
	ed := data[len(data)-1]
	p.w(fmt.Sprintf(`<h2>%s の数値 <span lang="en">Figures of edition %d</span> (%s)</h2>`, esc(wareki.Edition(ed.Year)), ed.Year, esc(dateName(ed.AsOf))))
	if s.head >= 0 {
		w.distribution(p, s, ed)
		w.ranking(p, s, ed)
		w.peerSummary(p, s, ed)
	}
	// Every municipality, sortable.
	p.w(`<h3>市区町村の一覧 <span lang="en">All municipalities</span></h3>`)
	p.w(scrollBox("市区町村の一覧 / All municipalities") + `<table class="sortable"><caption>` + esc(ind.Title.Ja) + ` (` + esc(wareki.Edition(ed.Year)) + `)。見出しのボタンで並べ替えられます。 <span lang="en">Sort with the buttons in the headings.</span></caption><thead><tr>`)
	p.w(`<th scope="col">団体コード <span lang="en">code</span></th><th scope="col">都道府県 <span lang="en">prefecture</span></th><th scope="col">市区町村 <span lang="en">municipality</span></th>`)
	for _, f := range s.fields {
		p.w(fieldHead(f))
	}
	p.w(`</tr></thead><tbody>`)
	for _, e := range w.m.munis {
		row := ed.rows[string(e.Code)]
		p.w(fmt.Sprintf(`<tr><td>%s</td><td data-v="%s">%s</td><th scope="row"><a href="../m/%s.html">%s</a></th>`, e.Code, e.PrefCode, esc(e.Prefecture), e.Code, esc(e.Name)))
		for i, f := range s.fields {
			v := ""
			if row != nil {
				v = row[i]
			}
			p.w(cell(f, v))
		}
		p.w(`</tr>`)
	}
	p.w(`</tbody></table></div>`)
	p.scripts = []string{"sort.js"}
}

func (w *writer) countMunis(ed edition) int {
	n := 0
	for _, e := range w.m.munis {
		if _, ok := ed.rows[string(e.Code)]; ok {
			n++
		}
	}
	return n
}

// distribution draws how the headline field is spread over the
// municipalities: ten classes of a number, or the count of each value.
func (w *writer) distribution(p *page, s *series, ed edition) {
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
			return
		}
		// Round, non-overlapping classes (20–30未満, 30–40未満; integers
		// 0–4, 5–9).
		cs := classes(slices.Min(xs), slices.Max(xs), f.Type == "integer", 10)
		counts := make([]int, len(cs))
		for _, v := range xs {
			counts[classOf(cs, v)]++
		}
		for k, c := range cs {
			bars = append(bars, bar{Label: c.Label, Value: float64(counts[k]), Text: strconv.Itoa(counts[k])})
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
			bars = append(bars, bar{Label: k, Value: float64(count[k]), Text: strconv.Itoa(count[k])})
		}
	}
	if len(bars) == 0 {
		return
	}
	p.w(`<h3>分布 <span lang="en">Distribution</span></h3><figure>`)
	p.w(barsV(fmt.Sprintf("%sの分布 (市区町村数)。数値は次の表のとおり。 / Distribution of %s (municipalities); the figures are in the table that follows.", f.Ja, f.En), bars))
	p.w(`<figcaption>` + esc(f.Ja) + `の分布 <span lang="en">Distribution of ` + esc(f.En) + `</span></figcaption>`)
	p.w(scrollBox("階級ごとの市区町村数 / Municipalities per class") + `<table><caption>階級ごとの市区町村数 <span lang="en">Municipalities per class</span></caption><thead><tr><th scope="col">` + esc(f.Ja) + ` <span lang="en">` + esc(f.En) + `</span></th><th scope="col">市区町村数 <span lang="en">municipalities</span></th></tr></thead><tbody>`)
	for _, b := range bars {
		p.w(`<tr><th scope="row">` + esc(b.Label) + `</th><td class="num">` + b.Text + `</td></tr>`)
	}
	p.w(`</tbody></table></div></figure>`)
}

// ranking draws the prefectures ranked by the headline field's figure.
func (w *writer) ranking(p *page, s *series, ed edition) {
	f := s.fields[s.head]
	if !f.numeric() && f.Type != "boolean" {
		p.w(`<p>この指標は数値でないため、都道府県別の順位は示しません。 <span lang="en">This indicator is not a number, so prefectures are not ranked.</span></p>`)
		return
	}
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
		return
	}
	slices.SortStableFunc(ps, func(a, b pv) int { return cmp.Compare(b.v, a.v) })
	d := f.decimals
	if f.Type == "boolean" {
		d = 1
	}
	var bars []bar
	for _, x := range ps {
		bars = append(bars, bar{Label: x.pref.Name, Value: x.v, Text: fmtNum(x.v, d)})
	}
	nat, natOK := w.m.agg(s, ed, s.head, "")
	w.prefectureMap(p, f, ps2map(ps, func(x pv) (string, float64) { return x.pref.PrefCode, x.v }), d, aggJa, aggEn)
	p.w(`<h3>都道府県別 <span lang="en">By prefecture</span></h3><figure>`)
	p.w(barsH(fmt.Sprintf("都道府県別の%s (%s、高い順)。数値は次の表のとおり。 / %s by prefecture (%s), highest first; the figures are in the table that follows.", f.Ja, aggJa, f.En, aggEn), bars))
	p.w(`<figcaption>都道府県内の市区町村の` + esc(aggJa) + `、高い順 <span lang="en">` + esc(aggEn) + ` of the municipalities in each prefecture, highest first</span>`)
	if natOK {
		p.w(`。全国 <span lang="en">Japan</span>: ` + fmtNum(nat, d))
	}
	p.w(`</figcaption>` + scrollBox("都道府県別 / By prefecture") + `<table class="sortable"><caption>都道府県別 <span lang="en">By prefecture</span></caption><thead><tr><th scope="col">順位 <span lang="en">rank</span></th><th scope="col">都道府県 <span lang="en">prefecture</span></th><th scope="col">` + esc(f.Ja) + ` (` + esc(aggJa) + `) <span lang="en">` + esc(aggEn) + `</span></th></tr></thead><tbody>`)
	for i, x := range ps {
		p.w(fmt.Sprintf(`<tr><td class="num" data-v="%d">%d</td><th scope="row"><a href="../p/%s.html">%s</a></th><td class="num" data-v="%s">%s</td></tr>`, i+1, i+1, x.pref.PrefCode, esc(x.pref.Name), fmtNum(x.v, -1), fmtNum(x.v, d)))
	}
	p.w(`</tbody></table></div></figure>`)
}
