package frictionless

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/ichiran-jp/ichiran/tools/jsondoc"
	"github.com/ichiran-jp/ichiran/tools/profile"
)

// maxDescriptorBytes bounds a descriptor file (package, schema or dialect).
const maxDescriptorBytes = 16 << 20

// DescriptorLimits bounds each JSON descriptor file that LoadPackageWith
// and LoadSchemaWith read: the package descriptor and any schema or dialect
// file it names. A field that is zero (or negative) takes its default, the
// limits that LoadPackage and LoadSchema apply.
//
// 記述子 (パッケージ、スキーマ、ダイアレクトの JSON ファイル) ごとの上限。
// 0 以下の項目は既定値 (LoadPackage と LoadSchema の上限) になります。
type DescriptorLimits struct {
	// MaxBytes is the largest descriptor file, in bytes; default 16 MiB.
	MaxBytes int
	// MaxDepth is how many arrays and objects may be nested (the outermost
	// one is depth 1); default jsondoc.DefaultMaxDepth (100).
	MaxDepth int
}

// withDefaults fills the zero fields of l.
func (l DescriptorLimits) withDefaults() DescriptorLimits {
	if l.MaxBytes <= 0 {
		l.MaxBytes = maxDescriptorBytes
	}
	if l.MaxDepth <= 0 {
		l.MaxDepth = jsondoc.DefaultMaxDepth
	}
	return l
}

// Package is a loaded Data Package.
type Package struct {
	Path      string // the descriptor file, as given
	Dir       string // the package directory that resource paths are relative to
	Name      string
	V1        bool // the descriptor is Data Package v1
	Resources []*Resource

	limits DescriptorLimits // for the schema and dialect files of its resources
}

// Resource is one resource of a package.
type Resource struct {
	Name     string
	Paths    []string // relative slash paths inside the package (several = multipart)
	Data     any      // inline data, when there is no path
	Tabular  bool
	Format   string
	Encoding string
	Hash     string // as declared, e.g. "sha256:…" or a bare MD5
	Bytes    int64  // declared size, -1 when absent
	Rows     int64  // declared number of data rows (frictionless-py's "rows"), -1 when absent
	Dialect  *Dialect
	Schema   *Schema // nil: no schema (structure and encoding checks only)

	pkg        *Package
	descriptor string    // file that describes it (for errors)
	doc        *document // the package descriptor, to locate its properties
	ptr        string    // JSON pointer of the resource in doc
	broken     bool      // its descriptor has errors: its data is not validated
}

// document is a JSON descriptor file and what was decoded from it.
type document struct {
	path string
	raw  []byte
	doc  any
}

// errorAt makes an Error about the value at JSON pointer ptr of d. When
// ptr is inside a field of a schema, the error names the field.
func (d *document) errorAt(code, ptr, ja, en, resource string) *Error {
	e := &Error{Code: code, Resource: resource, Path: d.path, Ja: ja, En: en}
	if l, c, ok := jsondoc.Locate(d.raw, ptr); ok {
		e.Line, e.Col = l, c
	}
	if fp, n, ok := fieldPointer(ptr); ok {
		e.FieldNumber = n + 1
		if f, ok := lookup(d.doc, fp).(map[string]any); ok {
			e.Field, _ = f["name"].(string)
		}
	}
	return e
}

// fieldPointer finds the field of a Table Schema that ptr is in: the
// pointer of the field and its index. Only the fields array of a schema
// counts: at the top of a schema document ("/fields/N"), or below a
// "schema" property ("/resources/0/schema/fields/N"); the fields of a
// foreign key do not.
func fieldPointer(ptr string) (string, int, bool) {
	seg := strings.Split(ptr, "/")
	for i := 1; i+1 < len(seg); i++ {
		if seg[i] != "fields" || i > 1 && seg[i-1] != "schema" {
			continue
		}
		n, err := strconv.Atoi(seg[i+1])
		if err != nil || n < 0 {
			return "", 0, false
		}
		return strings.Join(seg[:i+2], "/"), n, true
	}
	return "", 0, false
}

