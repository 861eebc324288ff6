// Package benchdata writes the package that validation is measured on,
// shaped like the repository's: a table of figures keyed by code and date,
// with a foreign key to a reference table of about as many codes as there
// are local governments. Floor is what any validator must at least do with
// such a table; a benchmark states its figures as ratios to it.
//
// The benchmarks of package frictionless and the benchreport command both
// read it, so that their figures are of the same files.
package benchdata

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"time"
)

// RefRows is the size of the reference table: about the number of local
// governments.
const RefRows = 1800

// Codes returns n distinct six-digit codes with a valid check digit, in
// increasing order; n is at most 1,800.
func Codes(n int) []string {
	out := make([]string, n)
	for i := range out {
		five := (i/40+1)*1000 + (i%40+1)*5
		s := 0
		for k, w := range []int{6, 5, 4, 3, 2} {
			d := five
			for range 4 - k {
				d /= 10
			}
			s += d % 10 * w
		}
		out[i] = fmt.Sprintf("%05d%d", five, (11-s%11)%10)
	}
	return out
}

// header is the data table's header.
const header = "code,as_of,population,issued,rate,note"

// fields is the data table's schema: a pattern on the code and
// constraints on the numbers.
const fields = `"fields": [
        {"name": "code", "type": "string", "constraints": {"required": true, "pattern": "[0-9]{6}"}},
        {"name": "as_of", "type": "date", "constraints": {"required": true}},
        {"name": "population", "type": "integer", "constraints": {"minimum": 0}},
        {"name": "issued", "type": "integer", "constraints": {"minimum": 0}},
        {"name": "rate", "type": "number", "constraints": {"minimum": 0, "maximum": 100}},
        {"name": "note", "type": "string"}
      ]`

// keyed is the package with a composite primary key and a foreign key;
// %s is the data table's path.
const keyed = `{
  "name": "bench",
  "resources": [
    {"name": "ref", "path": "ref.csv", "schema": {
      "fields": [
        {"name": "code", "type": "string", "constraints": {"required": true, "pattern": "[0-9]{6}"}},
        {"name": "name", "type": "string"}
      ],
      "primaryKey": ["code"]}},
    {"name": "data", "path": "%s", "schema": {
      ` + fields + `,
      "primaryKey": ["code", "as_of"],
      "foreignKeys": [{"fields": ["code"], "reference": {"resource": "ref", "fields": ["code"]}}]}}
  ]
}
`

// nokeys is the data table alone, without keys.
const nokeys = `{
  "name": "bench-nokeys",
  "resources": [
    {"name": "data", "path": "data.csv", "schema": {
      ` + fields + `}}
  ]
}
`

// Write writes into dir a data table of rows rows, twice, and three
// descriptors:
//
//   - ref.csv: the 1,800 codes;
//   - data.csv: by code, then date, as the repository's files are;
//   - unsorted.csv: the same rows by date, then code, out of the order of
//     the primary key, so that every key goes through the key index;
//   - datapackage.json and unsorted.json: ref.csv with data.csv or
//     unsorted.csv, keyed;
//   - nokeys.json: data.csv without keys (memory must stay flat however
//     long it is).
func Write(dir string, rows int) error {
	codes := Codes(RefRows)
	if err := writeFile(filepath.Join(dir, "ref.csv"), func(w *bufio.Writer) {
		fmt.Fprintln(w, "code,name")
		for i, c := range codes {
			fmt.Fprintf(w, "%s,団体%d\n", c, i)
		}
	}); err != nil {
		return err
	}
	day := time.Date(2019, 5, 1, 0, 0, 0, 0, time.UTC)
	row := func(w *bufio.Writer, c, d int) {
		pop := 1000 + (c*7919+d)%2000000
		issued := pop * (d % 97) / 100
		fmt.Fprintf(w, "%s,%s,%d,%d,%.1f,団体%d\n", codes[c], day.AddDate(0, 0, d).Format("2006-01-02"), pop, issued, float64(issued)*100/float64(pop), c)
	}
	// Row i is of code i mod 1,800 and of day i / 1,800.
	n := len(codes)
	if err := writeFile(filepath.Join(dir, "data.csv"), func(w *bufio.Writer) {
		fmt.Fprintln(w, header)
		for c := range n {
			days := rows / n
			if c < rows%n {
				days++
			}
			for d := range days {
				row(w, c, d)
			}
		}
	}); err != nil {
		return err
	}
	if err := writeFile(filepath.Join(dir, "unsorted.csv"), func(w *bufio.Writer) {
		fmt.Fprintln(w, header)
		for i := range rows {
			row(w, i%n, i/n)
		}
	}); err != nil {
		return err
	}
	for name, text := range map[string]string{
		"datapackage.json": fmt.Sprintf(keyed, "data.csv"),
		"unsorted.json":    fmt.Sprintf(keyed, "unsorted.csv"),
		"nokeys.json":      nokeys,
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			return err
		}
	}
	return nil
}

func writeFile(name string, fill func(*bufio.Writer)) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	fill(w)
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// Floor reads the data table at path with encoding/csv and parses its
// dates and numbers: the least a validator has to do.
func Floor(path string) error {
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
		for _, s := range rec[2:4] {
			if _, err := strconv.ParseInt(s, 10, 64); err != nil {
				return err
			}
		}
		if _, err := strconv.ParseFloat(rec[4], 64); err != nil {
			return err
		}
	}
}
