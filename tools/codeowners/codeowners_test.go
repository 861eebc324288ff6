package codeowners

import (
	"flag"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/ichiran-jp/ichiran/tools/catalog"
	"github.com/ichiran-jp/ichiran/tools/repo"
)

var update = flag.Bool("update", false, "rewrite .github/CODEOWNERS from the catalogue")

const file = "../../.github/CODEOWNERS"

// TestCommittedFile checks that .github/CODEOWNERS is what the catalogue
// says; run with -update after changing the catalogue.
func TestCommittedFile(t *testing.T) {
	r, err := repo.Open("../..", repo.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	c := r.Cat
	got, err := Generate(c, r.CodesPath())
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile(file, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf(".github/CODEOWNERS does not match the catalogue (go test ./tools/codeowners -update) (-committed +generated):\n%s", diff)
	}
	// Each active indicator's folders belong to its ministry's team.
	for _, ind := range c.Indicators {
		if ind.Status != catalog.Active {
			continue
		}
		team := c.Owners.Team(ind.Ministry.Ja)
		for _, dir := range []string{"/data/" + ind.ID + "/", "/submissions/" + ind.ID + "/"} {
			if !strings.Contains(string(got), dir) || !strings.Contains(lineOf(string(got), dir), team) {
				t.Errorf("CODEOWNERS: %s is not owned by %s (%s)", dir, team, ind.Ministry.Ja)
			}
		}
	}
}

func lineOf(text, prefix string) string {
	for _, l := range strings.Split(text, "\n") {
		if strings.HasPrefix(l, prefix) {
			return l
		}
	}
	return ""
}

func TestGenerateErrors(t *testing.T) {
	if _, err := Generate(&catalog.Catalog{}, "data/codes.csv"); err == nil {
		t.Errorf("Generate(no maintainers) = nil error, want one")
	}
	c := &catalog.Catalog{Owners: catalog.Owners{Maintainers: "@o/m"}, Indicators: []*catalog.Indicator{{ID: "x", Status: catalog.Active, Ministry: catalog.Text{Ja: "総務省"}}}}
	if _, err := Generate(c, "data/codes.csv"); err == nil {
		t.Errorf("Generate(ministry without team) = nil error, want one")
	}
}
