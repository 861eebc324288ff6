package review

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/ichiran-jp/ichiran/tools/datadiff"
	"github.com/ichiran-jp/ichiran/tools/frictionless"
	"github.com/ichiran-jp/ichiran/tools/github"
	"github.com/ichiran-jp/ichiran/tools/repo"
)

// What ichiran review -post posts: one marked comment and one check run.
const (
	Marker    = "review"         // finds the review comment of a pull request again
	CheckName = "ichiran review" // the check run's name
)

// ErrNoPR: neither the run (-pr) nor pr.json says which pull request a
// report is of.
var ErrNoPR = errors.New("プルリクエストの番号がありません (-pr も pr.json もない) / no pull request number: neither -pr nor pr.json")

// PRNumber is the pull request a report is posted to: number (the run's,
// 0 when it does not say), else pr.json's (prFile, untrusted; nil when
// there is none). pr.json must be of the run: its head is sha and, when
// the run says, its number is number.
func PRNumber(number int, prFile io.Reader, sha string) (int, error) {
	if prFile != nil {
		p, err := ReadPR(prFile)
		if err != nil {
			return 0, fmt.Errorf("pr.json: %w", err)
		}
		if p.HeadSHA != sha || (number != 0 && p.Number != number) {
			return 0, fmt.Errorf("pr.json (#%d %s) が実行 (#%d %s) と合いません。投稿しません / pr.json does not match the run: not posting",
				p.Number, p.HeadSHA, number, sha)
		}
		number = p.Number
	}
	if number == 0 {
		return 0, ErrNoPR
	}
	return number, nil
}

// PostOptions say where a report goes.
type PostOptions struct {
	Owner, Name string // the repository
	Server      string // GITHUB_SERVER_URL ("": github.com), whose runs the report may link to
	Number      int    // the pull request
	SHA         string // the head commit the report is of
	// Base is the base branch's checkout, whose data and tool re-validate
	// the data of a fork's pull request that changes code.
	Base string
}

// Posted is what Post did.
type Posted struct {
	Comment    int64 // the comment's id; 0 when it could not be written (CommentErr)
	Created    bool  // the comment is new (else it was there, and is up to date)
	CommentErr error // why the comment could not be written: the check run was published all the same
	Check      int64 // the check run's id
	Conclusion string
	Notes      int // annotations on the check run
	// Untrusted: the report's verdict was not used, since a fork's pull
	// request changes Code, what is not data (or GitHub could not list
	// every file).
	Untrusted bool
	Code      []string
}

