package benchdata_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ichiran-jp/ichiran/tools/benchdata"
	"github.com/ichiran-jp/ichiran/tools/frictionless"
	"github.com/ichiran-jp/ichiran/tools/lgcode"
)

func TestCodes(t *testing.T) {
	codes := benchdata.Codes(benchdata.RefRows)
	if !slices.IsSorted(codes) || len(slices.Compact(slices.Clone(codes))) != len(codes) {
		t.Errorf("Codes(%d) are not distinct and increasing", benchdata.RefRows)
	}
	for _, c := range codes {
		if d, err := lgcode.CheckDigit(c[:5]); err != nil || d != c[5] {
			t.Errorf("Codes: %s has check digit %c, want %c (%v)", c, c[5], d, err)
		}
	}
}

// TestWrite checks that every generated descriptor is valid, so that a
// benchmark measures validation and not the reporting of errors, and that
// the floor reads both tables.
func TestWrite(t *testing.T) {
	dir := t.TempDir()
	const rows = 5000
	if err := benchdata.Write(dir, rows); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"datapackage.json", "unsorted.json", "nokeys.json"} {
		rep, err := frictionless.Validate(context.Background(), filepath.Join(dir, name), frictionless.Options{})
		if err != nil {
			t.Fatal(err)
		}
		last := rep.Resources[len(rep.Resources)-1]
		if !rep.Valid || last.Rows != rows {
			t.Errorf("Validate(%s) = valid %v, %d rows, errors %v; want valid, %d rows", name, rep.Valid, last.Rows, rep.Errors, rows)
		}
	}
	for _, name := range []string{"data.csv", "unsorted.csv"} {
		if err := benchdata.Floor(filepath.Join(dir, name)); err != nil {
			t.Errorf("Floor(%s) = %v, want nil", name, err)
		}
	}
	sorted := lines(t, filepath.Join(dir, "data.csv"))
	unsorted := lines(t, filepath.Join(dir, "unsorted.csv"))
	// Code and date have fixed widths: lines in key order sort as text.
	if body := sorted[1 : len(sorted)-1]; !slices.IsSorted(body) {
		t.Errorf("data.csv is not in key order (code, as_of)")
	}
	if slices.Equal(sorted, unsorted) {
		t.Errorf("data.csv and unsorted.csv are in the same order, want unsorted.csv out of key order")
	}
	slices.Sort(sorted)
	slices.Sort(unsorted)
	if !slices.Equal(sorted, unsorted) {
		t.Errorf("data.csv and unsorted.csv hold different rows (%d and %d lines), want the same", len(sorted), len(unsorted))
	}
}

func lines(t *testing.T, name string) []string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(string(b), "\n")
}

func TestFloorFails(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "bad.csv")
	if err := os.WriteFile(bad, []byte("code,as_of,population,issued,rate,note\n011002,2020-01-01,x,1,1.0,a\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := benchdata.Floor(bad); err == nil {
		t.Errorf("Floor(a population of x) = nil, want an error")
	}
}
