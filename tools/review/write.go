package review

import (
	"bytes"
	"os"
	"path/filepath"

	"github.com/ichiran-jp/ichiran/tools/atomicfile"
)

// WriteFile writes data to name atomically: to a temporary file in the
// same directory, synced, then renamed over name. A write that fails or is
// interrupted leaves the previous file as it was.
func WriteFile(name string, data []byte) error {
	return atomicfile.WriteFile(name, data, 0o644)
}

// FullMarkdown is the file of the whole Markdown in the run's artifact.
const FullMarkdown = "report-full.md"

// WriteFiles writes report.md (the Markdown, cut to [MaxComment]),
// report-full.md (the Markdown whole, for the run's artifact) and
// report.json into dir, creating it, each file atomically.
func (r *Report) WriteFiles(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if err := WriteFile(filepath.Join(dir, "report.md"), []byte(r.Markdown(MaxComment))); err != nil {
		return err
	}
	if err := WriteFile(filepath.Join(dir, FullMarkdown), []byte(r.Markdown(0))); err != nil {
		return err
	}
	var js bytes.Buffer
	if err := r.WriteJSON(&js); err != nil {
		return err
	}
	return WriteFile(filepath.Join(dir, "report.json"), js.Bytes())
}
