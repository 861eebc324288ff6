package frictionless

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/ichiran-jp/ichiran/tools/tablecsv"
)

// record is one parsed row of a table, from a CSV file or inline data.
type record interface {
	Len() int
	Field(i int) []byte
	AppendFields(dst [][]byte) [][]byte // every Field, in one call
	Pos(i int) (line, col int)
	Line() int
	EndLine() int
}

// rowSource yields records; io.EOF ends it. A *tablecsv.ParseError with a
// nil record means the line was skipped.
type rowSource interface {
	Read() (record, error)
}

type csvSource struct{ r *tablecsv.Reader }

func (s csvSource) Read() (record, error) {
	rec, err := s.r.Read()
	if rec == nil {
		return nil, err
	}
	return rec, err
}

// table validates the rows of one tabular resource as they stream by.
//
// Row numbers are int, and the key indexes store them in 32 bits: past
// 2^31 rows, the row that a duplicate repeats is misreported.
type table struct {
	resource string
	path     string // the part being read, for errors
	schema   *Schema
	dialect  *Dialect
	max      int
	maxRows  int // stop after this many data rows; 0 = no limit

	term         string // the line ending of the file's first line
	mixedEndings bool   // a different one was reported
	ctx          context.Context
	comments     []int // the dialect's commentRows, ascending

	// discard is set when the table is read only for the keys that foreign
	// keys reference: errors are counted, not kept, and never stop reading,
	// and no unique or key indexes are built.
	discard bool

	errs      []*Error
	discarded int // errors not kept (discard)
	stopped   bool
	rows      int // data rows seen

	// What the reader writes at every row has cache lines of its own: were
	// the applier to read anything on the same line (it reads much of the
	// table at every row), the two cores would pass the line back and
	// forth, which once made both stages twice as slow.
	_       [cacheLine]byte
	rowNum  int      // physical row number (header = 1)
	content int      // rows that are not comments: what headerRows count
	seen    int      // data rows read (pipe.go)
	cells   [][]byte // the current row's cells (row)
	_       [cacheLine]byte

	// header state
	headerDone bool
	lastHeader int
	labelRows  [][]string
	labels     []string
	labelPos   [][2]int // line and column of each label in the last header row
	headerLine int      // physical line where the last header row starts
	colOf      []int    // field index → column index, -1 when absent
	width      int      // expected number of cells per row
	byName     bool

	vals   []value
	valid  []bool
	key    []byte
	pk     *keyset
	uks    []*keyset
	uniq   []*keyset     // per field, nil unless unique
	refs   []*keyset     // per foreign key: referenced keys (nil for self)
	selfs  []*keyset     // per self-referencing foreign key: this table's referenced keys
	defers [][]pendingFK // per self-referencing foreign key: rows to look up at the end
	onRow  func()        // called after each non-blank row, once its values are cast
	lastFK []lastKey     // per foreign key: the previous row's key and whether it was found

	rowSpans int // key spans per row (pipe.go)

	// While reading (pipe.go), the reader queues what it finds in q, and
	// counts the data rows it has read in seen; rows, errs, stopped and
	// the key indexes belong to the applier.
	q *queue

	size   int64 // the bytes of the file being read, if known
	hinted bool  // the reader has estimated the rows (estimate)
	hint   int   // the applier's: the rows expected

	hashes []uint64 // the applier's: hashes of a batch's primary keys
	hashed bool     // hashes holds them
	sink   uint64
}

// lastKey remembers a foreign key's previous lookup: sorted files repeat a
// key over many rows in a row.
type lastKey struct {
	key   []byte
	found bool
	ok    bool
}

type pendingFK struct {
	key   string
	row   int
	line  int
	cells string
}

// newTable prepares to validate a table with schema (nil: none) and dialect.
func newTable(ctx context.Context, resource string, schema *Schema, dialect *Dialect, max int) *table {
	t := &table{resource: resource, schema: schema, dialect: dialect, max: max, ctx: ctx,
		lastHeader: lastOf(dialect.HeaderRows), comments: dialect.CommentRows}
	if !slices.IsSorted(t.comments) {
		t.comments = slices.Sorted(slices.Values(t.comments))
	}
	if schema != nil {
		t.prepare()
	}
	return t
}

