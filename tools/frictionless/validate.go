package frictionless

import (
	"context"
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/ichiran-jp/ichiran/tools/tablecsv"
)

// DefaultMaxErrors is the number of errors after which validation of a
// resource stops, as in the reference implementation.
const DefaultMaxErrors = 1000

// Options tune validation.
type Options struct {
	MaxErrors    int      // per resource; 0 = DefaultMaxErrors, negative = no limit
	Resources    []string // validate only these resources (all when empty)
	CSV          tablecsv.Options
	MaxFileBytes int64 // a data file larger than this is not read (0 = no limit)
	MaxRows      int   // reading stops after this many data rows per resource (0 = no limit)
}

func (o Options) maxErrors() int {
	switch {
	case o.MaxErrors == 0:
		return DefaultMaxErrors
	case o.MaxErrors < 0:
		return 0
	}
	return o.MaxErrors
}

// Report is the result of a validation.
type Report struct {
	Valid     bool             `json:"valid"`
	Resources []ResourceReport `json:"resources"`
	Errors    []*Error         `json:"errors"`
}

// ResourceReport summarises one resource.
type ResourceReport struct {
	Name    string `json:"name"`
	Path    string `json:"path"`
	Rows    int    `json:"rows"`              // data rows read
	Errors  int    `json:"errors"`            // errors found in its data
	Stopped bool   `json:"stopped,omitempty"` // stopped at a limit: errors, rows or file size
	Skipped bool   `json:"skipped,omitempty"` // not read: its descriptor has errors
}

// ErrUnknownResource is returned when Options.Resources names a resource
// the package does not have.
var ErrUnknownResource = errors.New("no such resource")

// Validate loads the package at descriptor and validates it.
func Validate(ctx context.Context, descriptor string, opt Options) (*Report, error) {
	p, errs, err := LoadPackage(descriptor)
	if err != nil {
		return nil, err
	}
	rep, err := p.Validate(ctx, opt)
	if err != nil {
		return nil, err
	}
	rep.Errors = append(errs, rep.Errors...)
	rep.Valid = len(rep.Errors) == 0
	return rep, nil
}

// Validate validates the data of every resource (or those in
// opt.Resources). Descriptor errors are LoadPackage's to report.
func (p *Package) Validate(ctx context.Context, opt Options) (*Report, error) {
	for _, n := range opt.Resources {
		if p.Resource(n) == nil {
			return nil, fmt.Errorf("%w: %q", ErrUnknownResource, n)
		}
	}
	root, err := os.OpenRoot(p.Dir)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	v := &validator{pkg: p, root: root, opt: opt, ctx: ctx, refs: map[string]*keyset{}}
	rep := &Report{}
	for _, r := range p.Resources {
		if len(opt.Resources) > 0 && !slices.Contains(opt.Resources, r.Name) {
			continue
		}
		rr, errs, err := v.resource(r)
		if err != nil {
			return nil, err
		}
		rep.Resources = append(rep.Resources, rr)
		rep.Errors = append(rep.Errors, errs...)
	}
	rep.Valid = len(rep.Errors) == 0
	return rep, nil
}

type validator struct {
	pkg  *Package
	root *os.Root
	opt  Options
	ctx  context.Context
	refs map[string]*keyset // "resource\x00field,field" → referenced keys
}

func (v *validator) display(part string) string {
	return filepath.Join(v.pkg.Dir, filepath.FromSlash(part))
}

func (v *validator) resource(r *Resource) (ResourceReport, []*Error, error) {
	rr := ResourceReport{Name: r.Name}
	if len(r.Paths) > 0 {
		rr.Path = v.display(r.Paths[0])
	} else {
		rr.Path = r.descriptor
	}
	if r.broken {
		rr.Skipped = true
		return rr, nil, nil
	}
	t := newTable(v.ctx, r.Name, r.Schema, r.Dialect, v.opt.maxErrors())
	t.maxRows = v.opt.MaxRows
	if r.Schema != nil {
		for k, fk := range r.Schema.ForeignKeys {
			if fk.Resource == "" || !r.Tabular {
				continue
			}
			keys, err := v.refKeys(v.pkg.Resource(fk.Resource), fk.RefFields)
			if err != nil {
				return rr, nil, err
			}
			t.refs[k] = keys
		}
	}
	err := v.read(r, t)
	rr.Rows, rr.Errors, rr.Stopped = t.rows, len(t.errs), t.stopped
	return rr, t.errs, err
}

