package macro

import (
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/ichiran-jp/ichiran/tools/catalog"
)

func TestShare(t *testing.T) {
	tests := []struct {
		n, d int64
		want string
	}{
		{1, 2, "50.0"}, {1, 3, "33.3"}, {2, 3, "66.7"}, {1, 8, "12.5"}, {1, 16, "6.3"}, // 6.25 → 6.3, half-up
		{0, 5, "0.0"}, {5, 5, "100.0"}, {1, 0, ""},
	}
	for _, tt := range tests {
		if got := share(big.NewInt(tt.n), big.NewInt(tt.d)); got != tt.want {
			t.Errorf("share(%d, %d) = %q, want %q", tt.n, tt.d, got, tt.want)
		}
	}
}

// catalogue is a small catalogue: the card indicator and one with two
// procedures.
func catalogue() *catalog.Catalog {
	rule := &catalog.Rule{Month: 5, Day: 1}
	return &catalog.Catalog{Indicators: []*catalog.Indicator{
		{ID: "mynumber-card", Status: catalog.Active, AsOfRule: rule, KPI: &catalog.Text{Ja: "ほとんどの住民が保有"}},
		{ID: "online-procedures", Status: catalog.Active, AsOfRule: rule,
			Procedures: []catalog.Procedure{{ID: "a01", Name: "図書館"}, {ID: "a02", Name: "粗大ごみ", Until: "2020-12-31"}}},
	}}
}

func TestCompute(t *testing.T) {
	cards := Table{Header: []string{"code", "as_of", "population", "population_date", "issued", "rate"}, Rows: [][]string{
		{"011002", "2022-05-01", "1000", "2021-01-01", "500", "50.0"},
		{"012025", "2022-05-01", "3000", "2021-01-01", "1000", "33.3"},
		{"012033", "2022-05-01", "", "2021-01-01", "", ""}, // no figure: not counted
	}}
	procs := Table{Header: []string{"code", "as_of", "a01", "a02"}, Rows: [][]string{
		{"011002", "2022-05-01", "online", "online"},
		{"012025", "2022-05-01", "not-online", "not-applicable"},
		{"012033", "2022-05-01", "not-applicable", "not-online"},
	}}
	in := Input{Catalog: catalogue(), Edition: 2022, Populations: Populations(cards),
		Rows: func(ind *catalog.Indicator, at time.Time) (Table, error) {
			if ind.ID == "mynumber-card" {
				return cards, nil
			}
			return procs, nil
		}}
	rep, err := Compute(in)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, x := range rep.Indicators {
		for _, f := range x.Figures {
			got = append(got, strings.Join([]string{x.ID, f.Name.Ja, f.Value, f.Numerator, f.Denominator}, " "))
		}
	}
	want := []string{
		"mynumber-card 全国の交付率 37.5 1500 4000",      // Σ issued ÷ Σ population, not the mean of the rates
		"online-procedures a01 図書館 50.0 1 2",       // ー does not count
		"online-procedures a01 図書館 25.0 1000 4000", // population covered: 札幌 1000 of 1000 + 3000 (012033 has none)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Compute() figures (-want +got):\n%s", diff)
	}
	if x := rep.Indicators[1]; x.Computable || x.Why == nil {
		t.Errorf("online-procedures: computable %v, why %v; want the KPI said not computable, with the reason", x.Computable, x.Why)
	}
	if recs := rep.Records(); len(recs) != 4 || recs[1][10] == "" {
		t.Errorf("Records() = %v, want a header and three rows with formulas", recs)
	}
}
