package frictionless

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// corpus is the Frictionless reference fixtures with, in EXPECTED.md, what
// frictionless-py v5 reports for each. Tests skip when it is absent.
const corpus = "../../../shared/corpus/frictionless/data"

func needCorpus(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(corpus); err != nil {
		t.Skipf("corpus not available: %v", err)
	}
}

// got is an error reduced to what EXPECTED.md states: row, field number and
// code (0 where it has "-").
type got struct {
	Row, Field int
	Code       string
}

func reduce(errs []*Error) []got {
	out := []got{}
	for _, e := range errs {
		out = append(out, got{e.Row, e.FieldNumber, e.Code})
	}
	return out
}

// tempPackage writes descriptor as datapackage.json into a new directory
// with copies of the named corpus files ("src=dst" to rename; copies live
// only in the test's temporary directory), and returns the descriptor's path.
func tempPackage(t *testing.T, descriptor string, files ...string) string {
	t.Helper()
	dir := t.TempDir()
	for _, f := range files {
		src, dst, ok := strings.Cut(f, "=")
		if !ok {
			dst = src
		}
		b, err := os.ReadFile(filepath.Join(corpus, src))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, dst)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, dst), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	p := filepath.Join(dir, "datapackage.json")
	if err := os.WriteFile(p, []byte(descriptor), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func validateFile(t *testing.T, path string, opt Options) *Report {
	t.Helper()
	rep, err := Validate(context.Background(), path, opt)
	if err != nil {
		t.Fatalf("Validate(%s) failed: %v", path, err)
	}
	return rep
}

// TestConformanceTables checks single tables against EXPECTED.md. Where the
// reference inferred a schema, the case gives the schema it infers (or none:
// then only header and structure errors can appear, which is what must
// agree).
func TestConformanceTables(t *testing.T) {
	needCorpus(t)
	tests := []struct {
		name     string
		file     string
		resource string // extra resource properties, JSON members
		max      int
		want     []got
		rows     int // -1: not checked
	}{
		{"table valid", "table.csv", ``, 0, nil, 2},
		{"table hash", "table.csv", `"hash": "bad"`, 0, []got{{0, 0, CodeHash}}, -1},
		{"table bytes", "table.csv", `"bytes": 40`, 0, []got{{0, 0, CodeBytes}}, -1},
		{"table bytes exact", "table.csv", `"bytes": 30, "hash": "6c2c61dd9b0e9c6876139a449ed87933"`, 0, nil, -1},
		{"table sha256", "table.csv", `"hash": "sha256:a1fd6c5ff3494f697874deeb07f69f8667e903dd94a7bc062dd57550cea26da8"`, 0, nil, -1},
		{"table rows", "table.csv", `"rows": 3`, 0, []got{{0, 0, CodeRows}}, -1},
		{"table hash and bytes off", "table.csv", `"hash": "6c2c61dd9b0e9c6876139a449ed879330", "bytes": 31`, 0, []got{{0, 0, CodeHash}, {0, 0, CodeBytes}}, -1},
		{"table extra label", "table.csv", `"schema": {"fields": [{"name": "id", "type": "integer"}]}`, 0,
			[]got{{0, 2, CodeExtraLabel}, {2, 2, CodeExtraCell}, {3, 2, CodeExtraCell}}, -1},
		{"table missing required field", "table.csv", `"schema": {"fields": [{"name": "id", "type": "integer"}, {"name": "name", "type": "string"}, {"name": "bad", "type": "any", "constraints": {"required": true}}]}`, 0,
			[]got{{0, 3, CodeMissingLabel}, {2, 3, CodeConstraint}, {2, 3, CodeMissingCell}, {3, 3, CodeConstraint}, {3, 3, CodeMissingCell}}, -1},
		{"invalid", "invalid.csv", ``, 0, []got{{0, 3, CodeBlankLabel}, {0, 4, CodeDuplicateLabel},
			{2, 3, CodeMissingCell}, {2, 4, CodeMissingCell}, {3, 3, CodeMissingCell}, {3, 4, CodeMissingCell},
			{4, 0, CodeBlankRow}, {5, 5, CodeExtraCell}}, -1},
		{"invalid limit 3", "invalid.csv", ``, 3, []got{{0, 3, CodeBlankLabel}, {0, 4, CodeDuplicateLabel}, {2, 3, CodeMissingCell}}, -1},
		{"blank headers", "blank-headers.csv", ``, 0, []got{{0, 2, CodeBlankLabel}}, -1},
		{"duplicate headers", "duplicate-headers.csv", ``, 0, []got{{0, 3, CodeDuplicateLabel}, {0, 5, CodeDuplicateLabel}}, -1},
		{"defective rows", "defective-rows.csv", ``, 0, []got{{2, 3, CodeMissingCell}, {3, 4, CodeExtraCell}}, -1},
		{"blank rows", "blank-rows.csv", ``, 0, []got{{4, 0, CodeBlankRow}}, -1},
		{"blank rows multiple", "blank-rows-multiple.csv", ``, 0, []got{{4, 0, CodeBlankRow}, {5, 0, CodeBlankRow}, {6, 0, CodeBlankRow},
			{7, 0, CodeBlankRow}, {8, 0, CodeBlankRow}, {9, 0, CodeBlankRow}, {10, 0, CodeBlankRow}, {11, 0, CodeBlankRow},
			{12, 0, CodeBlankRow}, {13, 0, CodeBlankRow}, {14, 0, CodeBlankRow}}, -1},
		{"blank cells", "blank-cells.csv", ``, 0, nil, -1},
		{"empty", "empty.csv", ``, 0, []got{{0, 0, CodeSource}}, -1},
		{"without rows", "without-rows.csv", ``, 0, nil, 0},
		{"structure errors limit 3", "structure-errors.csv", ``, 3, []got{{4, 0, CodeBlankRow}, {5, 4, CodeExtraCell}, {5, 5, CodeExtraCell}}, -1},
		{"capital invalid", "capital-invalid.csv", `"schema": {"fields": [{"name": "id", "type": "integer"}, {"name": "name", "type": "string"}, {"name": "name", "type": "string"}]}`, 0,
			[]got{{0, 3, CodeDuplicateLabel}, {10, 3, CodeMissingCell}, {11, 0, CodeBlankRow}, {12, 1, CodeType}, {12, 4, CodeExtraCell}}, -1},
		{"capital valid", "capital-valid.csv", ``, 0, nil, -1},
		{"countries", "countries.csv", `"dialect": {"commentChar": "#"}`, 0,
			[]got{{4, 5, CodeExtraCell}, {7, 2, CodeMissingCell}, {7, 3, CodeMissingCell}, {7, 4, CodeMissingCell}}, -1},
		// frictionless-py reports the file; here the error has its row too.
		{"latin1", "latin1.csv", ``, 0, []got{{3, 0, CodeEncoding}}, -1},
		{"encoding issue 274", "encoding-issue-274.csv", ``, 0, nil, -1},
		// Spec: canonical data here is UTF-8 without BOM, so a BOM is an
		// encoding-error (frictionless-py strips it silently). The BOM is
		// still removed, so the labels are exactly id and name.
		{"bom", "bom.csv", `"schema": {"fields": [{"name": "id", "type": "integer"}, {"name": "name", "type": "string"}]}`, 0, []got{{1, 0, CodeEncoding}}, -1},
		{"delimiter", "delimiter.csv", `"dialect": {"delimiter": ";"}`, 0, nil, 2},
		{"without headers", "without-headers.csv", `"dialect": {"header": false}`, 0, nil, 3},
		{"without headers schema", "without-headers.csv", `"dialect": {"header": false}, "schema": {"fields": [{"name": "id", "type": "integer"}, {"name": "name"}]}`, 0, nil, 3},
		{"without headers extra", "without-headers-extra.csv", `"dialect": {"header": false}`, 0, []got{{3, 3, CodeExtraCell}}, 3},
		{"matrix header row 2", "matrix.csv", `"dialect": {"headerRows": [2]}, "schema": {"fields": [{"name": "11"}, {"name": "12"}, {"name": "13"}, {"name": "14"}]}`, 0, nil, 3},
		{"matrix header rows 2-4", "matrix.csv", `"dialect": {"headerRows": [2, 3, 4]}, "schema": {"fields": [{"name": "11 21 31"}, {"name": "12 22 32"}, {"name": "13 23 33"}, {"name": "14 24 34"}]}`, 0, nil, 1},
		{"matrix header join", "matrix.csv", `"dialect": {"headerRows": [2, 3, 4], "headerJoin": "."}, "schema": {"fields": [{"name": "11.21.31"}, {"name": "12.22.32"}, {"name": "13.23.33"}, {"name": "14.24.34"}]}`, 0, nil, 1},
		{"matrix comments", "matrix.csv", `"dialect": {"commentChar": "41", "commentRows": [2]}, "schema": {"fields": [{"name": "f1"}, {"name": "f2"}, {"name": "f3"}, {"name": "f4"}]}`, 0, nil, 2},
		{"schema errors limit 3", "schema-errors.csv", `"schema": "schema-valid.json"`, 3, []got{{4, 1, CodeType}, {4, 2, CodeConstraint}, {4, 3, CodeConstraint}}, -1},
		{"unique field", "unique-field.csv", `"schema": "unique-field.json"`, 0, []got{{10, 1, CodeUnique}, {10, 0, CodePrimaryKey}}, -1},
		// RFC 4180 §2.5: "If fields are not enclosed with double quotes, then
		// double quotes may not appear inside the fields." frictionless-py reads
		// ["a"] leniently; here the two lines are format-errors.
		{"enum with nulls", "issue-833.csv", `"schema": "issue-833.json"`, 0, []got{{2, 0, CodeFormat}, {4, 0, CodeFormat}}, -1},
		{"sync schema", "sync-schema.csv", `"schema": {"fieldsMatch": "equal", "fields": [{"name": "id", "type": "integer"}, {"name": "name", "type": "string"}]}`, 0, nil, -1},
		{"issue 277 by name", "issue-277.csv", `"schema": "issue-277.json"`, 0, []got{{49, 50, CodeConstraint}, {68, 50, CodeConstraint}, {69, 50, CodeConstraint}}, -1},
		{"duplicate column by name", "duplicate-column.csv", `"schema": {"fieldsMatch": "partial", "fields": [{"name": "A", "type": "string"}, {"name": "B", "type": "string"}, {"name": "C", "type": "string"}]}`, 0,
			[]got{{0, 3, CodeDuplicateLabel}, {0, 0, CodeSchema}}, -1},
		{"nested self foreign key", "nested.csv", `"schema": {"fields": [{"name": "id", "type": "integer"}, {"name": "cat", "type": "integer"}, {"name": "name", "type": "string"}], "foreignKeys": [{"fields": "cat", "reference": {"resource": "", "fields": "id"}}]}`, 0, nil, -1},
		{"nested self foreign key invalid", "nested-invalid.csv", `"schema": {"fields": [{"name": "id", "type": "integer"}, {"name": "cat", "type": "integer"}, {"name": "name", "type": "string"}], "foreignKeys": [{"fields": ["cat"], "reference": {"fields": ["id"]}}]}`, 0,
			[]got{{6, 0, CodeForeignKey}}, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			extra := ""
			if tt.resource != "" {
				extra = ", " + tt.resource
			}
			files := []string{tt.file}
			for _, s := range []string{"schema-valid.json", "unique-field.json", "issue-833.json", "issue-277.json"} {
				if strings.Contains(tt.resource, `"`+s+`"`) {
					files = append(files, s)
				}
			}
			p := tempPackage(t, `{"name": "t", "resources": [{"name": "r", "path": "`+tt.file+`"`+extra+`}]}`, files...)
			rep := validateFile(t, p, Options{MaxErrors: tt.max})
			if diff := cmp.Diff(tt.want, reduce(rep.Errors), cmpEmpty); diff != "" {
				t.Errorf("Validate(%s) errors (-want +got):\n%s\n%v", tt.file, diff, rep.Errors)
			}
			if tt.rows >= 0 && len(rep.Resources) == 1 && rep.Resources[0].Rows != tt.rows {
				t.Errorf("Validate(%s) rows = %d, want %d", tt.file, rep.Resources[0].Rows, tt.rows)
			}
			if tt.max > 0 && len(rep.Errors) == tt.max && !rep.Resources[0].Stopped {
				t.Errorf("Validate(%s) with limit %d: Stopped = false, want true", tt.file, tt.max)
			}
		})
	}
}

