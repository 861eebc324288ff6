// Package tablecsv is a fast streaming CSV reader that understands the
// parsing options of the Frictionless Table Dialect and reports problems with
// exact, human-oriented positions.
//
// It is modelled on encoding/csv, with these differences:
//
//   - The dialect is configurable (delimiter, quote character, doubled quotes,
//     escape character, skipping of initial spaces); see [Dialect].
//   - "\r\n", "\n" and a lone "\r" all end a record. Newlines inside quoted
//     fields are kept exactly as they are (no "\r\n" to "\n" rewriting).
//   - An empty line is a record with zero fields; it is not skipped.
//   - Every record is checked for invalid UTF-8 and NUL bytes, and a UTF-8
//     byte order mark at the start of the input is reported and stripped.
//   - Columns in positions count runes (UTF-8 characters), not bytes, so that
//     they match what a person sees in an editor.
//   - After an error in a line, reading can go on with the next line.
//   - Records are reused: reading allocates nothing per record once the
//     internal buffers have grown to the size of the largest record. A
//     field is not copied unless quotes or escapes make its content differ
//     from its input.
//
// Memory use is bounded by the read buffer plus the largest record, and the
// size of a record is bounded by [Options.MaxRecordBytes] (and each field by
// [Options.MaxFieldBytes], their number by [Options.MaxFields]).
package tablecsv

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"unicode/utf8"
)

// Dialect holds the Frictionless Table Dialect options that affect parsing.
//
// The zero Dialect is a comma-separated format without quoting; use
// [DefaultDialect] for the Frictionless defaults. The delimiter, quote and
// escape characters must be distinct ASCII bytes other than '\r' and '\n'
// (see [Dialect.Validate]); a Reader with an invalid dialect returns an error
// wrapping [ErrInvalidDialect] from every Read.
type Dialect struct {
	// Delimiter separates fields; 0 means ','.
	Delimiter byte
	// QuoteChar starts and ends a quoted field, which may contain delimiters
	// and newlines. 0 means no quoting at all: quote characters are ordinary
	// bytes.
	QuoteChar byte
	// DoubleQuote makes two quote characters inside a quoted field stand for
	// one quote character (the Frictionless default is true).
	DoubleQuote bool
	// EscapeChar, if not 0, makes the byte after it a literal part of the
	// field, in quoted and unquoted fields alike. The escape character itself
	// is dropped. An escaped newline is part of the field (and still counts as
	// a new physical line).
	EscapeChar byte
	// SkipInitialSpace skips the spaces (' ', not other white space) at the
	// start of each field, that is right after a delimiter and at the start of
	// a line, like Python's csv module does. A line of spaces only is then a
	// record with one empty field.
	SkipInitialSpace bool
}

// DefaultDialect returns the Frictionless default dialect: comma delimiter,
// '"' quote character and doubled quotes.
func DefaultDialect() Dialect {
	return Dialect{Delimiter: ',', QuoteChar: '"', DoubleQuote: true}
}

// ErrInvalidDialect is wrapped by the error that [Dialect.Validate] returns,
// and that every Read of a Reader with an invalid dialect returns.
var ErrInvalidDialect = errors.New("tablecsv: invalid dialect")

// Validate reports whether the dialect can be used: the delimiter and the
// quote and escape characters, if set, must be distinct ASCII bytes and must
// not be '\r' or '\n'. A Delimiter of 0 stands for ','.
func (d Dialect) Validate() error {
	if d.Delimiter == 0 {
		d.Delimiter = ','
	}
	bad := func(name string, c byte) error {
		return fmt.Errorf("%w: %s %q", ErrInvalidDialect, name, c)
	}
	for _, x := range []struct {
		name string
		c    byte
	}{{"delimiter", d.Delimiter}, {"quote character", d.QuoteChar}, {"escape character", d.EscapeChar}} {
		if x.c == '\r' || x.c == '\n' || x.c >= utf8.RuneSelf {
			return bad(x.name, x.c)
		}
	}
	if d.QuoteChar == d.Delimiter {
		return bad("quote character equal to delimiter", d.QuoteChar)
	}
	if d.EscapeChar != 0 && (d.EscapeChar == d.Delimiter || d.EscapeChar == d.QuoteChar) {
		return bad("escape character equal to delimiter or quote character", d.EscapeChar)
	}
	return nil
}

