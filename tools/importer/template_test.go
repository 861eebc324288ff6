package importer

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ichiran-jp/ichiran/tools/repo"
	"github.com/ichiran-jp/ichiran/tools/template"
)

// TestImportTemplate: a template written by ichiran template, once filled
// in, imports as it is: its second header row of field names is header,
// not data.
func TestImportTemplate(t *testing.T) {
	dir := repoCopy(t)
	r, err := repo.Open(dir, repo.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	ind := r.Cat.Indicator("data-plan")
	asOf := time.Date(2025, 3, 31, 0, 0, 0, 0, time.UTC)
	tpl, err := template.New(r, ind, asOf, 2025)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "data-plan.csv")
	if err := tpl.WriteFile(file, false); err != nil {
		t.Fatal(err)
	}
	// Fill in the one empty column: formulated.
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(raw), "\r\n"), "\r\n")
	for i := 2; i < len(lines); i++ {
		lines[i] += "true"
	}
	if err := os.WriteFile(file, []byte(strings.Join(lines, "\r\n")+"\r\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := Import(context.Background(), Request{Partial: true, Package: filepath.Join(dir, "datapackage.json"), Indicator: "data-plan", File: file})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Result.Errors) > 0 || !out.Written {
		t.Fatalf("Import(template) errors = %v, written = %v", out.Result.Errors, out.Written)
	}
	if got, want := len(out.Result.Rows), 1788; got != want {
		t.Errorf("Import(template) rows = %d, want %d (1,741 municipalities and 47 prefectures)", got, want)
	}
	if len(out.Result.Skipped) != 1 || !strings.Contains(out.Result.Skipped[0].En, "field names") {
		t.Errorf("Import(template) skipped = %v, want only the field-name row", out.Result.Skipped)
	}
}
