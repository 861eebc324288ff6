package importer

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"time"

	"github.com/ichiran-jp/ichiran/tools/catalog"
	"github.com/ichiran-jp/ichiran/tools/frictionless"
	"github.com/ichiran-jp/ichiran/tools/lgcode"
	"github.com/ichiran-jp/ichiran/tools/sheet"
)

// Request is one `ichiran import`.
type Request struct {
	Package   string // the datapackage.json of the repository
	Indicator string
	File      string
	Sheet     string
	Encoding  string
	AsOf      time.Time // zero: from the file
	DryRun    bool
	Replace   bool
	// LockTimeout bounds the wait for the lock of the target file (see the
	// package documentation); zero means [DefaultLockTimeout].
	LockTimeout time.Duration
	// MaxXLSXBytes bounds the unpacked size of a workbook (.xlsx) being
	// imported; zero means [sheet.MaxUnzipSize]. A CSV file is not bounded
	// by it.
	MaxXLSXBytes int64
}

// Outcome is what an import did.
type Outcome struct {
	Source     *Source
	Result     *Result
	Target     string // the file written, or that would be
	Rel        string // its slash path inside the package
	Merged     *Merged
	Written    bool
	Refused    bool // figures would change and Replace was not given
	Validation *Validation
}

// ErrUsage is wrapped by errors that are the caller's to fix: an unknown
// indicator, one without a schema.
var ErrUsage = errors.New("usage")

// Import reads the file, converts it, merges it into
// data/<indicator>/<year>.csv, writes it (unless DryRun, or Refused) and
// validates what it wrote. Problems of the data are in the Outcome; the
// error is for the rest.
func Import(ctx context.Context, req Request) (*Outcome, error) {
	pkg, errs, err := frictionless.LoadPackage(req.Package)
	if err != nil {
		return nil, err
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("記述子にエラーがあります。ichiran validate で確認してください / the descriptor has errors; run ichiran validate: %v", errs[0])
	}
	cat, err := catalog.Load(pkg.Path)
	if err != nil {
		return nil, err
	}
	ind := cat.Indicator(req.Indicator)
	switch {
	case ind == nil:
		var ids []string
		for _, i := range cat.Indicators {
			if i.Status == catalog.Active {
				ids = append(ids, i.ID)
			}
		}
		return nil, fmt.Errorf("%w: 指標 %q はカタログにありません (%v) / no indicator %q in the catalogue", ErrUsage, req.Indicator, ids, req.Indicator)
	case ind.Status != catalog.Active || ind.Schema == "":
		return nil, fmt.Errorf("%w: 指標 %q は %s でスキーマがありません / indicator %q is %s and has no schema", ErrUsage, ind.ID, ind.Status, ind.ID, ind.Status)
	}
	lg := pkg.Resource("local-governments")
	if lg == nil || len(lg.Paths) != 1 {
		return nil, errors.New("local-governments のリソースがありません / the package has no local-governments resource")
	}
	codes, err := lgcode.LoadFile(filepath.Join(pkg.Dir, filepath.FromSlash(lg.Paths[0])))
	if err != nil {
		return nil, err
	}
	fields, err := LoadFields(filepath.Join(pkg.Dir, filepath.FromSlash(ind.Schema)))
	if err != nil {
		return nil, err
	}
	if !slices.ContainsFunc(fields, func(f Field) bool { return f.Name == "code" }) || !slices.ContainsFunc(fields, func(f Field) bool { return f.Name == "as_of" }) {
		return nil, fmt.Errorf("スキーマ %s に code と as_of がありません / schema %s lacks code or as_of", ind.Schema, ind.Schema)
	}
	src, err := ReadFileWith(req.File, req.Sheet, req.Encoding, sheet.Options{MaxUnzipSize: req.MaxXLSXBytes})
	if err != nil {
		return nil, err
	}
	out := &Outcome{Source: src}
	out.Result = Convert(src, Config{Indicator: ind, Fields: fields, Codes: codes, AsOf: req.AsOf})
	if len(out.Result.Errors) > 0 || len(out.Result.Rows) == 0 {
		return out, nil
	}
	iAsOf := slices.IndexFunc(fields, func(f Field) bool { return f.Name == "as_of" })
	years := map[int]bool{}
	for _, r := range out.Result.Rows {
		y, _ := strconv.Atoi(r.Values[iAsOf][:4])
		years[y] = true
	}
	if len(years) > 1 {
		out.Result.Errors = append(out.Result.Errors, Problem{Where: src.Path,
			Ja: fmt.Sprintf("時点が %d 年にまたがっています。ファイルは年ごとなので、年ごとに分けて取り込んでください", len(years)),
			En: fmt.Sprintf("the as-of dates span %d years; files are per year, so import each year separately", len(years))})
		return out, nil
	}
	var year int
	for y := range years {
		year = y
	}
	out.Rel = path.Join("data", ind.ID, strconv.Itoa(year)+".csv")
	out.Target = filepath.Join(pkg.Dir, filepath.FromSlash(out.Rel))
	if req.DryRun {
		out.Merged, err = Merge(out.Target, fields, out.Result.Rows)
		if err != nil {
			return out, err
		}
		if len(out.Merged.Changes) > 0 && !req.Replace {
			out.Refused = true
			return out, nil
		}
		out.Validation, err = validateDry(ctx, pkg, cat, codes, ind, out.Rel, out.Merged.Bytes())
		return out, err
	}
	// Read, merge and write under the lock of the target, so that a
	// concurrent import (of other as-of dates) cannot lose these rows or
	// have its own lost.
	if err := mergeAndWrite(ctx, out, fields, req); err != nil || !out.Written {
		return out, err
	}
	out.Validation, err = Validate(ctx, pkg, cat, codes, ind, out.Rel)
	return out, err
}