var cmpEmpty = cmp.Transformer("empty", func(g []got) []got {
	if len(g) == 0 {
		return nil
	}
	return g
})

// TestConformancePackages validates the corpus's package descriptors in
// place (read only).
func TestConformancePackages(t *testing.T) {
	needCorpus(t)
	type want struct {
		Resource string
		Row      int
		Field    int
		Code     string
	}
	tests := []struct {
		name      string
		path      string
		resources []string
		want      []want
	}{
		{"package", "package/datapackage.json", nil, nil},
		{"invalid", "invalid/datapackage.json", nil, []want{{"data", 3, 0, CodeBlankRow}, {"data", 3, 0, CodePrimaryKey}, {"data2", 4, 0, CodeBlankRow}}},
		{"invalid without foreign key", "invalid/datapackage_no_foreign_key.json", nil, []want{{"data", 3, 0, CodeBlankRow}, {"data", 3, 0, CodePrimaryKey}, {"data2", 4, 0, CodeBlankRow}}},
		{"infer", "infer/datapackage.json", nil, nil},
		{"one resource", "datapackage.json", []string{"number-two"}, nil},
		{"geopoint object", "geopoint/datapackage.json", nil, nil},
		{"diacritics in file names", "issue-905/datapackage.json", nil, nil},
		{"inline data is a string", "issue-977.json", nil, []want{{"my_inline_data", 0, 0, CodeResource}}},
		{"missingValues on the package", "package-with-missingvalues-993.json", nil, []want{{"", 0, 0, CodePackage}}},
		// frictionless-py wraps its reasons in one package-error; both reasons
		// are reported here: resources is empty, and fields is misplaced.
		{"fields on the package", "package-with-fields-993.json", nil, []want{{"", 0, 0, CodePackage}, {"", 0, 0, CodePackage}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := validateFile(t, filepath.Join(corpus, tt.path), Options{Resources: tt.resources})
			var gotErrs []want
			for _, e := range rep.Errors {
				gotErrs = append(gotErrs, want{e.Resource, e.Row, e.FieldNumber, e.Code})
			}
			if diff := cmp.Diff(tt.want, gotErrs); diff != "" {
				t.Errorf("Validate(%s) errors (-want +got):\n%s\n%v", tt.path, diff, rep.Errors)
			}
		})
	}

	t.Run("number constraints", func(t *testing.T) {
		rep := validateFile(t, filepath.Join(corpus, "number/datapackage.json"), Options{})
		if rep.Valid {
			t.Errorf("Validate(number/datapackage.json) = valid, want invalid")
		}
	})
	t.Run("three resources", func(t *testing.T) {
		rep := validateFile(t, filepath.Join(corpus, "issue-905/datapackage.json"), Options{})
		if len(rep.Resources) != 3 {
			t.Errorf("Validate(issue-905) resources = %d, want 3", len(rep.Resources))
		}
	})
	t.Run("unknown resource", func(t *testing.T) {
		_, err := Validate(context.Background(), filepath.Join(corpus, "datapackage.json"), Options{Resources: []string{"bad"}})
		if !errors.Is(err, ErrUnknownResource) {
			t.Errorf("Validate(resource bad) error = %v, want ErrUnknownResource", err)
		}
	})
}