// Options limit the resources that a Reader uses. Zero (or negative) values
// mean the defaults.
type Options struct {
	// MaxFieldBytes is the largest allowed field, in bytes of content
	// (after unquoting and unescaping; default 16 MiB). A longer field, or a
	// longer run of spaces skipped by SkipInitialSpace, is reported as
	// ErrFieldTooLong, and the reader skips to the physical line after the
	// byte that exceeds the limit. The result does not depend on how the
	// input is buffered.
	MaxFieldBytes int
	// MaxFields is the largest allowed number of fields in a record (default
	// 100000). A record with more fields is reported as ErrTooManyFields, and
	// the reader skips to the physical line after the start of the first
	// field beyond the limit.
	MaxFields int
	// MaxRecordBytes is the largest allowed record, in bytes of input
	// (quotes, delimiters and newlines inside quoted fields included, the
	// terminator excluded; default 64 MiB). A longer record is reported as
	// ErrRecordTooLong, and the reader skips to the physical line after the
	// byte that exceeds the limit. When a field exceeds MaxFieldBytes at an
	// earlier byte, ErrFieldTooLong is reported instead. The read buffer
	// grows to little more than this limit.
	MaxRecordBytes int
	// BufferSize is the initial size of the read buffer (default 256 KiB).
	// The buffer grows when a record does not fit in it.
	BufferSize int
}

const (
	defaultMaxFieldBytes = 16 << 20
	defaultMaxFields     = 100000
	defaultMaxRecord     = 64 << 20
	defaultBufferSize    = 256 << 10
)

// Errors reported in a [ParseError].
var (
	ErrBOM           = errors.New("UTF-8 byte order mark at start of input")
	ErrInvalidUTF8   = errors.New("invalid UTF-8")
	ErrNUL           = errors.New("NUL byte")
	ErrBareQuote     = errors.New("quote character in unquoted field")
	ErrAfterQuote    = errors.New("unexpected character after closing quote")
	ErrQuote         = errors.New("quoted field not closed before end of input")
	ErrEscape        = errors.New("escape character at end of input")
	ErrFieldTooLong  = errors.New("field too long")
	ErrTooManyFields = errors.New("too many fields")
	ErrRecordTooLong = errors.New("record too long")
)

// A ParseError is a problem in the input, found at a 1-based line and column.
// Col counts runes (UTF-8 characters, an invalid byte counting as one) from
// the start of the physical line; a byte order mark at the start of the
// input is not counted.
//
// The position is that of:
//   - ErrBOM: line 1, column 1;
//   - ErrInvalidUTF8: the first invalid byte;
//   - ErrNUL: the NUL byte;
//   - ErrBareQuote: the quote character;
//   - ErrAfterQuote: the character after the closing quote;
//   - ErrQuote: the opening quote of the field left open;
//   - ErrEscape: the escape character;
//   - ErrFieldTooLong: the start of the field (as in [Record.Pos]), or of
//     the run of spaces that SkipInitialSpace would skip;
//   - ErrTooManyFields: the start of the first field beyond the limit;
//   - ErrRecordTooLong: the start of the record.
type ParseError struct {
	Line, Col int
	Err       error
}

// Error returns "line L, column C: " followed by the message of e.Err.
func (e *ParseError) Error() string {
	return "line " + strconv.Itoa(e.Line) + ", column " + strconv.Itoa(e.Col) + ": " + e.Err.Error()
}

// Unwrap returns e.Err, so that errors.Is(err, ErrBareQuote) works.
func (e *ParseError) Unwrap() error { return e.Err }

// A Record is one record (row) of the input. A Reader reuses its Record: the
// Record and the slices returned by Field are valid only until the next call
// to Read.
type Record struct {
	fields []span // the content of each field
	buf    []byte // the content of the fields that differ from their input, one after the other
	starts []int  // starts[i] is the offset of field i in raw
	raw    []byte // the record as it is in the input, with its terminator

	line, endLine int
	term          string // the line ending that ended it; "" at the end of the input

	// Positions of the fields, computed by Pos when first needed.
	lines, cols []int
}

