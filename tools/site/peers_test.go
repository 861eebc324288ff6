package site

import (
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ichiran-jp/ichiran/tools/lgcode"
)

func TestStanding(t *testing.T) {
	tests := []struct {
		sorted   []float64
		v        float64
		rank     int
		pct      float64 // NaN: alone
		med      float64
		medianOK bool
	}{
		{[]float64{5}, 5, 1, math.NaN(), 5, true},
		{[]float64{1, 2, 3, 4, 5}, 5, 1, 100, 3, true},
		{[]float64{1, 2, 3, 4, 5}, 1, 5, 0, 3, true},
		{[]float64{1, 2, 3, 4, 5}, 3, 3, 50, 3, true},
		{[]float64{1, 2, 2, 4}, 2, 2, 50, 2, true},  // ties share the rank; the other tie counts half
		{[]float64{1, 2, 2, 4}, 4, 1, 100, 2, true}, // median of an even count: the mean of the middle two
		{[]float64{2, 2, 2}, 2, 1, 50, 2, true},     // all equal
		{[]float64{10, 20, 30, 40}, 10, 4, 0, 25, true},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.sorted, tt.v), func(t *testing.T) {
			rank, pct := standing(tt.sorted, tt.v)
			if rank != tt.rank || !(pct == tt.pct || math.IsNaN(pct) && math.IsNaN(tt.pct)) {
				t.Errorf("standing(%v, %v) = %d, %v, want %d, %v", tt.sorted, tt.v, rank, pct, tt.rank, tt.pct)
			}
			if med, ok := median(tt.sorted); med != tt.med || ok != tt.medianOK {
				t.Errorf("median(%v) = %v, %v, want %v, %v", tt.sorted, med, ok, tt.med, tt.medianOK)
			}
		})
	}
	if _, ok := median(nil); ok {
		t.Errorf("median(nil) ok = true, want false")
	}
}

// cardRates reads a card file of the repository by hand: code → rate and
// population.
func cardRates(t *testing.T, path string) (rate map[string]float64, pop map[string]int64, popDate string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(recs[0], ","); got != "code,as_of,population,population_date,issued,rate" {
		t.Fatalf("%s: header %s", path, got)
	}
	rate, pop = map[string]float64{}, map[string]int64{}
	for _, r := range recs[1:] {
		v, err1 := strconv.ParseFloat(r[5], 64)
		n, err2 := strconv.ParseInt(r[2], 10, 64)
		if err1 != nil || err2 != nil {
			t.Fatalf("%s: %q", path, r)
		}
		rate[r[0]], pop[r[0]], popDate = v, n, r[3]
	}
	return rate, pop, popDate
}

