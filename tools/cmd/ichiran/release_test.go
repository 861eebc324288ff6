package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// releaseDist writes a small bundle: two files, release notes, and a
// directory that is not uploaded.
func releaseDist(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range map[string]string{
		"SHA256SUMS":               "0000  ichiran-2026.zip\n",
		"ichiran-2026.zip":         "PK\x03\x04",
		"RELEASE-NOTES.md":         "# 令和8年度版\n\n新しい指標 / new indicators: 2\n",
		"ichiran-2026/ignored.csv": "a\n",
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// fakeReleases is a GitHub API with the release endpoints release uses;
// it has no release of the tag to begin with.
type fakeReleases struct {
	mu      sync.Mutex
	calls   []string
	created map[string]any
	edited  map[string]any
	uploads []string // "name content-type content"
}

func (f *fakeReleases) serve(t *testing.T) *httptest.Server {
	const p = "/repos/ichiran-jp/ichiran/releases"
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+p+"/tags/edition-2026.1", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(404)
		fmt.Fprint(w, `{"message":"Not Found"}`)
	})
	mux.HandleFunc("GET "+p, func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, `[]`) })
	mux.HandleFunc("POST "+p, func(w http.ResponseWriter, r *http.Request) {
		json.NewDecoder(r.Body).Decode(&f.created)
		w.WriteHeader(201)
		fmt.Fprint(w, `{"id":7,"tag_name":"edition-2026.1","draft":true}`)
	})
	mux.HandleFunc("POST "+p+"/7/assets", func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		f.uploads = append(f.uploads, fmt.Sprintf("%s %s %q", r.URL.Query().Get("name"), r.Header.Get("Content-Type"), b))
		w.WriteHeader(201)
		fmt.Fprintf(w, `{"id":%d,"name":%q}`, 100+len(f.uploads), r.URL.Query().Get("name"))
	})
	mux.HandleFunc("PATCH "+p+"/7", func(w http.ResponseWriter, r *http.Request) {
		json.NewDecoder(r.Body).Decode(&f.edited)
		fmt.Fprint(w, `{"id":7,"tag_name":"edition-2026.1","draft":false,"html_url":"https://github.com/ichiran-jp/ichiran/releases/tag/edition-2026.1"}`)
	})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		defer f.mu.Unlock()
		f.calls = append(f.calls, r.Method+" "+r.URL.Path)
		if got := r.Header.Get("Authorization"); got != "Bearer ghs_release" {
			t.Errorf("%s %s: Authorization = %q", r.Method, r.URL.Path, got)
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestReleaseAgainstFakeGitHub(t *testing.T) {
	dir := releaseDist(t)
	f := &fakeReleases{}
	srv := f.serve(t)
	t.Setenv("GITHUB_TOKEN", "ghs_release")
	t.Setenv("GITHUB_REPOSITORY", "ichiran-jp/ichiran")
	t.Setenv("ICHIRAN_GITHUB_API_URL", srv.URL)
	var out, errb bytes.Buffer
	if code := run(context.Background(), []string{"release", "-tag", "edition-2026.1", "-dir", dir}, nil, &out, &errb); code != exitOK {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if got := out.String(); got != "https://github.com/ichiran-jp/ichiran/releases/tag/edition-2026.1 (3 files)\n" {
		t.Errorf("stdout %q", got)
	}
	if !strings.Contains(errb.String(), "ichiran-2026") {
		t.Errorf("the skipped directory is not reported: %q", errb.String())
	}
	want := "[GET /repos/ichiran-jp/ichiran/releases/tags/edition-2026.1 GET /repos/ichiran-jp/ichiran/releases POST /repos/ichiran-jp/ichiran/releases " +
		"POST /repos/ichiran-jp/ichiran/releases/7/assets POST /repos/ichiran-jp/ichiran/releases/7/assets POST /repos/ichiran-jp/ichiran/releases/7/assets " +
		"PATCH /repos/ichiran-jp/ichiran/releases/7]"
	if got := fmt.Sprint(f.calls); got != want {
		t.Errorf("calls %s", got)
	}
	notes := "# 令和8年度版\n\n新しい指標 / new indicators: 2\n"
	if f.created["tag_name"] != "edition-2026.1" || f.created["draft"] != true || f.created["name"] != "令和8年度版 (2026年版) / edition 2026" || f.created["body"] != notes {
		t.Errorf("created %v", f.created)
	}
	if f.edited["draft"] != false || f.edited["body"] != notes {
		t.Errorf("edited %v", f.edited)
	}
	wantUp := `RELEASE-NOTES.md text/markdown "# 令和8年度版\n\n新しい指標 / new indicators: 2\n"
SHA256SUMS application/octet-stream "0000  ichiran-2026.zip\n"
ichiran-2026.zip application/zip "PK\x03\x04"`
	if got := strings.Join(f.uploads, "\n"); got != wantUp {
		t.Errorf("uploads:\n%s", got)
	}
}

func TestReleaseForbidden(t *testing.T) {
	dir := releaseDist(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(403)
		fmt.Fprint(w, `{"message":"Resource not accessible by integration"}`)
	}))
	defer srv.Close()
	t.Setenv("GITHUB_TOKEN", "ghs_release")
	t.Setenv("ICHIRAN_GITHUB_API_URL", srv.URL)
	var out, errb bytes.Buffer
	code := run(context.Background(), []string{"release", "-repo", "ichiran-jp/ichiran", "-tag", "edition-2026.1", "-dir", dir}, nil, &out, &errb)
	if code != exitFailure || !strings.Contains(errb.String(), "contents: write") {
		t.Errorf("exit %d, stderr %q", code, errb.String())
	}
}