// Terminator is the line ending that ended the record: "\r\n", "\n" or
// "\r", or "" for a last record with none before the end of the input.
func (rec *Record) Terminator() string { return rec.term }

// A span is the content of a field: raw[start:end], or buf[start:end] when
// copied.
type span struct {
	start, end int
	copied     bool
}

// Len returns the number of fields. An empty line is a record with 0 fields.
func (rec *Record) Len() int { return len(rec.fields) }

// Field returns the content of field i, with quotes and escapes removed. It
// panics if i is out of range.
func (rec *Record) Field(i int) []byte {
	f := rec.fields[i]
	if f.copied {
		return rec.buf[f.start:f.end:f.end]
	}
	return rec.raw[f.start:f.end:f.end]
}

// AppendFields appends the content of every field to dst, as Field returns
// it, and returns the extended slice: one call for a whole record.
func (rec *Record) AppendFields(dst [][]byte) [][]byte {
	for _, f := range rec.fields {
		if f.copied {
			dst = append(dst, rec.buf[f.start:f.end:f.end])
		} else {
			dst = append(dst, rec.raw[f.start:f.end:f.end])
		}
	}
	return dst
}

// Strings returns the fields as newly allocated strings.
func (rec *Record) Strings() []string {
	s := make([]string, rec.Len())
	for i := range s {
		s[i] = string(rec.Field(i))
	}
	return s
}

// Raw returns the record as it is in the input, its terminator included.
// The slice is valid only until the next call to Read.
func (rec *Record) Raw() []byte { return rec.raw }

// Line returns the 1-based physical line where the record starts.
func (rec *Record) Line() int { return rec.line }

// EndLine returns the physical line where the record ends. It differs from
// Line when quoted (or escaped) fields contain newlines.
func (rec *Record) EndLine() int { return rec.endLine }

// Pos returns the 1-based line and column where field i starts. The column
// counts runes from the start of the physical line (see [ParseError]). For a
// quoted field it is the position of the opening quote; with
// SkipInitialSpace, it is the position after the skipped spaces. Pos panics
// if i is out of range.
func (rec *Record) Pos(i int) (line, col int) {
	if len(rec.cols) != len(rec.starts) {
		rec.computePos()
	}
	return rec.lines[i], rec.cols[i]
}

func (rec *Record) computePos() {
	rec.lines, rec.cols = rec.lines[:0], rec.cols[:0]
	line, col, prev := rec.line, 1, 0
	for _, s := range rec.starts {
		line, col = advance(rec.raw, prev, s, line, col)
		rec.lines = append(rec.lines, line)
		rec.cols = append(rec.cols, col)
		prev = s
	}
}

// advance returns the line and column of raw[to], given those of raw[from].
// raw[from:to] must not end inside a multi-byte character.
func advance(raw []byte, from, to, line, col int) (int, int) {
	start := from
	for k := from; k < to; k++ {
		if c := raw[k]; c == '\n' || c == '\r' && (k+1 == len(raw) || raw[k+1] != '\n') {
			line, col, start = line+1, 1, k+1
		}
	}
	return line, col + utf8.RuneCount(raw[start:to])
}

// A Reader reads records from a CSV input.
type Reader struct {
	src        io.Reader
	d          Dialect
	dialectErr error
	maxField   int
	maxFields  int
	maxRecord  int

	buf      []byte // buffered input; buf[pos:end] is not yet consumed
	pos, end int
	line     int   // the physical line of buf[pos]
	eof      bool  // src has returned io.EOF
	err      error // sticky error from src
	started  bool  // the BOM check has been done

	// The offset in the record being read of its first NUL or invalid UTF-8
	// byte (badErr), or -1.
	badOff int
	badErr error

	// Bytes that stop the scan of an unquoted or a quoted field.
	special, specialQuoted [256]bool

	rec Record
}

