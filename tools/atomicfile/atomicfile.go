// Package atomicfile writes files so that readers see the old content or
// the new, never a part.
//
// The content goes to a temporary file in the same directory as the target
// (a hidden ".<name>.*.tmp"), which is given its permissions, synced to
// disk and closed, then renamed over the target (or, for [Create], linked
// to it). On every failure the temporary file is removed and the target is
// left as it was; only a process killed mid-write can leave a temporary
// file behind, never a partial target. Directories are not created.
package atomicfile

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// Write writes to name atomically what fill writes to its writer, with the
// permissions perm (not masked by the umask). If fill or any step fails,
// name is left as it was and the error is returned.
func Write(name string, perm os.FileMode, fill func(io.Writer) error) error {
	tmp, err := temp(name, perm, fill)
	if err != nil {
		return err
	}
	if err := os.Rename(tmp, name); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}

// Pending is a file written completely beside its target but not yet put
// in place: several can be prepared and then committed together, so that a
// failure while writing any of them leaves every target as it was.
type Pending struct {
	tmp, name string
}

// Prepare writes data to a temporary file beside name, synced and closed,
// and returns it pending: Commit puts it in place, Abort removes it.
func Prepare(name string, data []byte, perm os.FileMode) (*Pending, error) {
	tmp, err := temp(name, perm, writeAll(data))
	if err != nil {
		return nil, err
	}
	return &Pending{tmp: tmp, name: name}, nil
}

// Commit renames the pending file over its target.
func (p *Pending) Commit() error {
	if err := os.Rename(p.tmp, p.name); err != nil {
		os.Remove(p.tmp)
		return err
	}
	return nil
}

// Abort removes the pending file; the target is untouched.
func (p *Pending) Abort() { os.Remove(p.tmp) }

// WriteFile writes data to name atomically, replacing any file there, with
// the permissions perm (not masked by the umask).
func WriteFile(name string, data []byte, perm os.FileMode) error {
	return Write(name, perm, writeAll(data))
}

// Create writes data to name atomically as [WriteFile] does, but never
// replaces a file: if name exists, before or when the complete file is put
// in place, nothing is written and the error matches [fs.ErrExist]. Of
// writers racing to create one name, exactly one succeeds. (On a file
// system without hard links the last check and the rename are two steps.)
func Create(name string, data []byte, perm os.FileMode) (err error) {
	if err := exists(name); err != nil {
		return err
	}
	tmp, err := temp(name, perm, writeAll(data))
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			os.Remove(tmp)
		}
	}()
	// Link fails if name appeared meanwhile: never overwrite.
	if err = os.Link(tmp, name); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return existErr(name)
		}
		// No hard links on this file system: rename after a last check.
		if _, serr := os.Lstat(name); serr == nil {
			return existErr(name)
		}
		return os.Rename(tmp, name)
	}
	return os.Remove(tmp)
}

// temp writes a complete, synced and closed temporary file beside name and
// returns its path; on failure it removes it.
func temp(name string, perm os.FileMode, fill func(io.Writer) error) (path string, err error) {
	f, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".*.tmp")
	if err != nil {
		return "", err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if err = fill(f); err != nil {
		return "", err
	}
	if err = f.Chmod(perm); err != nil {
		return "", err
	}
	if err = f.Sync(); err != nil {
		return "", err
	}
	if err = f.Close(); err != nil {
		return "", err
	}
	return f.Name(), nil
}

func writeAll(data []byte) func(io.Writer) error {
	return func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	}
}

// exists returns an error matching [fs.ErrExist] if name exists, the error
// of Lstat if it is not that name is missing, or nil.
func exists(name string) error {
	_, err := os.Lstat(name)
	switch {
	case err == nil:
		return existErr(name)
	case errors.Is(err, fs.ErrNotExist):
		return nil
	}
	return err
}

func existErr(name string) error {
	return &fs.PathError{Op: "create", Path: name, Err: fs.ErrExist}
}
