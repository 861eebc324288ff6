package frictionless

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/ichiran-jp/ichiran/tools/tablecsv"
)

// errPos is an Error reduced to its code and position.
type errPos struct {
	Code                   string
	Row, Line, Col, Number int
	Field, Label           string
}

func reducePos(errs []*Error) []errPos {
	var out []errPos
	for _, e := range errs {
		out = append(out, errPos{e.Code, e.Row, e.Line, e.Col, e.FieldNumber, e.Field, e.Label})
	}
	return out
}

// writePackage writes files (name → content) into a new directory and
// returns the path of its datapackage.json.
func writePackage(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return filepath.Join(dir, "datapackage.json")
}

// TestTable validates one CSV resource, with the resource properties given
// (JSON members), and checks each error's code and position.
func TestTable(t *testing.T) {
	tests := []struct {
		name     string
		data     string
		resource string
		opt      Options
		want     []errPos
		rows     int
	}{
		// A line that cannot be read is still a row: here the header row,
		// whose labels are then unknown, so that fields map by position.
		{"unreadable header line", "a,b\"\n1,x\n2,y\n", ``, Options{},
			[]errPos{{Code: CodeFormat, Row: 1, Line: 1, Col: 4}}, 2},
		{"unreadable header line with a schema", "a,b\"\n1,x\n2,y\n", `, "schema": {"fields": [{"name": "a", "type": "integer"}, {"name": "b"}]}`, Options{},
			[]errPos{{Code: CodeFormat, Row: 1, Line: 1, Col: 4}}, 2},
		{"unreadable line after a comment", "# note\na,b\"\n1,x\n", `, "dialect": {"commentChar": "#"}`, Options{},
			[]errPos{{Code: CodeFormat, Row: 2, Line: 2, Col: 4}}, 1},
		{"unreadable comment row", "a,b\nx\"y\n1,2\n", `, "dialect": {"commentRows": [2]}`, Options{},
			[]errPos{{Code: CodeFormat, Row: 2, Line: 2, Col: 2}}, 1},

		// A blank header is one blank-header; fields then map by position.
		{"empty header line", "\na\n1\n", ``, Options{}, []errPos{{Code: CodeBlankHeader, Line: 1, Col: 1}}, 2},
		{"blank labels", ",,\n1,2,3\n", ``, Options{}, []errPos{{Code: CodeBlankHeader, Line: 1, Col: 1}}, 1},
		{"blank header with a schema", ",\n1,x\nx,2\n", `, "schema": {"fields": [{"name": "a", "type": "integer"}, {"name": "b"}]}`, Options{},
			[]errPos{{Code: CodeBlankHeader, Line: 1, Col: 1}, {Code: CodeType, Row: 3, Line: 3, Col: 1, Number: 1, Field: "a"}}, 2},
		{"blank header by name", ",\n1,x\n", `, "schema": {"fieldsMatch": "equal", "fields": [{"name": "a", "type": "integer"}, {"name": "b"}]}`, Options{},
			[]errPos{{Code: CodeBlankHeader, Line: 1, Col: 1}}, 1},
		{"one blank label", "a,\n1,2\n", ``, Options{}, []errPos{{Code: CodeBlankLabel, Line: 1, Col: 3, Number: 2}}, 1},

		// Matching by name needs unique labels; the table is not read
		// further (the row below would otherwise be a type-error).
		{"duplicate labels by name", "a,a,b\nx,y,z\n1,2,3\n", `, "schema": {"fieldsMatch": "equal", "fields": [{"name": "a", "type": "integer"}, {"name": "b", "type": "integer"}]}`, Options{},
			[]errPos{{Code: CodeDuplicateLabel, Line: 1, Col: 3, Number: 2, Field: "a", Label: "a"}, {Code: CodeSchema, Line: 1, Col: 1}}, 0},

		// Header errors are on the header's physical line: line 2 here,
		// below a comment, where the quoted first label starts.
		{"header line, exact", "# note\n\"a\nb\",c\n1,2\n", `, "dialect": {"commentChar": "#"}, "schema": {"fields": [{"name": "a\nb"}, {"name": "c"}, {"name": "d"}]}`, Options{},
			[]errPos{{Code: CodeMissingLabel, Line: 2, Number: 3, Field: "d"}, {Code: CodeMissingCell, Row: 3, Line: 4, Number: 3, Field: "d"}}, 1},
		{"header line, partial", "# note\n\"a\nb\",c\n1,2\n", `, "dialect": {"commentChar": "#"}, "schema": {"fieldsMatch": "partial", "fields": [{"name": "x"}, {"name": "y"}]}`, Options{},
			[]errPos{{Code: CodeUnmatchedHeader, Line: 2, Col: 1}, {Code: CodeMissingLabel, Line: 2, Number: 3, Field: "x"}, {Code: CodeMissingLabel, Line: 2, Number: 4, Field: "y"}}, 1},
		{"header line, duplicate by name", "# note\n\"a\nb\",c,c\n1,2,3\n", `, "dialect": {"commentChar": "#"}, "schema": {"fieldsMatch": "equal", "fields": [{"name": "c"}]}`, Options{},
			[]errPos{{Code: CodeDuplicateLabel, Line: 3, Col: 6, Number: 3, Field: "c", Label: "c"}, {Code: CodeSchema, Line: 2, Col: 1}}, 0},

		// Label errors name the schema's field and the label found.
		{"incorrect and extra labels", "id,名前,x\n1,a,b\n", `, "schema": {"fields": [{"name": "id", "type": "integer"}, {"name": "name"}]}`, Options{},
			[]errPos{{Code: CodeIncorrectLabel, Line: 1, Col: 4, Number: 2, Field: "name", Label: "名前"},
				{Code: CodeExtraLabel, Line: 1, Col: 7, Number: 3, Label: "x"},
				{Code: CodeExtraCell, Row: 2, Line: 2, Col: 5, Number: 3}}, 1},
		{"extra label by name", "id,x\n1,2\n", `, "schema": {"fieldsMatch": "equal", "fields": [{"name": "id"}]}`, Options{},
			[]errPos{{Code: CodeExtraLabel, Line: 1, Col: 4, Number: 2, Label: "x"}}, 1},

		{"row too long", "a,b\n1,2\n\"123456789\",3\n4,5\n", ``, Options{CSV: tablecsv.Options{MaxRecordBytes: 8}},
			[]errPos{{Code: CodeFormat, Row: 3, Line: 3, Col: 1}}, 2},

		{"NaN and a range", "x\n1\nNaN\n", `, "schema": {"fields": [{"name": "x", "type": "number", "constraints": {"exclusiveMinimum": 0}}]}`, Options{},
			[]errPos{{Code: CodeConstraint, Row: 3, Line: 3, Col: 1, Number: 1, Field: "x"}}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := writePackage(t, map[string]string{
				"datapackage.json": `{"resources": [{"name": "t", "path": "t.csv"` + tt.resource + `}]}`,
				"t.csv":            tt.data,
			})
			rep := validateFile(t, p, tt.opt)
			if diff := cmp.Diff(tt.want, reducePos(rep.Errors)); diff != "" {
				t.Errorf("Validate(%q) errors (-want +got):\n%s\n%v", tt.data, diff, rep.Errors)
			}
			if rep.Resources[0].Rows != tt.rows {
				t.Errorf("Validate(%q) rows = %d, want %d", tt.data, rep.Resources[0].Rows, tt.rows)
			}
		})
	}
}

