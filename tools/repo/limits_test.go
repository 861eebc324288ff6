package repo

import (
	"context"
	"testing"
)

// TestLimits: the domain checks keep the engine's limits — a file larger
// than MaxFileBytes is not read at all, and no more than MaxRows rows of a
// file are — so that their memory stays within what the limits allow.
func TestLimits(t *testing.T) {
	tests := []struct {
		name     string
		maxBytes int64
		maxRows  int
		want     func(n int) bool
	}{
		{"no limit", 0, 0, func(n int) bool { return n > 5 }},
		{"files too large are not read", 10, 0, func(n int) bool { return n == 0 }},
		{"two rows of each file", 0, 2, func(n int) bool { return n > 0 }},
	}
	var all int
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := checker(t, "testdata/repo")
			c.Limits.MaxFileBytes, c.Limits.MaxRows = tt.maxBytes, tt.maxRows
			errs, err := c.Check(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			rowErrs := 0
			for _, e := range errs {
				if e.Row > 0 {
					rowErrs++
				}
				if tt.maxRows > 0 && e.Row > tt.maxRows+1 {
					t.Errorf("MaxRows %d: an error at row %d: %s", tt.maxRows, e.Row, e.Error())
				}
			}
			if !tt.want(rowErrs) {
				t.Errorf("Check() with MaxFileBytes %d, MaxRows %d: %d row errors", tt.maxBytes, tt.maxRows, rowErrs)
			}
			if tt.name == "no limit" {
				all = rowErrs
			} else if rowErrs >= all && all > 0 {
				t.Errorf("the limits did not narrow the checks: %d row errors, %d without them", rowErrs, all)
			}
		})
	}
}

// TestMaxErrors: the checks of a file stop at MaxErrors errors, as the
// engine's do, and then report no gaps (not every row was read).
func TestMaxErrors(t *testing.T) {
	for _, max := range []int{1, 2, 5} {
		c := checker(t, "testdata/repo")
		errs, err := c.Repository.Check(context.Background(), CheckOptions{LastEdition: 2027, MaxErrors: max})
		if err != nil {
			t.Fatal(err)
		}
		perFile := map[string]int{}
		for _, e := range errs {
			perFile[e.Resource]++
			if e.Code == CodeCoverage && perFile[e.Resource] >= max {
				t.Errorf("Check(MaxErrors %d) reports a gap after stopping: %v", max, e)
			}
		}
		for res, n := range perFile {
			if n > max {
				t.Errorf("Check(MaxErrors %d) = %d errors in %s, want at most %d", max, n, res, max)
			}
		}
		if perFile["mynumber-card-2025"] != max {
			t.Errorf("Check(MaxErrors %d) = %d errors in mynumber-card-2025, want %d", max, perFile["mynumber-card-2025"], max)
		}
	}
}
