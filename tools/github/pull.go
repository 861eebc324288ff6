package github

import (
	"context"
	"errors"
	"fmt"
	"io"
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

// PullFile is one file a pull request changes, as GitHub lists it.
type PullFile struct {
	Path     string
	Previous string // the old path of a renamed file
	Status   string // added, removed, modified, renamed, copied, changed
	SHA      string // the file's blob at the head ("" when removed)
}

// PullRequestChanges lists the files pull request p changes, as GitHub
// computes them against its base. complete is false when GitHub lists
// fewer files than p.ChangedFiles (it lists at most MaxPullFiles).
func (c *Client) PullRequestChanges(ctx context.Context, p *PullRequest) (files []PullFile, complete bool, err error) {
	if c.err != nil {
		return nil, false, c.err
	}
	listed := all(func(page int) ([]*gh.CommitFile, *gh.Response, error) {
		return c.gh.PullRequests.ListFiles(ctx, c.owner, c.repo, p.Number, &gh.ListOptions{PerPage: 100, Page: page})
	})
	for f, err := range listed {
		if err != nil {
			return nil, false, wrap(opListFiles, err)
		}
		files = append(files, PullFile{Path: f.GetFilename(), Previous: f.GetPreviousFilename(), Status: f.GetStatus(), SHA: f.GetSHA()})
	}
	return files, len(files) >= p.ChangedFiles && len(files) < MaxPullFiles, nil
}

// PullRequestFiles lists the paths pull request p changes: each file's
// path and, for a rename, its previous path too. complete is as for
// PullRequestChanges.
func (c *Client) PullRequestFiles(ctx context.Context, p *PullRequest) (paths []string, complete bool, err error) {
	files, complete, err := c.PullRequestChanges(ctx, p)
	for _, f := range files {
		paths = append(paths, f.Path)
		if f.Previous != "" {
			paths = append(paths, f.Previous)
		}
	}
	return paths, complete, err
}

var opGetBlob = op{"ファイルの内容の取得", "getting a file's content", "contents: read"}

// ErrTooLarge is wrapped by the error of Blob for a blob past its limit.
var ErrTooLarge = errors.New("大きすぎます / too large")

// Blob returns the content of the blob sha (40 hex digits) of the
// repository, or of a pull request's head in a fork (GitHub keeps those
// under refs/pull/), reading at most limit bytes.
func (c *Client) Blob(ctx context.Context, sha string, limit int64) ([]byte, error) {
	if c.err != nil {
		return nil, c.err
	}
	if len(sha) != 40 || strings.Trim(strings.ToLower(sha), "0123456789abcdef") != "" {
		return nil, fmt.Errorf("blob の SHA が不正です / bad blob SHA %q", sha)
	}
	req, err := c.gh.NewRequest("GET", fmt.Sprintf("repos/%v/%v/git/blobs/%v", c.owner, c.repo, sha), nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/vnd.github.v3.raw")
	resp, err := c.gh.BareDo(ctx, req)
	if err != nil {
		return nil, wrap(opGetBlob, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, fmt.Errorf("%s / %s: %w", opGetBlob.ja, opGetBlob.en, err)
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("blob %s: %w: %d バイトまで / at most %d bytes", sha, ErrTooLarge, limit, limit)
	}
	return b, nil
}
