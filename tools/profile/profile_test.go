package profile

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
)

// pk is the part of a Violation most tests assert: where and which keyword.
type pk struct{ Pointer, Keyword string }

func pointersAndKeywords(vs []Violation) []pk {
	var out []pk
	for _, v := range vs {
		out = append(out, pk{v.Pointer, v.Keyword})
	}
	return out
}

// parse decodes JSON as the callers do: encoding/json with UseNumber.
func parse(t *testing.T, s string) any {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("bad test JSON %s: %v", s, err)
	}
	return v
}

func defaultSet(t *testing.T) *Set {
	t.Helper()
	set, err := Default()
	if err != nil {
		t.Fatalf("Default() error: %v", err)
	}
	return set
}

func TestDefaultNames(t *testing.T) {
	got := defaultSet(t).Names()
	want := []string{"datapackage", "dataresource", "tabledialect", "tableschema"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Names() = %v, want %v", got, want)
	}
}

type profileCase struct {
	name string
	doc  string
	want []pk
}

func runProfileCases(t *testing.T, profile string, cases []profileCase) {
	t.Helper()
	set := defaultSet(t)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := pointersAndKeywords(set.Validate(profile, parse(t, tc.doc)))
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Validate(%q, %s) = %v, want %v\n%s", profile, tc.doc, got, tc.want, diff)
			}
		})
	}
}

func TestDataPackage(t *testing.T) {
	runProfileCases(t, "datapackage", []profileCase{
		{"minimal", `{"resources":[{"name":"a","path":"a.csv"}]}`, nil},
		{"full", `{
			"$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
			"name": "my-package.v2_x", "id": "b03ec84-77fd", "title": "T", "description": "D",
			"homepage": "https://example.com/", "image": "logo.png", "keywords": ["a", "b"],
			"version": "1.0.0", "created": "1985-04-12T23:20:50.52Z",
			"licenses": [{"name": "CC-BY-4.0", "title": "CC"}, {"path": "LICENSE.txt"}],
			"sources": [{"title": "", "path": "", "email": ""}],
			"contributors": [{"title": "Joe", "roles": ["author"]}, {"title": "Ann", "role": "author"}],
			"resources": [{"name": "a", "path": "a.csv"}]}`, nil},
		{"custom properties", `{"x-custom": {"any": 1}, "resources":[{"name":"a","path":"a.csv","custom":[1]}]}`, nil},
		{"v1 profile", `{"profile": "tabular-data-package", "resources":[{"name":"a","url":"a.csv"}]}`, nil},
		{"not an object", `[]`, []pk{{"", "type"}}},
		{"no resources", `{"name":"a"}`, []pk{{"", "required"}}},
		{"empty resources", `{"resources":[]}`, []pk{{"/resources", "minItems"}}},
		{"bad name", `{"name":"My Package","resources":[{"name":"a","path":"a"}]}`, []pk{{"/name", "pattern"}}},
		{"bad created", `{"created":"yesterday","resources":[{"name":"a","path":"a"}]}`, []pk{{"/created", "format"}}},
		{"bad homepage", `{"homepage":"not a uri","resources":[{"name":"a","path":"a"}]}`, []pk{{"/homepage", "format"}}},
		{"keywords not array", `{"keywords":"a,b","resources":[{"name":"a","path":"a"}]}`, []pk{{"/keywords", "type"}}},
		{"license without name or path", `{"licenses":[{"title":"t"}],"resources":[{"name":"a","path":"a"}]}`, []pk{{"/licenses/0", "anyOf"}}},
		{"license name with spaces", `{"licenses":[{"name":"CC BY 4.0"}],"resources":[{"name":"a","path":"a"}]}`, []pk{{"/licenses/0/name", "pattern"}}},
		{"contributor roles not array", `{"contributors":[{"roles":"author"}],"resources":[{"name":"a","path":"a"}]}`, []pk{{"/contributors/0/roles", "type"}}},
		{"resource without name", `{"resources":[{"path":"data/table.csv"}]}`, []pk{{"/resources/0", "required"}}},
		{"resource data string", `{"resources":[{"name":"a","data":"A,B"}]}`, []pk{{"/resources/0/data", "type"}}},
		{"resource path and data", `{"resources":[{"name":"a","path":"a","data":[]}]}`, []pk{{"/resources/0", "oneOf"}}},
		{"resource neither path nor data", `{"resources":[{"name":"a"}]}`, []pk{{"/resources/0", "oneOf"}}},
		{"errors in two resources", `{"resources":[{"name":"a","path":"a"},{"name":"B","path":"b"},{"name":"c","path":1}]}`,
			[]pk{{"/resources/1/name", "pattern"}, {"/resources/2/path", "type"}}},
		{"bad field type deep inside", `{"resources":[{"name":"a","path":"a","schema":{"fields":[{"name":"x"},{"name":"y","type":"bad"}]}}]}`,
			[]pk{{"/resources/0/schema/fields/1/type", "enum"}}},
		{"bad dialect deep inside", `{"resources":[{"name":"a","path":"a","dialect":{"header":"no"}}]}`,
			[]pk{{"/resources/0/dialect/header", "type"}}},
	})
}

