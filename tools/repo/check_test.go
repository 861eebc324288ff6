package repo

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/ichiran-jp/ichiran/tools/frictionless"
)

var update = flag.Bool("update", false, "rewrite testdata/check.txt")

// checker opens the repository in dir and returns its domain checks,
// run as of the 2027 edition.
func checker(t *testing.T, dir string) *testChecker {
	t.Helper()
	r, err := Open(dir, Limits{})
	if err != nil {
		t.Fatalf("Open(%s) = %v", dir, err)
	}
	t.Cleanup(func() { r.Close() })
	return &testChecker{Repository: r}
}

type testChecker struct {
	*Repository
	Resources []string
}

func (c *testChecker) Check(ctx context.Context) ([]*frictionless.Error, error) {
	return c.Repository.Check(ctx, CheckOptions{LastEdition: 2027, Resources: c.Resources})
}

// TestCheck runs every domain check on a small repository whose card data
// breaks each rule once; the data-plan data breaks none.
func TestCheck(t *testing.T) {
	c := checker(t, "testdata/repo")
	errs, err := c.Check(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, e := range errs {
		rel, _ := filepath.Rel("testdata/repo", e.Path)
		fmt.Fprintf(&b, "%s resource=%s row=%d field=%d:%s at %s:%d\n\t%s\n", e.Code, e.Resource, e.Row, e.FieldNumber, e.Field, filepath.ToSlash(rel), e.Line, e.Message())
	}
	got := b.String()
	golden := "testdata/check.txt"
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("Check() (-want +got):\n%s", diff)
	}
	// Each check fires, on the row meant for it, and names the municipality.
	wantCodes := []struct {
		code string
		row  int
		name string
	}{
		{CodeCheckDigit, 3, "011003"},
		{CodeNotInForce, 4, "那珂川町"},
		{CodeOutOfScope, 5, "中央区"},
		{CodeOutOfScope, 6, "泊村"},
		{CodeOutOfScope, 7, "北海道"},
		{CodeInconsistent, 8, "千代田区"},
		{CodeAsOfRule, 9, "2025-06-01"},
		{CodeFileYear, 10, "2024"},
		{CodeCoverage, 0, "那珂川市"},
		{CodeImpossible, 11, "泊村"},
	}
	for _, w := range wantCodes {
		found := false
		for _, e := range errs {
			if e.Code == w.code && e.Row == w.row && strings.Contains(e.Message(), w.name) && e.Resource == "mynumber-card-2025" {
				found = true
			}
		}
		if !found {
			t.Errorf("Check() has no %s at row %d naming %s", w.code, w.row, w.name)
		}
	}
	for _, e := range errs {
		if e.Resource == "data-plan-2025" {
			t.Errorf("Check() reported %v on data-plan-2025, which is complete and in scope", e)
		}
	}
}
