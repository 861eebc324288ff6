package review

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Change is one file a pull request changes, as the API lists it.
type Change struct {
	Path, Previous string // Previous: the old path of a rename
	Status         string // added, removed, modified, renamed, copied, changed
	SHA            string // the blob at the head
}

// Fetch returns the content of a blob of the pull request's head.
type Fetch func(sha string) ([]byte, error)

// MaxOverlayBytes bounds what Overlay fetches in all.
const MaxOverlayBytes = 256 << 20

// ErrOverlay is wrapped by the errors of Overlay.
var ErrOverlay = errors.New("プルリクエストのデータを組み立てられません / cannot put the pull request's data together")

// Overlay puts the pull request's data together in dst, for the base's
// tool to validate without running anything of the pull request: the data
// of base (datapackage.json, data/, schemas/*.json — the folder of the
// base branch's checkout), then every change to data (see IsData) applied,
// each file's content fetched by its blob. Changes to anything else are
// left out: they are not data, and are a maintainer's to review.
func Overlay(dst, base string, changes []Change, fetch Fetch) error {
	fail := func(format string, a ...any) error {
		return fmt.Errorf("%w: %s", ErrOverlay, fmt.Sprintf(format, a...))
	}
	b, err := os.ReadFile(filepath.Join(base, "datapackage.json"))
	if err != nil {
		return fail("%v", err)
	}
	if err := os.WriteFile(filepath.Join(dst, "datapackage.json"), b, 0o644); err != nil {
		return fail("%v", err)
	}
	for _, dir := range []string{"data", "schemas"} {
		if err := copyData(filepath.Join(base, dir), dst); err != nil {
			return fail("%v", err)
		}
	}
	var total int64
	for _, c := range changes {
		if c.Previous != "" && IsData(c.Previous) {
			if err := os.Remove(filepath.Join(dst, filepath.FromSlash(c.Previous))); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return fail("%v", err)
			}
		}
		if !IsData(c.Path) {
			continue
		}
		target := filepath.Join(dst, filepath.FromSlash(c.Path))
		if c.Status == "removed" {
			if err := os.Remove(target); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return fail("%v", err)
			}
			continue
		}
		content, err := fetch(c.SHA)
		if err != nil {
			return fail("%s: %v", c.Path, err)
		}
		if total += int64(len(content)); total > MaxOverlayBytes {
			return fail("合計 %d バイトを超えます / more than %d bytes in all", MaxOverlayBytes, MaxOverlayBytes)
		}
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return fail("%v", err)
		}
		if err := os.WriteFile(target, content, 0o644); err != nil {
			return fail("%v", err)
		}
	}
	return nil
}

// copyData copies the data files (see IsData) under the folder from to
// the folder of the same name in dst, regular files only.
func copyData(from, dst string) error {
	return filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) && p == from {
			return nil
		}
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(filepath.Dir(from), p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if strings.HasPrefix(d.Name(), ".") && p != from {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() || !IsData(rel) {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o644)
	})
}
