package repo

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/ichiran-jp/ichiran/tools/frictionless"
)

// TestUndeclared: every CSV under data/ that no resource declares is one
// error; declared files, hidden files (an import's lock) and other files
// are not; a package without data/ has none.
func TestUndeclared(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"data/a/2025.csv", "data/a/2026.csv", "data/a/.2026.csv.lock", "data/.hidden/x.csv", "data/b/notes.md", "data/B/2024.CSV"} {
		p := filepath.Join(dir, filepath.FromSlash(f))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("code\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	pkg := &frictionless.Package{Dir: dir, Path: filepath.Join(dir, "datapackage.json"),
		Resources: []*frictionless.Resource{{Name: "a-2025", Paths: []string{"data/a/2025.csv"}}}}
	errs, err := bare(t, pkg).Undeclared()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range errs {
		if e.Code != CodeUndeclared || e.Path != pkg.Path {
			t.Errorf("Undeclared() error %+v: code %s at %s, want %s at %s", e, e.Code, e.Path, CodeUndeclared, pkg.Path)
		}
		got = append(got, e.En)
	}
	want := []string{
		"data/B/2024.CSV is a CSV file no resource declares: import it with ichiran import (which declares it), or add it to resources in datapackage.json",
		"data/a/2026.csv is a CSV file no resource declares: import it with ichiran import (which declares it), or add it to resources in datapackage.json",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Undeclared() (-want +got):\n%s", diff)
	}
	if errs, err := bare(t, &frictionless.Package{Dir: t.TempDir()}).Undeclared(); err != nil || len(errs) != 0 {
		t.Errorf("Undeclared(no data/) = %v, %v; want none", errs, err)
	}
}

// bare is a Repository of a package alone, without catalogue or codes.
func bare(t *testing.T, pkg *frictionless.Package) *Repository {
	t.Helper()
	r, err := New(pkg, nil, nil, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}
