package repo

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ichiran-jp/ichiran/tools/english"
	"github.com/ichiran-jp/ichiran/tools/lgcode"
)

// copyDir copies the files of dir into a new temporary directory.
func copyDir(t *testing.T, dir string) string {
	t.Helper()
	out := t.TempDir()
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(out, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(out, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestMistypedDate reproduces issue 15 item 8 at full size: the 1,741
// municipalities of the real table on 2021-05-01, one of them typed
// 2021-05-10. The row is one error, as-of-rule, which names the date it
// was meant for; there is no coverage error, neither "1,740 local
// governments have no row for 2021-05-10" nor the one missing on
// 2021-05-01. 一つの誤りに一つのエラー。
func TestMistypedDate(t *testing.T) {
	tests := []struct {
		name    string
		typo    string // the as-of date of 131016's row
		other   string // another row of 131016, if any
		want    string // the code of the one error
		hint    bool   // whether it names 2021-05-01
		missing int    // local governments missing on 2021-05-01
	}{
		{"day", "2021-05-10", "", CodeAsOfRule, true, 0},
		{"year", "2020-05-01", "", CodeFileYear, true, 0},
		{"twice", "2021-05-10", "2021-06-01", CodeAsOfRule, false, 1}, // two strays of one code: which was meant?
		{"extra", "2021-05-10", "2021-05-01", CodeAsOfRule, false, 0}, // a duplicate at a wrong date: no gap to explain
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := copyDir(t, "testdata/repo")
			table, err := os.ReadFile("../../data/local-governments.csv")
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "data", "local-governments.csv"), table, 0o644); err != nil {
				t.Fatal(err)
			}
			desc, err := os.ReadFile(filepath.Join(dir, "datapackage.json"))
			if err != nil {
				t.Fatal(err)
			}
			desc = []byte(strings.ReplaceAll(string(desc), "mynumber-card-2025", "mynumber-card-2021"))
			desc = []byte(strings.ReplaceAll(string(desc), "mynumber-card/2025.csv", "mynumber-card/2021.csv"))
			if err := os.WriteFile(filepath.Join(dir, "datapackage.json"), desc, 0o644); err != nil {
				t.Fatal(err)
			}
			tab := loadCodes(t, filepath.Join(dir, "data", "local-governments.csv"))
			var b strings.Builder
			b.WriteString("code,as_of,population,population_date,issued,rate\n")
			n, line := 0, 0
			for _, e := range tab.InForce(time.Date(2021, 5, 1, 0, 0, 0, 0, time.UTC)) {
				if !e.InScope() {
					continue
				}
				n++
				asOf := "2021-05-01"
				if e.Code == "131016" {
					asOf, line = tt.typo, n+1
					if tt.other != "" {
						fmt.Fprintf(&b, "%s,%s,1000,2020-01-01,500,50.0\n", e.Code, tt.other)
						line++
					}
				}
				fmt.Fprintf(&b, "%s,%s,1000,2020-01-01,500,50.0\n", e.Code, asOf)
			}
			if n != 1741 {
				t.Fatalf("%d municipalities on 2021-05-01, want 1,741", n)
			}
			file := filepath.Join(dir, "data", "mynumber-card", "2021.csv")
			if err := os.WriteFile(file, []byte(b.String()), 0o644); err != nil {
				t.Fatal(err)
			}
			c := checker(t, dir)
			c.Resources = []string{"mynumber-card-2021"}
			errs, err := c.Check(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			var strays, coverage []string
			for _, e := range errs {
				switch e.Code {
				case CodeCoverage:
					coverage = append(coverage, e.Message())
				default:
					strays = append(strays, fmt.Sprintf("%s row %d: %s", e.Code, e.Row, e.Message()))
				}
			}
			wantStrays := 1
			if tt.other != "" && tt.other != "2021-05-01" {
				wantStrays = 2
			}
			if len(strays) != wantStrays || !strings.HasPrefix(strays[len(strays)-1], fmt.Sprintf("%s row %d:", tt.want, line)) {
				t.Errorf("Check() = %q, want %d error(s), the last %s at row %d", strays, wantStrays, tt.want, line)
			}
			if hint := len(strays) > 0 && strings.Contains(strays[len(strays)-1], "2021-05-01 was probably meant"); hint != tt.hint {
				t.Errorf("Check() = %q, names 2021-05-01: %v, want %v", strays, hint, tt.hint)
			}
			switch {
			case tt.missing == 0 && len(coverage) > 0:
				t.Errorf("Check() coverage errors = %q, want none", coverage)
			case tt.missing > 0 && (len(coverage) != 1 || !strings.Contains(coverage[0], english.Count(tt.missing, "local government has", "local governments have")+" no row for 2021-05-01")):
				t.Errorf("Check() coverage errors = %q, want %d missing on 2021-05-01", coverage, tt.missing)
			}
		})
	}
}

// loadCodes reads a code table file.
func loadCodes(t *testing.T, path string) *lgcode.Table {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	tab, err := lgcode.Load(f)
	if err != nil {
		t.Fatal(err)
	}
	return tab
}
