// Command benchreport measures the ichiran tool as whole processes and
// reports each figure as a ratio to a baseline measured in the same run.
//
// Usage, from the repository's root:
//
//	go run ./tools/cmd/benchreport [-runs 7] [-rows 1000000] [-cold=true]
//
// It builds the tool into a temporary directory, then measures:
//
//   - ichiran validate on a generated package of -rows rows (a six-digit
//     code with a pattern, a date, two integers, a number and a string; a
//     composite primary key out of key order; a foreign key to an
//     1,800-row table) against the floor: a process that only reads the
//     same file with encoding/csv and parses its numbers and dates. Wall
//     time and peak RSS of each process. The two run in turn, and the
//     ratio (the one the target is checked on) is the median of the ratios
//     of each round: the machine may be shared, and two runs close in time
//     see about the same load. The ratio of the fastest runs of each,
//     the least disturbed, is shown beside it.
//   - validate, diff, review, build and site on the repository's own data,
//     whatever it holds at run time (outputs go to the temporary
//     directory, a new folder for each run, as in a CI job), with their
//     CPU time and, of it, the system's: mostly the file system's, which
//     varies with its state (an ext4 without a journal skips the inodes
//     deleted in the last minutes when it makes a file, so that the
//     site's 1,849 files take longer after many files were deleted).
//   - a cold pull-request check as CI runs it: the tool built with an empty
//     build cache, then validate and review, each step timed.
//
// Runs of the things compared are interleaved, so that a busy machine
// slows both alike. Generated inputs and outputs live in a temporary
// directory, removed at the end. Nothing uses the network (GOPROXY=off):
// the module cache must already hold the dependencies, as after
// go mod download.
//
// The exit code is 0 when every target is met, 1 when one is missed, 3
// when a measurement could not be made.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/ichiran-jp/ichiran/tools/benchdata"
)

// Targets (issue 17).
const (
	targetRatio    = 1.5      // validate / floor, wall time
	targetRSS      = 64 << 20 // bytes, peak RSS of validate on the generated package
	targetValidate = 300 * time.Millisecond
	targetReview   = 300 * time.Millisecond
	targetBuild    = time.Second
	targetSite     = time.Second
)

func main() {
	if len(os.Args) == 3 && os.Args[1] == "-floor" {
		// The baseline process: see benchdata.Floor.
		if err := benchdata.Floor(os.Args[2]); err != nil {
			fmt.Fprintln(os.Stderr, "benchreport -floor:", err)
			os.Exit(3)
		}
		return
	}
	runs := flag.Int("runs", 7, "runs of each measurement (the median is reported)")
	rows := flag.Int("rows", 1_000_000, "rows of the generated table")
	repoData := flag.Bool("repo", true, "also time the commands on the repository's own data")
	cold := flag.Bool("cold", true, "also time a cold pull-request check (build with an empty build cache)")
	keep := flag.Bool("keep", false, "keep the temporary directory (its path is printed)")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: go run ./tools/cmd/benchreport [-runs N] [-rows N] [-repo=false] [-cold=false] [-keep]")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 0 || *runs < 1 || *rows < 1 {
		flag.Usage()
		os.Exit(2)
	}
	ok, err := run(os.Stdout, *runs, *rows, *repoData, *cold, *keep)
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchreport:", err)
		os.Exit(3)
	}
	if !ok {
		os.Exit(1)
	}
}

// measurement is one process run.
type measurement struct {
	wall time.Duration
	cpu  time.Duration // user and system time, on all CPUs
	sys  time.Duration // system time alone: mostly the file system's
	rss  int64         // peak resident set, bytes
	code int           // exit code
}

// proc runs a command in dir with env added and measures it. Its output is
// discarded, except stderr, kept for an error.
// Exit code 1 (the data has problems) is a measurement like 0 when
// allowInvalid is set.
func proc(allowInvalid bool, dir string, env []string, name string, args ...string) (measurement, error) {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var stderr strings.Builder
	cmd.Stdout = io.Discard
	cmd.Stderr = &stderr
	start := time.Now()
	err := cmd.Run()
	m := measurement{wall: time.Since(start)}
	if cmd.ProcessState == nil {
		return m, err
	}
	m.code = cmd.ProcessState.ExitCode()
	m.sys = cmd.ProcessState.SystemTime()
	m.cpu = cmd.ProcessState.UserTime() + m.sys
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		m.rss = ru.Maxrss * 1024 // kilobytes on Linux
	}
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		return m, err
	}
	if m.code > 1 || m.code == 1 && !allowInvalid { // 1: problems found in the data
		return m, fmt.Errorf("%s %s: exit %d: %s", filepath.Base(name), strings.Join(args, " "), m.code, strings.TrimSpace(stderr.String()))
	}
	return m, nil
}