// lookup returns the value at a JSON pointer without escapes, or nil.
func lookup(doc any, ptr string) any {
	for _, seg := range strings.Split(strings.TrimPrefix(ptr, "/"), "/") {
		switch x := doc.(type) {
		case map[string]any:
			doc = x[seg]
		case []any:
			i, err := strconv.Atoi(seg)
			if err != nil || i < 0 || i >= len(x) {
				return nil
			}
			doc = x[i]
		default:
			return nil
		}
	}
	return doc
}

// errorAt makes an Error about a property of the resource's descriptor.
func (r *Resource) errorAt(code, prop, ja, en string) *Error {
	if r.doc == nil {
		return &Error{Code: code, Resource: r.Name, Path: r.descriptor, Ja: ja, En: en}
	}
	return r.doc.errorAt(code, r.ptr+"/"+prop, ja, en, r.Name)
}

// readDocument reads and decodes a JSON descriptor within lim (defaults
// filled in); display is its path in messages.
func readDocument(open func() (io.ReadCloser, error), display string, lim DescriptorLimits) (*document, *Error, error) {
	lim = lim.withDefaults()
	f, err := open()
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	raw, err := io.ReadAll(io.LimitReader(f, int64(lim.MaxBytes)+1))
	if err != nil {
		return nil, nil, err
	}
	d := &document{path: display, raw: raw}
	d.doc, err = jsondoc.Decode(raw, jsondoc.Limits{MaxBytes: lim.MaxBytes, MaxDepth: lim.MaxDepth})
	if err != nil {
		e := &Error{Code: CodePackage, Path: display, Err: err,
			Ja: fmt.Sprintf("JSON として読めません: %v", err), En: fmt.Sprintf("not valid JSON: %v", err)}
		// Only the first bytes past the limit are read: name the limit,
		// not a size.
		switch {
		case errors.Is(err, jsondoc.ErrTooLarge):
			e.Ja = fmt.Sprintf("記述子が大きすぎます。上限は %d バイトです", lim.MaxBytes)
			e.En = fmt.Sprintf("the descriptor is larger than the limit of %d bytes", lim.MaxBytes)
		case errors.Is(err, jsondoc.ErrTooDeep):
			e.Ja = fmt.Sprintf("記述子の入れ子が深すぎます。配列とオブジェクトの入れ子は %d 段までです", lim.MaxDepth)
			e.En = fmt.Sprintf("the descriptor nests arrays and objects deeper than the limit of %d", lim.MaxDepth)
		}
		var se *jsondoc.SyntaxError
		if errors.As(err, &se) {
			e.Line, e.Col = se.Line, se.Col
		}
		return d, e, nil
	}
	return d, nil, nil
}

// CheckPath reports whether p is a safe local resource path: relative,
// slash-separated, not climbing out with "..", not into hidden folders, and
// not a URL (remote data is not read). The error is a *PathError.
func CheckPath(p string) error {
	if e := checkPath(p); e != nil {
		return e
	}
	return nil
}

// urlScheme matches the start of a URL: a scheme and "://" (RFC 3986).
var urlScheme = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]*://`)

func checkPath(p string) *PathError {
	reason := PathReason(0)
	switch {
	case p == "":
		reason = PathEmpty
	case urlScheme.MatchString(p):
		reason = PathURL
	case strings.HasPrefix(p, "/") || filepath.IsAbs(p) || len(p) > 1 && p[1] == ':':
		reason = PathAbsolute
	case strings.ContainsAny(p, "\\\x00"):
		reason = PathBadChar
	default:
		// ".." is the graver fault: it wins over a hidden name.
		for _, seg := range strings.Split(p, "/") {
			switch {
			case seg == "..":
				reason = PathParent
			case strings.HasPrefix(seg, ".") && seg != "." && reason == 0:
				reason = PathHidden
			}
		}
	}
	if reason == 0 {
		return nil
	}
	return &PathError{Path: p, Reason: reason}
}

