package site

import (
	"encoding/json"
	"fmt"
)

// compareData is compare.json: for each indicator with figures, its
// headline figure of its latest edition, per municipality.
type compareData struct {
	Indicators []compareIndicator   `json:"i"`
	Values     map[string][]*string `json:"v"` // code → one value per indicator (null: no figure)
	Names      map[string]string    `json:"n"` // code → 名前 (都道府県)
}

type compareIndicator struct {
	ID      string `json:"id"`
	Title   string `json:"t"`
	Field   string `json:"f"`
	Edition string `json:"e"`
	AsOf    string `json:"d"`
}

// comparePage writes compare.html and compare.json: up to five
// municipalities side by side, each indicator's headline figure of its
// latest edition; chosen by name (a list to pick from) or by the address
// (compare.html?c=011002,012025). The page says what it needs without
// JavaScript.
func (w *writer) comparePage() error {
	d := compareData{Values: map[string][]*string{}, Names: map[string]string{}}
	var series []*series
	var eds []edition
	for _, s := range w.m.series {
		if data := s.withData(); s.head >= 0 && len(data) > 0 {
			ed := data[len(data)-1]
			f := s.fields[s.head]
			series, eds = append(series, s), append(eds, ed)
			d.Indicators = append(d.Indicators, compareIndicator{ID: s.ind.ID, Title: s.ind.Title.Ja, Field: f.Ja, Edition: editionName(ed.Year), AsOf: dateName(ed.AsOf)})
		}
	}
	for _, e := range w.m.munis {
		code := string(e.Code)
		d.Names[code] = e.Name + "（" + e.Prefecture + "）"
		vals := make([]*string, len(series))
		for i, s := range series {
			if row := eds[i].rows[code]; row != nil && row[s.head] != "" {
				v := row[s.head]
				vals[i] = &v
			}
		}
		d.Values[code] = vals
	}
	raw, err := json.Marshal(d)
	if err != nil {
		return err
	}
	w.add("compare.json", raw)
	p := newPage(0)
	p.h1("団体を比べる", "Compare municipalities")
	p.w(`<p>5 団体まで選ぶと、各指標の最新の版の数値を並べて示します。名前を入力して一覧から選んでください。</p><p lang="en">Choose up to five municipalities to see each indicator's latest figures side by side: type a name and pick it from the list.</p>`)
	p.w(`<noscript><p>この比較には JavaScript が要ります。各団体のページにも同じ数値があります。 <span lang="en">This comparison needs JavaScript; each municipality's page has the same figures.</span></p></noscript>`)
	p.w(`<form id="compare" class="compare"><datalist id="munis">`)
	for _, e := range w.m.munis {
		p.w(fmt.Sprintf(`<option value="%s（%s） %s"></option>`, esc(e.Name), esc(e.Prefecture), e.Code))
	}
	p.w(`</datalist>`)
	for i := 1; i <= 5; i++ {
		p.w(fmt.Sprintf(`<p><label for="c%d">団体 %d <span lang="en">municipality %d</span></label> <input id="c%d" name="c" list="munis" autocomplete="off"></p>`, i, i, i, i))
	}
	p.w(`</form><div id="result" aria-live="polite"></div>`)
	p.scripts = []string{"compare.js"}
	w.add("compare.html", w.layout(p, "団体を比べる", "Compare municipalities"))
	return nil
}
