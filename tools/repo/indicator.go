package repo

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"iter"
	"time"

	"github.com/ichiran-jp/ichiran/tools/catalog"
	"github.com/ichiran-jp/ichiran/tools/lgcode"
)

// Covers reports whether the indicator covers the local government e: a
// municipality (市区町村; not a ward of a designated city, not a northern
// village) when it covers "municipality", a prefecture when it covers
// "prefecture".
func Covers(ind *catalog.Indicator, e lgcode.Entry) bool {
	switch {
	case e.InScope():
		return ind.CoversKind("municipality")
	case e.Kind == lgcode.KindPrefecture:
		return ind.CoversKind("prefecture")
	}
	return false
}

// Covered lists the local governments in force on day t that the
// indicator covers, by code.
func (r *Repository) Covered(ind *catalog.Indicator, t time.Time) []lgcode.Entry {
	var out []lgcode.Entry
	for e := range r.Codes.EachInForce(t) {
		if Covers(ind, e) {
			out = append(out, e)
		}
	}
	return out
}

// SchemaField is a field of an indicator's Table Schema, as written.
type SchemaField struct {
	Name  string `json:"name"`
	Type  string `json:"type"`
	Title string `json:"title"`
}

// Schema reads an indicator's Table Schema: the file's bytes and its
// fields.
func (r *Repository) Schema(ind *catalog.Indicator) ([]byte, []SchemaField, error) {
	raw, err := r.ReadFile(ind.Schema)
	if err != nil {
		return nil, nil, err
	}
	var s struct {
		Fields []SchemaField `json:"fields"`
	}
	if err := json.Unmarshal(raw, &s); err != nil {
		return nil, nil, fmt.Errorf("%s: %w", r.display(ind.Schema), err)
	}
	return raw, s.Fields, nil
}

// IndicatorTables reads the CSV resources of an indicator (see
// [Repository.Table]) in the catalogue's order. A resource the package
// does not declare with one path, a missing file and a file with no rows
// are left out. An error is yielded (with a nil table) and ends the
// sequence.
func (r *Repository) IndicatorTables(ind *catalog.Indicator) iter.Seq2[*Table, error] {
	return func(yield func(*Table, error) bool) {
		for _, name := range r.Cat.Resources[ind.ID] {
			if res := r.Pkg.Resource(name); res == nil || len(res.Paths) != 1 {
				continue
			}
			t, err := r.Table(name)
			if errors.Is(err, fs.ErrNotExist) || err == nil && len(t.Rows) == 0 {
				continue
			}
			if !yield(t, err) || err != nil {
				return
			}
		}
	}
}

// IndicatorOf maps each resource of the catalogue to its indicator.
func (r *Repository) IndicatorOf(resource string) *catalog.Indicator {
	for id, names := range r.Cat.Resources {
		for _, n := range names {
			if n == resource {
				return r.Cat.Indicator(id)
			}
		}
	}
	return nil
}