func lastOf(rows []int) int {
	if len(rows) == 0 {
		return 0
	}
	return rows[len(rows)-1]
}

var (
	// errStop ends reading once the error limit is reached.
	errStop = errors.New("error limit reached")
	// errHalt ends reading when the rest of the table cannot be checked:
	// its header does not say which column is which field.
	errHalt = errors.New("the table cannot be read further")
)

// ended reports whether err ended reading a table on purpose.
func ended(err error) bool { return err == errStop || err == errHalt }

func (t *table) add(e *Error) error {
	if t.stopped {
		return errStop
	}
	if t.discard {
		t.discarded++
		return nil
	}
	e.Resource = t.resource
	if e.Path == "" {
		e.Path = t.path
	}
	t.errs = append(t.errs, e)
	if t.max > 0 && len(t.errs) >= t.max {
		t.stopped = true
		return errStop
	}
	return nil
}

// cellError builds an error located at cell col of rec.
func (t *table) cellError(code string, rec record, col, field int, ja, en string) *Error {
	return t.cellErrorAt(t.rowNum, code, rec, col, field, ja, en)
}

// cellErrorAt is cellError for row.
func (t *table) cellErrorAt(row int, code string, rec record, col, field int, ja, en string) *Error {
	e := &Error{Code: code, Row: row, FieldNumber: col + 1, Ja: ja, En: en}
	if field >= 0 && field < len(t.schema.Fields) {
		e.Field = t.schema.Fields[field].Name
	}
	if rec != nil && col < rec.Len() {
		e.Line, e.Col = rec.Pos(col)
		e.Cell = cellText(bytesString(rec.Field(col)))
	} else if rec != nil {
		e.Line = rec.EndLine()
	}
	return e
}

// readRows is the reader of read: it reads every record of src and queues
// what it finds.
func (t *table) readRows(src rowSource) error {
	for {
		if err := t.q.tick(); err != nil {
			return err
		}
		if err := t.ctx.Err(); err != nil {
			return err
		}
		rec, err := src.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			var pe *tablecsv.ParseError
			if !errors.As(err, &pe) {
				return err // I/O failure
			}
			e := parseError(pe)
			e.Row = t.rowNum + 1
			if e := t.emit(e); e != nil {
				return e
			}
			if rec == nil {
				// The line was skipped. It is still a row, and it may
				// have been a header row: then its labels are unknown.
				t.rowNum++
				if !t.isCommentRow() {
					t.content++
				}
				continue
			}
		}
		t.rowNum++
		if err := t.lineEnding(rec); err != nil {
			return err
		}
		if t.isCommentRow() || t.isComment(rec) {
			continue
		}
		t.content++
		if !t.headerDone {
			// Header rows count the rows that are not comments, so that a
			// "# note" line above the header does not displace it.
			if t.content <= t.lastHeader {
				if slices.Contains(t.dialect.HeaderRows, t.content) {
					t.labelRows = append(t.labelRows, fields(rec))
					t.headerLine = rec.Line()
					t.labelPos = t.labelPos[:0]
					for i := 0; i < rec.Len(); i++ {
						l, c := rec.Pos(i)
						t.labelPos = append(t.labelPos, [2]int{l, c})
					}
				}
				continue
			}
			if err := t.header(rec); err != nil {
				return err
			}
		}
		if t.maxRows > 0 && t.seen >= t.maxRows {
			t.emit(&Error{Code: CodeSource, Row: t.rowNum, Line: rec.Line(),
				Ja: fmt.Sprintf("データの行数が上限 %d 行を超えたので、ここで読むのをやめました", t.maxRows),
				En: fmt.Sprintf("more than %d data rows: reading stopped here", t.maxRows)})
			return errStop // the applier sets stopped
		}
		if err := t.row(rec); err != nil {
			return err
		}
	}
}

// isCommentRow reports whether the current row is one of the dialect's
// commentRows.
func (t *table) isCommentRow() bool {
	if len(t.comments) == 0 {
		return false
	}
	_, found := slices.BinarySearch(t.comments, t.rowNum)
	return found
}

