package github

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

func jsonString(s string) (string, error) {
	b, err := json.Marshal(s)
	return string(b), err
}

const commentsPath = "/repos/ichiran-jp/ichiran/issues/7/comments"

// commentJSON is a comment in the shape GitHub returns.
func commentJSON(id int64, body string) string {
	b, _ := jsonString(body)
	return fmt.Sprintf(`{"id":%d,"node_id":"IC_kw","url":"https://api.github.com/repos/ichiran-jp/ichiran/issues/comments/%d","html_url":"https://github.com/ichiran-jp/ichiran/pull/7#issuecomment-%d","body":%s,"user":{"login":"github-actions[bot]","id":41898282,"type":"Bot"},"created_at":"2026-05-01T00:00:00Z","updated_at":"2026-05-01T00:00:00Z","author_association":"NONE"}`, id, id, id, b)
}

// commentBy is a comment by login, of GitHub's type User or Bot.
func commentBy(id int64, body, login, typ string) string {
	return strings.Replace(strings.Replace(commentJSON(id, body), `"login":"github-actions[bot]"`, fmt.Sprintf("%q:%q", "login", login), 1), `"type":"Bot"`, fmt.Sprintf("%q:%q", "type", typ), 1)
}

func TestSelf(t *testing.T) {
	for _, tc := range []struct {
		name   string
		status int
		body   string
		want   string
		err    bool
	}{
		{"personal token", 200, `{"login":"octocat","id":1,"type":"User"}`, "octocat", false},
		{"installation token", 403, `{"message":"Resource not accessible by integration","documentation_url":"https://docs.github.com/rest/users/users#get-the-authenticated-user","status":"403"}`, ActionsBot, false},
		{"bad token", 401, `{"message":"Bad credentials"}`, "", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFake(t)
			f.handle("GET /user", acceptV3, func(w http.ResponseWriter, r *http.Request) { write(w, tc.status, tc.body) })
			c := f.client(WithSelf(""))
			got, err := c.Self(context.Background())
			if got != tc.want || (err != nil) != tc.err {
				t.Errorf("Self() = %q, %v, want %q (error: %t)", got, err, tc.want, tc.err)
			}
			if !tc.err {
				c.Self(context.Background())
				if n := strings.Count(f.callList(), "GET /user"); n != 1 {
					t.Errorf("GET /user asked %d times, want once", n)
				}
			}
		})
	}
	// WithSelf: no call.
	f := newFake(t)
	if got, err := f.client(WithSelf("ichiran-app[bot]")).Self(context.Background()); got != "ichiran-app[bot]" || err != nil {
		t.Errorf("Self() with WithSelf = %q, %v", got, err)
	}
}

// TestUpsertCommentOnlyOwn is issue 14's attack: a user posts a comment
// starting with the marker before the bot does, to own the review's text
// (an edit by the bot would then show the user's comment as the review) or
// to make the edit fail with 403 so that no check run follows. Only the
// token's own comment that starts with the marker is edited; the others are
// left alone, and a comment of the bot's own is created.
func TestUpsertCommentOnlyOwn(t *testing.T) {
	m := "<!-- ichiran:review -->\n"
	for _, tc := range []struct {
		name     string
		comments []string
		self     string // "" asks GET /user, which answers as for GITHUB_TOKEN
		want     string // the call that writes
	}{
		{"a user's comment with the marker", []string{commentBy(1, m+"## ichiran review: ✅ 有効 / valid — approved", "mallory", "User")}, "", "POST " + commentsPath},
		{"a user's login like the bot's", []string{commentBy(1, m+"x", "github-actions", "User")}, "", "POST " + commentsPath},
		{"a User that calls itself the bot", []string{commentBy(1, m+"x", ActionsBot, "User")}, "", "POST " + commentsPath},
		{"another bot", []string{commentBy(1, m+"x", "dependabot[bot]", "Bot")}, "", "POST " + commentsPath},
		{"the bot's comment quoting the marker later", []string{commentBy(1, "see\n"+m, ActionsBot, "Bot")}, "", "POST " + commentsPath},
		{"the user's first, then the bot's", []string{commentBy(1, m+"x", "mallory", "User"), commentBy(2, m+"old", ActionsBot, "Bot")}, "", "PATCH /repos/ichiran-jp/ichiran/issues/comments/2"},
		{"an app's own comment", []string{commentBy(1, m+"x", ActionsBot, "Bot"), commentBy(3, m+"old", "ichiran-app[bot]", "Bot")}, "ichiran-app[bot]", "PATCH /repos/ichiran-jp/ichiran/issues/comments/3"},
		{"a personal token's comment", []string{commentBy(1, m+"x", ActionsBot, "Bot"), commentBy(4, m+"old", "octocat", "User")}, "octocat", "PATCH /repos/ichiran-jp/ichiran/issues/comments/4"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFake(t)
			f.handle("GET "+commentsPath, acceptReactions, func(w http.ResponseWriter, r *http.Request) {
				write(w, 200, "["+strings.Join(tc.comments, ",")+"]")
			})
			f.handle("GET /user", acceptV3, func(w http.ResponseWriter, r *http.Request) {
				write(w, 403, `{"message":"Resource not accessible by integration"}`)
			})
			f.handle("POST "+commentsPath, acceptV3, func(w http.ResponseWriter, r *http.Request) {
				write(w, 201, commentJSON(10, decode(t, r)["body"].(string)))
			})
			f.handle("PATCH /repos/ichiran-jp/ichiran/issues/comments/", acceptV3, func(w http.ResponseWriter, r *http.Request) {
				write(w, 200, commentJSON(2, decode(t, r)["body"].(string)))
			})
			if _, _, err := f.client(WithSelf(tc.self)).UpsertComment(context.Background(), 7, "review", "new"); err != nil {
				t.Fatal(err)
			}
			calls := f.callList()
			if !strings.Contains(calls, tc.want) {
				t.Errorf("calls:\n%s\nwant %s", calls, tc.want)
			}
			if strings.Contains(calls, "comments/1") {
				t.Errorf("another's comment was edited:\n%s", calls)
			}
		})
	}
}

