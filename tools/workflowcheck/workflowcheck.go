// Package workflowcheck checks GitHub Actions workflows for the patterns
// that let a pull request run code with a write token or steal one:
//
//   - pull-request-target: the workflow is triggered by pull_request_target,
//     which runs with the base repository's token and secrets on events a
//     fork can cause;
//   - workflow-run-checkout: a workflow_run workflow checks out the code of
//     the pull request (or branch) whose run triggered it;
//   - privileged-checkout: a privileged job — one with a write permission
//     (or none declared), or triggered by pull_request_target, workflow_run,
//     issue_comment, pull_request_review or pull_request_review_comment —
//     checks out a pull request's code: actions/checkout of refs/pull/… or
//     of the pull request's head, or git fetch of pull/…, or gh pr checkout;
//   - untrusted-run: a privileged job runs a local ./ action after checking
//     out a pull request's code, or runs a file of an artifact of another
//     run, or downloads such an artifact into the workspace (where it can
//     replace the code that runs next);
//   - pull-request-write: a job of a pull_request workflow asks for a write
//     permission;
//   - unpinned-action: a step or job uses an action or reusable workflow not
//     pinned to a full 40-hex commit SHA (a docker:// image, a container: or
//     a services: image not pinned to a sha256 digest); local ./ actions are
//     exempt;
//   - script-injection: a run: script, or the script of
//     actions/github-script, contains ${{ … }} that reads event data a pull
//     request's author controls — github.event (also by brackets or as
//     toJSON(github.event) or toJSON(github)), github.head_ref, or an env
//     variable set from them (pass such values through env: instead);
//   - permissions: a job has no permissions: of its own nor at the top level,
//     or either level uses read-all or write-all;
//   - persist-credentials: actions/checkout without persist-credentials:
//     false, which leaves the token in .git/config for later steps.
//
// Expressions are read as GitHub reads them: contexts in any letter case,
// property access by dots or by brackets, any spacing, over several lines.
// YAML anchors, aliases and merge keys are followed.
//
// A job of a pull_request workflow whose if: is
// github.event.pull_request.head.repo.full_name == github.repository runs
// only for branches of the repository itself (never forks), whose authors
// can push anyway: it may ask for write permissions and check out the pull
// request's head.
//
// Findings carry the file, line, job and step, and print as
// "path:line: message [rule]".
package workflowcheck

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

// The rules.
const (
	RulePullRequestTarget   = "pull-request-target"
	RuleWorkflowRunCheckout = "workflow-run-checkout"
	RulePrivilegedCheckout  = "privileged-checkout"
	RuleUntrustedRun        = "untrusted-run"
	RulePullRequestWrite    = "pull-request-write"
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
	root := resolve(doc.Content[0])
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

// add records a finding; its message is ja, then en, each formatted with
// args.
func (c *checker) add(n *yaml.Node, job string, step int, rule, ja, en string, args ...any) {
	line := 0
	if n != nil {
		line = n.Line
	}
	msg := fmt.Sprintf(ja, args...) + " / " + fmt.Sprintf(en, args...)
	c.out = append(c.out, Finding{Path: c.path, Line: line, Job: job, Step: step, Rule: rule, Message: msg})
}

// resolve follows an alias to the node it names.
func resolve(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < 100; i++ {
		n = n.Alias
	}
	return n
}

// pairs are the key and value nodes of mapping m, aliases resolved and
// merge keys (<<) expanded, the mapping's own keys winning.
func pairs(m *yaml.Node) [][2]*yaml.Node {
	return pairsDepth(m, 0)
}

func pairsDepth(m *yaml.Node, depth int) [][2]*yaml.Node {
	m = resolve(m)
	if m == nil || m.Kind != yaml.MappingNode || depth > 20 {
		return nil
	}
	var own, merged [][2]*yaml.Node
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := resolve(m.Content[i]), resolve(m.Content[i+1])
		if k.Tag == "!!merge" || (k.Value == "<<" && k.Style == 0) {
			srcs := []*yaml.Node{v}
			if v.Kind == yaml.SequenceNode {
				srcs = v.Content
			}
			for _, src := range srcs {
				merged = append(merged, pairsDepth(src, depth+1)...)
			}
			continue
		}
		own = append(own, [2]*yaml.Node{k, v})
	}
	for _, p := range merged {
		if !slices.ContainsFunc(own, func(o [2]*yaml.Node) bool { return o[0].Value == p[0].Value }) {
			own = append(own, p)
		}
	}
	return own
}

