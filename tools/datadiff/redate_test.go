package datadiff

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestRedatedFullSize reproduces issue 15 item 8 on the real code table:
// a 1 May 2021 file of all 1,741 municipalities, one row's date typed
// 2021-05-10 in head (and the reverse, the typo corrected). The diff is one
// change of that row's as_of cell, with no row added or removed and no
// "disappeared"; the correction, which puts the row at a date an edition
// already published, is flagged as an erratum.
func TestRedatedFullSize(t *testing.T) {
	codes := loadCodes(t, "../../data/local-governments.csv")
	cat := fixtureCatalog(t)
	rows := func(typo string) *Table {
		var rs []string
		for _, e := range codes.InForce(time.Date(2021, 5, 1, 0, 0, 0, 0, time.UTC)) {
			if !e.InScope() {
				continue
			}
			asOf := "2021-05-01"
			if e.Code == "112062" { // 行田市
				asOf = typo
			}
			rs = append(rs, fmt.Sprintf("%s,%s,500,50.0", e.Code, asOf))
		}
		if len(rs) != 1741 {
			t.Fatalf("%d municipalities, want 1,741", len(rs))
		}
		return card(rs...)
	}
	good, bad := rows("2021-05-01"), rows("2021-05-10")
	gyoda := "埼玉県 行田市 (112062)"
	for _, tc := range []struct {
		name       string
		base, head *Table
		old, new   string
		flags      []string
	}{
		{"typed", good, bad, "2021-05-01", "2021-05-10", nil},
		{"corrected", bad, good, "2021-05-10", "2021-05-01", []string{FlagErratum}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Compare(&Snapshot{Tables: []*Table{tc.base}, Codes: codes, Catalog: cat},
				&Snapshot{Tables: []*Table{tc.head}, Codes: codes, Catalog: cat}, Options{Now: now})
			if len(got.Resources) != 1 {
				t.Fatalf("Compare() = %d resources changed, want 1", len(got.Resources))
			}
			d := got.Resources[0]
			want := []RowChange{{Key: []string{"112062", tc.new}, Name: gyoda, Cells: []CellChange{{"as_of", tc.old, tc.new}}}}
			var flags []string
			for _, f := range got.Flags {
				flags = append(flags, f.Code)
			}
			if diff := cmp.Diff(want, d.Changed); diff != "" || len(d.Added) != 0 || len(d.Removed) != 0 || !cmp.Equal(flags, tc.flags) {
				t.Errorf("Compare() = %d added, %d removed, flags %v (want %v), changed (-want +got):\n%s", len(d.Added), len(d.Removed), flags, tc.flags, diff)
			}
		})
	}
}
