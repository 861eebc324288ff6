package workflowcheck

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// good is a workflow that breaks no rule; each case below changes it.
const good = `name: ok
on:
  pull_request:
permissions:
  contents: read
jobs:
  test:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
        with:
          persist-credentials: false
      - uses: ./.github/actions/local
      - name: ok
        env:
          TITLE: ${{ github.event.pull_request.title }}
        run: echo "$TITLE" ${{ github.sha }}
`

func TestCheck(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []Finding
	}{
		{"good", good, nil},
		{
			name: "pull_request_target",
			src:  strings.Replace(good, "  pull_request:\n", "  pull_request_target:\n", 1),
			want: []Finding{{Line: 3, Rule: RulePullRequestTarget}},
		},
		{
			name: "pull_request_target in a list",
			src:  strings.Replace(good, "on:\n  pull_request:\n", "on: [push, pull_request_target]\n", 1),
			want: []Finding{{Line: 2, Rule: RulePullRequestTarget}},
		},
		{
			name: "pull_request_target alone",
			src:  strings.Replace(good, "on:\n  pull_request:\n", "on: pull_request_target\n", 1),
			want: []Finding{{Line: 2, Rule: RulePullRequestTarget}},
		},
		{
			name: "workflow_run checking out the run's head",
			src: `on:
  workflow_run:
    workflows: [review]
    types: [completed]
permissions:
  contents: read
jobs:
  post:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683
        with:
          ref: ${{ github.event.workflow_run.head_sha }}
          persist-credentials: false
      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683
        with:
          repository: ${{ github.event.workflow_run.head_repository.full_name }}
          ref: ${{ github.event.workflow_run.pull_requests[0].head.ref }}
          persist-credentials: false
`,
			want: []Finding{
				{Line: 13, Job: "post", Step: 1, Rule: RuleWorkflowRunCheckout},
				{Line: 18, Job: "post", Step: 2, Rule: RuleWorkflowRunCheckout},
				{Line: 17, Job: "post", Step: 2, Rule: RuleWorkflowRunCheckout},
			},
		},
		{
			name: "workflow_run checking out the default branch is fine",
			src:  strings.Replace(good, "  pull_request:\n", "  workflow_run:\n    workflows: [x]\n", 1),
		},
		{
			name: "pull_request checking out its own head is fine",
			src:  strings.Replace(good, "          persist-credentials: false\n", "          persist-credentials: false\n          ref: ${{ github.event.pull_request.head.sha }}\n", 1),
		},
		{
			name: "action pinned to a tag",
			src:  strings.Replace(good, "actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683", "actions/checkout@v4", 1),
			want: []Finding{{Line: 10, Job: "test", Step: 1, Rule: RuleUnpinned}},
		},
		{
			name: "action pinned to a short SHA",
			src:  strings.Replace(good, "actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683", "actions/checkout@11bd719", 1),
			want: []Finding{{Line: 10, Job: "test", Step: 1, Rule: RuleUnpinned}},
		},
		{
			name: "action with no ref",
			src:  strings.Replace(good, "- uses: ./.github/actions/local", "- uses: someone/action", 1),
			want: []Finding{{Line: 13, Job: "test", Step: 2, Rule: RuleUnpinned}},
		},
		{
			name: "docker image by tag",
			src:  strings.Replace(good, "- uses: ./.github/actions/local", "- uses: docker://alpine:3", 1),
			want: []Finding{{Line: 13, Job: "test", Step: 2, Rule: RuleUnpinned}},
		},
		{
			name: "docker image by digest is fine",
			src:  strings.Replace(good, "- uses: ./.github/actions/local", "- uses: docker://alpine@sha256:"+strings.Repeat("ab", 32), 1),
		},
		{
			name: "reusable workflow by branch",
			src:  good + "  call:\n    uses: org/repo/.github/workflows/x.yml@main\n",
			want: []Finding{{Line: 19, Job: "call", Rule: RuleUnpinned}},
		},
		{
			name: "event data in a run script",
			src:  strings.Replace(good, `run: echo "$TITLE"`, `run: echo "${{ github.event.pull_request.title }}"`, 1),
			want: []Finding{{Line: 17, Job: "test", Step: 3, Rule: RuleScriptInjection}},
		},
		{
			name: "head_ref in a block script",
			src:  strings.Replace(good, `run: echo "$TITLE" ${{ github.sha }}`, "run: |\n          echo hi\n          git push origin ${{github.head_ref}}", 1),
			want: []Finding{{Line: 19, Job: "test", Step: 3, Rule: RuleScriptInjection}},
		},
		{
			name: "no permissions anywhere",
			src:  strings.Replace(good, "permissions:\n  contents: read\n", "", 1),
			want: []Finding{{Line: 5, Job: "test", Rule: RulePermissions}},
		},
		{
			name: "job-level permissions only is fine",
			src:  strings.Replace(strings.Replace(good, "permissions:\n  contents: read\n", "", 1), "    runs-on:", "    permissions:\n      contents: read\n    runs-on:", 1),
		},
		{
			name: "write-all at the top",
			src:  strings.Replace(good, "permissions:\n  contents: read\n", "permissions: write-all\n", 1),
			want: []Finding{{Line: 4, Rule: RulePermissions}, {Line: 4, Job: "test", Rule: RulePullRequestWrite}},
		},
		{
			name: "read-all in a job",
			src:  strings.Replace(good, "    runs-on:", "    permissions: read-all\n    runs-on:", 1),
			want: []Finding{{Line: 8, Job: "test", Rule: RulePermissions}},
		},
		{
			name: "checkout keeping the credentials",
			src:  strings.Replace(good, "        with:\n          persist-credentials: false\n", "", 1),
			want: []Finding{{Line: 10, Job: "test", Step: 1, Rule: RulePersistCredentials}},
		},
		{
			name: "checkout with persist-credentials: true",
			src:  strings.Replace(good, "persist-credentials: false", "persist-credentials: true", 1),
			want: []Finding{{Line: 12, Job: "test", Step: 1, Rule: RulePersistCredentials}},
		},
	}
	tests = append(tests, issue14Cases()...)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Check("w.yml", []byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			for i := range tt.want {
				tt.want[i].Path = "w.yml"
			}
			if diff := cmp.Diff(tt.want, got, cmp.FilterPath(func(p cmp.Path) bool {
				return p.Last().String() == ".Message"
			}, cmp.Ignore())); diff != "" {
				t.Errorf("Check (-want +got):\n%s\n%s", diff, tt.src)
			}
			for _, f := range got {
				if f.Message == "" || strings.Contains(f.Message, "%!") || !strings.Contains(f.Message, " / ") {
					t.Errorf("%+v: no message in Japanese and English", f)
				}
			}
		})
	}
}

func TestFindingString(t *testing.T) {
	f := Finding{Path: ".github/workflows/w.yml", Line: 12, Job: "test", Step: 2, Rule: RuleUnpinned, Message: "x/y@v1 is not pinned to a full 40-hex commit SHA"}
	want := `.github/workflows/w.yml:12: job "test" step 2: x/y@v1 is not pinned to a full 40-hex commit SHA [unpinned-action]`
	if got := f.String(); got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}

func TestCheckRejectsNonWorkflows(t *testing.T) {
	for _, src := range []string{"", "- a\n- b\n", "a: [\n"} {
		if _, err := Check("w.yml", []byte(src)); err == nil {
			t.Errorf("Check(%q) succeeded", src)
		}
	}
}

// TestRepositoryWorkflows checks the workflows of this repository.
func TestRepositoryWorkflows(t *testing.T) {
	dir := filepath.Join("..", "..", ".github", "workflows")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("no workflows: %v", err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.yml"))
	if len(files) == 0 {
		t.Fatalf("no workflows in %s", dir)
	}
	findings, err := CheckDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range findings {
		t.Error(f)
	}
}