// lineEnding checks that a file ends every line the same way; the first
// record that differs is a format-error (once per file).
func (t *table) lineEnding(rec record) error {
	tr, ok := rec.(interface{ Terminator() string })
	if !ok || t.mixedEndings {
		return nil
	}
	term := tr.Terminator()
	switch {
	case term == "":
		return nil
	case t.term == "":
		t.term = term
		return nil
	case term == t.term:
		return nil
	}
	t.mixedEndings = true
	name := map[string]string{"\r\n": "CRLF", "\n": "LF", "\r": "CR"}
	return t.emit(&Error{Code: CodeFormat, Row: t.rowNum, Line: rec.EndLine(),
		Ja: fmt.Sprintf("改行コードが混在しています: この行は %s、それより前の行は %s で終わっています。正規のデータは改行コードを 1 種類に揃えます", name[term], name[t.term]),
		En: fmt.Sprintf("mixed line endings: this line ends with %s, the lines before it with %s; canonical data uses one line ending throughout", name[term], name[t.term])})
}

func (t *table) isComment(rec record) bool {
	return t.dialect.CommentChar != "" && rec.Len() > 0 && strings.HasPrefix(string(rec.Field(0)), t.dialect.CommentChar)
}

func fields(rec record) []string {
	out := make([]string, rec.Len())
	for i := range out {
		out[i] = string(rec.Field(i))
	}
	return out
}

func parseError(pe *tablecsv.ParseError) *Error {
	e := &Error{Code: CodeFormat, Line: pe.Line, Col: pe.Col, Err: pe}
	switch {
	case errors.Is(pe, tablecsv.ErrBOM):
		e.Code = CodeEncoding
		e.Ja, e.En = "ファイルの先頭に BOM があります。正規のデータは BOM なしの UTF-8 です", "the file starts with a byte order mark; canonical data is UTF-8 without BOM"
	case errors.Is(pe, tablecsv.ErrInvalidUTF8):
		e.Code = CodeEncoding
		e.Ja, e.En = "UTF-8 として正しくないバイトがあります (Shift_JIS などで保存されていませんか)", "invalid UTF-8 (was the file saved as Shift_JIS or another encoding?)"
	case errors.Is(pe, tablecsv.ErrNUL):
		e.Code = CodeEncoding
		e.Ja, e.En = "NUL バイト (0x00) があります", "NUL byte (0x00) in the data"
	case errors.Is(pe, tablecsv.ErrBareQuote):
		e.Ja, e.En = "引用符で囲まれていない値の中に引用符があります。この行は読み飛ばしました", `a quote inside an unquoted value; the line was skipped`
	case errors.Is(pe, tablecsv.ErrAfterQuote):
		e.Ja, e.En = "閉じ引用符の後に区切り文字以外の文字があります。この行は読み飛ばしました", "characters after a closing quote; the line was skipped"
	case errors.Is(pe, tablecsv.ErrQuote):
		e.Ja, e.En = "引用符が閉じられないままファイルが終わっています", "a quoted value is not closed before the end of the file"
	case errors.Is(pe, tablecsv.ErrEscape):
		e.Ja, e.En = "エスケープ文字でファイルが終わっています", "the file ends with an escape character"
	case errors.Is(pe, tablecsv.ErrFieldTooLong):
		e.Ja, e.En = "値が長すぎます。この行は読み飛ばしました", "a value is too long; the line was skipped"
	case errors.Is(pe, tablecsv.ErrTooManyFields):
		e.Ja, e.En = "列が多すぎます。この行は読み飛ばしました", "too many columns; the line was skipped"
	case errors.Is(pe, tablecsv.ErrRecordTooLong):
		e.Ja, e.En = "行が長すぎます。この行は読み飛ばしました", "a row is too long; the line was skipped"
	default:
		e.Ja, e.En = "CSV として読めない行です", "a line that is not a CSV row: "+pe.Err.Error()
	}
	return e
}

