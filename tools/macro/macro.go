// Package macro computes the paper's macro view (マクロの視点): for each
// indicator with figures in an edition, the plan's KPI where the rows allow
// it, recomputed from the per-municipality rows and stated with its
// formula — the national card issuance rate (Σ cards ÷ Σ population), the
// share of municipalities where each annex procedure is online and the
// population they cover, the municipalities that adopted AI or RPA, that
// work on open data, and each recommended dataset's uptake. Where the KPI
// cannot be computed from per-municipality data (a usage rate, a quality
// score) it says so and gives what can be. Nothing is invented: targets
// are the catalogue's KPI text, quoted.
//
// 論文の「マクロの視点」: 各指標の KPI を、市区町村の行から計算し直し、式とともに
// 示します。市区町村の数値から計算できない KPI (利用率、質の評価) はそう述べ、計算
// できるものを示します。
package macro

import (
	"fmt"
	"io"
	"math/big"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ichiran-jp/ichiran/tools/catalog"
)

// Figure is one macro figure of an edition.
type Figure struct {
	Indicator string       `json:"indicator"`
	AsOf      string       `json:"asOf"`
	Name      catalog.Text `json:"name"`
	// KPI is true when the figure is the plan's KPI itself, false when it
	// is what the rows allow in its place.
	KPI         bool         `json:"kpi"`
	Value       string       `json:"value"` // "" when nothing to compute from
	Unit        string       `json:"unit"`  // %, 団体 …
	Numerator   string       `json:"numerator,omitempty"`
	Denominator string       `json:"denominator,omitempty"`
	Formula     catalog.Text `json:"formula"`
	// Population names the population figures used (the card file's
	// 住民基本台帳人口 and its date), when any.
	Population string `json:"population,omitempty"`
}

// Indicator is the macro view of one indicator in an edition.
type Indicator struct {
	ID    string        `json:"id"`
	Title catalog.Text  `json:"title"`
	KPI   *catalog.Text `json:"kpi,omitempty"` // the plan's KPI (and its target, where the paper states one)
	// Computable says whether the KPI itself can be computed from
	// per-municipality rows; Why says why not.
	Computable bool          `json:"computable"`
	Why        *catalog.Text `json:"why,omitempty"`
	Figures    []Figure      `json:"figures"`
}

// Report is the macro view of an edition.
type Report struct {
	Edition    int         `json:"edition"`
	Indicators []Indicator `json:"indicators"`
}

// Table is the rows of an indicator at one as-of date, in its schema's
// field order (header first).
type Table struct {
	Header []string
	Rows   [][]string
}

func (t Table) col(name string) int { return slices.Index(t.Header, name) }

// Population is the population of each municipality from one card file:
// 住民基本台帳人口 at Date, published with the card figures of AsOf.
type Population struct {
	AsOf, Date string
	ByCode     map[string]*big.Int
}

// Input is what Compute needs: the catalogue, the edition, the rows of
// each indicator at the edition's as-of date, and the populations the
// repository holds (the card files).
type Input struct {
	Catalog *catalog.Catalog
	Edition int
	// Rows returns the rows of an indicator at a date; a table with no
	// rows when there are none.
	Rows        func(ind *catalog.Indicator, asOf time.Time) (Table, error)
	Populations []Population
}

// Populations reads the populations of the card rows (all dates): the
// fields code, as_of, population and population_date.
func Populations(t Table) []Population {
	code, asOf, pop, popDate := t.col("code"), t.col("as_of"), t.col("population"), t.col("population_date")
	if code < 0 || asOf < 0 || pop < 0 || popDate < 0 {
		return nil
	}
	byDate := map[string]*Population{}
	var dates []string
	for _, r := range t.Rows {
		p := byDate[r[asOf]]
		if p == nil {
			p = &Population{AsOf: r[asOf], Date: r[popDate], ByCode: map[string]*big.Int{}}
			byDate[r[asOf]] = p
			dates = append(dates, r[asOf])
		}
		if n, ok := new(big.Int).SetString(r[pop], 10); ok {
			p.ByCode[r[code]] = n
		}
	}
	slices.Sort(dates)
	out := make([]Population, len(dates))
	for i, d := range dates {
		out[i] = *byDate[d]
	}
	return out
}

