package lgcode

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/ichiran-jp/ichiran/tools/jatext"
)

var (
	realEStatList    = filepath.Join("..", "..", "..", "shared", "corpus", "realdata", "estat-hyoujun-chiiki-2022-sjis", "FEA_hyoujun-20220225015648.csv")
	realEStatHistory = filepath.Join("..", "..", "..", "shared", "corpus", "realdata", "estat-haichi-history", "estat-haichi.csv")
)

// readEStat reads one of e-Stat's real files, or skips the test when the
// corpus is absent.
func readEStat(t *testing.T, path string) []EStatArea {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Skipf("実データがありません / real data absent: %v", err)
	}
	text, _, err := jatext.Decode(b, "")
	if err != nil {
		t.Fatalf("jatext.Decode(%s) error = %v", path, err)
	}
	areas, err := ReadEStatAreas(strings.NewReader(text))
	if err != nil {
		t.Fatalf("ReadEStatAreas(%s) error = %v", path, err)
	}
	return areas
}

// TestReadingsAgreeWithEStat checks every reading of the committed table but
// the prefectures' (e-Stat lists none) against e-Stat's ふりがな: the 2022
// list of standard area codes (Shift_JIS) for the codes it has under the
// same name, else the 廃置分合 history (篠山市, 那珂川町, the wards of 浜松市
// since 2024). Every entry must be found in one of them.
func TestReadingsAgreeWithEStat(t *testing.T) {
	list := readEStat(t, realEStatList)
	hist := readEStat(t, realEStatHistory)
	if len(list) != 1923 {
		t.Errorf("ReadEStatAreas(%s) = %d rows, want 1,923", realEStatList, len(list))
	}
	type key struct {
		code Code
		name string
	}
	want := map[key]string{}
	for _, a := range hist {
		want[key{a.Code, nameKey(a.Name)}] = a.Reading
	}
	for _, a := range list { // the list before the history
		want[key{a.Code, nameKey(a.Name)}] = a.Reading
	}
	n := 0
	for _, e := range committed(t).Entries() {
		if e.Kind == KindPrefecture {
			continue
		}
		r, ok := want[key{e.Code, nameKey(e.Name)}]
		switch {
		case !ok:
			t.Errorf("%s: not in e-Stat's files", e)
		case r != e.Reading:
			t.Errorf("%s: reading = %s, want %s (e-Stat)", e, e.Reading, r)
		}
		n++
	}
	if n != 1974-47 {
		t.Errorf("compared %d readings, want 1,927", n)
	}
}

// TestReadingsCorrected checks the corrections on the committed table: each
// entry has e-Stat's reading, and the source's differs from it only by
// small kana written large, but for 留夜別村 and 真鶴町.
func TestReadingsCorrected(t *testing.T) {
	entries := committed(t).Entries()
	for _, r := range readings {
		t.Run(r.name, func(t *testing.T) {
			i := slices.IndexFunc(entries, func(e Entry) bool { return e.Code == r.code && e.Name == r.name })
			if i < 0 {
				t.Fatalf("%s %s is not in the table", r.code, r.name)
			}
			if got := entries[i].Reading; got != r.to {
				t.Errorf("reading of %s %s = %s, want %s", r.code, r.name, got, r.to)
			}
			if got, ok := SourceReading(r.code, r.name); !ok || got != r.from {
				t.Errorf("SourceReading(%s, %s) = %s, %v, want %s, true", r.code, r.name, got, ok, r.from)
			}
			smallKana := smallKanaOnly(r.from, r.to)
			if smallKana != (r.why == "small kana") {
				t.Errorf("%s: %s → %s small kana only = %v, but noted %q", r.name, r.from, r.to, smallKana, r.why)
			}
		})
	}
	if _, ok := SourceReading("011002", "札幌市"); ok {
		t.Errorf("SourceReading(011002, 札幌市) = _, true, want false")
	}
}

func TestApplyReadingsErrors(t *testing.T) {
	tests := []struct {
		name string
		in   []Entry
	}{
		{"missing", []Entry{{Code: "011002", Name: "札幌市", Reading: "サッポロシ"}}},
		{"other reading", []Entry{{Code: "112062", Name: "行田市", Reading: "ギョウダシ"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := ApplyReadings(tt.in); !errors.Is(err, ErrSource) {
				t.Errorf("ApplyReadings(%v) error = %v, want ErrSource", tt.in, err)
			}
		})
	}
}

func TestReadEStatAreas(t *testing.T) {
	in := "\ufeff\"標準地域コード\",\"都道府県\",\"政令市･郡･支庁･振興局等\",\"政令市･郡･支庁･振興局等（ふりがな）\",\"市区町村\",\"市区町村（ふりがな）\",\"廃置分合等施行年月日\",\"廃置分合等情報有無\"\r\n" +
		"\"01100\",\"北海道\",\"札幌市\",\"さっぽろし\",\"\",\"\",\"1973-12-01\",\"有\"\r\n" +
		"\"11206\",\"埼玉県\",\"\",\"\",\"行田市\",\"ぎょうだし\",\"\",\"\"\r\n"
	got, err := ReadEStatAreas(strings.NewReader(in))
	if err != nil {
		t.Fatalf("ReadEStatAreas error = %v", err)
	}
	want := []EStatArea{
		{Code: "011002", Prefecture: "北海道", Name: "札幌市", Reading: "サッポロシ", Date: Date(1973, time.December, 1)},
		{Code: "112062", Prefecture: "埼玉県", Name: "行田市", Reading: "ギョウダシ"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ReadEStatAreas (-want +got):\n%s", diff)
	}
	for _, bad := range []string{"", "a,b,c,d,e,f,g,h\n", strings.SplitAfter(in, "\r\n")[0] + "\"1100\",\"埼玉県\",\"\",\"\",\"x\",\"x\",\"\",\"\"\r\n"} {
		if _, err := ReadEStatAreas(strings.NewReader(bad)); !errors.Is(err, ErrEStatList) {
			t.Errorf("ReadEStatAreas(%q) error = %v, want ErrEStatList", bad, err)
		}
	}
}

// smallKanaOnly reports whether from is to with some of its small kana
// written large (ギヨウダシ for ギョウダシ).
func smallKanaOnly(from, to string) bool {
	large := map[rune]rune{'ャ': 'ヤ', 'ュ': 'ユ', 'ョ': 'ヨ', 'ッ': 'ツ', 'ァ': 'ア', 'ィ': 'イ', 'ゥ': 'ウ', 'ェ': 'エ', 'ォ': 'オ'}
	f, g := []rune(from), []rune(to)
	if len(f) != len(g) || from == to {
		return false
	}
	for i := range f {
		if f[i] != g[i] && large[g[i]] != f[i] {
			return false
		}
	}
	return true
}
