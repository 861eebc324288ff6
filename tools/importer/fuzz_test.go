package importer

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ichiran-jp/ichiran/tools/jatext"
	"github.com/ichiran-jp/ichiran/tools/sheet"
)

// fuzzRepo copies the repository's descriptor, schemas and data into a
// temporary directory once per fuzz target (repoCopy, for a testing.F).
func fuzzRepo(f *testing.F) string {
	f.Helper()
	dir := f.TempDir()
	for _, sub := range []string{"schemas", "data"} {
		err := filepath.WalkDir(filepath.Join("../..", sub), func(p string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel("../..", p)
			if d.IsDir() {
				return os.MkdirAll(filepath.Join(dir, rel), 0o755)
			}
			if !strings.HasSuffix(p, ".json") && !strings.HasSuffix(p, ".csv") {
				return nil
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			return os.WriteFile(filepath.Join(dir, rel), b, 0o644)
		})
		if err != nil {
			f.Fatal(err)
		}
	}
	b, err := os.ReadFile("../../datapackage.json")
	if err != nil {
		f.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "datapackage.json"), b, 0o644); err != nil {
		f.Fatal(err)
	}
	return dir
}

// corpusSeeds adds the files matching the patterns under the shared corpus
// (when it is there) that are small enough to be useful seeds.
func corpusSeeds(f *testing.F, max int64, patterns ...string) {
	for _, pat := range patterns {
		files, _ := filepath.Glob(filepath.Join("../../../shared/corpus", pat))
		for _, file := range files {
			if fi, err := os.Stat(file); err != nil || fi.Size() > max {
				continue
			}
			if b, err := os.ReadFile(file); err == nil {
				f.Add(b)
			}
		}
	}
}

// withDeadline runs fn and fails when it takes longer than d (a hang).
func withDeadline(t *testing.T, d time.Duration, fn func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn()
	}()
	select {
	case <-done:
	case <-time.After(d):
		t.Fatalf("no answer after %v", d)
	}
}

// typedSource reports whether err is one of the errors a submission's
// file may give: the file's (ErrSource), its encoding's, the workbook's.
func typedSource(err error) bool {
	var se *sheet.Error
	return errors.Is(err, ErrSource) || errors.Is(err, jatext.ErrEncoding) || errors.As(err, &se)
}

// FuzzImportCSV imports arbitrary bytes as a CSV submission for
// mynumber-card (dry run, into a copy of the repository): no panic, no
// hang, and an error is one of the source's typed errors.
func FuzzImportCSV(f *testing.F) {
	dir := fuzzRepo(f)
	f.Add([]byte(submissionCSV))
	f.Add([]byte("団体コード,市区町村名,算出基準日,人口,人口算出基準日,交付枚数,交付率\n011002,札幌市,令和7年5月1日,\"1,000\",R7.1.1,５００,50%\n"))
	f.Add([]byte("団体コード,市区町村名,算出基準日\n011002,札幌市,2025-02-30\n"))
	f.Add([]byte("\xEF\xBB\xBFa,\"b\nc,d\r\n\"\"\x00"))
	f.Add([]byte{0xFF, 0xFE, 'a', 0, ',', 0})
	if sj, err := jatext.EncodeCP932(submissionCSV); err == nil {
		f.Add(sj)
	}
	corpusSeeds(f, 256<<10, "realdata/mynumbercard-code4japan/*/*.csv", "realdata/estat-hyoujun-chiiki-2022-sjis/*.csv")
	f.Fuzz(func(t *testing.T, raw []byte) {
		file := filepath.Join(t.TempDir(), "提出.csv")
		if err := os.WriteFile(file, raw, 0o644); err != nil {
			t.Fatal(err)
		}
		withDeadline(t, 20*time.Second, func() {
			out, err := Import(context.Background(), Request{Partial: true, Package: filepath.Join(dir, "datapackage.json"),
				Indicator: "mynumber-card", File: file, DryRun: true, Replace: true})
			if err != nil {
				if !typedSource(err) {
					t.Errorf("untyped error %T: %v", err, err)
				}
				return
			}
			if out.Written {
				t.Errorf("a dry run wrote %s", out.Target)
			}
			for _, r := range out.Result.Rows {
				if len(r.Values) != 6 {
					t.Errorf("row of %d values: %q", len(r.Values), r.Values)
				}
			}
		})
	})
}

// FuzzImportXLSX reads arbitrary bytes as an .xlsx submission: no panic,
// no hang, an error is a workbook's or the source's, and what is read is
// within sheet's limits.
func FuzzImportXLSX(f *testing.F) {
	f.Add(bookBytes(f))
	f.Add([]byte("PK\x03\x04"))
	f.Add([]byte{})
	corpusSeeds(f, 256<<10, "realdata/soumu-lgcode-r6-xlsx/*.xlsx")
	f.Fuzz(func(t *testing.T, raw []byte) {
		file := filepath.Join(t.TempDir(), "提出.xlsx")
		if err := os.WriteFile(file, raw, 0o644); err != nil {
			t.Fatal(err)
		}
		withDeadline(t, 20*time.Second, func() {
			src, err := ReadFile(file, "", "")
			if err != nil {
				if !typedSource(err) {
					t.Errorf("untyped error %T: %v", err, err)
				}
				return
			}
			cells := 0
			for _, r := range src.Rows {
				cells += len(r)
			}
			if len(src.Rows) > sheet.MaxRows || cells > sheet.MaxCells {
				t.Errorf("%d rows, %d cells: past sheet's limits", len(src.Rows), cells)
			}
		})
	})
}