// series is the runs of one measurement.
type series struct {
	name string
	runs []measurement
	err  error
}

func (s *series) median() time.Duration {
	return s.medianOf(func(m measurement) time.Duration { return m.wall })
}

func (s *series) medianCPU() time.Duration {
	return s.medianOf(func(m measurement) time.Duration { return m.cpu })
}

func (s *series) medianSys() time.Duration {
	return s.medianOf(func(m measurement) time.Duration { return m.sys })
}

func (s *series) medianOf(f func(measurement) time.Duration) time.Duration {
	w := make([]time.Duration, len(s.runs))
	for i, m := range s.runs {
		w[i] = f(m)
	}
	slices.Sort(w)
	if len(w) == 0 {
		return 0
	}
	if len(w)%2 == 1 {
		return w[len(w)/2]
	}
	return (w[len(w)/2-1] + w[len(w)/2]) / 2
}

// pairedRatio is the median over rounds of s's time over base's.
func pairedRatio(s, base *series) float64 {
	var r []float64
	for i := range min(len(s.runs), len(base.runs)) {
		r = append(r, float64(s.runs[i].wall)/float64(base.runs[i].wall))
	}
	if len(r) == 0 {
		return 0
	}
	slices.Sort(r)
	if len(r)%2 == 1 {
		return r[len(r)/2]
	}
	return (r[len(r)/2-1] + r[len(r)/2]) / 2
}

func (s *series) spread() (lo, hi time.Duration) {
	for i, m := range s.runs {
		if i == 0 || m.wall < lo {
			lo = m.wall
		}
		hi = max(hi, m.wall)
	}
	return lo, hi
}

func (s *series) peakRSS() int64 {
	var p int64
	for _, m := range s.runs {
		p = max(p, m.rss)
	}
	return p
}

// interleave runs each of the commands once per round, for rounds rounds.
func interleave(rounds int, cmds []*command) []*series {
	out := make([]*series, len(cmds))
	for i, c := range cmds {
		out[i] = &series{name: c.name}
	}
	for round := range rounds {
		for i, c := range cmds {
			if out[i].err != nil {
				continue
			}
			args := make([]string, len(c.args))
			for k, a := range c.args {
				args[k] = strings.ReplaceAll(a, runMark, strconv.Itoa(round))
			}
			m, err := proc(c.allowInvalid, c.dir, c.env, c.path, args...)
			if err != nil {
				out[i].err = err
				continue
			}
			out[i].runs = append(out[i].runs, m)
		}
	}
	return out
}

type command struct {
	name         string
	allowInvalid bool // exit code 1 is a result, not a failure
	dir          string
	env          []string
	path         string
	args         []string // runMark in an argument is the number of the run
}

// runMark, in a command's argument, stands for the number of the run: an
// output folder named with it is a new one for each run, as in a CI job,
// where it does not exist yet (a file system may take longer to replace a
// file than to make one, or the other way round).
const runMark = "{run}"

