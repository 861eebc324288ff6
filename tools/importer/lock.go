package importer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

// DefaultLockTimeout is how long an import waits for the lock of its
// target file when [Request.LockTimeout] is zero.
const DefaultLockTimeout = 2 * time.Minute

// ErrLocked is wrapped by the error of an import that could not take the
// lock of its target file in time.
var ErrLocked = errors.New("ロックを取れません / cannot take the lock")

// lockPath is the lock file of target: a hidden ".<name>.lock" beside it.
func lockPath(target string) string {
	return filepath.Join(filepath.Dir(target), "."+filepath.Base(target)+".lock")
}

// lockFile takes the lock of target, creating its directory if need be:
// it creates the lock file with O_CREATE|O_EXCL, retrying (with a growing
// pause, at most 100ms) until timeout has passed or ctx is done. The lock
// file holds the process id and the time, for whoever finds it. unlock
// removes it.
//
// The lock is made here, not through the repository: repo's WriteFile
// replaces a file atomically and so never fails because the file exists,
// while a lock must be taken by exactly one process, which only an
// exclusive create gives. The lock file is no data of the repository (a
// hidden name, read by no command); Import has checked through the
// repository that no symbolic link leads to target before locking.
func lockFile(ctx context.Context, target string, timeout time.Duration) (unlock func(), err error) {
	if timeout <= 0 {
		timeout = DefaultLockTimeout
	}
	if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
		return nil, err
	}
	name := lockPath(target)
	deadline := time.Now().Add(timeout)
	pause := 5 * time.Millisecond
	for {
		f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err == nil {
			_, werr := fmt.Fprintf(f, "pid %d\nsince %s\n", os.Getpid(), time.Now().Format(time.RFC3339))
			if cerr := f.Close(); werr == nil {
				werr = cerr
			}
			if werr != nil {
				os.Remove(name)
				return nil, werr
			}
			return func() { os.Remove(name) }, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return nil, err
		}
		if !time.Now().Before(deadline) {
			return nil, lockedErr(name, timeout)
		}
		t := time.NewTimer(min(pause, time.Until(deadline)))
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, ctx.Err()
		case <-t.C:
		}
		pause = min(2*pause, 100*time.Millisecond)
	}
}

// lockHolder is what a lock file says of its holder ("pid 123 since …"),
// or "". The file is in the repository and may have been committed: a
// link, a large file or other text is not quoted, for the error would
// carry it to whoever reads the output.
func lockHolder(name string) string {
	fi, err := os.Lstat(name)
	if err != nil || !fi.Mode().IsRegular() {
		return ""
	}
	f, err := os.Open(name)
	if err != nil {
		return ""
	}
	defer f.Close()
	b, _ := io.ReadAll(io.LimitReader(f, 256))
	var said []string
	for line := range strings.Lines(string(b)) {
		if m := lockLine.FindString(strings.TrimSpace(line)); m != "" {
			said = append(said, m)
		}
	}
	return strings.Join(said, " ")
}

// lockLine is a line lockFile writes.
var lockLine = regexp.MustCompile(`^(pid [0-9]{1,10}|since [0-9T:+.Z-]{10,40})$`)

func lockedErr(name string, waited time.Duration) error {
	holder := ""
	if s := lockHolder(name); s != "" {
		holder = " (" + s + ")"
	}
	return fmt.Errorf("%w: %s%s: %v 待ちましたが、別の取り込みがロックしたままです。"+
		"ほかに ichiran import が動いていなければ、中断された取り込みが残した古いロックなので、このファイルを削除してやり直してください"+
		" / another import has held the lock for %v; if no other ichiran import is running, it is a stale lock left by an interrupted import: remove this file and try again",
		ErrLocked, name, holder, waited.Round(time.Millisecond), waited.Round(time.Millisecond))
}