// isV1 tells a Data Package v1 descriptor by its $schema or profile.
func isV1(m map[string]any) bool {
	if s, ok := m["$schema"].(string); ok {
		return strings.Contains(s, "/1.0/") || strings.Contains(s, "/1/")
	}
	p, _ := m["profile"].(string)
	switch p {
	case "data-package", "tabular-data-package", "fiscal-data-package", "data-resource", "tabular-data-resource":
		return true
	}
	return false
}

// LoadPackage loads the Data Package described by the file at path. It
// returns the descriptor problems it found as Errors; err is non-nil only
// when the descriptor cannot be read at all. Each descriptor file is read
// within the default DescriptorLimits: 16 MiB and 100 levels of nesting.
func LoadPackage(descriptor string) (*Package, []*Error, error) {
	return LoadPackageWith(descriptor, DescriptorLimits{})
}

// LoadPackageWith is LoadPackage with other limits on the descriptor files
// (the package descriptor and the schema and dialect files it names). A
// descriptor over a limit is a package-error (schema-error, dialect-error
// for those files) naming the limit, as for any descriptor that cannot be
// decoded.
func LoadPackageWith(descriptor string, lim DescriptorLimits) (*Package, []*Error, error) {
	p := &Package{Path: descriptor, Dir: filepath.Dir(descriptor), limits: lim}
	d, derr, err := readDocument(func() (io.ReadCloser, error) { return os.Open(descriptor) }, descriptor, lim)
	if err != nil {
		return nil, nil, err
	}
	if derr != nil {
		return p, []*Error{derr}, nil
	}
	m, ok := d.doc.(map[string]any)
	if !ok {
		return p, []*Error{d.errorAt(CodePackage, "", "記述子は JSON オブジェクトでなければなりません", "a package descriptor must be a JSON object", "")}, nil
	}
	p.V1 = isV1(m)
	p.Name, _ = m["name"].(string)
	var errs []*Error
	profiles, err := profile.Default()
	if err != nil {
		return nil, nil, err
	}
	broken := map[int]bool{}
	for _, v := range profiles.Validate("datapackage", m) {
		code, res := codeFor(v.Pointer)
		if res >= 0 {
			broken[res] = true
		}
		errs = append(errs, d.errorAt(code, v.Pointer, v.MessageJa, v.MessageEn, resourceName(m, res)))
	}
	for _, k := range []string{"missingValues", "fields"} {
		if _, ok := m[k]; ok {
			errs = append(errs, d.errorAt(CodePackage, "/"+k, fmt.Sprintf("%q はパッケージではなく resource.schema.%s に書いてください", k, k),
				fmt.Sprintf("%q should be under resource.schema.%s, not the package", k, k), ""))
		}
	}
	root, err := os.OpenRoot(p.Dir)
	if err != nil {
		return nil, nil, err
	}
	defer root.Close()
	names := map[string]int{}
	raws, _ := m["resources"].([]any)
	for i, rr := range raws {
		rm, ok := rr.(map[string]any)
		if !ok {
			continue
		}
		r, rerrs, err := loadResource(p, root, d, rm, "/resources/"+strconv.Itoa(i), p.V1)
		if err != nil {
			return nil, nil, err
		}
		r.broken = r.broken || broken[i]
		errs = append(errs, rerrs...)
		if j, dup := names[r.Name]; dup && r.Name != "" {
			errs = append(errs, d.errorAt(CodePackage, "/resources/"+strconv.Itoa(i)+"/name",
				fmt.Sprintf("リソース名 %q が重複しています (%d 番目と同じ)", r.Name, j+1), fmt.Sprintf("resource name %q is not unique (same as resource %d)", r.Name, j+1), r.Name))
		} else {
			names[r.Name] = i
		}
		p.Resources = append(p.Resources, r)
	}
	errs = append(errs, p.checkForeignKeys(d)...)
	tidy(errs)
	return p, errs, nil
}

