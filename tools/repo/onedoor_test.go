package repo

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// opening are the calls that reach a file by its name.
var opening = map[string][]string{
	"os":       {"Open", "OpenFile", "ReadFile", "Stat", "Lstat", "OpenRoot", "OpenInRoot", "ReadDir", "Create", "WriteFile", "DirFS"},
	"filepath": {"Walk", "WalkDir", "Glob"},
}

// allowed are the calls outside this package that open files which are
// not the repository's: a command's own output, a file the user names
// that is not in the repository, a downloaded bundle, generated test
// material. Each says why; an entry that no longer matches fails the test,
// so the list cannot go stale.
var allowed = map[string]string{
	"tools/atomicfile/atomicfile.go: os.Lstat":            "the atomic writer itself, which repo.WriteFile calls",
	"tools/bundle/sqlite.go: os.ReadFile":                 "the SQLite database the bundle has just written in a temporary folder",
	"tools/bundle/verify.go: os.Stat":                     "ichiran verify: a downloaded bundle, not the repository",
	"tools/bundle/verify.go: os.DirFS":                    "ichiran verify: a downloaded bundle, not the repository",
	"tools/site/out.go: os.WriteFile":                     "the site's output folder",
	"tools/workflowcheck/workflowcheck.go: os.ReadFile":   "the workflows under .github/, not the data package; read by its own test",
	"tools/workflowcheck/workflowcheck.go: filepath.Glob": "the workflows under .github/, not the data package; read by its own test",
	"tools/cmd/ichiran/site.go: os.ReadFile":              "the releases' JSON named by -releases (output of ichiran release -list)",
	"tools/cmd/ichiran/release.go: os.Stat":               "the bundle files to upload (output of ichiran build)",
	"tools/cmd/ichiran/release.go: os.ReadDir":            "the bundle folder to upload (output of ichiran build)",
	"tools/cmd/ichiran/release.go: os.ReadFile":           "the release notes and bundle files to upload",
	"tools/cmd/ichiran/validate.go: os.Stat":              "whether the user's argument is a folder, a descriptor or a lone CSV file, before the engine opens it",
	"tools/cmd/benchreport/main.go: os.Stat":              "the benchmark tool: finds the module's root",
	"tools/cmd/benchreport/main.go: os.ReadFile":          "the benchmark tool: /proc/loadavg",
	"tools/cmd/benchreport/main.go: filepath.WalkDir":     "the benchmark tool: sums the sizes of data/ for its report",
	"tools/benchdata/benchdata.go: os.WriteFile":          "generated benchmark material in a temporary folder",
	"tools/benchdata/benchdata.go: os.Create":             "generated benchmark material in a temporary folder",
	"tools/benchdata/benchdata.go: os.Open":               "generated benchmark material in a temporary folder",
	"tools/github/release.go: os.Stat":                    "the bundle files a release uploads",
	"tools/github/release.go: os.Open":                    "the bundle files a release uploads",
	"tools/importer/source.go: os.Stat":                   "the ministry's source file the user names, opened as a regular file",
	"tools/importer/source.go: os.Open":                   "the ministry's source file the user names, opened as a regular file",
	"tools/importer/source_read.go: os.WriteFile":         "a temporary copy of the source for the workbook reader",
	"tools/cmd/ichiran/import.go: os.Stat":                "says \"no such file\" for the ministry's source file the user names",
	"tools/cmd/ichiran/release.go: filepath.Glob":         "finds the bundle files to upload (output of ichiran build)",
	"tools/cmd/ichiran/review.go: os.Stat":                "whether the user's argument is a folder or a descriptor, to say \"no such file\" before opening",
	"tools/cmd/ichiran/review.go: os.Open":                "the GitHub event file and the report files the workflow hands over, not the repository",
	"tools/cmd/ichiran/review.go: os.OpenFile":            "appends to the job summary ($GITHUB_STEP_SUMMARY)",
	"tools/cmd/ichiran/review.go: os.Lstat":               "refuses a link in place of a report file the workflow hands over",
	"tools/cmd/lgcodegen/main.go: filepath.Glob":          "the npm tarball of the code list, made in a temporary folder",
	"tools/cmd/lgcodegen/main.go: os.ReadFile":            "the npm tarball of the code list, not a repository file",
	"tools/datadiff/load.go: os.WriteFile":                "materialises a git revision into a temporary folder, then opened through repo",
	"tools/importer/import.go: os.WriteFile":              "the dry run's temporary copy, then opened through repo",
	"tools/importer/lock.go: os.OpenFile":                 "the import's lock: an O_EXCL create, which an atomic replace cannot be",
	"tools/importer/lock.go: os.Lstat":                    "reads who holds a lock, from a regular file only",
	"tools/importer/lock.go: os.Open":                     "reads who holds a lock, from a regular file only (256 bytes)",
	"tools/review/overlay.go: os.WriteFile":               "the overlay of a pull request's data in a temporary folder, then opened through repo",
	"tools/site/sitefixture/fixture.go: os.ReadFile":      "builds the site tests' fixture repository in a temporary folder",
	"tools/site/sitefixture/fixture.go: os.WriteFile":     "builds the site tests' fixture repository in a temporary folder",
	"tools/site/sitefixture/fixture.go: filepath.WalkDir": "builds the site tests' fixture repository in a temporary folder",
}

// TestOneDoor: outside this package and the engine (tools/frictionless,
// which confines its own reads to an os.Root the same way), no Go file
// opens a file by name except for the reasons listed in allowed; and the
// code table's resource name is a string literal in repo.go alone (prose
// such as a command's usage may mention it).
func TestOneDoor(t *testing.T) {
	root := filepath.Join("..", "..")
	seen := map[string]bool{}
	var spelled []string
	err := filepath.WalkDir(filepath.Join(root, "tools"), func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if rel == "tools/frictionless" || d.Name() == "testdata" {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(rel, ".go") || strings.HasSuffix(rel, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), p, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		imports := map[string]string{} // local name → import path
		for _, im := range f.Imports {
			path, _ := strconv.Unquote(im.Path.Value)
			name := filepath.Base(path)
			if im.Name != nil {
				name = im.Name.Name
			}
			imports[name] = path
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.BasicLit:
				if n.Kind == token.STRING && n.Value == strconv.Quote(CodesResource) && rel != "tools/repo/repo.go" {
					spelled = append(spelled, rel)
				}
			case *ast.CallExpr:
				sel, ok := n.Fun.(*ast.SelectorExpr)
				if !ok {
					return true
				}
				x, ok := sel.X.(*ast.Ident)
				if !ok {
					return true
				}
				pkg := filepath.Base(imports[x.Name])
				if !slices.Contains(opening[pkg], sel.Sel.Name) || strings.HasPrefix(rel, "tools/repo/") {
					return true
				}
				key := rel + ": " + pkg + "." + sel.Sel.Name
				seen[key] = true
				if _, ok := allowed[key]; !ok {
					t.Errorf("%s calls %s.%s: open the repository's files through tools/repo (or add the call to allowed, with the reason it is not a repository file)", rel, pkg, sel.Sel.Name)
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for key := range allowed {
		if !seen[key] {
			t.Errorf("allowed lists %q, which no file calls any more: remove it", key)
		}
	}
	if len(spelled) > 0 {
		t.Errorf("%q is spelled outside tools/repo/repo.go, in %v: use repo.CodesResource", CodesResource, spelled)
	}
}