// mergeAndWrite merges the rows of out into its target and, unless that
// would change figures without req.Replace, writes the file: all under the
// target's lock, released once the file is renamed into place.
func mergeAndWrite(ctx context.Context, out *Outcome, fields []Field, req Request) error {
	unlock, err := lockFile(ctx, out.Target, req.LockTimeout)
	if err != nil {
		return err
	}
	defer unlock()
	out.Merged, err = Merge(out.Target, fields, out.Result.Rows)
	if err != nil {
		return err
	}
	if len(out.Merged.Changes) > 0 && !req.Replace {
		out.Refused = true
		return nil
	}
	if err := WriteFile(out.Target, out.Merged.Bytes()); err != nil {
		return err
	}
	out.Written = true
	return nil
}

// OK reports whether the import went through with no problem of the data.
func (o *Outcome) OK() bool {
	return o.Result != nil && len(o.Result.Errors) == 0 && len(o.Result.Rows) > 0 && !o.Refused &&
		(o.Validation == nil || len(o.Validation.Errors) == 0 && len(o.Validation.Domain) == 0)
}

// validateDry validates data as the file rel of the package would be,
// without writing into the package: the package's data files and the
// indicator's schema are copied into a temporary directory, data is written
// there as rel, and the problems found are reported against the real path.
func validateDry(ctx context.Context, pkg *frictionless.Package, cat *catalog.Catalog, codes *lgcode.Table, ind *catalog.Indicator, rel string, data []byte) (*Validation, error) {
	tmp, err := os.MkdirTemp("", "ichiran-import-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	copyIn := func(p string) error {
		b, err := os.ReadFile(filepath.Join(pkg.Dir, filepath.FromSlash(p)))
		if errors.Is(err, os.ErrNotExist) {
			return nil
		}
		if err != nil {
			return err
		}
		dst := filepath.Join(tmp, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		return os.WriteFile(dst, b, 0o644)
	}
	for _, r := range pkg.Resources {
		for _, p := range r.Paths {
			if p == rel {
				continue
			}
			if err := copyIn(p); err != nil {
				return nil, err
			}
		}
	}
	if err := copyIn(ind.Schema); err != nil {
		return nil, err
	}
	dst := filepath.Join(tmp, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return nil, err
	}
	if err := os.WriteFile(dst, data, 0o644); err != nil {
		return nil, err
	}
	// A copy of the package that reads from tmp; Validate may add a
	// resource to it, never to pkg.
	dry := *pkg
	dry.Dir = tmp
	dry.Path = filepath.Join(tmp, filepath.Base(pkg.Path))
	dry.Resources = slices.Clone(pkg.Resources)
	v, err := Validate(ctx, &dry, cat, codes, ind, rel)
	if err != nil {
		return nil, err
	}
	for _, e := range slices.Concat(v.Errors, v.Domain) {
		if r, err := filepath.Rel(tmp, e.Path); err == nil && filepath.IsLocal(r) {
			e.Path = filepath.Join(pkg.Dir, r)
		}
	}
	return v, nil
}