// tidy orders descriptor errors by position (stably: errors at one place
// keep the order they were found in).
func tidy(errs []*Error) {
	slices.SortStableFunc(errs, func(a, b *Error) int {
		return cmp.Or(strings.Compare(a.Path, b.Path), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Col, b.Col))
	})
}

// codeFor maps a JSON pointer in a package descriptor to an error code and
// the index of the resource it is in (-1 for none).
func codeFor(ptr string) (string, int) {
	seg := strings.Split(ptr, "/")
	if len(seg) < 3 || seg[1] != "resources" {
		return CodePackage, -1
	}
	i, err := strconv.Atoi(seg[2])
	if err != nil {
		return CodePackage, -1
	}
	return subCode(seg[3:], CodeResource), i
}

// subCode classifies the pointer segments below a resource.
func subCode(seg []string, def string) string {
	switch {
	case len(seg) >= 3 && seg[0] == "schema" && seg[1] == "fields":
		return CodeField
	case len(seg) >= 1 && seg[0] == "schema":
		return CodeSchema
	case len(seg) >= 1 && seg[0] == "dialect":
		return CodeDialect
	}
	return def
}

func resourceName(m map[string]any, i int) string {
	rs, _ := m["resources"].([]any)
	if i < 0 || i >= len(rs) {
		return ""
	}
	r, _ := rs[i].(map[string]any)
	n, _ := r["name"].(string)
	return n
}

