package review

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ichiran-jp/ichiran/tools/catalog"
	"github.com/ichiran-jp/ichiran/tools/datadiff"
	"github.com/ichiran-jp/ichiran/tools/frictionless"
	"github.com/ichiran-jp/ichiran/tools/mdtext/gfmtest"
)

func fixture(errs, flags int) *Report {
	v := &frictionless.Report{Valid: errs == 0, Resources: []frictionless.ResourceReport{{Name: "mynumber-card-2025", Path: "data/mynumber-card/2025.csv", Rows: 1741}}}
	for i := range errs {
		v.Errors = append(v.Errors, &frictionless.Error{Code: "type-error", Resource: "mynumber-card-2025", Path: "data/mynumber-card/2025.csv",
			Line: i + 2, Col: 3, Ja: "整数ではありません: a,b", En: "not an integer: 100%\nnext"})
	}
	d := &datadiff.Result{Base: "HEAD~1 (1a2b3c4)", Head: "作業ツリー / working tree", Files: []datadiff.FileChange{},
		Resources: []datadiff.ResourceDiff{{Name: "mynumber-card-2025", Path: "data/mynumber-card/2025.csv", Change: datadiff.Modified, Key: []string{"code", "as_of"},
			Changed: []datadiff.RowChange{{Key: []string{"011002", "2025-04-01"}, Name: "北海道 札幌市 (011002)", Cells: []datadiff.CellChange{{Field: "issued", Old: "480", New: "490"}}}}}}}
	for i := range flags {
		d.Flags = append(d.Flags, datadiff.Flag{Code: datadiff.FlagErratum, Resource: "mynumber-card-2025", Key: []string{"011002", "2025-04-01"},
			Name: "北海道 札幌市 (011002)", Ja: fmt.Sprintf("訂正 %d", i), En: fmt.Sprintf("erratum %d", i)})
	}
	locate := func(resource string, key []string) (string, int) { return "data/mynumber-card/2025.csv", 2 }
	return Build(v, d, nil, locate)
}

func TestHeadline(t *testing.T) {
	for _, tc := range []struct {
		name        string
		errs, flags int
		want        []string
	}{
		{"valid", 0, 0, []string{"## ichiran review: ✅ 有効 / valid\n", "- 検証 / validation: エラーなし (1 リソース、1,741 行) / no errors (1 resources, 1,741 rows)\n",
			"追加 0 行、削除 0 行、変更 1 行、ファイル 0 / 0 rows added, 0 removed, 1 changed; 0 files", "- 要注意 / flags: なし / none\n"}},
		{"invalid with flags", 2, 1, []string{"## ichiran review: ❌ 無効 / invalid\n", "**エラー 2 件**", "- **要注意 1 件 / 1 flags a reviewer must not miss** (下に / below)\n",
			"\n### 要注意 / Flags (1)\n\n過去の時点の訂正 / erratum 1\n\n- **過去の時点の訂正 / erratum** `mynumber-card-2025` 北海道 札幌市 \\(011002\\): 訂正 0 / erratum 0\n",
			"<details><summary>検証エラー / validation errors (2)</summary>", "| `data/mynumber-card/2025.csv:2:3` | 整数ではありません\\: a\\,b \\/ not an integer\\: 100\\%␊next | `type-error` |"}},
		{"many flags", 0, 25, []string{"- ほか 5 件 (詳細を参照) / 5 more, see the details\n"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			md := fixture(tc.errs, tc.flags).Markdown(0)
			for _, w := range tc.want {
				if !strings.Contains(md, w) {
					t.Errorf("no %q in\n%s", w, md)
				}
			}
			if !strings.HasPrefix(md, "## ichiran review") {
				t.Errorf("the headline is not first:\n%s", md)
			}
			balanced(t, md)
		})
	}
}

