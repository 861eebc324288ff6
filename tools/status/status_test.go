package status

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ichiran-jp/ichiran/tools/catalog"
	"github.com/ichiran-jp/ichiran/tools/repo"
)

// fixture is the small repository the domain checks use: two indicators,
// eleven code rows.
const fixture = "../repo/testdata/repo"

func TestCompute(t *testing.T) {
	r, err := repo.Open(fixture, repo.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	cat := r.Cat
	today := time.Date(2025, 6, 1, 15, 30, 0, 0, time.UTC)
	rep, err := Compute(r, 2025, today)
	if err != nil {
		t.Fatal(err)
	}
	want := &Report{Edition: 2025, EditionJa: "令和7年度版", Today: "2025-06-01", Deadline: "2025-06-30", DaysLeft: 29,
		Indicators: []Indicator{
			{ID: "mynumber-card", Title: cat.Indicators[0].Title, Ministry: cat.Indicators[0].Ministry, Status: catalog.Active,
				AsOf: "2025-05-01", File: "data/mynumber-card/2025.csv", Rows: 8, Covered: 3, Expected: 5},
			{ID: "data-plan", Title: cat.Indicators[1].Title, Ministry: cat.Indicators[1].Ministry, Status: catalog.Active,
				AsOf: "2025-03-31", File: "data/data-plan/2025.csv", Rows: 7, Covered: 7, Expected: 7, Complete: true},
		}}
	if diff := cmp.Diff(want, rep); diff != "" {
		t.Errorf("Compute(2025) (-want +got):\n%s", diff)
	}

	// An edition with no data file yet, after its deadline.
	rep, err = Compute(r, 2024, today)
	if err != nil {
		t.Fatal(err)
	}
	if rep.DaysLeft != -336 || rep.Indicators[0].File != "data/mynumber-card/2024.csv" || rep.Indicators[0].Rows != 0 {
		t.Errorf("Compute(2024) = days %d, file %s, rows %d; want -336, data/mynumber-card/2024.csv, 0", rep.DaysLeft, rep.Indicators[0].File, rep.Indicators[0].Rows)
	}

	var text, md bytes.Buffer
	if err := rep.WriteText(&text); err != nil {
		t.Fatal(err)
	}
	if err := rep.WriteMarkdown(&md); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"令和6年度版", "336 日過ぎています", "未提出 / no data yet"} {
		if !strings.Contains(text.String(), s) || !strings.Contains(md.String(), s) {
			t.Errorf("WriteText/WriteMarkdown lack %q:\n%s\n%s", s, text.String(), md.String())
		}
	}
}

// TestComputeRepository: on the repository's own data, each state is told
// apart — figures with their sources, no ministry figure available (with
// the reason), pending, not suited, not in this edition — and the 2019
// edition is due at the end of March 2020, as the paper says.
func TestComputeRepository(t *testing.T) {
	r, err := repo.Open("../..", repo.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	today := time.Date(2026, 12, 4, 0, 0, 0, 0, time.UTC)
	rep, err := Compute(r, 2025, today)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, r := range rep.Indicators {
		got[r.ID] = r.Status
		switch r.ID {
		case "mynaportal-procedures":
			if !r.Complete || len(r.Sources) != 1 || r.Sources[0].SHA256 != "aa94447b2567fa73d78dec6b05a187116fa18558a27888410f57aecd3548bf50" {
				t.Errorf("%s: complete %v, sources %+v; want 1,741 rows from the workbook", r.ID, r.Complete, r.Sources)
			}
		case "standard-systems":
			if r.Availability == nil {
				t.Errorf("%s: no reason given for the missing figures", r.ID)
			}
		}
	}
	want := map[string]string{"mynumber-card": catalog.Active, "mynaportal-procedures": catalog.Active, "standard-systems": NotAvailable,
		"dx-plan": catalog.Pending, "security": catalog.NotSuited, "open-data": catalog.Active}
	for id, w := range want {
		if got[id] != w {
			t.Errorf("Compute(2025) status of %s = %q, want %q", id, got[id], w)
		}
	}
	var b bytes.Buffer
	if err := rep.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"府省の数値を入手できていない / no ministry figure available yet", "出典 デジタル庁「国民の利便性の向上に資する手続等に係る各自治体のオンライン化状況一覧」(2026-01-20)"} {
		if !strings.Contains(b.String(), s) {
			t.Errorf("WriteText lacks %q", s)
		}
	}
	r2019, err := Compute(r, 2019, today)
	if err != nil {
		t.Fatal(err)
	}
	if r2019.Deadline != "2020-03-31" || r2019.DeadlineNote == nil {
		t.Errorf("Compute(2019) deadline %s, note %v; want 2020-03-31 with the paper's note", r2019.Deadline, r2019.DeadlineNote)
	}
}
