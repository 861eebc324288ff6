// Package jsondoc reads JSON descriptors safely and finds where a value sits
// in the text.
//
// Decode is stricter than encoding/json: it refuses duplicate keys, trailing
// data, a byte order mark, invalid UTF-8, and documents that are too large or
// too deeply nested, and every refusal carries a line and column. Locate
// turns a JSON pointer (RFC 6901), such as the ones tools/profile reports,
// back into a line and column.
//
// Lines are counted at '\n' only (a "\r\n" file counts the same; a lone '\r'
// does not start a line). Lines and columns are 1-based and columns count
// runes (an invalid UTF-8 byte counts as one), so a column points at the same
// character in any editor that counts characters.
package jsondoc

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// The reasons Decode refuses a document; a *SyntaxError wraps one of them.
var (
	ErrSyntax       = errors.New("invalid JSON")
	ErrTrailing     = errors.New("data after the JSON value")
	ErrDuplicateKey = errors.New("duplicate key")
	ErrTooDeep      = errors.New("nested too deeply")
	ErrTooLarge     = errors.New("document too large")
	ErrBOM          = errors.New("byte order mark")
	ErrInvalidUTF8  = errors.New("invalid UTF-8")
)

// The limits that apply where Limits leaves a field zero.
const (
	DefaultMaxDepth = 100      // arrays and objects inside each other
	DefaultMaxBytes = 16 << 20 // 16 MiB
)

// Limits bounds what Decode accepts. A field that is zero (or negative) takes
// its default: DefaultMaxDepth, DefaultMaxBytes.
type Limits struct {
	MaxDepth int // how many arrays and objects may be nested; the outermost one is depth 1
	MaxBytes int // the largest document, in bytes
}

func (l Limits) withDefaults() Limits {
	if l.MaxDepth <= 0 {
		l.MaxDepth = DefaultMaxDepth
	}
	if l.MaxBytes <= 0 {
		l.MaxBytes = DefaultMaxBytes
	}
	return l
}

// SyntaxError tells why and where Decode refused a document.
type SyntaxError struct {
	Line, Col int    // 1-based; Col counts runes
	Err       error  // one of the Err* sentinels
	Detail    string // more about it, in English, e.g. `invalid character '}' looking for beginning of value`
}

// Error returns "line L, column C: " followed by the sentinel's text and the
// detail.
func (e *SyntaxError) Error() string {
	msg := e.Err.Error()
	if e.Detail != "" {
		msg += ": " + e.Detail
	}
	return fmt.Sprintf("line %d, column %d: %s", e.Line, e.Col, msg)
}

// Unwrap returns the sentinel, for errors.Is.
func (e *SyntaxError) Unwrap() error { return e.Err }

var bom = []byte{0xEF, 0xBB, 0xBF}

