package frictionless

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ichiran-jp/ichiran/tools/jsondoc"
)

// TestDescriptorLimits checks that LoadPackageWith and LoadSchemaWith
// apply their limits to every descriptor file, with an error naming the
// limit, and that zero limits are the defaults of LoadPackage.
func TestDescriptorLimits(t *testing.T) {
	dir := t.TempDir()
	write := func(name, s string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	write("data.csv", "id\n1\n")
	write("schema.json", `{"description": "`+strings.Repeat("x", 200)+`", "fields": [{"name": "id", "type": "integer", "constraints": {"minimum": 0}}]}`)
	pkg := write("datapackage.json", `{"name": "limits", "resources": [{"name": "t", "path": "data.csv", "schema": "schema.json"}]}`)
	schema := filepath.Join(dir, "schema.json")

	tests := []struct {
		name      string
		lim       DescriptorLimits
		load      func(DescriptorLimits) ([]*Error, error)
		code, msg string
		sentinel  error
	}{
		{"package, defaults", DescriptorLimits{}, loadPkg(pkg), "", "", nil},
		{"package, too large", DescriptorLimits{MaxBytes: 20}, loadPkg(pkg), CodePackage, "larger than the limit of 20 bytes", jsondoc.ErrTooLarge},
		{"package, too deep", DescriptorLimits{MaxDepth: 2}, loadPkg(pkg), CodePackage, "deeper than the limit of 2", jsondoc.ErrTooDeep},
		// The package descriptor nests 4 levels; its schema file, 4 too
		// (the object, fields, a field, constraints).
		{"package, depth 4", DescriptorLimits{MaxDepth: 4}, loadPkg(pkg), "", "", nil},
		// The package descriptor is about 100 bytes, its schema file 280.
		{"schema file of a resource, too large", DescriptorLimits{MaxBytes: 150}, loadPkg(pkg), CodeSchema, "larger than the limit of 150 bytes", jsondoc.ErrTooLarge},
		{"schema, defaults", DescriptorLimits{}, loadSchema(schema), "", "", nil},
		{"schema, too deep", DescriptorLimits{MaxDepth: 3}, loadSchema(schema), CodeSchema, "deeper than the limit of 3", jsondoc.ErrTooDeep},
		{"schema, too large", DescriptorLimits{MaxBytes: 10}, loadSchema(schema), CodeSchema, "larger than the limit of 10 bytes", jsondoc.ErrTooLarge},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			errs, err := tc.load(tc.lim)
			if err != nil {
				t.Fatal(err)
			}
			if tc.code == "" {
				if len(errs) > 0 {
					t.Fatalf("errors: %v", errs)
				}
				return
			}
			if len(errs) != 1 {
				t.Fatalf("got %d errors %v, want 1", len(errs), errs)
			}
			e := errs[0]
			if e.Code != tc.code || !strings.Contains(e.En, tc.msg) || !errors.Is(e.Err, tc.sentinel) || e.Line == 0 {
				t.Errorf("got %s %q (err %v, line %d), want %s %q wrapping %v", e.Code, e.En, e.Err, e.Line, tc.code, tc.msg, tc.sentinel)
			}
		})
	}
}

func loadPkg(path string) func(DescriptorLimits) ([]*Error, error) {
	return func(lim DescriptorLimits) ([]*Error, error) {
		_, errs, err := LoadPackageWith(path, lim)
		return errs, err
	}
}

func loadSchema(path string) func(DescriptorLimits) ([]*Error, error) {
	return func(lim DescriptorLimits) ([]*Error, error) {
		_, errs, err := LoadSchemaWith(path, lim)
		return errs, err
	}
}
