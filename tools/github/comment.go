package github

import (
	"context"
	"strings"

	gh "github.com/google/go-github/v60/github"
)

// UpsertComment keeps one comment on pull request or issue number: the one
// whose body holds Marker(marker). It is created when there is none, edited
// in place when its body differs, and left alone (no call at all) when it is
// the same. body is cut to GitHub's limit with a note; the marker line is
// put first. It returns the comment's id and whether it was created.
func (c *Client) UpsertComment(ctx context.Context, number int, marker, body string) (id int64, created bool, err error) {
	if c.err != nil {
		return 0, false, c.err
	}
	want := Truncate(withMarker(marker, body), MaxCommentBody)
	m := Marker(marker)
	opts := &gh.IssueListCommentsOptions{ListOptions: gh.ListOptions{PerPage: 100}}
	var found *gh.IssueComment
	for found == nil {
		page, resp, err := c.gh.Issues.ListComments(ctx, c.owner, c.repo, number, opts)
		if err != nil {
			return 0, false, wrap(opListComments, err)
		}
		for _, cm := range page {
			if strings.Contains(cm.GetBody(), m) {
				found = cm
				break
			}
		}
		if resp.NextPage == 0 {
			break
		}
		opts.Page = resp.NextPage
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
