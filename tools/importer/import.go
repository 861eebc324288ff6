package importer

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"time"

	"github.com/ichiran-jp/ichiran/tools/catalog"
	"github.com/ichiran-jp/ichiran/tools/frictionless"
	"github.com/ichiran-jp/ichiran/tools/repo"
	"github.com/ichiran-jp/ichiran/tools/sheet"
)

// Request is one `ichiran import`.
type Request struct {
	Package   string // the repository: its descriptor, or the folder holding it ("": the working directory)
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
	DryRun     bool // nothing was to be written (Request.DryRun)
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
// error is for the rest. Every file of the repository is read and written
// through [repo.Repository]: a symbolic link in the repository is refused
// (repo.ErrNotRegular), never followed.
func Import(ctx context.Context, req Request) (*Outcome, error) {
	r, err := repo.Open(req.Package, repo.Limits{})
	if err != nil {
		return nil, err
	}
	defer r.Close()
	ind := r.Cat.Indicator(req.Indicator)
	switch {
	case ind == nil:
		var ids []string
		for _, i := range r.Cat.Indicators {
			if i.Status == catalog.Active {
				ids = append(ids, i.ID)
			}
		}
		return nil, fmt.Errorf("%w: 指標 %q はカタログにありません (%v) / no indicator %q in the catalogue", ErrUsage, req.Indicator, ids, req.Indicator)
	case ind.Status != catalog.Active || ind.Schema == "":
		state := map[string]string{catalog.Pending: "調整中", catalog.NotSuited: "個別団体の情報になじまない指標"}[ind.Status]
		return nil, fmt.Errorf("%w: 指標 %q は%sなので、取り込むデータの形 (スキーマ) がありません / indicator %q is %s and has no schema to import into", ErrUsage, ind.ID, state, ind.ID, ind.Status)
	}
	fields, err := LoadFields(r, ind)
	if err != nil {
		return nil, err
	}
	hasField := func(name string) bool {
		return slices.ContainsFunc(fields, func(f Field) bool { return f.Name == name })
	}
	if !hasField(repo.CodeField) || !hasField(repo.AsOfField) {
		return nil, fmt.Errorf("スキーマ %s に %s と %s がありません / schema %s lacks %s or %s", ind.Schema, repo.CodeField, repo.AsOfField, ind.Schema, repo.CodeField, repo.AsOfField)
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
	out := &Outcome{Source: src, DryRun: req.DryRun}
	out.Result = Convert(src, Config{Indicator: ind, Fields: fields, Codes: r.Codes, AsOf: req.AsOf, InCodeOrder: req.InCodeOrder, NameOverCode: req.NameOverCode})
	if len(out.Result.Errors) > 0 || len(out.Result.Rows) == 0 {
		return out, nil
	}
	iAsOf := slices.IndexFunc(fields, func(f Field) bool { return f.Name == repo.AsOfField })
	dates := map[string]bool{}
	for _, row := range out.Result.Rows {
		dates[row.Values[iAsOf]] = true
	}
	if len(dates) > 1 {
		out.Result.Errors = append(out.Result.Errors, Problem{Where: src.Path,
			Ja: fmt.Sprintf("時点が %d 個あります。出典の記録は時点ごとなので、時点ごとに分けて取り込んでください", len(dates)),
			En: fmt.Sprintf("the rows carry %d as-of dates; provenance is kept per date, so import each date separately", len(dates))})
		return out, nil
	}
	date := slices.Collect(maps.Keys(dates))[0]
	out.Rel = path.Join(repo.DataDir, ind.ID, date[:4]+".csv")
	out.Target = filepath.Join(r.Dir, filepath.FromSlash(out.Rel))
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
	// A linked target, or a link on the way to it, is refused before its
	// lock file is made: the lock would land wherever the link points.
	if f, err := r.Open(out.Rel); err == nil {
		f.Close()
	} else if !errors.Is(err, fs.ErrNotExist) {
		return out, err
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
		unlockPkg, err := lockFile(ctx, r.Pkg.Path, req.LockTimeout)
		if err != nil {
			return out, err
		}
		defer unlockPkg()
	}
	// Under the locks, the data file and the descriptor are read afresh:
	// another import may have written them since the repository was opened.
	if out.Merged, err = Merge(r, out.Rel, fields, out.Result.Rows); err != nil {
		return out, err
	}
	if len(out.Merged.Changes) > 0 && !req.Replace {
		out.Refused = true
		return out, nil
	}
	desc, err := r.ReadDescriptor()
	if err != nil {
		return out, err
	}
	if out.Declaration, err = Declare(desc, ind.ID, ind.Title.Ja, ind.Schema, out.Rel, prov); err != nil {
		return out, err
	}
	data := out.Merged.Bytes()
	var old []byte
	if out.Merged.Exists {
		if old, err = r.ReadFile(out.Rel); err != nil {
			return out, err
		}
	}
	if out.Merged.Exists && bytes.Equal(old, data) && !out.Declaration.Changed {
		out.Unchanged = true
		return out, nil
	}
	if out.Validation, err = validateDry(ctx, r, ind, out.Rel, data, out.Declaration); err != nil {
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
		if err := r.WriteFile(out.Rel, data); err != nil {
			return out, err
		}
	}
	if out.Declaration.Changed {
		if err := r.WriteFile(filepath.Base(r.Pkg.Path), out.Declaration.Bytes); err != nil {
			return out, err
		}
	}
	out.Written = true
	return out, nil
}

// readRegular reads the file the user names (the ministry's, not a file
// of the repository), which must be a regular file (see [openRegular]).
func readRegular(name string) ([]byte, error) {
	f, err := openRegular(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(f)
}

// OK reports whether the import went through with no problem of the data.
func (o *Outcome) OK() bool {
	return o.Result != nil && len(o.Result.Errors) == 0 && len(o.Result.Rows) > 0 && !o.Refused &&
		(o.Validation == nil || len(o.Validation.Errors) == 0 && len(o.Validation.Domain) == 0)
}

// validateDry validates data as the file rel of the repository would be,
// without writing into it: the package's data files and the indicator's
// schema are copied, through the repository, into a temporary directory,
// data is written there as rel, and the problems found are reported
// against the real path.
func validateDry(ctx context.Context, r *repo.Repository, ind *catalog.Indicator, rel string, data []byte, dec *Declaration) (*Validation, error) {
	tmp, err := os.MkdirTemp("", "ichiran-import-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	put := func(p string, b []byte) error {
		dst := filepath.Join(tmp, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		return os.WriteFile(dst, b, 0o644)
	}
	copyIn := func(p string) error {
		b, err := r.ReadFile(p)
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil {
			return err
		}
		return put(p, b)
	}
	for _, res := range r.Pkg.Resources {
		for _, p := range res.Paths {
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
	if err := put(rel, data); err != nil {
		return nil, err
	}
	// A copy of the package that reads from tmp; Validate may add a
	// resource to it and to the catalogue, never to the repository's.
	dry := *r.Pkg
	dry.Dir = tmp
	dry.Path = filepath.Join(tmp, filepath.Base(r.Pkg.Path))
	dry.Resources = slices.Clone(r.Pkg.Resources)
	cat := *r.Cat
	cat.Resources = maps.Clone(r.Cat.Resources)
	v, err := Validate(ctx, &dry, &cat, r.Codes, ind, rel)
	if err != nil {
		return nil, err
	}
	if dec != nil {
		v.Resource, v.Declared = dec.Resource, true
	}
	for _, e := range slices.Concat(v.Errors, v.Domain) {
		if p, err := filepath.Rel(tmp, e.Path); err == nil && filepath.IsLocal(p) {
			e.Path = filepath.Join(r.Dir, p)
		}
	}
	return v, nil
}