// read streams the resource's data through t, then checks the declared
// bytes, hash and row count.
func (v *validator) read(r *Resource, t *table) error {
	if enc := strings.ToLower(r.Encoding); enc != "" && enc != "utf-8" && enc != "utf8" {
		t.add(r.errorAt(CodeEncoding, "encoding", fmt.Sprintf("文字コード %q には対応していません。正規のデータは BOM なしの UTF-8 です", r.Encoding),
			fmt.Sprintf("encoding %q is not supported: canonical data is UTF-8 without BOM", r.Encoding)))
		return nil
	}
	if r.Data != nil {
		if !r.Tabular {
			return nil // inline data of any shape: nothing to check
		}
		t.path = r.descriptor
		src, err := inlineRows(r)
		if err != nil {
			t.add(&Error{Code: CodeSource, Ja: "インラインデータは配列の配列か、オブジェクトの配列でなければなりません", En: err.Error()})
			return nil
		}
		return v.finishTable(t, t.read(src))
	}
	// A table in a format this validator cannot read is still checked for
	// its bytes and hash.
	csv := r.Tabular
	if csv && !r.readable() {
		csv = false
		prop := "format"
		if r.Format == "" {
			prop = "path"
		}
		t.add(r.errorAt(CodeResource, prop, fmt.Sprintf("形式 %q のデータはこの検証ツールでは読めません (CSV か TSV にしてください)", r.format()),
			fmt.Sprintf("format %q is not supported by this validator (it reads CSV and TSV)", r.format())))
	}
	alg, want, hashErr := parseHash(r.Hash)
	if hashErr != nil {
		t.add(r.errorAt(CodeHash, "hash", fmt.Sprintf("hash %q を解釈できません: %v", r.Hash, hashErr), fmt.Sprintf("hash %q cannot be used: %v", r.Hash, hashErr)))
	}
	m := &meter{}
	if alg != nil {
		m.h = alg()
	}
	var readErr error
	for _, part := range r.Paths {
		t.path = v.display(part)
		if pe := v.inside(part); pe != nil {
			t.add(&Error{Code: CodeResource, Ja: pe.Ja(), En: pe.En(), Err: pe})
			return nil
		}
		f, err := openRegular(v.root, part)
		if err != nil {
			ja := fmt.Sprintf("ファイル %q を開けません", part)
			if errors.Is(err, os.ErrNotExist) {
				ja = fmt.Sprintf("ファイル %q がありません", part)
			}
			if t.add(&Error{Code: CodeScheme, Ja: ja, En: err.Error(), Err: err}) != nil {
				return nil
			}
			continue
		}
		if max := v.opt.MaxFileBytes; max > 0 {
			if fi, err := f.Stat(); err == nil && fi.Size() > max {
				f.Close()
				t.add(&Error{Code: CodeSource,
					Ja: fmt.Sprintf("ファイルが %d バイトあり、上限 %d バイトを超えるので読みません", fi.Size(), max),
					En: fmt.Sprintf("the file has %d bytes, over the limit of %d: not read", fi.Size(), max)})
				t.stopped = true
				return nil
			}
		}
		m.r = f
		if fi, err := f.Stat(); err == nil {
			t.size = fi.Size() // to size the key indexes
		}
		before := m.n
		if enc := utf16BOM(f); csv && enc != "" {
			// Read as UTF-8, UTF-16 gives an error on every row that says
			// nothing of the cause: say it once and only count the bytes.
			if e := t.add(&Error{Code: CodeEncoding, Line: 1, Col: 1,
				Ja: fmt.Sprintf("ファイルが %s です。正規のデータは BOM なしの UTF-8 です (Excel では「CSV UTF-8」で保存してください)", enc),
				En: fmt.Sprintf("the file is %s; canonical data is UTF-8 without BOM", enc)}); e != nil {
				f.Close()
				return nil
			}
			_, readErr = io.Copy(io.Discard, m)
		} else if csv {
			t.term, t.mixedEndings = "", false // each part of a resource on its own
			readErr = t.read(csvSource{tablecsv.NewReader(m, r.Dialect.CSV, v.csvOptions(t.size))})
		} else {
			_, readErr = io.Copy(io.Discard, m)
		}
		f.Close()
		if ended(readErr) {
			return nil
		}
		if readErr != nil {
			return readErr
		}
		if m.n == before && csv {
			t.add(&Error{Code: CodeSource, Ja: "ファイルが空です", En: "the source is empty"})
		}
	}
	if csv {
		if err := v.finishTable(t, nil); err != nil {
			return err
		}
	}
	if t.stopped {
		return nil
	}
	if m.h != nil {
		if got := hex.EncodeToString(m.h.Sum(nil)); got != want {
			t.add(r.errorAt(CodeHash, "hash", fmt.Sprintf("ハッシュが記述 (%s) と違います: 実際は %s", r.Hash, got), fmt.Sprintf("the data hashes to %s, the descriptor says %s", got, r.Hash)))
		}
	}
	if r.Bytes >= 0 && m.n != r.Bytes {
		t.add(r.errorAt(CodeBytes, "bytes", fmt.Sprintf("バイト数が記述 (%d) と違います: 実際は %d", r.Bytes, m.n), fmt.Sprintf("the data has %d bytes, the descriptor says %d", m.n, r.Bytes)))
	}
	if r.Rows >= 0 && csv && int64(t.rows) != r.Rows {
		t.add(r.errorAt(CodeRows, "rows", fmt.Sprintf("行数が記述 (%d) と違います: 実際は %d", r.Rows, t.rows), fmt.Sprintf("the data has %d rows, the descriptor says %d", t.rows, r.Rows)))
	}
	return nil
}

