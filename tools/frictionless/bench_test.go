package frictionless

import (
	"bufio"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// benchRows is the size of the generated table: a package shaped like the
// repository's, a million rows keyed by code and date, with a foreign key to
// an 1,800-row reference table.
const benchRows = 1_000_000

var benchPkg struct {
	once sync.Once
	dir  string
	err  error
}

// TestMain removes the generated package after the benchmarks.
func TestMain(m *testing.M) {
	code := m.Run()
	if benchPkg.dir != "" {
		os.RemoveAll(benchPkg.dir)
	}
	os.Exit(code)
}

// benchPackage writes the package once per test binary run.
func benchPackage(b *testing.B) string {
	benchPkg.once.Do(func() {
		dir, err := os.MkdirTemp("", "ichiran-bench-")
		if err != nil {
			benchPkg.err = err
			return
		}
		benchPkg.dir = dir
		benchPkg.err = writeBenchPackage(dir, benchRows)
	})
	if benchPkg.err != nil {
		b.Fatal(benchPkg.err)
	}
	return benchPkg.dir
}

// checkDigit computes the check digit of a 全国地方公共団体コード.
func checkDigit(five int) int {
	s := 0
	for i, w := range []int{6, 5, 4, 3, 2} {
		d := five / pow10(4-i) % 10
		s += d * w
	}
	return (11 - s%11) % 10
}

func pow10(n int) int {
	p := 1
	for ; n > 0; n-- {
		p *= 10
	}
	return p
}

func benchCodes() []string {
	codes := make([]string, 1800)
	for i := range codes {
		five := (i/40+1)*1000 + (i%40+1)*5
		codes[i] = fmt.Sprintf("%05d%d", five, checkDigit(five))
	}
	return codes
}

func writeBenchPackage(dir string, rows int) error {
	codes := benchCodes()
	ref, err := os.Create(filepath.Join(dir, "ref.csv"))
	if err != nil {
		return err
	}
	w := bufio.NewWriter(ref)
	fmt.Fprintln(w, "code,name")
	for i, c := range codes {
		fmt.Fprintf(w, "%s,団体%d\n", c, i)
	}
	if err := w.Flush(); err != nil {
		return err
	}
	ref.Close()

	// data.csv is sorted by code, then date, as the repository's files are;
	// unsorted.csv has the same rows by date, then code.
	day := time.Date(2019, 5, 1, 0, 0, 0, 0, time.UTC)
	perCode := (rows + len(codes) - 1) / len(codes)
	for _, f := range []struct {
		name string
		row  func(i int) (code, date int)
	}{
		{"data.csv", func(i int) (int, int) { return i / perCode, i % perCode }},
		{"unsorted.csv", func(i int) (int, int) { return i % len(codes), i / len(codes) }},
	} {
		out, err := os.Create(filepath.Join(dir, f.name))
		if err != nil {
			return err
		}
		w := bufio.NewWriterSize(out, 1<<20)
		fmt.Fprintln(w, "code,as_of,population,issued,rate,note")
		for i := 0; i < rows; i++ {
			c, d := f.row(i)
			pop := 1000 + (c*7919+d)%2000000
			issued := pop * (d % 97) / 100
			fmt.Fprintf(w, "%s,%s,%d,%d,%.1f,団体%d\n", codes[c], day.AddDate(0, 0, d).Format("2006-01-02"), pop, issued, float64(issued)*100/float64(pop), c)
		}
		if err := w.Flush(); err != nil {
			return err
		}
		if err := out.Close(); err != nil {
			return err
		}
	}
	// The same table without keys: memory must stay flat however long it is.
	if err := os.WriteFile(filepath.Join(dir, "nokeys.json"), []byte(`{
  "name": "bench-nokeys",
  "resources": [
    {"name": "data", "path": "data.csv", "schema": {
      "fields": [
        {"name": "code", "type": "string", "constraints": {"required": true, "pattern": "[0-9]{6}"}},
        {"name": "as_of", "type": "date", "constraints": {"required": true}},
        {"name": "population", "type": "integer", "constraints": {"minimum": 0}},
        {"name": "issued", "type": "integer", "constraints": {"minimum": 0}},
        {"name": "rate", "type": "number", "constraints": {"minimum": 0, "maximum": 100}},
        {"name": "note", "type": "string"}
      ]}}
  ]
}`), 0o644); err != nil {
		return err
	}
	desc := `{
  "name": "bench",
  "resources": [
    {"name": "ref", "path": "ref.csv", "schema": {
      "fields": [{"name": "code", "type": "string", "constraints": {"pattern": "[0-9]{6}"}}, {"name": "name", "type": "string"}],
      "primaryKey": ["code"]}},
    {"name": "data", "path": "data.csv", "schema": {
      "fields": [
        {"name": "code", "type": "string", "constraints": {"required": true, "pattern": "[0-9]{6}"}},
        {"name": "as_of", "type": "date", "constraints": {"required": true}},
        {"name": "population", "type": "integer", "constraints": {"minimum": 0}},
        {"name": "issued", "type": "integer", "constraints": {"minimum": 0}},
        {"name": "rate", "type": "number", "constraints": {"minimum": 0, "maximum": 100}},
        {"name": "note", "type": "string"}
      ],
      "primaryKey": ["code", "as_of"],
      "foreignKeys": [{"fields": ["code"], "reference": {"resource": "ref", "fields": ["code"]}}]}}
  ]
}`
	if err := os.WriteFile(filepath.Join(dir, "datapackage.json"), []byte(desc), 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "unsorted.json"), []byte(strings.Replace(desc, `"data.csv"`, `"unsorted.csv"`, 1)), 0o644)
}

