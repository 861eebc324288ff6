//go:build unix

package bundle

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/ichiran-jp/ichiran/tools/repo"
)

// "Nothing lost" for `ichiran build`: the repository is never modified,
// each file of the bundle is replaced atomically, a write that fails
// leaves the previous file, and builds at once leave whole files and no
// temporary files.

// tree maps the slash path of every file under dir to its content's hash.
func tree(t testing.TB, dir string) map[string][32]byte {
	t.Helper()
	m := map[string][32]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		m[filepath.ToSlash(rel)] = sha256.Sum256(b)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// temps lists the files under dir that are not the bundle's.
func temps(t testing.TB, dir string, b *Bundle) []string {
	t.Helper()
	var out []string
	for name := range tree(t, dir) {
		if b.File(name) == nil {
			out = append(out, name)
		}
	}
	return out
}

func buildAt(t testing.TB, repo *repo.Repository, commit string, at time.Time) *Bundle {
	t.Helper()
	b, err := Build(repo, Options{Edition: 2025, Time: at, Commit: commit})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestBuildLeavesRepositoryAlone: Build and WriteDir change no file of the
// repository.
func TestBuildLeavesRepositoryAlone(t *testing.T) {
	repo := fixture(t)
	before := tree(t, repo.Pkg.Dir)
	b := buildAt(t, repo, "abc123", stamp)
	if err := b.WriteDir(t.TempDir()); err != nil {
		t.Fatal(err)
	}
	after := tree(t, repo.Pkg.Dir)
	if len(after) != len(before) {
		t.Errorf("the repository had %d files, has %d", len(before), len(after))
	}
	for p, h := range before {
		if after[p] != h {
			t.Errorf("build modified %s", p)
		}
	}
}

// TestWriteDirConcurrent: two different builds written into one directory
// at once, several times: every file is whole (one build's or the
// other's) and no temporary file is left. The same build written twice at
// once verifies.
func TestWriteDirConcurrent(t *testing.T) {
	repo := fixture(t)
	a := buildAt(t, repo, "aaaaaaa", stamp)
	b := buildAt(t, repo, "bbbbbbb", stamp.Add(time.Hour))
	dir := t.TempDir()
	var wg sync.WaitGroup
	for _, x := range []*Bundle{a, b, a, b} {
		wg.Go(func() {
			for range 3 {
				if err := x.WriteDir(dir); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	checkWhole(t, dir, a, b)
	if l := temps(t, dir, a); len(l) > 0 {
		t.Errorf("files left that are not the bundle's: %v", l)
	}

	same := t.TempDir()
	for range 2 {
		wg.Go(func() {
			if err := a.WriteDir(same); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if probs, err := Verify(same); err != nil || len(probs) > 0 {
		t.Errorf("Verify after two writes at once: %v %v", probs, err)
	}
}

// checkWhole asserts that every file of the bundles in dir is one of the
// bundles' version of it, whole.
func checkWhole(t *testing.T, dir string, bs ...*Bundle) {
	t.Helper()
	for _, f := range bs[0].Files {
		got, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(f.Name)))
		if err != nil {
			t.Errorf("%s: %v", f.Name, err)
			continue
		}
		if !slices.ContainsFunc(bs, func(b *Bundle) bool { return bytes.Equal(got, b.File(f.Name).Data) }) {
			t.Errorf("%s (%d bytes) is no build's version of it", f.Name, len(got))
		}
	}
}

// TestBundleHelperProcess is run as a child by TestWriteDirFails: it
// lowers RLIMIT_FSIZE and writes the new build over the directory.
func TestBundleHelperProcess(t *testing.T) {
	args := strings.Fields(os.Getenv("ICHIRAN_BUNDLE_HELPER"))
	if len(args) != 2 {
		t.Skip("helper process only")
	}
	b := buildAt(t, fixture(t), "new", stamp.Add(time.Hour))
	n, _ := strconv.ParseUint(args[1], 10, 64)
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_FSIZE, &lim); err != nil {
		t.Fatal(err)
	}
	lim.Cur = n
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &lim); err != nil {
		t.Fatal(err)
	}
	if err := b.WriteDir(args[0]); err != nil {
		fmt.Println("write error:", err)
		os.Exit(3)
	}
	os.Exit(0)
}

// TestWriteDirFails: the new build's write is stopped at a file larger
// than the file size limit (as a full disk would stop it): WriteDir fails,
// every file of the previous build is still there as it was (the new files
// are all written before any is put in place), and no temporary file is
// left.
func TestWriteDirFails(t *testing.T) {
	repo := fixture(t)
	old := buildAt(t, repo, "old", stamp)
	neu := buildAt(t, repo, "new", stamp.Add(time.Hour))
	dir := t.TempDir()
	if err := old.WriteDir(dir); err != nil {
		t.Fatal(err)
	}
	sizes := []int{}
	for _, f := range neu.Files {
		sizes = append(sizes, len(f.Data))
	}
	slices.Sort(sizes)
	limit := sizes[len(sizes)/2] + 1 // about half the files fit
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, "-test.run=^TestBundleHelperProcess$", "-test.count=1")
	cmd.Env = append(os.Environ(), "ICHIRAN_BUNDLE_HELPER="+dir+" "+strconv.Itoa(limit))
	out, err := cmd.CombinedOutput()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 3 {
		t.Fatalf("helper: %v, want exit 3 (a write error)\n%s", err, out)
	}
	checkWhole(t, dir, old)
	if l := temps(t, dir, old); len(l) > 0 {
		t.Errorf("files left that are not the bundle's: %v", l)
	}
}
