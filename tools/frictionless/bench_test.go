package frictionless

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"sync"
	"testing"
	"time"

	"github.com/ichiran-jp/ichiran/tools/benchdata"
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
		benchPkg.err = benchdata.Write(dir, benchRows)
	})
	if benchPkg.err != nil {
		b.Fatal(benchPkg.err)
	}
	return benchPkg.dir
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
// numbers and dates. Each validation is timed against a run of the
// baseline just before it, in the same loop, and reported as their ratio
// (x-floor), which a busy machine changes less than either time. The
// targets (issue 17) are at most 1.5× the baseline for the whole process
// (go run ./tools/cmd/benchreport measures that), and 64 MB.
func BenchmarkValidate(b *testing.B) {
	dir := benchPackage(b)
	floor := func(b *testing.B, file string) {
		if err := benchdata.Floor(filepath.Join(dir, file)); err != nil {
			b.Fatal(err)
		}
	}
	b.Run("baseline=encoding-csv", func(b *testing.B) {
		var peak float64
		for b.Loop() {
			peak = max(peak, peakHeap(func() { floor(b, "data.csv") }))
		}
		b.ReportMetric(float64(benchRows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
		b.ReportMetric(peak, "peak-MB")
	})
	for _, c := range []struct{ name, descriptor, data string }{
		{"validate", "datapackage.json", "data.csv"},           // sorted by key, like the repository's files
		{"validate-unsorted", "unsorted.json", "unsorted.csv"}, // the same rows out of key order
		{"validate-nokeys", "nokeys.json", "data.csv"},         // no keys: memory must stay flat
	} {
		b.Run(c.name, func(b *testing.B) {
			var peak float64
			var own, base time.Duration
			for b.Loop() {
				b.StopTimer()
				start := time.Now()
				floor(b, c.data)
				base += time.Since(start)
				b.StartTimer()
				peak = max(peak, peakHeap(func() {
					start := time.Now()
					rep, err := Validate(context.Background(), filepath.Join(dir, c.descriptor), Options{})
					own += time.Since(start)
					if err != nil {
						b.Fatal(err)
					}
					if last := rep.Resources[len(rep.Resources)-1]; !rep.Valid || last.Rows != benchRows {
						b.Fatalf("Validate = %d errors, %d rows; want valid, %d rows: %v", len(rep.Errors), last.Rows, benchRows, rep.Errors[:min(3, len(rep.Errors))])
					}
				}))
			}
			b.ReportMetric(float64(own)/float64(base), "x-floor")
			b.ReportMetric(float64(benchRows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
			b.ReportMetric(peak, "peak-MB")
		})
	}
}