// TestPeersRepository recomputes, from the repository's own files read by
// hand, where 札幌市 stands among the designated cities in the card
// figures of 2022 (all 20 have 500,000 people or more), and where 福島市
// stands among the 中核市 of its population class, and checks the model
// and the pages say the same.
func TestPeersRepository(t *testing.T) {
	repo := open(t, "../../datapackage.json")
	const last = 2025
	m, err := load(repo, last)
	if err != nil {
		t.Fatal(err)
	}
	var card *series
	for _, s := range m.series {
		if s.ind.ID == cardIndicator {
			card = s
		}
	}
	var ed edition
	for _, e := range card.withData() {
		if e.Year == 2022 {
			ed = e
		}
	}
	if ed.Year != 2022 {
		t.Fatal("no card figures of 2022")
	}
	rate, pop, popDate := cardRates(t, "../../data/mynumber-card/2022.csv")
	if popDate != "2021-01-01" {
		t.Fatalf("population_date %s, want 2021-01-01", popDate)
	}
	codes := realCodes(t)
	at := lgcode.Date(2022, time.May, 1)
	tests := []struct {
		code  string
		class lgcode.Class
		pop   lgcode.PopulationClass
	}{
		{"011002", lgcode.ClassDesignated, lgcode.Pop500k},  // 札幌市
		{"072010", lgcode.ClassCore, lgcode.Pop200k},        // 福島市
		{"131016", lgcode.ClassSpecialWard, lgcode.Pop50k},  // 千代田区
		{"014036", lgcode.ClassVillage, lgcode.PopUnder10k}, // 泊村
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			var peers []float64
			for code, v := range rate {
				if c, ok := codes.ClassOf(code, at); ok && c == tt.class && lgcode.PopulationClassOf(pop[code]) == tt.pop {
					peers = append(peers, v)
				}
			}
			slices.Sort(peers)
			mine := rate[tt.code]
			wantRank := 1
			for _, v := range peers {
				if v > mine {
					wantRank++
				}
			}
			wantMed := peers[len(peers)/2]
			if len(peers)%2 == 0 {
				wantMed = (peers[len(peers)/2-1] + peers[len(peers)/2]) / 2
			}
			got, ok := m.standingOf(card, ed, tt.code)
			if !ok {
				t.Fatalf("standingOf(%s) = no peers", tt.code)
			}
			if got.group != (peerGroup{string(tt.class), tt.pop}) || got.n != len(peers) || got.rank != wantRank || got.median != wantMed || got.value != mine {
				t.Errorf("standingOf(%s) = group %v, n %d, rank %d, median %v, value %v; want %v, %d, %d, %v, %v",
					tt.code, got.group, got.n, got.rank, got.median, got.value, peerGroup{string(tt.class), tt.pop}, len(peers), wantRank, wantMed, mine)
			}
			if got.pop.year != 2022 || got.pop.date.Format(time.DateOnly) != popDate || got.own != pop[tt.code] {
				t.Errorf("standingOf(%s) population = %d of %d as of %s, want %d of 2022 as of %s", tt.code, got.own, got.pop.year, got.pop.date.Format(time.DateOnly), pop[tt.code], popDate)
			}
			if tt.code == "011002" && len(peers) != 20 {
				t.Errorf("札幌市 has %d peers, want the 20 designated cities", len(peers))
			}
		})
	}
	// Which card figures each edition's comparisons use.
	for _, tt := range []struct{ edition, card int }{{2019, 2020}, {2020, 2020}, {2021, 2021}, {2022, 2022}, {2025, 2022}, {2026, 2022}} {
		t.Run(fmt.Sprint("populations/", tt.edition), func(t *testing.T) {
			src, ok := m.populations(tt.edition)
			if !ok || src.year != tt.card || len(src.byCode) != 1741 {
				t.Errorf("populations(%d) = card %d (%d codes), %v, want card %d (1741 codes)", tt.edition, src.year, len(src.byCode), ok, tt.card)
			}
		})
	}

	// The pages.
	s, err := Build(repo, Options{Edition: last})
	if err != nil {
		t.Fatal(err)
	}
	checkAll(t, s)
	sapporo := string(s.File("m/011002.html").Data)
	got, _ := m.standingOf(card, ed, "011002")
	for _, want := range []string{
		`<table id="mynumber-card-peers">`,
		"同じ区分・人口階級の団体の中で",
		`<th scope="row">令和4年度版 (2022)</th><td>指定都市・50万以上</td><td class="num">1961575<br><small>2021-01-01 (2022)</small></td><td class="num">20/20</td>`,
		fmt.Sprintf(`<td class="num">%d/20</td>`, got.rank),
		fmt.Sprintf(`<td class="num">%s</td></tr>`, fmtNum(got.median, 1)),
	} {
		if !strings.Contains(sapporo, want) {
			t.Errorf("m/011002.html lacks %q", want)
		}
	}
	kofu := string(s.File("m/192015.html").Data)
	if want := `市 · 中核市 <span lang="en">core city</span> (2019-04-01 から、それまで施行時特例市 <span lang="en">since 2019-04-01, before: former special city</span>)`; !strings.Contains(kofu, want) {
		t.Errorf("m/192015.html lacks %q", want)
	}
	ind := string(s.File("i/mynumber-card.html").Data)
	for _, want := range []string{`<nav aria-label="区分で絞り込む / filter by kind"`, `<a href="mynumber-card/core-city.html">中核市 <span lang="en">core city</span> (62)</a>`, `<a href="mynumber-card/special-ward.html">`} {
		if !strings.Contains(ind, want) {
			t.Errorf("i/mynumber-card.html lacks %q", want)
		}
	}
	core := s.File("i/mynumber-card/core-city.html")
	if core == nil {
		t.Fatal("no i/mynumber-card/core-city.html")
	}
	if n := strings.Count(string(core.Data), `<a href="../../m/`); n != 62 {
		t.Errorf("i/mynumber-card/core-city.html lists %d municipalities, want 62", n)
	}
	for _, c := range lgcode.Classes {
		if s.File("i/mynumber-card/"+string(c)+".html") == nil {
			t.Errorf("no page for %s (%s)", c, c.Label())
		}
	}
}

// TestPeersWithoutClasses builds the fixture, whose code table has no class
// column: peers are then grouped by the table's kind (市, 町, 村, 特別区).
// In 2025, 伊達市 (北海道, 3,000 people, 70.0%) is among three cities under
// 10,000 people (札幌市 of the fixture 50.0%, 伊達市 of 福島県 65.0%).
func TestPeersWithoutClasses(t *testing.T) {
	repo := fixture(t)
	s, err := Build(repo, Options{Edition: 2025})
	if err != nil {
		t.Fatal(err)
	}
	page := string(s.File("m/012335.html").Data)
	want := `<th scope="row">令和7年度版 (2025)</th><td>市・1万未満</td><td class="num">3000<br><small>2024-01-01 (2025)</small></td><td class="num">3/3</td><td class="num" data-v="70.0">70.0</td><td class="num">1/3</td><td class="num">100</td><td class="num">65.0</td>`
	if !strings.Contains(page, want) {
		t.Errorf("m/012335.html lacks %q", want)
	}
	if s.File("i/mynumber-card/city.html") == nil {
		t.Error("no i/mynumber-card/city.html")
	}
}