// header settles the labels once the header rows are read (or, without a
// header, at the first data row), checks them, and maps fields to columns.
// A header that is blank, or whose lines could not be read, is reported
// (blank-header, or the format-error already given) and fields then map to
// columns by position, as without a header.
func (t *table) header(first record) error {
	t.headerDone = true
	hasHeader := len(t.labelRows) > 0
	if hasHeader {
		n := 0
		for _, r := range t.labelRows {
			n = max(n, len(r))
		}
		t.labels = make([]string, n)
		for i := range t.labels {
			var parts []string
			for _, r := range t.labelRows {
				if i < len(r) && r[i] != "" {
					parts = append(parts, r[i])
				}
			}
			t.labels[i] = strings.Join(parts, t.dialect.HeaderJoin)
		}
		if countBlank(t.labels) == len(t.labels) {
			if err := t.emit(&Error{Code: CodeBlankHeader, Line: t.headerLine, Col: min(t.headerLine, 1),
				Ja: "見出しの行が空です", En: "the header row is blank"}); err != nil {
				return err
			}
			hasHeader, t.labels = false, nil
		}
	}
	if t.schema == nil {
		// No schema: every column is a field of type any, named by its
		// label (or field1, field2, … without a header).
		names := t.labels
		if !hasHeader && first != nil {
			names = make([]string, first.Len())
			for i := range names {
				names[i] = fmt.Sprintf("field%d", i+1)
			}
		}
		t.schema = &Schema{FieldsMatch: "exact", MissingValues: []string{""}}
		for _, n := range names {
			t.schema.Fields = append(t.schema.Fields, &Field{Name: n, Type: "any", Format: "default", missingValues: []string{""}, minLength: -1, maxLength: -1})
		}
		t.prepare()
	}
	s := t.schema
	t.colOf = make([]int, len(s.Fields))
	t.width = len(s.Fields)
	match := s.FieldsMatch
	if !hasHeader {
		match = "exact"
	}
	// labelErr reports a problem with the label in column col (or, past
	// the labels, with a field that has no column); field is the schema's
	// field for that column, if any.
	labelErr := func(code string, col int, field, label, ja, en string) error {
		e := &Error{Code: code, Line: t.headerLine, FieldNumber: col + 1, Field: field, Label: cellText(label), Ja: ja, En: en}
		if col < len(t.labelPos) {
			e.Line, e.Col = t.labelPos[col][0], t.labelPos[col][1]
		}
		return t.emit(e)
	}
	inSchema := map[string]int{}
	for i, f := range s.Fields {
		if _, dup := inSchema[t.norm(f.Name)]; !dup {
			inSchema[t.norm(f.Name)] = i
		}
	}
	fieldAt := func(col int) string {
		if match == "exact" {
			if col < len(s.Fields) {
				return s.Fields[col].Name
			}
			return ""
		}
		if i, ok := inSchema[t.norm(t.labels[col])]; ok && t.labels[col] != "" {
			return s.Fields[i].Name
		}
		return ""
	}
	seen := map[string]int{}
	for i, l := range t.labels {
		if l == "" {
			if err := labelErr(CodeBlankLabel, i, fieldAt(i), l, fmt.Sprintf("%d列目の見出しが空です", i+1), fmt.Sprintf("label in column %d is blank", i+1)); err != nil {
				return err
			}
			continue
		}
		if j, ok := seen[t.norm(l)]; ok {
			if err := labelErr(CodeDuplicateLabel, i, fieldAt(i), l, fmt.Sprintf("%d列目の見出し %s は %d列目と重複しています", i+1, quote(l), j+1), fmt.Sprintf("label %s in column %d duplicates column %d", quote(l), i+1, j+1)); err != nil {
				return err
			}
			continue
		}
		seen[t.norm(l)] = i
	}
	if match == "exact" {
		for i := range t.colOf {
			t.colOf[i] = i
		}
		if !hasHeader {
			return nil
		}
		for i, l := range t.labels {
			switch {
			case i >= len(s.Fields):
				if err := labelErr(CodeExtraLabel, i, "", l, fmt.Sprintf("%d列目の見出し %s はスキーマにない列です", i+1, quote(l)), fmt.Sprintf("label %s in column %d has no field in the schema", quote(l), i+1)); err != nil {
					return err
				}
			case l != "" && t.norm(l) != t.norm(s.Fields[i].Name):
				if err := labelErr(CodeIncorrectLabel, i, s.Fields[i].Name, l, fmt.Sprintf("%d列目の見出しは %s ですが、スキーマでは %s です", i+1, quote(l), quote(s.Fields[i].Name)),
					fmt.Sprintf("label in column %d is %s, but the schema expects %s", i+1, quote(l), quote(s.Fields[i].Name))); err != nil {
					return err
				}
			}
		}
		for i := len(t.labels); i < len(s.Fields); i++ {
			n := s.Fields[i].Name
			if err := labelErr(CodeMissingLabel, i, n, "", fmt.Sprintf("%d列目にあるはずの列 %s がありません", i+1, quote(n)), fmt.Sprintf("column %d, field %s, is missing", i+1, quote(n))); err != nil {
				return err
			}
		}
		return nil
	}

	// Matching by name.
	t.byName = true
	t.width = len(t.labels)
	if len(seen)+countBlank(t.labels) != len(t.labels) {
		// As frictionless-py does, the table is not read further: which
		// column would a field read?
		if err := t.emit(&Error{Code: CodeSchema, Line: t.headerLine, Col: min(t.headerLine, 1),
			Ja: fmt.Sprintf("fieldsMatch %q で名前により照合するには、見出しが一意でなければなりません。表の残りは検証していません", match),
			En: fmt.Sprintf("matching fields by name (fieldsMatch %q) requires unique labels; the rest of the table is not validated", match)}); err != nil {
			return err
		}
		return errHalt
	}
	matched := 0
	for i, f := range s.Fields {
		j, ok := seen[t.norm(f.Name)]
		if !ok {
			j = -1
		} else {
			matched++
		}
		t.colOf[i] = j
	}
	if match == "equal" || match == "superset" {
		for i, l := range t.labels {
			if _, ok := inSchema[t.norm(l)]; l != "" && !ok {
				if err := labelErr(CodeExtraLabel, i, "", l, fmt.Sprintf("見出し %s (%d列目) はスキーマにありません", quote(l), i+1), fmt.Sprintf("label %s (column %d) is not in the schema", quote(l), i+1)); err != nil {
					return err
				}
			}
		}
	}
	if match == "partial" && matched == 0 {
		if err := t.emit(&Error{Code: CodeUnmatchedHeader, Line: t.headerLine, Col: min(t.headerLine, 1), Ja: "見出しがスキーマのどのフィールドとも一致しません", En: "no label matches a field of the schema"}); err != nil {
			return err
		}
	}
	if match == "equal" || match == "subset" || match == "partial" && matched == 0 {
		k := len(t.labels)
		for i, f := range s.Fields {
			if t.colOf[i] >= 0 {
				continue
			}
			if err := labelErr(CodeMissingLabel, k, f.Name, "", fmt.Sprintf("スキーマのフィールド %s の列がありません", quote(f.Name)), fmt.Sprintf("field %s has no column", quote(f.Name))); err != nil {
				return err
			}
			k++
		}
	}
	return nil
}

