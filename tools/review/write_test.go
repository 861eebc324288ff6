//go:build unix

package review

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
)

// "Nothing lost" for the review's report files.

func reportLeftovers(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range ents {
		if e.Name() != "report.md" && e.Name() != FullMarkdown && e.Name() != "report.json" {
			out = append(out, e.Name())
		}
	}
	return out
}

// TestWriteFiles: report.md and report.json are what Markdown and
// WriteJSON give, and ReadJSON reads the JSON back.
func TestWriteFiles(t *testing.T) {
	r := fixture(3, 2)
	dir := filepath.Join(t.TempDir(), "review")
	if err := r.WriteFiles(dir); err != nil {
		t.Fatal(err)
	}
	md, _ := os.ReadFile(filepath.Join(dir, "report.md"))
	if string(md) != r.Markdown(MaxComment) {
		t.Errorf("report.md is not the Markdown")
	}
	full, _ := os.ReadFile(filepath.Join(dir, FullMarkdown))
	if string(full) != r.Markdown(0) {
		t.Errorf("%s is not the whole Markdown", FullMarkdown)
	}
	f, err := os.Open(filepath.Join(dir, "report.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := ReadJSON(f); err != nil {
		t.Errorf("ReadJSON(report.json): %v", err)
	}
	if l := reportLeftovers(t, dir); len(l) > 0 {
		t.Errorf("files left: %v", l)
	}
}

// TestWriteFilesConcurrent: reports written into one directory at once
// leave whole files, each one report's, and no temporary files.
func TestWriteFilesConcurrent(t *testing.T) {
	dir := t.TempDir()
	reports := []*Report{fixture(0, 0), fixture(500, 0), fixture(3, 200), fixture(2000, 2000)}
	var wg sync.WaitGroup
	for _, r := range reports {
		wg.Go(func() {
			for range 5 {
				if err := r.WriteFiles(dir); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	md, _ := os.ReadFile(filepath.Join(dir, "report.md"))
	js, _ := os.ReadFile(filepath.Join(dir, "report.json"))
	okMD, okJS := false, false
	for _, r := range reports {
		okMD = okMD || string(md) == r.Markdown(MaxComment)
		var b bytes.Buffer
		r.WriteJSON(&b)
		okJS = okJS || bytes.Equal(js, b.Bytes())
	}
	if !okMD || !okJS {
		t.Errorf("report.md whole: %v, report.json whole: %v", okMD, okJS)
	}
	if l := reportLeftovers(t, dir); len(l) > 0 {
		t.Errorf("files left: %v", l)
	}
}

// TestReviewHelperProcess is run as a child by TestWriteFilesFails: it
// lowers RLIMIT_FSIZE and writes a large report.
func TestReviewHelperProcess(t *testing.T) {
	args := strings.Fields(os.Getenv("ICHIRAN_REVIEW_HELPER"))
	if len(args) != 2 {
		t.Skip("helper process only")
	}
	n, _ := strconv.ParseUint(args[1], 10, 64)
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_FSIZE, &lim); err != nil {
		t.Fatal(err)
	}
	lim.Cur = n
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &lim); err != nil {
		t.Fatal(err)
	}
	if err := fixture(2000, 2000).WriteFiles(args[0]); err != nil {
		fmt.Println("write error:", err)
		os.Exit(3)
	}
	os.Exit(0)
}

// TestWriteFilesFails: a write stopped half way (the file size limit, as
// a full disk would) fails and leaves the previous report.json whole.
func TestWriteFilesFails(t *testing.T) {
	dir := t.TempDir()
	old := fixture(1, 0)
	if err := old.WriteFiles(dir); err != nil {
		t.Fatal(err)
	}
	oldJS, _ := os.ReadFile(filepath.Join(dir, "report.json"))
	var big bytes.Buffer
	fixture(2000, 2000).WriteJSON(&big)
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	// report.md (cut to MaxComment) fits; report.json does not.
	limit := max(MaxComment*4, len(oldJS)) + 1
	if big.Len() <= limit {
		t.Fatalf("the big report.json is %d bytes, not over %d", big.Len(), limit)
	}
	cmd := exec.Command(exe, "-test.run=^TestReviewHelperProcess$", "-test.count=1")
	cmd.Env = append(os.Environ(), "ICHIRAN_REVIEW_HELPER="+dir+" "+strconv.Itoa(limit))
	out, err := cmd.CombinedOutput()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 3 {
		t.Fatalf("helper: %v, want exit 3 (a write error)\n%s", err, out)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "report.json")); !bytes.Equal(got, oldJS) {
		t.Errorf("after a failed write report.json is %d bytes, not the previous one", len(got))
	}
	if l := reportLeftovers(t, dir); len(l) > 0 {
		t.Errorf("files left: %v", l)
	}
}