// TestRowTooLong: the format-error of a row over Options.CSV.MaxRecordBytes
// wraps tablecsv.ErrRecordTooLong and says so in both languages.
func TestRowTooLong(t *testing.T) {
	p := writePackage(t, map[string]string{
		"datapackage.json": `{"resources": [{"name": "t", "path": "t.csv"}]}`,
		"t.csv":            "a\n" + strings.Repeat("x", 100) + "\n1\n",
	})
	rep := validateFile(t, p, Options{CSV: tablecsv.Options{MaxRecordBytes: 50}})
	if len(rep.Errors) != 1 {
		t.Fatalf("Validate = %v, want one error", rep.Errors)
	}
	e := rep.Errors[0]
	want := "行が長すぎます。この行は読み飛ばしました / a row is too long; the line was skipped"
	if !errors.Is(e, tablecsv.ErrRecordTooLong) || e.Message() != want {
		t.Errorf("Validate error = %v (%v), want %q wrapping ErrRecordTooLong", e, e.Err, want)
	}
}

// TestCellKept: an Error keeps at most the first KiB of a cell, cut
// between characters.
func TestCellKept(t *testing.T) {
	long := strings.Repeat("あ", 2000)
	p := writePackage(t, map[string]string{
		"datapackage.json": `{"resources": [{"name": "t", "path": "t.csv", "schema": {"fields": [{"name": "n", "type": "integer"}]}}]}`,
		"t.csv":            "n\n" + long + "\n",
	})
	rep := validateFile(t, p, Options{})
	if len(rep.Errors) != 1 {
		t.Fatalf("Validate = %v, want one error", rep.Errors)
	}
	if got, want := rep.Errors[0].Cell, strings.Repeat("あ", 341)+"…"; got != want {
		t.Errorf("Validate error Cell = %d bytes (valid UTF-8: %v), want 341 characters and …", len(got), utf8.ValidString(got))
	}
}

