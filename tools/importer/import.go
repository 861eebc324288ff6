package importer

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"time"

	"github.com/ichiran-jp/ichiran/tools/catalog"
	"github.com/ichiran-jp/ichiran/tools/frictionless"
	"github.com/ichiran-jp/ichiran/tools/lgcode"
	"github.com/ichiran-jp/ichiran/tools/repo"
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
	// Transpose reads a table written with one local government per
	// column (rows and columns swapped).
	Transpose bool
	// InCodeOrder resolves names by their place: the file lists every
	// municipality in force at the as-of date, in code order, by name
	// only; each name must denote the municipality at its place.
	InCodeOrder bool
	// NameOverCode lets the name decide where a code and its name
	// disagree (see [Config.NameOverCode]).
	NameOverCode bool
	// Partial accepts a file that covers only some of the local
	// governments of its date (a ministry sending its figures in parts):
	// the coverage check then notes the others instead of refusing.
	Partial bool
	// Source describes the file's publication for its provenance (File,
	// Bytes, SHA256, Sheet, Options, AsOf and Rows are filled in).
	Source Provenance
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
	Unchanged  bool // the file and its declaration are already what the import would write
	Validation *Validation
	// Declaration is the change to datapackage.json: the resource
	// declared for the file (added when new) and its provenance.
	Declaration *Declaration
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
		state := map[string]string{catalog.Pending: "調整中", catalog.NotSuited: "個別団体の情報になじまない指標"}[ind.Status]
		return nil, fmt.Errorf("%w: 指標 %q は%sなので、取り込むデータの形 (スキーマ) がありません / indicator %q is %s and has no schema to import into", ErrUsage, ind.ID, state, ind.ID, ind.Status)
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
	raw, err := readRegular(req.File)
	if err != nil {
		return nil, err
	}
	src, err := ReadBytes(req.File, raw, req.Sheet, req.Encoding, sheet.Options{MaxUnzipSize: req.MaxXLSXBytes})
	if err != nil {
		return nil, err
	}
	if req.Transpose {
		src.Transpose()
	}
	out := &Outcome{Source: src}
	out.Result = Convert(src, Config{Indicator: ind, Fields: fields, Codes: codes, AsOf: req.AsOf, InCodeOrder: req.InCodeOrder, NameOverCode: req.NameOverCode})
	if len(out.Result.Errors) > 0 || len(out.Result.Rows) == 0 {
		return out, nil
	}
	iAsOf := slices.IndexFunc(fields, func(f Field) bool { return f.Name == "as_of" })
	dates := map[string]bool{}
	for _, r := range out.Result.Rows {
		dates[r.Values[iAsOf]] = true
	}
	if len(dates) > 1 {
		out.Result.Errors = append(out.Result.Errors, Problem{Where: src.Path,
			Ja: fmt.Sprintf("時点が %d 個あります。出典の記録は時点ごとなので、時点ごとに分けて取り込んでください", len(dates)),
			En: fmt.Sprintf("the rows carry %d as-of dates; provenance is kept per date, so import each date separately", len(dates))})
		return out, nil
	}
	date := slices.Collect(maps.Keys(dates))[0]
	out.Rel = path.Join("data", ind.ID, date[:4]+".csv")
	out.Target = filepath.Join(pkg.Dir, filepath.FromSlash(out.Rel))
	prov := req.Source
	prov.File, prov.Bytes, prov.Sheet, prov.AsOf, prov.Rows = filepath.Base(req.File), int64(len(raw)), src.Sheet, date, len(out.Result.Rows)
	prov.SHA256 = fmt.Sprintf("%x", sha256.Sum256(raw))
	if prov.License == nil {
		l := Licenses["none"]
		prov.License = &l
	}
	prov.Options = nil
	if req.Transpose {
		prov.Options = append(prov.Options, "-transpose")
	}
	if req.InCodeOrder {
		prov.Options = append(prov.Options, "-in-code-order")
	}
	if req.NameOverCode {
		prov.Options = append(prov.Options, "-name-over-code")
	}
	if req.Encoding != "" {
		prov.Options = append(prov.Options, "-encoding", req.Encoding)
	}
	if !req.AsOf.IsZero() {
		prov.Options = append(prov.Options, "-as-of", req.AsOf.Format(time.DateOnly))
	}
	// Every check that can refuse runs before a byte is written: the
	// merge (changed figures need Replace), then the engine and the domain
	// checks on the merged file in a copy of the package. Writing happens
	// under the locks of the data file and of the descriptor, so that a
	// concurrent import cannot lose these rows, or its own.
	if !req.DryRun {
		unlock, err := lockFile(ctx, out.Target, req.LockTimeout)
		if err != nil {
			return out, err
		}
		defer unlock()
		unlockPkg, err := lockFile(ctx, pkg.Path, req.LockTimeout)
		if err != nil {
			return out, err
		}
		defer unlockPkg()
	}
	if out.Merged, err = Merge(out.Target, fields, out.Result.Rows); err != nil {
		return out, err
	}
	if len(out.Merged.Changes) > 0 && !req.Replace {
		out.Refused = true
		return out, nil
	}
	desc, err := os.ReadFile(pkg.Path)
	if err != nil {
		return out, err
	}
	if out.Declaration, err = Declare(desc, ind.ID, ind.Title.Ja, ind.Schema, out.Rel, prov); err != nil {
		return out, err
	}
	data := out.Merged.Bytes()
	old, err := os.ReadFile(out.Target)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return out, err
	}
	if out.Merged.Exists && bytes.Equal(old, data) && !out.Declaration.Changed {
		out.Unchanged = true
		return out, nil
	}
	if out.Validation, err = validateDry(ctx, pkg, cat, codes, ind, out.Rel, data, out.Declaration); err != nil {
		return out, err
	}
	if req.Partial {
		out.Validation.Domain = slices.DeleteFunc(out.Validation.Domain, func(e *frictionless.Error) bool {
			if e.Code == repo.CodeCoverage {
				out.Validation.Notes = append(out.Validation.Notes, e)
				return true
			}
			return false
		})
	}
	if req.DryRun || len(out.Validation.Errors) > 0 || len(out.Validation.Domain) > 0 {
		return out, nil
	}
	if !bytes.Equal(old, data) || !out.Merged.Exists {
		if err := WriteFile(out.Target, data); err != nil {
			return out, err
		}
	}
	if out.Declaration.Changed {
		if err := WriteFile(pkg.Path, out.Declaration.Bytes); err != nil {
			return out, err
		}
	}
	out.Written = true
	return out, nil
}

// readRegular reads a file that must be a regular file (not a device, a
// pipe or a directory).
func readRegular(name string) ([]byte, error) {
	fi, err := os.Stat(name)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%w: %s: 通常のファイルではありません / not a regular file", ErrSource, name)
	}
	return os.ReadFile(name)
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
func validateDry(ctx context.Context, pkg *frictionless.Package, cat *catalog.Catalog, codes *lgcode.Table, ind *catalog.Indicator, rel string, data []byte, dec *Declaration) (*Validation, error) {
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
	if dec != nil {
		v.Resource, v.Declared = dec.Resource, true
	}
	for _, e := range slices.Concat(v.Errors, v.Domain) {
		if r, err := filepath.Rel(tmp, e.Path); err == nil && filepath.IsLocal(r) {
			e.Path = filepath.Join(pkg.Dir, r)
		}
	}
	return v, nil
}