func TestUpsertCommentCreated(t *testing.T) {
	f := newFake(t)
	f.handle("GET "+commentsPath, acceptReactions, func(w http.ResponseWriter, r *http.Request) {
		if got := r.URL.Query().Get("per_page"); got != "100" {
			t.Errorf("per_page = %q", got)
		}
		write(w, 200, `[`+commentJSON(1, "LGTM")+`]`)
	})
	f.handle("POST "+commentsPath, acceptV3, func(w http.ResponseWriter, r *http.Request) {
		m := decode(t, r)
		keys(t, "create comment", m, "body")
		if m["body"] != "<!-- ichiran:review -->\n## 差分 / diff" {
			t.Errorf("body = %q", m["body"])
		}
		write(w, 201, commentJSON(11, m["body"].(string)))
	})
	id, created, err := f.client().UpsertComment(context.Background(), 7, "review", "## 差分 / diff")
	if err != nil || id != 11 || !created {
		t.Fatalf("UpsertComment = %d, %v, %v; want 11, true, nil", id, created, err)
	}
}

func TestUpsertCommentEditedOnPage2(t *testing.T) {
	f := newFake(t)
	old := "<!-- ichiran:review -->\nold"
	f.handle("GET "+commentsPath, acceptReactions, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Query().Get("page") {
		case "":
			f.next(w, r, 2)
			write(w, 200, `[`+commentJSON(1, "first")+`,`+commentJSON(2, "<!-- ichiran:other -->\nx")+`]`)
		case "2":
			write(w, 200, `[`+commentJSON(3, "third")+`,`+commentJSON(22, old)+`]`)
		default:
			t.Errorf("page %s asked", r.URL.Query().Get("page"))
		}
	})
	f.handle("PATCH /repos/ichiran-jp/ichiran/issues/comments/22", acceptV3, func(w http.ResponseWriter, r *http.Request) {
		m := decode(t, r)
		keys(t, "edit comment", m, "body")
		if m["body"] != "<!-- ichiran:review -->\nnew" {
			t.Errorf("body = %q", m["body"])
		}
		write(w, 200, commentJSON(22, m["body"].(string)))
	})
	id, created, err := f.client().UpsertComment(context.Background(), 7, "review", "new")
	if err != nil || id != 22 || created {
		t.Fatalf("UpsertComment = %d, %v, %v; want 22, false, nil", id, created, err)
	}
	want := "GET " + commentsPath + "?per_page=100\nGET " + commentsPath + "?page=2&per_page=100\nPATCH /repos/ichiran-jp/ichiran/issues/comments/22"
	if got := f.callList(); got != want {
		t.Errorf("calls:\n%s\nwant:\n%s", got, want)
	}
}

