package github

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

func pullJSON(number int, headSHA string) string {
	return fmt.Sprintf(`{"id":%d,"node_id":"PR_kw","number":%d,"state":"open","title":"2026年5月のデータ","user":{"login":"someone","type":"User"},"head":{"label":"someone:data-2026-05","ref":"data-2026-05","sha":%q,"repo":{"id":1,"name":"ichiran","full_name":"someone/ichiran"}},"base":{"label":"ichiran-jp:main","ref":"main","sha":"fedcba9876543210fedcba9876543210fedcba98"},"html_url":"https://github.com/ichiran-jp/ichiran/pull/%d"}`,
		2000+number, number, headSHA, number)
}

func TestPullRequestHead(t *testing.T) {
	f := newFake(t)
	f.handle("GET /repos/ichiran-jp/ichiran/pulls/7", acceptV3, func(w http.ResponseWriter, r *http.Request) {
		write(w, 200, pullJSON(7, sha))
	})
	got, err := f.client().PullRequestHead(context.Background(), 7)
	if err != nil || got != sha {
		t.Fatalf("PullRequestHead = %q, %v", got, err)
	}
}

func TestPullRequestHeadNotFound(t *testing.T) {
	f := newFake(t)
	f.handle("GET /repos/ichiran-jp/ichiran/pulls/8", acceptV3, func(w http.ResponseWriter, r *http.Request) {
		write(w, 404, `{"message":"Not Found","documentation_url":"https://docs.github.com/rest/pulls/pulls#get-a-pull-request","status":"404"}`)
	})
	_, err := f.client().PullRequestHead(context.Background(), 8)
	var pe *PermissionError
	if !errors.As(err, &pe) || pe.StatusCode != 404 || !strings.Contains(err.Error(), "pull-requests: read") {
		t.Fatalf("err = %v, want a PermissionError naming pull-requests: read", err)
	}
}

func TestPullRequestHeadBadNumber(t *testing.T) {
	f := newFake(t)
	if _, err := f.client().PullRequestHead(context.Background(), 0); err == nil {
		t.Fatal("no error for pull request 0")
	}
	if c := f.callList(); c != "" {
		t.Errorf("calls %q", c)
	}
}
