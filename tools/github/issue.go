package github

import (
	"context"
	"slices"
	"strings"

	gh "github.com/google/go-github/v60/github"
)

// UpsertIssue keeps one issue: the one, among the issues (open or closed)
// with all of labels, whose body holds Marker(marker). It is created when
// there is none; afterwards it is edited only when its title, body or state
// differ: closed when close is true (as completed), reopened when close is
// false. An issue that would be created closed is created, then closed, so
// that the record exists. It returns the issue's number.
func (c *Client) UpsertIssue(ctx context.Context, title, marker, body string, labels []string, close bool) (number int, err error) {
	if c.err != nil {
		return 0, c.err
	}
	want := Truncate(withMarker(marker, body), MaxCommentBody)
	m := Marker(marker)
	issues := all(func(page int) ([]*gh.Issue, *gh.Response, error) {
		opts := &gh.IssueListByRepoOptions{State: "all", Labels: labels, Sort: "created", Direction: "asc", ListOptions: gh.ListOptions{PerPage: 100, Page: page}}
		return c.gh.Issues.ListByRepo(ctx, c.owner, c.repo, opts)
	})
	var found *gh.Issue
	for is, err := range issues {
		if err != nil {
			return 0, wrap(opListIssues, err)
		}
		if !is.IsPullRequest() && strings.Contains(is.GetBody(), m) {
			found = is
			break
		}
	}
	state := "open"
	if close {
		state = "closed"
	}
	if found == nil {
		ls := slices.Clone(labels)
		if ls == nil {
			ls = []string{}
		}
		is, _, err := c.gh.Issues.Create(ctx, c.owner, c.repo, &gh.IssueRequest{Title: gh.String(title), Body: gh.String(want), Labels: &ls})
		if err != nil {
			return 0, wrap(opCreateIssue, err)
		}
		found = is
		if !close {
			return is.GetNumber(), nil
		}
	}
	req := &gh.IssueRequest{}
	changed := false
	if found.GetTitle() != title {
		req.Title, changed = gh.String(title), true
	}
	if found.GetBody() != want {
		req.Body, changed = gh.String(want), true
	}
	if found.GetState() != state {
		req.State, changed = gh.String(state), true
		if close {
			req.StateReason = gh.String("completed")
		}
	}
	if !changed {
		return found.GetNumber(), nil
	}
	is, _, err := c.gh.Issues.Edit(ctx, c.owner, c.repo, found.GetNumber(), req)
	if err != nil {
		return found.GetNumber(), wrap(opEditIssue, err)
	}
	return is.GetNumber(), nil
}
