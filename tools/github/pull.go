package github

import (
	"context"
	"fmt"
)

// PermPullsRead is the permission PullRequestHead needs.
const PermPullsRead = "pull-requests: read"

var opGetPull = op{"プルリクエストの取得", "getting a pull request", PermPullsRead}

// PullRequestHead returns the commit at the head of pull request number,
// as GitHub has it now: the value to check a workflow run's head SHA
// against before trusting anything that run produced.
func (c *Client) PullRequestHead(ctx context.Context, number int) (sha string, err error) {
	if c.err != nil {
		return "", c.err
	}
	if number <= 0 {
		return "", fmt.Errorf("プルリクエストの番号が不正です / bad pull request number %d", number)
	}
	pr, _, err := c.gh.PullRequests.Get(ctx, c.owner, c.repo, number)
	if err != nil {
		return "", wrap(opGetPull, err)
	}
	sha = pr.GetHead().GetSHA()
	if sha == "" {
		return "", fmt.Errorf("プルリクエスト #%d に head の SHA がありません / pull request #%d has no head SHA", number, number)
	}
	return sha, nil
}
