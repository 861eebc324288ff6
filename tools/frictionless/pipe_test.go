package frictionless

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// reportBytes validates descriptor with opt on procs CPUs and renders the
// report as JSON and as text.
func reportBytes(t *testing.T, procs int, descriptor string, opt Options) []byte {
	t.Helper()
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
	rep, err := Validate(context.Background(), descriptor, opt)
	if err != nil {
		return []byte("error: " + err.Error())
	}
	var b bytes.Buffer
	if err := rep.WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	if err := rep.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// writeKeyedPackage writes a package whose table spans many batches and has
// every kind of problem the two stages find, at intervals: duplicate
// primary keys, unique and unique-key violations, foreign keys not found
// (to another resource and to itself), cells that do not cast or break a
// constraint, blank rows, short and long rows, and a line that is not a
// row.
func writeKeyedPackage(t *testing.T, dir string, rows int) string {
	t.Helper()
	var ref strings.Builder
	ref.WriteString("code\n")
	for c := range 50 {
		fmt.Fprintf(&ref, "%06d\n", c)
	}
	var data strings.Builder
	data.WriteString("code,day,n,tag,parent\n")
	for i := range rows {
		code, day, n, tag, parent := fmt.Sprintf("%06d", i%50), fmt.Sprintf("2020-01-%02d", i/50%28+1), fmt.Sprint(i), fmt.Sprintf("t%d", i), fmt.Sprint(i/2)
		switch {
		case i%97 == 5:
			day = fmt.Sprintf("2020-01-%02d", (i-50)/50%28+1) // an earlier row's key
		case i%89 == 3:
			code = "999999" // not in ref
		case i%83 == 7:
			n = "x"
		case i%79 == 1:
			tag = "t1" // not unique
		case i%73 == 2:
			parent = "-5" // no such n: self-reference not found
		case i%71 == 4:
			data.WriteString("\n")
			continue
		case i%67 == 6:
			data.WriteString(code + "," + day + "\n")
			continue
		case i%61 == 8:
			data.WriteString(code + "," + day + "," + n + "," + tag + "," + parent + ",extra\n")
			continue
		case i%101 == 10:
			tag = "\"t\n\"\"1\"" // quoted, across two lines: a duplicate from the second on
		case i%103 == 11:
			code, tag, n = "\ufeff"+code, "t1", "7" // a record that starts with U+FEFF
		case i%109 == 13:
			n = "7" // not unique
		case i%107 == 12:
			tag = "t\xff" // invalid UTF-8
		case i%211 == 9:
			data.WriteString(`a"b,c` + "\n")
			continue
		}
		fmt.Fprintf(&data, "%s,%s,%s,%s,%s\n", code, day, n, tag, parent)
	}
	for name, text := range map[string]string{"ref.csv": ref.String(), "data.csv": data.String(), "datapackage.json": keyedDescriptor} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return filepath.Join(dir, "datapackage.json")
}

// keyedDescriptor describes data.csv with every kind of key.
const keyedDescriptor = `{"resources": [
  {"name": "ref", "path": "ref.csv", "schema": {"fields": [{"name": "code", "type": "string", "constraints": {"pattern": "[0-9]{6}"}}], "primaryKey": "code"}},
  {"name": "data", "path": "data.csv", "schema": {
    "fields": [
      {"name": "code", "type": "string", "constraints": {"required": true, "pattern": "[0-9]{6}"}},
      {"name": "day", "type": "date"},
      {"name": "n", "type": "integer", "constraints": {"unique": true}},
      {"name": "tag", "type": "string"},
      {"name": "parent", "type": "integer"}
    ],
    "primaryKey": ["code", "day"],
    "uniqueKeys": [["tag"]],
    "foreignKeys": [
      {"fields": "code", "reference": {"resource": "ref", "fields": "code"}},
      {"fields": "parent", "reference": {"resource": "", "fields": "n"}}
    ]}}
]}`

// TestPipelineSameReport checks that reading and checking on two
// goroutines gives the report of one goroutine, byte for byte, with the
// error limit and the row limit anywhere.
func TestPipelineSameReport(t *testing.T) {
	descriptors, _ := filepath.Glob("testdata/codes/*/datapackage.json")
	descriptors = append(descriptors, writeKeyedPackage(t, t.TempDir(), 5000))
	opts := []Options{{}, {MaxErrors: 1}, {MaxErrors: 7}, {MaxErrors: 333}, {MaxErrors: -1}, {MaxRows: 1}, {MaxRows: 1500, MaxErrors: -1}}
	for _, d := range descriptors {
		for _, opt := range opts {
			for _, batch := range []int{512, 3} {
				t.Run(fmt.Sprintf("%s/%+v/batch=%d", filepath.Base(filepath.Dir(d)), opt, batch), func(t *testing.T) {
					defer smallBatches(batch)()
					one := reportBytes(t, 1, d, opt)
					two := reportBytes(t, 2, d, opt)
					if !bytes.Equal(one, two) {
						t.Errorf("report on 2 CPUs differs from 1 CPU:\n%s\nwant:\n%s", firstDiff(two, one), firstDiff(one, two))
					}
				})
			}
		}
	}
}

// smallBatches sets the rows of a batch to n until the function it returns
// is called.
func smallBatches(n int) func() {
	rows, events := batchRows, batchEvents
	batchRows, batchEvents = n, 4*n
	return func() { batchRows, batchEvents = rows, events }
}

// firstDiff returns a from a little before its first difference with b.
func firstDiff(a, b []byte) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	start := max(0, i-200)
	return string(a[start:min(len(a), i+200)])
}