func TestUpsertCommentUnchanged(t *testing.T) {
	f := newFake(t)
	f.handle("GET "+commentsPath, acceptReactions, func(w http.ResponseWriter, r *http.Request) {
		write(w, 200, `[`+commentJSON(22, "<!-- ichiran:review -->\nsame")+`]`)
	})
	// No PATCH handler: an edit would fail the test.
	id, created, err := f.client().UpsertComment(context.Background(), 7, "review", "same")
	if err != nil || id != 22 || created {
		t.Fatalf("UpsertComment = %d, %v, %v; want 22, false, nil", id, created, err)
	}
}

func TestUpsertCommentTooLong(t *testing.T) {
	f := newFake(t)
	f.handle("GET "+commentsPath, acceptReactions, func(w http.ResponseWriter, r *http.Request) { write(w, 200, `[]`) })
	f.handle("POST "+commentsPath, acceptV3, func(w http.ResponseWriter, r *http.Request) {
		body := decode(t, r)["body"].(string)
		if n := len([]rune(body)); n > MaxCommentBody {
			t.Errorf("body of %d characters", n)
		}
		if !strings.Contains(body, "characters cut") {
			t.Errorf("no note of the cut: …%s", body[len(body)-200:])
		}
		write(w, 201, commentJSON(1, body))
	})
	if _, _, err := f.client().UpsertComment(context.Background(), 7, "review", strings.Repeat("表", 70000)); err != nil {
		t.Fatal(err)
	}
}

// A 502 is retried with back-off, and the body of a POST is sent again.
func TestRetryOn502(t *testing.T) {
	f := newFake(t)
	gets, posts := 0, 0
	f.handle("GET "+commentsPath, acceptReactions, func(w http.ResponseWriter, r *http.Request) {
		if gets++; gets <= 2 {
			write(w, 502, `{"message":"Server Error"}`)
			return
		}
		write(w, 200, `[]`)
	})
	f.handle("POST "+commentsPath, acceptV3, func(w http.ResponseWriter, r *http.Request) {
		m := decode(t, r)
		if m["body"] != "<!-- ichiran:review -->\nx" {
			t.Errorf("attempt %d: body = %q", posts+1, m["body"])
		}
		if posts++; posts == 1 {
			write(w, 503, `{"message":"Service Unavailable"}`)
			return
		}
		write(w, 201, commentJSON(5, m["body"].(string)))
	})
	id, _, err := f.client().UpsertComment(context.Background(), 7, "review", "x")
	if err != nil || id != 5 {
		t.Fatalf("UpsertComment = %d, %v", id, err)
	}
	if want := []time.Duration{time.Second, 2 * time.Second, time.Second}; fmt.Sprint(f.sleeps) != fmt.Sprint(want) {
		t.Errorf("waits %v, want %v", f.sleeps, want)
	}
}

func TestRetryGivesUp(t *testing.T) {
	f := newFake(t)
	f.handle("GET "+commentsPath, acceptReactions, func(w http.ResponseWriter, r *http.Request) { write(w, 502, `{"message":"Server Error"}`) })
	_, _, err := f.client(WithRetry(RetryPolicy{MaxAttempts: 3, Sleep: func(context.Context, time.Duration) error { return nil }})).
		UpsertComment(context.Background(), 7, "review", "x")
	if err == nil || !strings.Contains(err.Error(), "502") {
		t.Fatalf("err = %v, want the 502", err)
	}
	if n := strings.Count(f.callList(), "GET"); n != 3 {
		t.Errorf("%d attempts, want 3", n)
	}
}

func TestRetryAfter(t *testing.T) {
	f := newFake(t)
	n := 0
	f.handle("GET "+commentsPath, acceptReactions, func(w http.ResponseWriter, r *http.Request) {
		switch n++; n {
		case 1: // secondary rate limit
			w.Header().Set("Retry-After", "3")
			write(w, 403, `{"message":"You have exceeded a secondary rate limit.","documentation_url":"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits"}`)
		case 2:
			w.Header().Set("Retry-After", "1")
			write(w, 429, `{"message":"Too Many Requests"}`)
		default:
			write(w, 200, `[`+commentJSON(9, "<!-- ichiran:review -->\nx")+`]`)
		}
	})
	if _, _, err := f.client().UpsertComment(context.Background(), 7, "review", "x"); err != nil {
		t.Fatal(err)
	}
	if want := []time.Duration{3 * time.Second, time.Second}; fmt.Sprint(f.sleeps) != fmt.Sprint(want) {
		t.Errorf("waits %v, want %v", f.sleeps, want)
	}
}

