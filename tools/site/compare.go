package site

import "encoding/json"

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
func (w *writer) comparePage(r *renderer) error {
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
	r.add("compare.json", raw)
	type option struct{ Name, Prefecture, Code string }
	var opts []option
	for _, e := range w.m.munis {
		opts = append(opts, option{e.Name, e.Prefecture, string(e.Code)})
	}
	r.page("compare", "compare.html", 0, [2]string{"団体を比べる", "Compare municipalities"}, []string{"compare.js"}, struct {
		Options []option
		Inputs  []int
	}{opts, []int{1, 2, 3, 4, 5}})
	return nil
}
