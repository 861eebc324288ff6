package github

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"testing"
)

const issuesPath = "/repos/ichiran-jp/ichiran/issues"

func issueJSON(number int, title, body, state string, pr bool) string {
	b, _ := json.Marshal(body)
	extra := ""
	if pr {
		extra = fmt.Sprintf(`,"pull_request":{"url":"https://api.github.com/repos/ichiran-jp/ichiran/pulls/%d"}`, number)
	}
	return fmt.Sprintf(`{"id":%d,"node_id":"I_kw","number":%d,"title":%q,"body":%s,"state":%q,"labels":[{"id":1,"name":"edition-2026","color":"ededed"}],"user":{"login":"github-actions[bot]","type":"Bot"},"comments":0,"created_at":"2026-05-01T00:00:00Z","updated_at":"2026-05-01T00:00:00Z","html_url":"https://github.com/ichiran-jp/ichiran/issues/%d"%s}`,
		1000+number, number, title, b, state, number, extra)
}

func listIssues(t *testing.T, f *fake, pages ...string) {
	f.handle("GET "+issuesPath, acceptReactions, func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		if q.Get("labels") != "edition-2026" || q.Get("state") != "all" || q.Get("per_page") != "100" {
			t.Errorf("query %v", q)
		}
		page := 1
		fmt.Sscan(q.Get("page"), &page)
		if page < len(pages) {
			f.next(w, r, page+1)
		}
		write(w, 200, pages[page-1])
	})
}

const title = "令和8年度版 (2026年版) の状況 / edition 2026 status"

func TestUpsertIssueCreated(t *testing.T) {
	f := newFake(t)
	listIssues(t, f, `[]`)
	f.handle("POST "+issuesPath, acceptV3, func(w http.ResponseWriter, r *http.Request) {
		m := decode(t, r)
		keys(t, "create issue", m, "title", "body", "labels")
		if m["title"] != title || m["body"] != "<!-- ichiran:edition-2026 -->\nbody" || fmt.Sprint(m["labels"]) != "[edition-2026]" {
			t.Errorf("create: %v", m)
		}
		write(w, 201, issueJSON(3, title, m["body"].(string), "open", false))
	})
	n, err := f.client().UpsertIssue(context.Background(), title, "edition-2026", "body", []string{"edition-2026"}, false)
	if err != nil || n != 3 {
		t.Fatalf("UpsertIssue = %d, %v", n, err)
	}
}

func TestUpsertIssueEdited(t *testing.T) {
	f := newFake(t)
	// A pull request with the marker is not the issue; the issue is on page 2.
	listIssues(t, f, `[`+issueJSON(2, "pr", "<!-- ichiran:edition-2026 -->", "open", true)+`]`,
		`[`+issueJSON(3, title, "<!-- ichiran:edition-2026 -->\nold", "open", false)+`]`)
	f.handle("PATCH "+issuesPath+"/3", acceptV3, func(w http.ResponseWriter, r *http.Request) {
		m := decode(t, r)
		keys(t, "edit issue", m, "body")
		if m["body"] != "<!-- ichiran:edition-2026 -->\nnew" {
			t.Errorf("edit: %v", m)
		}
		write(w, 200, issueJSON(3, title, m["body"].(string), "open", false))
	})
	n, err := f.client().UpsertIssue(context.Background(), title, "edition-2026", "new", []string{"edition-2026"}, false)
	if err != nil || n != 3 {
		t.Fatalf("UpsertIssue = %d, %v", n, err)
	}
}

func TestUpsertIssueUnchanged(t *testing.T) {
	f := newFake(t)
	listIssues(t, f, `[`+issueJSON(3, title, "<!-- ichiran:edition-2026 -->\nsame", "open", false)+`]`)
	n, err := f.client().UpsertIssue(context.Background(), title, "edition-2026", "same", []string{"edition-2026"}, false)
	if err != nil || n != 3 {
		t.Fatalf("UpsertIssue = %d, %v", n, err)
	}
}

func TestUpsertIssueClosed(t *testing.T) {
	f := newFake(t)
	listIssues(t, f, `[`+issueJSON(3, title, "<!-- ichiran:edition-2026 -->\ndone", "open", false)+`]`)
	f.handle("PATCH "+issuesPath+"/3", acceptV3, func(w http.ResponseWriter, r *http.Request) {
		m := decode(t, r)
		keys(t, "close issue", m, "state", "state_reason")
		if m["state"] != "closed" || m["state_reason"] != "completed" {
			t.Errorf("close: %v", m)
		}
		write(w, 200, issueJSON(3, title, "<!-- ichiran:edition-2026 -->\ndone", "closed", false))
	})
	n, err := f.client().UpsertIssue(context.Background(), title, "edition-2026", "done", []string{"edition-2026"}, true)
	if err != nil || n != 3 {
		t.Fatalf("UpsertIssue = %d, %v", n, err)
	}
}