// csvOptions are the reader's options for a file of size bytes: a small
// file gets a read buffer of its size rather than the default.
func (v *validator) csvOptions(size int64) tablecsv.Options {
	o := v.opt.CSV
	if o.BufferSize <= 0 && size >= 0 && size < 256<<10 {
		o.BufferSize = int(size) + 64
	}
	return o
}

// utf16BOM names the UTF-16 byte order mark at the start of f, if any,
// without moving its offset.
func utf16BOM(f *os.File) string {
	var b [2]byte
	if n, _ := f.ReadAt(b[:], 0); n < 2 {
		return ""
	}
	switch {
	case b[0] == 0xFF && b[1] == 0xFE:
		return "UTF-16 (LE)"
	case b[0] == 0xFE && b[1] == 0xFF:
		return "UTF-16 (BE)"
	}
	return ""
}

// errNotRegular refuses directories, devices and pipes, which could not be
// read as data or would block.
var errNotRegular = errors.New("not a regular file")

// openRegular opens the slash path name in root if it is a regular file.
func openRegular(root *os.Root, name string) (*os.File, error) {
	name = filepath.FromSlash(name)
	fi, err := root.Stat(name)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: %w", name, errNotRegular)
	}
	return root.Open(name)
}

// inside refuses a path with a symbolic link anywhere in it. A link
// inside the package could still make one file read as another (a data
// file showing /etc/passwd's neighbour, or another resource's rows), and
// its target would reach every report that quotes a cell: data files are
// regular files. (The os.Root that opens the file refuses escapes too.)
func (v *validator) inside(part string) *PathError {
	name := ""
	for seg := range strings.SplitSeq(part, "/") {
		name = path.Join(name, seg)
		fi, err := v.root.Lstat(filepath.FromSlash(name))
		if err != nil {
			return nil // the open reports it
		}
		if fi.Mode()&fs.ModeSymlink != 0 {
			return &PathError{Path: part, Reason: PathLink}
		}
	}
	return nil
}

