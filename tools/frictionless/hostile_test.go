package frictionless

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Hostile inputs too large to commit as fixtures under testdata/codes are
// built here, in a temporary directory, and validated like the fixtures:
// the test asserts the exact errors (code, row, field and position) and
// that validation stays within a loose memory bound. It asserts no times.

// hostileSchema is the schema of the fixtures under testdata/codes.
const hostileSchema = `{"fields": [{"name": "code", "type": "string"}, {"name": "name", "type": "string"}, {"name": "population", "type": "integer"}]}`

// hostilePackage is a descriptor for one CSV resource, data.csv, with
// schema.
func hostilePackage(schema string) []byte {
	return []byte(`{"name": "hostile", "resources": [{"name": "t", "path": "data.csv", "schema": ` + schema + `}]}`)
}

// summary renders each error of rep on one line: code, row, field and
// position.
func summary(rep *Report, dir string) []string {
	out := []string{fmt.Sprintf("valid=%v", rep.Valid)}
	for _, e := range rep.Errors {
		path, err := filepath.Rel(dir, e.Path)
		if err != nil {
			path = e.Path
		}
		out = append(out, fmt.Sprintf("%s row=%d field=%d:%s at %s:%d:%d", e.Code, e.Row, e.FieldNumber, e.Field, filepath.ToSlash(path), e.Line, e.Col))
	}
	for _, r := range rep.Resources {
		s := fmt.Sprintf("resource %s rows=%d", r.Name, r.Rows)
		if r.Stopped {
			s += " stopped"
		}
		if r.Skipped {
			s += " skipped"
		}
		out = append(out, s)
	}
	return out
}

