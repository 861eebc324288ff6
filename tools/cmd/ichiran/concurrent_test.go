package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
	"github.com/rogpeppe/go-internal/txtar"
)

// concurrentScript runs three `ichiran import` processes at once on the
// same repository and target, then checks the target is the one complete
// file, no temporary file is left, and the inputs are unchanged.
const concurrentScript = `# Three imports at once (real processes): one whole file, no temporary
# files, inputs untouched.
cp ugly.csv ugly.orig
cp datapackage.json datapackage.orig
cp data/local-governments.csv lg.orig
exec ichiran import --indicator mynumber-card --as-of 2025-05-01 ugly.csv &
exec ichiran import --indicator mynumber-card --as-of 2025-05-01 ugly.csv &
exec ichiran import --indicator mynumber-card --as-of 2025-05-01 ugly.csv &
wait
cmp data/mynumber-card/2025.csv want.csv
notemps data/mynumber-card
cmp ugly.csv ugly.orig
cmp datapackage.json datapackage.orig
cmp data/local-governments.csv lg.orig

# Failed imports at once (a workbook that is not there) change nothing.
! exec ichiran import --indicator mynumber-card --as-of 2025-05-01 missing.xlsx &
! exec ichiran import --indicator mynumber-card --as-of 2025-05-01 missing.xlsx &
wait
cmp data/mynumber-card/2025.csv want.csv
notemps data/mynumber-card
`

// concurrentDatesScript runs four `ichiran import` processes at once, each
// of its own as-of date, into the same year file: every date's rows must
// be there in the end (the read-merge-write is serialised by the target's
// lock file), and neither a temporary file nor the lock file is left.
const concurrentDatesScript = `# Four imports of different as-of dates at once (real processes) into one
# year file: the rows of all four dates, nothing left beside the file. The
# fixture's as-of rule is 1 May, so once the file has other dates' rows it
# fails the domain check after the write (exit 1, in whichever processes
# validate after another's write): any exit but 0 or 1 (a failure, such as
# the lock's timeout) fails the script, and the file is what counts.
[!exec:sh] skip 'needs sh to accept exit status 0 or 1'
exec sh -c 'ichiran import --indicator mynumber-card --as-of 2025-05-01 ugly.csv >out1; test $? -le 1' &
exec sh -c 'ichiran import --indicator mynumber-card --as-of 2025-06-01 ugly.csv >out2; test $? -le 1' &
exec sh -c 'ichiran import --indicator mynumber-card --as-of 2025-07-01 ugly.csv >out3; test $? -le 1' &
exec sh -c 'ichiran import --indicator mynumber-card --as-of 2025-08-01 ugly.csv >out4; test $? -le 1' &
wait
! stderr .
grep 'written: data/mynumber-card/2025.csv' out1
grep 'written: data/mynumber-card/2025.csv' out2
grep 'written: data/mynumber-card/2025.csv' out3
grep 'written: data/mynumber-card/2025.csv' out4
cmp data/mynumber-card/2025.csv want-dates.csv
notemps data/mynumber-card

# --dry-run takes no lock: a stale lock file does not stop it (exit 1 is the
# as-of rule again).
cp ugly.csv data/mynumber-card/.2025.csv.lock
! exec ichiran import --indicator mynumber-card --as-of 2025-09-01 --dry-run ugly.csv
stdout 'nothing written'
! stderr .
cmp data/mynumber-card/2025.csv want-dates.csv
rm data/mynumber-card/.2025.csv.lock
notemps data/mynumber-card
`

// concurrentDates are the as-of dates of concurrentDatesScript.
var concurrentDates = []string{"2025-05-01", "2025-06-01", "2025-07-01", "2025-08-01"}

// TestImportConcurrentProcesses builds its script from import.txtar's
// repository and files, so that the two stay in step.
func TestImportConcurrentProcesses(t *testing.T) {
	ar, err := txtar.ParseFile("testdata/script/import.txtar")
	if err != nil {
		t.Fatal(err)
	}
	keep := func(name string) bool {
		return name == "datapackage.json" || strings.HasPrefix(name, "schemas/") || strings.HasPrefix(name, "data/") ||
			name == "ugly.csv" || name == "want.csv"
	}
	out := &txtar.Archive{Comment: []byte(concurrentScript)}
	dates := &txtar.Archive{Comment: []byte(concurrentDatesScript)}
	for _, f := range ar.Files {
		if keep(f.Name) {
			out.Files = append(out.Files, f)
			dates.Files = append(dates.Files, f)
		}
		if f.Name == "want.csv" {
			dates.Files = append(dates.Files, txtar.File{Name: "want-dates.csv", Data: wantDates(f.Data, concurrentDates)})
		}
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "concurrent.txtar"), txtar.Format(out), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "concurrent-dates.txtar"), txtar.Format(dates), 0o644); err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{Dir: dir, Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
		// notemps DIR: no file in DIR but the canonical CSV files.
		"notemps": func(ts *testscript.TestScript, neg bool, args []string) {
			ents, err := os.ReadDir(ts.MkAbs(args[0]))
			ts.Check(err)
			for _, e := range ents {
				if strings.HasPrefix(e.Name(), ".") || !strings.HasSuffix(e.Name(), ".csv") {
					ts.Fatalf("%s: a file left: %s", args[0], e.Name())
				}
			}
		},
	}})
}

// wantDates is want.csv (all rows as of 2025-05-01) with its rows repeated
// for each of dates, in the canonical order: by code, then as-of date.
func wantDates(want []byte, dates []string) []byte {
	lines := strings.Split(strings.TrimSpace(string(want)), "\n")
	var rows []string
	for _, l := range lines[1:] {
		for _, d := range dates {
			rows = append(rows, strings.Replace(l, ",2025-05-01,", ","+d+",", 1))
		}
	}
	slices.Sort(rows) // code then as_of: both fixed width, leading the line
	return []byte(lines[0] + "\n" + strings.Join(rows, "\n") + "\n")
}
