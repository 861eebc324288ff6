package github

import (
	"errors"
	"fmt"
	"net/http"

	gh "github.com/google/go-github/v60/github"
)

// Permissions of a workflow token (the keys of a workflow's permissions:)
// that the calls of this package need.
const (
	PermComments = "pull-requests: write (or issues: write)"
	PermChecks   = "checks: write"
	PermIssues   = "issues: write"
	PermContents = "contents: write"
)

// op is one kind of call: what it does, in both languages, and the
// permission it needs.
type op struct {
	ja, en, perm string
}

var (
	opListComments  = op{"コメントの一覧", "listing comments", PermComments}
	opCreateComment = op{"コメントの作成", "creating a comment", PermComments}
	opEditComment   = op{"コメントの更新", "editing a comment", PermComments}
	opListChecks    = op{"チェックランの一覧", "listing check runs", PermChecks}
	opCreateCheck   = op{"チェックランの作成", "creating a check run", PermChecks}
	opUpdateCheck   = op{"チェックランの更新", "updating a check run", PermChecks}
	opListIssues    = op{"Issue の一覧", "listing issues", PermIssues}
	opCreateIssue   = op{"Issue の作成", "creating an issue", PermIssues}
	opEditIssue     = op{"Issue の更新", "editing an issue", PermIssues}
)

// PermissionError is GitHub's answer 401, 403 or 404 to a call: the token
// is missing, invalid or lacks Permission (GitHub answers 404 rather than
// 403 where the token may not even see the repository). Rate limits are not
// PermissionErrors: they come back as go-github's *RateLimitError or
// *AbuseRateLimitError once the retries are spent.
type PermissionError struct {
	StatusCode int    // 401, 403 or 404
	Call       string // what was being done, in English
	CallJa     string // the same in Japanese
	Permission string // e.g. "checks: write"
	Message    string // GitHub's message, e.g. "Resource not accessible by integration"
	Err        error  // go-github's error
}

func (e *PermissionError) Error() string {
	var ja, en string
	switch e.StatusCode {
	case http.StatusUnauthorized:
		ja = "トークンがないか、無効か期限切れです (GITHUB_TOKEN を確認してください)"
		en = "the token is missing, invalid or expired (check GITHUB_TOKEN)"
	case http.StatusNotFound:
		ja = fmt.Sprintf("リポジトリまたは対象が見つからないか、トークンに権限 %s がありません", e.Permission)
		en = fmt.Sprintf("the repository or the item is not found, or the token lacks the permission %s", e.Permission)
	default:
		ja = fmt.Sprintf("トークンに権限 %s がありません (fork からの pull request ではトークンは読み取り専用です)", e.Permission)
		en = fmt.Sprintf("the token lacks the permission %s (on pull requests from forks the token is read-only)", e.Permission)
	}
	s := fmt.Sprintf("GitHub が %s に %d を返しました: %s / GitHub answered %d to %s: %s", e.CallJa, e.StatusCode, ja, e.StatusCode, e.Call, en)
	if e.Message != "" {
		s += " (" + e.Message + ")"
	}
	return s
}

func (e *PermissionError) Unwrap() error { return e.Err }

// wrap turns go-github's error for an answer 401, 403 or 404 into a
// *PermissionError; other errors are returned with the call named.
func wrap(o op, err error) error {
	if err == nil {
		return nil
	}
	var rl *gh.RateLimitError
	var arl *gh.AbuseRateLimitError
	if errors.As(err, &rl) || errors.As(err, &arl) {
		return fmt.Errorf("%s / %s: %w", o.ja, o.en, err)
	}
	var er *gh.ErrorResponse
	if errors.As(err, &er) && er.Response != nil {
		switch er.Response.StatusCode {
		case http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound:
			return &PermissionError{StatusCode: er.Response.StatusCode, Call: o.en, CallJa: o.ja,
				Permission: o.perm, Message: er.Message, Err: err}
		}
	}
	return fmt.Errorf("%s / %s: %w", o.ja, o.en, err)
}