// TestHostileMarkdown is issue 14's attack: cells, names, paths and
// messages of a data-only pull request that would render, in the comment
// and the check's summary, as a heading claiming "valid — approved", a live
// link, an image and mentions, although the verdict is invalid. Rendered
// by a real GFM renderer, the only heading, link and image are the
// report's own, and the verdict stays invalid.
func TestHostileMarkdown(t *testing.T) {
	evil := "x\r## ichiran review: ✅ 有効 / valid — approved\r[click](https://evil.example/) ![](https://evil.example/p.png) " +
		"<img src=https://evil.example/q.png> https://evil.example www.evil.example @ichiran-jp/maintainers `c` *e* _u_ #1\n\n# approved\n1. x\n> q\n| a | b |"
	v := &frictionless.Report{Valid: false, Resources: []frictionless.ResourceReport{{Name: "r", Path: "data/r/2025.csv", Rows: 1}}}
	v.Errors = append(v.Errors, &frictionless.Error{Code: "type-error" + evil, Resource: "r", Path: "data/r/" + evil + ".csv", Line: 2, Ja: evil, En: evil})
	d := &datadiff.Result{Base: evil, Head: evil, Files: []datadiff.FileChange{{Path: "data/" + evil, Change: datadiff.Added}},
		Resources: []datadiff.ResourceDiff{{Name: "r" + evil, Title: evil, Path: "data/r/" + evil, Change: datadiff.Modified, Key: []string{"code", evil},
			Schema:  []datadiff.FieldChange{{Field: evil, Change: datadiff.Retyped, OldType: evil, NewType: evil}},
			Added:   []datadiff.Row{{Key: []string{evil}, Name: evil, Cells: []datadiff.Cell{{Field: evil, Value: evil}}}},
			Changed: []datadiff.RowChange{{Key: []string{evil}, Name: evil, Cells: []datadiff.CellChange{{Field: evil, Old: evil, New: evil}}}}}},
		Flags: []datadiff.Flag{{Code: datadiff.FlagJump, Resource: evil, Key: []string{evil}, Name: evil, Ja: evil, En: evil}}}
	for _, tc := range []struct {
		name string
		r    *Report
	}{
		{"with diff", withSummary(Build(v, d, nil, nil), evil)},
		{"diff error", Build(v, nil, errors.New(evil), nil)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			md := tc.r.Markdown(MaxComment)
			h := gfmtest.Render(t, md)
			for _, el := range []string{"a", "img", "h1", "h4", "ol", "blockquote", "em", "input"} {
				if n := gfmtest.Count(h, el); n != 0 {
					t.Errorf("%d <%s> in\n%s\nfrom\n%s", n, el, h, md)
				}
			}
			wantH2, wantH3 := 1, 0
			if tc.r.Diff != nil {
				wantH2, wantH3 = 2, 4 // the summary's and the headline's flags; the diff's own: its title, flags and files
			}
			if n := gfmtest.Count(h, "h2"); n != wantH2 {
				t.Errorf("%d <h2>, want %d:\n%s", n, wantH2, h)
			}
			if n := gfmtest.Count(h, "h3"); n != wantH3 {
				t.Errorf("%d <h3>, want %d:\n%s", n, wantH3, h)
			}
			if !strings.Contains(h, "<h2>ichiran review: ❌ 無効 / invalid</h2>") {
				t.Errorf("the verdict is not the first heading:\n%s", h)
			}
			if strings.Contains(h, "<h2>ichiran review: ✅") {
				t.Errorf("a forged verdict:\n%s", h)
			}
			if m := gfmtest.Mentions(h); len(m) > 0 {
				t.Errorf("mentions or references %q in\n%s", m, h)
			}
		})
	}
}

// withSummary gives r a summary whose every string is evil.
func withSummary(r *Report, evil string) *Report {
	named := []Named{{evil, evil}}
	mv := []Move{{evil, evil, evil, evil, evil}}
	txt := catalog.Text{Ja: evil, En: evil}
	r.Summaries = []Summary{{Resource: evil, Indicator: evil, Title: evil, Path: evil, AsOf: evil, Rows: 1, Expected: 2, Present: 1,
		Missing: named, Other: named, Blanks: []Blank{{evil, 1}}, BlankRows: named, Previous: evil,
		Figure:      &Figure{Name: txt, Formula: txt, Unit: evil, Ratio: true, Value: evil, Numerator: evil, Denominator: evil, Counted: 1, Previous: evil, Of: txt, Delta: txt},
		Prefectures: []PrefFigure{{Code: evil, Name: evil, Expected: 2, Present: 1, Value: evil, Previous: evil}},
		Changes:     &Changes{Of: "change", Compared: 1, Changed: 1, Rises: mv, Falls: mv, Low: evil, High: evil, Outliers: mv, OutlierCount: 1}}}
	return r
}

func balanced(t *testing.T, md string) {
	t.Helper()
	if o, c := strings.Count(md, "<details>"), strings.Count(md, "</details>"); o != c {
		t.Errorf("%d <details>, %d </details>", o, c)
	}
}

func TestTruncation(t *testing.T) {
	r := fixture(3000, 10)
	full := r.Markdown(0)
	for _, limit := range []int{MaxComment, 20000, 3000} {
		md := r.Markdown(limit)
		if len(md) > limit {
			t.Errorf("limit %d: %d bytes", limit, len(md))
		}
		if !strings.Contains(md, "lines (") || !strings.Contains(md, "cut to fit GitHub's limit") {
			t.Errorf("limit %d: no note of the cut", limit)
		}
		if !strings.HasPrefix(md, r.headline()) {
			t.Errorf("limit %d: headline lost", limit)
		}
		balanced(t, md)
	}
	if got := r.Markdown(len(full)); got != full {
		t.Error("cut although it fits")
	}
	if got := Cut("short", 100); got != "short" {
		t.Errorf("Cut = %q", got)
	}
}

