package review

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rogpeppe/go-internal/txtar"

	"github.com/ichiran-jp/ichiran/tools/catalog"
	"github.com/ichiran-jp/ichiran/tools/datadiff"
	"github.com/ichiran-jp/ichiran/tools/frictionless"
	"github.com/ichiran-jp/ichiran/tools/mdtext/gfmtest"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// snapshots loads testdata/summary.txtar's base/ and head/ packages.
func snapshots(t *testing.T) (base, head *datadiff.Snapshot) {
	t.Helper()
	a, err := txtar.ParseFile("testdata/summary.txtar")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, f := range a.Files {
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if base, err = datadiff.LoadDir(filepath.Join(dir, "base"), "base"); err != nil {
		t.Fatal(err)
	}
	if head, err = datadiff.LoadDir(filepath.Join(dir, "head"), "head"); err != nil {
		t.Fatal(err)
	}
	if head.Codes == nil || head.Catalog == nil {
		t.Fatal("the fixture's code table or catalogue does not load")
	}
	return base, head
}

func summaries(t *testing.T) []Summary {
	t.Helper()
	base, head := snapshots(t)
	d := datadiff.Compare(base, head, datadiff.Options{Now: time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)})
	return Summarize(base, head, d)
}

func TestSummarizeCard(t *testing.T) {
	ss := summaries(t)
	if len(ss) != 2 {
		t.Fatalf("Summarize = %d summaries, want 2", len(ss))
	}
	want := Summary{Resource: "mynumber-card-2023", Indicator: "mynumber-card", Title: "マイナンバーカード交付率", Path: "data/mynumber-card/2023.csv",
		AsOf: "2023-05-01", Rows: 5, Expected: 5, Present: 4,
		Missing:   []Named{{"012025", "北海道 函館市 (012025)"}},
		Other:     []Named{{"131032", "131032"}},
		Blanks:    []Blank{{"issued", 1}, {"rate", 1}},
		BlankRows: []Named{{"014036", "北海道 泊村 (014036)"}},
		Previous:  "2022-05-01",
		Figure: &Figure{Ratio: true, Unit: "%",
			Name:    catalog.Text{Ja: "全国のマイナンバーカード交付率 (rate)", En: "national My Number Card issuance rate (rate)"},
			Formula: catalog.Text{Ja: "Σ issued ÷ Σ population × 100", En: "Σ issued ÷ Σ population × 100"},
			Of:      catalog.Text{Ja: "団体の issued ÷ population × 100", En: "the municipality's issued ÷ population × 100"},
			Delta:   catalog.Text{Ja: "ポイント", En: "points"},
			// 600 + 1200 + 2400 of 1000 + 3000 + 4000: 泊村's blank and
			// 131032 (no municipality) are not counted.
			Value: "52.5", Numerator: "4200", Denominator: "8000", Counted: 3,
			// 3830 ÷ 10100.
			Previous: "37.9", PreviousCounted: 5},
		Prefectures: []PrefFigure{
			{Code: "01", Name: "北海道", Expected: 3, Present: 2, Value: "60.0", Previous: "42.9"},
			{Code: "13", Name: "東京都", Expected: 2, Present: 2, Value: "51.4", Previous: "35.7"},
		},
		Changes: &Changes{Of: "change", Compared: 3, Changed: 3,
			Rises: []Move{{"131024", "東京都 中央区 (131024)", "25.0", "60.0", "+35.0"}, {"011002", "北海道 札幌市 (011002)", "40.0", "60.0", "+20.0"}},
			Falls: []Move{{"131016", "東京都 千代田区 (131016)", "50.0", "40.0", "-10.0"}},
			// Changes −10, 20, 35: Q1 5, Q3 27.5, IQR 22.5.
			Low: "-62.5", High: "95.0", Outliers: []Move{}},
	}
	if diff := cmp.Diff(want, ss[0]); diff != "" {
		t.Errorf("Summarize(card) mismatch (-want +got):\n%s", diff)
	}
}

