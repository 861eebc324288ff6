package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"

	"github.com/ichiran-jp/ichiran/tools/datadiff"
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

	rep, diffErr, err := review.Make(ctx, path, func(ctx context.Context) (*datadiff.Result, *datadiff.Snapshot, *datadiff.Snapshot, error) {
		return reviewDiff(ctx, dir, *base, opt, stderr)
	})
	if err != nil {
		fmt.Fprintf(stderr, "ichiran review: %v\n", err)
		return exitFailure
	}
	if diffErr != nil {
		fmt.Fprintf(stderr, "ichiran review: 差分 / diff: %v\n", diffErr)
		if errors.Is(diffErr, datadiff.ErrRevision) && *base != "" {
			return exitUsage
		}
	}
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

// postReview posts the report in dir to its pull request (see
// review.Post): the comment and the check run.
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
	token := os.Getenv("GITHUB_TOKEN")
	if token == "" {
		return fail(exitUsage, noToken)
	}
	number := 0
	if prFlag != "" {
		n, err := strconv.Atoi(prFlag)
		if err != nil || n <= 0 {
			return fail(exitUsage, "-pr はプルリクエストの番号です / -pr must be a pull request number, not %q", prFlag)
		}
		number = n
	}

	// pr.json and report.json come from the pull request's run: untrusted.
	var prFile io.Reader
	if f, err := readLimited(filepath.Join(dir, "pr.json")); err == nil {
		defer f.Close()
		prFile = f
	} else if !errors.Is(err, os.ErrNotExist) {
		return fail(exitFailure, "pr.json: %v", err)
	}
	number, err := review.PRNumber(number, prFile, sha)
	if errors.Is(err, review.ErrNoPR) {
		return fail(exitUsage, "%v", err)
	} else if err != nil {
		return fail(exitFailure, "%v", err)
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

	opts := []github.Option{}
	if base := apiURL(); base != "" {
		opts = append(opts, github.WithBaseURL(base, ""))
	}
	if self := os.Getenv("ICHIRAN_GITHUB_SELF"); self != "" {
		opts = append(opts, github.WithSelf(self))
	}
	c := github.New(ctx, token, owner, name, opts...)
	// The working directory is the base branch's checkout.
	p, err := review.Post(ctx, c, rep, review.PostOptions{Owner: owner, Name: name, Server: os.Getenv("GITHUB_SERVER_URL"),
		Number: number, SHA: sha, Base: "."})
	if p != nil && p.Untrusted {
		fmt.Fprintf(stderr, "ichiran review: フォークからのコードの変更 (%d ファイル): 報告の判定は使いません / code changes from a fork (%d files): the report's verdict is not used\n", len(p.Code), len(p.Code))
	}
	switch {
	case p == nil:
	case p.CommentErr != nil:
		fmt.Fprintf(stderr, "ichiran review: コメントを書けませんでした。チェックランは公開します / could not write the comment; publishing the check run all the same: %v\n", p.CommentErr)
	case p.Created:
		fmt.Fprintf(stdout, "comment %d (created)\n", p.Comment)
	default:
		fmt.Fprintf(stdout, "comment %d (unchanged)\n", p.Comment)
	}
	if err != nil {
		return fail(exitFailure, "%v", err)
	}
	fmt.Fprintf(stdout, "check run %d (%s, %d annotations)\n", p.Check, p.Conclusion, p.Notes)
	if p.CommentErr != nil {
		return exitFailure
	}
	return exitOK
}