// TestCellText cuts cells for errors and messages.
func TestCellText(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"", ""},
		{"札幌市", "札幌市"},
		{strings.Repeat("a", maxCellBytes), strings.Repeat("a", maxCellBytes)},
		{strings.Repeat("a", maxCellBytes+1), strings.Repeat("a", maxCellBytes) + "…"},
		{"a" + strings.Repeat("あ", 400), "a" + strings.Repeat("あ", 341) + "…"},
		{strings.Repeat("\xff", 2000), strings.Repeat("\xff", maxCellBytes) + "…"},
	}
	for _, tt := range tests {
		if got := cellText(tt.in); got != tt.want {
			t.Errorf("cellText(%.20q… %d bytes) = %d bytes, want %d", tt.in, len(tt.in), len(got), len(tt.want))
		}
	}
	if got, want := quote(strings.Repeat("市", 61)), `"`+strings.Repeat("市", 60)+`…"`; got != want {
		t.Errorf("quote(61 characters) = %s, want %s", got, want)
	}
}

// TestReferencedKeys: the keys of a referenced table are all read, however
// many errors the table has (and a duplicate is still a key); its own
// validation stops at the limit.
func TestReferencedKeys(t *testing.T) {
	p := writePackage(t, map[string]string{
		"datapackage.json": `{"resources": [
			{"name": "ref", "path": "ref.csv", "schema": {"fields": [{"name": "code", "type": "integer", "constraints": {"unique": true}}, {"name": "n", "type": "integer"}]}},
			{"name": "data", "path": "data.csv", "schema": {"fields": [{"name": "code", "type": "integer"}],
				"foreignKeys": [{"fields": ["code"], "reference": {"resource": "ref", "fields": ["code"]}}]}}]}`,
		"ref.csv":  "code,n\n1,x\n1,x\n2,x\n3,4\n3,4\n",
		"data.csv": "code\n3\n4\n",
	})
	rep := validateFile(t, p, Options{MaxErrors: 2})
	want := []errPos{
		{Code: CodeType, Row: 2, Line: 2, Col: 3, Number: 2, Field: "n"},
		{Code: CodeUnique, Row: 3, Line: 3, Col: 1, Number: 1, Field: "code"},
		{Code: CodeForeignKey, Row: 3, Line: 3, Col: 1, Field: "code"},
	}
	if diff := cmp.Diff(want, reducePos(rep.Errors)); diff != "" {
		t.Errorf("Validate errors (-want +got):\n%s\n%v", diff, rep.Errors)
	}
	if !rep.Resources[0].Stopped || rep.Resources[1].Stopped {
		t.Errorf("Validate stopped = %v, %v; want true, false", rep.Resources[0].Stopped, rep.Resources[1].Stopped)
	}
}

