package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"

	"github.com/ichiran-jp/ichiran/tools/bundle"
	"github.com/ichiran-jp/ichiran/tools/catalog"
	"github.com/ichiran-jp/ichiran/tools/datadiff"
	"github.com/ichiran-jp/ichiran/tools/github"
	"github.com/ichiran-jp/ichiran/tools/repo"
)

// This file holds the wiring the commands share: flags, dates, editions,
// the source date of a build and the GitHub settings of the environment.

// newFlagSet is the flag set of the command name: errors go to stderr, and
// its usage is usage followed by the flags' defaults.
func newFlagSet(name, usage string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	// The flag package's own messages are English only: they are dropped
	// (quiet); parseFailed says what went wrong in Japanese and
	// English, and the whole help goes to stdout, once, for -h.
	fs.SetOutput(quiet{stderr})
	fs.Usage = func() {
		if _, ok := fs.Output().(quiet); ok {
			return
		}
		fmt.Fprint(fs.Output(), usage)
		fs.PrintDefaults()
	}
	return fs
}

// quiet is a flag set's output while parsing: it drops what the flag
// package writes and keeps stderr for parseFailed.
type quiet struct{ stderr io.Writer }

func (quiet) Write(p []byte) (int, error) { return len(p), nil }

// parseFailed is the exit code of a command whose flags did not parse
// (err, from parsing fs): after -h the usage goes to stdout and the command
// is done (exitOK); any other error is a usage error, which the flag
// package has already reported on stderr.
func parseFailed(fs *flag.FlagSet, err error, stdout io.Writer) int {
	if errors.Is(err, flag.ErrHelp) {
		fs.SetOutput(stdout)
		fs.Usage()
		return exitOK
	}
	if q, ok := fs.Output().(quiet); ok {
		fmt.Fprintf(q.stderr, "ichiran %s: フラグを読めません / bad flag: %v\n使い方は ichiran %s -h / for help: ichiran %s -h\n", fs.Name(), err, fs.Name(), fs.Name())
	}
	return exitUsage
}

// complain writes "ichiran CMD: message" to stderr and returns code.
func complain(stderr io.Writer, cmd string, code int, format string, a ...any) int {
	fmt.Fprintf(stderr, "ichiran "+cmd+": "+format+"\n", a...)
	return code
}

// onePath is the complaint about more than one PATH argument.
const onePath = "PATH は 1 つだけ指定できます / give at most one PATH"

// outputFormat is one value of a -format flag: its name and how it writes
// a report of type R.
type outputFormat[R any] struct {
	name  string
	write func(R, io.Writer) error
}

// lookupFormat returns the writer of the format named value among formats.
// An unknown one is a usage error, reported on stderr with the names in
// the order given.
func lookupFormat[R any](stderr io.Writer, cmd, value string, formats ...outputFormat[R]) (func(R, io.Writer) error, bool) {
	names := make([]string, len(formats))
	for i, f := range formats {
		if f.name == value {
			return f.write, true
		}
		names[i] = f.name
	}
	last := len(names) - 1
	complain(stderr, cmd, exitUsage, "-format は %s のいずれかです / -format must be %s or %s, not %q",
		strings.Join(names, ", "), strings.Join(names[:last], ", "), names[last], value)
	return nil, false
}

// dateFlag parses the YYYY-MM-DD value of the flag named name (as written
// in the message, "-today" or "--today"); "" is the zero time. A bad date
// is a usage error, reported on stderr.
func dateFlag(stderr io.Writer, cmd, name, value string) (time.Time, bool) {
	if value == "" {
		return time.Time{}, true
	}
	t, err := time.Parse(time.DateOnly, value)
	if err != nil {
		complain(stderr, cmd, exitUsage, "%s は YYYY-MM-DD です / %s must be YYYY-MM-DD: %v", name, name, err)
		return time.Time{}, false
	}
	return t, true
}

// todayFlag is today's date: the flag's value (see [dateFlag]), or the
// clock when it is not given.
func todayFlag(stderr io.Writer, cmd, name, value string) (time.Time, bool) {
	t, ok := dateFlag(stderr, cmd, name, value)
	if ok && t.IsZero() {
		t = time.Now()
	}
	return t, ok
}

// beforeFirstEdition reports whether edition comes before the first
// edition of the list, saying so on stderr when it does.
func beforeFirstEdition(stderr io.Writer, cmd string, edition int) bool {
	if edition >= catalog.FirstEdition {
		return false
	}
	complain(stderr, cmd, exitUsage, "最初の版は %d 年です / the first edition is %d", catalog.FirstEdition, catalog.FirstEdition)
	return true
}

// buildArgsOK checks the arguments of ichiran build and ichiran site: at
// most one PATH, and an edition that is 0 (the default) or not before the
// first. A usage error is said on stderr.
func buildArgsOK(stderr io.Writer, cmd string, fs *flag.FlagSet, edition int) bool {
	if fs.NArg() > 1 {
		complain(stderr, cmd, exitUsage, onePath)
		return false
	}
	return edition == 0 || !beforeFirstEdition(stderr, cmd, edition)
}

// buildSource is what ichiran build and ichiran site build from: the
// repository, the time every file carries and the commit (see
// [sourceDate]), and the edition.
type buildSource struct {
	repo    *repo.Repository
	time    time.Time
	commit  string
	edition int
}

