package frictionless

import (
	"bytes"
	"encoding/json"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

func field(t *testing.T, desc string) *Field {
	t.Helper()
	var m map[string]any
	d := json.NewDecoder(strings.NewReader(desc))
	d.UseNumber()
	if err := d.Decode(&m); err != nil {
		t.Fatalf("bad field descriptor %s: %v", desc, err)
	}
	f, issues := compileField(m, "", []string{""}, false)
	if len(issues) > 0 {
		t.Fatalf("compileField(%s) issues: %v", desc, issues)
	}
	return f
}

// TestCast covers the lexical rules of every field type and format.
func TestCast(t *testing.T) {
	tests := []struct {
		field string
		cell  string
		ok    bool
	}{
		{`{"name": "s"}`, "anything", true},
		{`{"name": "s", "type": "string"}`, "札幌市", true},
		{`{"name": "s", "type": "string", "format": "email"}`, "info@example.jp", true},
		{`{"name": "s", "type": "string", "format": "email"}`, "info@", false},
		{`{"name": "s", "type": "string", "format": "email"}`, "a b@example.jp", false},
		{`{"name": "s", "type": "string", "format": "uri"}`, "https://www.digital.go.jp/", true},
		{`{"name": "s", "type": "string", "format": "uri"}`, "www.digital.go.jp", false},
		{`{"name": "s", "type": "string", "format": "binary"}`, "aGVsbG8=", true},
		{`{"name": "s", "type": "string", "format": "binary"}`, "aGVsbG8", false},
		{`{"name": "s", "type": "string", "format": "uuid"}`, "123e4567-e89b-12d3-a456-426614174000", true},
		{`{"name": "s", "type": "string", "format": "uuid"}`, "123e4567e89b12d3a456426614174000", false},
		{`{"name": "n", "type": "integer"}`, "-42", true},
		{`{"name": "n", "type": "integer"}`, "+42", true},
		{`{"name": "n", "type": "integer"}`, "9223372036854775807", true},
		{`{"name": "n", "type": "integer"}`, "9223372036854775808", false},
		{`{"name": "n", "type": "integer"}`, "-9223372036854775808", true},
		{`{"name": "n", "type": "integer"}`, "00000000000000000000001", true},
		{`{"name": "n", "type": "integer"}`, "00000000000000000000", true},
		{`{"name": "n", "type": "integer"}`, "-00000000000000000000", true},
		{`{"name": "n", "type": "integer"}`, "+", false},
		{`{"name": "n", "type": "integer"}`, "-", false},
		{`{"name": "n", "type": "integer"}`, "1.0", false},
		{`{"name": "n", "type": "integer"}`, "１２３", false},
		{`{"name": "n", "type": "integer"}`, "", false},
		{`{"name": "n", "type": "integer", "groupChar": ","}`, "1,234,567", true},
		{`{"name": "n", "type": "integer", "bareNumber": false}`, "123円", true},
		{`{"name": "n", "type": "integer", "bareNumber": false}`, "約123人", true},
		{`{"name": "x", "type": "number"}`, "73.5", true},
		{`{"name": "x", "type": "number"}`, ".5", true},
		{`{"name": "x", "type": "number"}`, "5.", true},
		{`{"name": "x", "type": "number"}`, "-1.5e-3", true},
		{`{"name": "x", "type": "number"}`, "NaN", true},
		{`{"name": "x", "type": "number"}`, "inf", true},
		{`{"name": "x", "type": "number"}`, "-INF", true},
		{`{"name": "x", "type": "number"}`, "Infinity", false},
		{`{"name": "x", "type": "number"}`, "0x10", false},
		{`{"name": "x", "type": "number"}`, "1_000", false},
		{`{"name": "x", "type": "number"}`, "1e999", false},
		{`{"name": "x", "type": "number"}`, "73.5%", false},
		{`{"name": "x", "type": "number", "bareNumber": false}`, "73.5%", true},
		{`{"name": "x", "type": "number", "bareNumber": false}`, "€95", true},
		{`{"name": "x", "type": "number", "decimalChar": ",", "groupChar": "."}`, "1.234,5", true},
		{`{"name": "x", "type": "number", "decimalChar": ","}`, "1.5", false},
		{`{"name": "b", "type": "boolean"}`, "true", true},
		{`{"name": "b", "type": "boolean"}`, "0", true},
		{`{"name": "b", "type": "boolean"}`, "yes", false},
		{`{"name": "b", "type": "boolean", "trueValues": ["〇"], "falseValues": ["×"]}`, "〇", true},
		{`{"name": "b", "type": "boolean", "trueValues": ["〇"], "falseValues": ["×"]}`, "true", false},
		{`{"name": "d", "type": "date"}`, "2024-02-29", true},
		{`{"name": "d", "type": "date"}`, "2025-02-29", false},
		{`{"name": "d", "type": "date"}`, "2025-5-1", false},
		{`{"name": "d", "type": "date", "format": "any"}`, "2025/5/1", true},
		{`{"name": "d", "type": "date", "format": "any"}`, "2025年5月1日", true},
		{`{"name": "d", "type": "date", "format": "%d.%m.%Y"}`, "1.5.2025", true},
		{`{"name": "d", "type": "date", "format": "fmt:%d.%m.%Y"}`, "01.05.2025", true},
		{`{"name": "d", "type": "date", "format": "%d.%m.%Y"}`, "2025-05-01", false},
		{`{"name": "t", "type": "time"}`, "09:30:00", true},
		{`{"name": "t", "type": "time"}`, "09:30:00.5+09:00", true},
		{`{"name": "t", "type": "time"}`, "9:30", false},
		{`{"name": "t", "type": "time", "format": "any"}`, "9:30 PM", true},
		{`{"name": "dt", "type": "datetime"}`, "2025-05-01T09:30:00", true},
		{`{"name": "dt", "type": "datetime"}`, "2025-05-01T09:30:00.123Z", true},
		{`{"name": "dt", "type": "datetime"}`, "2025-05-01T09:30:00+09:00", true},
		{`{"name": "dt", "type": "datetime"}`, "2025-05-01 09:30:00", false},
		{`{"name": "dt", "type": "datetime", "format": "any"}`, "2025-05-01 09:30:00", true},
		{`{"name": "y", "type": "year"}`, "2025", true},
		{`{"name": "y", "type": "year"}`, "R7", false},
		{`{"name": "ym", "type": "yearmonth"}`, "2025-05", true},
		{`{"name": "ym", "type": "yearmonth"}`, "2025-00", false},
		{`{"name": "p", "type": "duration"}`, "P1Y2M3DT4H5M6.5S", true},
		{`{"name": "p", "type": "duration"}`, "PT1H", true},
		{`{"name": "p", "type": "duration"}`, "P2W", true},
		{`{"name": "p", "type": "duration"}`, "P", false},
		{`{"name": "p", "type": "duration"}`, "PT", false},
		{`{"name": "p", "type": "duration"}`, "P1M1Y", false},
		{`{"name": "g", "type": "geopoint"}`, "139.69,35.68", true},
		{`{"name": "g", "type": "geopoint"}`, "139.69, 35.68", true},
		{`{"name": "g", "type": "geopoint"}`, "139.69; 35.68", false},
		{`{"name": "g", "type": "geopoint", "format": "array"}`, "[139.69, 35.68]", true},
		{`{"name": "g", "type": "geopoint", "format": "object"}`, `{"lon": 139.69, "lat": 35.68}`, true},
		{`{"name": "g", "type": "geopoint", "format": "object"}`, `{"lon": 139.69, "lat": 95}`, false},
		{`{"name": "g", "type": "geopoint", "format": "array"}`, `[1,2]]`, false},
		{`{"name": "g", "type": "geopoint", "format": "array"}`, `[1,2] [3,4]`, false},
		{`{"name": "g", "type": "geopoint", "format": "array"}`, " [1,2]\n", true},
		{`{"name": "g", "type": "geopoint", "format": "object"}`, `{"lon": 1, "lat": 2}}`, false},
		{`{"name": "j", "type": "geojson"}`, `{"type": "Point", "coordinates": [1, 2]}`, true},
		{`{"name": "j", "type": "geojson"}`, `{"type": "Circle"}`, false},
		{`{"name": "j", "type": "geojson", "format": "topojson"}`, `{"type": "Topology", "objects": {}}`, true},
		{`{"name": "o", "type": "object"}`, `{"a": 1}`, true},
		{`{"name": "o", "type": "object"}`, `{"a": 1} x`, false},
		{`{"name": "o", "type": "object"}`, `{"a": 1}]`, false},
		{`{"name": "o", "type": "object"}`, `{"a": 1}}`, false},
		{`{"name": "a", "type": "array"}`, `[1, "2"]`, true},
		{`{"name": "a", "type": "array"}`, `[1`, false},
		{`{"name": "l", "type": "list"}`, `a,b,c`, true},
		{`{"name": "l", "type": "list", "itemType": "integer", "delimiter": ";"}`, `1;2;3`, true},
		{`{"name": "l", "type": "list", "itemType": "date"}`, `2025-05-01,2025-13-01`, false},
	}
	for _, tt := range tests {
		t.Run(tt.field+" "+tt.cell, func(t *testing.T) {
			f := field(t, tt.field)
			var v value
			err := f.cast([]byte(tt.cell), &v)
			if (err == nil) != tt.ok {
				t.Errorf("cast(%s, %q) = %v, want ok=%v", tt.field, tt.cell, err, tt.ok)
			}
		})
	}
}

// TestCastValues checks the values that keys and constraints compare.
func TestCastValues(t *testing.T) {
	f := field(t, `{"name": "d", "type": "date"}`)
	var v value
	if err := f.cast([]byte("2025-05-01"), &v); err != nil {
		t.Fatal(err)
	}
	want := time.Date(2025, 5, 1, 0, 0, 0, 0, time.UTC).Unix() / 86400
	if v.i != want {
		t.Errorf("cast(date 2025-05-01) = day %d, want %d", v.i, want)
	}
	n := field(t, `{"name": "x", "type": "number", "decimalChar": ",", "groupChar": " "}`)
	if err := n.cast([]byte("1 234,5"), &v); err != nil || v.f != 1234.5 {
		t.Errorf("cast(number 1 234,5) = %v, %v; want 1234.5", v.f, err)
	}
	if err := n.cast([]byte("-0"), &v); err != nil || !math.Signbit(v.f) {
		t.Errorf("cast(number -0) = %v, %v", v.f, err)
	}
	// -0 and 0 are the same key; so are 1 and 01 as integers.
	var a, b value
	a.f, b.f = math.Copysign(0, -1), 0
	if string(appendKey(nil, kindNumber, &a)) != string(appendKey(nil, kindNumber, &b)) {
		t.Errorf("appendKey(-0) != appendKey(0)")
	}
	i := field(t, `{"name": "n", "type": "integer"}`)
	i.cast([]byte("01"), &a)
	i.cast([]byte("1"), &b)
	if string(appendKey(nil, kindInteger, &a)) != string(appendKey(nil, kindInteger, &b)) {
		t.Errorf("appendKey(integer 01) != appendKey(integer 1)")
	}
}

// FuzzCast feeds any cell to every type: no panic, and a cell that casts
// gives the same key twice.
func FuzzCast(f *testing.F) {
	fields := []string{
		`{"name": "s", "type": "string", "format": "email"}`, `{"name": "s", "type": "string", "format": "uri"}`,
		`{"name": "s", "type": "string", "format": "binary"}`, `{"name": "s", "type": "string", "format": "uuid"}`,
		`{"name": "n", "type": "integer", "groupChar": ",", "bareNumber": false}`,
		`{"name": "x", "type": "number", "decimalChar": ",", "groupChar": ".", "bareNumber": false}`,
		`{"name": "x", "type": "number"}`, `{"name": "b", "type": "boolean"}`,
		`{"name": "d", "type": "date"}`, `{"name": "d", "type": "date", "format": "any"}`, `{"name": "d", "type": "date", "format": "%d.%m.%Y"}`,
		`{"name": "t", "type": "time"}`, `{"name": "dt", "type": "datetime"}`, `{"name": "dt", "type": "datetime", "format": "any"}`,
		`{"name": "y", "type": "year"}`, `{"name": "ym", "type": "yearmonth"}`, `{"name": "p", "type": "duration"}`,
		`{"name": "g", "type": "geopoint"}`, `{"name": "g", "type": "geopoint", "format": "object"}`, `{"name": "j", "type": "geojson"}`,
		`{"name": "o", "type": "object"}`, `{"name": "a", "type": "array"}`, `{"name": "l", "type": "list", "itemType": "number"}`,
	}
	for _, s := range []string{"", "1", "-1.5e3", "2025-05-01", "09:30:00", "2025-05-01T09:30:00Z", "P1Y", "1,2", "{}", "[]", "NaN", "１２３", "\xff"} {
		f.Add(s)
	}
	var compiled []*Field
	for _, d := range fields {
		compiled = append(compiled, field(&testing.T{}, d))
	}
	f.Fuzz(func(t *testing.T, cell string) {
		for _, fl := range compiled {
			var v1, v2 value
			err1 := fl.cast([]byte(cell), &v1)
			err2 := fl.cast([]byte(cell), &v2)
			if (err1 == nil) != (err2 == nil) {
				t.Fatalf("cast(%s, %q) not deterministic", fl.Type, cell)
			}
			if err1 == nil && string(appendKey(nil, fl.kind, &v1)) != string(appendKey(nil, fl.kind, &v2)) {
				t.Fatalf("cast(%s, %q) keys differ", fl.Type, cell)
			}
		}
	})
}

// TestParseInt: digits with a sign, and leading zeros however many.
func TestParseInt(t *testing.T) {
	type result struct {
		V  int64
		OK bool
	}
	tests := []struct {
		in   string
		want result
	}{
		{"0", result{0, true}},
		{"-42", result{-42, true}},
		{"+7", result{7, true}},
		{"00000000000000000000", result{0, true}},
		{"-00000000000000000000", result{0, true}},
		{"0000000000000000000000000042", result{42, true}},
		{"-00009223372036854775808", result{math.MinInt64, true}},
		{"9223372036854775808", result{}},
		{"12345678901234567890", result{}},
		{"", result{}},
		{"-", result{}},
		{"1a", result{}},
		{"000000000000000000000x", result{}},
	}
	for _, tt := range tests {
		v, ok := parseInt([]byte(tt.in))
		if got := (result{v, ok}); got != tt.want {
			t.Errorf("parseInt(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

// TestTypeMessage: why a cell is not of its type, in Japanese and English,
// with no English left in the Japanese for the common reasons.
func TestTypeMessage(t *testing.T) {
	type msg struct{ Ja, En string }
	tests := []struct {
		field, cell string
		want        msg
	}{
		{`{"name": "d", "type": "date"}`, "2025-02-30", msg{"日付 (YYYY-MM-DD) として読めません: 2025年2月に30日はありません", "a date (YYYY-MM-DD): 2025-02 has no day 30"}},
		{`{"name": "d", "type": "date"}`, "2025-13-01", msg{"日付 (YYYY-MM-DD) として読めません: 13月はありません (1〜12)", "a date (YYYY-MM-DD): month 13 is not 1–12"}},
		{`{"name": "d", "type": "date"}`, "2025/05/01", msg{"日付 (YYYY-MM-DD) として読めません", "a date (YYYY-MM-DD)"}},
		{`{"name": "ym", "type": "yearmonth"}`, "2025-00", msg{"年月 (YYYY-MM) として読めません: 0月はありません (1〜12)", "a year and month (YYYY-MM): month 0 is not 1–12"}},
		{`{"name": "dt", "type": "datetime"}`, "2025-02-29T10:00:00", msg{"日時 (YYYY-MM-DDThh:mm:ss) として読めません: 2025年2月に29日はありません", "a datetime (YYYY-MM-DDThh:mm:ss): 2025-02 has no day 29"}},
		{`{"name": "dt", "type": "datetime"}`, "2025-05-01T25:00:00Z", msg{"日時 (YYYY-MM-DDThh:mm:ss) として読めません: 時刻 25:00:00 は範囲外です", "a datetime (YYYY-MM-DDThh:mm:ss): the time 25:00:00 is out of range"}},
		{`{"name": "g", "type": "geopoint"}`, "200, 35", msg{"地点 (lon, lat) として読めません: 経度は -180〜180、緯度は -90〜90 の範囲でなければなりません", "a geopoint (lon, lat): longitude must be within -180..180 and latitude within -90..90"}},
		{`{"name": "l", "type": "list", "itemType": "integer"}`, "1,x", msg{`リスト として読めません: 2 番目の要素 "x" は整数ではありません`, `a list: item 2 "x" is not an integer`}},
		{`{"name": "x", "type": "number"}`, "1e999", msg{"数値 (例: 12.5) として読めません: 64 ビット浮動小数点数の範囲を超えています", "a number (e.g. 12.5): out of range for a 64-bit float"}},
		{`{"name": "j", "type": "geojson"}`, `{"type": "Feature"}`, msg{`GeoJSON として読めません: Feature には "geometry" が必要です`, `GeoJSON: a Feature needs "geometry"`}},
		// The pattern's own explanation stays in the English message.
		{`{"name": "d", "type": "date", "format": "%Y年%m月%d日"}`, "2025-05-01", msg{"日付 (%Y年%m月%d日) として読めません: 書式 %Y年%m月%d日 に合いません",
			`a date (%Y年%m月%d日): strptime: parsing "2025-05-01" with format "%Y年%m月%d日": at character 4: expected "年", found "-05"`}},
	}
	for _, tt := range tests {
		t.Run(tt.field+" "+tt.cell, func(t *testing.T) {
			f := field(t, tt.field)
			var v value
			err := f.cast([]byte(tt.cell), &v)
			if err == nil {
				t.Fatalf("cast(%s, %q) = nil, want an error", tt.field, tt.cell)
			}
			ja, en := typeMessage(f, err)
			if got := (msg{ja, en}); got != tt.want {
				t.Errorf("typeMessage(%s, %q) = %q, want %q", tt.field, tt.cell, got, tt.want)
			}
		})
	}
}

// TestViolation checks constraints against cast cells: NaN is outside every
// range, and an any field compares the lexical forms of enum values.
func TestViolation(t *testing.T) {
	tests := []struct {
		field, cell string
		want        string // the constraint broken, "" for none
	}{
		{`{"name": "x", "type": "number", "constraints": {"minimum": 0}}`, "NaN", "minimum"},
		{`{"name": "x", "type": "number", "constraints": {"maximum": 100}}`, "NaN", "maximum"},
		{`{"name": "x", "type": "number", "constraints": {"exclusiveMinimum": 0}}`, "nan", "exclusiveMinimum"},
		{`{"name": "x", "type": "number", "constraints": {"exclusiveMaximum": 100}}`, "NaN", "exclusiveMaximum"},
		{`{"name": "x", "type": "number", "constraints": {"minimum": "NaN"}}`, "1", "minimum"},
		{`{"name": "x", "type": "number", "constraints": {"minimum": 0, "maximum": 100}}`, "50", ""},
		{`{"name": "x", "type": "number", "constraints": {"maximum": 100}}`, "INF", "maximum"},
		{`{"name": "x", "type": "number", "constraints": {"minimum": 0}}`, "-0", ""},
		{`{"name": "x", "type": "number"}`, "NaN", ""},
		{`{"name": "x", "constraints": {"enum": [1, true, "a"]}}`, "1", ""},
		{`{"name": "x", "constraints": {"enum": [1, true, "a"]}}`, "true", ""},
		{`{"name": "x", "constraints": {"enum": [1, true, "a"]}}`, "a", ""},
		{`{"name": "x", "constraints": {"enum": [1, true, "a"]}}`, "1.0", "enum"},
		{`{"name": "x", "constraints": {"enum": [2.50]}}`, "2.50", ""},
		{`{"name": "n", "type": "integer", "constraints": {"minimum": 1.0, "enum": [1.0, 2e0, 3]}}`, "2", ""},
		{`{"name": "n", "type": "integer", "constraints": {"minimum": 1.0, "enum": [1.0, 2e0, 3]}}`, "0", "minimum"},
		{`{"name": "n", "type": "integer", "constraints": {"minimum": 1.0, "enum": [1.0, 2e0, 3]}}`, "4", "enum"},
		{`{"name": "s", "type": "string", "constraints": {"minLength": 2.0}}`, "a", "minLength"},
		{`{"name": "y", "type": "year", "constraints": {"maximum": 2.025e3}}`, "2026", "maximum"},
	}
	for _, tt := range tests {
		t.Run(tt.field+" "+tt.cell, func(t *testing.T) {
			f := field(t, tt.field)
			var v value
			if err := f.cast([]byte(tt.cell), &v); err != nil {
				t.Fatalf("cast(%s, %q) = %v", tt.field, tt.cell, err)
			}
			if got := f.violation([]byte(tt.cell), &v); got != tt.want {
				t.Errorf("violation(%s, %q) = %q, want %q", tt.field, tt.cell, got, tt.want)
			}
		})
	}
}

// TestParseDecimal checks the fast path of number casting against
// strconv.ParseFloat, bit for bit, and that it leaves other forms to it.
func TestParseDecimal(t *testing.T) {
	for _, s := range []string{
		"0", "-0", "+0", "1", "12.5", "-12.5", "+3.25", ".5", "-.5", "5.", "0.1", "0.3", "123456789012345",
		"1.23456789012345", "999999999999999", "0.000000000000001", "100.0", "00012", "4.35", "1.1",
		"0.0000000000000000000001", "0000000000000000000000012.5", "-99999999999999.0",
	} {
		got, ok := parseDecimal([]byte(s))
		want, err := strconv.ParseFloat(s, 64)
		if !ok || err != nil || math.Float64bits(got) != math.Float64bits(want) {
			t.Errorf("parseDecimal(%q) = %v, %v; ParseFloat gives %v, %v", s, got, ok, want, err)
		}
	}
	for _, s := range []string{"", ".", "-", "+", "1e5", "1.2.3", "1234567890123456", "0.00000000000000000000001", "NaN", "inf", "1,5", " 1", "1_0", "--1"} {
		if got, ok := parseDecimal([]byte(s)); ok {
			t.Errorf("parseDecimal(%q) = %v, true; want it left to ParseFloat", s, got)
		}
	}
}

// FuzzParseDecimal checks that whatever the fast path of number casting
// takes, it reads as strconv.ParseFloat does.
func FuzzParseDecimal(f *testing.F) {
	for _, s := range []string{"12.5", "-0.001", "123456789012345", ".5", "5."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := parseDecimal([]byte(s))
		if !ok {
			return
		}
		want, err := strconv.ParseFloat(s, 64)
		if err != nil || math.Float64bits(got) != math.Float64bits(want) {
			t.Fatalf("parseDecimal(%q) = %v; ParseFloat gives %v, %v", s, got, want, err)
		}
		if !isNumber([]byte(s)) {
			t.Fatalf("parseDecimal(%q) took a cell that is not a number", s)
		}
	})
}

// TestAppendIntOrder checks that the keys of integers sort as the integers
// do, and differ when they do, across the lengths of the encoding.
func TestAppendIntOrder(t *testing.T) {
	var xs []int64
	for _, x := range []int64{0, 1, 127, 128, 255, 256, 65535, 65536, 1 << 31, 1<<40 + 3, math.MaxInt64} {
		xs = append(xs, x, -x, x-1, -x-1)
	}
	xs = append(xs, math.MinInt64, math.MinInt64+1)
	slices.Sort(xs)
	xs = slices.Compact(xs)
	for i := 1; i < len(xs); i++ {
		a, b := appendInt(nil, xs[i-1]), appendInt(nil, xs[i])
		if bytes.Compare(a, b) >= 0 {
			t.Errorf("appendInt(%d) = %x, not below appendInt(%d) = %x", xs[i-1], a, xs[i], b)
		}
	}
	if got := appendInt(nil, 20000); len(got) != 3 {
		t.Errorf("appendInt(20000) = %x, want 3 bytes", got)
	}
}

// TestCivilDays checks the fast day count of ISO dates against
// daysFromCivil, for every day of the years 0 to 9999.
func TestCivilDays(t *testing.T) {
	for y := int64(0); y <= 9999; y++ {
		for m := int64(1); m <= 12; m++ {
			for d := int64(1); d <= daysIn(y, m); d++ {
				if got, want := civilDays(uint64(y), uint64(m), uint64(d)), daysFromCivil(y, m, d); got != want {
					t.Fatalf("civilDays(%04d-%02d-%02d) = %d, want %d", y, m, d, got, want)
				}
			}
		}
	}
}