// NewReader returns a Reader that reads from r with dialect d and options opt.
func NewReader(r io.Reader, d Dialect, opt Options) *Reader {
	if d.Delimiter == 0 {
		d.Delimiter = ','
	}
	rd := &Reader{
		src:        r,
		d:          d,
		dialectErr: d.Validate(),
		maxField:   opt.MaxFieldBytes,
		maxFields:  opt.MaxFields,
		maxRecord:  opt.MaxRecordBytes,
		line:       1,
	}
	if rd.maxField <= 0 {
		rd.maxField = defaultMaxFieldBytes
	}
	if rd.maxFields <= 0 {
		rd.maxFields = defaultMaxFields
	}
	if rd.maxRecord <= 0 {
		rd.maxRecord = defaultMaxRecord
	}
	size := opt.BufferSize
	if size <= 0 {
		size = defaultBufferSize
	}
	rd.buf = make([]byte, size)
	// NULs and non-ASCII bytes stop the scan to be checked.
	for c := range 256 {
		rd.special[c] = c == 0 || c >= utf8.RuneSelf
	}
	rd.specialQuoted = rd.special
	for _, c := range []byte{'\r', '\n', d.QuoteChar, d.EscapeChar} {
		rd.special[c] = true
		rd.specialQuoted[c] = true
	}
	rd.special[d.Delimiter] = true
	return rd
}

var errBadCount = errors.New("tablecsv: reader returned invalid count")

// fill reads more input into the buffer, keeping buf[pos:end] (moving it to
// the front of the buffer, or growing the buffer if it is full). It reports
// whether new bytes were added; if not, the input is at its end or r.err is
// set.
func (r *Reader) fill() bool {
	if r.eof || r.err != nil {
		return false
	}
	if r.pos > 0 {
		r.end = copy(r.buf, r.buf[r.pos:r.end])
		r.pos = 0
	}
	if r.end == len(r.buf) {
		// A record is refused once it is longer than maxRecord, which the
		// reader sees with a few bytes of look-ahead.
		size := 2*len(r.buf) + 16
		if limit := r.maxRecord + 64; size > limit && len(r.buf) < limit {
			size = limit
		}
		nb := make([]byte, size)
		copy(nb, r.buf[:r.end])
		r.buf = nb
	}
	for range 100 {
		n, err := r.src.Read(r.buf[r.end:])
		if n < 0 || n > len(r.buf)-r.end {
			r.err = errBadCount
			return false
		}
		r.end += n
		if err == io.EOF {
			r.eof = true
		} else if err != nil {
			r.err = err
		}
		if n > 0 || err != nil {
			return n > 0
		}
	}
	r.err = io.ErrNoProgress
	return false
}

// window returns the buffered bytes of the record being read, making sure
// that it holds at least i+1 bytes if the input has them. ok is false if it
// does not.
func (r *Reader) window(i int) (b []byte, ok bool) {
	for r.pos+i >= r.end {
		if !r.fill() {
			return r.buf[r.pos:r.end], false
		}
	}
	return r.buf[r.pos:r.end], true
}

var bom = []byte{0xEF, 0xBB, 0xBF}

// Read returns the next record. The returned Record (and the slices returned
// by its Field method) is reused and valid only until the next call to Read.
// At the end of the input Read returns (nil, io.EOF).
//
// Problems in the input are returned as a *[ParseError]:
//   - A problem in an otherwise parsed record (ErrBOM, ErrInvalidUTF8,
//     ErrNUL) is returned with the record, which is usable: a BOM is stripped
//     from the first field, invalid bytes and NULs are kept as they are. Only
//     the first such problem of a record is reported. An input that is only
//     a BOM gives a record with 0 fields and ErrBOM.
//   - A line that is not a row (ErrBareQuote, ErrAfterQuote, ErrEscape,
//     ErrFieldTooLong, ErrTooManyFields, ErrRecordTooLong) is returned as
//     (nil, err). The
//     reader has skipped to the start of the physical line after the problem
//     (which may be inside a quoted field of the bad record), and Read can be
//     called again to go on. Such an error takes precedence over the
//     problems above in the same record.
//   - A quoted field left open to the end of the input gives (nil, err) with
//     ErrQuote; the next Read returns io.EOF.
//
// Errors from the underlying reader are returned as they are, not wrapped,
// and are returned again by every later call. A Reader whose dialect is
// invalid returns an error wrapping [ErrInvalidDialect].
func (r *Reader) Read() (*Record, error) {
	if r.dialectErr != nil {
		return nil, r.dialectErr
	}
	var bomErr error
	if !r.started {
		r.started = true
		for r.end-r.pos < len(bom) && bytes.HasPrefix(bom, r.buf[r.pos:r.end]) && r.fill() {
		}
		if bytes.HasPrefix(r.buf[r.pos:r.end], bom) {
			r.pos += len(bom)
			bomErr = &ParseError{Line: 1, Col: 1, Err: ErrBOM}
		}
	}
	if r.pos == r.end && !r.fill() {
		if r.err != nil {
			return nil, r.err
		}
		if bomErr != nil {
			rec := r.resetRecord()
			rec.endLine = 1
			return rec, bomErr
		}
		return nil, io.EOF
	}
	rec, err := r.readRecord()
	if err != nil {
		return nil, err
	}
	if bomErr != nil {
		return rec, bomErr
	}
	if r.badOff >= 0 {
		line, col := advance(rec.raw, 0, r.badOff, rec.line, 1)
		return rec, &ParseError{Line: line, Col: col, Err: r.badErr}
	}
	return rec, nil
}

