package profile

import (
	"encoding/json"
	"io/fs"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestStandardProfiles: the embedded profiles are the standard's four,
// each saying what it checks and what it leaves out.
func TestStandardProfiles(t *testing.T) {
	names, err := fs.Glob(standard, "standard/*.json")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"standard/datapackage.json",
		"standard/dataresource.json",
		"standard/tabledialect.json",
		"standard/tableschema.json",
	}
	if diff := cmp.Diff(want, names); diff != "" {
		t.Fatalf("embedded profiles mismatch (-want +got):\n%s", diff)
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			data, err := fs.ReadFile(standard, name)
			if err != nil {
				t.Fatal(err)
			}
			var doc struct {
				Schema      string `json:"$schema"`
				ID          string `json:"$id"`
				Title       string `json:"title"`
				Description string `json:"description"`
			}
			if err := json.Unmarshal(data, &doc); err != nil {
				t.Fatalf("%s is not JSON: %v", name, err)
			}
			got := []string{doc.Schema, doc.ID}
			wantHead := []string{
				"https://json-schema.org/draft/2020-12/schema",
				"https://ichiran.invalid/profiles/2.0/" + strings.TrimPrefix(name, "standard/"),
			}
			if diff := cmp.Diff(wantHead, got); diff != "" {
				t.Errorf("$schema and $id mismatch (-want +got):\n%s", diff)
			}
			if doc.Title == "" {
				t.Errorf("%s has no title", name)
			}
			phrases := []string{"ichiran", "Frictionless Data Package v2 standard (datapackage.org, June 2024)", "Deliberately not checked here"}
			for _, phrase := range phrases {
				if !strings.Contains(doc.Description, phrase) {
					t.Errorf("%s description does not say %q", name, phrase)
				}
			}
		})
	}
}
