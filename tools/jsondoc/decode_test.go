package jsondoc

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestDecode(t *testing.T) {
	tests := []struct {
		name, in string
		want     any
	}{
		{"object", `{"a":[1,"x",true,false,null,{"b":1.50}],"c":{}}`, map[string]any{
			"a": []any{json.Number("1"), "x", true, false, nil, map[string]any{"b": json.Number("1.50")}},
			"c": map[string]any{},
		}},
		{"scalar", ` -1e400 `, json.Number("-1e400")},
		{"string", `"日本\u8a9e\n"`, "日本語\n"},
		{"empty array", "[]\r\n", []any{}},
		{"same key in two objects", `[{"a":1},{"a":2}]`, []any{map[string]any{"a": json.Number("1")}, map[string]any{"a": json.Number("2")}}},
		{"keys differing by escape only", `{"a":1,"\u0062":2}`, map[string]any{"a": json.Number("1"), "b": json.Number("2")}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Decode([]byte(tc.in), Limits{})
			if err != nil {
				t.Fatalf("Decode(%q) error: %v", tc.in, err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Decode(%q) mismatch (-want +got):\n%s", tc.in, diff)
			}
		})
	}
}

// place is what the tests assert of a *SyntaxError.
type place struct {
	Sentinel  string
	Line, Col int
}

func TestDecodeErrors(t *testing.T) {
	deep := strings.Repeat("[", 101) + strings.Repeat("]", 101)
	tests := []struct {
		name string
		in   string
		lim  Limits
		want place
	}{
		// ErrSyntax.
		{"missing comma", `[1 2]`, Limits{}, place{"invalid JSON", 1, 4}},
		{"trailing comma", "[\n  1,\n  ]", Limits{}, place{"invalid JSON", 3, 3}},
		{"bad literal", `{"a":tru}`, Limits{}, place{"invalid JSON", 1, 9}},
		{"truncated literal", `nul`, Limits{}, place{"invalid JSON", 1, 4}},
		{"truncated number", "[1e", Limits{}, place{"invalid JSON", 1, 4}},
		{"truncated object", `{"a":1`, Limits{}, place{"invalid JSON", 1, 7}},
		{"empty", ``, Limits{}, place{"invalid JSON", 1, 1}},
		{"only space", "\n  ", Limits{}, place{"invalid JSON", 2, 3}},
		{"bad escape", `{"a":"\x"}`, Limits{}, place{"invalid JSON", 1, 8}},
		{"raw tab in string", "\"a\tb\"", Limits{}, place{"invalid JSON", 1, 3}},
		{"single quotes", "{\n    'name': 'name',\n}", Limits{}, place{"invalid JSON", 2, 5}},
		{"after Japanese", "[\"日本\", \"語\" x]", Limits{}, place{"invalid JSON", 1, 12}},
		{"number key", `{1:2}`, Limits{}, place{"invalid JSON", 1, 2}},
		// ErrTrailing.
		{"second value", `{} x`, Limits{}, place{"data after the JSON value", 1, 4}},
		{"second object", "{}\n\n  {}", Limits{}, place{"data after the JSON value", 3, 3}},
		{"two numbers", `1 2`, Limits{}, place{"data after the JSON value", 1, 3}},
		{"two strings", `"a""b"`, Limits{}, place{"data after the JSON value", 1, 4}},
		{"trailing comma after value", `{},`, Limits{}, place{"data after the JSON value", 1, 3}},
		// ErrDuplicateKey: at the second key.
		{"duplicate key", `{"a":1,"a":2}`, Limits{}, place{"duplicate key", 1, 8}},
		{"duplicate nested key", `{"a":{"b":1,"c":2,"b":3}}`, Limits{}, place{"duplicate key", 1, 19}},
		{"duplicate Japanese key", "{\n  \"名前\": 1,\n  \"名前\": 2\n}", Limits{}, place{"duplicate key", 3, 3}},
		{"duplicate key by escape", `{"b":1, "\u0062":2}`, Limits{}, place{"duplicate key", 1, 9}},
		// ErrTooDeep: at the bracket that goes too deep.
		{"too deep", `[[[]]]`, Limits{MaxDepth: 2}, place{"nested too deeply", 1, 3}},
		{"too deep objects", `{"a":{"b":{}}}`, Limits{MaxDepth: 2}, place{"nested too deeply", 1, 11}},
		{"too deep by default", deep, Limits{}, place{"nested too deeply", 1, 101}},
		// ErrTooLarge: at the first byte past the limit.
		{"too large", "[1,2,3,\n4,5,6]", Limits{MaxBytes: 10}, place{"document too large", 2, 3}},
		// ErrBOM.
		{"BOM", "\xEF\xBB\xBF{}", Limits{}, place{"byte order mark", 1, 1}},
		// ErrInvalidUTF8: at the first bad byte.
		{"invalid byte", "{\"a\":\"\xff\"}", Limits{}, place{"invalid UTF-8", 1, 7}},
		{"cut rune", "{\n\"日本\":\"\xe6\x97\"}", Limits{}, place{"invalid UTF-8", 2, 7}},
		{"invalid byte outside a string", "[1,\xc0]", Limits{}, place{"invalid UTF-8", 1, 4}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			v, err := Decode([]byte(tc.in), tc.lim)
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("Decode(%q) = %v, %v, want a *SyntaxError", tc.in, v, err)
			}
			if v != nil {
				t.Errorf("Decode(%q) value = %v, want nil", tc.in, v)
			}
			got := place{se.Err.Error(), se.Line, se.Col}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Decode(%q) error %q mismatch (-want +got):\n%s", tc.in, err, diff)
			}
		})
	}
}

