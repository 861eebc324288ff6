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

// TestImportConcurrentDates: four imports at once, each of its own
// edition (1 May of 2023 … 2026, a file each): every file is written with
// its rows, datapackage.json declares all four resources (the lock of the
// descriptor serialises their declaration), and neither a temporary file
// nor a lock file is left.
func TestImportConcurrentDates(t *testing.T) {
	dir := repoCopy(t)
	in := t.TempDir()
	years := []int{2023, 2024, 2025, 2026} // years the repository holds no card figures of
	reqs := make([]Request, len(years))
	wants := make([]string, len(years))
	for i, y := range years {
		asOf := fmt.Sprintf("%d-05-01", y)
		csv, rows := submissionAt(asOf)
		wants[i] = wantFile(rows)
		file := filepath.Join(in, asOf+".csv")
		if err := os.WriteFile(file, []byte(csv), 0o644); err != nil {
			t.Fatal(err)
		}
		reqs[i] = Request{Partial: true, Package: filepath.Join(dir, "datapackage.json"), Indicator: "mynumber-card", File: file}
	}
	outs := make([]*Outcome, len(reqs))
	errs := make([]error, len(reqs))
	var wg sync.WaitGroup
	for i := range reqs {
		wg.Go(func() { outs[i], errs[i] = Import(context.Background(), reqs[i]) })
	}
	wg.Wait()
	desc, err := os.ReadFile(filepath.Join(dir, "datapackage.json"))
	if err != nil {
		t.Fatal(err)
	}
	for i, err := range errs {
		if err != nil {
			t.Fatalf("import %d: %v", i, err)
		}
		if !outs[i].Written {
			t.Fatalf("import %d not written: %+v %+v", i, outs[i].Result.Errors, outs[i].Validation)
		}
		got, err := os.ReadFile(outs[i].Target)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != wants[i] {
			t.Errorf("%s\n%s\nwant\n%s", outs[i].Rel, got, wants[i])
		}
		if decl := fmt.Sprintf(`"path": %q`, outs[i].Rel); !strings.Contains(string(desc), decl) {
			t.Errorf("datapackage.json does not declare %s", outs[i].Rel)
		}
		if l := tempLeftovers(t, filepath.Dir(outs[i].Target)); len(l) > 0 {
			t.Errorf("files left: %v", l)
		}
	}
	if _, err := os.Lstat(lockPath(filepath.Join(dir, "datapackage.json"))); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("lock file of the descriptor: %v, want it gone", err)
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
	req := Request{Partial: true, Package: filepath.Join(dir, "datapackage.json"), Indicator: "mynumber-card", File: file, LockTimeout: 100 * time.Millisecond}

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

// TestLockHolder: the error of a lock not taken quotes what the lock file
// says of its holder, and nothing else: a committed lock file that is a
// link, or holds other text, shows none of it.
func TestLockHolder(t *testing.T) {
	dir := t.TempDir()
	secret := filepath.Join(dir, "secret.csv")
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	write("secret.csv", "pid 1\nTOPSECRET\n")
	link := filepath.Join(dir, ".linked.lock")
	if err := os.Symlink(secret, link); err != nil {
		t.Skip(err)
	}
	for _, tc := range []struct{ lock, want string }{
		{write(".ours.lock", "pid 4242\nsince 2026-05-01T09:00:00+09:00\n"), "pid 4242 since 2026-05-01T09:00:00+09:00"},
		{write(".other.lock", "pid 7\nTOPSECRET\n"), "pid 7"},
		{write(".big.lock", strings.Repeat("TOPSECRET ", 1000)), ""},
		{link, ""},
	} {
		if got := lockHolder(tc.lock); got != tc.want {
			t.Errorf("lockHolder(%s) = %q, want %q", filepath.Base(tc.lock), got, tc.want)
		}
		if err := lockedErr(tc.lock, time.Second); strings.Contains(err.Error(), "TOPSECRET") {
			t.Errorf("lockedErr(%s) quotes the file: %v", filepath.Base(tc.lock), err)
		}
	}
}
