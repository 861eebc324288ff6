package repo

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/ichiran-jp/ichiran/tools/atomicfile"
	"github.com/ichiran-jp/ichiran/tools/tablecsv"
)

// Limits bound what a file of the repository may cost; they are the
// engine's (ichiran validate's -max-file-bytes, -max-rows, -max-cell-bytes
// …), so that every command reads what validate would. Zero means no limit
// (the CSV limits: the reader's defaults).
type Limits struct {
	MaxFileBytes int64 // a larger file is not read
	MaxRows      int   // a resource with more data rows is not read whole
	CSV          tablecsv.Options
}

// ErrNotRegular: the path is a symbolic link (or has one in it), a folder,
// a device or a pipe. Data files are regular files: a link would let a
// file's target reach the review comment, the bundle and the site.
var ErrNotRegular = errors.New("通常のファイルではありません (シンボリックリンク、フォルダ、デバイス、パイプは読みません) / not a regular file (symbolic links, folders, devices and pipes are not read)")

// ErrLimit is wrapped by a *LimitError.
var ErrLimit = errors.New("over a limit")

// LimitError: a file over one of the [Limits].
type LimitError struct {
	Path  string // as reports show it
	What  string // "bytes" or "rows"
	Limit int64
}

func (e *LimitError) Error() string {
	ja := map[string]string{"bytes": "バイト", "rows": "行"}[e.What]
	return fmt.Sprintf("%s: 上限 %d %s を超えるので読みません / over the limit of %d %s: not read", e.Path, e.Limit, ja, e.Limit, e.What)
}

func (e *LimitError) Unwrap() error { return ErrLimit }

// Open opens the file at the slash path name of the repository, which
// must be a regular file, reached without a symbolic link, within
// Limits.MaxFileBytes. Errors are *fs.PathError values (wrapping
// fs.ErrNotExist, ErrNotRegular, fs.ErrInvalid for a path that leaves the
// repository) or a *LimitError.
func (r *Repository) Open(name string) (*os.File, error) {
	clean := path.Clean(name)
	if !fs.ValidPath(clean) || strings.Contains(name, `\`) {
		return nil, &fs.PathError{Op: "open", Path: r.display(name), Err: fs.ErrInvalid}
	}
	// Every step is checked, not only the last: a linked folder would
	// lead elsewhere as surely as a linked file.
	step := ""
	for seg := range strings.SplitSeq(clean, "/") {
		step = path.Join(step, seg)
		fi, err := r.root.Lstat(filepath.FromSlash(step))
		if err != nil {
			return nil, &fs.PathError{Op: "open", Path: r.display(name), Err: unwrapPath(err)}
		}
		if fi.Mode()&fs.ModeSymlink != 0 || step == clean && !fi.Mode().IsRegular() {
			return nil, &fs.PathError{Op: "open", Path: r.display(name), Err: ErrNotRegular}
		}
	}
	f, err := r.root.Open(filepath.FromSlash(clean))
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: r.display(name), Err: unwrapPath(err)}
	}
	// The file checked may have been replaced since: check what was opened.
	fi, err := f.Stat()
	switch {
	case err != nil:
		f.Close()
		return nil, err
	case !fi.Mode().IsRegular():
		f.Close()
		return nil, &fs.PathError{Op: "open", Path: r.display(name), Err: ErrNotRegular}
	case r.Limits.MaxFileBytes > 0 && fi.Size() > r.Limits.MaxFileBytes:
		f.Close()
		return nil, &LimitError{Path: r.display(name), What: "bytes", Limit: r.Limits.MaxFileBytes}
	}
	return f, nil
}

// unwrapPath drops the os.Root's own *PathError, whose path is relative:
// the caller names the file as reports show it.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// ReadFile reads a whole file of the repository through [Repository.Open].
func (r *Repository) ReadFile(name string) ([]byte, error) {
	f, err := r.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(f)
}

// ReadDescriptor reads the package descriptor (datapackage.json) whole.
func (r *Repository) ReadDescriptor() ([]byte, error) {
	return r.ReadFile(filepath.Base(r.Pkg.Path))
}

// Exists reports whether the slash path name is a regular file of the
// repository, reached without a symbolic link.
func (r *Repository) Exists(name string) bool {
	f, err := r.Open(name)
	if err != nil {
		return false
	}
	f.Close()
	return true
}

// WriteFile replaces (or creates) the file at the slash path name of the
// repository atomically: a reader sees the old bytes or the new, never a
// part. A symbolic link at name is replaced, never followed.
func (r *Repository) WriteFile(name string, data []byte) error {
	clean := path.Clean(name)
	if !fs.ValidPath(clean) || strings.Contains(name, `\`) || clean == "." {
		return &fs.PathError{Op: "write", Path: r.display(name), Err: fs.ErrInvalid}
	}
	if fi, err := r.root.Lstat(filepath.FromSlash(path.Dir(clean))); err != nil || !fi.IsDir() {
		if err == nil {
			err = ErrNotRegular
		}
		return &fs.PathError{Op: "write", Path: r.display(name), Err: unwrapPath(err)}
	}
	return atomicfile.WriteFile(r.display(clean), data, 0o644)
}

// doorFS is the repository as an fs.FS.
type doorFS struct{ r *Repository }

func (d doorFS) Open(name string) (fs.File, error) { return d.r.Open(name) }