func (r *Reader) resetRecord() *Record {
	rec := &r.rec
	rec.buf = rec.buf[:0]
	rec.fields = rec.fields[:0]
	rec.starts = rec.starts[:0]
	rec.lines = rec.lines[:0]
	rec.cols = rec.cols[:0]
	rec.raw = nil
	rec.line = r.line
	r.badOff = -1
	return rec
}

// readRecord reads the record at r.pos, which is not at the end of the
// input.
//
// The record stays in the buffer while it is read: r.pos stays at its start,
// b is always r.buf[r.pos:r.end], and offsets such as i are relative to
// r.pos, so they stay valid when the buffer is refilled. The content of a
// field is b[start:i], as long as it is the bytes of the input; when a
// doubled quote or an escape makes it differ, it is copied to rec.buf in
// chunks (copied is set), and b[start:i] is the pending chunk.
func (r *Reader) readRecord() (*Record, error) {
	rec := r.resetRecord()
	var (
		delim, quote, esc = r.d.Delimiter, r.d.QuoteChar, r.d.EscapeChar
		skipSpace         = r.d.SkipInitialSpace
		maxField          = r.maxField
		maxFields         = r.maxFields
		maxRecord         = r.maxRecord
		special           = &r.special
		specialQuoted     = &r.specialQuoted
		line              = r.line // the line of b[i]
		b                 = r.buf[r.pos:r.end]
		i                 = 0
		ok                bool
	)
	if c := b[0]; c == '\r' || c == '\n' {
		return r.endRecord(0, line) // an empty line
	}

	for {
		// Start of a field.
		if skipSpace {
			spaces := i
			for {
				for i < len(b) && b[i] == ' ' {
					i++
				}
				if i > spaces+maxField || i > maxRecord {
					return nil, r.tooLong(b, spaces, spaces+maxField)
				}
				if i < len(b) {
					break
				}
				if b, ok = r.window(i); !ok {
					break
				}
			}
		}
		if len(rec.fields) == maxFields {
			return nil, r.fail(b, i, i, ErrTooManyFields)
		}
		rec.starts = append(rec.starts, i)
		fieldStart := i
		bufStart := len(rec.buf)
		copied := false
		if i == len(b) {
			if b, ok = r.window(i); !ok {
				// An empty field at the end of the input.
				rec.endField(b, i, i, bufStart, copied)
				return r.endRecordEOF()
			}
		}

		if b[i] != quote || quote == 0 {
			// An unquoted field.
			start := i
			for {
				for i < len(b) && !special[b[i]] {
					i++
				}
				if limit := start + maxField - (len(rec.buf) - bufStart); i > limit || i > maxRecord {
					return nil, r.tooLong(b, fieldStart, limit)
				}
				if i == len(b) {
					if b, ok = r.window(i); !ok {
						rec.endField(b, start, i, bufStart, copied)
						return r.endRecordEOF()
					}
					continue
				}
				c := b[i]
				if c == delim || c == '\n' || c == '\r' {
					rec.endField(b, start, i, bufStart, copied)
					if c != delim {
						return r.endRecord(i, line)
					}
					i++
					break
				}
				switch {
				case c == 0 || c >= utf8.RuneSelf:
					b, i = r.checkChar(b, i)
				case c == quote:
					return nil, r.fail(b, i, i, ErrBareQuote)
				default: // c == esc
					rec.buf = append(rec.buf, b[start:i]...)
					copied = true
					if b, ok = r.window(i + 1); !ok {
						if r.err != nil {
							return nil, r.err
						}
						return nil, r.fail(b, i, i, ErrEscape)
					}
					i++
					start = i
					b, i, line = r.escaped(b, i, line)
				}
			}
			continue
		}

		// A quoted field.
		i++
		start := i
		for {
			for i < len(b) && !specialQuoted[b[i]] {
				i++
			}
			if limit := start + maxField - (len(rec.buf) - bufStart); i > limit || i > maxRecord {
				return nil, r.tooLong(b, fieldStart, limit)
			}
			if i == len(b) {
				if b, ok = r.window(i); !ok {
					if r.err != nil {
						return nil, r.err
					}
					return nil, r.failQuote(b, fieldStart)
				}
				continue
			}
			c := b[i]
			if c == 0 || c >= utf8.RuneSelf {
				b, i = r.checkChar(b, i)
				continue
			}
			if c == '\r' || c == '\n' {
				b, i, line = r.newline(b, i, line)
				continue
			}
			// c is the quote or the escape character.
			end := i
			if b, ok = r.window(i + 1); !ok {
				if r.err != nil {
					return nil, r.err
				}
				if c == esc {
					return nil, r.failQuote(b, fieldStart)
				}
				// A closing quote at the end of the input.
				rec.endField(b, start, end, bufStart, copied)
				return r.endRecordEOF()
			}
			i++
			if c == esc || b[i] == quote && r.d.DoubleQuote {
				rec.buf = append(rec.buf, b[start:end]...)
				copied = true
				start = i
				if c == esc {
					b, i, line = r.escaped(b, i, line)
				} else {
					i++ // the second quote is part of the next chunk
				}
				continue
			}
			// After the closing quote.
			rec.endField(b, start, end, bufStart, copied)
			switch b[i] {
			case delim:
				i++
			case '\r', '\n':
				return r.endRecord(i, line)
			default:
				return nil, r.fail(b, i, i, ErrAfterQuote)
			}
			break
		}
	}
}

