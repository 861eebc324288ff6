package repo

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/ichiran-jp/ichiran/tools/frictionless"
)

// TestFileRows: a file no resource declares is read as Rows reads a
// resource's; a missing file, a linked one and a bad line are errors that
// end the rows.
func TestFileRows(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{"data/a/2025.csv": "code,n\n011002,1\n", "data/a/bad.csv": "code,n\n\"011002,1\n", "secret.csv": "code,n\nTOPSECRET,1\n"}
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink("../../secret.csv", filepath.Join(dir, "data", "a", "2024.csv")); err != nil {
		t.Skip(err)
	}
	r := bare(t, &frictionless.Package{Dir: dir, Path: filepath.Join(dir, Descriptor)})
	var got [][]string
	for row, err := range r.FileRows("data/a/2025.csv") {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, row.Values)
	}
	if len(got) != 2 || got[0][0] != "code" || got[1][0] != "011002" {
		t.Errorf("FileRows = %q, want the header and one row", got)
	}
	for name, want := range map[string]error{"data/a/2026.csv": fs.ErrNotExist, "data/a/2024.csv": ErrNotRegular} {
		n := 0
		for _, err := range r.FileRows(name) {
			n++
			if !errors.Is(err, want) {
				t.Errorf("FileRows(%s): %v, want %v", name, err, want)
			}
		}
		if n != 1 {
			t.Errorf("FileRows(%s): %d yields, want one error", name, n)
		}
	}
	var rerr *ReadError
	for _, err := range r.FileRows("data/a/bad.csv") {
		if err != nil && !errors.As(err, &rerr) {
			t.Errorf("FileRows(bad.csv): %v, want a *ReadError", err)
		}
	}
	if rerr == nil || rerr.Line != 2 {
		t.Errorf("FileRows(bad.csv): %v, want a *ReadError on line 2", rerr)
	}
}
