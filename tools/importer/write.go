package importer

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"

	"github.com/ichiran-jp/ichiran/tools/catalog"
	"github.com/ichiran-jp/ichiran/tools/frictionless"
	"github.com/ichiran-jp/ichiran/tools/lgcode"
	"github.com/ichiran-jp/ichiran/tools/repo"
)

// Change is one figure that an import would change in an existing file.
type Change struct {
	Code, AsOf, Name, Field string
	Old, New                string
	Kind                    string // "changed", "removed" (the row is not in the import)
}

func (ch Change) String() string {
	switch ch.Kind {
	case "removed":
		return fmt.Sprintf("%s %s %s: 行がなくなります / the row would go", ch.Code, ch.AsOf, ch.Name)
	}
	return fmt.Sprintf("%s %s %s %s: %q → %q", ch.Code, ch.AsOf, ch.Name, ch.Field, ch.Old, ch.New)
}

// Merged is the content of the file after an import.
type Merged struct {
	Header  []string
	Rows    [][]string // sorted by code, then as_of
	Kept    int        // rows of other as-of dates kept as they were
	Added   int        // rows the file did not have
	Same    int        // rows that were there with the same figures
	Changes []Change
	Exists  bool
}

// ErrExisting is wrapped when the existing file cannot be merged with.
var ErrExisting = errors.New("既存のファイルを読めません / cannot read the existing file")

// Merge combines the rows of an import with the existing file at rel (a
// slash path) of the repository, if any: rows of as-of dates the import
// does not carry are kept untouched; rows of its dates are replaced, and
// every figure that would change is listed. The file is read through the
// repository ([repo.Repository.FileRows]): a symbolic link is refused.
func Merge(r *repo.Repository, rel string, fields []Field, rows []Row) (*Merged, error) {
	m := &Merged{}
	for _, f := range fields {
		m.Header = append(m.Header, f.Name)
	}
	iCode, iAsOf := slices.Index(m.Header, repo.CodeField), slices.Index(m.Header, repo.AsOfField)
	dates := map[string]bool{}
	newByKey := map[string]Row{}
	for _, r := range rows {
		dates[r.Values[iAsOf]] = true
		newByKey[r.Values[iCode]+"\x00"+r.Values[iAsOf]] = r
	}
	display := filepath.Join(r.Dir, filepath.FromSlash(rel))
	m.Exists = true
	header := false
	for row, err := range r.FileRows(rel) {
		if errors.Is(err, fs.ErrNotExist) {
			m.Exists = false
			break
		}
		if _, ok := errors.AsType[*repo.ReadError](err); ok {
			return nil, fmt.Errorf("%w: %w", ErrExisting, err)
		}
		if err != nil {
			return nil, err
		}
		rec := row.Values
		if row.Num == 0 {
			header = slices.Equal(rec, m.Header)
			if !header {
				break
			}
			continue
		}
		if len(rec) != len(m.Header) {
			return nil, fmt.Errorf("%w: %s: 列の数が違う行があります / a row has the wrong number of cells", ErrExisting, display)
		}
		if !dates[rec[iAsOf]] {
			m.Rows = append(m.Rows, rec)
			m.Kept++
			continue
		}
		key := rec[iCode] + "\x00" + rec[iAsOf]
		nr, ok := newByKey[key]
		if !ok {
			m.Changes = append(m.Changes, Change{Code: rec[iCode], AsOf: rec[iAsOf], Kind: "removed"})
			continue
		}
		same := true
		for i, f := range m.Header {
			if rec[i] != nr.Values[i] {
				same = false
				m.Changes = append(m.Changes, Change{Code: rec[iCode], AsOf: rec[iAsOf], Name: nr.Name, Field: f, Old: rec[i], New: nr.Values[i], Kind: "changed"})
			}
		}
		if same {
			m.Same++
		}
		delete(newByKey, key)
	}
	if m.Exists && !header {
		return nil, fmt.Errorf("%w: %s: 見出しがスキーマの項目 %s と違います / the header is not the schema's fields", ErrExisting, display, strings.Join(m.Header, ","))
	}
	for _, r := range rows {
		m.Rows = append(m.Rows, r.Values)
	}
	m.Added = len(rows) - m.Same - countChanged(m.Changes)
	slices.SortStableFunc(m.Rows, func(a, b []string) int {
		if c := strings.Compare(a[iCode], b[iCode]); c != 0 {
			return c
		}
		return strings.Compare(a[iAsOf], b[iAsOf])
	})
	return m, nil
}

func countChanged(chs []Change) int {
	rows := map[string]bool{}
	for _, c := range chs {
		if c.Kind == "changed" {
			rows[c.Code+"\x00"+c.AsOf] = true
		}
	}
	return len(rows)
}

// Bytes is the canonical CSV: UTF-8 without BOM, LF, quoted only where
// needed.
func (m *Merged) Bytes() []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write(m.Header)
	w.WriteAll(m.Rows) // flushes; bytes.Buffer does not fail
	return b.Bytes()
}

// Validation is the engine's verdict on a written file.
type Validation struct {
	Resource string
	Declared bool                  // the package declares a resource for the file
	Errors   []*frictionless.Error // Frictionless errors
	Domain   []*frictionless.Error // the domain checks of the repository
	// Notes are domain problems that did not refuse the import (the
	// coverage of a Partial import).
	Notes []*frictionless.Error
}

// Validate validates the file at rel (slash path inside the package) as a
// resource of indicator ind: the package's own resource for it, or one
// made for it with the indicator's schema when the package has none yet.
// The domain checks run on it too.
func Validate(ctx context.Context, pkg *frictionless.Package, cat *catalog.Catalog, codes *lgcode.Table, ind *catalog.Indicator, rel string) (*Validation, error) {
	v := &Validation{}
	for _, r := range pkg.Resources {
		if len(r.Paths) == 1 && r.Paths[0] == rel {
			v.Resource, v.Declared = r.Name, true
		}
	}
	if !v.Declared {
		schema, errs, err := frictionless.LoadSchema(filepath.Join(pkg.Dir, filepath.FromSlash(ind.Schema)))
		if err != nil {
			return nil, err
		}
		if len(errs) > 0 {
			return nil, errs[0]
		}
		v.Resource = ind.ID + "-" + strings.TrimSuffix(filepath.Base(rel), ".csv")
		for pkg.Resource(v.Resource) != nil {
			v.Resource += "-import"
		}
		pkg.Resources = append(pkg.Resources, &frictionless.Resource{Name: v.Resource, Paths: []string{rel}, Tabular: true,
			Format: "csv", Encoding: "utf-8", Schema: schema, Dialect: frictionless.DefaultDialect(), Bytes: -1, Rows: -1})
		if cat.Resources == nil {
			cat.Resources = map[string][]string{}
		}
		cat.Resources[ind.ID] = append(cat.Resources[ind.ID], v.Resource)
	}
	rep, err := pkg.Validate(ctx, frictionless.Options{Resources: []string{v.Resource}})
	if err != nil {
		return nil, err
	}
	v.Errors = rep.Errors
	r, err := repo.New(pkg, cat, codes, repo.Limits{})
	if err != nil {
		return nil, err
	}
	defer r.Close()
	v.Domain, err = r.Check(ctx, repo.CheckOptions{Resources: []string{v.Resource}})
	if err != nil {
		return nil, err
	}
	return v, nil
}
