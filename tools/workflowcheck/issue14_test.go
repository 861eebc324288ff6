package workflowcheck

import "strings"

// privileged is a workflow_run workflow that posts with a write token,
// as review-post.yml does; the cases below change it.
const privileged = `on:
  workflow_run:
    workflows: [review]
    types: [completed]
permissions:
  contents: read
  pull-requests: write
jobs:
  post:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683
        with:
          persist-credentials: false
      - uses: actions/download-artifact@d3f86a106a0bac45b974a628896c90dbdf5c8093
        with:
          name: review
          path: ${{ runner.temp }}/review
          run-id: ${{ github.event.workflow_run.id }}
      - run: go run ./tools/cmd/ichiran review -post "$RUNNER_TEMP/review"
`

// onEvent is good with its trigger replaced by event and a write token.
func onEvent(event string) string {
	return strings.Replace(strings.Replace(good, "  pull_request:\n", "  "+event+":\n", 1), "  contents: read\n", "  contents: write\n", 1)
}

// issue14Cases are issue 14's findings: one case each for the patterns
// workflowcheck missed, and the forms that must stay clean.
func issue14Cases() []struct {
	name string
	src  string
	want []Finding
} {
	sub := func(old, new string) string { return strings.Replace(good, old, new, 1) }
	run := func(script string) string { return sub(`run: echo "$TITLE" ${{ github.sha }}`, "run: "+script) }
	inj := func(line int) []Finding {
		return []Finding{{Line: line, Job: "test", Step: 3, Rule: RuleScriptInjection}}
	}
	return []struct {
		name string
		src  string
		want []Finding
	}{
		// Expressions read as GitHub reads them.
		{"event data by brackets", run(`echo "${{ github['event']['pull_request']['title'] }}"`), inj(17)},
		{"event data by mixed brackets", run(`echo "${{ github.event["pull_request"].body }}"`), inj(17)},
		{"toJSON of the event", run(`echo '${{ toJSON(github.event) }}'`), inj(17)},
		{"toJson of the whole github context", run(`echo '${{ toJson(github) }}'`), inj(17)},
		{"other letter case", run(`echo "${{ GitHub.Event.Pull_Request.Title }}"`), inj(17)},
		{"head_ref in capitals", run(`git push origin ${{ GITHUB.HEAD_REF }}`), inj(17)},
		{"spaces around the dots", run(`echo "${{ github . event . pull_request . title }}"`), inj(17)},
		{"an expression over several lines", run("|\n          echo \"${{\n            github.event.pull_request.title\n          }}\""), inj(18)},
		{"a string literal naming the event is fine", run(`echo "${{ format('github.event {0}', github.sha) }}"`), nil},
		{"env set from the event, spliced", run(`echo "${{ env.TITLE }}"`), inj(17)},
		{"env set from the event at the top, in another case", strings.Replace(run(`echo "${{ env.pr_body }}"`), "jobs:\n", "env:\n  PR_BODY: ${{ github.event.pull_request.body }}\njobs:\n", 1), inj(19)},
		{"env not from the event is fine", strings.Replace(run(`echo "${{ env.GOFLAGS }}"`), "jobs:\n", "env:\n  GOFLAGS: -mod=readonly\njobs:\n", 1), nil},
		{"github-script with event data", sub("      - uses: ./.github/actions/local\n",
			"      - uses: actions/github-script@60a0d83039c74a4aee543508d2ffcb1c3799cdea\n        with:\n          script: |\n            core.info(\"${{ github.event.issue.title }}\")\n"),
			[]Finding{{Line: 16, Job: "test", Step: 2, Rule: RuleScriptInjection}}},
		// Privileged jobs and pull requests' code.
		{"issue_comment checking out the pull request", strings.Replace(onEvent("issue_comment"), "          persist-credentials: false\n",
			"          persist-credentials: false\n          ref: refs/pull/${{ github.event.issue.number }}/head\n", 1),
			[]Finding{{Line: 13, Job: "test", Step: 1, Rule: RulePrivilegedCheckout}, {Line: 14, Job: "test", Step: 2, Rule: RuleUntrustedRun}}},
		{"pull_request_review checking out the head", strings.Replace(strings.Replace(good, "  pull_request:\n", "  pull_request_review:\n", 1), "          persist-credentials: false\n",
			"          persist-credentials: false\n          ref: ${{ github.event.pull_request.head.sha }}\n", 1),
			[]Finding{{Line: 13, Job: "test", Step: 1, Rule: RulePrivilegedCheckout}, {Line: 14, Job: "test", Step: 2, Rule: RuleUntrustedRun}}},
		{"a write job on push fetching a pull request", strings.Replace(onEvent("push"), `run: echo "$TITLE" ${{ github.sha }}`, `run: git fetch origin pull/1/head && git checkout FETCH_HEAD`, 1),
			[]Finding{{Line: 17, Job: "test", Step: 3, Rule: RulePrivilegedCheckout}}},
		{"workflow_run with gh pr checkout", strings.Replace(privileged, `run: go run`, "run: gh pr checkout 1 && go run", 1),
			[]Finding{{Line: 20, Job: "post", Step: 3, Rule: RulePrivilegedCheckout}}},
		{"local action after checking out the pull request", strings.Replace(onEvent("issue_comment"), "          persist-credentials: false\n",
			"          persist-credentials: false\n          ref: refs/pull/${{ github.event.issue.number }}/merge\n", 1),
			[]Finding{{Line: 13, Job: "test", Step: 1, Rule: RulePrivilegedCheckout}, {Line: 14, Job: "test", Step: 2, Rule: RuleUntrustedRun}}},
		{"running a downloaded artifact", strings.Replace(privileged, `run: go run ./tools/cmd/ichiran review -post "$RUNNER_TEMP/review"`, `run: bash ${{ runner.temp }}/review/post.sh`, 1),
			[]Finding{{Line: 20, Job: "post", Step: 3, Rule: RuleUntrustedRun}}},
		{"an artifact of another run downloaded into the workspace", strings.Replace(privileged, "          path: ${{ runner.temp }}/review\n", "", 1),
			[]Finding{{Line: 15, Job: "post", Step: 2, Rule: RuleUntrustedRun}}},
		{"the artifact as data to a trusted tool is fine", privileged, nil},
		{"write permissions on pull_request", sub("permissions:\n  contents: read\n", "permissions:\n  contents: read\n  pull-requests: write\n"),
			[]Finding{{Line: 4, Job: "test", Rule: RulePullRequestWrite}}},
		{"write permissions of a job on pull_request", sub("    runs-on:", "    permissions:\n      issues: write\n    runs-on:"),
			[]Finding{{Line: 8, Job: "test", Rule: RulePullRequestWrite}}},
		{"write on pull_request for this repository's branches only is fine", sub("    runs-on:", "    if: ${{ github.event.pull_request.head.repo.full_name == github.repository }}\n    permissions:\n      contents: write\n    runs-on:"), nil},
		// Images and YAML.
		{"container image by tag", sub("    runs-on: ubuntu-24.04\n", "    runs-on: ubuntu-24.04\n    container: node:20\n"),
			[]Finding{{Line: 9, Job: "test", Rule: RuleUnpinned}}},
		{"container image in a mapping", sub("    runs-on: ubuntu-24.04\n", "    runs-on: ubuntu-24.04\n    container:\n      image: ghcr.io/x/y:latest\n"),
			[]Finding{{Line: 10, Job: "test", Rule: RuleUnpinned}}},
		{"service image by tag", sub("    runs-on: ubuntu-24.04\n", "    runs-on: ubuntu-24.04\n    services:\n      db:\n        image: postgres:16\n"),
			[]Finding{{Line: 11, Job: "test", Rule: RuleUnpinned}}},
		{"images by digest are fine", sub("    runs-on: ubuntu-24.04\n", "    runs-on: ubuntu-24.04\n    container: node@sha256:"+strings.Repeat("cd", 32)+"\n    services:\n      db:\n        image: postgres@sha256:"+strings.Repeat("ef", 32)+"\n"), nil},
		{"on: through an alias", "x-events: &events\n  pull_request_target:\n" + strings.Replace(good, "on:\n  pull_request:\n", "on: *events\n", 1),
			[]Finding{{Line: 2, Rule: RulePullRequestTarget}}},
		{"on: through a merge key", "x-events: &events\n  pull_request_target:\n" + strings.Replace(good, "on:\n  pull_request:\n", "on:\n  <<: *events\n  push:\n", 1),
			[]Finding{{Line: 2, Rule: RulePullRequestTarget}}},
		{"a step through an alias", strings.Replace(good, "      - uses: ./.github/actions/local\n", "      - &bad\n        uses: someone/action@v1\n", 1),
			[]Finding{{Line: 14, Job: "test", Step: 2, Rule: RuleUnpinned}}},
	}
}
