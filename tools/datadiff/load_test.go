package datadiff

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ichiran-jp/ichiran/tools/repo"
)

// commit commits everything in dir.
func commit(t *testing.T, dir, msg string) {
	t.Helper()
	for _, args := range [][]string{{"add", "-A"}, {"commit", "-q", "-m", msg}} {
		cmd := exec.Command("git", append([]string{"-c", "user.name=ichiran test", "-c", "user.email=test@example.invalid", "-c", "commit.gpgsign=false"}, args...)...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "HOME="+dir)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
}

const marker = "TOPSECRET"

// TestLoadRefuses: what a side cannot be read whole for is an error that
// says where, never a diff that would show the unreadable rows as
// removed; and nothing of a linked file's target is read.
func TestLoadRefuses(t *testing.T) {
	ctx := context.Background()
	card := filepath.Join("data", "mynumber-card", "2025.csv")
	for _, tc := range []struct {
		name string
		edit func(t *testing.T, dir string)
		want error  // errors.Is
		says string // in the message
	}{
		{"a linked file", func(t *testing.T, dir string) {
			link(t, dir, card, "../../secret.csv")
		}, repo.ErrNotRegular, "data/mynumber-card/2025.csv: 通常のファイルではありません"},
		{"a linked folder", func(t *testing.T, dir string) {
			if err := os.Rename(filepath.Join(dir, "data", "mynumber-card"), filepath.Join(dir, "cards")); err != nil {
				t.Fatal(err)
			}
			link(t, dir, filepath.Join("data", "mynumber-card"), "../cards")
		}, repo.ErrNotRegular, "data/mynumber-card/2025.csv: 通常のファイルではありません"},
		{"a line that is not CSV", func(t *testing.T, dir string) {
			write(t, dir, card, "code,as_of,population,population_date,issued,rate\n011002,2025-05-01,1000,2024-01-01,\"500,50.0\n")
		}, nil, "data/mynumber-card/2025.csv:2:"},
		{"a missing file", func(t *testing.T, dir string) {
			if err := os.Remove(filepath.Join(dir, card)); err != nil {
				t.Fatal(err)
			}
		}, os.ErrNotExist, "data/mynumber-card/2025.csv"},
		{"a catalogue with problems", func(t *testing.T, dir string) {
			edit(t, dir, func(d map[string]any) { d["indicators"].([]any)[0].(map[string]any)["covers"] = []any{"galaxy"} })
		}, nil, "ichiran validate"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := gitRepo(t)
			write(t, dir, "secret.csv", "code,as_of\n"+marker+",2025-05-01\n")
			commit(t, dir, "secret")
			tc.edit(t, dir)
			g := Git{Dir: dir}
			check := func(side string, s *Snapshot, err error) {
				t.Helper()
				var le *LoadError
				switch {
				case err == nil:
					t.Fatalf("%s: loaded %d tables, want an error", side, len(s.Tables))
				case !errors.As(err, &le):
					t.Errorf("%s: %T %v, want a *LoadError", side, err, err)
				case tc.want != nil && !errors.Is(err, tc.want):
					t.Errorf("%s: %v, want %v", side, err, tc.want)
				case !strings.Contains(err.Error(), tc.says) || strings.Contains(err.Error(), marker) || strings.Contains(err.Error(), "ichiran-diff-"):
					t.Errorf("%s: %v, want it to say %q (and not the temporary folder a revision is read into)", side, err, tc.says)
				}
			}
			s, err := g.WorkingTree()
			check("working tree", s, err)
			commit(t, dir, tc.name)
			head, err := g.Resolve(ctx, "HEAD")
			if err != nil {
				t.Fatal(err)
			}
			s, err = g.Snapshot(ctx, head, "HEAD")
			check("HEAD", s, err)
			good, err := g.Resolve(ctx, "HEAD~1")
			if err != nil {
				t.Fatal(err)
			}
			before, err := g.Snapshot(ctx, good, "HEAD~1")
			if err != nil {
				t.Fatal(err)
			}
			s, err = g.SnapshotBeside(ctx, head, "HEAD", before)
			check("HEAD beside HEAD~1", s, err)
		})
	}
}

func link(t *testing.T, dir, name, target string) {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.RemoveAll(p); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, p); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
}