// TestResourceFormats: TSV files are tab-separated; tables in other formats
// get one resource-error; inline data of a resource that is not a table is
// not read as rows.
func TestResourceFormats(t *testing.T) {
	schema := `"schema": {"fields": [{"name": "id", "type": "integer"}, {"name": "name"}]}`
	tests := []struct {
		name     string
		resource string // the resource descriptor, on one line
		file     string // name of the data file
		data     string
		want     []errPos
		at       string // where in the descriptor the error is, if any
	}{
		{"tsv by extension", `{"name": "t", "path": "t.tsv", ` + schema + `}`, "t.tsv", "id\tname\n1\ta,b\n", nil, ""},
		{"tsv by format", `{"name": "t", "path": "t.txt", "format": "tsv", ` + schema + `}`, "t.txt", "id\tname\n1\ta,b\n", nil, ""},
		{"tsv with a delimiter", `{"name": "t", "path": "t.tsv", "dialect": {"delimiter": ";"}, ` + schema + `}`, "t.tsv", "id;name\n1;a\tb\n", nil, ""},
		{"csv in a tsv file", `{"name": "t", "path": "t.tsv", ` + schema + `}`, "t.tsv", "id,name\n1,a\n", []errPos{
			{Code: CodeIncorrectLabel, Line: 1, Col: 1, Number: 1, Field: "id", Label: "id,name"},
			{Code: CodeMissingLabel, Line: 1, Number: 2, Field: "name"},
			{Code: CodeType, Row: 2, Line: 2, Col: 1, Number: 1, Field: "id"},
			{Code: CodeMissingCell, Row: 2, Line: 2, Number: 2, Field: "name"},
		}, ""},
		{"xlsx table", `{"name": "t", "path": "t.xlsx", "type": "table"}`, "t.xlsx", "PK\x03\x04", []errPos{{Code: CodeResource, Line: 1}}, `"t.xlsx"`},
		{"json format", `{"name": "t", "path": "t.csv", "format": "json", ` + schema + `}`, "t.csv", "id,name\n1,a\n", []errPos{{Code: CodeResource, Line: 1}}, `"json"`},
		{"xlsx file", `{"name": "t", "path": "t.xlsx"}`, "t.xlsx", "PK\x03\x04", nil, ""},
		{"inline object", `{"name": "obj", "data": {"a": 1}}`, "", "", nil, ""},
		{"inline rows", `{"name": "t", "data": [["id", "name"], [1, "a"]], ` + schema + `}`, "", "", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			desc := `{"resources": [` + tt.resource + `]}`
			files := map[string]string{"datapackage.json": desc}
			if tt.file != "" {
				files[tt.file] = tt.data
			}
			rep := validateFile(t, writePackage(t, files), Options{})
			want := tt.want
			if tt.at != "" {
				want[0].Col = strings.Index(desc, tt.at) + 1
			}
			if diff := cmp.Diff(want, reducePos(rep.Errors)); diff != "" {
				t.Errorf("Validate(%s) errors (-want +got):\n%s\n%v", desc, diff, rep.Errors)
			}
		})
	}
}

// TestTableForeignKey: a lone table cannot check a foreign key to another
// resource, and says so at the key in its schema.
func TestTableForeignKey(t *testing.T) {
	dir := t.TempDir()
	schema := filepath.Join(dir, "schema.json")
	if err := os.WriteFile(schema, []byte(`{
  "fields": [{"name": "code"}],
  "foreignKeys": [
    {"fields": ["code"], "reference": {"fields": ["code"]}},
    {"fields": ["code"], "reference": {"resource": "codes", "fields": ["code"]}}
  ]
}`), 0o644); err != nil {
		t.Fatal(err)
	}
	csv := filepath.Join(dir, "t.csv")
	if err := os.WriteFile(csv, []byte("code\n1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	s, errs, err := LoadSchema(schema)
	if err != nil || len(errs) > 0 {
		t.Fatalf("LoadSchema = %v, %v", errs, err)
	}
	rep, err := ValidateTable(context.Background(), csv, s, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []errPos{{Code: CodeSchema, Line: 5, Col: 52}}
	if diff := cmp.Diff(want, reducePos(rep.Errors)); diff != "" || rep.Valid || rep.Errors[0].Path != schema {
		t.Errorf("ValidateTable errors (-want +got):\n%s\n%v", diff, rep.Errors)
	}
}

// TestCommentRowsUnsorted: commentRows of a Dialect built in Go need not be
// sorted.
func TestCommentRowsUnsorted(t *testing.T) {
	dir := t.TempDir()
	csv := filepath.Join(dir, "t.csv")
	if err := os.WriteFile(csv, []byte("a\nx,y\n1\nx,y,z\n2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	d := DefaultDialect()
	d.CommentRows = []int{4, 2}
	rep, err := ValidateTable(context.Background(), csv, nil, d, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Valid || rep.Resources[0].Rows != 2 {
		t.Errorf("ValidateTable = %v, %d rows; want valid, 2 rows", rep.Errors, rep.Resources[0].Rows)
	}
}
