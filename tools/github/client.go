// Package github posts ichiran's reports to GitHub through
// github.com/google/go-github/v60: one pull-request comment kept up to date
// (the token's own, found by a hidden marker at its start), a check run with
// its annotations sent in batches of 50, and one tracking issue per edition;
// and what a privileged job needs to know of a pull request without running
// it: its head, its changed files and their blobs. It is the only package of
// the repository that imports go-github.
//
// Every call goes through a transport that retries on 5xx answers and on
// rate limits (honouring Retry-After and X-RateLimit-Reset), with bounded
// attempts and a bounded total wait; answers 401, 403 and 404 come back as a
// *PermissionError that names the permission the token lacks.
package github

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	gh "github.com/google/go-github/v60/github"
)

// Client posts to one repository.
type Client struct {
	gh          *gh.Client
	owner, repo string
	self        string // the token's account, once known (see Self)
	err         error  // a bad option, returned by every call
}

type config struct {
	base, upload string
	transport    http.RoundTripper
	retry        RetryPolicy
	self         string
}

// Option configures New.
type Option func(*config)

// WithBaseURL points the client at another API root: GitHub Enterprise
// Server (https://HOST/api/v3/) or, in tests, an httptest server. upload
// may be empty, then it is the same as base. A missing trailing slash is
// added.
func WithBaseURL(base, upload string) Option {
	return func(c *config) { c.base, c.upload = base, upload }
}

// WithTransport sets the transport under the retrying one (default
// http.DefaultTransport).
func WithTransport(rt http.RoundTripper) Option {
	return func(c *config) { c.transport = rt }
}

// WithSelf tells the client the login of the token's own account (see
// Client.Self), e.g. "SLUG[bot]" for a GitHub App's installation token, so
// that it does not ask GitHub.
func WithSelf(login string) Option {
	return func(c *config) { c.self = login }
}

// WithRetry replaces the retry policy (DefaultRetryPolicy otherwise).
func WithRetry(p RetryPolicy) Option {
	return func(c *config) { c.retry = p }
}

// New returns a client for owner/repo that authenticates with token (the
// command reads it from GITHUB_TOKEN). ctx is not kept; calls take their
// own.
func New(ctx context.Context, token, owner, repo string, opts ...Option) *Client {
	_ = ctx
	cfg := config{transport: http.DefaultTransport, retry: DefaultRetryPolicy()}
	for _, o := range opts {
		o(&cfg)
	}
	hc := &http.Client{Transport: &retryTransport{base: cfg.transport, policy: cfg.retry.withDefaults()}}
	c := &Client{gh: gh.NewClient(hc), owner: owner, repo: repo, self: cfg.self}
	if token != "" {
		c.gh = c.gh.WithAuthToken(token)
	}
	c.gh.UserAgent = "ichiran (+https://github.com/ichiran-jp/ichiran)"
	if cfg.base != "" {
		if cfg.upload == "" {
			cfg.upload = cfg.base
		}
		b, err1 := parseBase(cfg.base)
		u, err2 := parseBase(cfg.upload)
		if err := errors.Join(err1, err2); err != nil {
			c.err = err
			return c
		}
		c.gh.BaseURL, c.gh.UploadURL = b, u
	}
	return c
}

func parseBase(s string) (*url.URL, error) {
	u, err := url.Parse(s)
	if err != nil {
		return nil, fmt.Errorf("API の URL が不正です / bad API URL %q: %w", s, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("API の URL は http(s) です / the API URL must be http(s): %q", s)
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	return u, nil
}

// Marker is the hidden line that identifies ichiran's comment or issue of
// one kind: <!-- ichiran:NAME -->.
func Marker(name string) string { return "<!-- ichiran:" + name + " -->" }

// withMarker puts the marker line first, unless body already has it.
func withMarker(marker, body string) string {
	m := Marker(marker)
	if strings.Contains(body, m) {
		return body
	}
	return m + "\n" + body
}

// Limits of GitHub's API, in characters.
const (
	MaxCommentBody = 65536 // issue and pull-request comments, issue bodies
	MaxCheckText   = 65535 // a check run's output summary and text
	MaxAnnotations = 50    // annotations in one create or update request
)

// Truncate cuts s to at most limit characters (runes), ending with a note
// of how much was cut, in Japanese and English.
func Truncate(s string, limit int) string {
	r := []rune(s)
	if len(r) <= limit {
		return s
	}
	note := func(n int) string {
		return fmt.Sprintf("\n\n…(長すぎるため以下 %d 文字を省略しました / %d characters cut: too long for GitHub)", n, n)
	}
	keep := limit - len([]rune(note(len(r))))
	if keep < 0 {
		keep = 0
	}
	// The count of what was cut can only shrink the note, so one pass is enough.
	return string(r[:keep]) + note(len(r)-keep)
}