func TestDataResource(t *testing.T) {
	runProfileCases(t, "dataresource", []profileCase{
		{"path", `{"name":"a","path":"data/a.csv"}`, nil},
		{"path array", `{"name":"a","path":["a1.csv","a2.csv"]}`, nil},
		{"url (v1)", `{"name":"a","url":"https://example.com/a.csv"}`, nil},
		{"path and url", `{"name":"a","path":"a.csv","url":"https://example.com/a.csv"}`, nil},
		{"data array", `{"name":"a","type":"table","data":[["id"],[1]]}`, nil},
		{"data object", `{"name":"a","data":{"k":"v"}}`, nil},
		{"schema and dialect by path", `{"name":"a","path":"a.csv","schema":"schema.json","dialect":"https://example.com/d.json"}`, nil},
		{"all properties", `{"name":"a","path":"a.csv","$schema":"https://datapackage.org/profiles/2.0/dataresource.json",
			"profile":"tabular-data-resource","title":"T","description":"D","homepage":"https://example.com",
			"format":"csv","mediatype":"text/csv","encoding":"utf-8","bytes":30,"hash":"sha256:00ff",
			"sources":[{"title":"s"}],"licenses":[{"name":"CC0-1.0"}],
			"schema":{"fields":[]},"dialect":{"delimiter":";"}}`, nil},
		{"bytes as 1.0 is an integer", `{"name":"a","path":"a","bytes":1.0}`, nil},
		{"no name", `{"path":"a.csv"}`, []pk{{"", "required"}}},
		{"bad name", `{"name":"Bad Name","path":"a.csv"}`, []pk{{"/name", "pattern"}}},
		{"data and url", `{"name":"a","url":"a.csv","data":[]}`, []pk{{"", "oneOf"}}},
		{"empty path array", `{"name":"a","path":[]}`, []pk{{"/path", "minItems"}}},
		{"path number", `{"name":"a","path":5}`, []pk{{"/path", "type"}}},
		{"path array of numbers", `{"name":"a","path":["a",1]}`, []pk{{"/path/1", "type"}}},
		{"data string", `{"name":"a","data":"x"}`, []pk{{"/data", "type"}}},
		{"negative bytes", `{"name":"a","path":"a","bytes":-1}`, []pk{{"/bytes", "minimum"}}},
		{"fractional bytes", `{"name":"a","path":"a","bytes":1.5}`, []pk{{"/bytes", "type"}}},
		{"bytes as string", `{"name":"a","path":"a","bytes":"30"}`, []pk{{"/bytes", "type"}}},
		{"bad type", `{"name":"a","path":"a","type":"tabular"}`, []pk{{"/type", "enum"}}},
		{"schema number", `{"name":"a","path":"a","schema":5}`, []pk{{"/schema", "type"}}},
		{"schema without fields", `{"name":"a","path":"a","schema":{}}`, []pk{{"/schema", "required"}}},
		{"dialect delimiter too long", `{"name":"a","path":"a","dialect":{"delimiter":";;"}}`, []pk{{"/dialect/delimiter", "maxLength"}}},
		{"license without name", `{"name":"a","path":"a","licenses":[{}]}`, []pk{{"/licenses/0", "anyOf"}}},
	})
}

