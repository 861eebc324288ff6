package github

import (
	"context"
	"time"

	gh "github.com/google/go-github/v60/github"
)

// CheckRun is what PublishCheck shows on a commit.
type CheckRun struct {
	Name        string // the check's name, e.g. "ichiran review"
	HeadSHA     string // the commit
	Conclusion  string // success, failure, neutral, …; empty: still in progress
	DetailsURL  string // optional
	Title       string
	Summary     string // Markdown, cut to MaxCheckText characters
	Text        string // Markdown, cut to MaxCheckText characters
	Annotations []Annotation
}

// Annotation marks lines of a file of the commit.
type Annotation struct {
	Path                   string // relative to the repository root, with slashes
	StartLine, EndLine     int
	StartColumn, EndColumn int    // only when StartLine == EndLine; 0: none
	Level                  string // notice, warning or failure
	Title, Message         string
	RawDetails             string
}

func (a Annotation) gh() *gh.CheckRunAnnotation {
	r := &gh.CheckRunAnnotation{Path: gh.String(a.Path), StartLine: gh.Int(a.StartLine), EndLine: gh.Int(max(a.EndLine, a.StartLine)),
		AnnotationLevel: gh.String(a.Level), Message: gh.String(a.Message)}
	if a.Level == "" {
		r.AnnotationLevel = gh.String("warning")
	}
	if a.StartColumn > 0 && a.StartLine == max(a.EndLine, a.StartLine) {
		r.StartColumn = gh.Int(a.StartColumn)
		r.EndColumn = gh.Int(max(a.EndColumn, a.StartColumn))
	}
	if a.Title != "" {
		r.Title = gh.String(a.Title)
	}
	if a.RawDetails != "" {
		r.RawDetails = gh.String(a.RawDetails)
	}
	return r
}

// PublishCheck shows run on its commit and returns the check run's id.
//
// The check run of that name on that commit is created, or updated when it
// exists; then the annotations follow in updates of at most MaxAnnotations
// each (GitHub's limit per request). GitHub appends annotations on every
// update, so an existing run that already has annotations is not updated
// (that would show them twice): a new run of the same name is created, and
// GitHub shows the newest. An existing run with the same conclusion, title,
// summary, text and number of annotations is left alone: re-running posts
// nothing twice.
func (c *Client) PublishCheck(ctx context.Context, run CheckRun) (int64, error) {
	if c.err != nil {
		return 0, c.err
	}
	out := &gh.CheckRunOutput{Title: gh.String(run.Title), Summary: gh.String(Truncate(run.Summary, MaxCheckText))}
	if run.Text != "" {
		out.Text = gh.String(Truncate(run.Text, MaxCheckText))
	}
	existing, err := c.findCheckRun(ctx, run.Name, run.HeadSHA)
	if err != nil {
		return 0, err
	}
	if existing != nil && existing.GetConclusion() == run.Conclusion && existing.Output != nil &&
		existing.Output.GetTitle() == out.GetTitle() && existing.Output.GetSummary() == out.GetSummary() &&
		existing.Output.GetText() == out.GetText() && existing.Output.GetAnnotationsCount() == len(run.Annotations) {
		return existing.GetID(), nil
	}
	status := "in_progress"
	var conclusion *string
	var completed *gh.Timestamp
	if run.Conclusion != "" {
		status, conclusion = "completed", gh.String(run.Conclusion)
		completed = &gh.Timestamp{Time: time.Now().UTC().Truncate(time.Second)}
	}
	var details *string
	if run.DetailsURL != "" {
		details = gh.String(run.DetailsURL)
	}
	var id int64
	if existing != nil && existing.Output.GetAnnotationsCount() == 0 {
		cr, _, err := c.gh.Checks.UpdateCheckRun(ctx, c.owner, c.repo, existing.GetID(), gh.UpdateCheckRunOptions{
			Name: run.Name, DetailsURL: details, Status: gh.String(status), Conclusion: conclusion, CompletedAt: completed, Output: out})
		if err != nil {
			return 0, wrap(opUpdateCheck, err)
		}
		id = cr.GetID()
	} else {
		cr, _, err := c.gh.Checks.CreateCheckRun(ctx, c.owner, c.repo, gh.CreateCheckRunOptions{
			Name: run.Name, HeadSHA: run.HeadSHA, DetailsURL: details, Status: gh.String(status), Conclusion: conclusion, CompletedAt: completed, Output: out})
		if err != nil {
			return 0, wrap(opCreateCheck, err)
		}
		id = cr.GetID()
	}
	for start := 0; start < len(run.Annotations); start += MaxAnnotations {
		batch := run.Annotations[start:min(start+MaxAnnotations, len(run.Annotations))]
		o := &gh.CheckRunOutput{Title: out.Title, Summary: out.Summary, Text: out.Text}
		for _, a := range batch {
			o.Annotations = append(o.Annotations, a.gh())
		}
		if _, _, err := c.gh.Checks.UpdateCheckRun(ctx, c.owner, c.repo, id, gh.UpdateCheckRunOptions{Name: run.Name, Output: o}); err != nil {
			return id, wrap(opUpdateCheck, err)
		}
	}
	return id, nil
}

// findCheckRun returns the newest check run called name on commit sha, or nil.
func (c *Client) findCheckRun(ctx context.Context, name, sha string) (*gh.CheckRun, error) {
	runs := all(func(page int) ([]*gh.CheckRun, *gh.Response, error) {
		opts := &gh.ListCheckRunsOptions{CheckName: gh.String(name), Filter: gh.String("latest"), ListOptions: gh.ListOptions{PerPage: 100, Page: page}}
		res, resp, err := c.gh.Checks.ListCheckRunsForRef(ctx, c.owner, c.repo, sha, opts)
		if err != nil {
			return nil, resp, err
		}
		return res.CheckRuns, resp, nil
	})
	for cr, err := range runs {
		if err != nil {
			return nil, wrap(opListChecks, err)
		}
		if cr.GetName() == name && cr.GetHeadSHA() == sha {
			return cr, nil
		}
	}
	return nil, nil
}
