package workflowcheck

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"gopkg.in/yaml.v3"
)

// workflowStep is the run: script of the step of job with the given id or
// name in the repository's workflow file.
func workflowStep(t *testing.T, file, job, step string) string {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("..", "..", ".github", "workflows", file))
	if err != nil {
		t.Skipf("no workflow: %v", err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		t.Fatal(err)
	}
	steps := value(value(value(doc.Content[0], "jobs"), job), "steps")
	if steps == nil {
		t.Fatalf("%s: no job %s with steps", file, job)
	}
	for _, s := range steps.Content {
		if id, name := value(s, "id"), value(s, "name"); (id != nil && id.Value == step) || (name != nil && name.Value == step) {
			if run := value(s, "run"); run != nil {
				return run.Value
			}
		}
	}
	t.Fatalf("%s: job %s has no step %s with a run: script", file, job, step)
	return ""
}

// stepNames are the names (or uses:) of the steps of job, in order.
func stepRuns(t *testing.T, file, job string) []string {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("..", "..", ".github", "workflows", file))
	if err != nil {
		t.Skipf("no workflow: %v", err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		t.Fatal(err)
	}
	var runs []string
	for _, s := range value(value(value(doc.Content[0], "jobs"), job), "steps").Content {
		if run := value(s, "run"); run != nil {
			runs = append(runs, run.Value)
		} else if u := value(s, "uses"); u != nil {
			runs = append(runs, "uses: "+u.Value)
		}
	}
	return runs
}

func git(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=/dev/null", "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.invalid",
		"GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.invalid")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return string(out)
}