func TestTableSchema(t *testing.T) {
	runProfileCases(t, "tableschema", []profileCase{
		{"simple", `{"fields":[{"name":"id","type":"integer"},{"name":"x"}]}`, nil},
		{"no fields is fine", `{"fields":[]}`, nil},
		{"duplicate field names are allowed", `{"fields":[{"name":"a"},{"name":"a"}]}`, nil},
		{"every type", `{"fields":[
			{"name":"a","type":"string","format":"email"},{"name":"b","type":"number","decimalChar":",","groupChar":" ","bareNumber":false},
			{"name":"c","type":"integer","groupChar":","},{"name":"d","type":"boolean","trueValues":["y"],"falseValues":["n"]},
			{"name":"e","type":"object"},{"name":"f","type":"array"},{"name":"g","type":"list","delimiter":";","itemType":"date"},
			{"name":"h","type":"datetime","format":"%Y"},{"name":"i","type":"date","format":"any"},{"name":"j","type":"time"},
			{"name":"k","type":"year"},{"name":"l","type":"yearmonth"},{"name":"m","type":"duration"},
			{"name":"n","type":"geopoint","format":"array"},{"name":"o","type":"geojson","format":"topojson"},{"name":"p","type":"any"}]}`, nil},
		{"field properties", `{"fields":[{"name":"a","title":"A","description":"D","example":3,"rdfType":"http://schema.org/Thing",
			"constraints":{"required":true,"unique":false,"minLength":0,"maxLength":3,"minimum":"2020-01-01","maximum":5,
				"exclusiveMinimum":1,"exclusiveMaximum":"9","pattern":"[a-z]+","enum":["a","b"],"jsonSchema":{"type":"object"}},
			"missingValues":[],"categories":["a",1],"categoriesOrdered":true}]}`, nil},
		{"schema level", `{"$schema":"https://datapackage.org/profiles/2.0/tableschema.json","fields":[{"name":"a"},{"name":"b"}],
			"fieldsMatch":"subset","missingValues":["","-"],"primaryKey":["a"],"uniqueKeys":[["a"],["a","b"]],
			"foreignKeys":[{"fields":["a"],"reference":{"resource":"other","fields":["id"]}},{"fields":["b"],"reference":{"fields":["a"]}}]}`, nil},
		{"v1 forms", `{"fields":[{"name":"a"}],"primaryKey":"a","foreignKeys":[{"fields":"a","reference":{"resource":"","fields":"id"}}]}`, nil},
		{"labelled missing values", `{"fields":[{"name":"a","missingValues":[{"value":"-99","label":"REFUSED"},{"value":""}]}],
			"missingValues":[{"value":"NA"}]}`, nil},
		{"labelled categories", `{"fields":[{"name":"a","categories":[{"value":"x","label":"X"},{"value":2}]}]}`, nil},
		{"fields not an array", `{"fields":"bad"}`, []pk{{"/fields", "type"}}},
		{"no fields", `{"primaryKey":["a"]}`, []pk{{"", "required"}}},
		{"field without name", `{"fields":[{"type":"string"}]}`, []pk{{"/fields/0", "required"}}},
		{"field name not a string", `{"fields":[{"name":1}]}`, []pk{{"/fields/0/name", "type"}}},
		{"field type bad", `{"fields":[{"name":"a","type":"bad"}]}`, []pk{{"/fields/0/type", "enum"}}},
		{"field type other", `{"fields":[{"name":"a","type":"other"}]}`, []pk{{"/fields/0/type", "enum"}}},
		{"fieldsMatch bogus", `{"fields":[],"fieldsMatch":"bogus"}`, []pk{{"/fieldsMatch", "enum"}}},
		{"missingValues mixed", `{"fields":[],"missingValues":["",{"value":"x"}]}`, []pk{{"/missingValues", "anyOf"}}},
		{"missingValues string", `{"fields":[],"missingValues":"NA"}`, []pk{{"/missingValues", "anyOf"}}},
		{"missingValues object without value", `{"fields":[],"missingValues":[{"label":"x"}]}`, []pk{{"/missingValues", "anyOf"}}},
		{"field missingValues numbers", `{"fields":[{"name":"a","missingValues":[1]}]}`, []pk{{"/fields/0/missingValues", "anyOf"}}},
		{"categories of booleans", `{"fields":[{"name":"a","categories":[true]}]}`, []pk{{"/fields/0/categories", "anyOf"}}},
		{"primaryKey empty", `{"fields":[],"primaryKey":[]}`, []pk{{"/primaryKey", "minItems"}}},
		{"primaryKey number", `{"fields":[],"primaryKey":1}`, []pk{{"/primaryKey", "type"}}},
		{"uniqueKeys empty", `{"fields":[],"uniqueKeys":[]}`, []pk{{"/uniqueKeys", "minItems"}}},
		{"uniqueKeys flat", `{"fields":[],"uniqueKeys":["a"]}`, []pk{{"/uniqueKeys/0", "type"}}},
		{"uniqueKeys empty key", `{"fields":[],"uniqueKeys":[[]]}`, []pk{{"/uniqueKeys/0", "minItems"}}},
		{"foreign key without reference", `{"fields":[],"foreignKeys":[{"fields":"a"}]}`, []pk{{"/foreignKeys/0", "required"}}},
		{"foreign key reference without fields", `{"fields":[],"foreignKeys":[{"fields":["a"],"reference":{"resource":"r"}}]}`,
			[]pk{{"/foreignKeys/0/reference", "required"}}},
		{"foreign key array and string", `{"fields":[],"foreignKeys":[{"fields":["a"],"reference":{"fields":"b"}}]}`,
			[]pk{{"/foreignKeys/0", "anyOf"}}},
		{"foreign key string and array", `{"fields":[],"foreignKeys":[{"fields":"a","reference":{"fields":["b"]}}]}`,
			[]pk{{"/foreignKeys/0", "anyOf"}}},
		// A wrong type is reported once, by the type check, not again as a mismatch.
		{"foreign key fields number", `{"fields":[],"foreignKeys":[{"fields":5,"reference":{"fields":["b"]}}]}`,
			[]pk{{"/foreignKeys/0/fields", "type"}}},
		{"foreign key reference fields number", `{"fields":[],"foreignKeys":[{"fields":"a","reference":{"fields":5}}]}`,
			[]pk{{"/foreignKeys/0/reference/fields", "type"}}},
		{"foreign key resource number", `{"fields":[],"foreignKeys":[{"fields":"a","reference":{"resource":1,"fields":"b"}}]}`,
			[]pk{{"/foreignKeys/0/reference/resource", "type"}}},
		{"constraints", `{"fields":[{"name":"a","constraints":{"required":"yes","minLength":-1,"maxLength":1.5,"minimum":true,
			"pattern":1,"enum":[],"jsonSchema":"x"}}]}`, []pk{
			{"/fields/0/constraints/enum", "minItems"},
			{"/fields/0/constraints/jsonSchema", "type"},
			{"/fields/0/constraints/maxLength", "type"},
			{"/fields/0/constraints/minLength", "minimum"},
			{"/fields/0/constraints/minimum", "type"},
			{"/fields/0/constraints/pattern", "type"},
			{"/fields/0/constraints/required", "type"},
		}},
		{"type specific properties", `{"fields":[{"name":"a","itemType":"geopoint","delimiter":1,"trueValues":"yes","bareNumber":"no","categoriesOrdered":1}]}`, []pk{
			{"/fields/0/bareNumber", "type"},
			{"/fields/0/categoriesOrdered", "type"},
			{"/fields/0/delimiter", "type"},
			{"/fields/0/itemType", "enum"},
			{"/fields/0/trueValues", "type"},
		}},
		{"order is numeric", `{"fields":[{"name":"0"},{},{},{},{},{},{},{},{},{},{},{}]}`, []pk{
			{"/fields/1", "required"}, {"/fields/2", "required"}, {"/fields/3", "required"}, {"/fields/4", "required"},
			{"/fields/5", "required"}, {"/fields/6", "required"}, {"/fields/7", "required"}, {"/fields/8", "required"},
			{"/fields/9", "required"}, {"/fields/10", "required"}, {"/fields/11", "required"},
		}},
	})
}