func loadResource(p *Package, root *os.Root, d *document, m map[string]any, ptr string, v1 bool) (*Resource, []*Error, error) {
	r := &Resource{pkg: p, descriptor: d.path, doc: d, ptr: ptr, Bytes: -1, Rows: -1}
	r.Name, _ = m["name"].(string)
	var errs []*Error
	fail := func(code, p, ja, en string) *Error {
		e := d.errorAt(code, ptr+p, ja, en, r.Name)
		errs = append(errs, e)
		r.broken = true
		return e
	}
	v1 = v1 || isV1(m)
	for _, k := range []string{"missingValues", "fields", "primaryKey", "foreignKeys"} {
		if _, ok := m[k]; ok {
			fail(CodeResource, "/"+k, fmt.Sprintf("%q は resource ではなく schema.%s に書いてください", k, k), fmt.Sprintf("%q should be under schema.%s, not the resource", k, k))
		}
	}
	pathVal, hasPath := m["path"]
	if !hasPath {
		pathVal, hasPath = m["url"] // v1
	}
	if hasPath {
		paths, _ := stringList(pathVal)
		for j, rp := range paths {
			if pe := checkPath(rp); pe != nil {
				pp := "/path"
				if _, isArr := pathVal.([]any); isArr {
					pp += "/" + strconv.Itoa(j)
				}
				fail(CodeResource, pp, pe.Ja(), pe.En()).Err = pe
				continue
			}
			r.Paths = append(r.Paths, path.Clean(rp))
		}
	} else {
		r.Data = m["data"]
	}
	r.Format, _ = m["format"].(string)
	r.Encoding, _ = m["encoding"].(string)
	r.Hash, _ = m["hash"].(string)
	if n, ok := m["bytes"].(interface{ Int64() (int64, error) }); ok {
		if b, err := n.Int64(); err == nil {
			r.Bytes = b
		}
	}
	if n, ok := m["rows"].(interface{ Int64() (int64, error) }); ok {
		if b, err := n.Int64(); err == nil {
			r.Rows = b
		}
	}
	typ, _ := m["type"].(string)
	prof, _ := m["profile"].(string)
	_, hasSchema := m["schema"]
	r.Tabular = typ == "table" || prof == "tabular-data-resource" || hasSchema || isTabularFormat(r)

	// schema and dialect: inline objects, or paths to JSON files.
	sub := func(key, profileName string) (map[string]any, *document, string, bool) {
		x, ok := m[key]
		if !ok {
			return nil, nil, "", true
		}
		if obj, ok := x.(map[string]any); ok {
			return obj, d, ptr + "/" + key, true
		}
		s, ok := x.(string)
		if !ok {
			return nil, nil, "", false // the profile reported it
		}
		if pe := checkPath(s); pe != nil {
			fail(subCode([]string{key}, CodeResource), "/"+key, pe.Ja(), pe.En()).Err = pe
			return nil, nil, "", false
		}
		display := filepath.Join(p.Dir, filepath.FromSlash(s))
		sd, serr, err := readDocument(func() (io.ReadCloser, error) { return openRegular(root, s) }, display, p.limits)
		if err != nil {
			ja := fmt.Sprintf("%s ファイル %q を開けません", key, s)
			if errors.Is(err, os.ErrNotExist) {
				ja = fmt.Sprintf("%s ファイル %q がありません", key, s)
			}
			fail(subCode([]string{key}, CodeResource), "/"+key, ja, fmt.Sprintf("cannot open %s file %q: %v", key, s, err)).Err = err
			return nil, nil, "", false
		}
		if serr != nil {
			serr.Code, serr.Resource = subCode([]string{key}, CodeResource), r.Name
			errs = append(errs, serr)
			r.broken = true
			return nil, nil, "", false
		}
		obj, ok := sd.doc.(map[string]any)
		if !ok {
			errs = append(errs, sd.errorAt(subCode([]string{key}, CodeResource), "", key+" は JSON オブジェクトでなければなりません", key+" must be a JSON object", r.Name))
			r.broken = true
			return nil, nil, "", false
		}
		profiles, _ := profile.Default()
		for _, v := range profiles.Validate(profileName, obj) {
			code := CodeDialect
			if key == "schema" {
				code = subCode(append([]string{"schema"}, strings.Split(strings.TrimPrefix(v.Pointer, "/"), "/")...), CodeSchema)
			}
			errs = append(errs, sd.errorAt(code, v.Pointer, v.MessageJa, v.MessageEn, r.Name))
			r.broken = true
		}
		return obj, sd, "", true
	}
	if obj, sd, base, ok := sub("schema", "tableschema"); ok && obj != nil {
		s, issues := compileSchema(obj, v1 || isV1(obj))
		for _, is := range issues {
			errs = append(errs, sd.errorAt(is.code, base+is.ptr, is.ja, is.en, r.Name))
			r.broken = true
		}
		s.doc, s.ptr = sd, base
		r.Schema = s
	}
	// A TSV file is tab-separated unless its dialect says otherwise.
	delimiter := byte(',')
	if r.format() == "tsv" {
		delimiter = '\t'
	}
	r.Dialect = DefaultDialect()
	r.Dialect.CSV.Delimiter = delimiter
	if obj, sd, base, ok := sub("dialect", "tabledialect"); ok && obj != nil {
		dl, issues := compileDialect(obj, delimiter)
		for _, is := range issues {
			errs = append(errs, sd.errorAt(is.code, base+is.ptr, is.ja, is.en, r.Name))
			r.broken = true
		}
		r.Dialect = dl
	}
	return r, errs, nil
}

// format is the resource's format in lower case: as declared, or else the
// extension of its (first) path without the dot; "" when neither says.
func (r *Resource) format() string {
	if r.Format != "" {
		return strings.ToLower(r.Format)
	}
	if len(r.Paths) > 0 {
		return strings.ToLower(strings.TrimPrefix(path.Ext(r.Paths[0]), "."))
	}
	return ""
}

