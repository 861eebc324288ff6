package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/ichiran-jp/ichiran/tools/datadiff"
	"github.com/ichiran-jp/ichiran/tools/frictionless"
	"github.com/ichiran-jp/ichiran/tools/github"
	"github.com/ichiran-jp/ichiran/tools/review"
)

const reviewUsage = `使い方 / usage:
  ichiran review [-base REV] [-out DIR] [PATH]
  ichiran review -post DIR -pr N -sha SHA

1 つ目の形はプルリクエストのジョブで (読み取り権限だけで) 実行します: 検証 (ichiran validate) と
差分 (ichiran diff、既定の BASE は origin/main との分岐点) を行い、DIR に report.md (日英の
Markdown: 要点 ―― 判定と理由、団体数と欠けている団体、行から計算し直した全国・都道府県の数値と前回、
変化の大きい団体、外れ値、空欄 ―― 、次に折りたたみの詳細、GitHub の上限で切り詰め)、report-full.md
(切り詰めない Markdown)、report.json (機械可読の報告・要約と注釈)、pr.json (GITHUB_EVENT_PATH がプルリクエストのとき: 番号と head の SHA) を書き、
検証エラーと差分の指摘をワークフローコマンド (::error / ::warning) として出力し、
GITHUB_STEP_SUMMARY があればそこに Markdown を追記します。

2 つ目の形は workflow_run のジョブで (書き込みトークンで) 実行します: DIR/report.json を
信頼できないデータとして厳密に読み、プルリクエスト N の head が SHA であることを API で
確かめてから (違えば何もしません)、目印付きのコメント 1 件を作成または更新し、注釈付きの
チェックランを公開します。何度実行しても同じものを二重に投稿しません。
信頼は成果物ではなく API から決めます: フォークからのプルリクエストがデータ (data/ の CSV、
schemas/*.json、datapackage.json) 以外を変更していれば (報告はそのプルリクエスト自身のコードが
書いたものなので)、判定を使わず、チェックを neutral「コードの変更: メンテナーの確認が必要」にします。
そのデータは API で取得し、このツール (ベースブランチのもの) で検証と差分をやり直して
添えます (データが無効ならチェックは failure)。
更新するコメントは、トークン自身のアカウント (GITHUB_TOKEN では github-actions[bot]) が書き、
目印で始まるものだけです。ほかの人のコメントは目印があっても無視します。コメントを書けなくても
チェックランは公開します (終了コード 3)。

The first form runs in the pull request's job, read-only: validate and diff
(BASE as for ichiran diff), then DIR/report.md (Markdown in Japanese and
English: the summary first — verdict and why, municipalities covered and
missing, the national and per-prefecture figures recomputed from the rows
beside the previous ones, the largest changes, outliers, blank cells —
then the details, cut to GitHub's limits), DIR/report-full.md (uncut),
DIR/report.json (the machine-readable report, summary and annotations) and
DIR/pr.json (number and
head SHA, when GITHUB_EVENT_PATH is a pull request's event); workflow
commands for the annotations; the Markdown appended to GITHUB_STEP_SUMMARY.

The second form runs in a workflow_run job with a token: it reads
DIR/report.json as untrusted data, checks that pull request N's head is SHA
(refusing otherwise), then keeps one marked comment up to date and publishes
a check run with the annotations. Re-running posts nothing twice. Without
-pr the number is taken from DIR/pr.json, and checked the same way.
Trust comes from the API, not the artifact: when a pull request from a fork
changes anything but data (CSV files under data/, schemas/*.json,
datapackage.json; not schemas/profiles/ nor Go files), its report was
written by its own code, so the check is neutral ("code changes: review by
a maintainer") with no verdict of the artifact; its data, fetched through
the API, is validated and diffed again by this (the base's) tool, and that
review is shown (invalid data fails the check). The comment edited is only
one written by the token's own account (github-actions[bot] for
GITHUB_TOKEN) that starts with the marker; anyone else's is ignored. A
comment that cannot be written does not stop the check run (exit 3).

環境変数 / environment (-post):
  GITHUB_TOKEN            トークン (checks: write, pull-requests: write)
  GITHUB_REPOSITORY       OWNER/NAME
  ICHIRAN_GITHUB_SELF     トークンのアカウント (GitHub App のトークンなら SLUG[bot]。既定は
                          GET /user、インストールトークンなら github-actions[bot]) / the
                          token's account (SLUG[bot] for a GitHub App's token; default: GET
                          /user, or github-actions[bot] for an installation token)
  ICHIRAN_GITHUB_API_URL  API の URL (既定は GITHUB_API_URL、次に https://api.github.com/)

終了コード / exit codes: 0 有効・投稿した / valid, posted; 1 検証で問題あり / validation
found problems; 2 使い方の誤り / usage error; 3 失敗・拒否 / failure, or posting refused.

flags:
`