func TestSummarizeProcedures(t *testing.T) {
	s := summaries(t)[1]
	for _, tc := range []struct {
		name      string
		got, want any
	}{
		{"resource", s.Resource, "online-procedures-2025"},
		{"previous", s.Previous, ""},
		// online 2 + 1 + 0 + 2 of applicable 2 + 2 + 1 + 2; 千代田区's
		// blank a02 counts nothing.
		{"value", s.Figure.Value, "71.4"},
		{"sums", s.Figure.Numerator + "/" + s.Figure.Denominator, "5/7"},
		{"counted", s.Figure.Counted, 4},
		{"blanks", s.Blanks, []Blank{{"a02", 1}}},
		{"changes of", s.Changes.Of, "value"},
		{"compared", s.Changes.Compared, 4},
		{"missing", len(s.Missing), 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, tc.got); diff != "" {
				t.Errorf("Summarize(procedures).%s mismatch (-want +got):\n%s", tc.name, diff)
			}
		})
	}
}

// TestSummaryGolden renders the fixture's summaries (Markdown and JSON) and
// compares them with the golden files; -update rewrites them.
func TestSummaryGolden(t *testing.T) {
	ss := summaries(t)
	r := Build(&frictionless.Report{Valid: true}, &datadiff.Result{Base: "base", Head: "head", Files: []datadiff.FileChange{}, Resources: []datadiff.ResourceDiff{}, Flags: []datadiff.Flag{}}, nil, nil)
	r.Summaries = ss
	r.Run = "https://github.com/ichiran-jp/ichiran/actions/runs/42"
	md := r.headline()
	var js strings.Builder
	if err := r.WriteJSON(&js); err != nil {
		t.Fatal(err)
	}
	for name, got := range map[string]string{"summary.md": md, "summary.json": js.String()} {
		t.Run(name, func(t *testing.T) {
			p := filepath.Join("testdata", name)
			if *update {
				if err := os.WriteFile(p, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(string(want), got); diff != "" {
				t.Errorf("%s mismatch (-want +got):\n%s", name, diff)
			}
		})
	}
	// The JSON reads back as it was written.
	back, err := ReadJSON(strings.NewReader(js.String()))
	if err != nil {
		t.Fatalf("ReadJSON = %v", err)
	}
	if diff := cmp.Diff(r.Summaries, back.Summaries); diff != "" {
		t.Errorf("summaries read back mismatch (-wrote +read):\n%s", diff)
	}
	// Rendered as GitHub does: two summaries, one link (the run), one
	// table per summary with a figure.
	h := gfmtest.Render(t, md)
	if n := gfmtest.Count(h, "h3"); n != 2 {
		t.Errorf("%d <h3>, want 2:\n%s", n, h)
	}
	if n := gfmtest.Count(h, "a"); n != 1 || !strings.Contains(h, `<a href="https://github.com/ichiran-jp/ichiran/actions/runs/42">`) {
		t.Errorf("%d <a>, want the run's link only:\n%s", n, h)
	}
	if n := gfmtest.Count(h, "table"); n != 2 {
		t.Errorf("%d <table>, want 2:\n%s", n, h)
	}
}

func TestChangesOutliers(t *testing.T) {
	m := &metric{scale: 100, decimals: 1, rowRatio: true}
	now, before := map[string]point{}, map[string]point{}
	// Twenty municipalities rise by 20.0 to 21.9 points; one by 55, one
	// falls by 6.6.
	for i := range 20 {
		c := string(rune('a'+i)) + "0000"
		before[c] = point{c, "40.0", 40}
		v := 60 + float64(i)/10
		now[c] = point{c, m.format(v), v}
	}
	before["far-up"], now["far-up"] = point{"far-up", "41.6", 41.6}, point{"far-up", "97.0", 97}
	before["down"], now["down"] = point{"down", "33.1", 33.1}, point{"down", "26.5", 26.5}
	c := changes(m, nil, time.Time{}, now, before, true)
	var outliers []string
	for _, o := range c.Outliers {
		outliers = append(outliers, o.Code+" "+o.Delta)
	}
	if want := []string{"far-up +55.4", "down -6.6"}; !cmp.Equal(outliers, want) || c.OutlierCount != 2 {
		t.Errorf("changes(...).Outliers = %q (%d), want %q", outliers, c.OutlierCount, want)
	}
	if c.Rises[0].Code != "far-up" || len(c.Rises) != topMoves || len(c.Falls) != 1 || c.Falls[0].Code != "down" {
		t.Errorf("changes(...): rises %v, falls %v", c.Rises, c.Falls)
	}
	if c.Changed != 22 || c.Compared != 22 {
		t.Errorf("changes(...): %d changed of %d, want 22 of 22", c.Changed, c.Compared)
	}
}

func TestQuantile(t *testing.T) {
	for _, tc := range []struct {
		xs   []float64
		q    float64
		want float64
	}{
		{[]float64{-10, 20, 35}, 0.25, 5},
		{[]float64{-10, 20, 35}, 0.75, 27.5},
		{[]float64{0, 1, 2, 2}, 0.25, 0.75},
		{[]float64{7}, 0.75, 7},
		{nil, 0.5, 0},
	} {
		if got := quantile(tc.xs, tc.q); got != tc.want {
			t.Errorf("quantile(%v, %g) = %g, want %g", tc.xs, tc.q, got, tc.want)
		}
	}
}

func TestThousands(t *testing.T) {
	for in, want := range map[string]string{"1741": "1,741", "122136069": "122,136,069", "-1234": "-1,234", "12": "12", "52.3": "52.3", "": "", "x1000": "x1000"} {
		if got := thousands(in); got != want {
			t.Errorf("thousands(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDifference(t *testing.T) {
	for _, tc := range []struct{ now, before, want string }{
		{"66.6", "44.0", "+22.6"},
		{"44.0", "44.0", "0.0"},
		{"40.0", "50.0", "-10.0"},
		{"12", "7", "+5"},
		{"", "44.0", ""},
		{"52.5", "x", ""},
	} {
		if got := difference(tc.now, tc.before); got != tc.want {
			t.Errorf("difference(%q, %q) = %q, want %q", tc.now, tc.before, got, tc.want)
		}
	}
}

func TestSummaryMarkdownCases(t *testing.T) {
	proc := Figure{Ratio: true, Unit: "%", Value: "45.4", Previous: "44.1", Numerator: "10367", Denominator: "22838", Counted: 1739,
		Formula: catalog.Text{Ja: "Σ オンライン化済み手続数 ÷ Σ 該当する手続数 × 100"}, Of: catalog.Text{Ja: "団体のオンライン化済み手続数"},
		Delta: catalog.Text{Ja: "手続", En: "procedures"}}
	total := Figure{Unit: "dispatches", Value: "1250", Previous: "1000", Numerator: "1250", Counted: 3, Delta: catalog.Text{Ja: "dispatches", En: "dispatches"}}
	for _, tc := range []struct {
		name string
		s    Summary
		want []string
	}{
		{"a percentage changes by points, a correction", Summary{Resource: "online-procedures-2025", AsOf: "2025-03-31", Expected: 2, Present: 2,
			Previous: "2025-03-31", Correction: true, Figure: &proc},
			[]string{"← 訂正前 / before 2025\\-03\\-31: 44\\.1 \\% (\\+1\\.3 ポイント \\/ points)"}},
		{"a total changes in its unit", Summary{Resource: "advisors-2027", Indicator: "advisors", AsOf: "2027-03-31", Previous: "2026-03-31", Figure: &total},
			[]string{"- **全国 / national: 1\\,250 dispatches** ← 前回 / previous 2026\\-03\\-31: 1\\,000 dispatches (\\+250 dispatches)", " = 1\\,250: 3 団体の行から計算"}},
		{"zero interquartile range", Summary{Resource: "online-procedures-2025", AsOf: "2025-03-31", Previous: "2025-03-31", Correction: true, Figure: &proc,
			Changes: &Changes{Of: "change", Compared: 10, Changed: 1, Low: "0", High: "0", OutlierCount: 1,
				Rises: []Move{{"013331", "北海道 知内町 (013331)", "1", "14", "+13"}}, Outliers: []Move{{"013331", "北海道 知内町 (013331)", "1", "14", "+13"}}}},
			[]string{"- **外れ値 / outliers: 1 団体** — 四分位範囲が 0 (ほとんどの団体は変化が 0) なので、そうでない団体すべて", "北海道 知内町 \\(013331\\) 1 → 14 (\\+13)\n"}},
		{"no code table", Summary{Resource: "r", AsOf: "2025-03-31", Rows: 3},
			[]string{"- 団体 / municipalities: 3 行 / rows (コード表を読めません / no code table)\n", "- 空欄 / blank cells: なし / none\n"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.s.markdown()
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("Summary.markdown() lacks %q:\n%s", w, got)
				}
			}
		})
	}
}
