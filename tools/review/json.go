package review

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"unicode/utf8"
)

// Limits of what Read accepts: the report comes from a pull request's run
// and is read by a job that holds a write token.
const (
	MaxReportBytes  = 32 << 20 // report.json
	MaxPRBytes      = 4 << 10  // pr.json
	MaxAnnotations  = 5000     // annotations posted with the check run
	maxStringBytes  = 64 << 10 // any one annotation string
	maxPathBytes    = 1024
	maxLineOrColumn = 1 << 30
)

// ErrUntrusted is returned for a report or a pull-request file that is
// not what ichiran review writes.
var ErrUntrusted = errors.New("not a report written by ichiran review")

// WriteJSON writes the report as indented JSON.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(r)
}

// decodeStrict decodes exactly one JSON value of at most limit bytes with
// no unknown fields.
func decodeStrict(r io.Reader, limit int64, v any) error {
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return err
	}
	if int64(len(data)) > limit {
		return fmt.Errorf("%w: larger than %d bytes", ErrUntrusted, limit)
	}
	if !utf8.Valid(data) {
		return fmt.Errorf("%w: not UTF-8", ErrUntrusted)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("%w: %v", ErrUntrusted, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return fmt.Errorf("%w: data after the JSON value", ErrUntrusted)
	}
	return nil
}

// ReadJSON reads a report written by WriteJSON, as untrusted data: at most
// MaxReportBytes, one JSON value, no unknown fields, and checked (see
// Check).
func ReadJSON(r io.Reader) (*Report, error) {
	var rep Report
	if err := decodeStrict(r, MaxReportBytes, &rep); err != nil {
		return nil, err
	}
	if err := rep.Check(); err != nil {
		return nil, err
	}
	return &rep, nil
}

var levels = map[string]bool{LevelError: true, LevelWarning: true, LevelNotice: true}

// Check says whether the report is one ichiran review could have written:
// the version, counts that agree with the lists, annotations with a known
// level and a safe relative path.
func (r *Report) Check() error {
	bad := func(format string, a ...any) error {
		return fmt.Errorf("%w: %s", ErrUntrusted, fmt.Sprintf(format, a...))
	}
	switch {
	case r.Version != Version:
		return bad("version %d, want %d", r.Version, Version)
	case r.Valid != (len(r.Errors) == 0):
		return bad("valid is %t with %d errors", r.Valid, len(r.Errors))
	case r.Counts.Errors != len(r.Errors):
		return bad("counts.errors %d, but %d errors", r.Counts.Errors, len(r.Errors))
	case len(r.Annotations) > MaxAnnotations:
		return bad("%d annotations, at most %d", len(r.Annotations), MaxAnnotations)
	case r.Diff == nil && r.DiffError == "":
		return bad("neither a diff nor why not")
	}
	if r.Run != "" && !runPattern.MatchString(r.Run) {
		return bad("run %q is not a workflow run's address", r.Run)
	}
	if len(r.Summaries) > maxSummaries {
		return bad("%d summaries, at most %d", len(r.Summaries), maxSummaries)
	}
	if r.Diff != nil && r.Counts.Flags != len(r.Diff.Flags) {
		return bad("counts.flags %d, but %d flags", r.Counts.Flags, len(r.Diff.Flags))
	}
	for i, a := range r.Annotations {
		switch {
		case !levels[a.Level]:
			return bad("annotation %d: level %q", i, a.Level)
		case a.Path != "" && !SafePath(a.Path):
			return bad("annotation %d: path %q", i, a.Path)
		case a.Line < 0 || a.Col < 0 || a.Line > maxLineOrColumn || a.Col > maxLineOrColumn:
			return bad("annotation %d: line %d col %d", i, a.Line, a.Col)
		case len(a.Title) > maxStringBytes || len(a.Message) > maxStringBytes:
			return bad("annotation %d: too long", i)
		}
	}
	return nil
}

// SafePath is a relative slash path inside the repository: no "..", no
// leading slash, no backslash or control characters.
func SafePath(p string) bool {
	if p == "" || len(p) > maxPathBytes || strings.HasPrefix(p, "/") || strings.ContainsAny(p, "\\:") {
		return false
	}
	for _, c := range p {
		if c < 0x20 || c == 0x7f {
			return false
		}
	}
	for _, seg := range strings.Split(p, "/") {
		if seg == "" || seg == "." || seg == ".." {
			return false
		}
	}
	return true
}

// PR is the pull request a review is of, from the event of its run.
type PR struct {
	Number  int    `json:"number"`
	HeadSHA string `json:"headSha"`
}

// runPattern is a workflow run's address: https://HOST/OWNER/NAME/actions/runs/ID.
var runPattern = regexp.MustCompile(`^https://[A-Za-z0-9.-]+(:[0-9]+)?/[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+/actions/runs/[0-9]+$`)

// RunURL is the address of workflow run id of repository (OWNER/NAME) on
// server (GITHUB_SERVER_URL; "" for https://github.com), or "" when any
// of them is not what it should be.
func RunURL(server, repository, id string) string {
	if server == "" {
		server = "https://github.com"
	}
	u := strings.TrimSuffix(server, "/") + "/" + repository + "/actions/runs/" + id
	if !runPattern.MatchString(u) {
		return ""
	}
	return u
}

// RunOf reports whether the report's run is one of repository's, on
// server: a report names only the run of its own repository.
func (r *Report) RunOf(server, repository string) bool {
	if server == "" {
		server = "https://github.com"
	}
	return r.Run != "" && strings.HasPrefix(r.Run, strings.TrimSuffix(server, "/")+"/"+repository+"/actions/runs/")
}

var shaPattern = regexp.MustCompile(`^[0-9a-f]{40}$`)

// ValidSHA is a full commit SHA in lower-case hexadecimal.
func ValidSHA(s string) bool { return shaPattern.MatchString(s) }

// ReadPR reads pr.json as untrusted data.
func ReadPR(r io.Reader) (*PR, error) {
	var pr PR
	if err := decodeStrict(r, MaxPRBytes, &pr); err != nil {
		return nil, err
	}
	if pr.Number <= 0 || !ValidSHA(pr.HeadSHA) {
		return nil, fmt.Errorf("%w: pull request %d, head %q", ErrUntrusted, pr.Number, pr.HeadSHA)
	}
	return &pr, nil
}

// EventPR reads the pull request from a GitHub Actions event payload
// (GITHUB_EVENT_PATH); ok is false when the event is not of a pull request.
func EventPR(r io.Reader) (pr PR, ok bool, err error) {
	var ev struct {
		PullRequest *struct {
			Number int `json:"number"`
			Head   struct {
				SHA string `json:"sha"`
			} `json:"head"`
		} `json:"pull_request"`
	}
	data, err := io.ReadAll(io.LimitReader(r, 64<<20))
	if err != nil {
		return PR{}, false, err
	}
	if err := json.Unmarshal(data, &ev); err != nil {
		return PR{}, false, err
	}
	if ev.PullRequest == nil || ev.PullRequest.Number <= 0 || !ValidSHA(ev.PullRequest.Head.SHA) {
		return PR{}, false, nil
	}
	return PR{Number: ev.PullRequest.Number, HeadSHA: ev.PullRequest.Head.SHA}, true, nil
}
