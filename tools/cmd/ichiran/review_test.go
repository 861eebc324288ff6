package main

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/ichiran-jp/ichiran/tools/datadiff"
	"github.com/ichiran-jp/ichiran/tools/frictionless"
	"github.com/ichiran-jp/ichiran/tools/review"
)

const (
	reviewSHA   = "0123456789abcdef0123456789abcdef01234567"
	reviewToken = "ghs_review"
)

// fakeReviewAPI is a GitHub API with the endpoints ichiran review -post
// uses: the pull request, its comments and the commit's check runs. It
// keeps what was posted, so that a second run sees it.
type fakeReviewAPI struct {
	mu            sync.Mutex
	head          string            // the pull request's head SHA
	headRepo      string            // its repository ("": this one, "-": a deleted fork)
	files         []string          // the files it changes
	blobs         map[string]string // their contents at the head, by path
	commentStatus int               // when not 0, the answer to creating a comment
	comments      []map[string]any  // on pull request 7
	checks        []map[string]any  // on reviewSHA
	calls         []string          // "METHOD /path"
	sent          []map[string]any  // bodies of POST and PATCH
}

func (f *fakeReviewAPI) serve(t *testing.T) *httptest.Server {
	mux := http.NewServeMux()
	check := func(r *http.Request, accept string) {
		if got := r.Header.Get("Authorization"); got != "Bearer "+reviewToken {
			t.Errorf("%s %s: Authorization = %q", r.Method, r.URL.Path, got)
		}
		if got := r.Header.Get("Accept"); got != accept {
			t.Errorf("%s %s: Accept = %q", r.Method, r.URL.Path, got)
		}
	}
	body := func(r *http.Request) map[string]any {
		var m map[string]any
		if err := json.NewDecoder(r.Body).Decode(&m); err != nil {
			t.Errorf("%s %s: %v", r.Method, r.URL.Path, err)
		}
		f.sent = append(f.sent, m)
		return m
	}
	const repo = "/repos/ichiran-jp/ichiran"
	mux.HandleFunc("GET "+repo+"/pulls/7", func(w http.ResponseWriter, r *http.Request) {
		check(r, "application/vnd.github.v3+json")
		repo := fmt.Sprintf(`{"full_name":%q}`, cmp.Or(f.headRepo, "ichiran-jp/ichiran"))
		if f.headRepo == "-" {
			repo = "null" // a deleted fork
		}
		fmt.Fprintf(w, `{"number":7,"state":"open","changed_files":%d,"head":{"ref":"data","sha":%q,"repo":%s},"base":{"ref":"main","sha":"fedcba9876543210fedcba9876543210fedcba98","repo":{"full_name":"ichiran-jp/ichiran"}}}`,
			len(f.files), f.head, repo)
	})
	mux.HandleFunc("GET "+repo+"/pulls/7/files", func(w http.ResponseWriter, r *http.Request) {
		check(r, "application/vnd.github.v3+json")
		var fs []map[string]any
		for i, p := range f.files {
			fs = append(fs, map[string]any{"filename": p, "status": "modified", "sha": fmt.Sprintf("%040x", i+1)})
		}
		json.NewEncoder(w).Encode(fs)
	})
	mux.HandleFunc("GET "+repo+"/git/blobs/{sha}", func(w http.ResponseWriter, r *http.Request) {
		check(r, "application/vnd.github.v3.raw")
		for i, p := range f.files {
			if fmt.Sprintf("%040x", i+1) == r.PathValue("sha") {
				fmt.Fprint(w, f.blobs[p])
				return
			}
		}
		w.WriteHeader(404)
	})
	mux.HandleFunc("GET /user", func(w http.ResponseWriter, r *http.Request) {
		check(r, "application/vnd.github.v3+json")
		w.WriteHeader(403)
		fmt.Fprint(w, `{"message":"Resource not accessible by integration"}`)
	})
	mux.HandleFunc("GET "+repo+"/issues/7/comments", func(w http.ResponseWriter, r *http.Request) {
		check(r, "application/vnd.github.squirrel-girl-preview")
		json.NewEncoder(w).Encode(f.comments)
	})
	mux.HandleFunc("POST "+repo+"/issues/7/comments", func(w http.ResponseWriter, r *http.Request) {
		check(r, "application/vnd.github.v3+json")
		m := body(r)
		if f.commentStatus != 0 {
			w.WriteHeader(f.commentStatus)
			fmt.Fprint(w, `{"message":"Resource not accessible by integration"}`)
			return
		}
		c := map[string]any{"id": 100 + len(f.comments), "body": m["body"], "user": map[string]any{"login": "github-actions[bot]", "type": "Bot"}}
		f.comments = append(f.comments, c)
		w.WriteHeader(201)
		json.NewEncoder(w).Encode(c)
	})
	mux.HandleFunc("PATCH "+repo+"/issues/comments/{id}", func(w http.ResponseWriter, r *http.Request) {
		check(r, "application/vnd.github.v3+json")
		m := body(r)
		for _, c := range f.comments {
			if fmt.Sprint(c["id"]) == r.PathValue("id") {
				if c["user"].(map[string]any)["login"] != "github-actions[bot]" {
					w.WriteHeader(403) // GitHub: only the author may edit
					fmt.Fprint(w, `{"message":"Resource not accessible by integration"}`)
					return
				}
				c["body"] = m["body"]
				json.NewEncoder(w).Encode(c)
				return
			}
		}
		w.WriteHeader(404)
	})
	mux.HandleFunc("GET "+repo+"/commits/"+reviewSHA+"/check-runs", func(w http.ResponseWriter, r *http.Request) {
		check(r, "application/vnd.github.antiope-preview+json")
		json.NewEncoder(w).Encode(map[string]any{"total_count": len(f.checks), "check_runs": f.checks})
	})
	mux.HandleFunc("POST "+repo+"/check-runs", func(w http.ResponseWriter, r *http.Request) {
		check(r, "application/vnd.github.antiope-preview+json")
		m := body(r)
		out := m["output"].(map[string]any)
		cr := map[string]any{"id": 5, "name": m["name"], "head_sha": m["head_sha"], "status": m["status"], "conclusion": m["conclusion"],
			"output": map[string]any{"title": out["title"], "summary": out["summary"], "annotations_count": 0}}
		f.checks = append(f.checks, cr)
		w.WriteHeader(201)
		json.NewEncoder(w).Encode(cr)
	})
	mux.HandleFunc("PATCH "+repo+"/check-runs/5", func(w http.ResponseWriter, r *http.Request) {
		check(r, "application/vnd.github.antiope-preview+json")
		m := body(r)
		out := f.checks[0]["output"].(map[string]any)
		if as, ok := m["output"].(map[string]any)["annotations"].([]any); ok {
			out["annotations_count"] = out["annotations_count"].(int) + len(as)
		}
		json.NewEncoder(w).Encode(f.checks[0])
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("unexpected call %s %s", r.Method, r.URL)
		w.WriteHeader(http.StatusTeapot)
	})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		defer f.mu.Unlock()
		f.calls = append(f.calls, r.Method+" "+strings.TrimPrefix(r.URL.Path, repo))
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// reviewDir writes a report with two validation errors (one in a CSV
// file, one in the descriptor) and one flag.
func reviewDir(t *testing.T, withPR bool) string {
	t.Helper()
	v := &frictionless.Report{Valid: false, Resources: []frictionless.ResourceReport{{Name: "mynumber-card-2025", Path: "data/mynumber-card/2025.csv", Rows: 5}},
		Errors: []*frictionless.Error{
			{Code: "type-error", Resource: "mynumber-card-2025", Path: "data/mynumber-card/2025.csv", Line: 3, Col: 18, Ja: "整数ではありません", En: "not an integer"},
			{Code: "package-error", Path: "datapackage.json", Ja: "記述子", En: "descriptor"},
		}}
	d := &datadiff.Result{Base: "HEAD~1", Head: "HEAD", Files: []datadiff.FileChange{}, Resources: []datadiff.ResourceDiff{},
		Flags: []datadiff.Flag{{Code: datadiff.FlagFall, Resource: "mynumber-card-2025", Key: []string{"282219", "2025-06-01"}, Name: "兵庫県 丹波篠山市 (282219)", Ja: "減少", En: "fell"}}}
	locate := func(string, []string) (string, int) { return "data/mynumber-card/2025.csv", 6 }
	rep := review.Build(v, d, nil, locate)
	dir := t.TempDir()
	var b bytes.Buffer
	if err := rep.WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "report.json"), b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if withPR {
		if err := os.WriteFile(filepath.Join(dir, "pr.json"), []byte(`{"number": 7, "headSha": "`+reviewSHA+`"}`), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func postEnv(t *testing.T, srv *httptest.Server) {
	t.Setenv("GITHUB_TOKEN", reviewToken)
	t.Setenv("GITHUB_REPOSITORY", "ichiran-jp/ichiran")
	t.Setenv("ICHIRAN_GITHUB_API_URL", srv.URL)
}

func TestReviewPost(t *testing.T) {
	f := &fakeReviewAPI{head: reviewSHA}
	postEnv(t, f.serve(t))
	dir := reviewDir(t, true)
	post := func(args ...string) string {
		t.Helper()
		var out, errb bytes.Buffer
		if code := run(context.Background(), append([]string{"review", "-post", dir, "-sha", reviewSHA}, args...), nil, &out, &errb); code != exitOK {
			t.Fatalf("review -post: exit %d: %s", code, errb.String())
		}
		return out.String()
	}

	// First run: the comment and the check run are created, and the
	// annotations with a file sent in one batch.
	got := post("-pr", "7")
	if got != "comment 100 (created)\ncheck run 5 (failure, 3 annotations)\n" {
		t.Errorf("stdout %q", got)
	}
	want := "GET /pulls/7 GET /issues/7/comments POST /issues/7/comments GET /commits/" + reviewSHA + "/check-runs POST /check-runs PATCH /check-runs/5"
	if c := strings.Join(f.calls, " "); c != want {
		t.Errorf("calls\n%s\nwant\n%s", c, want)
	}
	comment := f.sent[0]["body"].(string)
	for _, s := range []string{"<!-- ichiran:review -->", "## ichiran review: ❌ 無効 / invalid", "**累計値の減少 / fall**", "<details><summary>検証エラー / validation errors (2)</summary>"} {
		if !strings.Contains(comment, s) {
			t.Errorf("comment lacks %q:\n%s", s, comment)
		}
	}
	created := f.sent[1]
	if created["conclusion"] != "failure" || created["name"] != "ichiran review" || created["head_sha"] != reviewSHA {
		t.Errorf("check run %v", created)
	}
	as := f.sent[2]["output"].(map[string]any)["annotations"].([]any)
	first, second := as[0].(map[string]any), as[2].(map[string]any)
	if first["annotation_level"] != "failure" || first["start_line"] != 3.0 || first["start_column"] != 18.0 || first["title"] != "type-error" ||
		second["annotation_level"] != "warning" || second["start_line"] != 6.0 {
		t.Errorf("annotations %v", as)
	}

	// Again, without -pr (the number from pr.json): nothing is posted twice.
	f.calls = nil
	post()
	want = "GET /pulls/7 GET /issues/7/comments GET /user GET /commits/" + reviewSHA + "/check-runs"
	if c := strings.Join(f.calls, " "); c != want {
		t.Errorf("second run: calls\n%s\nwant\n%s", c, want)
	}
}

// postOnce runs review -post for pull request 7 against f, returning the
// exit code, stdout and stderr.
func postOnce(t *testing.T, f *fakeReviewAPI, dir string) (int, string, string) {
	t.Helper()
	postEnv(t, f.serve(t))
	var out, errb bytes.Buffer
	code := run(context.Background(), []string{"review", "-post", dir, "-pr", "7", "-sha", reviewSHA}, nil, &out, &errb)
	return code, out.String(), errb.String()
}

// validDir is reviewDir with a report.json that says "valid, no flags".
func validDir(t *testing.T) string {
	dir := reviewDir(t, true)
	rep := review.Build(&frictionless.Report{Valid: true}, &datadiff.Result{Files: []datadiff.FileChange{}, Resources: []datadiff.ResourceDiff{}}, nil, nil)
	var b bytes.Buffer
	if err := rep.WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "report.json"), b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// baseCheckout makes the working directory a copy of a repository with
// valid data, as review-post.yml's checkout of the base branch is.
func baseCheckout(t *testing.T) {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("../../datadiff/testdata/repo")); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "data/mynumber-card/2025.csv"), []byte(validCards), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
}

// validCards are valid figures for the base of baseCheckout.
const validCards = "code,as_of,population,population_date,issued,rate\n011002,2025-05-01,1000,2024-01-01,500,50.0\n014036,2025-05-01,1000,2024-01-01,500,50.0\n" +
	"131016,2025-05-01,3000,2024-01-01,1000,33.3\n282219,2025-05-01,1000,2024-01-01,500,50.0\n402311,2025-05-01,1000,2024-01-01,500,50.0\n"

// TestReviewPostForkForged is issue 14's attack: a fork changes review.yml
// or tools/ so that its review job writes a report.json that says "valid",
// to get a green check. The pull request's files come from the API: code
// from a fork gives a neutral check that names the code and no verdict of
// the artifact; its data, fetched through the API, is validated by the
// base's tool, and invalid data fails the check.
func TestReviewPostForkForged(t *testing.T) {
	invalid := strings.Replace(validCards, "500,50.0", "many,50.0", 1)
	for _, tc := range []struct {
		name       string
		headRepo   string
		files      []string
		blobs      map[string]string
		conclusion string
		summary    string // in the summary
	}{
		{"fork changing tools", "mallory/ichiran", []string{"data/mynumber-card/2025.csv", "tools/review/review.go"}, nil, "neutral", "re-validated with the base's tool"},
		{"fork changing tools, the data valid", "mallory/ichiran", []string{"data/mynumber-card/2025.csv", "tools/review/review.go"}, nil, "neutral", "no errors (3 resources, 23 rows)"},
		{"fork changing tools and the data, invalid", "mallory/ichiran", []string{"data/mynumber-card/2025.csv", "tools/review/review.go"},
			map[string]string{"data/mynumber-card/2025.csv": invalid}, "failure", "## ichiran review: ❌ 無効 / invalid"},
		{"the base's tool names the file as in the repository", "mallory/ichiran", []string{"data/mynumber-card/2025.csv", "tools/review/review.go"},
			map[string]string{"data/mynumber-card/2025.csv": invalid}, "failure", "| `data/mynumber-card/2025.csv:2:35` |"},
		{"fork changing the workflow", "mallory/ichiran", []string{".github/workflows/review.yml"}, nil, "neutral", "`.github/workflows/review.yml`"},
		{"fork changing go.mod", "mallory/ichiran", []string{"go.mod", "schemas/x.json"}, nil, "neutral", "`go.mod`"},
		{"fork changing Go code under schemas/", "mallory/ichiran", []string{"schemas/mynumber-card.json", "schemas/embed.go"}, nil, "neutral", "`schemas/embed.go`"},
		{"fork changing the embedded profiles", "mallory/ichiran", []string{"data/mynumber-card/2025.csv", "schemas/profiles/datapackage.json"}, nil, "neutral", "`schemas/profiles/datapackage.json`"},
		{"deleted fork changing tools", "-", []string{"data/mynumber-card/2025.csv", "tools/x.go"}, nil, "neutral", "`tools/x.go`"},
		{"deleted fork changing data only", "-", []string{"data/a.csv"}, nil, "success", ""},
		{"fork changing data only", "mallory/ichiran", []string{"data/mynumber-card/2025.csv", "schemas/mynumber-card.json", "datapackage.json"}, nil, "success", ""},
		{"branch of this repository changing tools", "ichiran-jp/ichiran", []string{"tools/review/review.go"}, nil, "success", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			baseCheckout(t)
			blobs := map[string]string{}
			for _, p := range tc.files {
				if b, err := os.ReadFile(p); err == nil {
					blobs[p] = string(b) // unchanged unless the case says
				} else {
					blobs[p] = "code\n"
				}
			}
			maps.Copy(blobs, tc.blobs)
			f := &fakeReviewAPI{head: reviewSHA, headRepo: tc.headRepo, files: tc.files, blobs: blobs}
			code, stdout, stderr := postOnce(t, f, validDir(t))
			if code != exitOK {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			var check map[string]any
			for _, m := range f.sent {
				if m["head_sha"] == reviewSHA {
					check = m
				}
			}
			if check == nil {
				t.Fatalf("no check run created; stdout %q", stdout)
			}
			out := check["output"].(map[string]any)
			summary := out["summary"].(string)
			if check["conclusion"] != tc.conclusion {
				t.Errorf("conclusion %v, want %s\n%s", check["conclusion"], tc.conclusion, summary)
			}
			if !strings.Contains(summary, tc.summary) {
				t.Errorf("the summary does not say %q:\n%s", tc.summary, summary)
			}
			if tc.conclusion != "success" {
				if !strings.Contains(out["title"].(string), review.NeutralTitle) || !strings.Contains(summary, "code changes: review by a maintainer") {
					t.Errorf("output %v", out)
				}
				// The forged artifact said "valid" for 0 resources.
				if strings.Contains(summary, "0 リソース") || strings.Contains(f.comments[0]["body"].(string), "0 リソース") {
					t.Errorf("the forged verdict is shown: %v", summary)
				}
			}
		})
	}
}

// TestReviewPostHijack is issue 14's attack on the comment: a user posts a
// comment starting with the marker first, to own the review's text or to
// make its edit fail (403) so that no check run is published. The user's
// comment is left alone, the bot writes its own, and the check follows.
func TestReviewPostHijack(t *testing.T) {
	f := &fakeReviewAPI{head: reviewSHA}
	f.comments = []map[string]any{{"id": 100, "body": "<!-- ichiran:review -->\n## ichiran review: ✅ 有効 / valid — approved", "user": map[string]any{"login": "mallory", "type": "User"}}}
	code, stdout, stderr := postOnce(t, f, reviewDir(t, true))
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if stdout != "comment 101 (created)\ncheck run 5 (failure, 3 annotations)\n" {
		t.Errorf("stdout %q", stdout)
	}
	if strings.Contains(strings.Join(f.calls, " "), "PATCH /issues/comments/100") {
		t.Errorf("the user's comment was edited: %v", f.calls)
	}
}

// A comment that cannot be written does not keep the check run back.
func TestReviewPostCommentFails(t *testing.T) {
	f := &fakeReviewAPI{head: reviewSHA, commentStatus: 403}
	code, stdout, stderr := postOnce(t, f, reviewDir(t, true))
	if code != exitFailure || !strings.Contains(stderr, "publishing the check run all the same") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	if stdout != "check run 5 (failure, 3 annotations)\n" {
		t.Errorf("stdout %q", stdout)
	}
}

// A report for a commit that is no longer the pull request's head is
// refused before anything is posted.
func TestReviewPostStale(t *testing.T) {
	f := &fakeReviewAPI{head: "89abcdef0123456789abcdef0123456789abcdef"}
	postEnv(t, f.serve(t))
	var out, errb bytes.Buffer
	code := run(context.Background(), []string{"review", "-post", reviewDir(t, false), "-pr", "7", "-sha", reviewSHA}, nil, &out, &errb)
	if code != exitFailure || !strings.Contains(errb.String(), "not posting a stale report") {
		t.Errorf("exit %d, stderr %q", code, errb.String())
	}
	if c := strings.Join(f.calls, " "); c != "GET /pulls/7" {
		t.Errorf("calls %s", c)
	}
}

// pr.json that disagrees with the run, or a report.json that is not one
// ichiran review wrote, is refused without calling GitHub.
func TestReviewPostUntrusted(t *testing.T) {
	f := &fakeReviewAPI{head: reviewSHA}
	postEnv(t, f.serve(t))
	for _, tc := range []struct {
		name, file, content, args, want string
	}{
		{"pr.json for another pull request", "pr.json", `{"number": 8, "headSha": "` + reviewSHA + `"}`, "-pr 7", "does not match the run"},
		{"pr.json with more", "pr.json", `{"number": 7, "headSha": "` + reviewSHA + `", "x": 1}`, "-pr 7", "unknown field"},
		{"report.json with an unsafe path", "report.json", `{"version":1,"valid":true,"counts":{"errors":0,"resources":0,"rows":0,"added":0,"removed":0,"changed":0,"files":0,"flags":0},"errors":[],"diff":null,"diffError":"x","annotations":[{"path":"../../etc/passwd","level":"error","title":"t","message":"m"}]}`, "-pr 7", "path"},
		{"report.json of another version", "report.json", `{"version":2}`, "-pr 7", "version 2"},
		{"no number", "pr.json", "", "", "no pull request number"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := reviewDir(t, false)
			if tc.content != "" {
				if err := os.WriteFile(filepath.Join(dir, tc.file), []byte(tc.content), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			f.calls = nil
			var out, errb bytes.Buffer
			args := append([]string{"review", "-post", dir, "-sha", reviewSHA}, strings.Fields(tc.args)...)
			if code := run(context.Background(), args, nil, &out, &errb); code == exitOK || !strings.Contains(errb.String(), tc.want) {
				t.Errorf("exit %d, stderr %q, want %q", code, errb.String(), tc.want)
			}
			if len(f.calls) != 0 {
				t.Errorf("calls %v", f.calls)
			}
		})
	}
}