func run(w io.Writer, runs, rows int, repoData, cold, keep bool) (bool, error) {
	repo, err := os.Getwd()
	if err != nil {
		return false, err
	}
	if _, err := os.Stat(filepath.Join(repo, "tools", "cmd", "ichiran")); err != nil {
		return false, errors.New("run it from the repository's root: go run ./tools/cmd/benchreport")
	}
	tmp, err := os.MkdirTemp("", "ichiran-benchreport-")
	if err != nil {
		return false, err
	}
	if keep {
		fmt.Fprintln(w, "temporary directory:", tmp)
	} else {
		defer os.RemoveAll(tmp)
	}
	self, err := os.Executable()
	if err != nil {
		return false, err
	}
	// No network: modules come from the module cache.
	offline := []string{"GOPROXY=off", "GOTOOLCHAIN=local", "GOFLAGS=-mod=readonly"}
	tool := filepath.Join(tmp, "ichiran")
	if m, err := proc(false, repo, offline, "go", "build", "-o", tool, "./tools/cmd/ichiran"); err != nil {
		return false, fmt.Errorf("building the tool (%v): %w", m.wall, err)
	}
	pkg := filepath.Join(tmp, "pkg")
	if err := os.Mkdir(pkg, 0o755); err != nil {
		return false, err
	}
	if err := benchdata.Write(pkg, rows); err != nil {
		return false, err
	}

	fmt.Fprintf(w, "ichiran benchreport — %s, %d CPU(s), %d runs each (median; min–max); load average at the start: %s\n\n",
		time.Now().UTC().Format("2006-01-02"), numCPU(), runs, loadAverage())
	ok := true
	check := func(good bool) string {
		if good {
			return "ok"
		}
		ok = false
		return "MISSED"
	}

	// 1. The generated package against the encoding/csv floor.
	gen := interleave(runs, []*command{
		{name: "floor (encoding/csv + parsing)", dir: pkg, path: self, args: []string{"-floor", filepath.Join(pkg, "unsorted.csv")}},
		{name: "ichiran validate", dir: pkg, path: tool, args: []string{"validate", "unsorted.json"}},
	})
	for _, s := range gen {
		if s.err != nil {
			return false, s.err
		}
	}
	fmt.Fprintf(w, "generated package: %d rows, composite primary key out of key order, foreign key to 1,800 rows, pattern\n\n", rows)
	fmt.Fprintln(w, "| process | wall time | min–max | ratio | ratio of minimums | CPU time | peak RSS | target |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|---|")
	for i, s := range gen {
		lo, hi := s.spread()
		ratio := pairedRatio(s, gen[0])
		target := "baseline"
		if i > 0 {
			target = fmt.Sprintf("≤ %.1f×, ≤ %d MB: %s", targetRatio, targetRSS>>20,
				check(ratio <= targetRatio && s.peakRSS() <= targetRSS))
		}
		blo, _ := gen[0].spread()
		fmt.Fprintf(w, "| %s | %s | %s–%s | %.2f× | %.2f× | %s | %.1f MB | %s |\n", s.name, ms(s.median()), ms(lo), ms(hi), ratio, float64(lo)/float64(blo), ms(s.medianCPU()), mb(s.peakRSS()), target)
	}

	// 2. The repository's own data, as it is now.
	out := filepath.Join(tmp, "out")
	if repoData {
		runRepo(w, runs, repo, tool, out, check)
	}

	// 3. A cold pull-request check.
	if cold {
		fmt.Fprintln(w, "\ncold pull-request check (empty build cache, as on a fresh CI machine; once)")
		fmt.Fprintln(w)
		fmt.Fprintln(w, "| step | wall time | peak RSS |")
		fmt.Fprintln(w, "|---|---|---|")
		coldTool := filepath.Join(tmp, "ichiran-cold")
		env := append(slices.Clip(offline), "GOCACHE="+filepath.Join(tmp, "gocache"))
		ghEnv := []string{"GITHUB_STEP_SUMMARY=", "GITHUB_EVENT_PATH=", "GITHUB_ACTIONS="}
		steps := []command{
			{name: "go build ./tools/cmd/ichiran", dir: repo, env: env, path: "go", args: []string{"build", "-o", coldTool, "./tools/cmd/ichiran"}},
			{name: "ichiran validate -format github", allowInvalid: true, dir: repo, env: ghEnv, path: coldTool, args: []string{"validate", "-format", "github"}},
			{name: "ichiran review", allowInvalid: true, dir: repo, env: ghEnv, path: coldTool, args: []string{"review", "-base", "HEAD", "-out", filepath.Join(out, "review-cold")}},
		}
		var total time.Duration
		for _, c := range steps {
			m, err := proc(c.allowInvalid, c.dir, c.env, c.path, c.args...)
			if err != nil {
				fmt.Fprintf(w, "| %s | failed: %v | |\n", c.name, oneLine(err))
				ok = false
				break
			}
			total += m.wall
			fmt.Fprintf(w, "| %s | %s | %.1f MB |\n", c.name, ms(m.wall), mb(m.rss))
		}
		fmt.Fprintf(w, "| total | %s | |\n", ms(total))
	}
	fmt.Fprintf(w, "\nload average at the end: %s (a busy machine slows the two goroutines of validate more than the one of the floor)\n", loadAverage())
	fmt.Fprintln(w, "rerun: go run ./tools/cmd/benchreport")
	return ok, nil
}

