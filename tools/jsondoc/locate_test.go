package jsondoc

import (
	"bytes"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

const locateDoc = `{
  "name": "pkg",
  "resources": [
    {"name": "a", "path": ["x.csv", "y.csv"]},
    {
      "name": "b",
      "schema": {"fields": [{"name": "id", "type": "integer"}]}
    }
  ],
  "a/b": {"m~n": 1, "": 2, "~1": 3},
  "日本語": "値", "n": null,
  "nested": [[], [[true]]]
}`

// pos is what Locate returns.
type pos struct {
	Line, Col int
	OK        bool
}

func TestLocate(t *testing.T) {
	tests := []struct {
		pointer string
		want    pos
	}{
		{"", pos{1, 1, true}},
		{"/name", pos{2, 11, true}},
		{"/resources", pos{3, 16, true}},
		{"/resources/0", pos{4, 5, true}},
		{"/resources/0/name", pos{4, 14, true}},
		{"/resources/0/path", pos{4, 27, true}},
		{"/resources/0/path/1", pos{4, 37, true}},
		{"/resources/1", pos{5, 5, true}},
		{"/resources/1/schema/fields/0/type", pos{7, 52, true}},
		{"/a~1b", pos{10, 10, true}},
		{"/a~1b/m~0n", pos{10, 18, true}},
		{"/a~1b/", pos{10, 25, true}},
		{"/a~1b/~01", pos{10, 34, true}},
		{"/日本語", pos{11, 10, true}},
		{"/n", pos{11, 20, true}},
		{"/nested/0", pos{12, 14, true}},
		{"/nested/1/0/0", pos{12, 20, true}},
		// Not present.
		{"/resources/2", pos{}},
		{"/resources/01", pos{}},
		{"/resources/-", pos{}},
		{"/resources/x", pos{}},
		{"/name/0", pos{}},
		{"/missing", pos{}},
		{"/a~1b/~1", pos{}}, // the key "/" is absent; "~1" is spelled "~01"
		{"/nested/0/0", pos{}},
		// Malformed pointers.
		{"name", pos{}},
		{"/a~2b", pos{}},
		{"/a~", pos{}},
	}
	for _, tc := range tests {
		t.Run(tc.pointer, func(t *testing.T) {
			line, col, ok := Locate([]byte(locateDoc), tc.pointer)
			if diff := cmp.Diff(tc.want, pos{line, col, ok}); diff != "" {
				t.Errorf("Locate(doc, %q) = %d, %d, %v, want %v", tc.pointer, line, col, ok, tc.want)
			}
		})
	}
}

func TestLocateEdges(t *testing.T) {
	tests := []struct {
		name, in, pointer string
		want              pos
	}{
		{"root after space", "\n\n  [1]", "", pos{3, 3, true}},
		{"root scalar", ` 5`, "", pos{1, 2, true}},
		{"member of a scalar", `5`, "/0", pos{}},
		{"empty input", ``, "", pos{}},
		{"invalid before the value", `{"a" 1, "b": 2}`, "/b", pos{}},
		{"found before a later defect", `{"a": 1, "b": }`, "/a", pos{1, 7, true}},
		{"CRLF lines", "{\r\n\"a\":\r\n  1}", "/a", pos{3, 3, true}},
		{"first of duplicate keys", `{"a":1,"a":2}`, "/a", pos{1, 6, true}},
		{"deep", strings.Repeat("[", 5000) + "7" + strings.Repeat("]", 5000), "/0" + strings.Repeat("/0", 4998), pos{1, 5000, true}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			line, col, ok := Locate([]byte(tc.in), tc.pointer)
			if diff := cmp.Diff(tc.want, pos{line, col, ok}); diff != "" {
				t.Errorf("Locate(%.40q, %.40q) = %d, %d, %v, want %v", tc.in, tc.pointer, line, col, ok, tc.want)
			}
		})
	}
}

// offsetOf turns a line and column back into a byte offset, or -1.
func offsetOf(data []byte, line, col int) int {
	l, c := 1, 1
	for i := 0; i <= len(data); {
		if l == line && c == col {
			return i
		}
		if i == len(data) {
			break
		}
		if data[i] == '\n' {
			l, c = l+1, 1
			i++
			continue
		}
		_, size := utf8.DecodeRune(data[i:])
		i += size
		c++
	}
	return -1
}

// valueAt decodes the one JSON value that starts at off.
func valueAt(data []byte, off int) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data[off:]))
	dec.UseNumber()
	var v any
	err := dec.Decode(&v)
	return v, err
}

// lookup finds the value at a pointer in a decoded document, following RFC
// 6901 on its own (array indices in canonical decimal only).
func lookup(doc any, pointer string) (any, bool) {
	if pointer == "" {
		return doc, true
	}
	if pointer[0] != '/' {
		return nil, false
	}
	for _, tok := range strings.Split(pointer[1:], "/") {
		if strings.Count(tok, "~") != strings.Count(tok, "~0")+strings.Count(tok, "~1") {
			return nil, false
		}
		tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
		switch d := doc.(type) {
		case map[string]any:
			v, ok := d[tok]
			if !ok {
				return nil, false
			}
			doc = v
		case []any:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(d) || strconv.Itoa(i) != tok {
				return nil, false
			}
			doc = d[i]
		default:
			return nil, false
		}
	}
	return doc, true
}

