//go:build unix

package importer

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The helper process: with ICHIRAN_IMPORTER_HELPER set it writes and
// exits; the tests below run it as a child to interrupt it.
//
//	fsize <target> <n>: RLIMIT_FSIZE n, then writeFile(target, 1 MiB); exit 3 on error
//	loop <target>:      writeFile(target, A or B) forever (killed by the parent)
func TestImporterHelperProcess(t *testing.T) {
	args := strings.Fields(os.Getenv("ICHIRAN_IMPORTER_HELPER"))
	if len(args) == 0 {
		t.Skip("helper process only")
	}
	switch args[0] {
	case "fsize":
		n, _ := strconv.ParseUint(args[2], 10, 64)
		var lim syscall.Rlimit
		if err := syscall.Getrlimit(syscall.RLIMIT_FSIZE, &lim); err != nil {
			t.Fatal(err)
		}
		lim.Cur = n
		if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &lim); err != nil {
			t.Fatal(err)
		}
		if err := writeFile(args[1], bytes.Repeat([]byte("new,1\n"), 1<<20/6)); err != nil {
			fmt.Println("write error:", err)
			os.Exit(3)
		}
		os.Exit(0)
	case "loop":
		a, b := loopContents()
		for i := 0; ; i++ {
			c := a
			if i%2 == 1 {
				c = b
			}
			if err := writeFile(args[1], c); err != nil {
				fmt.Println("write error:", err)
				os.Exit(3)
			}
		}
	}
}

func loopContents() (a, b []byte) {
	return bytes.Repeat([]byte("a,1\n"), 1<<20), bytes.Repeat([]byte("b,22\n"), 1<<20)
}

func helper(t *testing.T, args ...string) *exec.Cmd {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, "-test.run=^TestImporterHelperProcess$", "-test.count=1")
	cmd.Env = append(os.Environ(), "ICHIRAN_IMPORTER_HELPER="+strings.Join(args, " "))
	return cmd
}

// TestWriteFileFails: a write that fails half way (the file size limit
// stops it after 4 KiB, as a full disk would) returns an error, leaves the
// previous file byte for byte and no temporary file.
func TestWriteFileFails(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "2025.csv")
	old := []byte(submissionWant)
	if err := os.WriteFile(target, old, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := helper(t, "fsize", target, "4096").CombinedOutput()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 3 {
		t.Fatalf("helper: %v, want exit 3 (a write error)\n%s", err, out)
	}
	if !strings.Contains(string(out), "write error") {
		t.Errorf("helper said %s", out)
	}
	if got, _ := os.ReadFile(target); !bytes.Equal(got, old) {
		t.Errorf("after a failed write the file is %d bytes, not the previous content", len(got))
	}
	if l := tempLeftovers(t, dir); len(l) > 0 {
		t.Errorf("temporary files left: %v", l)
	}
}

// TestWriteFileKilled: a process writing the file over and over is killed
// (SIGKILL) at random moments; the file is always one whole content. A
// temporary file may remain after SIGKILL (nothing can remove it); it is a
// hidden ".<name>.*.tmp" beside the target and never the target itself.
func TestWriteFileKilled(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	dir := t.TempDir()
	target := filepath.Join(dir, "2025.csv")
	a, b := loopContents()
	if err := os.WriteFile(target, a, 0o644); err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		cmd := helper(t, "loop", target)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(50+rand.IntN(200)) * time.Millisecond)
		cmd.Process.Kill()
		cmd.Wait()
		got, err := os.ReadFile(target)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, a) && !bytes.Equal(got, b) {
			t.Fatalf("kill %d: the file is %d bytes, neither content whole", i, len(got))
		}
		for _, l := range tempLeftovers(t, dir) {
			if !strings.HasPrefix(l, ".2025.csv.") || !strings.HasSuffix(l, ".tmp") {
				t.Errorf("unexpected file %s", l)
			}
		}
	}
}