// reviewMarker finds the review comment of a pull request again.
const reviewMarker = "review"

// reviewCheck is the check run's name.
const reviewCheck = "ichiran review"

func runReview(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("review", reviewUsage, stderr)
	base := fs.String("base", "", "比較の基準のリビジョン (既定は origin/main との分岐点) / the revision to compare with (default: the merge base with origin/main)")
	out := fs.String("out", "review", "報告を書くディレクトリ / directory for the report files")
	todayArg := fs.String("today", "", "今日の日付 (YYYY-MM-DD) / today's date, for the diff's flags (default: the clock)")
	post := fs.String("post", "", "投稿する報告のディレクトリ / post the report in this directory")
	pr := fs.String("pr", "", "プルリクエストの番号 (-post と共に) / the pull request's number (with -post)")
	sha := fs.String("sha", "", "ワークフロー実行の head の SHA (-post と共に) / the workflow run's head SHA (with -post)")
	paths, err := parseInterspersed(fs, args)
	if err != nil {
		return parseFailed(fs, err, stdout)
	}
	if *post != "" {
		if len(paths) > 0 || *base != "" {
			fmt.Fprintln(stderr, "ichiran review: -post には PATH も -base も使えません / -post takes neither PATH nor -base")
			return exitUsage
		}
		return postReview(ctx, *post, *pr, *sha, stdout, stderr)
	}
	if *pr != "" || *sha != "" {
		fmt.Fprintln(stderr, "ichiran review: -pr と -sha は -post と共に使います / -pr and -sha go with -post")
		return exitUsage
	}
	if len(paths) > 1 {
		return complain(stderr, "review", exitUsage, onePath)
	}
	var opt datadiff.Options
	var ok bool
	if opt.Now, ok = dateFlag(stderr, "review", "-today", *todayArg); !ok {
		return exitUsage
	}
	path := "datapackage.json"
	if len(paths) == 1 {
		path = paths[0]
	}
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		path = filepath.Join(path, "datapackage.json")
	} else if err != nil {
		fmt.Fprintf(stderr, "ichiran review: %s がありません / no such file or directory: %s\n", path, path)
		return exitUsage
	}
	dir := filepath.Dir(path)

	vrep, err := validatePackage(ctx, path, frictionless.Options{})
	if err != nil {
		fmt.Fprintf(stderr, "ichiran review: %v\n", err)
		return exitFailure
	}
	diff, bs, hs, diffErr := reviewDiff(ctx, dir, *base, opt, stderr)
	if diffErr != nil {
		fmt.Fprintf(stderr, "ichiran review: 差分 / diff: %v\n", diffErr)
		if errors.Is(diffErr, datadiff.ErrRevision) && *base != "" {
			return exitUsage
		}
	}
	var locate review.Locator
	if diff != nil {
		locate = review.Locate(dir, diff)
	}
	rep := review.Build(vrep, diff, diffErr, locate)
	rep.Summaries = review.Summarize(bs, hs, diff)
	if id := os.Getenv("GITHUB_RUN_ID"); id != "" {
		rep.Run = review.RunURL(os.Getenv("GITHUB_SERVER_URL"), os.Getenv("GITHUB_REPOSITORY"), id)
	}

	if err := writeReview(rep, *out); err != nil {
		fmt.Fprintf(stderr, "ichiran review: %v\n", err)
		return exitFailure
	}
	if err := rep.WriteCommands(stdout); err != nil {
		fmt.Fprintf(stderr, "ichiran review: %v\n", err)
		return exitFailure
	}
	if s := os.Getenv("GITHUB_STEP_SUMMARY"); s != "" {
		if err := appendFile(s, rep.Markdown(review.MaxSummary)); err != nil {
			fmt.Fprintf(stderr, "ichiran review: GITHUB_STEP_SUMMARY: %v\n", err)
			return exitFailure
		}
	}
	fmt.Fprintln(stderr, "ichiran review: "+rep.Title())
	if diffErr != nil {
		return exitFailure
	}
	if !rep.Valid {
		return exitInvalid
	}
	return exitOK
}