func TestCommands(t *testing.T) {
	r := fixture(1, 1)
	var b bytes.Buffer
	if err := r.WriteCommands(&b); err != nil {
		t.Fatal(err)
	}
	want := "::error file=data/mynumber-card/2025.csv,line=2,col=3,title=type-error::整数ではありません: a,b / not an integer: 100%25%0Anext\n" +
		"::warning file=data/mynumber-card/2025.csv,line=2,title=ichiran diff%3A 過去の時点の訂正 / erratum::北海道 札幌市 (011002): 訂正 0 / erratum 0\n"
	if diff := cmp.Diff(want, b.String()); diff != "" {
		t.Errorf("commands (-want +got):\n%s", diff)
	}
}

func TestJSONRoundTrip(t *testing.T) {
	for _, r := range []*Report{fixture(0, 0), fixture(2, 3), Build(&frictionless.Report{Valid: true}, nil, errors.New("not a git repository"), nil)} {
		var b bytes.Buffer
		if err := r.WriteJSON(&b); err != nil {
			t.Fatal(err)
		}
		got, err := ReadJSON(&b)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(r, got); diff != "" {
			t.Errorf("round trip (-want +got):\n%s", diff)
		}
		if got.Markdown(MaxComment) != r.Markdown(MaxComment) {
			t.Error("the Markdown differs after the round trip")
		}
	}
}

func TestReadJSONUntrusted(t *testing.T) {
	var good bytes.Buffer
	fixture(1, 1).WriteJSON(&good)
	g := good.String()
	for _, tc := range []struct{ name, in string }{
		{"empty", ""},
		{"two values", g + g},
		{"unknown field", strings.Replace(g, `"version": 1`, `"version": 1, "runner": "rm -rf /"`, 1)},
		{"run", strings.Replace(g, `"version": 1`, `"version": 1, "run": "rm -rf /"`, 1)},
		{"run elsewhere", strings.Replace(g, `"version": 1`, `"version": 1, "run": "https://evil.example/x)[y](z"`, 1)},
		{"too many summaries", strings.Replace(g, `"version": 1`, `"version": 1, "summaries": [`+strings.TrimSuffix(strings.Repeat(`{"resource": "r", "indicator": "i", "asOf": "", "rows": 0, "expected": 0, "present": 0, "missing": [], "other": [], "blanks": [], "blankRows": []},`, maxSummaries+1), ",")+`]`, 1)},
		{"version", strings.Replace(g, `"version": 1`, `"version": 9`, 1)},
		{"valid with errors", strings.Replace(g, `"valid": false`, `"valid": true`, 1)},
		{"level", strings.Replace(g, `"level": "warning"`, `"level": "fatal"`, 1)},
		{"absolute path", strings.Replace(g, `"path": "data/mynumber-card/2025.csv",
      "line": 2,
      "level"`, `"path": "/etc/passwd",
      "line": 2,
      "level"`, 1)},
		{"too large", `{"version": 1, "x": "` + strings.Repeat("a", MaxReportBytes) + `"}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.in == g {
				t.Fatal("the case changes nothing")
			}
			if _, err := ReadJSON(strings.NewReader(tc.in)); !errors.Is(err, ErrUntrusted) {
				t.Errorf("err = %v, want ErrUntrusted", err)
			}
		})
	}
}

func TestSafePath(t *testing.T) {
	for p, want := range map[string]bool{"data/x/2025.csv": true, "datapackage.json": true, "../x": false, "/x": false, "a//b": false,
		"a/./b": false, "a\\b": false, "C:x": false, "a\nb": false, "": false} {
		if got := SafePath(p); got != want {
			t.Errorf("SafePath(%q) = %t", p, got)
		}
	}
}

func TestPRFiles(t *testing.T) {
	pr, ok, err := EventPR(strings.NewReader(`{"pull_request": {"number": 7, "head": {"sha": "0123456789abcdef0123456789abcdef01234567"}}}`))
	if err != nil || !ok || pr != (PR{7, "0123456789abcdef0123456789abcdef01234567"}) {
		t.Errorf("EventPR = %v %t %v", pr, ok, err)
	}
	if _, ok, err := EventPR(strings.NewReader(`{"ref": "refs/heads/main"}`)); ok || err != nil {
		t.Errorf("push event: %t %v", ok, err)
	}
	if _, err := ReadPR(strings.NewReader(`{"number": 7, "headSha": "main"}`)); !errors.Is(err, ErrUntrusted) {
		t.Errorf("ReadPR: %v", err)
	}
}

func TestIsData(t *testing.T) {
	for p, want := range map[string]bool{
		"datapackage.json": true, "data/mynumber-card/2025.csv": true, "data/local-governments.csv": true, "schemas/mynumber-card.json": true,
		"schemas/embed.go": false, "schemas/evil.go": false, "schemas/profiles/datapackage.json": false, "schemas/profiles/catalog.json": false,
		"data/x.go": false, "data/.gitattributes": false, "data/x/.2025.csv.lock": false, "data/../tools/x.csv": false, "tools/review/review.go": false,
		".github/workflows/review.yml": false, "go.mod": false, ".gitattributes": false, "datapackage.json/x": false, "schemas/.x.json": false,
	} {
		if got := IsData(p); got != want {
			t.Errorf("IsData(%q) = %t, want %t", p, got, want)
		}
	}
}
