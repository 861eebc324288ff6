package jsondoc

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
)

// Locate returns the 1-based line and column (in runes) where the value at
// the JSON pointer (RFC 6901) starts in data. For an object member that is
// the first character of the member's value, not of its key: the '{' or '['
// of a container, the '"' of a string, the first character of a number or
// literal. The pointer "" is the whole document.
//
// ok is false when the pointer is malformed (it does not start with '/', or a
// '~' is not followed by '0' or '1'), names something the document does not
// have (an array index with a leading zero or "-" never matches), or when
// data is not JSON up to that value. Locate reads only as far as the value,
// without checking the rest of the document, and with duplicate keys it
// finds the first occurrence: run Decode to vet the document.
func Locate(data []byte, pointer string) (line, col int, ok bool) {
	want, ok := parsePointer(pointer)
	if !ok {
		return 0, 0, false
	}
	type frame struct {
		obj     bool   // an object, else an array
		key     string // objects: the key of the current member
		wantKey bool   // objects: the next string is a key
		index   int    // arrays: the index of the current element
	}
	var stack []frame
	// here tells whether the value starting now is the one wanted.
	here := func() bool {
		if len(stack) != len(want) {
			return false
		}
		for i, f := range stack {
			if f.obj && f.key != want[i] || !f.obj && strconv.Itoa(f.index) != want[i] {
				return false
			}
		}
		return true
	}
	// done moves past a value that has just been read whole.
	done := func() {
		if len(stack) == 0 {
			return
		}
		if f := &stack[len(stack)-1]; f.obj {
			f.wantKey = true
		} else {
			f.index++
		}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	for {
		before := dec.InputOffset()
		tok, err := dec.Token()
		if err != nil {
			return 0, 0, false
		}
		if d, isDelim := tok.(json.Delim); isDelim && (d == '}' || d == ']') {
			stack = stack[:len(stack)-1]
			if len(stack) == 0 {
				return 0, 0, false // the whole document was read
			}
			done()
			continue
		}
		if n := len(stack); n > 0 && stack[n-1].obj && stack[n-1].wantKey {
			stack[n-1].key, stack[n-1].wantKey = tok.(string), false
			continue
		}
		// A value starts here.
		if here() {
			line, col := position(data, skipSeparators(data, int(before)))
			return line, col, true
		}
		switch tok {
		case json.Delim('{'):
			stack = append(stack, frame{obj: true, wantKey: true})
		case json.Delim('['):
			stack = append(stack, frame{})
		default:
			if len(stack) == 0 {
				return 0, 0, false // a scalar document has no members
			}
			done()
		}
	}
}

// parsePointer splits an RFC 6901 JSON pointer into its unescaped tokens.
func parsePointer(p string) ([]string, bool) {
	if p == "" {
		return nil, true
	}
	if p[0] != '/' {
		return nil, false
	}
	toks := strings.Split(p[1:], "/")
	for i, t := range toks {
		if !strings.Contains(t, "~") {
			continue
		}
		var b strings.Builder
		for j := 0; j < len(t); j++ {
			if t[j] != '~' {
				b.WriteByte(t[j])
				continue
			}
			if j+1 == len(t) || t[j+1] != '0' && t[j+1] != '1' {
				return nil, false
			}
			if t[j+1] == '0' {
				b.WriteByte('~')
			} else {
				b.WriteByte('/')
			}
			j++
		}
		toks[i] = b.String()
	}
	return toks, true
}