// Post posts rep, the report of a pull request's run, as the pull
// request's comment and check run, after checking that the pull request's
// head is the run's. Trust comes from the API, not the report: a fork's
// pull request that changes anything but data ran its own review.yml and
// tools/, so its report says whatever the fork wants; its check is then
// neutral, with no verdict of the report, and its data, fetched through
// the API, is validated and diffed again by this (the base's) tool, whose
// verdict stands (invalid data fails the check). A comment that cannot be
// written does not stop the check run, which branch protection waits for.
// The error is about what kept the check run from being published.
func Post(ctx context.Context, c *github.Client, rep *Report, opt PostOptions) (*Posted, error) {
	if !rep.RunOf(opt.Server, opt.Owner+"/"+opt.Name) {
		rep.Run = "" // a link only to a run of this repository
	}
	pr, err := c.PullRequest(ctx, opt.Number)
	if err != nil {
		return nil, err
	}
	if head := pr.HeadSHA; head != opt.SHA {
		return nil, fmt.Errorf("プルリクエスト #%d の head は %s で、この実行の %s ではありません。古い実行の報告は投稿しません / pull request #%d's head is %s, not this run's %s: not posting a stale report",
			opt.Number, head, opt.SHA, opt.Number, head, opt.SHA)
	}
	p := &Posted{Conclusion: "success"}
	body, title := rep.Markdown(MaxComment), rep.Title()
	if !rep.Valid {
		p.Conclusion = "failure"
	}
	if pr.FromFork(opt.Owner, opt.Name) {
		changes, complete, err := c.PullRequestChanges(ctx, pr)
		if err != nil {
			return nil, err
		}
		var files []string
		for _, ch := range changes {
			files = append(files, ch.Path)
			if ch.Previous != "" {
				files = append(files, ch.Previous)
			}
		}
		if p.Code = CodeChanges(files); len(p.Code) > 0 || !complete {
			p.Untrusted = true
			body, title, p.Conclusion = UntrustedMarkdown(p.Code, complete), NeutralTitle, "neutral"
			// A verdict that owes nothing to the pull request's code.
			again, err := revalidate(ctx, c, opt.Base, changes)
			if err != nil {
				body += RevalidationFailed(err)
			} else {
				body += RevalidatedHeading + again.Markdown(MaxComment-len(body)-len(RevalidatedHeading))
				if !again.Valid {
					p.Conclusion, title = "failure", again.Title()+" — "+NeutralTitle
				}
			}
		}
	}
	var notes []github.Annotation
	if !p.Untrusted {
		for _, a := range rep.Annotations {
			if a.Path == "" {
				continue // the check API wants a file; the summary has it
			}
			level := map[string]string{LevelError: "failure", LevelWarning: "warning", LevelNotice: "notice"}[a.Level]
			notes = append(notes, github.Annotation{Path: a.Path, StartLine: max(a.Line, 1), StartColumn: a.Col, Level: level,
				Title: a.Title, Message: a.Message})
		}
	}
	p.Comment, p.Created, p.CommentErr = c.UpsertComment(ctx, opt.Number, Marker, body)
	if p.CommentErr != nil {
		p.Comment, p.Created = 0, false
	}
	p.Check, err = c.PublishCheck(ctx, github.CheckRun{Name: CheckName, HeadSHA: opt.SHA, Conclusion: p.Conclusion,
		Title: title, Summary: body, Annotations: notes})
	if err != nil {
		return p, err
	}
	p.Notes = len(notes)
	return p, nil
}

// maxBlobBytes bounds one file of a pull request fetched for revalidate.
const maxBlobBytes = 64 << 20

// revalidate validates and diffs the data of a pull request as it is at
// its head, fetched through the API (changes) onto the data of the base
// branch's checkout in base, with this tool: nothing of the pull request
// runs.
func revalidate(ctx context.Context, c *github.Client, base string, changes []github.PullFile) (*Report, error) {
	br, err := repo.Open(base, repo.Limits{})
	if err != nil {
		return nil, err
	}
	defer br.Close()
	dir, err := os.MkdirTemp("", "ichiran-revalidate-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	var rc []Change
	for _, ch := range changes {
		rc = append(rc, Change{Path: ch.Path, Previous: ch.Previous, Status: ch.Status, SHA: ch.SHA})
	}
	fetch := func(sha string) ([]byte, error) { return c.Blob(ctx, sha, maxBlobBytes) }
	if err := Overlay(dir, br, rc, fetch); err != nil {
		return nil, err
	}
	vrep, err := repo.Validate(ctx, dir, frictionless.DescriptorLimits{}, frictionless.Options{})
	if err != nil {
		return nil, err
	}
	// The files as the pull request names them, not in the temporary
	// folder.
	inside := func(s string) string { return strings.ReplaceAll(s, dir+string(filepath.Separator), "") }
	for _, e := range vrep.Errors {
		if rel, err := filepath.Rel(dir, e.Path); err == nil && e.Path != "" && !strings.HasPrefix(rel, "..") {
			e.Path = filepath.ToSlash(rel)
		}
	}
	bs, err := datadiff.FromRepository(br, "base")
	var diff *datadiff.Result
	var hs *datadiff.Snapshot
	if err == nil {
		if hs, err = datadiff.LoadDir(dir, "head (API)"); err == nil {
			diff = datadiff.Compare(bs, hs, datadiff.Options{})
		} else {
			err = errors.New(inside(err.Error()))
		}
	}
	rep := Build(vrep, diff, err, nil)
	rep.Summaries = Summarize(bs, hs, diff)
	return rep, nil
}
