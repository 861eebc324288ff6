package github

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

const (
	testToken = "ghs_test"
	testOwner = "ichiran-jp"
	testRepo  = "ichiran"
)

// fake is a GitHub API served by httptest: handlers for exactly the
// endpoints a test uses, each checking the headers go-github sends; any
// other request fails the test.
type fake struct {
	t      *testing.T
	mux    *http.ServeMux
	srv    *httptest.Server
	mu     sync.Mutex
	calls  []string        // "METHOD /path?query", in order
	sleeps []time.Duration // waits asked of the fake clock
	now    time.Time
}

func newFake(t *testing.T) *fake {
	t.Helper()
	f := &fake{t: t, mux: http.NewServeMux(), now: time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)}
	f.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("unexpected call %s %s", r.Method, r.URL)
		w.WriteHeader(http.StatusTeapot)
	})
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		f.calls = append(f.calls, r.Method+" "+r.URL.RequestURI())
		f.mu.Unlock()
		f.mux.ServeHTTP(w, r)
	}))
	t.Cleanup(f.srv.Close)
	return f
}

// client is the real client pointed at the fake, with a fake clock, for
// the token of GitHub Actions (WithSelf(""): asking GET /user).
func (f *fake) client(opts ...Option) *Client {
	p := RetryPolicy{
		Now: func() time.Time { return f.now },
		Sleep: func(ctx context.Context, d time.Duration) error {
			f.mu.Lock()
			f.sleeps = append(f.sleeps, d)
			f.mu.Unlock()
			return ctx.Err()
		},
	}
	return New(context.Background(), testToken, testOwner, testRepo, append([]Option{WithBaseURL(f.srv.URL, ""), WithRetry(p), WithSelf(ActionsBot)}, opts...)...)
}

// Accept headers go-github sends: v3, and the previews some endpoints still ask for.
const (
	acceptV3        = "application/vnd.github.v3+json"
	acceptReactions = "application/vnd.github.squirrel-girl-preview"
	acceptChecks    = "application/vnd.github.antiope-preview+json"
)

// handle registers h for pattern ("METHOD /path") behind the header checks.
func (f *fake) handle(pattern, accept string, h http.HandlerFunc) {
	f.mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		t := f.t
		if got := r.Header.Get("Authorization"); got != "Bearer "+testToken {
			t.Errorf("%s: Authorization = %q", pattern, got)
		}
		if got := r.Header.Get("Accept"); got != accept {
			t.Errorf("%s: Accept = %q", pattern, got)
		}
		if got := r.Header.Get("X-GitHub-Api-Version"); got != "2022-11-28" {
			t.Errorf("%s: X-GitHub-Api-Version = %q", pattern, got)
		}
		if r.Body != nil && r.ContentLength > 0 {
			if got := r.Header.Get("Content-Type"); got != "application/json" {
				t.Errorf("%s: Content-Type = %q", pattern, got)
			}
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		h(w, r)
	})
}

// next sets the Link header of a page that has a next one.
func (f *fake) next(w http.ResponseWriter, r *http.Request, page int) {
	q := r.URL.Query()
	q.Set("page", fmt.Sprint(page))
	w.Header().Set("Link", fmt.Sprintf(`<%s%s?%s>; rel="next"`, f.srv.URL, r.URL.Path, q.Encode()))
}

func (f *fake) callList() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return strings.Join(f.calls, "\n")
}

// decode reads the JSON body of r into a map, failing the test if it is not JSON.
func decode(t *testing.T, r *http.Request) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.NewDecoder(r.Body).Decode(&m); err != nil {
		t.Errorf("%s %s: body: %v", r.Method, r.URL.Path, err)
	}
	return m
}

// keys checks that m has exactly the given keys.
func keys(t *testing.T, what string, m map[string]any, want ...string) {
	t.Helper()
	if len(m) != len(want) {
		t.Errorf("%s: keys %v, want %v", what, m, want)
		return
	}
	for _, k := range want {
		if _, ok := m[k]; !ok {
			t.Errorf("%s: no key %q in %v", what, k, m)
		}
	}
}

func write(w http.ResponseWriter, status int, body string) {
	w.WriteHeader(status)
	fmt.Fprint(w, body)
}