// pointers lists up to limit pointers of a decoded document.
func pointers(doc any, limit int) []string {
	var out []string
	var walk func(p string, v any)
	walk = func(p string, v any) {
		if len(out) >= limit {
			return
		}
		out = append(out, p)
		switch d := v.(type) {
		case map[string]any:
			for k, c := range d {
				walk(p+"/"+strings.ReplaceAll(strings.ReplaceAll(k, "~", "~0"), "/", "~1"), c)
			}
		case []any:
			for i, c := range d {
				walk(p+"/"+strconv.Itoa(i), c)
			}
		}
	}
	walk("", doc)
	return out
}

// checkLocate asserts that Locate finds pointer in data where a value equal
// to want starts.
func checkLocate(t *testing.T, data []byte, pointer string, want any) {
	t.Helper()
	line, col, ok := Locate(data, pointer)
	if !ok {
		t.Fatalf("Locate(%q, %q) not found, want %v", data, pointer, want)
	}
	off := offsetOf(data, line, col)
	if off < 0 {
		t.Fatalf("Locate(%q, %q) = %d, %d: outside the document", data, pointer, line, col)
	}
	got, err := valueAt(data, off)
	if err != nil {
		t.Fatalf("Locate(%q, %q) = %d, %d: no value there: %v", data, pointer, line, col, err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("Locate(%q, %q) = %d, %d: value mismatch (-want +got):\n%s", data, pointer, line, col, diff)
	}
}

func TestLocateEveryPointer(t *testing.T) {
	doc, err := Decode([]byte(locateDoc), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pointers(doc, 1000) {
		want, _ := lookup(doc, p)
		checkLocate(t, []byte(locateDoc), p, want)
	}
}

var fuzzSeeds = []string{
	locateDoc,
	`{"a":1,"a":2}`,
	`[1 2]`,
	`{} x`,
	"\xEF\xBB\xBF{}",
	"{\"a\":\"\xff\"}",
	`[[[[[[]]]]]]`,
	`{"a/b":{"~":[0,{"":null}]}}`,
	`"\u00e9\ud83d\ude00"`,
	`-0.0e-0`,
	"{\n\t\"k\" : [ true , false ]\r\n}",
}

func FuzzDecode(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		v, err := Decode(data, Limits{MaxBytes: 1 << 20})
		if err != nil {
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("Decode(%q) error %v is not a *SyntaxError", data, err)
			}
			if off := offsetOf(data, se.Line, se.Col); off < 0 {
				t.Fatalf("Decode(%q) error %v: position outside the document", data, err)
			}
			switch se.Err {
			case ErrSyntax, ErrTrailing:
				if json.Valid(data) && utf8.Valid(data) {
					t.Fatalf("Decode(%q) error %v, but encoding/json finds it valid", data, err)
				}
			case ErrBOM:
				if !bytes.HasPrefix(data, bom) {
					t.Fatalf("Decode(%q) error %v without a BOM", data, err)
				}
			case ErrInvalidUTF8:
				if utf8.Valid(data) {
					t.Fatalf("Decode(%q) error %v on valid UTF-8", data, err)
				}
			case ErrDuplicateKey, ErrTooDeep, ErrTooLarge:
			default:
				t.Fatalf("Decode(%q) error %v has an unknown sentinel", data, err)
			}
			return
		}
		if !json.Valid(data) {
			t.Fatalf("Decode(%q) accepted what encoding/json refuses", data)
		}
		want, err := valueAt(data, 0)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, v); diff != "" {
			t.Fatalf("Decode(%q) differs from encoding/json (-want +got):\n%s", data, diff)
		}
		for _, p := range pointers(v, 100) {
			want, _ := lookup(v, p)
			checkLocate(t, data, p, want)
		}
	})
}

func FuzzLocate(f *testing.F) {
	for _, s := range fuzzSeeds {
		for _, p := range []string{"", "/a", "/0", "/a~1b/~0", "/resources/0/path/1", "/a/", "/01"} {
			f.Add([]byte(s), p)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte, pointer string) {
		line, col, ok := Locate(data, pointer)
		if ok && offsetOf(data, line, col) < 0 {
			t.Fatalf("Locate(%q, %q) = %d, %d: outside the document", data, pointer, line, col)
		}
		v, err := Decode(data, Limits{MaxBytes: 1 << 20})
		if err != nil {
			return
		}
		want, exists := lookup(v, pointer)
		if ok != exists {
			t.Fatalf("Locate(%q, %q) ok = %v, but the decoded document has it: %v", data, pointer, ok, exists)
		}
		if ok {
			checkLocate(t, data, pointer, want)
		}
	})
}