// get returns the key node and value node of key in mapping m.
func get(m *yaml.Node, key string) (k, v *yaml.Node) {
	for _, p := range pairs(m) {
		if p[0].Value == key {
			return p[0], p[1]
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
	on = resolve(on)
	switch on.Kind {
	case yaml.ScalarNode:
		ev[on.Value] = on
	case yaml.SequenceNode:
		for _, n := range on.Content {
			n = resolve(n)
			ev[n.Value] = n
		}
	case yaml.MappingNode:
		for _, p := range pairs(on) {
			ev[p[0].Value] = p[0]
		}
	}
	return ev
}

// Events whose jobs run with the base repository's secrets, and a write
// token unless permissions: says otherwise, on what others can cause.
var privilegedEvents = []string{"pull_request_target", "workflow_run", "issue_comment", "pull_request_review", "pull_request_review_comment"}

var (
	sha40      = regexp.MustCompile(`^[0-9a-f]{40}$`)
	digest     = regexp.MustCompile(`@sha256:[0-9a-f]{64}$`)
	expression = regexp.MustCompile(`(?s)\$\{\{(.*?)\}\}`)
	// A ref or repository of the code whose run triggered a workflow_run,
	// or of a pull request's head (in normalised expressions).
	prHead = regexp.MustCompile(`github\.event\.workflow_run\.head|pull_requests?(\[[^\]]*\])?\.head|github\.head_ref|github\.event\.pull_request\.head|github\.event\.issue\.pull_request|refs/pull/`)
	// Shell that fetches or checks out a pull request's code.
	prFetch = regexp.MustCompile(`(?i)\bgh\s+pr\s+checkout\b|\bgit\s+(fetch|pull|checkout)\b[^\n;&|]*\bpull/|refs/pull/`)
	// A bracketed property with a string literal: ['x'] or ["x"].
	bracketProp = regexp.MustCompile(`\s*\[\s*(?:'([^']*)'|"([^"]*)")\s*\]`)
	spacedDot   = regexp.MustCompile(`\s*\.\s*`)
	literal     = regexp.MustCompile(`'(?:[^']|'')*'`)
	reference   = regexp.MustCompile(`[a-z_][a-z0-9_-]*(?:\.[a-z0-9_*-]+|\[[^\]]*\])*`)
	sameRepo    = regexp.MustCompile(`github\.event\.pull_request\.head\.repo\.full_name(==|!=)github\.repository|github\.repository(==|!=)github\.event\.pull_request\.head\.repo\.full_name`)
	whitespace  = regexp.MustCompile(`\s+`)
	execPrefix  = `(?:^|[\s;&|(])(?:\./|bash\s+|sh\s+|source\s+|\.\s+|python3?\s+|node\s+|chmod\s+\+x\s+|exec\s+)["']?`
)

// normalize is an expression as GitHub reads it: lower case (contexts and
// properties are case-insensitive), properties by brackets turned into
// dots, no spaces around dots.
func normalize(expr string) string {
	e := strings.ToLower(expr)
	e = bracketProp.ReplaceAllStringFunc(e, func(m string) string {
		sm := bracketProp.FindStringSubmatch(m)
		return "." + sm[1] + sm[2]
	})
	return spacedDot.ReplaceAllString(e, ".")
}

// taint tells whether expression expr (the text inside ${{ }}) reads data
// a pull request's author controls, and names it: github.event…,
// github.head_ref, the whole github context, or an env variable of
// tainted (lower-case names) set from such data.
func taint(expr string, tainted map[string]bool) (string, bool) {
	e := literal.ReplaceAllString(normalize(expr), "''")
	for _, ref := range reference.FindAllString(e, -1) {
		switch {
		case ref == "github" || ref == "github.event" || strings.HasPrefix(ref, "github.event.") || strings.HasPrefix(ref, "github.event["),
			ref == "github.head_ref":
			return ref, true
		case ref == "env":
			if len(tainted) > 0 {
				return ref, true
			}
		case strings.HasPrefix(ref, "env."):
			name, _, _ := strings.Cut(strings.TrimPrefix(ref, "env."), ".")
			if tainted[name] {
				return ref + " (set from event data)", true
			}
		}
	}
	return "", false
}

// taintedEnv adds the variables of env: mapping m whose values read event
// data to a copy of outer.
func taintedEnv(m *yaml.Node, outer map[string]bool) map[string]bool {
	out := maps.Clone(outer)
	if out == nil {
		out = map[string]bool{}
	}
	for _, p := range pairs(m) {
		if p[1].Kind != yaml.ScalarNode {
			continue
		}
		for _, sm := range expression.FindAllStringSubmatch(p[1].Value, -1) {
			if _, ok := taint(sm[1], out); ok {
				out[strings.ToLower(p[0].Value)] = true
			}
		}
	}
	return out
}

// hasWrite tells whether a permissions: value grants a write scope; a
// missing one (nil) gets the repository's default, which may be write-all.
func hasWrite(perm *yaml.Node) bool {
	if perm == nil {
		return true
	}
	switch perm.Kind {
	case yaml.ScalarNode:
		return perm.Value == "write-all"
	case yaml.MappingNode:
		for _, p := range pairs(perm) {
			if p[1].Value == "write" {
				return true
			}
		}
	}
	return false
}

// jobContext is what the checks of a job's steps need to know.
type jobContext struct {
	id          string
	workflowRun bool
	privileged  bool // secrets, or a write token
	sameRepo    bool // if: limits a pull_request job to this repository's branches
	env         map[string]bool
}

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
		c.add(n, "", 0, RulePullRequestTarget, "pull_request_target はフォークが起こせるイベントでベースリポジトリのトークンとシークレットを持って動きます。pull_request (と結果の投稿に workflow_run) を使ってください", "pull_request_target runs with the base repository's token and secrets on events a fork can cause; use pull_request (and workflow_run to post results)")
	}
	_, workflowRun := ev["workflow_run"]
	_, pullRequest := ev["pull_request"]
	privilegedEvent := slices.ContainsFunc(privilegedEvents, func(e string) bool { _, ok := ev[e]; return ok })

	topKey, top := get(root, "permissions")
	c.broad(top, "")
	env := taintedEnv(value(root, "env"), nil)
	jobs := value(root, "jobs")
	for _, jp := range pairs(jobs) {
		id, job := jp[0].Value, jp[1]
		permKey, perm := get(job, "permissions")
		c.broad(perm, id)
		if topKey == nil && permKey == nil {
			c.add(jp[0], id, 0, RulePermissions, "このジョブにもトップレベルにも permissions: がありません。トークンはリポジトリの既定 (write-all のことがあります) になります", "no permissions: for this job nor at the top level: the token gets the repository's default, which may be write-all")
		}
		effective := perm
		if permKey == nil {
			effective = top
			if topKey == nil {
				effective = nil
			}
		}
		jc := jobContext{id: id, workflowRun: workflowRun, env: taintedEnv(value(job, "env"), env)}
		if cond := value(job, "if"); cond != nil && pullRequest {
			jc.sameRepo = sameRepo.MatchString(whitespace.ReplaceAllString(normalize(strings.Trim(strings.TrimSpace(cond.Value), "${}")), ""))
		}
		write := hasWrite(effective)
		jc.privileged = privilegedEvent || write
		if pullRequest && write && effective != nil && !jc.sameRepo {
			at := permKey
			if at == nil {
				at = topKey
			}
			c.add(at, id, 0, RulePullRequestWrite, "pull_request のワークフローが書き込み権限を求めています。このジョブではプルリクエストのコードが動きます (フォークのトークンは読み取り専用なので、そこでは失敗します。書き込みは workflow_run で)", "a pull_request workflow asks for a write permission: a pull request's code runs in this job (the token of a fork's is read-only, so it breaks there; use workflow_run to write)")
		}
		if uk, u := get(job, "uses"); u != nil {
			c.pinned(uk, u, id, 0)
		}
		c.images(job, id)
		steps := resolve(value(job, "steps"))
		if steps == nil || steps.Kind != yaml.SequenceNode {
			continue
		}
		c.steps(steps, jc)
	}
}

