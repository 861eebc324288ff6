package frictionless

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// FuzzValidatePackage writes any descriptor beside a small CSV file and
// validates it: no panic, no hang, and every problem is an *Error with a
// code (a tool failure is allowed only for I/O).
func FuzzValidatePackage(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/codes/*/datapackage.json")
	// The reference descriptors when the shared corpus is there (never copied).
	corpusSeeds, _ := filepath.Glob("../../../shared/corpus/frictionless/data/*.json")
	seeds = append(seeds, corpusSeeds...)
	for _, s := range seeds {
		if b, err := os.ReadFile(s); err == nil {
			f.Add(b, []byte("code,name,population\n011002,札幌市,1\n"))
		}
	}
	f.Add([]byte(`{"resources": [{"name": "a", "path": "data.csv", "schema": {"fields": [{"name": "x", "type": "integer"}], "primaryKey": "x", "foreignKeys": [{"fields": "x", "reference": {"resource": "", "fields": "x"}}]}}]}`), []byte("x\n1\n1\n\n"))
	f.Fuzz(func(t *testing.T, descriptor, data []byte) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "datapackage.json"), descriptor, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "data.csv"), data, 0o644); err != nil {
			t.Fatal(err)
		}
		rep, err := Validate(context.Background(), filepath.Join(dir, "datapackage.json"), Options{MaxErrors: 50})
		if err != nil {
			return
		}
		for _, e := range rep.Errors {
			if e.Code == "" || e.Ja == "" || e.En == "" {
				t.Fatalf("error without code or message: %#v", e)
			}
		}
		if rep.Valid != (len(rep.Errors) == 0) {
			t.Fatalf("Valid = %v with %d errors", rep.Valid, len(rep.Errors))
		}
	})
}

// FuzzValidateTable validates any bytes against a schema using most types
// and every key: no panic, no hang.
func FuzzValidateTable(f *testing.F) {
	for _, s := range []string{"", "a,b,c,d\n", "a,b,c,d\n1,2025-05-01,x,1\n1,2025-05-01,y,2\n", "a,b\n\"open", "\xef\xbb\xbfa\n\x00\n\xff\n"} {
		f.Add([]byte(s))
	}
	schemaDoc := `{"fields": [{"name": "a", "type": "integer", "constraints": {"minimum": 0, "unique": true}},
		{"name": "b", "type": "date"}, {"name": "c", "type": "string", "constraints": {"pattern": "[a-z]+", "maxLength": 3}},
		{"name": "d", "type": "number"}], "primaryKey": ["a", "b"], "uniqueKeys": [["c", "d"]],
		"foreignKeys": [{"fields": ["d"], "reference": {"fields": ["a"]}}]}`
	dir := f.TempDir()
	sp := filepath.Join(dir, "schema.json")
	if err := os.WriteFile(sp, []byte(schemaDoc), 0o644); err != nil {
		f.Fatal(err)
	}
	schema, errs, err := LoadSchema(sp)
	if err != nil || len(errs) > 0 {
		f.Fatalf("LoadSchema = %v, %v", errs, err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(t.TempDir(), "t.csv")
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := ValidateTable(context.Background(), p, schema, nil, Options{MaxErrors: 100}); err != nil {
			t.Fatalf("ValidateTable failed: %v", err)
		}
	})
}