// reviewDiff compares the package in dir at base (default: the merge base
// with origin/main, or main) with the working tree; it returns the diff
// and the two snapshots compared.
func reviewDiff(ctx context.Context, dir, base string, opt datadiff.Options, stderr io.Writer) (*datadiff.Result, *datadiff.Snapshot, *datadiff.Snapshot, error) {
	fail := func(err error) (*datadiff.Result, *datadiff.Snapshot, *datadiff.Snapshot, error) {
		return nil, nil, nil, err
	}
	g := datadiff.Git{Dir: dir}
	if err := g.Check(ctx); err != nil {
		return fail(err)
	}
	rev := base
	var commit string
	var err error
	if base != "" {
		commit, err = g.Resolve(ctx, base)
	} else {
		rev, commit, err = mergeBase(ctx, g, "review", stderr)
	}
	if err != nil {
		return fail(err)
	}
	hs, err := g.WorkingTree()
	if err != nil {
		return fail(err)
	}
	bs, err := g.SnapshotBeside(ctx, commit, datadiff.Label(rev, commit), hs)
	if err != nil {
		return fail(err)
	}
	return datadiff.Compare(bs, hs, opt), bs, hs, nil
}

// writeReview writes report.md, report.json and, for a pull request's
// event, pr.json into dir.
func writeReview(rep *review.Report, dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if err := rep.WriteFiles(dir); err != nil {
		return err
	}
	ev := os.Getenv("GITHUB_EVENT_PATH")
	if ev == "" {
		return nil
	}
	f, err := os.Open(ev)
	if err != nil {
		return fmt.Errorf("GITHUB_EVENT_PATH: %w", err)
	}
	defer f.Close()
	pr, ok, err := review.EventPR(f)
	if err != nil {
		return fmt.Errorf("GITHUB_EVENT_PATH: %w", err)
	}
	if !ok {
		return nil
	}
	return review.WriteFile(filepath.Join(dir, "pr.json"), []byte(fmt.Sprintf("{\"number\": %d, \"headSha\": %q}\n", pr.Number, pr.HeadSHA)))
}