// peakHeap samples the live heap while f runs and returns its peak in MB.
func peakHeap(f func()) float64 {
	runtime.GC()
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	var peak uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for {
			metrics.Read(sample)
			peak = max(peak, sample[0].Value.Uint64())
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	f()
	close(done)
	wg.Wait()
	return float64(peak) / 1e6
}

// BenchmarkValidate compares full validation of the generated package with
// a baseline that only reads the same file with encoding/csv and parses its
// numbers and dates. Compare the two with benchstat; the target is at most
// 2× the baseline's time, and a peak heap under 100 MB.
func BenchmarkValidate(b *testing.B) {
	dir := benchPackage(b)
	b.Run("baseline=encoding-csv", func(b *testing.B) {
		var peak float64
		for b.Loop() {
			peak = max(peak, peakHeap(func() {
				if err := baseline(filepath.Join(dir, "data.csv")); err != nil {
					b.Fatal(err)
				}
			}))
		}
		b.ReportMetric(float64(benchRows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
		b.ReportMetric(peak, "peak-MB")
	})
	for _, c := range []struct{ name, descriptor string }{
		{"validate", "datapackage.json"},       // sorted by key, like the repository's files
		{"validate-unsorted", "unsorted.json"}, // the same rows out of key order
		{"validate-nokeys", "nokeys.json"},     // no keys: memory must stay flat
	} {
		b.Run(c.name, func(b *testing.B) {
			var peak float64
			for b.Loop() {
				peak = max(peak, peakHeap(func() {
					rep, err := Validate(context.Background(), filepath.Join(dir, c.descriptor), Options{})
					if err != nil {
						b.Fatal(err)
					}
					if last := rep.Resources[len(rep.Resources)-1]; !rep.Valid || last.Rows != benchRows {
						b.Fatalf("Validate = %d errors, %d rows; want valid, %d rows: %v", len(rep.Errors), last.Rows, benchRows, rep.Errors[:min(3, len(rep.Errors))])
					}
				}))
			}
			b.ReportMetric(float64(benchRows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
			b.ReportMetric(peak, "peak-MB")
		})
	}
}

func baseline(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	r := csv.NewReader(bufio.NewReaderSize(f, 256<<10))
	r.ReuseRecord = true
	if _, err := r.Read(); err != nil {
		return err
	}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if _, err := time.Parse("2006-01-02", rec[1]); err != nil {
			return err
		}
		if _, err := strconv.ParseInt(rec[2], 10, 64); err != nil {
			return err
		}
		if _, err := strconv.ParseInt(rec[3], 10, 64); err != nil {
			return err
		}
		if _, err := strconv.ParseFloat(rec[4], 64); err != nil {
			return err
		}
	}
}