func write(t *testing.T, dir, name, content string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// edit rewrites the descriptor in dir.
func edit(t *testing.T, dir string, f func(map[string]any)) {
	t.Helper()
	p := filepath.Join(dir, repo.Descriptor)
	raw, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	var d map[string]any
	if err := json.Unmarshal(raw, &d); err != nil {
		t.Fatal(err)
	}
	f(d)
	if raw, err = json.Marshal(d); err != nil {
		t.Fatal(err)
	}
	write(t, dir, repo.Descriptor, string(raw))
}

// TestPlainPackage: a package without the catalogue (a release bundle, a
// revision from before it) still diffs, by its tables alone.
func TestPlainPackage(t *testing.T) {
	dir := gitRepo(t)
	edit(t, dir, func(d map[string]any) { delete(d, "indicators") })
	commit(t, dir, "plain")
	plan := filepath.Join(dir, "data", "data-plan", "2025.csv")
	b, err := os.ReadFile(plan)
	if err != nil {
		t.Fatal(err)
	}
	write(t, dir, filepath.Join("data", "data-plan", "2025.csv"), strings.Replace(string(b), "011002,2025-03-31,true", "011002,2025-03-31,false", 1))
	g := Git{Dir: dir}
	head, err := g.WorkingTree()
	if err != nil {
		t.Fatal(err)
	}
	if head.Catalog != nil || head.Codes != nil {
		t.Errorf("a plain package has a catalogue (%v) or a code table (%v)", head.Catalog != nil, head.Codes != nil)
	}
	c, err := g.Resolve(context.Background(), "HEAD")
	if err != nil {
		t.Fatal(err)
	}
	base, err := g.SnapshotBeside(context.Background(), c, "HEAD", head)
	if err != nil {
		t.Fatal(err)
	}
	res := Compare(base, head, Options{Now: now})
	var got []string
	for _, d := range res.Resources {
		got = append(got, d.Name+" "+d.Path)
		for _, r := range d.Changed {
			got = append(got, strings.Join(r.Key, ",")+" "+r.Cells[0].Old+" → "+r.Cells[0].New)
		}
	}
	want := []string{"data-plan-2025 data/data-plan/2025.csv", "011002,2025-03-31 true → false"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Compare() mismatch (-want +got):\n%s", diff)
	}
}

// TestSnapshotBeside: a revision read beside another gives the diff it
// gives read alone, whether nothing, a table or the descriptor differs.
func TestSnapshotBeside(t *testing.T) {
	ctx := context.Background()
	dir := gitRepo(t)
	g := Git{Dir: dir}
	resolve := func(rev string) string {
		t.Helper()
		c, err := g.Resolve(ctx, rev)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	base, head := resolve("HEAD~1"), resolve("HEAD")
	wt, err := g.WorkingTree()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		commit string
		other  func() *Snapshot
	}{
		{"the same package", head, func() *Snapshot { return wt }},
		{"another revision", base, func() *Snapshot { return wt }},
		{"beside a revision", base, func() *Snapshot {
			s, err := g.Snapshot(ctx, head, "HEAD")
			if err != nil {
				t.Fatal(err)
			}
			return s
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			other := tc.other()
			alone, err := g.Snapshot(ctx, tc.commit, "base")
			if err != nil {
				t.Fatal(err)
			}
			beside, err := g.SnapshotBeside(ctx, tc.commit, "base", other)
			if err != nil {
				t.Fatal(err)
			}
			want, got := Compare(alone, other, Options{Now: now}), Compare(beside, other, Options{Now: now})
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("Compare(beside) mismatch (-alone +beside):\n%s", diff)
			}
			if diff := cmp.Diff(alone.Files, beside.Files); diff != "" {
				t.Errorf("Files mismatch (-alone +beside):\n%s", diff)
			}
		})
	}
	// The descriptor changed too: the table of the file that did not is
	// shared, the others read.
	edit(t, dir, func(d map[string]any) { d["title"] = "changed" })
	write(t, dir, filepath.Join("data", "mynumber-card", "2025.csv"), "code,as_of,population,population_date,issued,rate\n011002,2025-05-01,1000,2024-01-01,501,50.1\n")
	wt, err = g.WorkingTree()
	if err != nil {
		t.Fatal(err)
	}
	alone, err := g.Snapshot(ctx, head, "HEAD")
	if err != nil {
		t.Fatal(err)
	}
	beside, err := g.SnapshotBeside(ctx, head, "HEAD", wt)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(Compare(alone, wt, Options{Now: now}), Compare(beside, wt, Options{Now: now})); diff != "" {
		t.Errorf("Compare(beside) mismatch (-alone +beside):\n%s", diff)
	}
	shared := 0
	for i, tab := range beside.Tables {
		if len(tab.Rows) > 0 && &tab.Rows[0] == &wt.Tables[i].Rows[0] {
			shared++
		}
	}
	if shared != len(wt.Tables)-1 {
		t.Errorf("%d tables shared, want all but the one changed (%d)", shared, len(wt.Tables)-1)
	}
}
