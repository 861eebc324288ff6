package frictionless

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestNotRegularFile: a resource path naming a directory or a named pipe is
// an error, never a hang or a failure of the tool.
func TestNotRegularFile(t *testing.T) {
	tests := []struct {
		name string
		make func(path string) error
	}{
		{"directory", func(p string) error { return os.Mkdir(p, 0o755) }},
		{"fifo", func(p string) error { return syscall.Mkfifo(p, 0o644) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := tt.make(filepath.Join(dir, "data.csv")); err != nil {
				t.Skipf("cannot make a %s here: %v", tt.name, err)
			}
			desc := filepath.Join(dir, "datapackage.json")
			if err := os.WriteFile(desc, []byte(`{"resources": [{"name": "a", "path": "data.csv"}]}`), 0o644); err != nil {
				t.Fatal(err)
			}
			rep, err := Validate(context.Background(), desc, Options{})
			if err != nil {
				t.Fatalf("Validate() failed: %v", err)
			}
			if len(rep.Errors) != 1 || rep.Errors[0].Code != CodeScheme || !errors.Is(rep.Errors[0], errNotRegular) {
				t.Errorf("Validate(%s) = %v, want one %s wrapping errNotRegular", tt.name, rep.Errors, CodeScheme)
			}
		})
	}
}

// TestErrorIs: every reported problem matches ErrInvalid, and unsafe paths
// match ErrUnsafePath.
func TestErrorIs(t *testing.T) {
	for _, p := range []string{"/etc/passwd", "../x.csv", "a/../../x.csv", "https://example.com/x.csv", ".hidden/x.csv", `C:\x.csv`, "a\\b.csv", ""} {
		if err := CheckPath(p); !errors.Is(err, ErrUnsafePath) {
			t.Errorf("CheckPath(%q) = %v, want ErrUnsafePath", p, err)
		}
	}
	for _, p := range []string{"data/x.csv", "x.csv", "data/2025/日本語.csv", "./x.csv"} {
		if err := CheckPath(p); err != nil {
			t.Errorf("CheckPath(%q) = %v, want nil", p, err)
		}
	}
	var e error = &Error{Code: CodeType}
	if !errors.Is(e, ErrInvalid) {
		t.Errorf("errors.Is(*Error, ErrInvalid) = false")
	}
}

// TestValidateTableBrokenKeys: a schema whose keys name fields it does not
// have is reported by LoadSchema; used anyway, it must not panic.
func TestValidateTableBrokenKeys(t *testing.T) {
	dir := t.TempDir()
	sp := filepath.Join(dir, "s.json")
	csv := filepath.Join(dir, "t.csv")
	if err := os.WriteFile(sp, []byte(`{"fields": [{"name": "a"}], "primaryKey": ["x"], "uniqueKeys": [["y"]], "foreignKeys": [{"fields": ["z"], "reference": {"fields": ["a"]}}, {"fields": ["a"], "reference": {"fields": ["w"]}}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(csv, []byte("a\n1\n1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	s, errs, err := LoadSchema(sp)
	if err != nil {
		t.Fatal(err)
	}
	if len(errs) != 4 {
		t.Errorf("LoadSchema = %d errors, want 4 (one per broken key): %v", len(errs), errs)
	}
	rep, err := ValidateTable(context.Background(), csv, s, nil, Options{})
	if err != nil || !rep.Valid {
		t.Errorf("ValidateTable with broken keys = %v, %v; want valid (broken keys are not checked)", rep, err)
	}
}
