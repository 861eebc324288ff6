package github

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

const checkRunsPath = "/repos/ichiran-jp/ichiran/check-runs"

const sha = "0123456789abcdef0123456789abcdef01234567"

func checkRunJSON(id int64, name, conclusion, title, summary string, annotations int) string {
	return fmt.Sprintf(`{"id":%d,"node_id":"CR_kw","head_sha":%q,"external_id":"","url":"https://api.github.com/repos/ichiran-jp/ichiran/check-runs/%d","html_url":"https://github.com/ichiran-jp/ichiran/runs/%d","status":"completed","conclusion":%q,"started_at":"2026-06-01T09:00:00Z","completed_at":"2026-06-01T09:00:00Z","name":%q,"output":{"title":%q,"summary":%q,"text":null,"annotations_count":%d,"annotations_url":"https://api.github.com/repos/ichiran-jp/ichiran/check-runs/%d/annotations"},"app":{"id":15368,"slug":"github-actions"},"pull_requests":[]}`,
		id, sha, id, id, conclusion, name, title, summary, annotations, id)
}

func annotations(n int) []Annotation {
	var as []Annotation
	for i := range n {
		as = append(as, Annotation{Path: "data/mynumber-card/2026.csv", StartLine: i + 2, Level: "failure", Title: "coverage", Message: fmt.Sprintf("row %d", i+2)})
	}
	return as
}

func TestPublishCheckBatches(t *testing.T) {
	f := newFake(t)
	f.handle("GET /repos/ichiran-jp/ichiran/commits/"+sha+"/check-runs", acceptChecks, func(w http.ResponseWriter, r *http.Request) {
		if q := r.URL.Query(); q.Get("check_name") != "ichiran review" || q.Get("filter") != "latest" {
			t.Errorf("query %v", q)
		}
		write(w, 200, `{"total_count":0,"check_runs":[]}`)
	})
	f.handle("POST "+checkRunsPath, acceptChecks, func(w http.ResponseWriter, r *http.Request) {
		m := decode(t, r)
		keys(t, "create check run", m, "name", "head_sha", "status", "conclusion", "completed_at", "output")
		if m["name"] != "ichiran review" || m["head_sha"] != sha || m["status"] != "completed" || m["conclusion"] != "failure" {
			t.Errorf("create: %v", m)
		}
		out := m["output"].(map[string]any)
		keys(t, "create output", out, "title", "summary", "text")
		if n := len([]rune(out["summary"].(string))); n > MaxCheckText || !strings.Contains(out["summary"].(string), "characters cut") {
			t.Errorf("summary of %d characters, no note of the cut", n)
		}
		write(w, 201, checkRunJSON(5, "ichiran review", "failure", "120 problems", "…", 0))
	})
	var batches []int
	f.handle("PATCH "+checkRunsPath+"/5", acceptChecks, func(w http.ResponseWriter, r *http.Request) {
		m := decode(t, r)
		keys(t, "update check run", m, "name", "output")
		out := m["output"].(map[string]any)
		as := out["annotations"].([]any)
		first := as[0].(map[string]any)
		keys(t, "annotation", first, "path", "start_line", "end_line", "annotation_level", "message", "title")
		if first["path"] != "data/mynumber-card/2026.csv" || first["annotation_level"] != "failure" {
			t.Errorf("annotation %v", first)
		}
		batches = append(batches, len(as))
		write(w, 200, checkRunJSON(5, "ichiran review", "failure", "120 problems", "…", 0))
	})
	id, err := f.client().PublishCheck(context.Background(), CheckRun{Name: "ichiran review", HeadSHA: sha, Conclusion: "failure",
		Title: "120 problems", Summary: strings.Repeat("s", 70000), Text: "details", Annotations: annotations(120)})
	if err != nil || id != 5 {
		t.Fatalf("PublishCheck = %d, %v", id, err)
	}
	if fmt.Sprint(batches) != "[50 50 20]" {
		t.Errorf("batches %v, want [50 50 20]", batches)
	}
	if n := strings.Count(f.callList(), "POST"); n != 1 {
		t.Errorf("%d creates", n)
	}
}

// The same check on the same commit again: nothing is posted.
func TestPublishCheckUnchanged(t *testing.T) {
	f := newFake(t)
	f.handle("GET /repos/ichiran-jp/ichiran/commits/"+sha+"/check-runs", acceptChecks, func(w http.ResponseWriter, r *http.Request) {
		write(w, 200, `{"total_count":1,"check_runs":[`+checkRunJSON(5, "ichiran review", "success", "ok", "all good", 2)+`]}`)
	})
	id, err := f.client().PublishCheck(context.Background(), CheckRun{Name: "ichiran review", HeadSHA: sha, Conclusion: "success",
		Title: "ok", Summary: "all good", Annotations: annotations(2)})
	if err != nil || id != 5 {
		t.Fatalf("PublishCheck = %d, %v", id, err)
	}
}

// An existing run without annotations is updated in place.
func TestPublishCheckUpdatesExisting(t *testing.T) {
	f := newFake(t)
	f.handle("GET /repos/ichiran-jp/ichiran/commits/"+sha+"/check-runs", acceptChecks, func(w http.ResponseWriter, r *http.Request) {
		write(w, 200, `{"total_count":1,"check_runs":[`+checkRunJSON(5, "ichiran review", "failure", "1 problem", "old", 0)+`]}`)
	})
	f.handle("PATCH "+checkRunsPath+"/5", acceptChecks, func(w http.ResponseWriter, r *http.Request) {
		m := decode(t, r)
		keys(t, "update check run", m, "name", "status", "conclusion", "completed_at", "output")
		if m["conclusion"] != "success" {
			t.Errorf("update: %v", m)
		}
		write(w, 200, checkRunJSON(5, "ichiran review", "success", "ok", "new", 0))
	})
	if _, err := f.client().PublishCheck(context.Background(), CheckRun{Name: "ichiran review", HeadSHA: sha, Conclusion: "success", Title: "ok", Summary: "new"}); err != nil {
		t.Fatal(err)
	}
}

func TestPublishCheckForbidden(t *testing.T) {
	f := newFake(t)
	f.handle("GET /repos/ichiran-jp/ichiran/commits/"+sha+"/check-runs", acceptChecks, func(w http.ResponseWriter, r *http.Request) {
		write(w, 200, `{"total_count":0,"check_runs":[]}`)
	})
	f.handle("POST "+checkRunsPath, acceptChecks, func(w http.ResponseWriter, r *http.Request) {
		write(w, 403, `{"message":"Resource not accessible by integration","documentation_url":"https://docs.github.com/rest/checks/runs#create-a-check-run","status":"403"}`)
	})
	_, err := f.client().PublishCheck(context.Background(), CheckRun{Name: "ichiran review", HeadSHA: sha, Conclusion: "success", Title: "ok", Summary: "ok"})
	var pe *PermissionError
	if !errors.As(err, &pe) || pe.Permission != PermChecks || !strings.Contains(err.Error(), "checks: write") {
		t.Fatalf("err = %v, want a PermissionError naming checks: write", err)
	}
}