// readable reports whether this validator can read the resource's data as
// a table: inline data, or CSV and TSV files (a file with no extension and
// no format is read as CSV).
func (r *Resource) readable() bool {
	if r.Data != nil {
		return true
	}
	switch r.format() {
	case "", "csv", "tsv":
		return true
	}
	return false
}

func isTabularFormat(r *Resource) bool {
	switch r.format() {
	case "csv", "tsv":
		return true
	case "":
		_, ok := r.Data.([]any)
		return ok
	}
	return false
}

// checkForeignKeys checks that each foreign key names a resource of the
// package and fields that resource's schema has.
func (p *Package) checkForeignKeys(d *document) []*Error {
	var errs []*Error
	for i, r := range p.Resources {
		if r.Schema == nil {
			continue
		}
		for j, fk := range r.Schema.ForeignKeys {
			if fk.Resource == "" {
				continue // a self-reference: compileSchema checks it
			}
			ref := p.Resource(fk.Resource)
			ptr := fmt.Sprintf("/resources/%d/schema/foreignKeys/%d/reference", i, j)
			if ref == nil {
				errs = append(errs, d.errorAt(CodeSchema, ptr+"/resource", fmt.Sprintf("外部キーの参照先リソース %q がパッケージにありません", fk.Resource),
					fmt.Sprintf("foreign key references resource %q, which the package does not have", fk.Resource), r.Name))
				r.broken = true
				continue
			}
			if ref.Schema == nil {
				errs = append(errs, d.errorAt(CodeSchema, ptr+"/resource", fmt.Sprintf("参照先リソース %q にスキーマがありません", fk.Resource),
					fmt.Sprintf("referenced resource %q has no schema", fk.Resource), r.Name))
				r.broken = true
				continue
			}
			for _, n := range fk.RefFields {
				if ref.Schema.fieldIndex(n) < 0 {
					errs = append(errs, d.errorAt(CodeSchema, ptr+"/fields", fmt.Sprintf("参照先リソース %q にフィールド %q がありません", ref.Name, n),
						fmt.Sprintf("referenced resource %q has no field %q", ref.Name, n), r.Name))
					r.broken = true
				}
			}
		}
	}
	return errs
}

// Resource returns the resource with the given name, or nil.
func (p *Package) Resource(name string) *Resource {
	for _, r := range p.Resources {
		if r.Name == name {
			return r
		}
	}
	return nil
}

// LoadSchema loads a Table Schema from a JSON file (for validating a lone
// table). Descriptor problems are returned as Errors.
func LoadSchema(file string) (*Schema, []*Error, error) {
	return LoadSchemaWith(file, DescriptorLimits{})
}

// LoadSchemaWith is LoadSchema with other limits on the file.
func LoadSchemaWith(file string, lim DescriptorLimits) (*Schema, []*Error, error) {
	d, derr, err := readDocument(func() (io.ReadCloser, error) { return os.Open(file) }, file, lim)
	if err != nil {
		return nil, nil, err
	}
	if derr != nil {
		derr.Code = CodeSchema
		return nil, []*Error{derr}, nil
	}
	m, ok := d.doc.(map[string]any)
	if !ok {
		return nil, []*Error{d.errorAt(CodeSchema, "", "Table Schema は JSON オブジェクトでなければなりません", "a Table Schema must be a JSON object", "")}, nil
	}
	profiles, err := profile.Default()
	if err != nil {
		return nil, nil, err
	}
	var errs []*Error
	for _, v := range profiles.Validate("tableschema", m) {
		code := subCode(append([]string{"schema"}, strings.Split(strings.TrimPrefix(v.Pointer, "/"), "/")...), CodeSchema)
		errs = append(errs, d.errorAt(code, v.Pointer, v.MessageJa, v.MessageEn, ""))
	}
	s, issues := compileSchema(m, isV1(m))
	for _, is := range issues {
		errs = append(errs, d.errorAt(is.code, is.ptr, is.ja, is.en, ""))
	}
	s.doc = d
	tidy(errs)
	return s, errs, nil
}