// finishTable settles a header that no data row followed and runs the
// end-of-table checks.
func (v *validator) finishTable(t *table, readErr error) error {
	if ended(readErr) {
		return nil
	}
	if readErr != nil {
		return readErr
	}
	if !t.headerDone && t.rowNum > 0 {
		if ended(t.header(nil)) {
			return nil
		}
	}
	t.finish()
	return nil
}

// refKeys reads the keys of fields in resource ref, for foreign keys that
// point at it. Rows that do not cast are left out; ref's own validation
// reports them. It returns nil when ref cannot be read as a table (its own
// validation says why): then the foreign keys are not checked.
func (v *validator) refKeys(ref *Resource, fields []string) (*keyset, error) {
	if ref == nil || ref.broken || ref.Schema == nil || !ref.readable() {
		return nil, nil
	}
	id := ref.Name + "\x00" + strings.Join(fields, ",")
	if ks, ok := v.refs[id]; ok {
		return ks, nil
	}
	ks := newKeyset()
	t := newTable(v.ctx, ref.Name, ref.Schema, ref.Dialect, 0)
	t.discard = true
	idx := make([]int, len(fields))
	for i, n := range fields {
		idx[i] = ref.Schema.fieldIndex(n)
	}
	t.onRow = func() {
		if key, ok, _ := t.appendKeyOf(nil, idx); ok {
			ks.insert(key, t.rowNum)
		}
	}
	var err error
	if ref.Data != nil {
		if src, ierr := inlineRows(ref); ierr == nil {
			err = t.read(src)
		}
	} else {
		for _, part := range ref.Paths {
			f, oerr := openRegular(v.root, part)
			if oerr != nil {
				continue
			}
			size := int64(-1)
			if fi, err := f.Stat(); err == nil {
				size = fi.Size()
			}
			err = t.read(csvSource{tablecsv.NewReader(f, ref.Dialect.CSV, v.csvOptions(size))})
			f.Close()
			if err != nil {
				break
			}
		}
	}
	switch {
	case err == errHalt:
		ks = nil // its header does not say where the fields are
	case err != nil:
		return nil, err
	}
	v.refs[id] = ks
	return ks, nil
}

// ValidateTable validates one CSV file against schema (nil: structure and
// encoding only) and dialect (nil: the default, with a tab as delimiter
// for a .tsv file).
//
// A foreign key of schema to another resource cannot be checked without
// its package: it is reported as a schema-error.
func ValidateTable(ctx context.Context, file string, schema *Schema, dialect *Dialect, opt Options) (*Report, error) {
	format := "csv"
	if strings.EqualFold(filepath.Ext(file), ".tsv") {
		format = "tsv"
	}
	if dialect == nil {
		dialect = DefaultDialect()
		if format == "tsv" {
			dialect.CSV.Delimiter = '\t'
		}
	}
	dir, name := filepath.Split(file)
	if dir == "" {
		dir = "."
	}
	r := &Resource{Name: strings.TrimSuffix(name, filepath.Ext(name)), Paths: []string{name}, Tabular: true, Format: format,
		Schema: schema, Dialect: dialect, Bytes: -1, Rows: -1, descriptor: file}
	p := &Package{Path: file, Dir: filepath.Clean(dir), Resources: []*Resource{r}}
	r.pkg = p
	var errs []*Error
	if schema != nil {
		for k, fk := range schema.ForeignKeys {
			if fk.Resource != "" {
				errs = append(errs, schema.errorAt(CodeSchema, fmt.Sprintf("/foreignKeys/%d/reference/resource", k),
					fmt.Sprintf("外部キーの参照先 %q はパッケージのリソースなので、表だけの検証では確かめられません", fk.Resource),
					fmt.Sprintf("the foreign key references resource %q, which cannot be checked without its package", fk.Resource), r.Name))
			}
		}
	}
	rep, err := p.Validate(ctx, opt)
	if err != nil {
		return nil, err
	}
	rep.Errors = append(errs, rep.Errors...)
	rep.Valid = len(rep.Errors) == 0
	return rep, nil
}

