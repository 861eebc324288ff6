package tablecsv

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"testing"
)

// benchRows is the number of rows of benchInput.
const benchRows = 100000

// benchInput returns a typical Japanese open data table: benchRows rows of 6
// short fields, about 50 bytes a row.
func benchInput() []byte {
	cities := []string{"札幌市", "函館市", "小樽市", "旭川市", "室蘭市", "釧路市", "帯広市", "北見市"}
	var b bytes.Buffer
	for i := range benchRows {
		fmt.Fprintf(&b, "%06d,2025-%02d-%02d,%d,%d,%d.%02d,%s\n",
			11002+i%1000, 1+i%12, 1+i%28, 1973395-i*7, 1234567+i*13, i%100, i%97, cities[i%len(cities)])
	}
	return b.Bytes()
}

func BenchmarkRead(b *testing.B) {
	in := benchInput()
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for b.Loop() {
		r := NewReader(bytes.NewReader(in), DefaultDialect(), Options{})
		n := 0
		for {
			rec, err := r.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			n += rec.Len()
		}
		if n != 6*benchRows {
			b.Fatalf("read %d fields, want %d", n, 6*benchRows)
		}
	}
	b.ReportMetric(float64(b.N)*benchRows/b.Elapsed().Seconds(), "rows/s")
}

func BenchmarkEncodingCSV(b *testing.B) {
	in := benchInput()
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for b.Loop() {
		r := csv.NewReader(bytes.NewReader(in))
		r.ReuseRecord = true
		r.FieldsPerRecord = -1
		n := 0
		for {
			rec, err := r.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			n += len(rec)
		}
		if n != 6*benchRows {
			b.Fatalf("read %d fields, want %d", n, 6*benchRows)
		}
	}
	b.ReportMetric(float64(b.N)*benchRows/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkReadErrors reads lines that are all errors, to check that skipping
// a bad line costs about as much as reading a good one.
func BenchmarkReadErrors(b *testing.B) {
	in := bytes.Repeat([]byte("011002,2025-05-01,1973395,\"1234567\"x,62.57,札幌市\n"), benchRows)
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for b.Loop() {
		r := NewReader(bytes.NewReader(in), DefaultDialect(), Options{})
		n := 0
		for {
			_, err := r.Read()
			if err == io.EOF {
				break
			}
			n++
		}
		if n != benchRows {
			b.Fatalf("read %d records, want %d", n, benchRows)
		}
	}
	b.ReportMetric(float64(b.N)*benchRows/b.Elapsed().Seconds(), "rows/s")
}
