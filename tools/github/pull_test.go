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

func TestPullRequestChanges(t *testing.T) {
	f := newFake(t)
	f.handle("GET /repos/ichiran-jp/ichiran/pulls/7/files", acceptV3, func(w http.ResponseWriter, r *http.Request) {
		write(w, 200, `[{"sha":"`+strings.Repeat("a", 40)+`","filename":"data/a.csv","status":"modified"},`+
			`{"sha":"`+strings.Repeat("b", 40)+`","filename":"data/c.csv","previous_filename":"data/b.csv","status":"renamed"},`+
			`{"sha":null,"filename":"data/d.csv","status":"removed"}]`)
	})
	got, complete, err := f.client().PullRequestChanges(context.Background(), &PullRequest{Number: 7, ChangedFiles: 3})
	want := []PullFile{{Path: "data/a.csv", Status: "modified", SHA: strings.Repeat("a", 40)},
		{Path: "data/c.csv", Previous: "data/b.csv", Status: "renamed", SHA: strings.Repeat("b", 40)}, {Path: "data/d.csv", Status: "removed"}}
	if err != nil || !complete {
		t.Fatalf("PullRequestChanges: %t, %v", complete, err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("PullRequestChanges (-want +got):\n%s", diff)
	}
}

func TestBlob(t *testing.T) {
	sha := strings.Repeat("c", 40)
	f := newFake(t)
	f.handle("GET /repos/ichiran-jp/ichiran/git/blobs/"+sha, "application/vnd.github.v3.raw", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/vnd.github.raw")
		write(w, 200, "code,as_of\n011002,2025-05-01\n")
	})
	f.handle("GET /repos/ichiran-jp/ichiran/git/blobs/"+strings.Repeat("d", 40), "application/vnd.github.v3.raw", func(w http.ResponseWriter, r *http.Request) {
		write(w, 404, `{"message":"Not Found"}`)
	})
	c := f.client()
	for _, tc := range []struct {
		name  string
		sha   string
		limit int64
		want  string
		err   error
	}{
		{"read", sha, 100, "code,as_of\n011002,2025-05-01\n", nil},
		{"at the limit", sha, 29, "code,as_of\n011002,2025-05-01\n", nil},
		{"past the limit", sha, 28, "", ErrTooLarge},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, err := c.Blob(context.Background(), tc.sha, tc.limit)
			if string(b) != tc.want || !errors.Is(err, tc.err) {
				t.Errorf("Blob(%s, %d) = %q, %v, want %q, %v", tc.sha, tc.limit, b, err, tc.want, tc.err)
			}
		})
	}
	var pe *PermissionError
	if _, err := c.Blob(context.Background(), strings.Repeat("d", 40), 100); !errors.As(err, &pe) || pe.StatusCode != 404 {
		t.Errorf("Blob of a missing blob: %v, want a PermissionError 404", err)
	}
	before := f.callList()
	for _, bad := range []string{"main", "../../x", strings.Repeat("g", 40), strings.Repeat("a", 39)} {
		if _, err := c.Blob(context.Background(), bad, 100); err == nil {
			t.Errorf("Blob(%q) succeeded", bad)
		}
	}
	if f.callList() != before {
		t.Errorf("a call was made for a bad SHA")
	}
}
