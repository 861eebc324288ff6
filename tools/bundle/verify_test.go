package bundle

import (
	"archive/zip"
	"bytes"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// entry is one entry of a hand-made zip.
type entry struct {
	name string
	data string
	mode fs.FileMode // 0: a regular file
}

// rezip is the bundle's zip with its entries passed through edit (which
// may drop, change and add entries), in that order, duplicates kept.
func rezip(t *testing.T, zipped []byte, edit func([]entry) []entry) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(zipped), int64(len(zipped)))
	if err != nil {
		t.Fatal(err)
	}
	var es []entry
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		d, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		es = append(es, entry{name: f.Name, data: string(d)})
	}
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, e := range edit(es) {
		h := &zip.FileHeader{Name: e.name, Method: zip.Deflate}
		h.SetMode(cmpOr(e.mode, 0o644))
		w, err := zw.CreateHeader(h)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, e.data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	name := filepath.Join(t.TempDir(), "ichiran-2025.zip")
	if err := os.WriteFile(name, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return name
}

func cmpOr(m, def fs.FileMode) fs.FileMode {
	if m == 0 {
		return def
	}
	return m
}

// TestVerifyZip is issue 14's attack on ichiran verify: a zip with an entry
// twice (verify hashed the first, unzip extracts the second, a formula),
// with entries SHA256SUMS does not list, and without a listed one. Each is
// now a problem naming the entry.
func TestVerifyZip(t *testing.T) {
	b := build(t, fixture(t), 2025)
	i := slices.IndexFunc(b.Files, func(f File) bool { return f.Name == "ichiran-2025.zip" })
	if i < 0 {
		t.Fatal("no zip in the bundle")
	}
	zipped := b.Files[i].Data
	const dir = "ichiran-2025/"
	for _, tc := range []struct {
		name string
		edit func([]entry) []entry
		want []string // entries named, in order
	}{
		{"intact", func(es []entry) []entry { return es }, nil},
		{"entry twice, the second a formula", func(es []entry) []entry {
			return append(es, entry{name: dir + "ichiran-2025.csv", data: "=cmd|' /C calc'!A0\n"})
		}, []string{dir + "ichiran-2025.csv"}},
		{"entry twice in another case", func(es []entry) []entry {
			return append(es, entry{name: dir + "README.MD", data: "x"})
		}, []string{dir + "README.MD", dir + "README.MD"}}, // twice, and not listed
		{"entry not listed", func(es []entry) []entry {
			return append(es, entry{name: dir + "data/extra.csv", data: "a\n1\n"})
		}, []string{dir + "data/extra.csv"}},
		{"listed entry missing", func(es []entry) []entry {
			return slices.DeleteFunc(es, func(e entry) bool { return e.name == dir+"README.md" })
		}, []string{"README.md"}},
		{"entry outside the folder", func(es []entry) []entry {
			return append(es, entry{name: "other/evil.csv", data: "x"})
		}, []string{"other/evil.csv"}},
		{"unsafe name", func(es []entry) []entry {
			return append(es, entry{name: dir + "../evil.csv", data: "x"})
		}, []string{dir + "../evil.csv", dir + "../evil.csv"}}, // unsafe, and not listed
		{"symbolic link", func(es []entry) []entry {
			return append(es, entry{name: dir + "link", data: "/etc/passwd", mode: fs.ModeSymlink | 0o777})
		}, []string{dir + "link", dir + "link"}}, // not a file, and not listed
	} {
		t.Run(tc.name, func(t *testing.T) {
			ps, err := Verify(rezip(t, zipped, tc.edit))
			if err != nil {
				t.Fatalf("Verify: %v", err)
			}
			var got []string
			for _, p := range ps {
				got = append(got, p.File)
				if p.Ja == "" || p.En == "" {
					t.Errorf("problem %v is not in both languages", p)
				}
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Verify named (-want +got):\n%s\n%v", diff, ps)
			}
		})
	}
}

func TestVerifySumsListedTwice(t *testing.T) {
	b := build(t, fixture(t), 2025)
	dir := t.TempDir()
	if err := b.WriteDir(dir); err != nil {
		t.Fatal(err)
	}
	f := filepath.Join(dir, "SHA256SUMS")
	d, _ := os.ReadFile(f)
	first, _, _ := strings.Cut(string(d), "\n")
	os.WriteFile(f, append(d, first+"\n"...), 0o644)
	ps, err := Verify(dir)
	if err != nil || len(ps) != 1 || ps[0].File != "SHA256SUMS" || !strings.Contains(ps[0].En, "listed twice") {
		t.Errorf("Verify(SHA256SUMS with a line twice) = %v, %v, want one problem of SHA256SUMS", ps, err)
	}
}
