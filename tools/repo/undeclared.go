package repo

import (
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"

	"github.com/ichiran-jp/ichiran/tools/frictionless"
)

// CodeUndeclared: a CSV file under data/ that no resource declares. The
// engine validates only what the descriptor lists, so such a file would
// be published by nobody's check.
const CodeUndeclared = "undeclared-file"

// Undeclared lists, as errors, the CSV files under the package's data/
// folder that no resource of the package declares (hidden files, such as
// an import's lock, are not data).
func (r *Repository) Undeclared() ([]*frictionless.Error, error) {
	declared := map[string]bool{}
	for _, res := range r.Pkg.Resources {
		for _, p := range res.Paths {
			declared[path.Clean(p)] = true
		}
	}
	var out []*frictionless.Error
	err := fs.WalkDir(r.root.FS(), DataDir, func(p string, d fs.DirEntry, err error) error {
		switch {
		case err != nil && p == DataDir && os.IsNotExist(err):
			return fs.SkipAll
		case err != nil:
			return err
		case strings.HasPrefix(d.Name(), ".") && p != DataDir:
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		case d.IsDir() || !strings.EqualFold(path.Ext(p), ".csv") || declared[p]:
			return nil
		}
		out = append(out, &frictionless.Error{Code: CodeUndeclared, Path: r.Pkg.Path,
			Ja: p + " はどのリソースも宣言していない CSV です。ichiran import で取り込むか (リソースが加わります)、datapackage.json の resources に加えてください",
			En: p + " is a CSV file no resource declares: import it with ichiran import (which declares it), or add it to resources in datapackage.json"})
		return nil
	})
	slices.SortFunc(out, func(a, b *frictionless.Error) int { return strings.Compare(a.Ja, b.Ja) })
	return out, err
}
