package review

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ichiran-jp/ichiran/tools/frictionless"
	"github.com/ichiran-jp/ichiran/tools/repo"
)

func TestOverlay(t *testing.T) {
	base, dst := t.TempDir(), t.TempDir()
	for name, content := range map[string]string{
		"datapackage.json": "{}", "data/a.csv": "a\n1\n", "data/b.csv": "b\n", "data/x/c.csv": "c\n", "schemas/s.json": "{}",
		"schemas/embed.go": "package schemas", "schemas/profiles/p.json": "{}", "tools/t.go": "package t", "data/.d.csv.lock": "",
		"data/.work/w.csv": "w\n", "secret.csv": "TOPSECRET\n",
	} {
		p := filepath.Join(base, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte(content), 0o644)
	}
	// A link in the base is not data: neither it nor its target is copied.
	if err := os.Symlink("../secret.csv", filepath.Join(base, "data", "link.csv")); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
	r, err := repo.New(&frictionless.Package{Dir: base}, nil, nil, repo.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	blobs := map[string]string{"1": "a\n2\n", "2": "renamed\n", "3": "new\n", "4": "package evil", "5": `{"evil": true}`}
	var fetched []string
	fetch := func(sha string) ([]byte, error) {
		fetched = append(fetched, sha)
		b, ok := blobs[sha]
		if !ok {
			return nil, fs.ErrNotExist
		}
		return []byte(b), nil
	}
	changes := []Change{
		{Path: "data/a.csv", Status: "modified", SHA: "1"},
		{Path: "data/y/b.csv", Previous: "data/b.csv", Status: "renamed", SHA: "2"},
		{Path: "data/new.csv", Status: "added", SHA: "3"},
		{Path: "data/x/c.csv", Status: "removed"},
		{Path: "schemas/embed.go", Status: "modified", SHA: "4"},
		{Path: "schemas/profiles/p.json", Status: "modified", SHA: "5"},
		{Path: "tools/t.go", Status: "modified", SHA: "4"},
		{Path: "data/../tools/t.csv", Status: "added", SHA: "4"},
	}
	if err := Overlay(dst, r, changes, fetch); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	filepath.WalkDir(dst, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := os.ReadFile(p)
			rel, _ := filepath.Rel(dst, p)
			got[filepath.ToSlash(rel)] = string(b)
		}
		return nil
	})
	want := map[string]string{"datapackage.json": "{}", "data/a.csv": "a\n2\n", "data/y/b.csv": "renamed\n", "data/new.csv": "new\n", "schemas/s.json": "{}"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Overlay (-want +got):\n%s", diff)
	}
	sort.Strings(fetched)
	if strings.Join(fetched, ",") != "1,2,3" {
		t.Errorf("fetched %v: only the data's blobs should be", fetched)
	}

	// A blob that cannot be fetched is an error naming the file.
	err = Overlay(t.TempDir(), r, []Change{{Path: "data/z.csv", Status: "added", SHA: "9"}}, fetch)
	if !errors.Is(err, ErrOverlay) || !strings.Contains(err.Error(), "data/z.csv") {
		t.Errorf("Overlay with a missing blob: %v", err)
	}

	// A base whose descriptor is a link is refused.
	os.Rename(filepath.Join(base, "datapackage.json"), filepath.Join(base, "elsewhere.json"))
	os.Symlink("elsewhere.json", filepath.Join(base, "datapackage.json"))
	err = Overlay(t.TempDir(), r, nil, fetch)
	if !errors.Is(err, ErrOverlay) || !strings.Contains(err.Error(), "not a regular file") {
		t.Errorf("Overlay with a linked descriptor: %v", err)
	}
}
