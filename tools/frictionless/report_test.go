package frictionless

import (
	"encoding/json"
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