// nearest is the population whose date is nearest to t (the earlier on a
// tie), or nil.
func nearest(ps []Population, t time.Time) *Population {
	var best *Population
	var bestD time.Duration
	for i := range ps {
		d, err := time.Parse(time.DateOnly, ps[i].Date)
		if err != nil {
			continue
		}
		diff := d.Sub(t)
		if diff < 0 {
			diff = -diff
		}
		if best == nil || diff < bestD {
			best, bestD = &ps[i], diff
		}
	}
	return best
}

// Compute builds the macro view of the edition.
func Compute(in Input) (*Report, error) {
	rep := &Report{Edition: in.Edition}
	for _, ind := range in.Catalog.Indicators {
		at, ok := ind.AsOf(in.Edition)
		if !ok {
			continue
		}
		t, err := in.Rows(ind, at)
		if err != nil {
			return nil, err
		}
		if len(t.Rows) == 0 {
			continue
		}
		x := Indicator{ID: ind.ID, Title: ind.Title, KPI: ind.KPI}
		date := at.Format(time.DateOnly)
		switch {
		case ind.ID == "mynumber-card":
			x.Computable = true
			x.Figures = cards(t, date)
		case len(ind.Procedures) > 0:
			x.Why = &catalog.Text{Ja: "KPI (オンライン利用率・人口カバー率) は利用件数や住民の利用を要しますが、市区町村の行は手続ごとのオンライン化の状況だけです。手続ごとに、オンライン化済みの団体の割合と、その団体の人口の割合を示します。",
				En: "The KPI (a usage rate, a population coverage of use) needs counts of use; the rows give only whether each procedure is online. Per procedure: the share of municipalities where it is online, and the share of the population they cover."}
			x.Figures = procedures(ind, t, date, nearest(in.Populations, at))
		case ind.Import != nil && len(ind.Import.Selections) > 0:
			x.Why = &catalog.Text{Ja: "KPI (オープンデータの質の評価) は市区町村の回答からは計算できません。回答した団体のうちオープンデータに取り組む団体と、推奨データセットごとの公開の割合を示します。",
				En: "The KPI (a quality score of open data) cannot be computed from the answers. Of the municipalities that answered: those working on open data, and each recommended dataset's uptake."}
			x.Figures = survey(ind, t, date)
		case ind.ID == "ai-rpa":
			x.Computable = true
			x.Figures = aiRPA(t, date)
		case ind.ID == "mynaportal-other-procedures":
			x.Computable = true
			x.Figures = otherProcedures(t, date)
		default:
			x.Why = &catalog.Text{Ja: "この指標のマクロの数値の計算はまだ定めていません。", En: "No macro figure is defined for this indicator yet."}
		}
		rep.Indicators = append(rep.Indicators, x)
	}
	return rep, nil
}

// share is n ÷ d × 100 rounded half-up to one decimal, as text.
func share(n, d *big.Int) string {
	if d.Sign() == 0 {
		return ""
	}
	r := new(big.Rat).SetFrac(new(big.Int).Mul(n, big.NewInt(1000)), d) // per mille
	// half-up: floor(x + 1/2)
	r.Add(r, big.NewRat(1, 2))
	q := new(big.Int).Quo(r.Num(), r.Denom())
	s := q.String()
	if len(s) < 2 {
		s = "0" + s
	}
	return s[:len(s)-1] + "." + s[len(s)-1:]
}

func ints(n int) *big.Int { return big.NewInt(int64(n)) }

func cards(t Table, date string) []Figure {
	pop, issued := t.col("population"), t.col("issued")
	sumP, sumI := new(big.Int), new(big.Int)
	n := 0
	for _, r := range t.Rows {
		p, ok1 := new(big.Int).SetString(r[pop], 10)
		i, ok2 := new(big.Int).SetString(r[issued], 10)
		if ok1 && ok2 {
			sumP.Add(sumP, p)
			sumI.Add(sumI, i)
			n++
		}
	}
	return []Figure{{Indicator: "mynumber-card", AsOf: date, KPI: true,
		Name:  catalog.Text{Ja: "全国の交付率", En: "national issuance rate"},
		Value: share(sumI, sumP), Unit: "%", Numerator: sumI.String(), Denominator: sumP.String(),
		Formula: catalog.Text{Ja: fmt.Sprintf("Σ 交付枚数 ÷ Σ 住民基本台帳人口 × 100 (%d 団体、小数第1位に四捨五入)", n),
			En: fmt.Sprintf("Σ cards issued ÷ Σ population × 100 (%d municipalities, rounded half-up to one decimal)", n)}}}
}

