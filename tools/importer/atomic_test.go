package importer

import (
	"bytes"
	"context"
	"crypto/sha256"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/ichiran-jp/ichiran/tools/frictionless"
	"github.com/ichiran-jp/ichiran/tools/repo"
	"github.com/ichiran-jp/ichiran/tools/sheet"
)

// "Nothing lost": import never modifies an input, writes the canonical CSV
// atomically (an interrupted write leaves the previous file as it was) and
// two imports at once leave one complete file and no temporary files.

// submissionCSV is a small, clean CSV submission for mynumber-card.
const submissionCSV = "団体コード,市区町村名,算出基準日,人口,人口算出基準日,交付枚数,交付率\n" +
	"011002,札幌市,2025-05-01,1000,2025-01-01,500,50.0\n" +
	"131016,千代田区,2025-05-01,2000,2025-01-01,1000,50.0\n"

const submissionWant = "code,as_of,population,population_date,issued,rate\n" +
	"011002,2025-05-01,1000,2025-01-01,500,50.0\n" +
	"131016,2025-05-01,2000,2025-01-01,1000,50.0\n"

// hashTree maps every file under dirs (or the file itself) to its SHA-256.
func hashTree(t *testing.T, roots ...string) map[string][32]byte {
	t.Helper()
	m := map[string][32]byte{}
	for _, root := range roots {
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			m[p] = sha256.Sum256(b)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return m
}

// tempLeftovers lists the temporary files a write would leave in dir.
func tempLeftovers(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), ".") || strings.Contains(e.Name(), ".tmp") {
			out = append(out, e.Name())
		}
	}
	return out
}

// TestImportLeavesInputsAlone: after an import (CSV and XLSX), every file
// of the repository except the one written, and the submission, are
// byte-identical to what they were.
func TestImportLeavesInputsAlone(t *testing.T) {
	for _, format := range []string{"csv", "xlsx"} {
		t.Run(format, func(t *testing.T) {
			dir := repoCopy(t)
			in := t.TempDir()
			var file string
			if format == "csv" {
				file = filepath.Join(in, "提出.csv")
				if err := os.WriteFile(file, []byte(submissionCSV), 0o644); err != nil {
					t.Fatal(err)
				}
			} else {
				var rows [][]string
				for _, l := range strings.Split(strings.TrimSpace(submissionCSV), "\n") {
					rows = append(rows, strings.Split(l, ","))
				}
				file = writeBook(t, in, sheet.Sheet{Name: "Sheet1", Rows: rows, HeaderRows: 1})
			}
			before := hashTree(t, dir, in)
			out, err := Import(context.Background(), Request{Partial: true, Package: filepath.Join(dir, "datapackage.json"),
				Indicator: "mynumber-card", File: file, Replace: true})
			if err != nil {
				t.Fatal(err)
			}
			if !out.Written {
				t.Fatalf("not written: %+v", out.Result.Errors)
			}
			after := hashTree(t, dir, in)
			desc := filepath.Join(dir, "datapackage.json")
			if b, _ := os.ReadFile(desc); !bytes.Contains(b, []byte(`"path": "data/mynumber-card/2025.csv"`)) || !bytes.Contains(b, []byte(`"provenance"`)) {
				t.Errorf("datapackage.json does not declare the file with its provenance")
			}
			for p, h := range before {
				if p == out.Target || p == desc {
					continue // the file written, and its declaration
				}
				if after[p] != h {
					t.Errorf("import modified the input %s", p)
				}
			}
			for p := range after {
				if _, ok := before[p]; !ok && p != out.Target {
					t.Errorf("import left a new file %s", p)
				}
			}
			if got, _ := os.ReadFile(out.Target); string(got) != submissionWant {
				t.Errorf("written\n%s\nwant\n%s", got, submissionWant)
			}
			if l := tempLeftovers(t, filepath.Dir(out.Target)); len(l) > 0 {
				t.Errorf("temporary files left: %v", l)
			}
		})
	}
}

// TestImportConcurrent: two imports of the same submission at once into
// the same repository end with one complete file and no temporary files.
func TestImportConcurrent(t *testing.T) {
	dir := repoCopy(t)
	file := filepath.Join(t.TempDir(), "提出.csv")
	if err := os.WriteFile(file, []byte(submissionCSV), 0o644); err != nil {
		t.Fatal(err)
	}
	req := Request{Partial: true, Package: filepath.Join(dir, "datapackage.json"), Indicator: "mynumber-card", File: file, Replace: true}
	var wg sync.WaitGroup
	outs := make([]*Outcome, 4)
	errs := make([]error, len(outs))
	for i := range outs {
		wg.Go(func() { outs[i], errs[i] = Import(context.Background(), req) })
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("import %d: %v", i, err)
		}
		if !outs[i].Written && !outs[i].Refused && !outs[i].Unchanged {
			t.Errorf("import %d neither written, refused nor found unchanged: %+v", i, outs[i].Result.Errors)
		}
	}
	got, err := os.ReadFile(outs[0].Target)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != submissionWant {
		t.Errorf("after concurrent imports\n%s\nwant\n%s", got, submissionWant)
	}
	if l := tempLeftovers(t, filepath.Dir(outs[0].Target)); len(l) > 0 {
		t.Errorf("temporary files left: %v", l)
	}
}

// TestWriteFileConcurrent: many writers of different complete contents on
// one path: the file is always one of them, whole.
func TestWriteFileConcurrent(t *testing.T) {
	target := filepath.Join(t.TempDir(), "data", "x", "2025.csv")
	contents := make([][]byte, 8)
	for i := range contents {
		contents[i] = bytes.Repeat([]byte(strconv.Itoa(i)+",abcdef\n"), 20000+i*1000)
	}
	var wg sync.WaitGroup
	for i := range contents {
		wg.Go(func() {
			for range 5 {
				if err := writeFile(target, contents[i]); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	got, err := os.ReadFile(target)
	if err != nil {
		t.Fatal(err)
	}
	if !slicesContainsBytes(contents, got) {
		t.Errorf("the file (%d bytes) is none of the contents written", len(got))
	}
	if l := tempLeftovers(t, filepath.Dir(target)); len(l) > 0 {
		t.Errorf("temporary files left: %v", l)
	}
}

// writeFile writes target as an import writes its files: through the
// repository (repo.Repository.WriteFile), here the folder that holds it.
func writeFile(target string, data []byte) error {
	dir := filepath.Dir(target)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	r, err := repo.New(&frictionless.Package{Dir: dir}, nil, nil, repo.Limits{})
	if err != nil {
		return err
	}
	defer r.Close()
	return r.WriteFile(filepath.Base(target), data)
}

func slicesContainsBytes(xs [][]byte, b []byte) bool {
	for _, x := range xs {
		if bytes.Equal(x, b) {
			return true
		}
	}
	return false
}