func TestTableDialect(t *testing.T) {
	runProfileCases(t, "tabledialect", []profileCase{
		{"empty", `{}`, nil},
		{"csv", `{"$schema":"https://datapackage.org/profiles/2.0/tabledialect.json","header":false,"headerRows":[1,2],"headerJoin":".",
			"commentRows":[3],"commentChar":"#","delimiter":";","lineTerminator":"\n","quoteChar":"'","doubleQuote":false,
			"escapeChar":"\\","nullSequence":"\\N","skipInitialSpace":true,"caseSensitiveHeader":true}`, nil},
		{"no quoting", `{"quoteChar":""}`, nil},
		{"json and spreadsheet", `{"property":"rows","itemType":"object","itemKeys":["a","b"],"sheetNumber":2,"sheetName":"S","table":"t"}`, nil},
		{"not an object", `"csv"`, []pk{{"", "type"}}},
		{"header string", `{"header":"yes"}`, []pk{{"/header", "type"}}},
		{"headerRows zero", `{"headerRows":[0]}`, []pk{{"/headerRows/0", "minimum"}}},
		{"commentRows not array", `{"commentRows":1}`, []pk{{"/commentRows", "type"}}},
		{"empty delimiter", `{"delimiter":""}`, []pk{{"/delimiter", "minLength"}}},
		{"long quoteChar", `{"quoteChar":"''"}`, []pk{{"/quoteChar", "maxLength"}}},
		{"long escapeChar", `{"escapeChar":"\\\\"}`, []pk{{"/escapeChar", "maxLength"}}},
		{"itemType row", `{"itemType":"row"}`, []pk{{"/itemType", "enum"}}},
		{"sheetNumber zero", `{"sheetNumber":0}`, []pk{{"/sheetNumber", "minimum"}}},
		{"itemKeys numbers", `{"itemKeys":[1]}`, []pk{{"/itemKeys/0", "type"}}},
	})
}

