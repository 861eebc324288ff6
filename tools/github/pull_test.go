package github

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
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

func TestPullRequestFork(t *testing.T) {
	f := newFake(t)
	f.handle("GET /repos/ichiran-jp/ichiran/pulls/7", acceptV3, func(w http.ResponseWriter, r *http.Request) {
		write(w, 200, strings.Replace(pullJSON(7, sha), `"html_url"`, `"changed_files":3,"html_url"`, 1))
	})
	p, err := f.client().PullRequest(context.Background(), 7)
	if err != nil {
		t.Fatal(err)
	}
	want := &PullRequest{Number: 7, HeadSHA: sha, HeadRepo: "someone/ichiran", ChangedFiles: 3}
	if diff := cmp.Diff(want, p); diff != "" {
		t.Errorf("PullRequest (-want +got):\n%s", diff)
	}
	for _, tc := range []struct {
		repo string
		fork bool
	}{{"someone/ichiran", false}, {"Someone/Ichiran", false}, {"ichiran-jp/ichiran", true}, {"", true}} {
		if got := (&PullRequest{HeadRepo: tc.repo}).FromFork("someone", "ichiran"); got != tc.fork {
			t.Errorf("PullRequest{HeadRepo: %q}.FromFork(someone, ichiran) = %t, want %t", tc.repo, got, tc.fork)
		}
	}
}

func TestPullRequestFiles(t *testing.T) {
	const path = "/repos/ichiran-jp/ichiran/pulls/7/files"
	for _, tc := range []struct {
		name     string
		changed  int
		want     []string
		complete bool
	}{
		{"all listed", 3, []string{"data/a.csv", "tools/x.go", ".github/workflows/review.yml", "data/b.csv"}, true},
		{"more changed than listed", 4000, []string{"data/a.csv", "tools/x.go", ".github/workflows/review.yml", "data/b.csv"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFake(t)
			f.handle("GET "+path, acceptV3, func(w http.ResponseWriter, r *http.Request) {
				switch r.URL.Query().Get("page") {
				case "":
					f.next(w, r, 2)
					write(w, 200, `[{"sha":"1","filename":"data/a.csv","status":"modified"},{"sha":"2","filename":"tools/x.go","status":"added"}]`)
				case "2":
					write(w, 200, `[{"sha":"3","filename":".github/workflows/review.yml","previous_filename":"data/b.csv","status":"renamed"}]`)
				}
			})
			got, complete, err := f.client().PullRequestFiles(context.Background(), &PullRequest{Number: 7, ChangedFiles: tc.changed})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" || complete != tc.complete {
				t.Errorf("PullRequestFiles = %v, %t, want %v, %t", got, complete, tc.want, tc.complete)
			}
		})
	}
}