func appendFile(name, s string) error {
	f, err := os.OpenFile(name, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.WriteString(f, s+"\n"); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// readLimited opens name (a regular file, not a link) for reading.
func readLimited(name string) (*os.File, error) {
	fi, err := os.Lstat(name)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s は通常のファイルではありません / %s is not a regular file", name, name)
	}
	return os.Open(name)
}

// maxBlobBytes bounds one file of a pull request fetched for revalidate.
const maxBlobBytes = 64 << 20

// revalidate validates and diffs the data of a pull request as it is at
// its head, fetched through the API (changes) onto the data of the working
// directory (the base branch's checkout), with this tool: nothing of the
// pull request runs.
func revalidate(ctx context.Context, c *github.Client, changes []github.PullFile) (*review.Report, error) {
	dir, err := os.MkdirTemp("", "ichiran-revalidate-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	var rc []review.Change
	for _, ch := range changes {
		rc = append(rc, review.Change{Path: ch.Path, Previous: ch.Previous, Status: ch.Status, SHA: ch.SHA})
	}
	fetch := func(sha string) ([]byte, error) { return c.Blob(ctx, sha, maxBlobBytes) }
	if err := review.Overlay(dir, ".", rc, fetch); err != nil {
		return nil, err
	}
	vrep, err := validatePackage(ctx, filepath.Join(dir, "datapackage.json"), frictionless.Options{})
	if err != nil {
		return nil, err
	}
	for _, e := range vrep.Errors {
		if rel, err := filepath.Rel(dir, e.Path); err == nil && e.Path != "" && !strings.HasPrefix(rel, "..") {
			e.Path = filepath.ToSlash(rel)
		}
	}
	base, err := datadiff.LoadDir(".", "base")
	var diff *datadiff.Result
	var head *datadiff.Snapshot
	if err == nil {
		if head, err = datadiff.LoadDir(dir, "head (API)"); err == nil {
			diff = datadiff.Compare(base, head, datadiff.Options{})
		}
	}
	rep := review.Build(vrep, diff, err, nil)
	rep.Summaries = review.Summarize(base, head, diff)
	return rep, nil
}

// postReview posts a report to its pull request: the comment and the
// check run, after checking that the pull request's head is sha.
func postReview(ctx context.Context, dir, prFlag, sha string, stdout, stderr io.Writer) int {
	fail := func(code int, format string, a ...any) int {
		return complain(stderr, "review", code, format, a...)
	}
	if !review.ValidSHA(sha) {
		return fail(exitUsage, "-sha は 40 桁の 16 進数です / -sha must be a full 40-digit commit SHA, not %q", sha)
	}
	repoName := os.Getenv("GITHUB_REPOSITORY")
	owner, name, ok := splitRepo(repoName)
	if !ok {
		return fail(exitUsage, "GITHUB_REPOSITORY は OWNER/NAME です / GITHUB_REPOSITORY must be OWNER/NAME, not %q", repoName)
	}
	gh := githubTarget{owner: owner, name: name, token: os.Getenv("GITHUB_TOKEN")}
	if gh.token == "" {
		return fail(exitUsage, noToken)
	}

	// The pull request: from -pr, else from pr.json (untrusted); either way
	// checked against the run's head SHA below.
	number := 0
	if prFlag != "" {
		n, err := strconv.Atoi(prFlag)
		if err != nil || n <= 0 {
			return fail(exitUsage, "-pr はプルリクエストの番号です / -pr must be a pull request number, not %q", prFlag)
		}
		number = n
	}
	if f, err := readLimited(filepath.Join(dir, "pr.json")); err == nil {
		p, err := review.ReadPR(f)
		f.Close()
		if err != nil {
			return fail(exitFailure, "pr.json: %v", err)
		}
		if p.HeadSHA != sha || (number != 0 && p.Number != number) {
			return fail(exitFailure, "pr.json (#%d %s) が実行 (#%d %s) と合いません。投稿しません / pr.json does not match the run: not posting",
				p.Number, p.HeadSHA, number, sha)
		}
		number = p.Number
	} else if !errors.Is(err, os.ErrNotExist) {
		return fail(exitFailure, "pr.json: %v", err)
	}
	if number == 0 {
		return fail(exitUsage, "プルリクエストの番号がありません (-pr も pr.json もない) / no pull request number: neither -pr nor pr.json")
	}

	f, err := readLimited(filepath.Join(dir, "report.json"))
	if err != nil {
		return fail(exitFailure, "%v", err)
	}
	rep, err := review.ReadJSON(f)
	f.Close()
	if err != nil {
		return fail(exitFailure, "report.json: %v", err)
	}
	if !rep.RunOf(os.Getenv("GITHUB_SERVER_URL"), repoName) {
		rep.Run = "" // a link only to a run of this repository
	}

	opts := []github.Option{}
	if base := apiURL(); base != "" {
		opts = append(opts, github.WithBaseURL(base, ""))
	}
	if self := os.Getenv("ICHIRAN_GITHUB_SELF"); self != "" {
		opts = append(opts, github.WithSelf(self))
	}
	c := github.New(ctx, gh.token, gh.owner, gh.name, opts...)
	pr, err := c.PullRequest(ctx, number)
	if err != nil {
		return fail(exitFailure, "%v", err)
	}
	if head := pr.HeadSHA; head != sha {
		return fail(exitFailure, "プルリクエスト #%d の head は %s で、この実行の %s ではありません。古い実行の報告は投稿しません / pull request #%d's head is %s, not this run's %s: not posting a stale report",
			number, head, sha, number, head, sha)
	}

	// Trust comes from the API, not the artifact: a fork's pull request
	// that changes anything but data ran its own review.yml and tools/, so
	// its report says whatever the fork wants. Its check is neutral, with
	// no verdict, until a maintainer looks.
	body, title, conclusion := rep.Markdown(review.MaxComment), rep.Title(), "success"
	if !rep.Valid {
		conclusion = "failure"
	}
	var anns []github.Annotation
	if pr.FromFork(owner, name) {
		changes, complete, err := c.PullRequestChanges(ctx, pr)
		if err != nil {
			return fail(exitFailure, "%v", err)
		}
		var files []string
		for _, ch := range changes {
			files = append(files, ch.Path)
			if ch.Previous != "" {
				files = append(files, ch.Previous)
			}
		}
		if code := review.CodeChanges(files); len(code) > 0 || !complete {
			body, title, conclusion = review.UntrustedMarkdown(code, complete), review.NeutralTitle, "neutral"
			fmt.Fprintf(stderr, "ichiran review: フォークからのコードの変更 (%d ファイル): 報告の判定は使いません / code changes from a fork (%d files): the report's verdict is not used\n", len(code), len(code))
			// The data, fetched through the API and validated by this
			// (the base's) tool: a verdict that owes nothing to the
			// pull request's code. Invalid data fails the check.
			again, err := revalidate(ctx, c, changes)
			if err != nil {
				body += review.RevalidationFailed(err)
			} else {
				body += review.RevalidatedHeading + again.Markdown(review.MaxComment-len(body)-len(review.RevalidatedHeading))
				if !again.Valid {
					conclusion, title = "failure", again.Title()+" — "+review.NeutralTitle
				}
			}
		}
	}
	if conclusion != "neutral" {
		for _, a := range rep.Annotations {
			if a.Path == "" {
				continue // the check API wants a file; the summary has it
			}
			level := map[string]string{review.LevelError: "failure", review.LevelWarning: "warning", review.LevelNotice: "notice"}[a.Level]
			anns = append(anns, github.Annotation{Path: a.Path, StartLine: max(a.Line, 1), StartColumn: a.Col, Level: level,
				Title: a.Title, Message: a.Message})
		}
	}

	// A comment that cannot be written does not stop the check run: the
	// check is what branch protection waits for.
	id, created, commentErr := c.UpsertComment(ctx, number, reviewMarker, body)
	if commentErr != nil {
		fmt.Fprintf(stderr, "ichiran review: コメントを書けませんでした。チェックランは公開します / could not write the comment; publishing the check run all the same: %v\n", commentErr)
	} else {
		what := "unchanged"
		if created {
			what = "created"
		}
		fmt.Fprintf(stdout, "comment %d (%s)\n", id, what)
	}
	cid, err := c.PublishCheck(ctx, github.CheckRun{Name: reviewCheck, HeadSHA: sha, Conclusion: conclusion,
		Title: title, Summary: body, Annotations: anns})
	if err != nil {
		return fail(exitFailure, "%v", err)
	}
	fmt.Fprintf(stdout, "check run %d (%s, %d annotations)\n", cid, conclusion, len(anns))
	if commentErr != nil {
		return exitFailure
	}
	return exitOK
}
