// Package review puts the validation report and the data diff of a pull
// request together into one Report: the Markdown a reviewer reads (in the
// job summary and the pull-request comment), the workflow commands that
// become inline annotations, and the JSON a later, privileged workflow
// reads back — as untrusted data — to post the comment and the check run.
//
// [Make] reviews a working tree (the validation and the diff run at once);
// [Post] posts a report, trusting it only as far as the API says the pull
// request changes nothing but data. The command only wires them to its
// flags.
package review

import (
	"cmp"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/ichiran-jp/ichiran/tools/datadiff"
	"github.com/ichiran-jp/ichiran/tools/frictionless"
)

// Version is the version of the JSON report's layout.
const Version = 1

// Annotation levels, as in workflow commands.
const (
	LevelError   = "error"
	LevelWarning = "warning"
	LevelNotice  = "notice"
)

// Report is the review of a pull request.
type Report struct {
	Version     int              `json:"version"`
	Valid       bool             `json:"valid"`
	Counts      Counts           `json:"counts"`
	Errors      []Problem        `json:"errors"`
	Diff        *datadiff.Result `json:"diff"`                // nil when the diff could not be computed
	DiffError   string           `json:"diffError,omitempty"` // why not
	Annotations []Annotation     `json:"annotations"`
	// Summaries are what a reviewer reads first, one per indicator
	// resource the pull request adds or changes (see [Summarize]).
	Summaries []Summary `json:"summaries,omitempty"`
	// Run is the address of the workflow run whose artifact holds the
	// whole report, when known.
	Run string `json:"run,omitempty"`
}

// Counts are the headline's numbers.
type Counts struct {
	Errors    int `json:"errors"`
	Resources int `json:"resources"`
	Rows      int `json:"rows"`
	Added     int `json:"added"`
	Removed   int `json:"removed"`
	Changed   int `json:"changed"`
	Files     int `json:"files"`
	Flags     int `json:"flags"`
}

// Problem is one validation error.
type Problem struct {
	Code     string `json:"code"`
	Resource string `json:"resource,omitempty"`
	Path     string `json:"path,omitempty"`
	Line     int    `json:"line,omitempty"`
	Col      int    `json:"col,omitempty"`
	Row      int    `json:"row,omitempty"`
	Field    string `json:"field,omitempty"`
	Ja       string `json:"ja"`
	En       string `json:"en,omitempty"`
}

// Message is the Japanese message, then the English one.
func (p Problem) Message() string {
	if p.En == "" || p.En == p.Ja {
		return p.Ja
	}
	return p.Ja + " / " + p.En
}

// Location is "path:line:col" as far as known.
func (p Problem) Location() string {
	s := p.Path
	if p.Line > 0 {
		s += fmt.Sprintf(":%d", p.Line)
		if p.Col > 0 {
			s += fmt.Sprintf(":%d", p.Col)
		}
	}
	return s
}

// Annotation is one inline annotation: a validation error or a diff flag
// on a CSV line. Path is relative to the repository root, with slashes.
type Annotation struct {
	Path    string `json:"path"`
	Line    int    `json:"line,omitempty"`
	Col     int    `json:"col,omitempty"`
	Level   string `json:"level"`
	Title   string `json:"title"`
	Message string `json:"message"`
}

// Locator finds the file and the line (1-based, 0: not found) of the row
// of resource with key in the head revision.
type Locator func(resource string, key []string) (path string, line int)