func procedures(ind *catalog.Indicator, t Table, date string, pop *Population) []Figure {
	at, _ := time.Parse(time.DateOnly, date)
	code := t.col("code")
	popName := ""
	if pop != nil {
		popName = fmt.Sprintf("住民基本台帳人口 %s (マイナンバーカード交付状況 %s の表) / resident population of %s (from the card figures of %s)", pop.Date, pop.AsOf, pop.Date, pop.AsOf)
	}
	var out []Figure
	for _, p := range ind.Procedures {
		if !p.AppliesAt(at) {
			continue
		}
		col := t.col(p.ID)
		if col < 0 {
			continue
		}
		online, applicable := 0, 0
		popOnline, popAll := new(big.Int), new(big.Int)
		for _, r := range t.Rows {
			st := r[col]
			if st == catalog.Online || st == catalog.NotOnline {
				applicable++
			}
			if st == catalog.Online {
				online++
			}
			if pop == nil {
				continue
			}
			if n, ok := pop.ByCode[r[code]]; ok && st != "" {
				popAll.Add(popAll, n)
				if st == catalog.Online {
					popOnline.Add(popOnline, n)
				}
			}
		}
		name := catalog.Text{Ja: p.ID + " " + p.Name, En: "procedure " + p.ID}
		out = append(out, Figure{Indicator: ind.ID, AsOf: date, Name: name, Value: share(ints(online), ints(applicable)), Unit: "% 団体 / municipalities",
			Numerator: strconv.Itoa(online), Denominator: strconv.Itoa(applicable),
			Formula: catalog.Text{Ja: "オンライン化済みの団体数 ÷ その手続がある団体数 (ー を除く) × 100", En: "municipalities where it is online ÷ those that have the procedure (ー excluded) × 100"}})
		if pop != nil {
			out = append(out, Figure{Indicator: ind.ID, AsOf: date, Name: name, Value: share(popOnline, popAll), Unit: "% 人口 / population",
				Numerator: popOnline.String(), Denominator: popAll.String(), Population: popName,
				Formula: catalog.Text{Ja: "オンライン化済みの団体の人口 ÷ 全団体の人口 × 100", En: "population of the municipalities where it is online ÷ population of all × 100"}})
		}
	}
	return out
}

func survey(ind *catalog.Indicator, t Table, date string) []Figure {
	answered, publishes := t.col("answered"), t.col("publishes")
	nAns, nPub, nPubAns := 0, 0, 0
	for _, r := range t.Rows {
		if answered >= 0 && r[answered] == "true" {
			nAns++
			if publishes >= 0 && r[publishes] != "" {
				nPubAns++
				if r[publishes] == "true" {
					nPub++
				}
			}
		}
	}
	out := []Figure{{Indicator: ind.ID, AsOf: date, Name: catalog.Text{Ja: "オープンデータに取り組む団体", En: "municipalities working on open data"},
		Value: share(ints(nPub), ints(nPubAns)), Unit: "%", Numerator: strconv.Itoa(nPub), Denominator: strconv.Itoa(nPubAns),
		Formula: catalog.Text{Ja: fmt.Sprintf("取り組んでいると答えた団体 ÷ その設問に答えた団体 × 100 (回答した団体 %d、回答なしは数えない)", nAns),
			En: fmt.Sprintf("municipalities answering yes ÷ those answering the question × 100 (%d answered the survey; no answer is not counted)", nAns)}}}
	var fields []string
	for f := range ind.Import.Selections {
		if f != "" {
			fields = append(fields, f)
		}
	}
	slices.Sort(fields)
	for _, f := range fields {
		col := t.col(f)
		if col < 0 {
			continue
		}
		yes, all := 0, 0
		for _, r := range t.Rows {
			switch r[col] {
			case "true":
				yes++
				all++
			case "false":
				all++
			}
		}
		label := ind.Import.Selections[f][0]
		out = append(out, Figure{Indicator: ind.ID, AsOf: date, Name: catalog.Text{Ja: "推奨データセット: " + label, En: "dataset " + f},
			Value: share(ints(yes), ints(all)), Unit: "%", Numerator: strconv.Itoa(yes), Denominator: strconv.Itoa(all),
			Formula: catalog.Text{Ja: "公開している団体 ÷ 回答した団体 × 100", En: "municipalities publishing it ÷ those that answered × 100"}})
	}
	return out
}

