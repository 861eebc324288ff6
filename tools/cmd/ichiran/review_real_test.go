package main

import (
	"archive/tar"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/ichiran-jp/ichiran/tools/datadiff"
	"github.com/ichiran-jp/ichiran/tools/frictionless"
	"github.com/ichiran-jp/ichiran/tools/macro"
	"github.com/ichiran-jp/ichiran/tools/mdtext/gfmtest"
	"github.com/ichiran-jp/ichiran/tools/review"
)

// repoAtHead writes the repository's data package as committed at HEAD
// (datapackage.json, data/, schemas/) into a new git repository, committed,
// and returns its directory; the test is skipped without git or outside a
// git checkout.
func repoAtHead(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	out, err := exec.Command("git", "-C", "../../..", "archive", "--format=tar", "HEAD", "--", "datapackage.json", "data", "schemas").Output()
	if err != nil {
		t.Skipf("not in a git checkout: %v", err)
	}
	dir := t.TempDir()
	tr := tar.NewReader(bytes.NewReader(out))
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if h.Typeflag != tar.TypeReg {
			continue
		}
		p := filepath.Join(dir, filepath.FromSlash(h.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(tr)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	git := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-c", "user.name=test", "-c", "user.email=test@example.invalid", "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main"}, args...)...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "GIT_AUTHOR_DATE=2023-06-01T00:00:00Z", "GIT_COMMITTER_DATE=2023-06-01T00:00:00Z")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v: %s", args, err, out)
		}
	}
	git("init", "-q")
	git("add", "-A")
	git("commit", "-q", "-m", "base")
	return dir
}

// cardSubmission is a ministry's 2023-05-01 card file made from the
// repository's 2022 rows: every figure changed, twelve municipalities
// missing, four with blank cells, one outlier (長沼町 at 97 %) and one
// fall (住田町). It returns the rows written (without the header).
func cardSubmission(t *testing.T, dir string) [][]string {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, "data/mynumber-card/2022.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	out := [][]string{rows[0]}
	for i, r := range rows[1:] {
		if i%150 == 7 {
			continue // missing
		}
		pop, _ := strconv.ParseInt(r[2], 10, 64)
		issued, _ := strconv.ParseInt(r[4], 10, 64)
		pop = pop * int64(1000-i%9) / 1000
		issued = min(pop, issued*int64(150+i%17)/100)
		switch r[0] {
		case "014281": // 北海道 長沼町
			issued = pop * 97 / 100
		case "034410": // 岩手県 住田町
			issued = issued * 80 / 150
		}
		row := []string{r[0], "2023-05-01", strconv.FormatInt(pop, 10), "2022-01-01", strconv.FormatInt(issued, 10),
			macro.Ratio(big.NewInt(issued), big.NewInt(pop), 100, 1)}
		if i%500 == 3 {
			row[4], row[5] = "", ""
		}
		out = append(out, row)
	}
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	if err := w.WriteAll(out); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "data/mynumber-card/2023.csv"), b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	// The descriptor names the new file, as a submission does.
	raw, err := os.ReadFile(filepath.Join(dir, "datapackage.json"))
	if err != nil {
		t.Fatal(err)
	}
	var d map[string]any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&d); err != nil {
		t.Fatal(err)
	}
	d["resources"] = append(d["resources"].([]any), map[string]any{"name": "mynumber-card-2023", "title": "マイナンバーカード交付率 (2023年)",
		"indicator": "mynumber-card", "type": "table", "path": "data/mynumber-card/2023.csv", "format": "csv", "mediatype": "text/csv",
		"encoding": "utf-8", "schema": "schemas/mynumber-card.json"})
	raw, err = json.MarshalIndent(d, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "datapackage.json"), append(raw, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
	return out[1:]
}