// TestConformanceSchemas loads the corpus's Table Schema descriptors.
func TestConformanceSchemas(t *testing.T) {
	needCorpus(t)
	valid := []string{"schema.json", "schema-valid.json", "schema-valid-simple.json", "schema-valid-full.json",
		"schema-valid-pk.json", "schema-valid-pk-array.json", "schema-valid-fk-array.json", "invalid-schema.json"}
	invalid := map[string]string{
		"schema-invalid.json":                       CodeField,
		"schema-invalid-empty.json":                 CodeSchema,
		"schema-invalid-pk-string.json":             CodeSchema,
		"schema-invalid-pk-array.json":              CodeSchema,
		"schema-invalid-fk-string.json":             CodeSchema,
		"schema-invalid-fk-no-reference.json":       CodeSchema,
		"schema-invalid-fk-array.json":              CodeSchema,
		"schema-invalid-fk-string-array-ref.json":   CodeSchema,
		"schema-invalid-fk-array-string-ref.json":   CodeSchema,
		"schema-invalid-fk-array-string.json":       CodeSchema,
		"schema-invalid-fk-array-wrong-number.json": CodeSchema,
		"schema-invalid-pk-no-fields.json":          CodeSchema,
		"schema-invalid-pk-is-wrong-type.json":      CodeSchema,
		"schema-invalid-wrong-type.json":            CodeSchema,
		"schema-invalid-multiple-errors.json":       CodeSchema,
	}
	for _, f := range valid {
		t.Run(f, func(t *testing.T) {
			_, errs, err := LoadSchema(filepath.Join(corpus, f))
			if err != nil || len(errs) > 0 {
				t.Errorf("LoadSchema(%s) = %v, %v; want no errors", f, errs, err)
			}
		})
	}
	for f, code := range invalid {
		t.Run(f, func(t *testing.T) {
			_, errs, err := LoadSchema(filepath.Join(corpus, f))
			if err != nil {
				t.Fatalf("LoadSchema(%s) failed: %v", f, err)
			}
			if len(errs) == 0 {
				t.Fatalf("LoadSchema(%s) = no errors, want %s", f, code)
			}
			for _, e := range errs {
				if e.Code != CodeSchema && e.Code != CodeField {
					t.Errorf("LoadSchema(%s) error code = %s, want %s or %s: %v", f, e.Code, CodeSchema, CodeField, e)
				}
				if e.Line == 0 {
					t.Errorf("LoadSchema(%s) error has no line: %v", f, e)
				}
			}
			if !slices.ContainsFunc(errs, func(e *Error) bool { return e.Code == code }) {
				t.Errorf("LoadSchema(%s) = %v, want a %s", f, errs, code)
			}
		})
	}
}

