package repo

import (
	"io/fs"
	"path"
	"path/filepath"
	"slices"
	"strings"
)

// Files lists the regular files under the folder dir of the repository
// (a slash path), as sorted slash paths. A symbolic link is neither
// listed nor followed, nor is the folder dir when it is one; what does not
// exist or is not a folder has no files.
func (r *Repository) Files(dir string) ([]string, error) {
	clean := path.Clean(dir)
	if !fs.ValidPath(clean) || strings.Contains(dir, `\`) {
		return nil, &fs.PathError{Op: "readdir", Path: r.display(dir), Err: fs.ErrInvalid}
	}
	for step := clean; step != "."; step = path.Dir(step) {
		fi, err := r.root.Lstat(filepath.FromSlash(step))
		if err != nil || fi.Mode()&fs.ModeSymlink != 0 || !fi.IsDir() {
			return nil, nil
		}
	}
	var out []string
	err := fs.WalkDir(r.root.FS(), clean, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() {
			out = append(out, p)
		}
		return nil
	})
	slices.Sort(out)
	return out, err
}