// TestReviewRealCardSubmission is issue 16's case: a new 1,741-row card
// submission (made from the repository's 2022 figures) reviewed against
// the repository at HEAD. The first screen — the headline before the
// details — carries the verdict and why, the municipalities counted and
// the missing named, the national rate recomputed from the rows beside
// 2022's 44.0 %, the prefectures, the largest changes named, the outliers
// and the blank cells; the whole report stays under GitHub's limit and
// links the run's artifact.
func TestReviewRealCardSubmission(t *testing.T) {
	if testing.Short() {
		t.Skip("reviews the whole repository")
	}
	dir := repoAtHead(t)
	rows := cardSubmission(t, dir)
	t.Setenv("GITHUB_STEP_SUMMARY", "")
	t.Setenv("GITHUB_EVENT_PATH", "")
	t.Setenv("GITHUB_RUN_ID", "4242")
	t.Setenv("GITHUB_REPOSITORY", "ichiran-jp/ichiran")
	t.Setenv("GITHUB_SERVER_URL", "https://github.com")
	out := filepath.Join(t.TempDir(), "review")
	t.Chdir(dir) // as in the workflow: paths relative to the repository
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"review", "-today", "2023-06-01", "-base", "HEAD", "-out", out}, nil, &stdout, &stderr); code != exitInvalid {
		t.Fatalf("review: exit %d, want %d (blank cells are errors): %s", code, exitInvalid, stderr.String())
	}
	mdBytes, err := os.ReadFile(filepath.Join(out, "report.md"))
	if err != nil {
		t.Fatal(err)
	}
	md := string(mdBytes)
	if len(md) > review.MaxComment {
		t.Errorf("report.md is %d bytes, more than %d", len(md), review.MaxComment)
	}
	if want := "report-full.md and report.json in the review artifact of the [workflow run](https://github.com/ichiran-jp/ichiran/actions/runs/4242)."; !strings.Contains(md, want) {
		t.Errorf("report.md does not say where the rest is (%q):\n%s", want, md[max(0, len(md)-600):])
	}
	if full, err := os.ReadFile(filepath.Join(out, "report-full.md")); err != nil || len(full) <= len(md) || !strings.HasPrefix(string(full), md[:1000]) {
		t.Errorf("report-full.md: %d bytes, %v; want the whole report", len(full), err)
	}
	first, _, ok := strings.Cut(md, "\n<details>")
	if !ok {
		t.Fatalf("no end of the first screen in\n%s", md)
	}

	// The national rate, computed here independently: Σ issued ÷ Σ
	// population of the rows with both.
	var sumI, sumP int64
	for _, r := range rows {
		if r[4] == "" {
			continue
		}
		p, _ := strconv.ParseInt(r[2], 10, 64)
		i, _ := strconv.ParseInt(r[4], 10, 64)
		sumP += p
		sumI += i
	}
	national := strconv.FormatFloat(float64(sumI)*100/float64(sumP), 'f', 1, 64)
	for _, want := range []string{
		"## ichiran review: ❌ 無効 / invalid\n",
		"  - `constraint-error` × 8 — 最初 / first: `data/mynumber-card/2023.csv:5:",
		"- **団体 / municipalities: 1,729 / 1,741** — **欠けている 12 団体 / 12 missing:** 北海道 北見市 \\(012084\\)、北海道 中札内村 \\(016381\\)、",
		"、ほか 2 団体 / 2 more\n",
		"- **全国 / national: " + strings.ReplaceAll(national, ".", "\\.") + " \\%** ← 前回 / previous 2022\\-05\\-01: 44\\.0 \\%",
		"- **上昇の大きい団体 / largest rises:** 北海道 長沼町 \\(014281\\) 41\\.6 → 97\\.0 (\\+55\\.4)、",
		"- **下降の大きい団体 / largest falls:** 岩手県 住田町 \\(034410\\) 33\\.1 → ",
		"- **外れ値 / outliers: ",
		"- **空欄 / blank cells: 8** (`issued` 4、`rate` 4) — 4 行 / rows: ",
		"| 北海道 **(177/179)** | ",
		"[workflow run](https://github.com/ichiran-jp/ichiran/actions/runs/4242)'s artifact `review`",
	} {
		if !strings.Contains(first, want) {
			t.Errorf("the first screen lacks %q:\n%s", want, first)
		}
	}
	if strings.Index(first, "全国 / national") > strings.Index(first, "### 要注意 / Flags") {
		t.Errorf("the flags come before the national figure:\n%s", first)
	}
	h := gfmtest.Render(t, first)
	if n := gfmtest.Count(h, "table"); n != 1 {
		t.Errorf("%d tables on the first screen, want the prefectures' 1", n)
	}

	// report.json carries the same summary.
	jb, err := os.ReadFile(filepath.Join(out, "report.json"))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := review.ReadJSON(bytes.NewReader(jb))
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Summaries) != 1 {
		t.Fatalf("report.json: %d summaries, want 1", len(rep.Summaries))
	}
	s := rep.Summaries[0]
	got := fmt.Sprintf("%s %s %d/%d missing %d, %s%% (was %s%%), %d prefectures, run %s", s.Resource, s.AsOf, s.Present, s.Expected, len(s.Missing),
		s.Figure.Value, s.Figure.Previous, len(s.Prefectures), rep.Run)
	want := fmt.Sprintf("mynumber-card-2023 2023-05-01 1729/1741 missing 12, %s%% (was 44.0%%), 47 prefectures, run https://github.com/ichiran-jp/ichiran/actions/runs/4242", national)
	if got != want {
		t.Errorf("report.json summary = %s, want %s", got, want)
	}

	t.Logf("report.md: %d bytes (limit %d); first screen %d bytes", len(md), review.MaxComment, len(first))
}

