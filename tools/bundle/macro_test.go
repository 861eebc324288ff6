package bundle

import (
	"encoding/csv"
	"math/big"
	"os"
	"strings"
	"testing"
)

// TestMacroRepository: the national card rate of edition 2022 is the sum
// of the cards over the sum of the population of the committed rows,
// summed here independently.
func TestMacroRepository(t *testing.T) {
	repo := open(t, "../..")
	rep, err := Macro(repo, 2022)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open("../../data/mynumber-card/2022.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	pop, cards := new(big.Int), new(big.Int)
	for _, r := range recs[1:] {
		p, _ := new(big.Int).SetString(r[2], 10)
		c, _ := new(big.Int).SetString(r[4], 10)
		pop.Add(pop, p)
		cards.Add(cards, c)
	}
	if len(rep.Indicators) == 0 || rep.Indicators[0].ID != "mynumber-card" || len(rep.Indicators[0].Figures) == 0 {
		t.Fatalf("Macro(2022) = %+v, want the card rate first", rep)
	}
	got := rep.Indicators[0].Figures[0]
	if got.Numerator != cards.String() || got.Denominator != pop.String() || got.Value != "44.0" {
		t.Errorf("national card rate 2022 = %s (%s / %s), want 44.0 (%s / %s)", got.Value, got.Numerator, got.Denominator, cards, pop)
	}
}

// TestTotals: the bundle's prefecture and national totals are recomputed
// from the rows: the national card rate of 2022 from the sums (44.0), and
// the prefectures' populations add up to the national one.
func TestTotals(t *testing.T) {
	repo := open(t, "../..")
	b := build(t, repo, 2022)
	f := b.File("ichiran-2022-totals.csv")
	if f == nil {
		t.Fatal("no ichiran-2022-totals.csv")
	}
	recs, err := csv.NewReader(strings.NewReader(string(f.Data))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	national, prefs := new(big.Int), new(big.Int)
	rate := ""
	for _, r := range recs[1:] {
		if r[3] != "mynumber-card" {
			continue
		}
		switch {
		case r[2] == "national" && strings.HasPrefix(r[5], "住民基本台帳人口"):
			national.SetString(r[6], 10)
		case r[2] == "prefecture" && strings.HasPrefix(r[5], "住民基本台帳人口"):
			n, _ := new(big.Int).SetString(r[6], 10)
			prefs.Add(prefs, n)
		case r[2] == "national" && strings.HasPrefix(r[5], "rate"):
			rate = r[6]
		}
	}
	if rate != "44.0" || national.Sign() == 0 || national.Cmp(prefs) != 0 {
		t.Errorf("totals: national rate %q (want 44.0), population %s, prefectures' sum %s", rate, national, prefs)
	}
}
