package bundle

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"os"
	"path/filepath"
	"slices"

	"github.com/ichiran-jp/ichiran/tools/catalog"
	"github.com/ichiran-jp/ichiran/tools/tablecsv"
)

// Table is one CSV resource of an indicator, read whole.
type Table struct {
	Path    string     // the resource's path in the package, slash-separated
	Header  []string   // the first row
	Records [][]string // the rows after it
}

// Columns returns the index in the header of each name, -1 for a name the
// header lacks.
func (t Table) Columns(names []string) []int {
	idx := make([]int, len(names))
	for i, n := range names {
		idx[i] = slices.Index(t.Header, n)
	}
	return idx
}

// Values returns the values of rec at idx (see [Table.Columns]): "" for an
// index of -1 or one past the end of rec.
func Values(rec []string, idx []int) []string {
	out := make([]string, len(idx))
	for i, j := range idx {
		if j >= 0 && j < len(rec) {
			out[i] = rec[j]
		}
	}
	return out
}

// IndicatorTables reads the CSV resources of an indicator one at a time,
// in the catalogue's order. A resource the package does not declare with
// one path, and a file that is missing or has no rows, are left out. An
// error reading a file is yielded (with a zero Table) and ends the
// sequence.
func IndicatorTables(repo *Repository, ind *catalog.Indicator) iter.Seq2[Table, error] {
	return func(yield func(Table, error) bool) {
		for _, name := range repo.Cat.Resources[ind.ID] {
			r := repo.Pkg.Resource(name)
			if r == nil || len(r.Paths) != 1 {
				continue
			}
			rows, err := readCSV(filepath.Join(repo.Pkg.Dir, filepath.FromSlash(r.Paths[0])))
			if err != nil {
				yield(Table{}, err)
				return
			}
			if len(rows) == 0 {
				continue
			}
			if !yield(Table{Path: r.Paths[0], Header: rows[0], Records: rows[1:]}, nil) {
				return
			}
		}
	}
}

// readCSV reads a whole CSV file (header included); a missing file has
// no rows.
func readCSV(file string) ([][]string, error) {
	f, err := os.Open(file)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	rd := tablecsv.NewReader(f, tablecsv.DefaultDialect(), tablecsv.Options{})
	var out [][]string
	for {
		rec, err := rd.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
		if rec != nil {
			out = append(out, rec.Strings())
		}
	}
}

// SchemaField is a field of an indicator's Table Schema, as written.
type SchemaField struct {
	Name  string `json:"name"`
	Type  string `json:"type"`
	Title string `json:"title"`
}

// ReadSchema reads an indicator's Table Schema: the file's bytes and its
// fields.
func ReadSchema(repo *Repository, ind *catalog.Indicator) ([]byte, []SchemaField, error) {
	raw, err := os.ReadFile(filepath.Join(repo.Pkg.Dir, filepath.FromSlash(ind.Schema)))
	if err != nil {
		return nil, nil, err
	}
	var s struct {
		Fields []SchemaField `json:"fields"`
	}
	if err := json.Unmarshal(raw, &s); err != nil {
		return nil, nil, fmt.Errorf("%s: %w", ind.Schema, err)
	}
	return raw, s.Fields, nil
}
