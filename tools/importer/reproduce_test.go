package importer

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// shared is the folder beside the repository with the publishers' files.
const shared = "../../../shared"

// sourceFiles maps the SHA-256 of every file under the shared folders of
// real figures (sources/ and corpus/realdata/) to its path.
func sourceFiles(t *testing.T) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, dir := range []string{filepath.Join(shared, "sources"), filepath.Join(shared, "corpus", "realdata")} {
		err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			out[fmt.Sprintf("%x", sha256.Sum256(b))] = p
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// committedResource is what the test reads of a resource.
type committedResource struct {
	Name       string       `json:"name"`
	Indicator  string       `json:"indicator"`
	Path       string       `json:"path"`
	Provenance []Provenance `json:"provenance"`
}

// TestReproduce re-imports every committed figure from its source file,
// as its provenance records it, into a copy of the repository whose data
// files are emptied to their header: every data file must come back byte
// for byte, and datapackage.json unchanged. The file found for each
// provenance entry is the one with the recorded SHA-256 (and name).
func TestReproduce(t *testing.T) {
	if _, err := os.Stat(filepath.Join(shared, "sources")); err != nil {
		t.Skip("../shared/sources not present")
	}
	files := sourceFiles(t)
	dir := repoCopy(t)
	desc, err := os.ReadFile(filepath.Join(dir, "datapackage.json"))
	if err != nil {
		t.Fatal(err)
	}
	var pkg struct {
		Resources []committedResource `json:"resources"`
	}
	if err := json.Unmarshal(desc, &pkg); err != nil {
		t.Fatal(err)
	}
	committed := map[string][]byte{}
	n := 0
	for _, r := range pkg.Resources {
		if len(r.Provenance) == 0 {
			continue
		}
		p := filepath.Join(dir, filepath.FromSlash(r.Path))
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		committed[r.Path] = b
		header, _, _ := bytes.Cut(b, []byte("\n"))
		if err := os.WriteFile(p, append(header, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
		n += len(r.Provenance)
	}
	if n == 0 {
		t.Fatal("no resource records its provenance")
	}
	for _, r := range pkg.Resources {
		for _, p := range r.Provenance {
			t.Run(r.Name+"/"+p.File, func(t *testing.T) {
				file, ok := files[p.SHA256]
				if !ok {
					t.Fatalf("no file under %s has the recorded SHA-256 %s", shared, p.SHA256)
				}
				if filepath.Base(file) != p.File {
					t.Errorf("the file with SHA-256 %s is %s, recorded as %s", p.SHA256, file, p.File)
				}
				if fi, err := os.Stat(file); err != nil || fi.Size() != p.Bytes {
					t.Errorf("%s: %d bytes recorded, %v", file, p.Bytes, err)
				}
				req, err := RequestFor(p, r.Indicator)
				if err != nil {
					t.Fatal(err)
				}
				req.Package, req.File = filepath.Join(dir, "datapackage.json"), file
				out, err := Import(context.Background(), req)
				if err != nil {
					t.Fatal(err)
				}
				if !out.Written {
					t.Fatalf("not written: errors %v, validation %+v, refused %v", out.Result.Errors, out.Validation, out.Refused)
				}
				if out.Rel != r.Path || len(out.Result.Rows) != p.Rows {
					t.Errorf("imported %d rows into %s, recorded %d into %s", len(out.Result.Rows), out.Rel, p.Rows, r.Path)
				}
			})
		}
	}
	for _, path := range slices.Sorted(maps.Keys(committed)) {
		got, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(path)))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, committed[path]) {
			t.Errorf("%s re-imported differs from the committed file (%d bytes, committed %d)", path, len(got), len(committed[path]))
		}
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "datapackage.json")); !bytes.Equal(got, desc) {
		t.Errorf("datapackage.json changed by the re-import")
	}
}