// images checks that the job's container: and services: images are
// pinned to a digest.
func (c *checker) images(job *yaml.Node, id string) {
	check := func(n *yaml.Node) {
		n = resolve(n)
		if n == nil {
			return
		}
		if n.Kind == yaml.MappingNode {
			n = resolve(value(n, "image"))
		}
		if n == nil || n.Kind != yaml.ScalarNode || n.Value == "" {
			return
		}
		if !digest.MatchString(n.Value) {
			c.add(n, id, 0, RuleUnpinned, "イメージ %s が sha256 のダイジェストで固定されていません", "the image %s is not pinned to a sha256 digest", n.Value)
		}
	}
	check(value(job, "container"))
	for _, p := range pairs(value(job, "services")) {
		check(p[1])
	}
}

// broad reports permissions: read-all or write-all.
func (c *checker) broad(perm *yaml.Node, job string) {
	if perm != nil && perm.Kind == yaml.ScalarNode && (perm.Value == "read-all" || perm.Value == "write-all") {
		c.add(perm, job, 0, RulePermissions, "permissions: %s はすべての権限を与えます。ジョブに要る権限を並べてください", "permissions: %s grants every scope; list the scopes the job needs", perm.Value)
	}
}

func (c *checker) pinned(key, u *yaml.Node, job string, step int) {
	ref := u.Value
	switch {
	case strings.HasPrefix(ref, "./"):
		return
	case strings.HasPrefix(ref, "docker://"):
		if !digest.MatchString(ref) {
			c.add(u, job, step, RuleUnpinned, "%s が sha256 のダイジェストで固定されていません", "%s is not pinned to a sha256 digest", ref)
		}
		return
	}
	_, at, ok := strings.Cut(ref, "@")
	if !ok || !sha40.MatchString(at) {
		c.add(u, job, step, RuleUnpinned, "%s が 40 桁のコミット SHA で固定されていません", "%s is not pinned to a full 40-hex commit SHA", ref)
	}
}

