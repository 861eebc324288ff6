package frictionless

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestLoadPackageErrors checks the descriptor errors of small packages:
// code, field number and name, each reported once.
func TestLoadPackageErrors(t *testing.T) {
	type want struct {
		Code   string
		Number int
		Field  string
	}
	tests := []struct {
		name string
		desc string
		want []want
	}{
		// Two problems at one place are both reported.
		{"no name, no path", `{"resources": [{"title": "x"}]}`, []want{{CodeResource, 0, ""}, {CodeResource, 0, ""}}},
		// The profile reports an unknown type, with the allowed ones.
		{"unknown type", `{"resources": [{"name": "t", "data": [], "schema": {"fields": [{"name": "id", "type": "text"}]}}]}`, []want{{CodeField, 1, "id"}}},
		// A self-reference to a field the schema lacks is reported once, and
		// /reference/fields/0 is not a field of the schema.
		{"self-reference to a missing field", `{"resources": [{"name": "t", "data": [], "schema": {"fields": [{"name": "a"}, {"name": "b"}],
			"foreignKeys": [{"fields": ["a"], "reference": {"fields": ["c"]}}]}}]}`, []want{{CodeSchema, 0, ""}}},
		{"reference to a missing field", `{"resources": [{"name": "t", "data": [], "schema": {"fields": [{"name": "a"}], "foreignKeys": [{"fields": ["a"], "reference": {"resource": "u", "fields": ["c"]}}]}},
			{"name": "u", "data": [], "schema": {"fields": [{"name": "a"}]}}]}`, []want{{CodeSchema, 0, ""}}},
		// The profile checks the delimiter's length, the engine that it is
		// one byte.
		{"delimiter of two characters", `{"resources": [{"name": "t", "data": [], "dialect": {"delimiter": "::"}}]}`, []want{{CodeDialect, 0, ""}}},
		{"delimiter of three bytes", `{"resources": [{"name": "t", "data": [], "dialect": {"delimiter": "、"}}]}`, []want{{CodeDialect, 0, ""}}},
		{"header row 0", `{"resources": [{"name": "t", "data": [], "dialect": {"headerRows": [0]}}]}`, []want{{CodeDialect, 0, ""}}},
		// Integral JSON numbers are integers.
		{"integral constraints", `{"resources": [{"name": "t", "data": [], "dialect": {"headerRows": [1.0]}, "schema": {"fields": [
			{"name": "n", "type": "integer", "constraints": {"minimum": 1.0, "maximum": 1e3, "enum": [1.0, 2]}},
			{"name": "s", "type": "string", "constraints": {"minLength": 2.0, "maxLength": 3e0}}]}}]}`, nil},
		{"fractional minimum", `{"resources": [{"name": "t", "data": [], "schema": {"fields": [{"name": "n", "type": "integer", "constraints": {"minimum": 1.5}}]}}]}`, []want{{CodeField, 1, "n"}}},
		{"fractional minLength", `{"resources": [{"name": "t", "data": [], "schema": {"fields": [{"name": "a"}, {"name": "s", "type": "string", "constraints": {"minLength": 2.5}}]}}]}`, []want{{CodeField, 2, "s"}}},
		{"any field with numbers in enum", `{"resources": [{"name": "t", "data": [], "schema": {"fields": [{"name": "x", "constraints": {"enum": [1, true, "a", 2.50]}}]}}]}`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errs, err := LoadPackage(writePackage(t, map[string]string{"datapackage.json": tt.desc}))
			if err != nil {
				t.Fatal(err)
			}
			var got []want
			for _, e := range errs {
				got = append(got, want{e.Code, e.FieldNumber, e.Field})
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("LoadPackage(%s) errors (-want +got):\n%s\n%v", tt.desc, diff, errs)
			}
		})
	}
}

// TestFieldPointer: only the fields array of a schema names a field.
func TestFieldPointer(t *testing.T) {
	type result struct {
		Ptr string
		N   int
		OK  bool
	}
	tests := []struct {
		in   string
		want result
	}{
		{"/fields/2/type", result{"/fields/2", 2, true}},
		{"/fields/0", result{"/fields/0", 0, true}},
		{"/resources/0/schema/fields/1/constraints/enum/0", result{"/resources/0/schema/fields/1", 1, true}},
		{"/foreignKeys/0/reference/fields/1", result{}},
		{"/foreignKeys/0/fields/0", result{}},
		{"/resources/0/schema/foreignKeys/0/reference/fields/1", result{}},
		{"/resources/0/schema/primaryKey/0", result{}},
		{"/fields", result{}},
		{"/fields/x", result{}},
		{"", result{}},
	}
	for _, tt := range tests {
		ptr, n, ok := fieldPointer(tt.in)
		if got := (result{ptr, n, ok}); got != tt.want {
			t.Errorf("fieldPointer(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

// TestCheckPath: each unsafe path gets the reason that applies, in both
// languages, and wraps ErrUnsafePath.
func TestCheckPath(t *testing.T) {
	tests := []struct {
		in   string
		want PathReason // 0: safe
	}{
		{"data/x.csv", 0},
		{"x.csv", 0},
		{"./x.csv", 0},
		{"data/2025/日本語.csv", 0},
		{"URLs/x.csv", 0},
		{"a/b..c/x.csv", 0},
		{"", PathEmpty},
		{"https://example.com/x.csv", PathURL},
		{"s3+http://bucket/x.csv", PathURL},
		{"/etc/passwd", PathAbsolute},
		{`C:\x.csv`, PathAbsolute},
		{"C:/x.csv", PathAbsolute},
		{`a\b.csv`, PathBadChar},
		{"a\x00.csv", PathBadChar},
		{"../x.csv", PathParent},
		{"a/../../x.csv", PathParent},
		{"URLs/../x.csv", PathParent},
		{".hidden/../x.csv", PathParent},
		{"a/..hidden/x.csv", PathHidden},
		{".hidden/x.csv", PathHidden},
		{"data/.x.csv", PathHidden},
	}
	for _, tt := range tests {
		err := CheckPath(tt.in)
		var pe *PathError
		var got PathReason
		if errors.As(err, &pe) {
			got = pe.Reason
		}
		if got != tt.want || (err != nil) != errors.Is(err, ErrUnsafePath) || (err == nil) != (tt.want == 0) {
			t.Errorf("CheckPath(%q) = %v (reason %d), want reason %d", tt.in, err, got, tt.want)
		}
	}
	msgs := []struct {
		in, ja, en string
	}{
		{"URLs/../x.csv", `"URLs/../x.csv": ".." でパッケージの外に出るパスは使えません`, `"URLs/../x.csv": ".." leaves the package directory`},
		{"a/..hidden/x.csv", `"a/..hidden/x.csv": 隠しファイル・隠しフォルダ ("." で始まる名前) は使えません`, `"a/..hidden/x.csv": a hidden file or folder`},
	}
	for _, m := range msgs {
		pe := checkPath(m.in)
		if pe == nil || pe.Ja() != m.ja || pe.En() != m.en {
			t.Errorf("checkPath(%q) = %v, want Ja %q, En %q", m.in, pe, m.ja, m.en)
		}
	}
}