func countBlank(labels []string) int {
	n := 0
	for _, l := range labels {
		if l == "" {
			n++
		}
	}
	return n
}

// norm folds a label for comparison when the header is case-insensitive.
func (t *table) norm(s string) string {
	if t.dialect.CaseSensitive {
		return s
	}
	return strings.ToLower(s)
}

func (t *table) isMissing(f *Field, cell []byte) bool {
	for _, m := range f.missingValues {
		if string(cell) == m {
			return true
		}
	}
	return t.dialect.HasNullSequence && string(cell) == t.dialect.NullSequence
}

// row validates one data row.
func (t *table) row(rec record) error {
	t.rowStart()
	s := t.schema
	// The cells are taken in one call, not one call (through the
	// interface) for each.
	t.cells = rec.AppendFields(t.cells[:0])
	cells := t.cells
	n := len(cells)
	if t.vals == nil {
		t.vals = make([]value, len(s.Fields))
		t.valid = make([]bool, len(s.Fields))
	}
	if isBlank(cells) {
		if err := t.emit(&Error{Code: CodeBlankRow, Row: t.rowNum, Line: rec.Line(), Col: rowCol(rec), Ja: "空行です", En: "the row is blank"}); err != nil {
			return err
		}
		if len(s.pk) > 0 {
			return t.emit(t.keyError(CodePrimaryKey, t.rowNum, rec, s.PrimaryKey, "主キーの値がありません", "the primary key is empty"))
		}
		return nil
	}
	for i, f := range s.Fields {
		v := &t.vals[i]
		t.valid[i] = false
		col := t.colOf[i]
		if col < 0 {
			*v = value{null: true}
			t.valid[i] = true
			continue
		}
		if col >= n {
			*v = value{null: true}
			if f.required {
				if err := t.emit(t.cellError(CodeConstraint, rec, col, i, fmt.Sprintf("%sは必須ですが値がありません", t.fieldJa(i, col)), fmt.Sprintf("%s is required but has no value", t.fieldEn(i, col)))); err != nil {
					return err
				}
			}
			if err := t.emit(t.cellError(CodeMissingCell, rec, col, i, fmt.Sprintf("%sのセルがありません (列が足りません)", t.fieldJa(i, col)), fmt.Sprintf("%s: the row has no cell for it", t.fieldEn(i, col)))); err != nil {
				return err
			}
			continue
		}
		cell := cells[col]
		if t.isMissing(f, cell) {
			*v = value{null: true}
			t.valid[i] = true
			if f.required {
				if err := t.emit(t.cellError(CodeConstraint, rec, col, i, fmt.Sprintf("%sは必須ですが値がありません", t.fieldJa(i, col)), fmt.Sprintf("%s is required but has no value", t.fieldEn(i, col)))); err != nil {
					return err
				}
			}
			continue
		}
		if err := f.cast(cell, v); err != nil {
			ja, en := typeMessage(f, err)
			if err := t.emit(t.cellError(CodeType, rec, col, i, fmt.Sprintf("%sの値 %s は%s", t.fieldJa(i, col), quote(bytesString(cell)), ja), fmt.Sprintf("%s: %s is not %s", t.fieldEn(i, col), quote(bytesString(cell)), en))); err != nil {
				return err
			}
			continue
		}
		if name := f.violation(cell, v); name != "" {
			if err := t.emit(t.cellError(CodeConstraint, rec, col, i,
				fmt.Sprintf("%sの値 %s が制約 %s: %s を満たしません", t.fieldJa(i, col), quote(bytesString(cell)), name, f.constraintText[name]),
				fmt.Sprintf("%s: %s does not satisfy the constraint %s: %s", t.fieldEn(i, col), quote(bytesString(cell)), name, f.constraintText[name]))); err != nil {
				return err
			}
			continue
		}
		t.valid[i] = true
		if f.unique && !t.discard {
			t.queueUnique(rec, i, v)
		}
	}
	for c := t.width; c < n; c++ {
		if err := t.emit(t.cellError(CodeExtraCell, rec, c, -1, fmt.Sprintf("%d列目は見出しにもスキーマにもない余分なセルです", c+1), fmt.Sprintf("cell in column %d is beyond the fields", c+1))); err != nil {
			return err
		}
	}
	if t.onRow != nil {
		t.onRow()
	}
	if t.discard {
		return nil
	}
	t.queueKeys(rec)
	return nil
}