func TestMessages(t *testing.T) {
	set := defaultSet(t)
	tests := []struct {
		name, profile, doc string
		want               []Violation
	}{
		{"required", "tableschema", `{}`, []Violation{{
			Pointer: "", Keyword: "required",
			MessageJa: "必須のプロパティ 'fields' がありません",
			MessageEn: "missing properties: 'fields'",
		}}},
		{"type", "tableschema", `{"fields":[{"name":5}]}`, []Violation{{
			Pointer: "/fields/0/name", Keyword: "type",
			MessageJa: "型が違います: string が必要ですが number です",
			MessageEn: "expected string, but got number",
		}}},
		{"type union", "tableschema", `{"fields":[],"primaryKey":true}`, []Violation{{
			Pointer: "/primaryKey", Keyword: "type",
			MessageJa: "型が違います: array または string が必要ですが boolean です",
			MessageEn: "expected array or string, but got boolean",
		}}},
		{"enum", "tableschema", `{"fields":[],"fieldsMatch":"bogus"}`, []Violation{{
			Pointer: "/fieldsMatch", Keyword: "enum",
			MessageJa: "'bogus' は使用できる値ではありません (使用可: 'exact', 'equal', 'subset', 'superset', 'partial')",
			MessageEn: `value must be one of "exact", "equal", "subset", "superset", "partial"`,
		}}},
		{"pattern", "dataresource", `{"name":"Foo","path":"a"}`, []Violation{{
			Pointer: "/name", Keyword: "pattern",
			MessageJa: "'Foo' はパターン ^[a-z0-9._-]+$ に一致しません",
			MessageEn: "does not match pattern '^[a-z0-9._-]+$'",
		}}},
		{"format", "datapackage", `{"created":"test","resources":[{"name":"a","path":"a"}]}`, []Violation{{
			Pointer: "/created", Keyword: "format",
			MessageJa: "'test' は date-time の形式として正しくありません (RFC 3339 の日時、例: 2024-06-01T09:00:00+09:00)",
			MessageEn: "'test' is not valid 'date-time'",
		}}},
		{"minItems", "datapackage", `{"resources":[]}`, []Violation{{
			Pointer: "/resources", Keyword: "minItems",
			MessageJa: "要素が少なすぎます: 1 個以上必要ですが 0 個です",
			MessageEn: "minimum 1 items required, but found 0 items",
		}}},
		{"minimum", "tabledialect", `{"sheetNumber":0}`, []Violation{{
			Pointer: "/sheetNumber", Keyword: "minimum",
			MessageJa: "値が小さすぎます: 1 以上が必要ですが 0 です",
			MessageEn: "must be >= 1 but found 0",
		}}},
		{"maxLength", "tabledialect", `{"delimiter":"、、"}`, []Violation{{
			Pointer: "/delimiter", Keyword: "maxLength",
			MessageJa: "文字数が多すぎます: 1 文字までですが 2 文字あります",
			MessageEn: "length must be <= 1, but got 2",
		}}},
		{"oneOf path or data", "dataresource", `{"name":"a"}`, []Violation{{
			Pointer: "", Keyword: "oneOf",
			MessageJa: "リソースには 'path' (ファイルのパスまたは URL、またはその配列) か 'data' (インラインのデータ) のどちらか一方だけが必要です",
			MessageEn: "a resource must have exactly one of 'path' (a file path or URL, or an array of them) or 'data' (inline data)",
		}}},
		{"anyOf missingValues", "tableschema", `{"fields":[],"missingValues":[1]}`, []Violation{{
			Pointer: "/missingValues", Keyword: "anyOf",
			MessageJa: "missingValues は文字列の配列か、文字列の 'value' (と任意で文字列の 'label') を持つオブジェクトの配列でなければなりません",
			MessageEn: "missingValues must be an array of strings, or an array of objects each with a string 'value' and an optional string 'label'",
		}}},
		{"anyOf license", "datapackage", `{"licenses":[{"title":"t"}],"resources":[{"name":"a","path":"a"}]}`, []Violation{{
			Pointer: "/licenses/0", Keyword: "anyOf",
			MessageJa: "ライセンスには 'name' (CC-BY-4.0 などの Open Definition の識別子) か 'path' (ライセンス本文の URL またはパス) のどちらかが必要です",
			MessageEn: "a license needs a 'name' (an Open Definition identifier such as 'CC-BY-4.0') or a 'path' (a URL or path to the license text)",
		}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := set.Validate(tc.profile, parse(t, tc.doc))
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Validate(%q, %s) mismatch (-want +got):\n%s", tc.profile, tc.doc, diff)
			}
		})
	}
}

func TestValidateUnknownProfilePanics(t *testing.T) {
	set := defaultSet(t)
	defer func() {
		if r := recover(); r == nil {
			t.Errorf("Validate(%q) did not panic", "datapackag")
		}
	}()
	set.Validate("datapackag", map[string]any{})
}

// corpusDir holds the frictionless-py fixtures (see EXPECTED.md there).
const corpusDir = "../../../shared/corpus/frictionless/data" // beside the repository

