package review

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/ichiran-jp/ichiran/tools/repo"
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
// of base (datapackage.json, data/, schemas/*.json — the base branch's
// checkout, read through its door: regular files only), then every change
// to data (see IsData) applied, each file's content fetched by its blob.
// Changes to anything else are left out: they are not data, and are a
// maintainer's to review.
func Overlay(dst string, base *repo.Repository, changes []Change, fetch Fetch) error {
	fail := func(format string, a ...any) error {
		return fmt.Errorf("%w: %s", ErrOverlay, fmt.Sprintf(format, a...))
	}
	write := func(name string, b []byte) error {
		target := filepath.Join(dst, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o644)
	}
	files := []string{repo.Descriptor}
	for _, dir := range []string{repo.DataDir, "schemas"} {
		names, err := base.Files(dir)
		if err != nil {
			return fail("%v", err)
		}
		for _, f := range names {
			if IsData(f) && !hidden(f) {
				files = append(files, f)
			}
		}
	}
	for _, f := range files {
		b, err := base.ReadFile(f)
		if err != nil {
			return fail("%v", err)
		}
		if err := write(f, b); err != nil {
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
		if c.Status == "removed" {
			if err := os.Remove(filepath.Join(dst, filepath.FromSlash(c.Path))); err != nil && !errors.Is(err, fs.ErrNotExist) {
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
		if err := write(c.Path, content); err != nil {
			return fail("%v", err)
		}
	}
	return nil
}

// hidden reports whether a slash path is in a hidden folder (an import's
// work, say): not the base's data.
func hidden(p string) bool {
	return strings.HasPrefix(p, ".") || strings.Contains(p, "/.")
}
