package repo

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/ichiran-jp/ichiran/"

// TestLayers: dependencies run one way, down the layers. The engine
// imports only the engine; this package imports only the domain and the
// engine (nothing of the features above it, nor of GitHub).
func TestLayers(t *testing.T) {
	engine := []string{"tools/frictionless", "tools/tablecsv", "tools/strptime", "tools/jsondoc", "tools/profile", "tools/english"}
	below := append([]string{"tools/repo", "tools/catalog", "tools/lgcode", "tools/wareki", "tools/atomicfile", "tools/jatext"}, engine...)
	for _, tc := range []struct {
		pkgs, may []string
	}{
		{engine, engine},
		{[]string{"tools/repo"}, below},
	} {
		for _, pkg := range tc.pkgs {
			for _, imp := range imports(t, pkg) {
				if !slices.Contains(tc.may, imp) {
					t.Errorf("%s imports %s: a layer imports only the layers below it (%v)", pkg, imp, tc.may)
				}
			}
		}
	}
}

// imports lists the module's packages that the non-test files of pkg (a
// path from the module's root) import.
func imports(t *testing.T, pkg string) []string {
	t.Helper()
	dir := filepath.Join("..", "..", filepath.FromSlash(pkg))
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), filepath.Join(dir, name), nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, im := range f.Imports {
			p, _ := strconv.Unquote(im.Path.Value)
			if rest, ok := strings.CutPrefix(p, module); ok && !slices.Contains(out, rest) {
				out = append(out, rest)
			}
		}
	}
	return out
}