// TestCorpusDescriptors validates the descriptor fixtures named in
// EXPECTED.md's "Packages" and "Schema descriptors" tables. Fixtures that are
// invalid only for reasons JSON Schema cannot express are expected to pass
// here; the comment names what the Go layer must catch.
func TestCorpusDescriptors(t *testing.T) {
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skipf("corpus not available: %v", err)
	}
	set := defaultSet(t)
	tests := []struct {
		file, profile string
		want          []pk
	}{
		// Packages.
		{"package/datapackage.json", "datapackage", nil},
		{"invalid/datapackage.json", "datapackage", nil}, // invalid data, valid descriptor
		{"invalid/datapackage_no_foreign_key.json", "datapackage", nil},
		{"infer/datapackage.json", "datapackage", nil},
		{"datapackage.json", "datapackage", nil},
		{"issue-905/datapackage.json", "datapackage", nil},
		{"geopoint/datapackage.json", "datapackage", nil},
		{"number/datapackage.json", "datapackage", nil},
		{"issue-977.json", "datapackage", []pk{{"/resources/0/data", "type"}}},
		{"package-with-fields-993.json", "datapackage", []pk{{"/resources", "minItems"}}},
		// Go layer: a package-level "missingValues" belongs in resource.schema
		// (custom properties are allowed, so the profile cannot refuse it).
		{"package-with-missingvalues-993.json", "datapackage", nil},
		// The created date fails here; duplicate resource names are the Go layer's.
		{"multiple-errors.package.json", "datapackage", []pk{{"/created", "format"}}},
		// Resources.
		{"issue-991.resource.json", "dataresource", nil}, // the source is empty: a data error
		{"issue-1478/resource.json", "dataresource", nil},
		// Go layer: "missingValues" and "fields" belong in the resource's schema.
		{"resource-with-missingvalues-993.json", "dataresource", nil},
		{"resource-with-fields-993.json", "dataresource", nil},
		// Table Schemas.
		{"schema.json", "tableschema", nil},
		{"schema-valid.json", "tableschema", nil},
		{"schema-valid-simple.json", "tableschema", nil},
		{"schema-valid-full.json", "tableschema", nil},
		{"schema-valid-pk.json", "tableschema", nil},
		{"schema-valid-pk-array.json", "tableschema", nil},
		{"schema-valid-fk-array.json", "tableschema", nil},
		{"invalid-schema.json", "tableschema", nil}, // a field without type is "any"
		{"unique-field.json", "tableschema", nil},
		{"issue-277.json", "tableschema", nil},
		{"issue-833.json", "tableschema", nil},
		{"duplicate-column-schema.json", "tableschema", nil},
		// Go layer: a field-level "required" belongs in constraints.required.
		{"schema-invalid.json", "tableschema", nil},
		{"schema-invalid-empty.json", "tableschema", []pk{{"", "required"}}},
		// Go layer: primaryKey "identifier" names no field.
		{"schema-invalid-pk-string.json", "tableschema", nil},
		// Go layer: primaryKey "titel" names no field.
		{"schema-invalid-pk-array.json", "tableschema", nil},
		// Go layer: foreign key field "doesnotexist" names no field.
		{"schema-invalid-fk-string.json", "tableschema", nil},
		{"schema-invalid-fk-no-reference.json", "tableschema", []pk{{"/foreignKeys/0", "required"}}},
		// Also Go layer: "title" names no field.
		{"schema-invalid-fk-array.json", "tableschema", []pk{{"/foreignKeys/0", "anyOf"}}},
		{"schema-invalid-fk-string-array-ref.json", "tableschema", []pk{{"/foreignKeys/0", "anyOf"}}},
		{"schema-invalid-fk-array-string-ref.json", "tableschema", []pk{{"/foreignKeys/0", "anyOf"}}},
		{"schema-invalid-fk-array-string.json", "tableschema", []pk{{"/foreignKeys/0", "anyOf"}}},
		// Also Go layer: primaryKey "identifier" and foreign key field "notafield" name no field.
		{"schema-invalid-multiple-errors.json", "tableschema", []pk{{"/fields/0/type", "enum"}, {"/foreignKeys/0", "anyOf"}}},
		{"schema-invalid-pk-is-wrong-type.json", "tableschema", []pk{{"", "required"}, {"/primaryKey", "type"}}},
		{"schema-invalid-pk-no-fields.json", "tableschema", []pk{{"", "required"}}},
		// Go layer: 2 fields against 3 reference fields.
		{"schema-invalid-fk-array-wrong-number.json", "tableschema", nil},
		{"schema-invalid-wrong-type.json", "tableschema", []pk{{"", "type"}}},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(corpusDir, tc.file))
			if err != nil {
				t.Skipf("fixture not available: %v", err)
			}
			got := pointersAndKeywords(set.Validate(tc.profile, parse(t, string(data))))
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Validate(%q, %s) = %v, want %v", tc.profile, tc.file, got, tc.want)
			}
		})
	}
}

