package status

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/ichiran-jp/ichiran/tools/catalog"
	"github.com/ichiran-jp/ichiran/tools/frictionless"
	"github.com/ichiran-jp/ichiran/tools/lgcode"
)

// fixture is the small repository the domain checks use: two indicators,
// eleven code rows.
const fixture = "../domaincheck/testdata/repo"

func TestCompute(t *testing.T) {
	p, errs, err := frictionless.LoadPackage(filepath.Join(fixture, "datapackage.json"))
	if err != nil || len(errs) > 0 {
		t.Fatalf("LoadPackage = %v, %v", errs, err)
	}
	cat, err := catalog.Load(filepath.Join(fixture, "datapackage.json"))
	if err != nil {
		t.Fatal(err)
	}
	codes, err := lgcode.LoadFile(filepath.Join(fixture, "data", "local-governments.csv"))
	if err != nil {
		t.Fatal(err)
	}
	today := time.Date(2025, 6, 1, 15, 30, 0, 0, time.UTC)
	rep, err := Compute(p, cat, codes, 2025, today)
	if err != nil {
		t.Fatal(err)
	}
	want := &Report{Edition: 2025, EditionJa: "令和7年度版", Today: "2025-06-01", Deadline: "2025-06-30", DaysLeft: 29,
		Indicators: []Indicator{
			{ID: "mynumber-card", Title: cat.Indicators[0].Title, Ministry: cat.Indicators[0].Ministry, Status: catalog.Active,
				AsOf: "2025-05-01", File: "data/mynumber-card/2025.csv", Rows: 7, Covered: 2, Expected: 5},
			{ID: "data-plan", Title: cat.Indicators[1].Title, Ministry: cat.Indicators[1].Ministry, Status: catalog.Active,
				AsOf: "2025-03-31", File: "data/data-plan/2025.csv", Rows: 7, Covered: 7, Expected: 7, Complete: true},
		}}
	if diff := cmp.Diff(want, rep); diff != "" {
		t.Errorf("Compute(2025) (-want +got):\n%s", diff)
	}

	// An edition with no data file yet, after its deadline.
	rep, err = Compute(p, cat, codes, 2024, today)
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
