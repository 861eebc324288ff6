//go:build linux

package main

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
)

// TestValidateMemory: -max-file-bytes and -max-rows bound the memory of
// ichiran validate as a whole — the engine and the domain checks — on a
// repository whose data file has 100 MB. Peak RSS is measured on the real
// command in its own process, against a baseline measured in the same run:
// the same repository with a one-row file.
func TestValidateMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 100 MB")
	}
	bin, err := exec.LookPath("ichiran") // installed by testscript.Main
	if err != nil {
		t.Skip(err)
	}
	small := t.TempDir()
	copyTree(t, "../../repo/testdata/repo", small)
	big := t.TempDir()
	copyTree(t, "../../repo/testdata/repo", big)
	f, err := os.Create(filepath.Join(big, "data", "mynumber-card", "2025.csv"))
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	fmt.Fprintln(w, "code,as_of,population,population_date,issued,rate")
	rows := 0
	for n := int64(0); n < 100<<20; rows++ {
		k, _ := fmt.Fprintf(w, "%06d,2025-05-01,1000,2024-01-01,500,50.0\n", rows%1000000)
		n += int64(k)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	peak := func(dir string, args ...string) int64 {
		t.Helper()
		cmd := exec.Command(bin, append([]string{"validate"}, append(args, dir)...)...)
		out, err := cmd.CombinedOutput()
		if cmd.ProcessState == nil {
			t.Fatalf("ichiran validate %v: %v\n%s", args, err, out)
		}
		if code := cmd.ProcessState.ExitCode(); code != 0 && code != 1 {
			t.Fatalf("ichiran validate %v: exit %d\n%s", args, code, out)
		}
		return cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss << 10 // KiB on Linux
	}
	base := peak(small)
	const slack = 32 << 20
	for _, args := range [][]string{
		{"-max-file-bytes", "1000000"},
		{"-max-rows", "10000"},
	} {
		if got := peak(big, args...); got > base+slack {
			t.Errorf("ichiran validate %v on %d rows (100 MB): peak RSS %d MB, want at most %d MB (the one-row baseline %d MB + %d MB)",
				args, rows, got>>20, (base+slack)>>20, base>>20, slack>>20)
		} else {
			t.Logf("ichiran validate %v on %d rows (100 MB): peak RSS %d MB; baseline %d MB", args, rows, got>>20, base>>20)
		}
	}
}

// copyTree copies the regular files under from into to.
func copyTree(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		target := filepath.Join(to, rel)
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}
