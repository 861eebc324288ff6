package datadiff

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ichiran-jp/ichiran/tools/catalog"
)

// fuzzTable reads text as a small CSV table (the first record is the
// header) of the mynumber-card indicator; keyed by code and as_of when
// keyed. At most 200 rows and 20 columns are kept.
func fuzzTable(text string, keyed bool) *Table {
	r := csv.NewReader(strings.NewReader(text))
	r.FieldsPerRecord, r.LazyQuotes = -1, true
	t := &Table{Resource: "card", Indicator: "mynumber-card", Paths: []string{"data/card.csv"}}
	if keyed {
		t.PrimaryKey = []string{"code", "as_of"}
	}
	for len(t.Rows) < 200 {
		rec, err := r.Read()
		if err != nil {
			break
		}
		if len(rec) > 20 {
			rec = rec[:20]
		}
		if t.Header == nil {
			t.Header = rec
			for _, h := range rec {
				t.Fields = append(t.Fields, Field{h, fieldTypes[h]})
			}
			continue
		}
		t.Rows = append(t.Rows, rec)
	}
	return t
}

// FuzzCompare compares two arbitrary small tables: Compare must not panic,
// and comparing the same snapshots twice gives the same result.
func FuzzCompare(f *testing.F) {
	codes := loadCodes(f, "testdata/repo/data/local-governments.csv")
	raw, err := os.ReadFile("testdata/repo/datapackage.json")
	if err != nil {
		f.Fatal(err)
	}
	cat, err := catalog.Parse(raw)
	if err != nil {
		f.Fatal(err)
	}
	read := func(p string) string {
		b, _ := os.ReadFile(p)
		return string(b)
	}
	f.Add(read("testdata/repo/data/mynumber-card/2025.csv"), read("testdata/head/data/mynumber-card/2025.csv"), true)
	f.Add(read("testdata/repo/data/data-plan/2025.csv"), read("testdata/head/data/data-plan/2026.csv"), false)
	f.Add("code,as_of,issued,rate\n011002,2025-05-01,500,50.0\n", "code,as_of,issued,rate\n011002,2025-05-01,5000,500.0\n011002,2025-06-01,,\n999999,2025-05-01,1,1\n", true)
	f.Add("code,as_of,rate\n011002,2025-05-01,50\n011002,2025-05-01,50\n", "rate,code\n1e999,011002\nNaN,\n", true)
	if files, _ := filepath.Glob("../../../shared/corpus/realdata/mynumbercard-code4japan/*/all_prefectures.csv"); len(files) >= 2 {
		f.Add(read(files[0]), read(files[1]), false)
	}
	f.Fuzz(func(t *testing.T, base, head string, keyed bool) {
		snap := func(label, text string) *Snapshot {
			return &Snapshot{Label: label, Files: []string{"data/card.csv"}, Tables: []*Table{fuzzTable(text, keyed)}, Codes: codes, Catalog: cat}
		}
		opt := Options{Now: now}
		r1, err1 := json.Marshal(Compare(snap("base", base), snap("head", head), opt))
		r2, err2 := json.Marshal(Compare(snap("base", base), snap("head", head), opt))
		if err1 != nil || err2 != nil {
			t.Fatalf("marshal: %v, %v", err1, err2)
		}
		if string(r1) != string(r2) {
			t.Errorf("Compare is not deterministic:\n%s\n%s", r1, r2)
		}
		// Without the code table and the catalogue, and the other way round.
		Compare(&Snapshot{Tables: []*Table{fuzzTable(head, !keyed)}}, &Snapshot{Tables: []*Table{fuzzTable(base, !keyed)}}, opt)
	})
}