// Build makes the review of a validation report and a diff (nil with
// diffErr when it failed). locate may be nil: flags are then not annotated.
func Build(v *frictionless.Report, d *datadiff.Result, diffErr error, locate Locator) *Report {
	r := &Report{Version: Version, Valid: v.Valid, Errors: []Problem{}, Annotations: []Annotation{}, Diff: d}
	for _, rr := range v.Resources {
		r.Counts.Resources++
		r.Counts.Rows += rr.Rows
	}
	for _, e := range v.Errors {
		p := Problem{Code: e.Code, Resource: e.Resource, Path: slashPath(e.Path), Line: e.Line, Col: e.Col, Row: e.Row, Field: e.Field, Ja: e.Ja, En: e.En}
		r.Errors = append(r.Errors, p)
		r.Annotations = append(r.Annotations, Annotation{Path: p.Path, Line: p.Line, Col: p.Col, Level: LevelError, Title: p.Code, Message: p.Message()})
	}
	r.Counts.Errors = len(r.Errors)
	if diffErr != nil {
		r.DiffError = diffErr.Error()
	}
	if d != nil {
		for _, rd := range d.Resources {
			r.Counts.Added += len(rd.Added)
			r.Counts.Removed += len(rd.Removed)
			r.Counts.Changed += len(rd.Changed)
		}
		r.Counts.Files = len(d.Files)
		r.Counts.Flags = len(d.Flags)
		if locate != nil {
			for _, f := range d.Flags {
				p, line := locate(f.Resource, f.Key)
				if p == "" || line == 0 {
					continue
				}
				t := datadiff.FlagTitles[f.Code]
				title := cmp.Or(t[0]+" / "+t[1], f.Code)
				msg := f.Ja + " / " + f.En
				if f.Name != "" && !strings.Contains(msg, f.Name) {
					msg = f.Name + ": " + msg
				}
				r.Annotations = append(r.Annotations, Annotation{Path: p, Line: line, Level: LevelWarning, Title: "ichiran diff: " + title, Message: msg})
			}
		}
	}
	return r
}

// slashPath makes a path relative to the working directory, with slashes.
func slashPath(p string) string {
	if p == "" {
		return ""
	}
	if filepath.IsAbs(p) {
		if wd, err := os.Getwd(); err == nil {
			if rel, err := filepath.Rel(wd, p); err == nil && !strings.HasPrefix(rel, "..") {
				p = rel
			}
		}
	}
	return path.Clean(filepath.ToSlash(p))
}

// Locate is a Locator over the head revision's tables, as the diff read
// them (head: the working tree of the package in dir, as the working
// directory sees it); d tells which fields each resource's rows are
// matched by.
func Locate(dir string, head *datadiff.Snapshot, d *datadiff.Result) Locator {
	type index struct {
		path  string
		lines map[string]int
	}
	tables := map[string]*datadiff.Table{}
	for _, t := range head.Tables {
		tables[t.Resource] = t
	}
	load := func(rd datadiff.ResourceDiff) *index {
		ix := &index{}
		t := tables[rd.Name]
		if t == nil || len(t.Paths) != 1 || len(t.Lines) != len(t.Rows) || rd.Change == datadiff.Removed {
			return ix
		}
		var cols []int
		if len(rd.Key) == 0 {
			for i := range t.Header {
				cols = append(cols, i)
			}
		}
		for _, k := range rd.Key {
			i := slices.Index(t.Header, k)
			if i < 0 {
				return ix
			}
			cols = append(cols, i)
		}
		ix.lines = map[string]int{}
		key := make([]string, len(cols))
		for n, row := range t.Rows {
			for j, i := range cols {
				key[j] = ""
				if i < len(row) {
					key[j] = row[i]
				}
			}
			k := strings.Join(key, "\x00")
			if _, ok := ix.lines[k]; !ok {
				ix.lines[k] = t.Lines[n]
			}
		}
		ix.path = slashPath(filepath.Join(dir, filepath.FromSlash(t.Paths[0])))
		return ix
	}
	cache := map[string]*index{}
	return func(resource string, key []string) (string, int) {
		ix, ok := cache[resource]
		if !ok {
			ix = &index{}
			for _, rd := range d.Resources {
				if rd.Name == resource {
					ix = load(rd)
					break
				}
			}
			cache[resource] = ix
		}
		line := ix.lines[strings.Join(key, "\x00")]
		if line == 0 {
			return "", 0
		}
		return ix.path, line
	}
}