func TestHostileInputs(t *testing.T) {
	if testing.Short() {
		t.Skip("builds inputs of tens of megabytes")
	}
	const mib = 1 << 20
	row := "011002,札幌市,1973395\n"
	header := "code,name,population\n"
	tests := []struct {
		name       string
		descriptor func() []byte // nil: hostilePackage(hostileSchema)
		data       func() []byte
		want       []string
		// maxAlloc bounds the bytes allocated during validation (a loose
		// bound on memory: a multiple of the input, never a copy per cell
		// or per column).
		maxAlloc uint64
	}{
		{
			name: "10 MB single cell, string field: within the 16 MiB cell limit",
			data: func() []byte {
				return []byte(header + "011002," + strings.Repeat("あ", 10*mib/3) + ",1\n")
			},
			want:     []string{"valid=true", "resource t rows=1"},
			maxAlloc: 64 * mib,
		},
		{
			name: "10 MB single cell, integer field",
			data: func() []byte {
				return []byte(header + "011002,札幌市," + strings.Repeat("9", 10*mib) + "\n")
			},
			want: []string{
				"valid=false",
				"type-error row=2 field=3:population at data.csv:2:12", // columns count characters
				"resource t rows=1",
			},
			maxAlloc: 64 * mib,
		},
		{
			name: "20 MB single cell: over the cell limit, the row is skipped",
			data: func() []byte {
				return []byte(header + "011002," + strings.Repeat("x", 20*mib) + ",1\n" + row)
			},
			want: []string{
				"valid=false",
				"format-error row=2 field=0: at data.csv:2:8", // at the start of the field
				"resource t rows=1",                           // the skipped row is not counted
			},
			maxAlloc: 96 * mib,
		},
		{
			name: "one row of 1,000,000 columns: over the column limit",
			data: func() []byte {
				return []byte(header + strings.Repeat("1,", 999_999) + "1\n" + row)
			},
			want: []string{
				"valid=false",
				"format-error row=2 field=0: at data.csv:2:200001",
				"resource t rows=1",
			},
			maxAlloc: 64 * mib,
		},
		{
			name: "a header of 1,000,000 columns",
			data: func() []byte {
				return []byte(strings.Repeat("c,", 999_999) + "c\n" + row)
			},
			want: []string{
				"valid=false",
				// The header cannot be read: fields map to columns by
				// position, and the row after it is data.
				"format-error row=1 field=0: at data.csv:1:200001",
				"resource t rows=1",
			},
			maxAlloc: 64 * mib,
		},
		{
			name: "descriptor nested 10,000 levels deep",
			descriptor: func() []byte {
				return []byte(strings.Repeat("[", 10_000) + strings.Repeat("]", 10_000))
			},
			data: func() []byte { return []byte(header + row) },
			want: []string{
				"valid=false",
				"package-error row=0 field=0: at datapackage.json:1:101",
			},
			maxAlloc: 16 * mib,
		},
		{
			name: "descriptor nested 10,000 levels deep inside a resource",
			descriptor: func() []byte {
				return []byte(`{"resources": [{"name": "t", "path": "data.csv", "x": ` + strings.Repeat(`{"a":`, 10_000) + "1" + strings.Repeat("}", 10_000) + "}]}")
			},
			data: func() []byte { return []byte(header + row) },
			want: []string{
				"valid=false",
				"package-error row=0 field=0: at datapackage.json:1:540", // the 101st object
			},
			maxAlloc: 16 * mib,
		},
		{
			name: "20 MB descriptor: over the 16 MiB descriptor limit",
			descriptor: func() []byte {
				return []byte(`{"resources": [{"name": "t", "path": "data.csv", "description": "` + strings.Repeat("x", 20*mib) + `"}]}`)
			},
			data: func() []byte { return []byte(header + row) },
			want: []string{
				"valid=false",
				"package-error row=0 field=0: at datapackage.json:1:16777217",
			},
			maxAlloc: 64 * mib,
		},
		{
			name: "NaN, INF and -INF are numbers (Table Schema), 1e999 is not",
			descriptor: func() []byte {
				return hostilePackage(`{"fields": [{"name": "x", "type": "number"}]}`)
			},
			data: func() []byte { return []byte("x\nNaN\nnan\nINF\n-INF\n1e999\n-1e999\n1e308\n4.9e-324\n1e-999\n") },
			want: []string{
				"valid=false",
				"type-error row=6 field=1:x at data.csv:6:1",
				"type-error row=7 field=1:x at data.csv:7:1",
				// 1e-999 underflows to 0 and is accepted.
				"resource t rows=9",
			},
			maxAlloc: 1 * mib,
		},
		{
			name: "NaN and 1e999 are not integers",
			descriptor: func() []byte {
				return hostilePackage(`{"fields": [{"name": "x", "type": "integer"}]}`)
			},
			data: func() []byte { return []byte("x\nNaN\n1e999\n99999999999999999999\n0x10\n１２３\n") },
			want: []string{
				"valid=false",
				"type-error row=2 field=1:x at data.csv:2:1",
				"type-error row=3 field=1:x at data.csv:3:1",
				"type-error row=4 field=1:x at data.csv:4:1",
				"type-error row=5 field=1:x at data.csv:5:1",
				"type-error row=6 field=1:x at data.csv:6:1",
				"resource t rows=5",
			},
			maxAlloc: 1 * mib,
		},
		{
			name: "1e999 in a descriptor",
			descriptor: func() []byte {
				return hostilePackage(`{"fields": [{"name": "x", "type": "number", "constraints": {"maximum": 1e999}}]}`)
			},
			data: func() []byte { return []byte("x\n1\n") },
			want: []string{
				"valid=false",
				"field-error row=0 field=1:x at datapackage.json:1:150",
				"resource t rows=0 skipped",
			},
			maxAlloc: 1 * mib,
		},
		{
			name: "NaN in a descriptor is not JSON",
			descriptor: func() []byte {
				return hostilePackage(`{"fields": [{"name": "x", "type": "number", "constraints": {"maximum": NaN}}]}`)
			},
			data: func() []byte { return []byte("x\n1\n") },
			want: []string{
				"valid=false",
				"package-error row=0 field=0: at datapackage.json:1:150",
			},
			maxAlloc: 1 * mib,
		},
		{
			name: "header only: a table with no rows is valid",
			data: func() []byte { return []byte(header) },
			want: []string{"valid=true", "resource t rows=0"},
		},
		{
			name: "header only, no final newline",
			data: func() []byte { return []byte(strings.TrimSuffix(header, "\n")) },
			want: []string{"valid=true", "resource t rows=0"},
		},
		{
			// LF and CRLF are both line ends, but canonical data uses one
			// throughout: the first line that differs is a format-error,
			// and every row is still read.
			name: "CRLF mixed with LF is a format-error",
			data: func() []byte {
				return []byte("code,name,population\r\n011002,札幌市,1973395\n012025,函館市,251084\r\n")
			},
			want: []string{"valid=false", "format-error row=2 field=0: at data.csv:2:0", "resource t rows=2"},
		},
		{
			// A lone CR ends a line too (old Mac OS files).
			name: "a lone CR is a line end",
			data: func() []byte { return []byte("code,name,population\r011002,札幌市,1973395\r") },
			want: []string{"valid=true", "resource t rows=1"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			desc := hostilePackage(hostileSchema)
			if tt.descriptor != nil {
				desc = tt.descriptor()
			}
			if err := os.WriteFile(filepath.Join(dir, "datapackage.json"), desc, 0o644); err != nil {
				t.Fatal(err)
			}
			data := tt.data()
			if err := os.WriteFile(filepath.Join(dir, "data.csv"), data, 0o644); err != nil {
				t.Fatal(err)
			}
			size := uint64(len(desc) + len(data))
			desc, data = nil, nil

			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			rep, err := Validate(context.Background(), filepath.Join(dir, "datapackage.json"), Options{})
			runtime.ReadMemStats(&after)
			if err != nil {
				t.Fatalf("Validate: %v", err)
			}
			got := summary(rep, dir)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Validate (-want +got):\n%s\n%s", diff, describe(rep, dir))
			}
			alloc := after.TotalAlloc - before.TotalAlloc
			limit := tt.maxAlloc
			if limit == 0 {
				limit = 1 << 20
			}
			if alloc > limit {
				t.Errorf("Validate allocated %d bytes for %d bytes of input, more than the bound of %d", alloc, size, limit)
			}
			t.Logf("input %d bytes, allocated %d bytes", size, alloc)
		})
	}
}
