package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
)

// trackFixture writes the data package of testdata/script/track.txtar to a
// temporary directory.
func trackFixture(t *testing.T) string {
	t.Helper()
	a, err := txtar.ParseFile(filepath.Join("testdata", "script", "track.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, f := range a.Files {
		name := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// fakeIssues is a GitHub API with the two issue endpoints track uses.
type fakeIssues struct {
	t      *testing.T
	issues []map[string]any // what the list returns
	sent   []map[string]any // bodies of POST and PATCH, in order
	calls  []string
}

func (f *fakeIssues) serve(t *testing.T) *httptest.Server {
	mux := http.NewServeMux()
	check := func(r *http.Request, accept string) {
		if got := r.Header.Get("Authorization"); got != "Bearer ghs_track" {
			t.Errorf("Authorization = %q", got)
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
	mux.HandleFunc("GET /repos/ichiran-jp/ichiran/issues", func(w http.ResponseWriter, r *http.Request) {
		check(r, "application/vnd.github.squirrel-girl-preview")
		if q := r.URL.Query(); q.Get("labels") != "edition-2025" || q.Get("state") != "all" {
			t.Errorf("list query %v", q)
		}
		json.NewEncoder(w).Encode(f.issues)
	})
	mux.HandleFunc("POST /repos/ichiran-jp/ichiran/issues", func(w http.ResponseWriter, r *http.Request) {
		check(r, "application/vnd.github.v3+json")
		m := body(r)
		is := map[string]any{"number": 12, "title": m["title"], "body": m["body"], "state": "open", "labels": []any{map[string]any{"name": "edition-2025"}}}
		f.issues = append(f.issues, is)
		w.WriteHeader(201)
		json.NewEncoder(w).Encode(is)
	})
	mux.HandleFunc("PATCH /repos/ichiran-jp/ichiran/issues/12", func(w http.ResponseWriter, r *http.Request) {
		check(r, "application/vnd.github.v3+json")
		m := body(r)
		for k, v := range m {
			f.issues[0][k] = v
		}
		json.NewEncoder(w).Encode(f.issues[0])
	})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.calls = append(f.calls, r.Method)
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestTrackAgainstFakeGitHub(t *testing.T) {
	dir := trackFixture(t)
	f := &fakeIssues{t: t}
	srv := f.serve(t)
	t.Setenv("GITHUB_TOKEN", "ghs_track")
	t.Setenv("GITHUB_REPOSITORY", "ichiran-jp/ichiran")
	t.Setenv("ICHIRAN_GITHUB_API_URL", srv.URL)
	track := func(today string) string {
		t.Helper()
		var out, errb bytes.Buffer
		if code := run(context.Background(), []string{"track", "-edition", "2025", "-today", today, dir}, nil, &out, &errb); code != exitOK {
			t.Fatalf("track: exit %d: %s", code, errb.String())
		}
		return out.String()
	}

	// First run: the issue is created, open, mentioning the team that owes data.
	if got := track("2025-06-01"); got != "ichiran-jp/ichiran#12 (open)\n" {
		t.Errorf("stdout %q", got)
	}
	if fmt.Sprint(f.calls) != "[GET POST]" {
		t.Fatalf("calls %v", f.calls)
	}
	created := f.sent[0]
	b := created["body"].(string)
	for _, want := range []string{"<!-- ichiran:edition-2025 -->", "| 指標 / indicator |", "#### 総務省 / MIC — @ichiran-jp/soumu", "partial (3 of 5)"} {
		if !strings.Contains(b, want) {
			t.Errorf("body lacks %q:\n%s", want, b)
		}
	}
	if fmt.Sprint(created["labels"]) != "[edition-2025]" || created["title"] != "令和7年度版 (2025年版) の状況 / edition 2025 status" {
		t.Errorf("created %v %v", created["title"], created["labels"])
	}

	// Same day again: nothing to edit.
	f.calls = nil
	track("2025-06-01")
	if fmt.Sprint(f.calls) != "[GET]" {
		t.Errorf("unchanged: calls %v", f.calls)
	}

	// The missing rows arrive: the issue is edited and closed.
	csv := filepath.Join(dir, "data", "mynumber-card", "2025.csv")
	old, _ := os.ReadFile(csv)
	fix := string(old) + "282219,2025-05-01,1000,2024-01-01,500,50.0\n402311,2025-05-01,1000,2024-01-01,500,50.0\n016969,2025-05-01,1000,2024-01-01,500,50.0\n"
	if err := os.WriteFile(csv, []byte(fix), 0o644); err != nil {
		t.Fatal(err)
	}
	f.calls = nil
	if got := track("2025-06-01"); got != "ichiran-jp/ichiran#12 (closed)\n" {
		t.Errorf("stdout %q", got)
	}
	last := f.sent[len(f.sent)-1]
	if fmt.Sprint(f.calls) != "[GET PATCH]" || last["state"] != "closed" || !strings.Contains(last["body"].(string), "Every active indicator of this edition is complete") {
		t.Errorf("close: calls %v, sent %v", f.calls, last)
	}
}

// A 403 names the permission and fails with exit 3.
func TestTrackForbidden(t *testing.T) {
	dir := trackFixture(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(403)
		fmt.Fprint(w, `{"message":"Resource not accessible by integration"}`)
	}))
	defer srv.Close()
	t.Setenv("GITHUB_TOKEN", "ghs_track")
	t.Setenv("ICHIRAN_GITHUB_API_URL", srv.URL)
	var out, errb bytes.Buffer
	code := run(context.Background(), []string{"track", "-repo", "ichiran-jp/ichiran", "-edition", "2025", "-today", "2025-06-01", dir}, nil, &out, &errb)
	if code != exitFailure || !strings.Contains(errb.String(), "issues: write") {
		t.Errorf("exit %d, stderr %q", code, errb.String())
	}
}
