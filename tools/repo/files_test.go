package repo

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/ichiran-jp/ichiran/tools/frictionless"
)

// TestFiles: the regular files under a folder, and nothing reached through
// a symbolic link, whether the link is a file, a folder below, or the
// folder asked for.
func TestFiles(t *testing.T) {
	dir := t.TempDir()
	outside := t.TempDir()
	for _, f := range []string{"data/a/2025.csv", "data/.lock", "data/b/notes.md", "schemas/a.json"} {
		p := filepath.Join(dir, filepath.FromSlash(f))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("code\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(outside, "secret.csv"), []byte("code\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for link, target := range map[string]string{"data/a/2026.csv": filepath.Join(outside, "secret.csv"), "data/c": outside, "linked": outside} {
		if err := os.Symlink(target, filepath.Join(dir, filepath.FromSlash(link))); err != nil {
			t.Skipf("no symbolic links here: %v", err)
		}
	}
	r := bare(t, &frictionless.Package{Dir: dir})
	for _, tc := range []struct {
		dir  string
		want []string
	}{
		{"data", []string{"data/.lock", "data/a/2025.csv", "data/b/notes.md"}},
		{"data/a", []string{"data/a/2025.csv"}},
		{"data/c", nil},
		{"linked", nil},
		{"missing", nil},
		{"data/a/2025.csv", nil}, // not a folder
	} {
		got, err := r.Files(tc.dir)
		if err != nil {
			t.Errorf("Files(%q): %v", tc.dir, err)
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("Files(%q) (-want +got):\n%s", tc.dir, diff)
		}
	}
	if _, err := r.Files("../x"); err == nil {
		t.Errorf("Files(../x): no error")
	}
}