// meter counts and hashes the bytes read through it.
type meter struct {
	r io.Reader
	n int64
	h hash.Hash
}

func (m *meter) Read(p []byte) (int, error) {
	n, err := m.r.Read(p)
	m.n += int64(n)
	if m.h != nil {
		m.h.Write(p[:n])
	}
	return n, err
}

// parseHash reads a resource hash: "algorithm:hex", or bare hex for MD5.
func parseHash(s string) (func() hash.Hash, string, error) {
	if s == "" {
		return nil, "", nil
	}
	alg, sum, ok := strings.Cut(s, ":")
	if !ok {
		alg, sum = "md5", s
	}
	algs := map[string]func() hash.Hash{"md5": md5.New, "sha1": sha1.New, "sha256": sha256.New, "sha512": sha512.New}
	h, ok := algs[strings.ToLower(alg)]
	if !ok {
		return nil, "", fmt.Errorf("algorithm %q is not one of md5, sha1, sha256, sha512", alg)
	}
	return h, strings.ToLower(sum), nil
}

// inlineRows turns inline data (arrays, or objects) into records.
func inlineRows(r *Resource) (rowSource, error) {
	rows, ok := r.Data.([]any)
	if !ok {
		return nil, errors.New("inline data must be an array of arrays or an array of objects")
	}
	src := &inlineSource{}
	var keys []string
	for _, row := range rows {
		switch row := row.(type) {
		case []any:
			src.rows = append(src.rows, cellsOf(row))
		case map[string]any:
			if keys == nil {
				if r.Schema != nil {
					for _, f := range r.Schema.Fields {
						keys = append(keys, f.Name)
					}
				} else {
					for k := range row {
						keys = append(keys, k)
					}
					slices.Sort(keys)
				}
				src.rows = append(src.rows, stringsToBytes(keys))
			}
			cells := make([]any, len(keys))
			for i, k := range keys {
				cells[i] = row[k]
			}
			src.rows = append(src.rows, cellsOf(cells))
		default:
			return nil, errors.New("inline data rows must be arrays or objects")
		}
	}
	return src, nil
}

func stringsToBytes(ss []string) [][]byte {
	out := make([][]byte, len(ss))
	for i, s := range ss {
		out[i] = []byte(s)
	}
	return out
}

// cellsOf renders inline JSON values in their lexical form.
func cellsOf(row []any) [][]byte {
	out := make([][]byte, len(row))
	for i, c := range row {
		switch c := c.(type) {
		case nil:
			out[i] = nil
		case string:
			out[i] = []byte(c)
		case json.Number:
			out[i] = []byte(c.String())
		case bool:
			out[i] = []byte(fmt.Sprint(c))
		default:
			out[i], _ = json.Marshal(c)
		}
	}
	return out
}

type inlineSource struct {
	rows [][][]byte
	i    int
}

type inlineRecord [][]byte

func (r inlineRecord) Len() int           { return len(r) }
func (r inlineRecord) Field(i int) []byte { return r[i] }
func (r inlineRecord) AppendFields(dst [][]byte) [][]byte {
	return append(dst, r...)
}
func (r inlineRecord) Pos(int) (int, int) { return 0, 0 }
func (r inlineRecord) Line() int          { return 0 }
func (r inlineRecord) EndLine() int       { return 0 }

func (s *inlineSource) Read() (record, error) {
	if s.i >= len(s.rows) {
		return nil, io.EOF
	}
	s.i++
	return inlineRecord(s.rows[s.i-1]), nil
}