func aiRPA(t Table, date string) []Figure {
	ai, rpa := t.col("ai"), t.col("rpa")
	count := func(pred func(r []string) bool) (n, all int) {
		for _, r := range t.Rows {
			if r[ai] == "" && r[rpa] == "" {
				continue
			}
			all++
			if pred(r) {
				n++
			}
		}
		return n, all
	}
	var out []Figure
	for _, c := range []struct {
		ja, en string
		pred   func(r []string) bool
	}{
		{"AI を導入した団体", "municipalities that adopted AI", func(r []string) bool { return r[ai] == "adopted" }},
		{"RPA を導入した団体", "municipalities that adopted RPA", func(r []string) bool { return r[rpa] == "adopted" }},
		{"AI か RPA を導入した団体 (KPI: 活用する地域数)", "municipalities that adopted AI or RPA (the KPI: areas using them)", func(r []string) bool { return r[ai] == "adopted" || r[rpa] == "adopted" }},
	} {
		yes, all := count(c.pred)
		out = append(out, Figure{Indicator: "ai-rpa", AsOf: date, KPI: strings.Contains(c.ja, "KPI"), Name: catalog.Text{Ja: c.ja, En: c.en},
			Value: strconv.Itoa(yes), Unit: "団体 / municipalities", Numerator: strconv.Itoa(yes), Denominator: strconv.Itoa(all),
			Formula: catalog.Text{Ja: fmt.Sprintf("数 (調査された %d 団体のうち、割合 %s%%)", all, share(ints(yes), ints(all))),
				En: fmt.Sprintf("count (of the %d surveyed, %s%%)", all, share(ints(yes), ints(all)))}})
	}
	return out
}

func otherProcedures(t Table, date string) []Figure {
	proc, prec := t.col("procedures"), t.col("precision")
	n, known := 0, 0
	for _, r := range t.Rows {
		if r[proc] == "" {
			continue
		}
		known++
		if v, err := strconv.Atoi(r[proc]); err == nil && v > 0 {
			n++
		}
	}
	approx := 0
	for _, r := range t.Rows {
		if prec >= 0 && r[prec] == "approximate" {
			approx++
		}
	}
	return []Figure{{Indicator: "mynaportal-other-procedures", AsOf: date, KPI: true,
		Name:  catalog.Text{Ja: "別紙以外の手続をオンライン化した団体数", En: "municipalities with other procedures online"},
		Value: strconv.Itoa(n), Unit: "団体 / municipalities", Numerator: strconv.Itoa(n), Denominator: strconv.Itoa(known),
		Formula: catalog.Text{Ja: fmt.Sprintf("手続数が 1 以上の団体の数 (数値のある %d 団体のうち。概数 %d 団体を含み、不明・記載なしは数えない)", known, approx),
			En: fmt.Sprintf("municipalities with at least one (of the %d with a figure; %d approximate included; unknown and not stated not counted)", known, approx)}}}
}

// Records are the figures as a table, header first: one row per figure,
// with its formula (the bundle's macro CSV and sheet). A nil report has
// the header only.
func (r *Report) Records() [][]string {
	out := [][]string{{"edition", "indicator", "as_of", "figure", "figure_en", "kpi", "value", "unit", "numerator", "denominator", "formula", "formula_en", "population"}}
	if r == nil {
		return out
	}
	for _, x := range r.Indicators {
		for _, f := range x.Figures {
			out = append(out, []string{strconv.Itoa(r.Edition), f.Indicator, f.AsOf, f.Name.Ja, f.Name.En, strconv.FormatBool(f.KPI), f.Value, f.Unit,
				f.Numerator, f.Denominator, f.Formula.Ja, f.Formula.En, f.Population})
		}
	}
	return out
}

// WriteText writes the macro view for people, Japanese first.
func (r *Report) WriteText(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "マクロの視点 (KPI、市区町村の行から計算) / the macro view (KPIs, computed from the rows), edition %d\n", r.Edition)
	for _, x := range r.Indicators {
		fmt.Fprintf(&b, "\n%s %s\n", x.ID, x.Title.Ja)
		if x.KPI != nil {
			fmt.Fprintf(&b, "  KPI: %s\n", x.KPI.Ja)
		}
		if x.Why != nil {
			fmt.Fprintf(&b, "  %s\n  %s\n", x.Why.Ja, x.Why.En)
		}
		for _, f := range x.Figures {
			v := f.Value
			if v == "" {
				v = "—"
			}
			fmt.Fprintf(&b, "  %s: %s %s = %s / %s [%s]", f.Name.Ja, v, f.Unit, f.Numerator, f.Denominator, f.Formula.Ja)
			if f.Population != "" {
				fmt.Fprintf(&b, " (%s)", f.Population)
			}
			b.WriteString("\n")
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}
