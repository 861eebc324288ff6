//go:build unix

package template

import (
	"bytes"
	"errors"
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

// "Nothing lost" for templates: WriteFile replaces a file atomically, a
// write that fails leaves the previous file, and writers at once leave one
// whole file and no temporary files.

func leftovers(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), ".") || strings.Contains(e.Name(), ".tmp") {
			out = append(out, e.Name())
		}
	}
	return out
}

func rendered(t *testing.T, tp *Template, name string) []byte {
	t.Helper()
	var buf bytes.Buffer
	var err error
	if Format(name) == "xlsx" {
		err = tp.WriteXLSX(&buf)
	} else {
		err = tp.WriteCSV(&buf)
	}
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestWriteFileConcurrent: eight writers at once, with force, leave the
// whole template; without force exactly one wins and the others are told
// the file exists.
func TestWriteFileConcurrent(t *testing.T) {
	tp := build(t, "data-plan", 2027)
	for _, name := range []string{"t.xlsx", "t.csv"} {
		t.Run(name, func(t *testing.T) {
			want := rendered(t, tp, name)
			for _, force := range []bool{true, false} {
				dir := t.TempDir()
				path := filepath.Join(dir, name)
				errs := make([]error, 8)
				var wg sync.WaitGroup
				for i := range errs {
					wg.Go(func() { errs[i] = tp.WriteFile(path, force) })
				}
				wg.Wait()
				ok := 0
				for _, err := range errs {
					switch {
					case err == nil:
						ok++
					case force || !errors.Is(err, ErrExists):
						t.Errorf("force %v: %v", force, err)
					}
				}
				if !force && ok != 1 {
					t.Errorf("without force %d writers succeeded; want exactly 1", ok)
				}
				if got, err := os.ReadFile(path); err != nil || !bytes.Equal(got, want) {
					t.Errorf("force %v: the file (%d bytes, %v) is not the whole template (%d bytes)", force, len(got), err, len(want))
				}
				if l := leftovers(t, dir); len(l) > 0 {
					t.Errorf("force %v: temporary files left: %v", force, l)
				}
			}
		})
	}
}

// TestTemplateHelperProcess is run as a child by TestWriteFileFails: it
// lowers RLIMIT_FSIZE and writes the template over the file.
func TestTemplateHelperProcess(t *testing.T) {
	args := strings.Fields(os.Getenv("ICHIRAN_TEMPLATE_HELPER"))
	if len(args) != 2 {
		t.Skip("helper process only")
	}
	tp := build(t, "data-plan", 2027)
	n, _ := strconv.ParseUint(args[1], 10, 64)
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_FSIZE, &lim); err != nil {
		t.Fatal(err)
	}
	lim.Cur = n
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &lim); err != nil {
		t.Fatal(err)
	}
	if err := tp.WriteFile(args[0], true); err != nil {
		fmt.Println("write error:", err)
		os.Exit(3)
	}
	os.Exit(0)
}

// TestWriteFileFails: a write stopped half way (the file size limit, as a
// full disk would) is an error and leaves the previous file byte for byte,
// and no temporary file.
func TestWriteFileFails(t *testing.T) {
	tp := build(t, "data-plan", 2027)
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"t.xlsx", "t.csv"} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, name)
			old := []byte("the previous file\n")
			if err := os.WriteFile(path, old, 0o644); err != nil {
				t.Fatal(err)
			}
			limit := len(rendered(t, tp, name)) / 2
			cmd := exec.Command(exe, "-test.run=^TestTemplateHelperProcess$", "-test.count=1")
			cmd.Env = append(os.Environ(), "ICHIRAN_TEMPLATE_HELPER="+path+" "+strconv.Itoa(limit))
			out, err := cmd.CombinedOutput()
			if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 3 {
				t.Fatalf("helper: %v, want exit 3 (a write error)\n%s", err, out)
			}
			if got, _ := os.ReadFile(path); !bytes.Equal(got, old) {
				t.Errorf("after a failed write the file is %d bytes, not the previous content", len(got))
			}
			if l := leftovers(t, dir); len(l) > 0 {
				t.Errorf("temporary files left: %v", l)
			}
		})
	}
}
