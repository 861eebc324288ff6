//go:build unix

package importer

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ichiran-jp/ichiran/tools/sheet"
)

// TestReadFileNotRegular is issue 14's attack on the import's reader: a
// data file that is a link to /dev/urandom grew without bound, one to
// /dev/zero hung, and a FIFO blocks the open. Each is now refused at once
// with ErrSource, as a workbook or as CSV.
func TestReadFileNotRegular(t *testing.T) {
	dir := t.TempDir()
	link := func(name, target string) string {
		p := filepath.Join(dir, name)
		if err := os.Symlink(target, p); err != nil {
			t.Fatal(err)
		}
		return p
	}
	fifo := filepath.Join(dir, "fifo.csv")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	sub := filepath.Join(dir, "folder.xlsx")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, path string
	}{
		{"csv linked to /dev/urandom", link("random.csv", "/dev/urandom")},
		{"csv linked to /dev/zero", link("zero.csv", "/dev/zero")},
		{"workbook linked to /dev/zero", link("zero.xlsx", "/dev/zero")},
		{"workbook linked to /dev/urandom", link("random.xlsx", "/dev/urandom")},
		{"fifo", fifo},
		{"workbook that is a folder", sub},
	} {
		t.Run(tc.name, func(t *testing.T) {
			done := make(chan error, 1)
			go func() {
				_, err := ReadFileWith(tc.path, "", "", sheet.Options{})
				done <- err
			}()
			select {
			case err := <-done:
				if !errors.Is(err, ErrSource) || !strings.Contains(err.Error(), "not a regular file") {
					t.Errorf("ReadFileWith(%s) = %v, want ErrSource: not a regular file", tc.path, err)
				}
			case <-time.After(10 * time.Second):
				t.Fatalf("ReadFileWith(%s) still running after 10s", tc.path)
			}
		})
	}
	// A link to a regular file is read.
	real := filepath.Join(dir, "real.csv")
	if err := os.WriteFile(real, []byte("code,n\n011002,1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if s, err := ReadFileWith(link("ok.csv", real), "", "", sheet.Options{}); err != nil || len(s.Rows) != 2 {
		t.Errorf("a link to a regular file: %v", err)
	}
}