func TestRateLimitReset(t *testing.T) {
	f := newFake(t)
	n := 0
	f.handle("GET "+commentsPath, acceptReactions, func(w http.ResponseWriter, r *http.Request) {
		if n++; n == 1 {
			w.Header().Set("X-RateLimit-Limit", "1000")
			w.Header().Set("X-RateLimit-Remaining", "0")
			w.Header().Set("X-RateLimit-Reset", fmt.Sprint(f.now.Add(10*time.Second).Unix()))
			write(w, 403, `{"message":"API rate limit exceeded for installation ID 1.","documentation_url":"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api"}`)
			return
		}
		w.Header().Set("X-RateLimit-Limit", "1000")
		w.Header().Set("X-RateLimit-Remaining", "999")
		w.Header().Set("X-RateLimit-Reset", fmt.Sprint(f.now.Add(time.Hour).Unix()))
		write(w, 200, `[`+commentJSON(9, "<!-- ichiran:review -->\nx")+`]`)
	})
	if _, _, err := f.client().UpsertComment(context.Background(), 7, "review", "x"); err != nil {
		t.Fatal(err)
	}
	if want := []time.Duration{11 * time.Second}; fmt.Sprint(f.sleeps) != fmt.Sprint(want) {
		t.Errorf("waits %v, want %v", f.sleeps, want)
	}
}

// A reset beyond the total wait is not waited for: go-github's RateLimitError comes back.
func TestRateLimitTooLong(t *testing.T) {
	f := newFake(t)
	f.handle("GET "+commentsPath, acceptReactions, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-RateLimit-Remaining", "0")
		w.Header().Set("X-RateLimit-Reset", fmt.Sprint(f.now.Add(time.Hour).Unix()))
		write(w, 403, `{"message":"API rate limit exceeded"}`)
	})
	_, _, err := f.client().UpsertComment(context.Background(), 7, "review", "x")
	var pe *PermissionError
	if err == nil || errors.As(err, &pe) || !strings.Contains(err.Error(), "rate limit") {
		t.Fatalf("err = %v, want a rate-limit error", err)
	}
	if len(f.sleeps) != 0 {
		t.Errorf("waited %v", f.sleeps)
	}
}

func TestPermissionErrors(t *testing.T) {
	for _, tc := range []struct {
		status int
		want   []string
	}{
		{403, []string{"pull-requests: write (or issues: write)", "権限", "creating a comment", "Resource not accessible by integration"}},
		{401, []string{"GITHUB_TOKEN", "invalid"}},
		{404, []string{"not found", "pull-requests: write"}},
	} {
		f := newFake(t)
		f.handle("GET "+commentsPath, acceptReactions, func(w http.ResponseWriter, r *http.Request) { write(w, 200, `[]`) })
		f.handle("POST "+commentsPath, acceptV3, func(w http.ResponseWriter, r *http.Request) {
			write(w, tc.status, `{"message":"Resource not accessible by integration","documentation_url":"https://docs.github.com/rest/issues/comments#create-an-issue-comment"}`)
		})
		_, _, err := f.client().UpsertComment(context.Background(), 7, "review", "x")
		var pe *PermissionError
		if !errors.As(err, &pe) || pe.StatusCode != tc.status || pe.Permission != PermComments {
			t.Fatalf("%d: err = %#v", tc.status, err)
		}
		for _, s := range tc.want {
			if !strings.Contains(err.Error(), s) {
				t.Errorf("%d: %q does not say %q", tc.status, err, s)
			}
		}
		if len(f.sleeps) != 0 {
			t.Errorf("%d retried", tc.status)
		}
	}
}

func TestContextCancelled(t *testing.T) {
	f := newFake(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	f.handle("GET "+commentsPath, acceptReactions, func(w http.ResponseWriter, r *http.Request) {
		cancel()
		write(w, 502, `{"message":"Server Error"}`)
	})
	// A real sleep of an hour: only the cancellation ends it.
	c := f.client(WithRetry(RetryPolicy{BaseDelay: time.Hour, MaxDelay: time.Hour, MaxWait: 10 * time.Hour}))
	start := time.Now()
	_, _, err := c.UpsertComment(ctx, 7, "review", "x")
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if time.Since(start) > 10*time.Second {
		t.Errorf("took %v", time.Since(start))
	}
	// Cancelled before: nothing is sent.
	before := f.callList()
	if _, _, err := c.UpsertComment(ctx, 7, "review", "x"); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
	if f.callList() != before {
		t.Errorf("a call was made after cancellation")
	}
}
