// Package workflowcheck checks GitHub Actions workflows for the patterns
// that let a pull request run code with a write token or steal one:
//
//   - pull-request-target: the workflow is triggered by pull_request_target,
//     which runs with the base repository's token and secrets on events a
//     fork can cause;
//   - workflow-run-checkout: a workflow_run workflow checks out the code of
//     the pull request (or branch) whose run triggered it;
//   - unpinned-action: a step or job uses an action or reusable workflow not
//     pinned to a full 40-hex commit SHA (a docker:// image not pinned to a
//     sha256 digest); local ./ actions are exempt;
//   - script-injection: a run: script contains ${{ … }} with github.event.*
//     or github.head_ref, which a pull request's author controls (pass such
//     values through env: instead);
//   - permissions: a job has no permissions: of its own nor at the top level,
//     or either level uses read-all or write-all;
//   - persist-credentials: actions/checkout without persist-credentials:
//     false, which leaves the token in .git/config for later steps.
//
// Findings carry the file, line, job and step, and print as
// "path:line: message [rule]".
package workflowcheck

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

// The rules.
const (
	RulePullRequestTarget   = "pull-request-target"
	RuleWorkflowRunCheckout = "workflow-run-checkout"
	RuleUnpinned            = "unpinned-action"
	RuleScriptInjection     = "script-injection"
	RulePermissions         = "permissions"
	RulePersistCredentials  = "persist-credentials"
)

// A Finding is one problem in one workflow.
type Finding struct {
	Path    string // the workflow file, as given
	Line    int    // 1-based; 0 when unknown
	Job     string // the job's id; empty for the workflow as a whole
	Step    int    // 1-based index of the step in the job; 0 for none
	Rule    string
	Message string
}

func (f Finding) String() string {
	where := ""
	if f.Job != "" {
		where = fmt.Sprintf("job %q", f.Job)
		if f.Step > 0 {
			where += fmt.Sprintf(" step %d", f.Step)
		}
		where += ": "
	}
	return fmt.Sprintf("%s:%d: %s%s [%s]", f.Path, f.Line, where, f.Message, f.Rule)
}

// CheckDir checks every *.yml and *.yaml file in dir (a
// .github/workflows folder), in name order.
func CheckDir(dir string) ([]Finding, error) {
	var files []string
	for _, pat := range []string{"*.yml", "*.yaml"} {
		m, err := filepath.Glob(filepath.Join(dir, pat))
		if err != nil {
			return nil, err
		}
		files = append(files, m...)
	}
	sort.Strings(files)
	var out []Finding
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		fs, err := Check(f, src)
		if err != nil {
			return nil, err
		}
		out = append(out, fs...)
	}
	return out, nil
}

// Check checks one workflow; path is used in the findings only.
func Check(path string, src []byte) ([]Finding, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return nil, fmt.Errorf("%s: empty workflow", path)
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s:%d: a workflow must be a mapping", path, root.Line)
	}
	c := &checker{path: path}
	c.workflow(root)
	return c.out, nil
}

type checker struct {
	path string
	out  []Finding
}

func (c *checker) add(n *yaml.Node, job string, step int, rule, format string, args ...any) {
	line := 0
	if n != nil {
		line = n.Line
	}
	c.out = append(c.out, Finding{Path: c.path, Line: line, Job: job, Step: step, Rule: rule, Message: fmt.Sprintf(format, args...)})
}

// get returns the key node and value node of key in mapping m.
func get(m *yaml.Node, key string) (k, v *yaml.Node) {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil, nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i], m.Content[i+1]
		}
	}
	return nil, nil
}

func value(m *yaml.Node, key string) *yaml.Node {
	_, v := get(m, key)
	return v
}

// events lists the events under on:, with the node that names each.
func events(on *yaml.Node) map[string]*yaml.Node {
	ev := map[string]*yaml.Node{}
	switch on.Kind {
	case yaml.ScalarNode:
		ev[on.Value] = on
	case yaml.SequenceNode:
		for _, n := range on.Content {
			ev[n.Value] = n
		}
	case yaml.MappingNode:
		for i := 0; i+1 < len(on.Content); i += 2 {
			ev[on.Content[i].Value] = on.Content[i]
		}
	}
	return ev
}

var (
	sha40      = regexp.MustCompile(`^[0-9a-f]{40}$`)
	digest     = regexp.MustCompile(`@sha256:[0-9a-f]{64}$`)
	expression = regexp.MustCompile(`\$\{\{(.*?)\}\}`)
	// Values a pull request's author controls.
	tainted = regexp.MustCompile(`github\.event\.|github\.head_ref\b`)
	// A ref or repository of the code whose run triggered a workflow_run,
	// or of a pull request's head.
	prHead = regexp.MustCompile(`github\.event\.workflow_run\.head|pull_requests?(\[[^\]]*\])?\.head|github\.head_ref`)
)

