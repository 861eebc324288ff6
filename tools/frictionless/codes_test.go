package frictionless

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden want.txt files under testdata/")

// describe renders errors for a golden file: for each, the code, row, field
// (and label) and position, then the message.
func describe(rep *Report, dir string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "valid=%v\n", rep.Valid)
	for _, e := range rep.Errors {
		path, err := filepath.Rel(dir, e.Path)
		if err != nil {
			path = e.Path
		}
		label := ""
		if e.Label != "" {
			label = " label=" + e.Label
		}
		fmt.Fprintf(&b, "%s resource=%s row=%d field=%d:%s%s at %s:%d:%d\n\t%s\n", e.Code, e.Resource, e.Row, e.FieldNumber, e.Field, label, filepath.ToSlash(path), e.Line, e.Col, e.Message())
	}
	for _, r := range rep.Resources {
		if r.Stopped || r.Skipped {
			fmt.Fprintf(&b, "resource %s stopped=%v skipped=%v\n", r.Name, r.Stopped, r.Skipped)
		}
	}
	return b.String()
}

// TestErrorCodes validates each package under testdata/codes (one or more
// per error code) and compares what it reports with its want.txt. Run with
// -update to rewrite them, then read the diff.
func TestErrorCodes(t *testing.T) {
	dirs, err := filepath.Glob("testdata/codes/*")
	if err != nil {
		t.Fatal(err)
	}
	if len(dirs) == 0 {
		t.Fatal("no fixtures under testdata/codes")
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			opt := Options{}
			if b, err := os.ReadFile(filepath.Join(dir, "max-errors")); err == nil {
				fmt.Sscan(string(b), &opt.MaxErrors)
			}
			rep, err := Validate(context.Background(), filepath.Join(dir, "datapackage.json"), opt)
			if err != nil {
				t.Fatalf("Validate(%s) failed: %v", dir, err)
			}
			got := describe(rep, dir)
			golden := filepath.Join(dir, "want.txt")
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(string(want), got); diff != "" {
				t.Errorf("Validate(%s) (-want +got):\n%s", dir, diff)
			}
			// Every fixture exists to show a problem, and names its code.
			code, _, _ := strings.Cut(filepath.Base(dir), ".")
			if !strings.Contains(got, "\n"+code+" ") {
				t.Errorf("Validate(%s) did not report %s:\n%s", dir, code, got)
			}
		})
	}
}
