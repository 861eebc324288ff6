// Package repo is the ichiran repository: a Frictionless Data Package
// (datapackage.json, data/, schemas/) whose descriptor also holds the
// indicator catalogue, and whose code table of local governments keys
// every row.
//
// One door. Every file of the repository is opened here: through the
// repository's os.Root, as a regular file (a symbolic link anywhere in the
// path, a directory, a device or a pipe is refused with [ErrNotRegular]),
// and within the same limits as the validation engine ([Limits]). Every
// resource's rows are read by one reader with one error policy ([Rows]):
// the first line that cannot be read stops the reading with a [ReadError]
// that says where. The names the repository is built on — the code
// table's resource, the code and as-of fields, the descriptor, the data
// folder — are spelled here alone ([CodesResource], [CodeField],
// [AsOfField], [Descriptor], [DataDir]).
//
// How it is enforced: TestOneDoor scans every non-test Go file outside
// this package (and outside the engine, tools/frictionless, which has its
// own os.Root) for calls that open files (os.Open, os.ReadFile, os.Stat,
// os.OpenRoot, filepath.WalkDir …) and for the code table's resource name
// as a string literal; the calls it allows are listed there, each with
// its reason (a command's own output, a file the user names that is not
// the repository's, a temporary copy then opened through this package).
// TestLayers keeps this package from importing the features above it.
//
// 一つの入口: リポジトリのファイルはすべてこのパッケージの os.Root から、通常のファイル
// として、検証エンジンと同じ上限で開きます。シンボリックリンクは読みません。
package repo

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"

	"github.com/ichiran-jp/ichiran/tools/catalog"
	"github.com/ichiran-jp/ichiran/tools/frictionless"
	"github.com/ichiran-jp/ichiran/tools/lgcode"
)

// The names the repository is built on.
const (
	Descriptor    = "datapackage.json"  // the package descriptor, at the top
	DataDir       = "data"              // the folder of the data files
	CodesResource = "local-governments" // the resource of the code table
	CodeField     = "code"              // every indicator row's 全国地方公共団体コード
	AsOfField     = "as_of"             // every indicator row's as-of date (時点)
)

// ErrNotRepository: the package has no indicator catalogue or no code
// table, so it is a plain Data Package (a release bundle, say).
var ErrNotRepository = errors.New("ichiran のリポジトリではありません (指標カタログか団体コード表がありません) / not an ichiran repository (no indicator catalogue or no local-governments resource)")

// InvalidError: the descriptor, the catalogue or the code table has
// problems, which ichiran validate lists; the other commands refuse such a
// repository.
type InvalidError struct {
	Errors []*frictionless.Error
}

func (e *InvalidError) Error() string {
	return fmt.Sprintf("リポジトリに問題があります (%d 件)。ichiran validate で確認してください / the repository has problems (%d); run ichiran validate: %v",
		len(e.Errors), len(e.Errors), e.Errors[0])
}

// Unwrap returns the first error.
func (e *InvalidError) Unwrap() error { return e.Errors[0] }

// Repository is an opened ichiran repository. Its methods may be called
// from several goroutines; a table, once read, is kept (see [Repository.Table]).
type Repository struct {
	Dir    string // the directory of the descriptor
	Pkg    *frictionless.Package
	Cat    *catalog.Catalog
	Codes  *lgcode.Table
	Limits Limits

	root   *os.Root
	mu     sync.Mutex
	tables map[string]*tableOnce
}

// Path is the path of a descriptor given as a file or as the directory
// that holds it.
func Path(arg string) string {
	if arg == "" {
		return Descriptor
	}
	if fi, err := os.Stat(arg); err == nil && fi.IsDir() {
		return filepath.Join(arg, Descriptor)
	}
	return arg
}

// Open opens the repository whose descriptor is at path (a file, or a
// directory holding datapackage.json). A descriptor, catalogue or code
// table with problems is an *InvalidError; a package without catalogue or
// code table is ErrNotRepository.
func Open(path string, lim Limits) (*Repository, error) {
	r, problems, err := open(path, lim, frictionless.DescriptorLimits{})
	if err != nil {
		return nil, err
	}
	if len(problems) > 0 {
		return nil, &InvalidError{Errors: problems}
	}
	return r, nil
}