// endField adds a field whose content ends with b[start:end]: it is all of
// it unless copied, when the content so far is in buf from bufStart.
func (rec *Record) endField(b []byte, start, end, bufStart int, copied bool) {
	if !copied {
		rec.fields = append(rec.fields, span{start: start, end: end})
		return
	}
	rec.buf = append(rec.buf, b[start:end]...)
	rec.fields = append(rec.fields, span{start: bufStart, end: len(rec.buf), copied: true})
}

// escaped steps over the escaped byte b[i] and returns the (possibly
// refilled) window, the offset of the byte after it and its line. A non-ASCII
// or NUL byte is not stepped over but left to checkChar.
func (r *Reader) escaped(b []byte, i, line int) ([]byte, int, int) {
	switch c := b[i]; {
	case c == '\r' || c == '\n':
		return r.newline(b, i, line)
	case c == 0 || c >= utf8.RuneSelf:
		return b, i, line
	}
	return b, i + 1, line
}

// newline steps over the '\r' or '\n' at b[i], which is part of a field, and
// returns the (possibly refilled) window, i+1 and the line of b[i+1].
func (r *Reader) newline(b []byte, i, line int) ([]byte, int, int) {
	if b[i] == '\r' {
		var ok bool
		if b, ok = r.window(i + 1); ok && b[i+1] == '\n' {
			return b, i + 1, line // the line ends at the '\n'
		}
	}
	return b, i + 1, line + 1
}

