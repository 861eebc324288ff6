package site

import (
	"fmt"

	"github.com/ichiran-jp/ichiran/tools/bundle"
	"github.com/ichiran-jp/ichiran/tools/catalog"
	"github.com/ichiran-jp/ichiran/tools/macro"
)

// macroPage writes macro.html: the paper's macro view, each indicator's
// KPI recomputed from the rows with its formula, for every edition with
// figures (newest first); each indicator has an anchor its page links to.
func (w *writer) macroPage() error {
	p := newPage(0)
	p.h1("マクロの視点", "The macro view")
	p.w(`<p>論文の一覧表は、デジタル・ガバメント実行計画の KPI (マクロの視点) と市区町村ごとの情報 (ミクロの視点) を並べています。ここでは各指標の KPI を、このリポジトリの市区町村の行から計算し直して、式とともに示します。市区町村の数値から計算できない KPI は、そう述べて計算できるものを示します。</p>`)
	p.w(`<p lang="en">The paper's table sets the plan's KPIs (the macro view) beside the per-municipality figures (the micro view). Here each KPI is recomputed from the repository's rows and shown with its formula; where a KPI cannot be computed from per-municipality figures, the page says so and gives what can be.</p>`)
	any := false
	for y := w.m.edition; y >= catalog.FirstEdition; y-- {
		rep, err := bundle.Macro(w.m.repo, y)
		if err != nil {
			return err
		}
		if len(rep.Indicators) == 0 {
			continue
		}
		any = true
		p.w(fmt.Sprintf(`<h2 id="e%d">%s</h2>`, y, esc(editionName(y))))
		for _, x := range rep.Indicators {
			w.macroIndicator(p, y, x)
		}
	}
	if !any {
		p.w(`<p>まだ数値がありません。 <span lang="en">No figures yet.</span></p>`)
	}
	w.add("macro.html", w.layout(p, "マクロの視点", "The macro view"))
	return nil
}

func (w *writer) macroIndicator(p *page, y int, x macro.Indicator) {
	p.w(fmt.Sprintf(`<h3 id="e%d-%s"><a href="i/%s.html">%s</a> <span class="en" lang="en">%s</span></h3>`, y, x.ID, x.ID, esc(x.Title.Ja), esc(x.Title.En)))
	if x.KPI != nil {
		p.w(`<p>KPI: ` + esc(x.KPI.Ja) + ` <span lang="en">` + esc(x.KPI.En) + `</span></p>`)
	}
	if x.Why != nil {
		p.w(`<p class="availability">` + esc(x.Why.Ja) + ` <span lang="en">` + esc(x.Why.En) + `</span></p>`)
	}
	if len(x.Figures) == 0 {
		return
	}
	p.w(`<div class="scroll" tabindex="0" role="region" aria-label="` + esc(x.Title.Ja) + ` ` + esc(editionName(y)) + `"><table><caption>` + esc(x.Title.Ja) + ` (` + esc(editionName(y)) + `) <span lang="en">computed from the rows</span></caption><thead><tr>`)
	p.w(`<th scope="col">数値 <span lang="en">figure</span></th><th scope="col">値 <span lang="en">value</span></th><th scope="col">分子 / 分母 <span lang="en">numerator / denominator</span></th><th scope="col">式 <span lang="en">formula</span></th></tr></thead><tbody>`)
	for _, f := range x.Figures {
		v := f.Value
		if v == "" {
			v = "—"
		}
		formula := esc(f.Formula.Ja) + ` <span lang="en">` + esc(f.Formula.En) + `</span>`
		if f.Population != "" {
			formula += `<br><small>` + esc(f.Population) + `</small>`
		}
		kpi := ""
		if f.KPI {
			kpi = ` <strong>(KPI)</strong>`
		}
		p.w(`<tr><th scope="row">` + esc(f.Name.Ja) + kpi + `</th><td class="num">` + esc(v) + ` ` + esc(f.Unit) + `</td><td class="num">` + esc(f.Numerator) + ` / ` + esc(f.Denominator) + `</td><td>` + formula + `</td></tr>`)
	}
	p.w(`</tbody></table></div>`)
}