func TestCompile(t *testing.T) {
	tests := []struct {
		name, schema, doc string
		want              []Violation
	}{
		{"valid", `{"type":"object","required":["a"]}`, `{"a":1}`, nil},
		{"required", `{"type":"object","required":["b","a"]}`, `{}`, []Violation{{
			Pointer: "", Keyword: "required",
			MessageJa: "必須のプロパティ 'b', 'a' がありません",
			MessageEn: "missing properties: 'b', 'a'",
		}}},
		{"json.Number minimum", `{"type":"integer","minimum":0}`, `-1`, []Violation{{
			Pointer: "", Keyword: "minimum",
			MessageJa: "値が小さすぎます: 0 以上が必要ですが -1 です",
			MessageEn: "must be >= 0 but found -1",
		}}},
		{"json.Number 1e2 is an integer", `{"type":"integer"}`, `1e2`, nil},
		{"json.Number exact", `{"const":0.1}`, `0.10`, nil},
		{"json.Number fraction", `{"type":"integer"}`, `1.5`, []Violation{{
			Pointer: "", Keyword: "type",
			MessageJa: "型が違います: integer が必要ですが number です",
			MessageEn: "expected integer, but got number",
		}}},
		{"format asserted", `{"format":"date"}`, `"2024-13-45"`, []Violation{{
			Pointer: "", Keyword: "format",
			MessageJa: "'2024-13-45' は date の形式として正しくありません (RFC 3339 の日付、例: 2024-06-01)",
			MessageEn: "'2024-13-45' is not valid 'date'",
		}}},
		{"internal $ref", `{"$defs":{"n":{"type":"string"}},"items":{"$ref":"#/$defs/n"}}`, `["a",1]`, []Violation{{
			Pointer: "/1", Keyword: "type",
			MessageJa: "型が違います: string が必要ですが number です",
			MessageEn: "expected string, but got number",
		}}},
		{"draft-07", `{"$schema":"http://json-schema.org/draft-07/schema#","items":[{"type":"string"}],"additionalItems":false}`, `["a","b"]`, []Violation{{
			Pointer: "", Keyword: "additionalItems",
			MessageJa: "要素が多すぎます: 1 個までですが 2 個あります",
			MessageEn: "only 1 items are allowed, but found 2 items",
		}}},
		{"pointer escaping", `{"properties":{"a/b":{"type":"string"},"~x":{"type":"string"},"°C":{"type":"string"}}}`,
			`{"a/b":1,"~x":2,"°C":3}`, []Violation{
				{Pointer: "/a~1b", Keyword: "type", MessageJa: "型が違います: string が必要ですが number です", MessageEn: "expected string, but got number"},
				{Pointer: "/~0x", Keyword: "type", MessageJa: "型が違います: string が必要ですが number です", MessageEn: "expected string, but got number"},
				{Pointer: "/°C", Keyword: "type", MessageJa: "型が違います: string が必要ですが number です", MessageEn: "expected string, but got number"},
			}},
		{"additionalProperties sorted", `{"properties":{"a":true},"additionalProperties":false}`, `{"z":1,"a":1,"m":1,"b":1}`, []Violation{{
			Pointer: "", Keyword: "additionalProperties",
			MessageJa: "プロパティ 'b', 'm', 'z' は使用できません",
			MessageEn: "additionalProperties 'b', 'm', 'z' not allowed",
		}}},
		{"false schema", `{"properties":{"x":false}}`, `{"x":1}`, []Violation{{
			Pointer: "/x", Keyword: "false",
			MessageJa: "この位置に値は使用できません",
			MessageEn: "not allowed",
		}}},
		{"oneOf types merged", `{"oneOf":[{"type":"string"},{"type":"integer"}]}`, `true`, []Violation{{
			Pointer: "", Keyword: "type",
			MessageJa: "型が違います: string または integer が必要ですが boolean です",
			MessageEn: "expected string or integer, but got boolean",
		}}},
		{"oneOf both match", `{"oneOf":[{"type":"integer"},{"minimum":0}]}`, `1`, []Violation{{
			Pointer: "", Keyword: "oneOf",
			MessageJa: "選択肢 0 と 1 の両方に一致します: どれか一つだけに一致しなければなりません",
			MessageEn: "valid against schemas at indexes 0 and 1",
		}}},
		{"anyOf deepest branch", `{"anyOf":[{"type":"string"},{"type":"object","properties":{"a":{"enum":[1,2]}}}]}`, `{"a":3}`, []Violation{{
			Pointer: "/a", Keyword: "enum",
			MessageJa: "3 は使用できる値ではありません (使用可: 1, 2)",
			MessageEn: `value must be one of "1", "2"`,
		}}},
		{"x-message in a user schema", `{"anyOf":[{"type":"string"},{"type":"integer"}],"x-message":{"en":"E","ja":"J"}}`, `null`, []Violation{{
			Pointer: "", Keyword: "anyOf", MessageJa: "J", MessageEn: "E",
		}}},
		{"uniqueItems", `{"uniqueItems":true}`, `[1,2,1]`, []Violation{{
			Pointer: "", Keyword: "uniqueItems",
			MessageJa: "要素 0 と 2 が同じです: 重複は使用できません",
			MessageEn: "items at index 0 and 2 are equal",
		}}},
		{"const", `{"const":"x"}`, `"y"`, []Violation{{
			Pointer: "", Keyword: "const",
			MessageJa: "値は 'x' でなければなりません ('y' ではなく)",
			MessageEn: `value must be "x"`,
		}}},
		{"boolean schema", `true`, `{"anything":[1]}`, nil},
		{"unknown format ignored", `{"format":"textarea"}`, `"x"`, nil},
		{"uri format", `{"format":"uri"}`, `"example.com/x"`, []Violation{{
			Pointer: "", Keyword: "format",
			MessageJa: "'example.com/x' は uri の形式として正しくありません (スキームから始まる URI、例: https://example.com/)",
			MessageEn: "'example.com/x' is not valid 'uri'",
		}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := Compile(parse(t, tc.schema))
			if err != nil {
				t.Fatalf("Compile(%s) error: %v", tc.schema, err)
			}
			got := s.Validate(parse(t, tc.doc))
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Validate(%s) against %s mismatch (-want +got):\n%s", tc.doc, tc.schema, diff)
			}
		})
	}
}