// rowCol is the column of an error about a whole row: 1, the start of its
// line, when the row has a line (inline data has none).
func rowCol(rec record) int { return min(rec.Line(), 1) }

func isBlank(cells [][]byte) bool {
	for _, c := range cells {
		if len(c) > 0 {
			return false
		}
	}
	return true
}

// fieldJa and fieldEn name field i at column col for messages.
func (t *table) fieldJa(i, col int) string {
	return fmt.Sprintf("%d列目「%s」", col+1, t.schema.Fields[i].Name)
}

func (t *table) fieldEn(i, col int) string {
	return fmt.Sprintf("field %q (column %d)", t.schema.Fields[i].Name, col+1)
}

// appendKeyOf appends the key of fields idx of the current row; ok is false
// when a value is null or did not cast (such rows are not keyed).
func (t *table) appendKeyOf(dst []byte, idx []int) ([]byte, bool, bool) {
	null := false
	for _, i := range idx {
		if !t.valid[i] {
			return dst, false, false
		}
		if t.vals[i].null {
			null = true
		}
		dst = appendKey(dst, t.schema.Fields[i].kind, &t.vals[i])
	}
	return dst, !null, null
}

// keyCells renders the cells of fields idx for a message, each cut to
// maxCellBytes.
func (t *table) keyCells(rec record, idx []int) string {
	var parts []string
	for _, i := range idx {
		c := t.colOf[i]
		if c >= 0 && c < rec.Len() {
			parts = append(parts, cellText(bytesString(rec.Field(c))))
		} else {
			parts = append(parts, "")
		}
	}
	return strings.Join(parts, ", ")
}

func (t *table) keyError(code string, row int, rec record, names []string, ja, en string) *Error {
	return &Error{Code: code, Row: row, Line: rec.Line(), Col: rowCol(rec), Field: strings.Join(names, ", "), Ja: ja, En: en}
}