// TestPipelineErrorLimit checks where the error limit stops a table that
// spans many batches.
func TestPipelineErrorLimit(t *testing.T) {
	d := writeKeyedPackage(t, t.TempDir(), 5000)
	for _, max := range []int{1, 10, 100} {
		rep, err := Validate(context.Background(), d, Options{MaxErrors: max})
		if err != nil {
			t.Fatal(err)
		}
		data := rep.Resources[1]
		if data.Errors != max || !data.Stopped {
			t.Errorf("MaxErrors %d: data has %d errors, stopped %v; want %d, stopped", max, data.Errors, data.Stopped, max)
		}
		if data.Rows >= 5000 {
			t.Errorf("MaxErrors %d: %d data rows read, want fewer than all", max, data.Rows)
		}
	}
}

// TestPipelineCancel cancels validation while it reads: it ends with the
// context's error and leaves no goroutine behind.
func TestPipelineCancel(t *testing.T) {
	d := writeKeyedPackage(t, t.TempDir(), 20000)
	before := runtime.NumGoroutine()
	for _, after := range []time.Duration{0, time.Millisecond, 3 * time.Millisecond} {
		ctx, cancel := context.WithTimeout(context.Background(), after)
		_, err := Validate(ctx, d, Options{MaxErrors: -1})
		cancel()
		if err != nil && err != context.DeadlineExceeded {
			t.Errorf("Validate(cancelled after %v) = %v, want nil or %v", after, err, context.DeadlineExceeded)
		}
	}
	deadline := time.Now().Add(2 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		t.Errorf("goroutines after cancelled validations = %d, want %d", n, before)
	}
}

// FuzzPipeline validates any data against a schema with every kind of key,
// with the stages in turn and at the same time: the reports must be the
// same, byte for byte.
func FuzzPipeline(f *testing.F) {
	f.Add([]byte("code,day,n,tag,parent\n000001,2020-01-01,1,a,1\n000001,2020-01-01,1,a,9\n"), uint8(0))
	f.Add([]byte("code,day,n,tag,parent\n000001,2020-01-01,1,\"a\nb\",1\n\ufeff000001,x,1,\"a\nb\",1\n"), uint8(2))
	f.Fuzz(func(t *testing.T, data []byte, maxErrors uint8) {
		dir := t.TempDir()
		ref := "code\n000001\n000002\n"
		for name, text := range map[string][]byte{"ref.csv": []byte(ref), "data.csv": data, "datapackage.json": []byte(keyedDescriptor)} {
			if err := os.WriteFile(filepath.Join(dir, name), text, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		d := filepath.Join(dir, "datapackage.json")
		opt := Options{MaxErrors: int(maxErrors)%8 - 1}
		defer smallBatches(1 + int(maxErrors)/8%4)()
		testSequential = true
		one := reportBytes(t, 2, d, opt)
		testSequential = false
		two := reportBytes(t, 2, d, opt)
		if !bytes.Equal(one, two) {
			t.Errorf("report with the stages at once differs:\n%s\nwant:\n%s", firstDiff(two, one), firstDiff(one, two))
		}
	})
}
