package atomicfile

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
)

var errFill = errors.New("fill failed")

// others lists the names in dir other than want.
func others(t *testing.T, dir, want string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range ents {
		if e.Name() != want {
			out = append(out, e.Name())
		}
	}
	return out
}

func TestWrite(t *testing.T) {
	const name = "f.csv"
	tests := []struct {
		name    string
		old     *string // the file before, nil for none
		write   func(path string) error
		want    *string // the file after, nil for none
		wantErr error   // matched with errors.Is
		perm    fs.FileMode
	}{
		{
			name:  "WriteFile new",
			write: func(p string) error { return WriteFile(p, []byte("new"), 0o644) },
			want:  ptr("new"), perm: 0o644,
		},
		{
			name:  "WriteFile replaces",
			old:   ptr("old"),
			write: func(p string) error { return WriteFile(p, []byte("new"), 0o600) },
			want:  ptr("new"), perm: 0o600,
		},
		{
			name:  "WriteFile empty",
			old:   ptr("old"),
			write: func(p string) error { return WriteFile(p, nil, 0o644) },
			want:  ptr(""), perm: 0o644,
		},
		{
			name: "Write fill",
			old:  ptr("old"),
			write: func(p string) error {
				return Write(p, 0o644, func(w io.Writer) error {
					_, err := io.WriteString(w, "ne")
					if err == nil {
						_, err = io.WriteString(w, "w")
					}
					return err
				})
			},
			want: ptr("new"), perm: 0o644,
		},
		{
			name: "Write fill fails, old kept",
			old:  ptr("old"),
			write: func(p string) error {
				return Write(p, 0o644, func(w io.Writer) error {
					io.WriteString(w, "half")
					return errFill
				})
			},
			want: ptr("old"), wantErr: errFill, perm: 0o644,
		},
		{
			name: "Write fill fails, nothing created",
			write: func(p string) error {
				return Write(p, 0o644, func(io.Writer) error { return errFill })
			},
			wantErr: errFill,
		},
		{
			name:  "Create new",
			write: func(p string) error { return Create(p, []byte("new"), 0o644) },
			want:  ptr("new"), perm: 0o644,
		},
		{
			name:  "Create refuses an existing file",
			old:   ptr("old"),
			write: func(p string) error { return Create(p, []byte("new"), 0o644) },
			want:  ptr("old"), wantErr: fs.ErrExist, perm: 0o644,
		},
		{
			name:    "missing directory",
			write:   func(p string) error { return WriteFile(filepath.Join(p, "sub", "x"), []byte("new"), 0o644) },
			wantErr: fs.ErrNotExist,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, name)
			if tt.old != nil {
				if err := os.WriteFile(path, []byte(*tt.old), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			err := tt.write(path)
			if tt.wantErr == nil && err != nil || tt.wantErr != nil && !errors.Is(err, tt.wantErr) {
				t.Fatalf("error = %v, want %v", err, tt.wantErr)
			}
			got, rerr := os.ReadFile(path)
			switch {
			case tt.want == nil && !errors.Is(rerr, fs.ErrNotExist):
				t.Errorf("the file is there (%q, %v), want none", got, rerr)
			case tt.want != nil && (rerr != nil || string(got) != *tt.want):
				t.Errorf("the file is %q (%v), want %q", got, rerr, *tt.want)
			}
			if tt.want != nil {
				fi, err := os.Stat(path)
				if err != nil {
					t.Fatal(err)
				}
				if fi.Mode().Perm() != tt.perm {
					t.Errorf("mode %v, want %v", fi.Mode().Perm(), tt.perm)
				}
			}
			if l := others(t, dir, name); len(l) > 0 {
				t.Errorf("files left: %v", l)
			}
		})
	}
}

// TestConcurrent: writers of different complete contents on one path end
// with one of them, whole, and no temporary file; of creators at once
// exactly one succeeds and the others are told the file exists.
func TestConcurrent(t *testing.T) {
	contents := make([][]byte, 8)
	for i := range contents {
		contents[i] = bytes.Repeat([]byte(strconv.Itoa(i)+",abcdef\n"), 20000+i*1000)
	}
	tests := []struct {
		name   string
		rounds int
		write  func(path string, data []byte) error
		create bool
	}{
		{"WriteFile", 5, func(p string, d []byte) error { return WriteFile(p, d, 0o644) }, false},
		{"Write", 5, func(p string, d []byte) error {
			return Write(p, 0o644, func(w io.Writer) error { _, err := w.Write(d); return err })
		}, false},
		{"Create", 1, func(p string, d []byte) error { return Create(p, d, 0o644) }, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "f")
			errs := make([]error, len(contents)*tt.rounds)
			var wg sync.WaitGroup
			for i := range contents {
				wg.Go(func() {
					for r := range tt.rounds {
						errs[i*tt.rounds+r] = tt.write(path, contents[i])
					}
				})
			}
			wg.Wait()
			ok := 0
			for _, err := range errs {
				switch {
				case err == nil:
					ok++
				case !tt.create || !errors.Is(err, fs.ErrExist):
					t.Error(err)
				}
			}
			if tt.create && ok != 1 {
				t.Errorf("%d creators succeeded, want 1", ok)
			}
			got, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.ContainsFunc(contents, func(c []byte) bool { return bytes.Equal(c, got) }) {
				t.Errorf("the file (%d bytes) is none of the contents written", len(got))
			}
			if l := others(t, dir, "f"); len(l) > 0 {
				t.Errorf("files left: %v", l)
			}
		})
	}
}

// TestTempName: the temporary file is a hidden ".<name>.*.tmp" beside
// the target, so a killed writer leaves nothing that looks like the file.
func TestTempName(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "2025.csv")
	var seen []string
	err := Write(path, 0o644, func(w io.Writer) error {
		seen = others(t, dir, "2025.csv")
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) != 1 || !strings.HasPrefix(seen[0], ".2025.csv.") || !strings.HasSuffix(seen[0], ".tmp") {
		t.Errorf("while writing the directory held %v, want one .2025.csv.*.tmp", seen)
	}
}

func ptr(s string) *string { return &s }

// TestPrepare: a pending file is complete beside its target, the target
// untouched, until Commit; Abort leaves the target as it was and no file.
func TestPrepare(t *testing.T) {
	for _, commit := range []bool{true, false} {
		dir := t.TempDir()
		name := filepath.Join(dir, "f.csv")
		if err := os.WriteFile(name, []byte("old"), 0o644); err != nil {
			t.Fatal(err)
		}
		p, err := Prepare(name, []byte("new"), 0o644)
		if err != nil {
			t.Fatal(err)
		}
		if got, _ := os.ReadFile(name); string(got) != "old" {
			t.Errorf("after Prepare, target = %q, want old", got)
		}
		want := "old"
		if commit {
			if err := p.Commit(); err != nil {
				t.Fatal(err)
			}
			want = "new"
		} else {
			p.Abort()
		}
		if got, _ := os.ReadFile(name); string(got) != want {
			t.Errorf("commit=%v: target = %q, want %q", commit, got, want)
		}
		entries, _ := os.ReadDir(dir)
		if len(entries) != 1 {
			t.Errorf("commit=%v: %d files in the directory, want 1 (no temporary file left)", commit, len(entries))
		}
	}
}