// Decode parses a JSON document into map[string]any, []any, json.Number,
// string, bool and nil (as encoding/json does with UseNumber). It refuses,
// with a *SyntaxError carrying the line and column and one of the sentinels:
//   - input larger than lim.MaxBytes (ErrTooLarge, at the first byte past the limit);
//   - a UTF-8 byte order mark at the start (ErrBOM, at 1:1);
//   - invalid UTF-8 (ErrInvalidUTF8, at the first bad byte);
//   - invalid JSON (ErrSyntax, at the offending character, or just past the
//     end when the input stops early);
//   - nesting deeper than lim.MaxDepth (ErrTooDeep, at the bracket that goes too deep);
//   - a key that appears twice in one object (ErrDuplicateKey, at the second key);
//   - anything but white space after the value (ErrTrailing, where it starts).
//
// The document is read token by token with encoding/json's Decoder and built
// with an explicit stack, so depth and duplicate keys are caught as soon as
// they are read and deep input cannot exhaust the Go stack.
func Decode(data []byte, lim Limits) (any, error) {
	lim = lim.withDefaults()
	if len(data) > lim.MaxBytes {
		return nil, errorAt(data, lim.MaxBytes, ErrTooLarge,
			fmt.Sprintf("%d bytes, more than the limit of %d", len(data), lim.MaxBytes))
	}
	if bytes.HasPrefix(data, bom) {
		return nil, errorAt(data, 0, ErrBOM, "the document starts with a UTF-8 byte order mark (EF BB BF); save it as UTF-8 without BOM")
	}
	if i := invalidUTF8(data); i >= 0 {
		return nil, errorAt(data, i, ErrInvalidUTF8, fmt.Sprintf("byte 0x%02X", data[i]))
	}

	type frame struct {
		obj     map[string]any // the object being built, or nil for an array
		arr     []any          // the array being built
		key     string         // in an object: the key of the value that comes next
		wantKey bool           // in an object: the next string is a key
	}
	var stack []*frame
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	for {
		before := dec.InputOffset()
		tok, err := dec.Token()
		if err != nil {
			return nil, syntaxError(data, dec, err)
		}
		var top *frame
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		var value any
		switch t := tok.(type) {
		case json.Delim:
			switch t {
			case '{', '[':
				if len(stack) >= lim.MaxDepth {
					return nil, errorAt(data, int(dec.InputOffset())-1, ErrTooDeep,
						fmt.Sprintf("more than %d arrays and objects inside each other", lim.MaxDepth))
				}
				f := &frame{arr: []any{}}
				if t == '{' {
					f.obj, f.arr, f.wantKey = map[string]any{}, nil, true
				}
				stack = append(stack, f)
				continue
			default: // '}' or ']'
				stack = stack[:len(stack)-1]
				if top.obj != nil {
					value = top.obj
				} else {
					value = top.arr
				}
				if len(stack) > 0 {
					top = stack[len(stack)-1]
				} else {
					top = nil
				}
			}
		case string:
			if top != nil && top.obj != nil && top.wantKey {
				if _, dup := top.obj[t]; dup {
					return nil, errorAt(data, skipSeparators(data, int(before)), ErrDuplicateKey,
						fmt.Sprintf("the key %q appears more than once in this object", t))
				}
				top.key, top.wantKey = t, false
				continue
			}
			value = t
		default: // json.Number, bool, nil
			value = t
		}
		if top == nil {
			off := int(dec.InputOffset())
			for off < len(data) && isSpace(data[off]) {
				off++
			}
			if off < len(data) {
				return nil, errorAt(data, off, ErrTrailing, "only white space may follow the JSON value")
			}
			return value, nil
		}
		if top.obj != nil {
			top.obj[top.key] = value
			top.wantKey = true
		} else {
			top.arr = append(top.arr, value)
		}
	}
}

// syntaxError places a syntax error reported by the token reader. The
// Decoder's own offsets are not exact (they are relative to the value being
// read), so the document is checked again with encoding/json's validator,
// whose offset counts the bytes read up to and including the offending one:
// the first error in the text is the same for both.
func syntaxError(data []byte, dec *json.Decoder, err error) error {
	var se *json.SyntaxError
	if errors.As(json.Unmarshal(data, new(json.RawMessage)), &se) {
		off, detail := int(se.Offset)-1, se.Error()
		// At the end of the input the validator feeds itself a space to
		// finish a literal or number, and may blame that space.
		atEOF := strings.HasPrefix(detail, "unexpected end") ||
			strings.HasPrefix(detail, "invalid character ' '") && off == len(data)-1 && data[off] != ' '
		if atEOF {
			off, detail = len(data), "unexpected end of JSON input"
		}
		return errorAt(data, off, ErrSyntax, detail)
	}
	// Not expected: the token reader and the validator disagree.
	return errorAt(data, int(dec.InputOffset()), ErrSyntax, err.Error())
}

func errorAt(data []byte, off int, sentinel error, detail string) *SyntaxError {
	line, col := position(data, off)
	return &SyntaxError{Line: line, Col: col, Err: sentinel, Detail: detail}
}

// position returns the 1-based line and column (in runes) of byte offset off
// (len(data) is the position just past the end).
func position(data []byte, off int) (line, col int) {
	off = min(max(off, 0), len(data))
	line, col = 1, 1
	for i := 0; i < off; {
		if data[i] == '\n' {
			line, col = line+1, 1
			i++
			continue
		}
		_, size := utf8.DecodeRune(data[i:])
		i += size
		col++
	}
	return line, col
}

// invalidUTF8 returns the offset of the first byte that is not valid UTF-8,
// or -1.
func invalidUTF8(data []byte) int {
	if utf8.Valid(data) {
		return -1
	}
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return -1
}

// skipSeparators skips the white space, commas and colons that the token
// reader consumes in front of a token, returning the offset of the token.
func skipSeparators(data []byte, off int) int {
	for off < len(data) && (isSpace(data[off]) || data[off] == ',' || data[off] == ':') {
		off++
	}
	return off
}

// isSpace tells JSON white space.
func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\r' || c == '\n'
}
