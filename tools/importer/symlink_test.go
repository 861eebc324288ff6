//go:build unix

package importer

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ichiran-jp/ichiran/tools/repo"
)

// TestImportSymlink is issue 13's case against the import: in a copy of
// the repository, the target data file, the folder on the way to it, or
// the code table is a symbolic link to a file with a marker. The import is
// refused with a clear error, the repository stays byte for byte as it
// was, no lock file is left, and nothing of the link's target reaches the
// error or the report, as text or JSON.
func TestImportSymlink(t *testing.T) {
	const marker = "TOPSECRET"
	tests := []struct {
		name string
		link func(t *testing.T, dir string) // makes the link
		want string                         // in the error
	}{
		{"the target data file", func(t *testing.T, dir string) {
			secret(t, dir, "secret.csv", "code,as_of,population,population_date,issued,rate\n"+marker+",2025-05-01,1,2024-01-01,1,1.0\n")
			symlink(t, "../../secret.csv", filepath.Join(dir, "data", "mynumber-card", "2025.csv"))
		}, "data/mynumber-card/2025.csv: 通常のファイルではありません"},
		{"the folder of the target", func(t *testing.T, dir string) {
			secret(t, dir, "elsewhere/2025.csv", "code,as_of,population,population_date,issued,rate\n"+marker+",2025-05-01,1,2024-01-01,1,1.0\n")
			card := filepath.Join(dir, "data", "mynumber-card")
			if err := os.RemoveAll(card); err != nil {
				t.Fatal(err)
			}
			symlink(t, "../elsewhere", card)
		}, "data/mynumber-card/2025.csv: 通常のファイルではありません"},
		{"the code table", func(t *testing.T, dir string) {
			codes := filepath.Join(dir, "data", "local-governments.csv")
			b, err := os.ReadFile(codes)
			if err != nil {
				t.Fatal(err)
			}
			secret(t, dir, "codes.csv", strings.Replace(string(b), "\n010006,", "\n"+marker+",", 1))
			if err := os.Remove(codes); err != nil {
				t.Fatal(err)
			}
			symlink(t, "../codes.csv", codes)
		}, "data/local-governments.csv: 通常のファイルではありません"},
	}
	for _, tt := range tests {
		for _, dry := range []bool{false, true} {
			name := tt.name
			if dry {
				name += " (dry run)"
			}
			t.Run(name, func(t *testing.T) {
				dir := repoCopy(t)
				file := filepath.Join(t.TempDir(), "提出.csv")
				if err := os.WriteFile(file, []byte(submissionCSV), 0o644); err != nil {
					t.Fatal(err)
				}
				tt.link(t, dir)
				before := snapshot(t, dir)
				out, err := Import(context.Background(), Request{Package: filepath.Join(dir, "datapackage.json"), Indicator: "mynumber-card",
					File: file, Partial: true, Replace: true, DryRun: dry})
				if err == nil {
					t.Fatalf("imported through a link: written %v", out != nil && out.Written)
				}
				if !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "not a regular file") {
					t.Errorf("error %q, want it to say %q and not a regular file", err, tt.want)
				}
				if tt.name != "the code table" && !errors.Is(err, repo.ErrNotRegular) {
					t.Errorf("error %v, want repo.ErrNotRegular", err)
				}
				var report bytes.Buffer
				if out != nil {
					if out.Written || out.Merged != nil {
						t.Errorf("written %v, merged %+v: want stopped before reading the target", out.Written, out.Merged)
					}
					if err := out.WriteText(&report); err != nil {
						t.Fatal(err)
					}
					if err := out.WriteJSON(&report); err != nil {
						t.Fatal(err)
					}
				}
				if strings.Contains(err.Error(), marker) || strings.Contains(report.String(), marker) {
					t.Errorf("the link's target shows:\nerror: %v\nreport:\n%s", err, report.String())
				}
				if after := snapshot(t, dir); !mapsEqual(before, after) {
					t.Errorf("the refused import changed the repository")
				}
			})
		}
	}
}

// snapshot maps every file under dir to its content, and every link to
// where it points (links are not followed).
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	m := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		switch {
		case err != nil || d.IsDir():
			return err
		case d.Type()&os.ModeSymlink != 0:
			to, err := os.Readlink(p)
			m[p] = "-> " + to
			return err
		}
		b, err := os.ReadFile(p)
		m[p] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// secret writes text into a file of dir (its folder made).
func secret(t *testing.T, dir, name, text string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func symlink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.Symlink(target, link); err != nil {
		t.Skip(err)
	}
}
