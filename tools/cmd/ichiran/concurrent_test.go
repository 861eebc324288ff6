package main

import (
	"os"
	"path/filepath"
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
cmp data/local-governments.csv lg.orig
# datapackage.json gains the file's resource and provenance, once.
grep -count=1 '"path": "data/mynumber-card/2025.csv"' datapackage.json
grep -count=1 '"provenance"' datapackage.json

# Failed imports at once (a workbook that is not there) change nothing.
! exec ichiran import --indicator mynumber-card --as-of 2025-05-01 missing.xlsx &
! exec ichiran import --indicator mynumber-card --as-of 2025-05-01 missing.xlsx &
wait
cmp data/mynumber-card/2025.csv want.csv
notemps data/mynumber-card
`

// concurrentDatesScript runs four `ichiran import` processes at once, each
// of its own as-of date, into the same year file: only 1 May is a date of
// the indicator's editions, so the other three are refused by the as-of
// rule before they write anything (exit 1), whatever the order; the 1 May
// import is written whole, and neither a temporary file nor a lock file is
// left.
const concurrentDatesScript = `# Four imports of different as-of dates at once (real processes) into one
# year file: only the one of the rule's date (1 May) is written; the others
# are refused before writing. Any exit but 0 or 1 (a failure, such as the
# lock's timeout) fails the script.
[!exec:sh] skip 'needs sh to accept exit status 0 or 1'
exec sh -c 'ichiran import --indicator mynumber-card --as-of 2025-05-01 ugly.csv >out1; test $? -le 1' &
exec sh -c 'ichiran import --indicator mynumber-card --as-of 2025-06-01 ugly.csv >out2; test $? -le 1' &
exec sh -c 'ichiran import --indicator mynumber-card --as-of 2025-07-01 ugly.csv >out3; test $? -le 1' &
exec sh -c 'ichiran import --indicator mynumber-card --as-of 2025-08-01 ugly.csv >out4; test $? -le 1' &
wait
! stderr .
grep 'written: data/mynumber-card/2025.csv' out1
grep 'nothing written' out2
grep 'as-of-rule' out2
grep 'nothing written' out3
grep 'nothing written' out4
cmp data/mynumber-card/2025.csv want.csv
notemps data/mynumber-card

# --dry-run takes no lock: a stale lock file does not stop it (exit 1 is the
# as-of rule again).
cp ugly.csv data/mynumber-card/.2025.csv.lock
! exec ichiran import --indicator mynumber-card --as-of 2025-09-01 --dry-run ugly.csv
stdout 'nothing written'
! stderr .
cmp data/mynumber-card/2025.csv want.csv
rm data/mynumber-card/.2025.csv.lock
notemps data/mynumber-card
`

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
