package github

import (
	"context"
	"errors"
	"net/http"
	"strings"

	gh "github.com/google/go-github/v60/github"
)

// ActionsBot is the account that writes with a workflow's GITHUB_TOKEN.
const ActionsBot = "github-actions[bot]"

var opGetUser = op{"トークンの利用者の取得", "getting the token's user", "(none)"}

// Self is the login of the account the token writes as: the author of the
// comments it creates, so the only one whose comment UpsertComment may
// take over.
//
// A personal token's account comes from GET /user. An installation token
// — a workflow's GITHUB_TOKEN, or a GitHub App's — has no user: GitHub
// answers 403 ("Resource not accessible by integration"), and Self is then
// ActionsBot, the account of GITHUB_TOKEN. For another App's token, give
// its account ("SLUG[bot]", the app-slug output of
// actions/create-github-app-token) with WithSelf: otherwise its comments
// are not recognised, and a new one is written each time.
func (c *Client) Self(ctx context.Context) (string, error) {
	if c.err != nil {
		return "", c.err
	}
	if c.self != "" {
		return c.self, nil
	}
	u, _, err := c.gh.Users.Get(ctx, "")
	if err != nil {
		err = wrap(opGetUser, err)
		var pe *PermissionError
		if errors.As(err, &pe) && pe.StatusCode == http.StatusForbidden {
			c.self = ActionsBot
			return c.self, nil
		}
		return "", err
	}
	if u.GetLogin() == "" {
		return "", errors.New("GET /user に login がありません / GET /user gave no login")
	}
	c.self = u.GetLogin()
	return c.self, nil
}

// ours tells whether cm is this token's comment of marker m: written by
// Self (a bot's login must also be of type Bot) and starting with m. Any
// other comment holding the marker — a user's quote, or an attempt to take
// the review over or to make its edit fail — is ignored.
func (c *Client) ours(ctx context.Context, cm *gh.IssueComment, m string) (bool, error) {
	if !strings.HasPrefix(cm.GetBody(), m) {
		return false, nil
	}
	self, err := c.Self(ctx)
	if err != nil {
		return false, err
	}
	u := cm.GetUser()
	if !strings.EqualFold(u.GetLogin(), self) {
		return false, nil
	}
	if strings.HasSuffix(self, "[bot]") && u.GetType() != "Bot" {
		return false, nil
	}
	return true, nil
}

// UpsertComment keeps one comment on pull request or issue number: the
// token's own comment (see Self) whose body starts with Marker(marker);
// comments of anyone else are ignored, marker or not. It is created when
// there is none, edited in place when its body differs, and left alone (no
// call at all) when it is the same. body is cut to GitHub's limit with a
// note; the marker line is put first. It returns the comment's id and
// whether it was created.
func (c *Client) UpsertComment(ctx context.Context, number int, marker, body string) (id int64, created bool, err error) {
	if c.err != nil {
		return 0, false, c.err
	}
	want := Truncate(withMarker(marker, body), MaxCommentBody)
	m := Marker(marker)
	comments := all(func(page int) ([]*gh.IssueComment, *gh.Response, error) {
		opts := &gh.IssueListCommentsOptions{ListOptions: gh.ListOptions{PerPage: 100, Page: page}}
		return c.gh.Issues.ListComments(ctx, c.owner, c.repo, number, opts)
	})
	var found *gh.IssueComment
	for cm, err := range comments {
		if err != nil {
			return 0, false, wrap(opListComments, err)
		}
		ok, err := c.ours(ctx, cm, m)
		if err != nil {
			return 0, false, err
		}
		if ok {
			found = cm
			break
		}
	}
	if found == nil {
		cm, _, err := c.gh.Issues.CreateComment(ctx, c.owner, c.repo, number, &gh.IssueComment{Body: gh.String(want)})
		if err != nil {
			return 0, false, wrap(opCreateComment, err)
		}
		return cm.GetID(), true, nil
	}
	if found.GetBody() == want {
		return found.GetID(), false, nil
	}
	cm, _, err := c.gh.Issues.EditComment(ctx, c.owner, c.repo, found.GetID(), &gh.IssueComment{Body: gh.String(want)})
	if err != nil {
		return 0, false, wrap(opEditComment, err)
	}
	return cm.GetID(), false, nil
}
