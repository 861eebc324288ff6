package main

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// refRows is the size of the referenced table: about the number of local
// governments.
const refRows = 1800

// codes returns n six-digit codes with a valid check digit, in increasing
// order.
func codes(n int) []string {
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

// descriptor is the generated package: a composite primary key, a foreign
// key, a pattern on the code and constraints on the numbers.
const descriptor = `{
  "name": "bench",
  "resources": [
    {"name": "ref", "path": "ref.csv", "schema": {
      "fields": [
        {"name": "code", "type": "string", "constraints": {"required": true, "pattern": "[0-9]{6}"}},
        {"name": "name", "type": "string"}
      ],
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
}
`

// writePackage writes the package with rows data rows into dir. The rows
// go by date, then code: out of the order of the primary key (code,
// as_of), so that every key goes through the key index.
func writePackage(dir string, rows int) error {
	cs := codes(refRows)
	if err := writeFile(filepath.Join(dir, "ref.csv"), func(w *bufio.Writer) {
		fmt.Fprintln(w, "code,name")
		for i, c := range cs {
			fmt.Fprintf(w, "%s,団体%d\n", c, i)
		}
	}); err != nil {
		return err
	}
	day := time.Date(2019, 5, 1, 0, 0, 0, 0, time.UTC)
	if err := writeFile(filepath.Join(dir, "data.csv"), func(w *bufio.Writer) {
		fmt.Fprintln(w, "code,as_of,population,issued,rate,note")
		for i := range rows {
			c, d := i%len(cs), i/len(cs)
			pop := 1000 + (c*7919+d)%2000000
			issued := pop * (d % 97) / 100
			fmt.Fprintf(w, "%s,%s,%d,%d,%.1f,団体%d\n", cs[c], day.AddDate(0, 0, d).Format("2006-01-02"), pop, issued, float64(issued)*100/float64(pop), c)
		}
	}); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "datapackage.json"), []byte(descriptor), 0o644)
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