// loadBuildSource loads the repository of the command's arguments (see
// [openRepository]) with its source date. The edition is the one given,
// or when 0 the latest with figures (see [bundle.LatestEdition]).
func loadBuildSource(ctx context.Context, args []string, edition int) (*buildSource, error) {
	r, err := openRepository(args)
	if err != nil {
		return nil, err
	}
	// Every table is read while git says the commit's date.
	read := make(chan struct{})
	go func() {
		r.ReadIndicatorTables()
		close(read)
	}()
	stamp, commit, err := sourceDate(ctx, r.Dir)
	<-read
	if err != nil {
		r.Close()
		return nil, err
	}
	if edition == 0 {
		if edition, err = bundle.LatestEdition(r, stamp); err != nil {
			return nil, err
		}
	}
	return &buildSource{repo: r, time: stamp, commit: commit, edition: edition}, nil
}

// sourceDate is the time every file of the bundle carries: SOURCE_DATE_EPOCH
// when set, else the date of the commit checked out in dir; and the commit.
func sourceDate(ctx context.Context, dir string) (time.Time, string, error) {
	git := func(args ...string) (string, error) {
		cmd := exec.CommandContext(ctx, "git", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "LC_ALL=C")
		out, err := cmd.Output()
		return strings.TrimSpace(string(out)), err
	}
	// One git for both: the commit, and its date.
	out, err := git("log", "-1", "--no-show-signature", "--format=%H %cI")
	commit, date, _ := strings.Cut(out, " ")
	if err != nil {
		commit = ""
	}
	if s := os.Getenv("SOURCE_DATE_EPOCH"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return time.Time{}, "", fmt.Errorf("SOURCE_DATE_EPOCH %q は秒数ではありません / is not a number of seconds", s)
		}
		return time.Unix(n, 0).UTC(), commit, nil
	}
	if err != nil || date == "" {
		return time.Time{}, "", errors.New("コミットの日時がわかりません。git のリポジトリで実行するか SOURCE_DATE_EPOCH を設定してください / no commit date: run inside a git repository or set SOURCE_DATE_EPOCH")
	}
	t, err := time.Parse(time.RFC3339, date)
	if err != nil {
		return time.Time{}, "", err
	}
	return t.UTC(), commit, nil
}

// totalSize is the number of bytes of files.
func totalSize(files []bundle.File) int {
	var size int
	for _, f := range files {
		size += len(f.Data)
	}
	return size
}

// splitRepo splits OWNER/NAME; ok is false for anything else.
func splitRepo(s string) (owner, name string, ok bool) {
	owner, name, ok = strings.Cut(s, "/")
	return owner, name, ok && owner != "" && name != "" && !strings.Contains(name, "/")
}

// githubTarget is the repository a command writes to on GitHub, and the
// token it writes with.
type githubTarget struct {
	owner, name, token string
}

// githubTargetFromEnv is the repository of the -repo flag (repoFlag), else
// GITHUB_REPOSITORY, and the token GITHUB_TOKEN. Both are required unless
// dryRun. The error is a usage error, its text the message.
func githubTargetFromEnv(repoFlag string, dryRun bool) (githubTarget, error) {
	repoName := repoFlag
	if repoName == "" {
		repoName = os.Getenv("GITHUB_REPOSITORY")
	}
	owner, name, ok := splitRepo(repoName)
	if repoName != "" && !ok {
		return githubTarget{}, fmt.Errorf("リポジトリは OWNER/NAME です / the repository must be OWNER/NAME, not %q", repoName)
	}
	token := os.Getenv("GITHUB_TOKEN")
	if !dryRun {
		if repoName == "" {
			return githubTarget{}, errors.New("リポジトリがありません。-repo か GITHUB_REPOSITORY を指定してください / no repository: give -repo or set GITHUB_REPOSITORY")
		}
		if token == "" {
			return githubTarget{}, errors.New(noToken)
		}
	}
	return githubTarget{owner: owner, name: name, token: token}, nil
}

// noToken is the complaint about a missing GITHUB_TOKEN.
const noToken = "GITHUB_TOKEN がありません / GITHUB_TOKEN is not set"

// client is a GitHub client for the target, at the API root base and the
// upload root upload ("" for github.com's).
func (t githubTarget) client(ctx context.Context, base, upload string) *github.Client {
	var opts []github.Option
	if base != "" {
		opts = append(opts, github.WithBaseURL(base, upload))
	}
	return github.New(ctx, t.token, t.owner, t.name, opts...)
}

// apiURL is the API root of the commands that upload nothing:
// ICHIRAN_GITHUB_API_URL (for tests), else GITHUB_API_URL; "" for
// github.com.
func apiURL() string {
	if api := os.Getenv("ICHIRAN_GITHUB_API_URL"); api != "" {
		return api
	}
	return os.Getenv("GITHUB_API_URL")
}

// mergeBase is the revision a diff compares with by default: the merge
// base of HEAD with origin/main, or with main (said on stderr) when there
// is no origin/main. rev names it for the report.
func mergeBase(ctx context.Context, g datadiff.Git, cmd string, stderr io.Writer) (rev, commit string, err error) {
	upstream := "origin/main"
	if _, err := g.Resolve(ctx, upstream); err != nil {
		upstream = "main"
		complain(stderr, cmd, 0, "origin/main がないため main と比べます / no origin/main, comparing with main")
	}
	commit, err = g.MergeBase(ctx, "HEAD", upstream)
	if err != nil {
		return "", "", fmt.Errorf("%w: merge-base HEAD %s: %v", datadiff.ErrRevision, upstream, err)
	}
	return "merge-base(" + upstream + ")", commit, nil
}
