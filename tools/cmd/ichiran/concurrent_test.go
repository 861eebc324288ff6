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
cmp datapackage.json datapackage.orig
cmp data/local-governments.csv lg.orig

# Failed imports at once (a workbook that is not there) change nothing.
! exec ichiran import --indicator mynumber-card --as-of 2025-05-01 missing.xlsx &
! exec ichiran import --indicator mynumber-card --as-of 2025-05-01 missing.xlsx &
wait
cmp data/mynumber-card/2025.csv want.csv
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
	for _, f := range ar.Files {
		if keep(f.Name) {
			out.Files = append(out.Files, f)
		}
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "concurrent.txtar"), txtar.Format(out), 0o644); err != nil {
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