// steps checks the steps of one job in order: what an earlier step did (a
// checkout of a pull request's code, an artifact of another run) changes
// what a later one may do.
func (c *checker) steps(steps *yaml.Node, jc jobContext) {
	prCode := false        // a pull request's code is in the workspace
	var artifacts []string // where artifacts of other runs were put
	for i, step := range steps.Content {
		n := i + 1
		step = resolve(step)
		env := taintedEnv(value(step, "env"), jc.env)
		action := ""
		if uk, u := get(step, "uses"); u != nil {
			c.pinned(uk, u, jc.id, n)
			action, _, _ = strings.Cut(u.Value, "@")
			action = strings.ToLower(action)
			if strings.HasPrefix(action, "./") && prCode && jc.privileged {
				c.add(u, jc.id, n, RuleUntrustedRun, "ローカルアクション %s は上で取得したプルリクエストのコードで、特権のあるジョブで動きます", "the local action %s comes from the pull request's code checked out above, and runs in a privileged job", u.Value)
			}
		}
		with := value(step, "with")
		switch action {
		case "actions/checkout":
			c.checkout(step, with, jc, n, &prCode)
		case "actions/download-artifact":
			if value(with, "run-id") != nil || jc.workflowRun {
				path := resolve(value(with, "path"))
				p := ""
				if path != nil {
					p = path.Value
				}
				if jc.privileged && !outsideWorkspace(p) {
					at := path
					if at == nil {
						at = resolve(value(step, "uses"))
					}
					c.add(at, jc.id, n, RuleUntrustedRun, "他の実行の成果物をワークスペースに展開しています (path: %q)。そのファイルが後のステップのコードを置き換えられます。${{ runner.temp }} の下に展開してください", "an artifact of another run is downloaded into the workspace (path: %q), where its files can replace the code later steps run; download it under ${{ runner.temp }}", p)
				}
				if p != "" {
					artifacts = append(artifacts, p)
				}
			}
		case "actions/github-script":
			if script := resolve(value(with, "script")); script != nil && script.Kind == yaml.ScalarNode {
				c.injection(script, jc.id, n, env, "an actions/github-script script", " actions/github-script のスクリプト")
			}
		}
		run := resolve(value(step, "run"))
		if run == nil || run.Kind != yaml.ScalarNode {
			continue
		}
		c.injection(run, jc.id, n, env, "a run: script", " run: のスクリプト")
		if prFetch.MatchString(run.Value) {
			if jc.privileged && !jc.sameRepo {
				c.add(run, jc.id, n, RulePrivilegedCheckout, "特権のあるジョブがプルリクエストのコードを取得しています (gh pr checkout、pull/… の git fetch)。そのコードがトークンとシークレットを持って動けます", "a privileged job fetches or checks out a pull request's code (gh pr checkout, git fetch of pull/…), which can then run with its token and secrets")
			}
			prCode = true
		}
		for _, p := range artifacts {
			if executes(run.Value, p) {
				c.add(run, jc.id, n, RuleUntrustedRun, "run: のスクリプトが他の実行の成果物 (%s) のファイルを実行しています。成果物はデータで、コードではありません", "a run: script executes a file of an artifact of another run (%s): the artifact is data, never code", p)
			}
		}
	}
}

