package importer

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// "Nothing lost" under concurrency: imports of different as-of dates into
// one year file at once all keep their rows (the read-merge-write is done
// under the target's lock file), a lock nobody releases ends in a clear
// error, and no lock file is left behind.

// submissionAt is submissionCSV with the as-of date asOf, and the rows the
// canonical file gets from it.
func submissionAt(asOf string) (csv string, rows []string) {
	csv = strings.ReplaceAll(submissionCSV, "2025-05-01", asOf)
	for _, l := range strings.Split(strings.TrimSpace(submissionWant), "\n")[1:] {
		rows = append(rows, strings.ReplaceAll(l, "2025-05-01", asOf))
	}
	return csv, rows
}

// wantFile is the canonical file holding rows: the header, then the rows
// by code and as-of date.
func wantFile(rows []string) string {
	rows = slices.Clone(rows)
	slices.Sort(rows) // code then as_of: both fixed width, leading the line
	return strings.SplitN(submissionWant, "\n", 2)[0] + "\n" + strings.Join(rows, "\n") + "\n"
}

// TestImportConcurrentDates: rounds of four imports at once, each of its
// own as-of date, into the same year file: after each round the file has
// the rows of every date imported so far, and neither a temporary file nor
// the lock file is left.
func TestImportConcurrentDates(t *testing.T) {
	dir := repoCopy(t)
	in := t.TempDir()
	var all []string
	var target string
	for round := range 5 {
		reqs := make([]Request, 4)
		for i := range reqs {
			asOf := fmt.Sprintf("2025-%02d-%02d", 1+round, 1+i)
			csv, rows := submissionAt(asOf)
			all = append(all, rows...)
			file := filepath.Join(in, asOf+".csv")
			if err := os.WriteFile(file, []byte(csv), 0o644); err != nil {
				t.Fatal(err)
			}
			reqs[i] = Request{Package: filepath.Join(dir, "datapackage.json"), Indicator: "mynumber-card", File: file}
		}
		outs := make([]*Outcome, len(reqs))
		errs := make([]error, len(reqs))
		var wg sync.WaitGroup
		for i := range reqs {
			wg.Go(func() { outs[i], errs[i] = Import(context.Background(), reqs[i]) })
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Fatalf("round %d, import %d: %v", round, i, err)
			}
			if !outs[i].Written || outs[i].Refused {
				t.Fatalf("round %d, import %d not written: %+v", round, i, outs[i].Result.Errors)
			}
			if outs[i].Merged.Added != 2 || len(outs[i].Merged.Changes) != 0 {
				t.Errorf("round %d, import %d: added %d, changes %v", round, i, outs[i].Merged.Added, outs[i].Merged.Changes)
			}
		}
		target = outs[0].Target
		got, err := os.ReadFile(target)
		if err != nil {
			t.Fatal(err)
		}
		if want := wantFile(all); string(got) != want {
			t.Fatalf("after round %d\n%s\nwant\n%s", round, got, want)
		}
		if l := tempLeftovers(t, filepath.Dir(target)); len(l) > 0 {
			t.Fatalf("files left: %v", l)
		}
	}
	if _, err := os.Lstat(lockPath(target)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("lock file: %v, want it gone", err)
	}
}

// TestImportStaleLock: a lock file that nobody removes (a killed import's)
// makes an import fail after its timeout with ErrLocked, naming the lock
// file and saying to remove it; the target is not touched and the lock file
// not removed. --dry-run takes no lock and goes through. Once the lock file
// is removed the import goes through and leaves no lock file.
func TestImportStaleLock(t *testing.T) {
	dir := repoCopy(t)
	file := filepath.Join(t.TempDir(), "提出.csv")
	if err := os.WriteFile(file, []byte(submissionCSV), 0o644); err != nil {
		t.Fatal(err)
	}
	target := filepath.Join(dir, "data", "mynumber-card", "2025.csv")
	lock := filepath.Join(dir, "data", "mynumber-card", ".2025.csv.lock")
	if lockPath(target) != lock {
		t.Fatalf("lockPath = %s, want %s", lockPath(target), lock)
	}
	if err := os.WriteFile(lock, []byte("pid 999999\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	req := Request{Package: filepath.Join(dir, "datapackage.json"), Indicator: "mynumber-card", File: file, LockTimeout: 100 * time.Millisecond}

	start := time.Now()
	out, err := Import(context.Background(), req)
	if !errors.Is(err, ErrLocked) {
		t.Fatalf("err = %v, want ErrLocked", err)
	}
	if d := time.Since(start); d < req.LockTimeout {
		t.Errorf("gave up after %v, before the timeout %v", d, req.LockTimeout)
	}
	for _, s := range []string{lock, "pid 999999", "ロック", "削除", "stale lock", "remove this file"} {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("the error does not say %q: %v", s, err)
		}
	}
	if out.Written {
		t.Error("written although locked")
	}
	if _, err := os.Stat(target); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("target: %v, want it not written", err)
	}
	if b, err := os.ReadFile(lock); err != nil || string(b) != "pid 999999\n" {
		t.Errorf("the stale lock file was changed: %q, %v", b, err)
	}

	dry := req
	dry.DryRun = true
	out, err = Import(context.Background(), dry)
	if err != nil {
		t.Fatalf("dry run with a lock: %v", err)
	}
	if out.Written || out.Merged == nil || out.Merged.Added != 2 {
		t.Errorf("dry run: written %v, merged %+v", out.Written, out.Merged)
	}

	if err := os.Remove(lock); err != nil {
		t.Fatal(err)
	}
	out, err = Import(context.Background(), req)
	if err != nil || !out.Written {
		t.Fatalf("after removing the lock: %v, written %v", err, out != nil && out.Written)
	}
	if got, _ := os.ReadFile(target); string(got) != submissionWant {
		t.Errorf("written\n%s\nwant\n%s", got, submissionWant)
	}
	if l := tempLeftovers(t, filepath.Dir(target)); len(l) > 0 {
		t.Errorf("files left: %v", l)
	}
}

// TestLockFile: a second taker waits for the first to release, and is
// given up on by its context; unlock removes the lock file.
func TestLockFile(t *testing.T) {
	target := filepath.Join(t.TempDir(), "new", "2025.csv")
	unlock, err := lockFile(context.Background(), target, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(lockPath(target))
	if err != nil || !strings.HasPrefix(string(b), fmt.Sprintf("pid %d\n", os.Getpid())) {
		t.Errorf("lock file content %q, %v", b, err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := lockFile(ctx, target, time.Minute); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("with a done context: %v, want context.DeadlineExceeded", err)
	}

	got := make(chan error, 1)
	go func() {
		unlock2, err := lockFile(context.Background(), target, 10*time.Second)
		if err == nil {
			unlock2()
		}
		got <- err
	}()
	select {
	case err := <-got:
		t.Fatalf("took a held lock: %v", err)
	case <-time.After(100 * time.Millisecond):
	}
	unlock()
	if err := <-got; err != nil {
		t.Fatalf("after release: %v", err)
	}
	if _, err := os.Lstat(lockPath(target)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("lock file: %v, want it gone", err)
	}
}