func TestSyntaxErrorText(t *testing.T) {
	_, err := Decode([]byte(`[1 2]`), Limits{})
	want := "line 1, column 4: invalid JSON: invalid character '2' after array element"
	if err == nil || err.Error() != want {
		t.Errorf("Decode([1 2]) error = %v, want %q", err, want)
	}
	if !errors.Is(err, ErrSyntax) {
		t.Errorf("errors.Is(%v, ErrSyntax) = false, want true", err)
	}
	bare := &SyntaxError{Line: 2, Col: 3, Err: ErrBOM}
	if got, want := bare.Error(), "line 2, column 3: byte order mark"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

func TestSentinels(t *testing.T) {
	tests := []struct {
		in   string
		lim  Limits
		want error
	}{
		{`[`, Limits{}, ErrSyntax},
		{`1 1`, Limits{}, ErrTrailing},
		{`{"a":0,"a":0}`, Limits{}, ErrDuplicateKey},
		{`[[]]`, Limits{MaxDepth: 1}, ErrTooDeep},
		{`[]`, Limits{MaxBytes: 1}, ErrTooLarge},
		{"\xEF\xBB\xBF1", Limits{}, ErrBOM},
		{"\"\x80\"", Limits{}, ErrInvalidUTF8},
	}
	for _, tc := range tests {
		if _, err := Decode([]byte(tc.in), tc.lim); !errors.Is(err, tc.want) {
			t.Errorf("Decode(%q) error = %v, want errors.Is %v", tc.in, err, tc.want)
		}
	}
}

func TestDecodeLimits(t *testing.T) {
	at := func(depth int) []byte {
		return []byte(strings.Repeat("[", depth) + strings.Repeat("]", depth))
	}
	t.Run("default depth 100 accepted", func(t *testing.T) {
		if _, err := Decode(at(100), Limits{}); err != nil {
			t.Errorf("Decode(100 deep) error: %v", err)
		}
	})
	t.Run("depth 10000 fails fast", func(t *testing.T) {
		start := time.Now()
		for _, in := range [][]byte{at(10000), bytes.Repeat([]byte("["), 10000), bytes.Repeat([]byte(`{"a":`), 10000)} {
			if _, err := Decode(in, Limits{}); !errors.Is(err, ErrTooDeep) {
				t.Errorf("Decode(10000 deep) error = %v, want ErrTooDeep", err)
			}
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("Decode(10000 deep) took %v", d)
		}
	})
	t.Run("deep input under a raised limit does not use the Go stack", func(t *testing.T) {
		if _, err := Decode(at(200000), Limits{MaxDepth: 1 << 20}); err != nil {
			t.Errorf("Decode(200000 deep) error: %v", err)
		}
	})
	t.Run("default size 16 MiB", func(t *testing.T) {
		in := append([]byte("1"), bytes.Repeat([]byte(" "), DefaultMaxBytes-1)...)
		if _, err := Decode(in, Limits{}); err != nil {
			t.Errorf("Decode(16 MiB) error: %v", err)
		}
		_, err := Decode(append(in, ' '), Limits{})
		var se *SyntaxError
		if !errors.As(err, &se) || se.Err != ErrTooLarge || se.Line != 1 || se.Col != DefaultMaxBytes+1 {
			t.Errorf("Decode(16 MiB + 1) error = %v, want ErrTooLarge at 1:%d", err, DefaultMaxBytes+1)
		}
	})
}