// TestReviewPostSummary: the comment and the check run's summary start with
// the summary of report.json; the run's link is kept only when it is a run
// of this repository.
func TestReviewPostSummary(t *testing.T) {
	for _, tc := range []struct {
		name, run string
		link      bool
	}{
		{"own run", "https://github.com/ichiran-jp/ichiran/actions/runs/4242", true},
		{"another repository's run", "https://github.com/mallory/ichiran/actions/runs/4242", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := reviewDir(t, true)
			v := &frictionless.Report{Valid: true}
			rep := review.Build(v, &datadiff.Result{Base: "HEAD~1", Head: "HEAD", Files: []datadiff.FileChange{}, Resources: []datadiff.ResourceDiff{}, Flags: []datadiff.Flag{}}, nil, nil)
			rep.Run = tc.run
			rep.Summaries = []review.Summary{{Resource: "mynumber-card-2023", Indicator: "mynumber-card", Title: "マイナンバーカード交付率", AsOf: "2023-05-01",
				Rows: 1729, Expected: 1741, Present: 1729, Missing: []review.Named{{Code: "012084", Name: "北海道 北見市 (012084)"}},
				Other: []review.Named{}, Blanks: []review.Blank{}, BlankRows: []review.Named{}, Previous: "2022-05-01",
				Figure: &review.Figure{Ratio: true, Unit: "%", Value: "69.9", Previous: "44.0", Numerator: "86756400", Denominator: "124178096", Counted: 1725}}}
			var b bytes.Buffer
			if err := rep.WriteJSON(&b); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "report.json"), b.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			f := &fakeReviewAPI{head: reviewSHA}
			if code, _, stderr := postOnce(t, f, dir); code != exitOK {
				t.Fatalf("review -post: exit %d: %s", code, stderr)
			}
			comment := f.comments[0]["body"].(string)
			summary := f.checks[0]["output"].(map[string]any)["summary"].(string)
			for name, body := range map[string]string{"comment": comment, "check run's summary": summary} {
				head, _, _ := strings.Cut(body, "<details>")
				for _, want := range []string{"## ichiran review: ✅ 有効 / valid\n", "### マイナンバーカード交付率 `mynumber-card-2023`",
					"- **団体 / municipalities: 1,729 / 1,741** — **欠けている 1 団体 / 1 missing:** 北海道 北見市 \\(012084\\)\n",
					"- **全国 / national: 69\\.9 \\%** ← 前回 / previous 2022\\-05\\-01: 44\\.0 \\% (\\+25\\.9 "} {
					if !strings.Contains(head, want) {
						t.Errorf("the %s's first part lacks %q:\n%s", name, want, head)
					}
				}
				if got := strings.Contains(body, "]("+tc.run+")"); got != tc.link {
					t.Errorf("the %s links %s: %t, want %t", name, tc.run, got, tc.link)
				}
			}
		})
	}
}
