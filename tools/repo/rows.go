package repo

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"iter"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/ichiran-jp/ichiran/tools/catalog"
	"github.com/ichiran-jp/ichiran/tools/tablecsv"
)

// ReadError is a line of a resource's CSV file that cannot be read: the
// reading stops there (the one error policy of every command; ichiran
// validate says more about the file).
type ReadError struct {
	Path      string // as reports show it
	Line, Col int    // 1-based
	Err       error
}

func (e *ReadError) Error() string {
	return fmt.Sprintf("%s:%d:%d: CSV として読めません。ichiran validate で確認してください / cannot be read as CSV; run ichiran validate: %v", e.Path, e.Line, e.Col, e.Err)
}

func (e *ReadError) Unwrap() error { return e.Err }

// Header is a table's first row.
type Header []string

// Index is the column of name, -1 when the header lacks it.
func (h Header) Index(name string) int { return slices.Index(h, name) }

// Indexes are the columns of names (see [Header.Index]).
func (h Header) Indexes(names []string) []int {
	idx := make([]int, len(names))
	for i, n := range names {
		idx[i] = h.Index(n)
	}
	return idx
}

// Row is one data row of a table.
type Row struct {
	Num    int      // the data row's number, 1-based (the header is row 0)
	Line   int      // the file's line where it starts, 1-based
	Values []string // in the header's order; a short row has fewer
}

// Get is the value of column i ("" for -1 or past the end).
func (r Row) Get(i int) string {
	if i < 0 || i >= len(r.Values) {
		return ""
	}
	return r.Values[i]
}

// Pick is the values at idx (see [Header.Indexes]).
func (r Row) Pick(idx []int) []string {
	out := make([]string, len(idx))
	for i, j := range idx {
		out[i] = r.Get(j)
	}
	return out
}

// Rows reads the rows of a resource's CSV file one at a time: the header
// first (as a Row with Num 0), then each data row. A file that cannot be
// opened, a line that cannot be read (a *ReadError) and a limit reached
// (a *LimitError) are yielded once and end the sequence. A resource the
// package does not declare with one path is an error wrapping
// fs.ErrNotExist.
func (r *Repository) Rows(resource string) iter.Seq2[Row, error] {
	res := r.Pkg.Resource(resource)
	if res == nil || len(res.Paths) != 1 {
		return func(yield func(Row, error) bool) {
			yield(Row{}, &fs.PathError{Op: "read", Path: resource, Err: fs.ErrNotExist})
		}
	}
	return r.FileRows(res.Paths[0])
}

// FileRows is [Repository.Rows] of the CSV file at the slash path name,
// which no resource need declare: the file an import merges into may be
// new to the descriptor, or a file it was told to take in.
func (r *Repository) FileRows(name string) iter.Seq2[Row, error] {
	return func(yield func(Row, error) bool) {
		f, err := r.Open(name)
		if err != nil {
			yield(Row{}, err)
			return
		}
		defer f.Close()
		display := r.display(name)
		rd := tablecsv.NewReader(f, tablecsv.DefaultDialect(), r.Limits.CSV)
		for n := 0; ; n++ {
			rec, err := rd.Read()
			if err == io.EOF {
				return
			}
			if err != nil {
				var pe *tablecsv.ParseError
				if errors.As(err, &pe) {
					err = &ReadError{Path: display, Line: pe.Line, Col: pe.Col, Err: pe.Err}
				} else {
					err = &ReadError{Path: display, Line: 1, Col: 1, Err: err}
					if rec != nil {
						err.(*ReadError).Line = rec.Line()
					}
				}
				yield(Row{}, err)
				return
			}
			if r.Limits.MaxRows > 0 && n > r.Limits.MaxRows {
				yield(Row{}, &LimitError{Path: display, What: "rows", Limit: int64(r.Limits.MaxRows)})
				return
			}
			if !yield(Row{Num: n, Line: rec.Line(), Values: rec.Strings()}, nil) {
				return
			}
		}
	}
}

// Table is a resource's CSV file, read whole.
type Table struct {
	Resource string
	Path     string // the slash path in the package
	Header   Header
	Rows     []Row
}

// tableOnce is a table read once for every caller.
type tableOnce struct {
	done chan struct{}
	t    *Table
	err  error
}

// ReadIndicatorTables reads the tables of every active indicator's resources at
// once, on as many goroutines as there are processors: [Repository.Table]
// then returns them (or the error one met) without reading again. The
// commands that show every indicator (build, site) call it first.
func (r *Repository) ReadIndicatorTables() {
	var names []string
	for _, ind := range r.Cat.Indicators {
		if ind.Status == catalog.Active && ind.Schema != "" { // the others are not shown
			names = append(names, r.Cat.Resources[ind.ID]...)
		}
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(names)) {
		wg.Go(func() {
			for i := int(next.Add(1)) - 1; i < len(names); i = int(next.Add(1)) - 1 {
				r.Table(names[i])
			}
		})
	}
	wg.Wait()
}

// Table reads a resource's CSV file whole, through [Repository.Rows], and
// keeps it: the commands that render a table many ways (build, site,
// status) read each file once. A file with only a header, or none, has no
// rows. Callers must not modify the table.
func (r *Repository) Table(resource string) (*Table, error) {
	r.mu.Lock()
	once, ok := r.tables[resource]
	if !ok {
		once = &tableOnce{done: make(chan struct{})}
		r.tables[resource] = once
	}
	r.mu.Unlock()
	if ok {
		<-once.done
		return once.t, once.err
	}
	defer close(once.done)
	t := &Table{Resource: resource}
	if res := r.Pkg.Resource(resource); res != nil && len(res.Paths) == 1 {
		t.Path = res.Paths[0]
	}
	for row, err := range r.Rows(resource) {
		if err != nil {
			once.err = err
			return nil, err
		}
		if row.Num == 0 {
			t.Header = row.Values
			continue
		}
		t.Rows = append(t.Rows, row)
	}
	once.t = t
	return t, nil
}
