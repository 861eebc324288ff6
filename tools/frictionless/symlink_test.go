package frictionless

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A data file that is a symbolic link is refused, even when its target is
// inside the package, and nothing of the target is read.
func TestSymlinkRefused(t *testing.T) {
	for _, tc := range []struct {
		name string
		link func(dir string) error
	}{
		{"file link inside the package", func(dir string) error {
			return os.Symlink("secret.csv", filepath.Join(dir, "data.csv"))
		}},
		{"folder link", func(dir string) error {
			if err := os.Mkdir(filepath.Join(dir, "real"), 0o755); err != nil {
				return err
			}
			if err := os.Rename(filepath.Join(dir, "secret.csv"), filepath.Join(dir, "real", "data.csv")); err != nil {
				return err
			}
			return os.Symlink("real", filepath.Join(dir, "sub"))
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "secret.csv"), []byte("id\nTOPSECRET\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := tc.link(dir); err != nil {
				t.Skipf("no symbolic links here: %v", err)
			}
			p := "data.csv"
			if tc.name == "folder link" {
				p = "sub/data.csv"
			}
			desc := `{"resources":[{"name":"r","path":"` + p + `","schema":{"fields":[{"name":"id","type":"integer"}]}}]}`
			if err := os.WriteFile(filepath.Join(dir, "datapackage.json"), []byte(desc), 0o644); err != nil {
				t.Fatal(err)
			}
			rep, err := Validate(context.Background(), filepath.Join(dir, "datapackage.json"), Options{})
			if err != nil {
				t.Fatal(err)
			}
			if len(rep.Errors) != 1 {
				t.Fatalf("Validate() = %d errors %v, want 1", len(rep.Errors), rep.Errors)
			}
			e := rep.Errors[0]
			var pe *PathError
			if e.Code != CodeResource || !errors.As(e, &pe) || pe.Reason != PathLink {
				t.Errorf("Validate() error = %v (code %s), want a %s for a link", e, e.Code, CodeResource)
			}
			if strings.Contains(e.Ja+e.En+e.Cell, "TOPSECRET") {
				t.Errorf("the error shows the link's target: %v", e)
			}
		})
	}
}
