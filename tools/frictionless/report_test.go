package frictionless

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestErrorJSON: every error has code, resource, path, row, field and
// message, null where they do not apply.
func TestErrorJSON(t *testing.T) {
	tests := []struct {
		name string
		in   *Error
		want map[string]any
	}{
		{"package", &Error{Code: CodePackage, Path: "datapackage.json", Line: 2, Col: 3, Ja: "ja", En: "en"}, map[string]any{
			"code": CodePackage, "resource": nil, "path": "datapackage.json", "line": 2.0, "col": 3.0, "row": nil, "field": nil,
			"message": "ja / en", "messageJa": "ja", "messageEn": "en"}},
		{"cell", &Error{Code: CodeType, Resource: "r", Path: "r.csv", Line: 3, Col: 1, Row: 3, FieldNumber: 1, Field: "id", Cell: "x", Ja: "ja", En: "en"}, map[string]any{
			"code": CodeType, "resource": "r", "path": "r.csv", "line": 3.0, "col": 1.0, "row": 3.0, "fieldNumber": 1.0, "field": "id", "cell": "x",
			"message": "ja / en", "messageJa": "ja", "messageEn": "en"}},
		{"extra label", &Error{Code: CodeExtraLabel, Resource: "r", Path: "r.csv", Line: 1, Col: 4, FieldNumber: 2, Label: "x", Ja: "ja", En: "en"}, map[string]any{
			"code": CodeExtraLabel, "resource": "r", "path": "r.csv", "line": 1.0, "col": 4.0, "row": nil, "fieldNumber": 2.0, "field": nil, "label": "x",
			"message": "ja / en", "messageJa": "ja", "messageEn": "en"}},
		{"blank label", &Error{Code: CodeBlankLabel, Resource: "r", Path: "r.csv", Line: 1, Col: 4, FieldNumber: 2, Field: "name", Ja: "ja", En: "en"}, map[string]any{
			"code": CodeBlankLabel, "resource": "r", "path": "r.csv", "line": 1.0, "col": 4.0, "row": nil, "fieldNumber": 2.0, "field": "name", "label": "",
			"message": "ja / en", "messageJa": "ja", "messageEn": "en"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := json.Marshal(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			var got map[string]any
			if err := json.Unmarshal(b, &got); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("json.Marshal(%v) (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

// TestWriteGitHub: errors, then a warning for each resource stopped at the
// limit or not validated, then the summary.
func TestWriteGitHub(t *testing.T) {
	rep := &Report{
		Resources: []ResourceReport{
			{Name: "a", Path: "data/a.csv", Rows: 5, Errors: 1, Stopped: true},
			{Name: "b", Path: "data/b.csv"},
			{Name: "c", Path: "datapackage.json", Skipped: true},
		},
		Errors: []*Error{{Code: CodeType, Path: "data/a.csv", Line: 2, Col: 3, Ja: "ja", En: "en"}},
	}
	var b strings.Builder
	if err := rep.WriteGitHub(&b); err != nil {
		t.Fatal(err)
	}
	want := `::error file=data/a.csv,line=2,col=3,title=type-error::ja / en
::warning file=data/a.csv,title=ichiran validate::上限 (エラー件数・行数・ファイルの大きさ) に達したため検証を打ち切りました (エラー 1 件) / stopped at a limit (errors, rows or file size) after 1 error
::warning file=datapackage.json,title=ichiran validate::記述子にエラーがあるためデータは検証していません / data not validated: its descriptor has errors
::error title=ichiran validate::無効: 1 件のエラー (3 リソース、5 行) / invalid: 1 error (3 resources, 5 rows)
`
	if diff := cmp.Diff(want, b.String()); diff != "" {
		t.Errorf("WriteGitHub (-want +got):\n%s", diff)
	}
}