// checkout checks an actions/checkout step.
func (c *checker) checkout(step, with *yaml.Node, jc jobContext, n int, prCode *bool) {
	u := resolve(value(step, "uses"))
	pc := resolve(value(with, "persist-credentials"))
	if pc == nil || pc.Kind != yaml.ScalarNode || pc.Value != "false" {
		at := u
		if pc != nil {
			at = pc
		}
		c.add(at, jc.id, n, RulePersistCredentials, "persist-credentials: false のない actions/checkout は、トークンを .git/config に残し、後のすべてのステップに渡します", "actions/checkout without persist-credentials: false leaves the token in .git/config for every later step")
	}
	for _, k := range []string{"ref", "repository"} {
		v := resolve(value(with, k))
		if v == nil || v.Kind != yaml.ScalarNode || !prHead.MatchString(normalize(v.Value)) {
			continue
		}
		*prCode = true
		switch {
		case jc.workflowRun:
			c.add(v, jc.id, n, RuleWorkflowRunCheckout, "workflow_run のワークフローが、起動元のプルリクエストのコード (%s: %s) を取得しています。そのコードがこのワークフローのトークンで動きます", "a workflow_run workflow checks out the triggering pull request's code (%s: %s), which then runs with this workflow's token", k, v.Value)
		case jc.privileged && !jc.sameRepo:
			c.add(v, jc.id, n, RulePrivilegedCheckout, "特権のあるジョブがプルリクエストのコード (%s: %s) を取得しています。そのコードがトークンとシークレットを持って動けます", "a privileged job checks out a pull request's code (%s: %s), which can then run with its token and secrets", k, v.Value)
		}
	}
}

// injection reports ${{ }} expressions in a script that read event data.
func (c *checker) injection(script *yaml.Node, job string, n int, env map[string]bool, what, whatJa string) {
	for _, m := range expression.FindAllStringSubmatchIndex(script.Value, -1) {
		ref, ok := taint(script.Value[m[2]:m[3]], env)
		if !ok {
			continue
		}
		at := *script
		if script.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
			// A block starts on the line after "run: |", and keeps its
			// lines.
			at.Line = script.Line + 1 + strings.Count(script.Value[:m[0]], "\n")
		}
		c.add(&at, job, n, RuleScriptInjection, "%[1]s (%[2]s) が%[4]sにそのまま埋め込まれます。env: で渡し \"$VAR\" (github-script では process.env) を使ってください", "%[1]s (%[2]s) in %[3]s is spliced into the code; pass it through env: and use \"$VAR\" (process.env in github-script)",
			strings.Join(strings.Fields(script.Value[m[0]:m[1]]), " "), ref, what, whatJa)
	}
}

// outsideWorkspace tells whether a download path is outside the
// workspace: under the runner's temporary folder or an absolute path.
func outsideWorkspace(p string) bool {
	q := strings.ToLower(whitespace.ReplaceAllString(p, ""))
	return strings.HasPrefix(q, "${{runner.temp}}") || strings.HasPrefix(q, "$runner_temp") || strings.HasPrefix(q, "${runner_temp}") ||
		strings.HasPrefix(q, "/tmp/") || strings.HasPrefix(q, "${{env.runner_temp}}")
}

// executes tells whether script runs a file under path (./path/x,
// bash path/x, chmod +x path/x, …).
func executes(script, path string) bool {
	p := strings.TrimSuffix(strings.TrimPrefix(path, "./"), "/")
	if p == "" {
		return false
	}
	re, err := regexp.Compile(execPrefix + `(?:\./)?` + regexp.QuoteMeta(p) + `/`)
	return err == nil && re.MatchString(script)
}