func writeFile(t *testing.T, name, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestSubmissionScripts runs submission.yml's own import and commit scripts
// in a scratch repository, with a stand-in for ichiran, as issue 14's
// attacks on them: a file name with a newline whose second line looks like
// a good name (grep -Eq passed it, line by line); an import that leaves
// its lock and temporary files and writes outside data/. Only the good
// file is imported, and only the files the import wrote under data/ and
// datapackage.json are committed.
func TestSubmissionScripts(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("bash scripts")
	}
	for _, bin := range []string{"bash", "git"} {
		if _, err := exec.LookPath(bin); err != nil {
			t.Skipf("no %s", bin)
		}
	}
	importScript := workflowStep(t, "submission.yml", "import", "import")
	commitScript := workflowStep(t, "submission.yml", "import", "commit")

	tmp := t.TempDir()
	work, remote, runner := filepath.Join(tmp, "work"), filepath.Join(tmp, "remote.git"), filepath.Join(tmp, "runner")
	os.MkdirAll(runner, 0o755)
	git(t, tmp, "init", "-q", "--bare", remote)
	git(t, tmp, "init", "-q", "-b", "main", work)
	writeFile(t, filepath.Join(work, "datapackage.json"), "{}\n")
	writeFile(t, filepath.Join(work, "data/mynumber-card/2024.csv"), "code\n")
	git(t, work, "add", ".")
	git(t, work, "commit", "-q", "-m", "base")
	base := strings.TrimSpace(git(t, work, "rev-parse", "HEAD"))
	evil := "submissions/mynumber-card/a.csv\nsubmissions/evil/b.csv"
	for _, f := range []string{"submissions/mynumber-card/good.xlsx", evil, "submissions/x/tick`.csv", "submissions/mynumber-card/notes.txt"} {
		writeFile(t, filepath.Join(work, f), "x")
	}
	git(t, work, "add", ".")
	git(t, work, "commit", "-q", "-m", "submission")

	// The stand-in for ichiran: records its arguments, writes the CSV and
	// datapackage.json, and leaves what a killed import leaves (a lock, a
	// temporary file) and a file outside data/.
	fake := `#!/usr/bin/env bash
printf '%s\0' "$@" >> "$RUNNER_TEMP/calls"
ind=$3
mkdir -p "data/$ind"
echo "code" > "data/$ind/2025.csv"
echo '{"resources":[]}' > datapackage.json
: > "data/$ind/.2025.csv.lock"
: > "data/$ind/.2025.csv.123.tmp"
: > ".datapackage.json.lock"
mkdir -p tools && echo evil > tools/evil.go
echo "imported [link](https://evil.example)"
echo '` + "```" + `'
echo '# ✅ approved'
`
	writeFile(t, filepath.Join(runner, "ichiran"), fake)
	os.Chmod(filepath.Join(runner, "ichiran"), 0o755)

	run := func(script string, env ...string) {
		t.Helper()
		cmd := exec.Command("bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script)
		cmd.Dir = work
		cmd.Env = append(os.Environ(), append([]string{"RUNNER_TEMP=" + runner, "GITHUB_OUTPUT=" + filepath.Join(runner, "output"),
			"GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL=/dev/null",
			// The push goes to a local bare repository, never the network
			// (any other protocol is refused outright).
			"GIT_ALLOW_PROTOCOL=file", "GIT_CONFIG_COUNT=1", "GIT_CONFIG_KEY_0=url." + remote + ".insteadOf", "GIT_CONFIG_VALUE_0=https://x-access-token:ghs_test@github.com/ichiran-jp/ichiran.git",
		}, env...)...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("script: %v\n%s", err, out)
		}
	}
	run(importScript, "BASE_SHA="+base)
	calls, _ := os.ReadFile(filepath.Join(runner, "calls"))
	want := "import\x00-indicator\x00mynumber-card\x00-replace\x00submissions/mynumber-card/good.xlsx\x00"
	if string(calls) != want {
		t.Errorf("ichiran was called with %q, want only %q", calls, want)
	}
	report, _ := os.ReadFile(filepath.Join(runner, "report.md"))
	if !strings.Contains(string(report), "3 files are not") {
		t.Errorf("the report does not count the 3 skipped files:\n%s", report)
	}
	for _, line := range strings.Split(string(report), "\n") {
		if strings.Contains(line, "evil.example") || strings.Contains(line, "approved") {
			if !strings.HasPrefix(line, "    ") {
				t.Errorf("the tool's output is not in an indented code block: %q", line)
			}
		}
	}

	run(commitScript, "GH_TOKEN=ghs_test", "HEAD_REF=submission", "REPO=ichiran-jp/ichiran")
	files := strings.Fields(git(t, work, "show", "--name-only", "--format=", "HEAD"))
	if diff := cmp.Diff([]string{"data/mynumber-card/2025.csv", "datapackage.json"}, files); diff != "" {
		t.Errorf("the import's commit has (-want +got):\n%s", diff)
	}
	pushed := strings.TrimSpace(git(t, remote, "rev-parse", "refs/heads/submission"))
	if head := strings.TrimSpace(git(t, work, "rev-parse", "HEAD")); pushed != head {
		t.Errorf("pushed %s, HEAD is %s", pushed, head)
	}
	out, _ := os.ReadFile(filepath.Join(runner, "output"))
	if !strings.Contains(string(out), "sha="+pushed) {
		t.Errorf("GITHUB_OUTPUT lacks the commit's sha for the validate-commit job:\n%s", out)
	}
}

// TestSubmissionValidatesItsCommit: the commit pushed with GITHUB_TOKEN
// starts no workflow, so a job of the same run validates it, read-only.
func TestSubmissionValidatesItsCommit(t *testing.T) {
	runs := stepRuns(t, "submission.yml", "validate-commit")
	if !slices.ContainsFunc(runs, func(r string) bool { return strings.Contains(r, "ichiran\" validate") }) {
		t.Errorf("validate-commit does not validate: %q", runs)
	}
}

// TestPagesValidatesFirst is issue 14's finding on pages.yml: the site was
// built without validating the data first.
func TestPagesValidatesFirst(t *testing.T) {
	runs := stepRuns(t, "pages.yml", "build")
	v := slices.IndexFunc(runs, func(r string) bool { return strings.Contains(r, "ichiran validate") })
	s := slices.IndexFunc(runs, func(r string) bool { return strings.Contains(r, "ichiran site") })
	if v < 0 || s < 0 || v > s {
		t.Errorf("pages.yml's build job does not validate before it builds the site: %q", runs)
	}
}

// TestGitignore: a killed import's lock and temporary files, and the review's
// output, are never committed by accident.
func TestGitignore(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", ".gitignore"))
	if err != nil {
		t.Skip(err)
	}
	lines := strings.Split(string(b), "\n")
	for _, p := range []string{".*.lock", ".*.tmp", "/review/"} {
		if !slices.Contains(lines, p) {
			t.Errorf(".gitignore lacks %s", p)
		}
	}
	// The review's output at the top, not the review package's code.
	if slices.Contains(lines, "review/") {
		t.Error(".gitignore ignores every folder called review, tools/review too; write /review/")
	}
}