// open is Open that returns the descriptor's and the catalogue's problems
// as errors to report, as ichiran validate does.
func open(path string, lim Limits, dlim frictionless.DescriptorLimits) (*Repository, []*frictionless.Error, error) {
	pkg, errs, err := frictionless.LoadPackageWith(Path(path), dlim)
	if err != nil {
		return nil, nil, err
	}
	if len(errs) > 0 {
		return nil, errs, nil
	}
	return fromPackage(pkg, lim)
}

// New is the repository of parts already loaded: a package (which may
// differ from its descriptor file, as an import's dry run does) with its
// catalogue and code table. Its files are read from pkg.Dir.
func New(pkg *frictionless.Package, cat *catalog.Catalog, codes *lgcode.Table, lim Limits) (*Repository, error) {
	root, err := os.OpenRoot(pkg.Dir)
	if err != nil {
		return nil, err
	}
	return &Repository{Dir: pkg.Dir, Pkg: pkg, Cat: cat, Codes: codes, Limits: lim, root: root, tables: map[string]*tableOnce{}}, nil
}

// fromPackage opens the repository of a package loaded without errors.
func fromPackage(pkg *frictionless.Package, lim Limits) (*Repository, []*frictionless.Error, error) {
	r, err := New(pkg, nil, nil, lim)
	if err != nil {
		return nil, nil, err
	}
	problems, err := r.load()
	if err != nil || len(problems) > 0 {
		r.Close()
		return nil, problems, err
	}
	return r, nil, nil
}

// load reads the catalogue and the code table.
func (r *Repository) load() ([]*frictionless.Error, error) {
	res := r.Pkg.Resource(CodesResource)
	if res == nil || len(res.Paths) != 1 {
		return nil, ErrNotRepository
	}
	raw, err := r.ReadDescriptor()
	if err != nil {
		return nil, err
	}
	if !hasCatalogue(raw) {
		return nil, ErrNotRepository
	}
	// The code table is read while the catalogue is parsed: they do not
	// depend on each other.
	type loaded struct {
		codes *lgcode.Table
		err   error
	}
	codes := make(chan loaded, 1)
	go func() {
		f, err := r.Open(res.Paths[0])
		if err != nil {
			codes <- loaded{nil, err}
			return
		}
		defer f.Close()
		t, err := lgcode.Load(f)
		codes <- loaded{t, err}
	}()
	cat, err := catalog.Parse(raw)
	c := <-codes
	var problems catalog.Problems
	switch {
	case errors.As(err, &problems):
		var errs []*frictionless.Error
		for _, pr := range problems {
			errs = append(errs, &frictionless.Error{Code: frictionless.CodePackage, Path: r.Pkg.Path, Ja: pr.Ja, En: pr.En + " (" + pr.Pointer + ")"})
		}
		return errs, nil
	case err != nil:
		return nil, err
	case len(cat.Indicators) == 0:
		return nil, ErrNotRepository
	}
	r.Cat = cat
	if c.err != nil {
		// The engine reports what is wrong with the table itself.
		return []*frictionless.Error{{Code: frictionless.CodeSource, Resource: CodesResource, Path: r.display(res.Paths[0]),
			Ja: "団体コード表を読めないため、ドメインの検査をしていません: " + c.err.Error(),
			En: "the code table cannot be read, so the domain checks did not run"}}, nil
	}
	r.Codes = c.codes
	return nil, nil
}

// hasCatalogue reports whether the descriptor has the indicator catalogue
// (a release bundle is a plain Data Package with the code table).
func hasCatalogue(raw []byte) bool {
	var top map[string]json.RawMessage
	if json.Unmarshal(raw, &top) != nil {
		return false
	}
	_, ok := top["indicators"]
	return ok
}

// CodesPath is the slash path of the code table in the package.
func (r *Repository) CodesPath() string {
	return r.Pkg.Resource(CodesResource).Paths[0]
}

// Close releases the repository's directory.
func (r *Repository) Close() error { return r.root.Close() }

// display is the path of a slash path of the package, as reports show it.
func (r *Repository) display(name string) string {
	return filepath.Join(r.Dir, filepath.FromSlash(name))
}

// FS is the repository as a read-only file system, through the door: a
// symbolic link or a non-regular file cannot be opened.
func (r *Repository) FS() fs.FS { return doorFS{r} }