// checkChar checks the NUL or the run of non-ASCII bytes at b[i], noting the
// first problem of the record, and returns the (possibly refilled) window
// and the offset of the next byte to look at.
func (r *Reader) checkChar(b []byte, i int) ([]byte, int) {
	if b[i] == 0 {
		if r.badOff < 0 {
			r.badOff, r.badErr = i, ErrNUL
		}
		return b, i + 1
	}
	for i < len(b) && b[i] >= utf8.RuneSelf {
		// Make sure that the whole character is buffered, if the input has it.
		for i+utf8.UTFMax > len(b) && !utf8.FullRune(b[i:]) {
			var ok bool
			if b, ok = r.window(len(b)); !ok {
				break
			}
		}
		// A fast path for the 3-byte characters of Japanese text.
		if c := b[i]; 0xE1 <= c && c <= 0xEF && c != 0xED && i+2 < len(b) &&
			b[i+1]&0xC0 == 0x80 && b[i+2]&0xC0 == 0x80 {
			i += 3
			continue
		}
		c, size := utf8.DecodeRune(b[i:])
		if c == utf8.RuneError && size == 1 && r.badOff < 0 {
			r.badOff, r.badErr = i, ErrInvalidUTF8
		}
		i += size
	}
	return b, i
}

// endRecord finishes the record, whose terminator is at offset t, on line.
func (r *Reader) endRecord(t, line int) (*Record, error) {
	if t > r.maxRecord {
		return nil, r.fail(r.buf[r.pos:r.end], 0, r.maxRecord, ErrRecordTooLong)
	}
	n := 1
	rec := &r.rec
	rec.term = "\n"
	if r.buf[r.pos+t] == '\r' {
		rec.term = "\r"
		if b, ok := r.window(t + 1); ok && b[t+1] == '\n' {
			n, rec.term = 2, "\r\n"
		}
	}
	rec.raw = r.buf[r.pos : r.pos+t+n]
	rec.endLine = line
	r.pos += t + n
	r.line = line + 1
	return rec, nil
}

// endRecordEOF finishes the record, which ends at the end of the input, or
// returns the error from the underlying reader that ended the input.
func (r *Reader) endRecordEOF() (*Record, error) {
	if r.err != nil {
		return nil, r.err
	}
	if r.end-r.pos > r.maxRecord {
		return nil, r.fail(r.buf[r.pos:r.end], 0, r.maxRecord, ErrRecordTooLong)
	}
	rec := &r.rec
	rec.term = ""
	rec.raw = r.buf[r.pos:r.end]
	// The line of the last byte (which may be an escaped newline).
	rec.endLine, _ = advance(rec.raw, 0, max(len(rec.raw)-1, 0), rec.line, 1)
	r.line = rec.endLine
	r.pos = r.end
	return rec, nil
}

// tooLong reports the record being read, whose bytes are in b, as longer
// than maxRecord, or its field that starts at offset fieldStart as longer
// than maxField, whichever limit is exceeded at an earlier byte: limit is
// the offset of the first byte beyond the field's limit. So the choice does
// not depend on how far the caller has scanned.
func (r *Reader) tooLong(b []byte, fieldStart, limit int) error {
	if r.maxRecord < limit {
		return r.fail(b, 0, r.maxRecord, ErrRecordTooLong)
	}
	return r.fail(b, fieldStart, limit, ErrFieldTooLong)
}

// failQuote reports the quoted field at offset quoteOff left open, and
// consumes the rest of the input.
func (r *Reader) failQuote(b []byte, quoteOff int) error {
	line, col := advance(b, 0, quoteOff, r.line, 1)
	r.pos = r.end
	return &ParseError{Line: line, Col: col, Err: ErrQuote}
}

// fail returns a ParseError for the problem err at offset errOff of the
// record being read, whose bytes are in b, and skips to the start of the
// physical line after offset skip.
func (r *Reader) fail(b []byte, errOff, skip int, err error) error {
	line, col := advance(b, 0, errOff, r.line, 1)
	pe := &ParseError{Line: line, Col: col, Err: err}
	r.line, _ = advance(b, 0, skip, r.line, 1)
	r.pos += skip
	// Find the next line terminator.
	for {
		b := r.buf[r.pos:r.end]
		k := bytes.IndexByte(b, '\n')
		if k < 0 {
			k = len(b)
		}
		if j := bytes.IndexByte(b[:k], '\r'); j >= 0 {
			k = j
		}
		r.pos += k
		if k < len(b) {
			break
		}
		if !r.fill() {
			return pe // the end of the input
		}
	}
	// Step over it.
	if r.buf[r.pos] == '\r' {
		if b, ok := r.window(1); ok && b[1] == '\n' {
			r.pos++
		}
	}
	r.pos++
	r.line++
	return pe
}
