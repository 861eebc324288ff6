package datadiff

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/ichiran-jp/ichiran/tools/catalog"
	"github.com/ichiran-jp/ichiran/tools/lgcode"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// now: before the 2025 edition's 30 June, after the 2024 one's.
var now = time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)

func fixtureCodes(t *testing.T) *lgcode.Table {
	t.Helper()
	return loadCodes(t, "testdata/repo/data/local-governments.csv")
}

// loadCodes reads a code table file.
func loadCodes(t testing.TB, path string) *lgcode.Table {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	codes, err := lgcode.Load(f)
	if err != nil {
		t.Fatal(err)
	}
	return codes
}

func fixtureCatalog(t *testing.T) *catalog.Catalog {
	t.Helper()
	raw, err := os.ReadFile("testdata/repo/datapackage.json")
	if err != nil {
		t.Fatal(err)
	}
	cat, err := catalog.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

var fieldTypes = map[string]string{"code": "string", "as_of": "date", "population_date": "date", "rate": "number", "formulated": "boolean", "note": "string"}

// card is a mynumber-card table: rows as "code,as_of,issued,rate".
func card(rows ...string) *Table {
	return table("card", "mynumber-card", []string{"code", "as_of"}, "code,as_of,issued,rate", rows...)
}

func table(resource, indicator string, key []string, header string, rows ...string) *Table {
	t := &Table{Resource: resource, Indicator: indicator, Paths: []string{"data/" + resource + ".csv"}, PrimaryKey: key, Header: strings.Split(header, ",")}
	for _, h := range t.Header {
		typ := fieldTypes[h]
		if typ == "" {
			typ = "integer"
		}
		t.Fields = append(t.Fields, Field{h, typ})
	}
	for _, r := range rows {
		t.Rows = append(t.Rows, strings.Split(r, ","))
	}
	return t
}

const (
	sapporo = "北海道 札幌市 (011002)"
	tomari  = "北海道 泊村 (014036)"
	chiyoda = "東京都 千代田区 (131016)"
)

func TestCompare(t *testing.T) {
	codes, cat := fixtureCodes(t), fixtureCatalog(t)
	snap := func(files []string, ts ...*Table) *Snapshot {
		return &Snapshot{Files: files, Tables: ts, Codes: codes, Catalog: cat}
	}
	mod := func(d ResourceDiff) ResourceDiff {
		d.Name, d.Indicator, d.Title, d.Path = "card", "mynumber-card", "マイナンバーカード交付率", "data/card.csv"
		d.Change, d.Key = Modified, []string{"code", "as_of"}
		for _, p := range []any{&d.Schema, &d.Added, &d.Removed, &d.Changed} {
			switch p := p.(type) {
			case *[]FieldChange:
				if *p == nil {
					*p = []FieldChange{}
				}
			case *[]Row:
				if *p == nil {
					*p = []Row{}
				}
			case *[]RowChange:
				if *p == nil {
					*p = []RowChange{}
				}
			}
		}
		return d
	}
	base := card("011002,2025-04-01,480,48.0", "011002,2025-05-01,500,50.0", "014036,2025-05-01,500,50.0", "131016,2025-05-01,1000,33.3")
	for _, tc := range []struct {
		name       string
		base, head *Snapshot
		want       *Result
	}{{
		name: "same",
		base: snap(nil, base), head: snap(nil, base),
		want: &Result{Files: []FileChange{}, Resources: []ResourceDiff{}, Flags: []Flag{}},
	}, {
		name: "added row, no flag",
		base: snap(nil, base),
		head: snap(nil, card("011002,2025-04-01,480,48.0", "011002,2025-05-01,500,50.0", "014036,2025-05-01,500,50.0", "131016,2025-05-01,1000,33.3", "011002,2025-06-01,520,52.0")),
		want: &Result{Files: []FileChange{}, Flags: []Flag{}, Resources: []ResourceDiff{mod(ResourceDiff{
			Added: []Row{{Key: []string{"011002", "2025-06-01"}, Name: sapporo, Cells: []Cell{{"issued", "520"}, {"rate", "52.0"}}}}})}},
	}, {
		name: "erratum of an earlier date",
		base: snap(nil, base),
		head: snap(nil, card("011002,2025-04-01,490,49.0", "011002,2025-05-01,500,50.0", "014036,2025-05-01,500,50.0", "131016,2025-05-01,1000,33.3")),
		want: &Result{Files: []FileChange{}, Resources: []ResourceDiff{mod(ResourceDiff{
			Changed: []RowChange{{Key: []string{"011002", "2025-04-01"}, Name: sapporo, Cells: []CellChange{{"issued", "480", "490"}, {"rate", "48.0", "49.0"}}}}})},
			Flags: []Flag{{Code: FlagErratum, Resource: "card", Key: []string{"011002", "2025-04-01"}, Name: sapporo}}},
	}, {
		name: "jump of a count and of a percentage",
		base: snap(nil, base),
		head: snap(nil, card("011002,2025-04-01,480,48.0", "011002,2025-05-01,500,50.0", "014036,2025-05-01,500,50.0", "131016,2025-05-01,1800,60.0")),
		want: &Result{Files: []FileChange{}, Resources: []ResourceDiff{mod(ResourceDiff{
			Changed: []RowChange{{Key: []string{"131016", "2025-05-01"}, Name: chiyoda, Cells: []CellChange{{"issued", "1000", "1800"}, {"rate", "33.3", "60.0"}}}}})},
			Flags: []Flag{
				{Code: FlagJump, Resource: "card", Key: []string{"131016", "2025-05-01"}, Name: chiyoda, Field: "issued", Old: "1000", New: "1800"},
				{Code: FlagJump, Resource: "card", Key: []string{"131016", "2025-05-01"}, Name: chiyoda, Field: "rate", Old: "33.3", New: "60.0"},
			}},
	}, {
		name: "fall of a cumulative figure",
		base: snap(nil, base),
		head: snap(nil, card("011002,2025-04-01,480,48.0", "011002,2025-05-01,500,50.0", "014036,2025-05-01,500,50.0", "131016,2025-05-01,1000,33.3", "011002,2025-06-01,499,49.9")),
		want: &Result{Files: []FileChange{}, Resources: []ResourceDiff{mod(ResourceDiff{
			Added: []Row{{Key: []string{"011002", "2025-06-01"}, Name: sapporo, Cells: []Cell{{"issued", "499"}, {"rate", "49.9"}}}}})},
			Flags: []Flag{
				{Code: FlagFall, Resource: "card", Key: []string{"011002", "2025-06-01"}, Name: sapporo, Field: "issued", Old: "500", New: "499"},
				{Code: FlagFall, Resource: "card", Key: []string{"011002", "2025-06-01"}, Name: sapporo, Field: "rate", Old: "50.0", New: "49.9"},
			}},
	}, {
		name: "disappeared municipality",
		base: snap(nil, base),
		head: snap(nil, card("011002,2025-04-01,480,48.0", "011002,2025-05-01,500,50.0", "131016,2025-05-01,1000,33.3")),
		want: &Result{Files: []FileChange{}, Resources: []ResourceDiff{mod(ResourceDiff{
			Removed: []Row{{Key: []string{"014036", "2025-05-01"}, Name: tomari, Cells: []Cell{{"issued", "500"}, {"rate", "50.0"}}}}})},
			Flags: []Flag{{Code: FlagDisappeared, Resource: "card", Key: []string{"014036", "2025-05-01"}, Name: tomari}}},
	}, {
		name: "unknown code at the date",
		base: snap(nil, base),
		head: snap(nil, card("011002,2025-04-01,480,48.0", "011002,2025-05-01,500,50.0", "014036,2025-05-01,500,50.0", "131016,2025-05-01,1000,33.3", "403059,2025-05-01,5,0.5")),
		want: &Result{Files: []FileChange{}, Resources: []ResourceDiff{mod(ResourceDiff{
			Added: []Row{{Key: []string{"403059", "2025-05-01"}, Name: "福岡県 那珂川町 (403059)", Cells: []Cell{{"issued", "5"}, {"rate", "0.5"}}}}})},
			Flags: []Flag{{Code: FlagUnknownCode, Resource: "card", Key: []string{"403059", "2025-05-01"}, Name: "福岡県 那珂川町 (403059)", Field: "code", New: "403059"}}},
	}, {
		// Issue 15 item 8: one row's date mistyped is one change of its
		// as_of cell, not a removal, an addition and a disappearance.
		name: "date mistyped: one change of as_of",
		base: snap(nil, base),
		head: snap(nil, card("011002,2025-04-01,480,48.0", "011002,2025-05-01,500,50.0", "014036,2025-05-01,500,50.0", "131016,2025-05-10,1000,33.3")),
		want: &Result{Files: []FileChange{}, Flags: []Flag{}, Resources: []ResourceDiff{mod(ResourceDiff{
			Changed: []RowChange{{Key: []string{"131016", "2025-05-10"}, Name: chiyoda, Cells: []CellChange{{"as_of", "2025-05-01", "2025-05-10"}}}}})}},
	}, {
		name: "date corrected, and a figure",
		base: snap(nil, card("011002,2025-04-01,480,48.0", "011002,2025-05-01,500,50.0", "014036,2025-05-01,500,50.0", "131016,2025-05-10,1000,33.3")),
		head: snap(nil, card("011002,2025-04-01,480,48.0", "011002,2025-05-01,500,50.0", "014036,2025-05-01,500,50.0", "131016,2025-05-01,1001,33.4")),
		want: &Result{Files: []FileChange{}, Flags: []Flag{}, Resources: []ResourceDiff{mod(ResourceDiff{
			Changed: []RowChange{{Key: []string{"131016", "2025-05-01"}, Name: chiyoda, Cells: []CellChange{{"as_of", "2025-05-10", "2025-05-01"}, {"issued", "1000", "1001"}, {"rate", "33.3", "33.4"}}}}})}},
	}, {
		name: "two dates added for one removed: no pairing",
		base: snap(nil, base),
		head: snap(nil, card("011002,2025-04-01,480,48.0", "011002,2025-05-01,500,50.0", "014036,2025-05-01,500,50.0", "131016,2025-05-10,1000,33.3", "131016,2025-05-11,1000,33.3")),
		want: &Result{Files: []FileChange{}, Resources: []ResourceDiff{mod(ResourceDiff{
			Added: []Row{
				{Key: []string{"131016", "2025-05-10"}, Name: chiyoda, Cells: []Cell{{"issued", "1000"}, {"rate", "33.3"}}},
				{Key: []string{"131016", "2025-05-11"}, Name: chiyoda, Cells: []Cell{{"issued", "1000"}, {"rate", "33.3"}}},
			},
			Removed: []Row{{Key: []string{"131016", "2025-05-01"}, Name: chiyoda, Cells: []Cell{{"issued", "1000"}, {"rate", "33.3"}}}}})},
			Flags: []Flag{{Code: FlagDisappeared, Resource: "card", Key: []string{"131016", "2025-05-01"}, Name: chiyoda}}},
	}, {
		name: "every row leaves its date: replaced, not redated",
		base: snap(nil, card("011002,2025-05-01,500,50.0")),
		head: snap(nil, card("011002,2025-06-01,520,52.0")),
		want: &Result{Files: []FileChange{}, Resources: []ResourceDiff{mod(ResourceDiff{
			Added:   []Row{{Key: []string{"011002", "2025-06-01"}, Name: sapporo, Cells: []Cell{{"issued", "520"}, {"rate", "52.0"}}}},
			Removed: []Row{{Key: []string{"011002", "2025-05-01"}, Name: sapporo, Cells: []Cell{{"issued", "500"}, {"rate", "50.0"}}}}})},
			Flags: []Flag{{Code: FlagDisappeared, Resource: "card", Key: []string{"011002", "2025-05-01"}, Name: sapporo}}},
	}, {
		name: "schema: field added, removed, retyped",
		base: snap(nil, table("plan", "", []string{"code"}, "code,formulated,old", "011002,true,1")),
		head: snap(nil, func() *Table {
			t := table("plan", "", []string{"code"}, "code,formulated,note", "011002,true,x")
			t.Fields[1].Type = "string"
			return t
		}()),
		want: &Result{Files: []FileChange{}, Flags: []Flag{}, Resources: []ResourceDiff{{
			Name: "plan", Path: "data/plan.csv", Change: Modified, Key: []string{"code"},
			Schema: []FieldChange{{Field: "formulated", Change: Retyped, OldType: "boolean", NewType: "string"}, {Field: "note", Change: Added, NewType: "string"}, {Field: "old", Change: Removed, OldType: "integer"}},
			Added:  []Row{}, Removed: []Row{}, Changed: []RowChange{}}}},
	}, {
		name: "whole rows without a key",
		base: snap(nil, table("t", "", nil, "a,b", "1,2", "3,4")),
		head: snap(nil, table("t", "", nil, "a,b", "3,4", "5,6")),
		want: &Result{Files: []FileChange{}, Flags: []Flag{}, Resources: []ResourceDiff{{
			Name: "t", Path: "data/t.csv", Change: Modified, Key: []string{}, Schema: []FieldChange{},
			Added: []Row{{Key: []string{"5", "6"}, Cells: []Cell{}}}, Removed: []Row{{Key: []string{"1", "2"}, Cells: []Cell{}}}, Changed: []RowChange{}}}},
	}, {
		name: "files added and removed, resource added",
		base: snap([]string{"datapackage.json", "data/old.csv"}),
		head: snap([]string{"datapackage.json", "data/new.csv"}, table("t", "", []string{"a"}, "a,b", "1,2")),
		want: &Result{Files: []FileChange{{"data/new.csv", Added}, {"data/old.csv", Removed}}, Flags: []Flag{}, Resources: []ResourceDiff{{
			Name: "t", Path: "data/t.csv", Change: Added, Key: []string{"a"}, Schema: []FieldChange{},
			Added: []Row{{Key: []string{"1"}, Cells: []Cell{{"b", "2"}}}}, Removed: []Row{}, Changed: []RowChange{}}}},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			got := Compare(tc.base, tc.head, Options{Now: now})
			if diff := cmp.Diff(tc.want, got, cmpopts.IgnoreFields(Flag{}, "Ja", "En")); diff != "" {
				t.Errorf("Compare() mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestPublishedErratum(t *testing.T) {
	codes, cat := fixtureCodes(t), fixtureCatalog(t)
	// 2025-05-01 is the newest date of the file, but the 2025 edition was
	// published on 30 June 2025.
	base := &Snapshot{Codes: codes, Catalog: cat, Tables: []*Table{card("011002,2025-05-01,500,50.0")}}
	head := &Snapshot{Codes: codes, Catalog: cat, Tables: []*Table{card("011002,2025-05-01,501,50.1")}}
	for _, tc := range []struct {
		now  time.Time
		want []string
	}{
		{now, nil},
		{time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC), []string{FlagErratum}},
	} {
		t.Run(tc.now.Format(time.DateOnly), func(t *testing.T) {
			var got []string
			for _, f := range Compare(base, head, Options{Now: tc.now}).Flags {
				got = append(got, f.Code)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("flags mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// gitRepo makes a git repository of testdata/repo (commit 1), then of it
// with testdata/head laid over it (commit 2).
func gitRepo(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	dir := t.TempDir()
	git := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-c", "user.name=ichiran test", "-c", "user.email=test@example.invalid", "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main"}, args...)...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=ichiran test", "GIT_AUTHOR_EMAIL=test@example.invalid", "GIT_COMMITTER_NAME=ichiran test",
			"GIT_COMMITTER_EMAIL=test@example.invalid", "GIT_AUTHOR_DATE=2025-06-01T00:00:00Z", "GIT_COMMITTER_DATE=2025-06-01T00:00:00Z", "GIT_CONFIG_NOSYSTEM=1", "HOME="+dir)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	copyTree(t, "testdata/repo", dir)
	git("init", "-q")
	git("add", "-A")
	git("commit", "-q", "-m", "base")
	copyTree(t, "testdata/head", dir)
	git("add", "-A")
	git("commit", "-q", "-m", "head")
	return dir
}

func copyTree(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		dst := filepath.Join(to, rel)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		return os.WriteFile(dst, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestGit(t *testing.T) {
	dir := gitRepo(t)
	ctx := context.Background()
	g := Git{Dir: dir}
	if err := g.Check(ctx); err != nil {
		t.Fatal(err)
	}
	snapshot := func(rev string) *Snapshot {
		t.Helper()
		c, err := g.Resolve(ctx, rev)
		if err != nil {
			t.Fatal(err)
		}
		s, err := g.Snapshot(ctx, c, rev)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	base, head := snapshot("HEAD~1"), snapshot("HEAD")
	res := Compare(base, head, Options{Now: now})
	for _, format := range []struct {
		file  string
		write func(*Result, *bytes.Buffer) error
	}{
		{"want.txt", func(r *Result, b *bytes.Buffer) error { return r.WriteText(b) }},
		{"want.json", func(r *Result, b *bytes.Buffer) error { return r.WriteJSON(b) }},
		{"want.md", func(r *Result, b *bytes.Buffer) error { return r.WriteMarkdown(b) }},
	} {
		t.Run(format.file, func(t *testing.T) {
			var b bytes.Buffer
			if err := format.write(res, &b); err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", format.file)
			if *update {
				if err := os.WriteFile(golden, b.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(string(want), b.String()); diff != "" {
				t.Errorf("%s mismatch (-want +got):\n%s", format.file, diff)
			}
		})
	}

	t.Run("working tree", func(t *testing.T) {
		csv := filepath.Join(dir, "data", "mynumber-card", "2025.csv")
		b, err := os.ReadFile(csv)
		if err != nil {
			t.Fatal(err)
		}
		b = bytes.Replace(b, []byte("011002,2025-05-01,1000,"), []byte("011002,2025-05-01,1001,"), 1)
		if err := os.WriteFile(csv, b, 0o644); err != nil {
			t.Fatal(err)
		}
		wt, err := g.WorkingTree()
		if err != nil {
			t.Fatal(err)
		}
		got := Compare(head, wt, Options{Now: now})
		// 2025-05-01 is before the newest date, 2025-06-01: an erratum.
		want := &Result{Base: "HEAD", Head: WorkingTree, Files: []FileChange{}, Flags: []Flag{{Code: FlagErratum, Resource: "mynumber-card-2025", Key: []string{"011002", "2025-05-01"}, Name: sapporo}}, Resources: []ResourceDiff{{
			Name: "mynumber-card-2025", Indicator: "mynumber-card", Title: "マイナンバーカード交付率", Path: "data/mynumber-card/2025.csv",
			Change: Modified, Key: []string{"code", "as_of"}, Schema: []FieldChange{}, Added: []Row{}, Removed: []Row{},
			Changed: []RowChange{{Key: []string{"011002", "2025-05-01"}, Name: sapporo, Cells: []CellChange{{"population", "1000", "1001"}}}}}}}
		if diff := cmp.Diff(want, got, cmpopts.IgnoreFields(Flag{}, "Ja", "En")); diff != "" {
			t.Errorf("Compare(HEAD, working tree) mismatch (-want +got):\n%s", diff)
		}
	})

	t.Run("errors", func(t *testing.T) {
		for _, tc := range []struct {
			name string
			err  error
			f    func() error
		}{
			{"unknown revision", ErrRevision, func() error { _, err := g.Resolve(ctx, "nope"); return err }},
			{"option as revision", ErrRevision, func() error { _, err := g.Resolve(ctx, "--all"); return err }},
			{"not a repository", ErrNotRepository, func() error { return Git{Dir: t.TempDir()}.Check(ctx) }},
		} {
			t.Run(tc.name, func(t *testing.T) {
				if err := tc.f(); !errors.Is(err, tc.err) {
					t.Errorf("error = %v, want %v", err, tc.err)
				}
			})
		}
	})
}