func (c *checker) workflow(root *yaml.Node) {
	on := value(root, "on")
	if on == nil {
		// YAML 1.1 parsers read on: as true; yaml.v3 keeps it a string,
		// but accept the other spelling too.
		on = value(root, "true")
	}
	ev := map[string]*yaml.Node{}
	if on != nil {
		ev = events(on)
	}
	if n, ok := ev["pull_request_target"]; ok {
		c.add(n, "", 0, RulePullRequestTarget, "pull_request_target runs with the base repository's token and secrets on events a fork can cause; use pull_request (and workflow_run to post results)")
	}
	_, workflowRun := ev["workflow_run"]

	topKey, top := get(root, "permissions")
	c.broad(top, "")
	jobs := value(root, "jobs")
	if jobs == nil || jobs.Kind != yaml.MappingNode {
		return
	}
	for i := 0; i+1 < len(jobs.Content); i += 2 {
		id, job := jobs.Content[i].Value, jobs.Content[i+1]
		permKey, perm := get(job, "permissions")
		c.broad(perm, id)
		if topKey == nil && permKey == nil {
			c.add(jobs.Content[i], id, 0, RulePermissions, "no permissions: for this job nor at the top level: the token gets the repository's default, which may be write-all")
		}
		if uk, u := get(job, "uses"); u != nil {
			c.pinned(uk, u, id, 0)
		}
		steps := value(job, "steps")
		if steps == nil || steps.Kind != yaml.SequenceNode {
			continue
		}
		for s, step := range steps.Content {
			c.step(step, id, s+1, workflowRun)
		}
	}
}

// broad reports permissions: read-all or write-all.
func (c *checker) broad(perm *yaml.Node, job string) {
	if perm != nil && perm.Kind == yaml.ScalarNode && (perm.Value == "read-all" || perm.Value == "write-all") {
		c.add(perm, job, 0, RulePermissions, "permissions: %s grants every scope; list the scopes the job needs", perm.Value)
	}
}

func (c *checker) pinned(key, u *yaml.Node, job string, step int) {
	ref := u.Value
	switch {
	case strings.HasPrefix(ref, "./"):
		return
	case strings.HasPrefix(ref, "docker://"):
		if !digest.MatchString(ref) {
			c.add(u, job, step, RuleUnpinned, "%s is not pinned to a sha256 digest", ref)
		}
		return
	}
	_, at, ok := strings.Cut(ref, "@")
	if !ok || !sha40.MatchString(at) {
		c.add(u, job, step, RuleUnpinned, "%s is not pinned to a full 40-hex commit SHA", ref)
	}
}

func (c *checker) step(step *yaml.Node, job string, n int, workflowRun bool) {
	if uk, u := get(step, "uses"); u != nil {
		c.pinned(uk, u, job, n)
		action, _, _ := strings.Cut(u.Value, "@")
		if strings.EqualFold(action, "actions/checkout") {
			with := value(step, "with")
			pc := value(with, "persist-credentials")
			if pc == nil || pc.Kind != yaml.ScalarNode || pc.Value != "false" {
				at := u
				if pc != nil {
					at = pc
				}
				c.add(at, job, n, RulePersistCredentials, "actions/checkout without persist-credentials: false leaves the token in .git/config for every later step")
			}
			if workflowRun {
				for _, k := range []string{"ref", "repository"} {
					if v := value(with, k); v != nil && prHead.MatchString(v.Value) {
						c.add(v, job, n, RuleWorkflowRunCheckout, "a workflow_run workflow checks out the triggering pull request's code (%s: %s), which then runs with this workflow's token", k, v.Value)
					}
				}
			}
		}
	}
	if run := value(step, "run"); run != nil && run.Kind == yaml.ScalarNode {
		for _, m := range expression.FindAllStringSubmatchIndex(run.Value, -1) {
			expr := run.Value[m[0]:m[1]]
			if !tainted.MatchString(run.Value[m[2]:m[3]]) {
				continue
			}
			at := *run
			if run.Style&yaml.LiteralStyle != 0 {
				// A literal block starts on the line after "run: |", and
				// keeps its lines.
				at.Line = run.Line + 1 + strings.Count(run.Value[:m[0]], "\n")
			}
			c.add(&at, job, n, RuleScriptInjection, "%s in a run: script is spliced into the shell; pass it through env: and use \"$VAR\"", expr)
		}
	}
}