// TestConformanceDescriptors checks package descriptors that are invalid as
// descriptors, and resource descriptors (wrapped in a package).
func TestConformanceDescriptors(t *testing.T) {
	needCorpus(t)
	wrap := func(t *testing.T, resourceFile string, files ...string) string {
		b, err := os.ReadFile(filepath.Join(corpus, resourceFile))
		if err != nil {
			t.Fatal(err)
		}
		return tempPackage(t, `{"name": "w", "resources": [`+string(b)+`]}`, files...)
	}
	tests := []struct {
		name string
		path func(t *testing.T) string
		want []string // codes
	}{
		// table.csv ends its first lines with CRLF and line 10 with LF.
		// Table Dialect: lineTerminator "specifies the character sequence
		// which terminates rows" — one sequence; and canonical data here
		// uses one line ending throughout, so the mix is one format-error
		// (frictionless-py reads it leniently). Everything else is valid.
		{"resource with dialect and date pattern", func(t *testing.T) string {
			return wrap(t, "issue-1478/resource.json", "issue-1478/table.csv=table.csv")
		}, []string{CodeFormat}},
		{"missingValues on the resource", func(t *testing.T) string { return wrap(t, "resource-with-missingvalues-993.json", "table.csv") }, []string{CodeResource}},
		{"fields on the resource", func(t *testing.T) string { return wrap(t, "resource-with-fields-993.json", "table.csv") }, []string{CodeResource}},
		{"resource without name", func(t *testing.T) string {
			return tempPackage(t, `{"resources": [{"path": "table.csv"}]}`, "table.csv")
		}, []string{CodeResource}},
		{"licence without name or path", func(t *testing.T) string {
			return tempPackage(t, `{"licenses": [{"title": "title"}], "resources": [{"name": "t", "path": "table.csv"}]}`, "table.csv")
		}, []string{CodePackage}},
		{"names not unique, created not a datetime", func(t *testing.T) string {
			return tempPackage(t, `{"created": "test", "resources": [{"name": "t", "path": "table.csv"}, {"name": "t", "path": "table.csv"}]}`, "table.csv")
		}, []string{CodePackage, CodePackage}},
		{"fieldsMatch bogus", func(t *testing.T) string {
			return tempPackage(t, `{"resources": [{"name": "t", "path": "table.csv", "schema": {"fieldsMatch": "bogus", "fields": [{"name": "id"}]}}]}`, "table.csv")
		}, []string{CodeSchema}},
		{"fields not an array", func(t *testing.T) string {
			return tempPackage(t, `{"resources": [{"name": "t", "path": "table.csv", "schema": {"fields": "bad"}}]}`, "table.csv")
		}, []string{CodeSchema}},
		{"field type bad", func(t *testing.T) string {
			return tempPackage(t, `{"resources": [{"name": "t", "path": "table.csv", "schema": {"fields": [{"name": "id", "type": "bad"}]}}]}`, "table.csv")
		}, []string{CodeField}},
		{"missing value objects not unique", func(t *testing.T) string {
			return tempPackage(t, `{"resources": [{"name": "t", "path": "table.csv", "schema": {"missingValues": [{"value": "-99", "label": "a"}, {"value": "-99", "label": "b"}], "fields": [{"name": "id"}, {"name": "name"}]}}]}`, "table.csv")
		}, []string{CodeSchema}},
		{"missing value labels not unique", func(t *testing.T) string {
			return tempPackage(t, `{"resources": [{"name": "t", "path": "table.csv", "schema": {"missingValues": [{"value": "-98", "label": "a"}, {"value": "-99", "label": "a"}], "fields": [{"name": "id"}, {"name": "name"}]}}]}`, "table.csv")
		}, []string{CodeSchema}},
		{"duplicate plain missing values are fine", func(t *testing.T) string {
			return tempPackage(t, `{"resources": [{"name": "t", "path": "table.csv", "schema": {"missingValues": ["-99", "-99"], "fields": [{"name": "id"}, {"name": "name"}]}}]}`, "table.csv")
		}, nil},
		{"object missing values need v2", func(t *testing.T) string {
			return tempPackage(t, `{"$schema": "https://datapackage.org/profiles/1.0/datapackage.json", "resources": [{"name": "t", "path": "table.csv", "schema": {"missingValues": [{"value": "-99"}], "fields": [{"name": "id"}, {"name": "name"}]}}]}`, "table.csv")
		}, []string{CodeSchema}},
		{"object missing values without $schema", func(t *testing.T) string {
			return tempPackage(t, `{"resources": [{"name": "t", "path": "table.csv", "schema": {"missingValues": [{"value": "-99"}], "fields": [{"name": "id"}, {"name": "name"}]}}]}`, "table.csv")
		}, nil},
		{"non-tabular file beside a table", func(t *testing.T) string {
			return tempPackage(t, `{"resources": [{"name": "t", "path": "table.csv"}, {"name": "f", "path": "file.txt"}]}`, "table.csv", "file.txt")
		}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := validateFile(t, tt.path(t), Options{})
			var codes []string
			for _, e := range rep.Errors {
				codes = append(codes, e.Code)
			}
			if diff := cmp.Diff(tt.want, codes); diff != "" {
				t.Errorf("Validate errors (-want +got):\n%s\n%v", diff, rep.Errors)
			}
		})
	}
}