func TestCompileErrors(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Write([]byte(`{"type":"string"}`))
	}))
	defer srv.Close()
	tests := []struct {
		name, schema string
		external     bool   // the error wraps ErrExternalRef
		mention      string // text the error must contain
	}{
		{"remote $ref", `{"$ref":"https://example.com/x.json"}`, true, "https://example.com/x.json"},
		{"local server $ref", `{"$ref":"` + srv.URL + `/x.json"}`, true, srv.URL + "/x.json"},
		{"nested remote $ref", `{"properties":{"a":{"$ref":"` + srv.URL + `/y.json#/a"}}}`, true, srv.URL + "/y.json"},
		{"file $ref", `{"$ref":"file:///etc/passwd"}`, true, "file:///etc/passwd"},
		{"relative $ref", `{"$ref":"other.json"}`, true, "other.json"},
		{"unknown $schema", `{"$schema":"` + srv.URL + `/meta"}`, true, srv.URL + "/meta"},
		{"not a schema", `{"type":5}`, false, ""},
		{"ECMA lookahead", `{"pattern":"^(?=a)"}`, false, ""},
		{"unresolvable pointer", `{"$ref":"#/$defs/missing"}`, false, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := Compile(parse(t, tc.schema))
			if err == nil {
				t.Fatalf("Compile(%s) = %v, want an error", tc.schema, s)
			}
			if got := errors.Is(err, ErrExternalRef); got != tc.external {
				t.Errorf("Compile(%s) error %q: errors.Is(ErrExternalRef) = %v, want %v", tc.schema, err, got, tc.external)
			}
			if !strings.Contains(err.Error(), tc.mention) {
				t.Errorf("Compile(%s) error %q does not mention %q", tc.schema, err, tc.mention)
			}
		})
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("the compiler made %d HTTP requests, want 0", n)
	}
	if _, err := Compile(func() {}); err == nil {
		t.Errorf("Compile(func) = nil error, want one")
	}
}

func TestLoad(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Write([]byte(`{"type":"string"}`))
	}))
	defer srv.Close()

	t.Run("siblings by relative $ref", func(t *testing.T) {
		fsys := fstest.MapFS{
			"p/a.json":    {Data: []byte(`{"$id":"https://ichiran.invalid/t/a.json","items":{"$ref":"b.json"}}`)},
			"p/b.json":    {Data: []byte(`{"$id":"https://ichiran.invalid/t/b.json","type":"string"}`)},
			"p/notes.txt": {Data: []byte(`not a schema`)},
		}
		set, err := Load(fsys, "p")
		if err != nil {
			t.Fatalf("Load error: %v", err)
		}
		if diff := cmp.Diff([]string{"a", "b"}, set.Names()); diff != "" {
			t.Errorf("Names() mismatch (-want +got):\n%s", diff)
		}
		got := pointersAndKeywords(set.Validate("a", []any{"x", true}))
		if diff := cmp.Diff([]pk{{"/1", "type"}}, got); diff != "" {
			t.Errorf("Validate(a) mismatch (-want +got):\n%s", diff)
		}
	})
	t.Run("without $id", func(t *testing.T) {
		fsys := fstest.MapFS{
			"p/a.json": {Data: []byte(`{"items":{"$ref":"b.json"}}`)},
			"p/b.json": {Data: []byte(`{"type":"string"}`)},
		}
		set, err := Load(fsys, "p")
		if err != nil {
			t.Fatalf("Load error: %v", err)
		}
		got := pointersAndKeywords(set.Validate("a", []any{1}))
		if diff := cmp.Diff([]pk{{"/0", "type"}}, got); diff != "" {
			t.Errorf("Validate(a) mismatch (-want +got):\n%s", diff)
		}
	})
	refusals := []struct{ name, schema, url string }{
		{"example.com", `{"$ref":"https://example.com/x.json"}`, "https://example.com/x.json"},
		{"local server", `{"$ref":"` + srv.URL + `/x.json"}`, srv.URL + "/x.json"},
		{"missing sibling", `{"$id":"https://ichiran.invalid/t/a.json","$ref":"c.json"}`, "https://ichiran.invalid/t/c.json"},
	}
	for _, tc := range refusals {
		t.Run("refuses "+tc.name, func(t *testing.T) {
			fsys := fstest.MapFS{"p/a.json": {Data: []byte(tc.schema)}}
			set, err := Load(fsys, "p")
			if err == nil {
				t.Fatalf("Load = %v, want an error", set)
			}
			if !errors.Is(err, ErrExternalRef) || !strings.Contains(err.Error(), tc.url) {
				t.Errorf("Load error = %q, want ErrExternalRef naming %s", err, tc.url)
			}
		})
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("Load made %d HTTP requests, want 0", n)
	}
	for _, tc := range []struct {
		name string
		fsys fstest.MapFS
	}{
		{"no folder", fstest.MapFS{}},
		{"no schema", fstest.MapFS{"p/x.txt": {Data: []byte("x")}}},
		{"bad JSON", fstest.MapFS{"p/a.json": {Data: []byte(`{`)}}},
		{"trailing data", fstest.MapFS{"p/a.json": {Data: []byte(`{} {}`)}}},
		{"bad schema", fstest.MapFS{"p/a.json": {Data: []byte(`{"type":1}`)}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if set, err := Load(tc.fsys, "p"); err == nil {
				t.Errorf("Load = %v, want an error", set)
			}
		})
	}
}

func TestNotJSONValue(t *testing.T) {
	got := defaultSet(t).Validate("tabledialect", map[string]any{"header": 1i})
	if len(got) != 1 || got[0].Keyword != "" || !strings.Contains(got[0].MessageEn, "complex128") {
		t.Errorf("Validate(complex) = %v, want one violation naming complex128", got)
	}
}
