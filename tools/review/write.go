package review

import (
	"bytes"
	"os"
	"path/filepath"
)

// WriteFile writes data to name atomically: to a temporary file in the
// same directory, synced, then renamed over name. A write that fails or is
// interrupted leaves the previous file as it was.
func WriteFile(name string, data []byte) (err error) {
	f, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".*.tmp")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if _, err = f.Write(data); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if err = f.Chmod(0o644); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), name)
}

// WriteFiles writes report.md (the Markdown, cut to [MaxComment]) and
// report.json into dir, creating it, each file atomically.
func (r *Report) WriteFiles(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if err := WriteFile(filepath.Join(dir, "report.md"), []byte(r.Markdown(MaxComment))); err != nil {
		return err
	}
	var js bytes.Buffer
	if err := r.WriteJSON(&js); err != nil {
		return err
	}
	return WriteFile(filepath.Join(dir, "report.json"), js.Bytes())
}