// TestConformanceFieldsMatch is EXPECTED.md's fieldsMatch table: inline
// data with header "name,id" and row "english,1", string fields.
func TestConformanceFieldsMatch(t *testing.T) {
	schemas := map[string]string{
		"reordered": `[{"name": "id", "type": "string"}, {"name": "name", "type": "string"}]`,
		"fewer":     `[{"name": "name", "type": "string"}]`,
		"more":      `[{"name": "name", "type": "string"}, {"name": "id", "type": "string"}, {"name": "extra", "type": "string"}]`,
	}
	tests := []struct {
		schema, match string
		want          []got
	}{
		{"reordered", "exact", []got{{0, 1, CodeIncorrectLabel}, {0, 2, CodeIncorrectLabel}}},
		{"reordered", "equal", nil},
		{"reordered", "subset", nil},
		{"reordered", "superset", nil},
		{"reordered", "partial", nil},
		{"fewer", "exact", []got{{0, 2, CodeExtraLabel}, {2, 2, CodeExtraCell}}},
		{"fewer", "equal", []got{{0, 2, CodeExtraLabel}}},
		{"fewer", "subset", nil},
		{"fewer", "superset", []got{{0, 2, CodeExtraLabel}}},
		{"fewer", "partial", nil},
		{"more", "exact", []got{{0, 3, CodeMissingLabel}, {2, 3, CodeMissingCell}}},
		{"more", "equal", []got{{0, 3, CodeMissingLabel}}},
		{"more", "subset", []got{{0, 3, CodeMissingLabel}}},
		{"more", "superset", nil},
		{"more", "partial", nil},
	}
	for _, tt := range tests {
		t.Run(tt.schema+"/"+tt.match, func(t *testing.T) {
			dir := t.TempDir()
			p := filepath.Join(dir, "datapackage.json")
			desc := `{"resources": [{"name": "t", "data": [["name", "id"], ["english", "1"]], "schema": {"fieldsMatch": "` + tt.match + `", "fields": ` + schemas[tt.schema] + `}}]}`
			if err := os.WriteFile(p, []byte(desc), 0o644); err != nil {
				t.Fatal(err)
			}
			rep := validateFile(t, p, Options{})
			if diff := cmp.Diff(tt.want, reduce(rep.Errors), cmpEmpty); diff != "" {
				t.Errorf("fieldsMatch %s with %s schema (-want +got):\n%s\n%v", tt.match, tt.schema, diff, rep.Errors)
			}
		})
	}

	t.Run("case-sensitive partial", func(t *testing.T) {
		dir := t.TempDir()
		p := filepath.Join(dir, "datapackage.json")
		desc := `{"resources": [{"name": "t", "data": [["AA", "bb"], ["a", "b"]], "schema": {"fieldsMatch": "partial", "fields": [{"name": "aa", "constraints": {"required": true}}, {"name": "BB", "constraints": {"required": true}}]}}]}`
		if err := os.WriteFile(p, []byte(desc), 0o644); err != nil {
			t.Fatal(err)
		}
		rep := validateFile(t, p, Options{})
		want := []got{{0, 0, CodeUnmatchedHeader}, {0, 3, CodeMissingLabel}, {0, 4, CodeMissingLabel}}
		if diff := cmp.Diff(want, reduce(rep.Errors)); diff != "" {
			t.Errorf("partial, case-sensitive (-want +got):\n%s", diff)
		}
	})
}
