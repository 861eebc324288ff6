package github

import (
	"context"
	"fmt"
	"strings"

	gh "github.com/google/go-github/v60/github"
)

// PermPullsRead is the permission PullRequestHead needs.
const PermPullsRead = "pull-requests: read"

var (
	opGetPull   = op{"プルリクエストの取得", "getting a pull request", PermPullsRead}
	opListFiles = op{"プルリクエストのファイル一覧", "listing a pull request's files", PermPullsRead}
)

// MaxPullFiles is how many files GitHub lists for a pull request, at most.
const MaxPullFiles = 3000

// PullRequest is what GitHub says now of a pull request.
type PullRequest struct {
	Number       int
	HeadSHA      string
	HeadRepo     string // OWNER/NAME of the head branch's repository; "" when it is gone (a deleted fork)
	ChangedFiles int    // as GitHub counts them
}

// FromFork tells whether the pull request's head is in another repository
// than owner/repo (a fork, or one deleted since).
func (p *PullRequest) FromFork(owner, repo string) bool {
	return !strings.EqualFold(p.HeadRepo, owner+"/"+repo)
}

// PullRequest returns pull request number as GitHub has it now.
func (c *Client) PullRequest(ctx context.Context, number int) (*PullRequest, error) {
	if c.err != nil {
		return nil, c.err
	}
	if number <= 0 {
		return nil, fmt.Errorf("プルリクエストの番号が不正です / bad pull request number %d", number)
	}
	pr, _, err := c.gh.PullRequests.Get(ctx, c.owner, c.repo, number)
	if err != nil {
		return nil, wrap(opGetPull, err)
	}
	p := &PullRequest{Number: number, HeadSHA: pr.GetHead().GetSHA(), HeadRepo: pr.GetHead().GetRepo().GetFullName(), ChangedFiles: pr.GetChangedFiles()}
	if p.HeadSHA == "" {
		return nil, fmt.Errorf("プルリクエスト #%d に head の SHA がありません / pull request #%d has no head SHA", number, number)
	}
	return p, nil
}

// PullRequestHead returns the commit at the head of pull request number,
// as GitHub has it now: the value to check a workflow run's head SHA
// against before trusting anything that run produced.
func (c *Client) PullRequestHead(ctx context.Context, number int) (sha string, err error) {
	p, err := c.PullRequest(ctx, number)
	if err != nil {
		return "", err
	}
	return p.HeadSHA, nil
}

// PullRequestFiles lists the paths pull request p changes, as GitHub
// computes them against its base: each file's path and, for a rename, its
// previous path too. complete is false when GitHub lists fewer files than
// p.ChangedFiles (it lists at most MaxPullFiles).
func (c *Client) PullRequestFiles(ctx context.Context, p *PullRequest) (paths []string, complete bool, err error) {
	if c.err != nil {
		return nil, false, c.err
	}
	opts := &gh.ListOptions{PerPage: 100}
	n := 0
	for {
		files, resp, err := c.gh.PullRequests.ListFiles(ctx, c.owner, c.repo, p.Number, opts)
		if err != nil {
			return nil, false, wrap(opListFiles, err)
		}
		for _, f := range files {
			n++
			paths = append(paths, f.GetFilename())
			if p := f.GetPreviousFilename(); p != "" {
				paths = append(paths, p)
			}
		}
		if resp.NextPage == 0 {
			break
		}
		opts.Page = resp.NextPage
	}
	return paths, n >= p.ChangedFiles && n < MaxPullFiles, nil
}