// loadAverage is the 1, 5 and 15 minute load averages, where the system
// says them (Linux), or "unknown".
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if f := strings.Fields(string(b)); err == nil && len(f) >= 3 {
		return strings.Join(f[:3], " ")
	}
	return "unknown"
}

// runRepo times the commands on the repository's own data.
func runRepo(w io.Writer, runs int, repo, tool, out string, check func(bool) string) {
	repoCmds := []*command{
		{name: "validate", dir: repo, path: tool, args: []string{"validate"}},
		{name: "diff", dir: repo, path: tool, args: []string{"diff", "HEAD"}},
		{name: "review", dir: repo, path: tool, args: []string{"review", "-base", "HEAD", "-out", filepath.Join(out, "review-"+runMark)}},
		{name: "build", dir: repo, path: tool, args: []string{"build", "-out", filepath.Join(out, "dist-"+runMark)}},
		{name: "site", dir: repo, path: tool, args: []string{"site", "-out", filepath.Join(out, "site-"+runMark)}},
	}
	targets := map[string]time.Duration{"validate": targetValidate, "review": targetReview, "build": targetBuild, "site": targetSite}
	// Review and the others write to the environment of a GitHub job when
	// they see one: not here.
	for _, c := range repoCmds {
		c.allowInvalid = true // the data may be mid-edit: problems found are still a run
		c.env = []string{"GITHUB_STEP_SUMMARY=", "GITHUB_EVENT_PATH=", "GITHUB_ACTIONS="}
	}
	fmt.Fprintf(w, "\nthe repository's data (%s), ratio to validate\n\n", dataSize(repo))
	fmt.Fprintln(w, "| command | wall time | min–max | ratio | CPU time (system) | peak RSS | target |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|")
	rs := interleave(runs, repoCmds)
	var vbase time.Duration
	for _, s := range rs {
		if s.name == "validate" && s.err == nil {
			vbase = s.median()
		}
	}
	for _, s := range rs {
		if s.err != nil {
			fmt.Fprintf(w, "| %s | failed: %v | | | | | %s |\n", s.name, oneLine(s.err), check(false))
			continue
		}
		lo, hi := s.spread()
		target := ""
		if t, ok := targets[s.name]; ok {
			target = fmt.Sprintf("< %s: %s", ms(t), check(s.median() < t))
		}
		ratio := "–"
		if vbase > 0 {
			ratio = fmt.Sprintf("%.2f×", float64(s.median())/float64(vbase))
		}
		fmt.Fprintf(w, "| %s | %s | %s–%s | %s | %s (%s) | %.1f MB | %s |\n", s.name, ms(s.median()), ms(lo), ms(hi), ratio, ms(s.medianCPU()), ms(s.medianSys()), mb(s.peakRSS()), target)
	}
}

func oneLine(err error) string {
	s := err.Error()
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i] + " …"
	}
	return s
}

func ms(d time.Duration) string {
	if d >= 10*time.Second {
		return fmt.Sprintf("%.1f s", d.Seconds())
	}
	return fmt.Sprintf("%d ms", d.Milliseconds())
}

func mb(b int64) float64 { return float64(b) / (1 << 20) }

// dataSize describes the CSV files under data/.
func dataSize(repo string) string {
	var n, size int64
	filepath.WalkDir(filepath.Join(repo, "data"), func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".csv") {
			if fi, err := d.Info(); err == nil {
				n++
				size += fi.Size()
			}
		}
		return nil
	})
	return fmt.Sprintf("%d CSV files under data/, %.1f MB", n, float64(size)/1e6)
}

func numCPU() int {
	// GOMAXPROCS of the child processes: the default, the number of CPUs.
	if v, err := strconv.Atoi(os.Getenv("GOMAXPROCS")); err == nil && v > 0 {
		return v
	}
	return runtime.NumCPU()
}