func (t *table) fkError(fk ForeignKey, row, line int, cells string) *Error {
	res := fk.Resource
	if res == "" {
		res = t.resource
	}
	ref := res + "." + strings.Join(fk.RefFields, ",")
	return &Error{Code: CodeForeignKey, Row: row, Line: line, Col: min(line, 1), Field: strings.Join(fk.Fields, ", "), Cell: cellText(cells),
		Ja: fmt.Sprintf("外部キー (%s) の値 %s が参照先 %s にありません", strings.Join(fk.Fields, ", "), quote(cells), ref),
		En: fmt.Sprintf("foreign key (%s) value %s is not found in %s", strings.Join(fk.Fields, ", "), quote(cells), ref)}
}

// finish runs the checks that need the whole table: self-referencing
// foreign keys to rows further down.
func (t *table) finish() {
	for k, pend := range t.defers {
		for _, p := range pend {
			if _, found := t.selfs[k].lookup([]byte(p.key)); !found {
				if t.add(t.fkError(t.schema.ForeignKeys[k], p.row, p.line, p.cells)) != nil {
					return
				}
			}
		}
	}
}

// prepare allocates the key indexes once the schema is known.
func (t *table) prepare() {
	s := t.schema
	t.uniq = make([]*keyset, len(s.Fields))
	t.uks = make([]*keyset, len(s.uk))
	t.refs = make([]*keyset, len(s.ForeignKeys))
	t.selfs = make([]*keyset, len(s.ForeignKeys))
	t.defers = make([][]pendingFK, len(s.ForeignKeys))
	t.lastFK = make([]lastKey, len(s.ForeignKeys))
	t.rowSpans = s.rowSpans()
	for k, fk := range s.ForeignKeys {
		if fk.Resource == "" {
			t.selfs[k] = newKeyset()
		}
	}
}

// violation returns the name of the first constraint v breaks, or "".
func (f *Field) violation(cell []byte, v *value) string {
	if f.minLength >= 0 && v.n < f.minLength {
		return "minLength"
	}
	if f.maxLength >= 0 && v.n > f.maxLength {
		return "maxLength"
	}
	if f.minimum != nil {
		if c, ok := compare(f.kind, v, f.minimum); !ok || c < 0 {
			return "minimum"
		}
	}
	if f.maximum != nil {
		if c, ok := compare(f.kind, v, f.maximum); !ok || c > 0 {
			return "maximum"
		}
	}
	if f.exclusiveMin != nil {
		if c, ok := compare(f.kind, v, f.exclusiveMin); !ok || c <= 0 {
			return "exclusiveMinimum"
		}
	}
	if f.exclusiveMax != nil {
		if c, ok := compare(f.kind, v, f.exclusiveMax); !ok || c >= 0 {
			return "exclusiveMaximum"
		}
	}
	if f.pattern != nil && !f.pattern.match(cell) {
		return "pattern"
	}
	if f.enum != nil || f.categories != nil {
		var buf [64]byte // (string(key) in a map index does not copy)
		key := appendKey(buf[:0], f.kind, v)
		if f.enum != nil && !f.enum[string(key)] {
			return "enum"
		}
		if f.categories != nil && !f.categories[string(key)] {
			return "categories"
		}
	}
	if f.jsonSchema != nil && len(f.jsonSchema.Validate(v.x)) > 0 {
		return "jsonSchema"
	}
	return ""
}

// typeMessage says what a field expects, in Japanese and English, with the
// reason the cell failed when there is more to say than "not that type".
func typeMessage(f *Field, err error) (ja, en string) {
	what := &kindTexts[f.kind]
	ja, en = what.ja, what.en
	hint := what.hint
	switch {
	case f.Format != "default":
		hint = f.Format
	case f.kind == kindBoolean:
		hint = strings.Join(f.trueValues, "/") + " | " + strings.Join(f.falseValues, "/")
	}
	if hint != "" {
		ja += " (" + strings.Replace(hint, "e.g.", "例:", 1) + ")"
		en += " (" + hint + ")"
	}
	ja += " として読めません"
	if r := (*reason)(nil); errors.As(err, &r) {
		ja += ": " + r.ja
		en += ": " + r.en
	}
	return ja, en
}
