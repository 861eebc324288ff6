package schemas

import (
	"encoding/json"
	"io/fs"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestProfiles(t *testing.T) {
	names, err := fs.Glob(Profiles, "profiles/*.json")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"profiles/catalog.json",
		"profiles/datapackage.json",
		"profiles/dataresource.json",
		"profiles/tabledialect.json",
		"profiles/tableschema.json",
	}
	if diff := cmp.Diff(want, names); diff != "" {
		t.Fatalf("embedded profiles mismatch (-want +got):\n%s", diff)
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			data, err := fs.ReadFile(Profiles, name)
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
				"https://ichiran.invalid/profiles/2.0/" + strings.TrimPrefix(name, "profiles/"),
			}
			if diff := cmp.Diff(wantHead, got); diff != "" {
				t.Errorf("$schema and $id mismatch (-want +got):\n%s", diff)
			}
			if doc.Title == "" {
				t.Errorf("%s has no title", name)
			}
			phrases := []string{"ichiran", "Frictionless Data Package v2 standard (datapackage.org, June 2024)", "Deliberately not checked here"}
			if name == "profiles/catalog.json" { // ichiran's own, not from the standard
				phrases = []string{"ichiran", "Deliberately not checked here"}
			}
			for _, phrase := range phrases {
				if !strings.Contains(doc.Description, phrase) {
					t.Errorf("%s description does not say %q", name, phrase)
				}
			}
		})
	}
}