func TestReleaseDryRun(t *testing.T) {
	dir := releaseDist(t)
	notes := filepath.Join(t.TempDir(), "notes.md")
	os.WriteFile(notes, []byte("訂正 / correction\n"), 0o644)
	t.Setenv("GITHUB_TOKEN", "")
	var out, errb bytes.Buffer
	if code := run(context.Background(), []string{"release", "-dry-run", "-tag", "edition-2026.2", "-dir", dir, "-notes", notes}, nil, &out, &errb); code != exitOK {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	for _, want := range []string{"name: 令和8年度版 (2026年版) 訂正第2版 / edition 2026, corrected issue 2", "  ichiran-2026.zip\t4\tapplication/zip", "body:\n訂正 / correction"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("stdout lacks %q:\n%s", want, out.String())
		}
	}
}

func TestReleaseUsage(t *testing.T) {
	dir := releaseDist(t)
	t.Setenv("GITHUB_TOKEN", "ghs_release")
	t.Setenv("GITHUB_REPOSITORY", "ichiran-jp/ichiran")
	for _, args := range [][]string{
		{},
		{"-tag", "v1.0"},
		{"-tag", "edition-2026"},
		{"-tag", "edition-2026.0"},
		{"-tag", "edition-26.1"},
		{"-tag", "edition-2018.1"},
		{"-tag", "edition-2026.1", "extra"},
	} {
		var out, errb bytes.Buffer
		code := run(context.Background(), append([]string{"release", "-dir", dir}, args...), nil, &out, &errb)
		if code != exitUsage {
			t.Errorf("%q: exit %d, stderr %q", args, code, errb.String())
		}
	}
	for _, tc := range []struct{ tag, want string }{{"edition-2026.1", "令和8年度版 (2026年版) / edition 2026"}, {"edition-2019.3", "令和元年度版 (2019年版) 訂正第3版 / edition 2019, corrected issue 3"}} {
		e, n, err := parseTag(tc.tag)
		if err != nil || releaseName(e, n) != tc.want {
			t.Errorf("%s: %q, %v", tc.tag, releaseName(e, n), err)
		}
	}
}

func TestReleaseAPI(t *testing.T) {
	t.Setenv("ICHIRAN_GITHUB_API_URL", "")
	t.Setenv("ICHIRAN_GITHUB_UPLOAD_URL", "")
	for api, want := range map[string]string{
		"":                                "|",
		"https://api.github.com":          "|",
		"https://ghe.example.jp/api/v3":   "https://ghe.example.jp/api/v3|https://ghe.example.jp/api/uploads",
		"https://ghe.example.jp/api/v3/":  "https://ghe.example.jp/api/v3|https://ghe.example.jp/api/uploads",
		"http://127.0.0.1:8080/somewhere": "http://127.0.0.1:8080/somewhere|http://127.0.0.1:8080/somewhere",
	} {
		t.Setenv("GITHUB_API_URL", api)
		if b, u := releaseAPI(); b+"|"+u != want {
			t.Errorf("%q: %q %q", api, b, u)
		}
	}
}
