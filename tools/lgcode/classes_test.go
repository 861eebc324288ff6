package lgcode

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/ichiran-jp/ichiran/tools/jatext"
	"github.com/ichiran-jp/ichiran/tools/sheet"
)

func TestClassHistory(t *testing.T) {
	d := func(y int, m time.Month, dd int) time.Time { return Date(y, m, dd) }
	tests := []struct {
		in      ClassHistory
		periods []ClassPeriod
		at      map[time.Time]Class
	}{
		{"", nil, map[time.Time]Class{d(2020, 1, 1): ""}},
		{"town", []ClassPeriod{{Class: ClassTown}}, map[time.Time]Class{d(2000, 1, 1): ClassTown, d(2030, 1, 1): ClassTown}},
		{"special-city;core-city@2019-04-01", []ClassPeriod{{Class: ClassSpecial}, {Class: ClassCore, From: d(2019, 4, 1)}},
			map[time.Time]Class{d(2019, 3, 31): ClassSpecial, d(2019, 4, 1): ClassCore, time.Date(2019, 4, 1, 23, 0, 0, 0, time.UTC): ClassCore}},
		{"other-city;core-city@2018-04-01;designated-city@2030-04-01",
			[]ClassPeriod{{Class: ClassOther}, {Class: ClassCore, From: d(2018, 4, 1)}, {Class: ClassDesignated, From: d(2030, 4, 1)}},
			map[time.Time]Class{d(2017, 1, 1): ClassOther, d(2029, 1, 1): ClassCore, d(2031, 1, 1): ClassDesignated}},
	}
	for _, tt := range tests {
		t.Run(string(tt.in), func(t *testing.T) {
			got, err := tt.in.Periods()
			if err != nil {
				t.Fatalf("ClassHistory(%q).Periods() error = %v", tt.in, err)
			}
			if diff := cmp.Diff(tt.periods, got); diff != "" {
				t.Errorf("ClassHistory(%q).Periods() (-want +got):\n%s", tt.in, diff)
			}
			if back := MakeClassHistory(got); back != tt.in {
				t.Errorf("MakeClassHistory(%v) = %q, want %q", got, back, tt.in)
			}
			for at, want := range tt.at {
				if got := tt.in.At(at); got != want {
					t.Errorf("ClassHistory(%q).At(%s) = %q, want %q", tt.in, at.Format(time.RFC3339), got, want)
				}
			}
		})
	}
	for _, in := range []ClassHistory{"city", "core-city@2019-04-01", "other-city;core-city", "other-city;core-city@2019-4-1",
		"other-city;core-city@2019-02-30", "other-city;core-city@2019-04-01;special-city@2019-04-01", "other-city;", " town"} {
		t.Run("error/"+string(in), func(t *testing.T) {
			if got, err := in.Periods(); !errors.Is(err, ErrClass) {
				t.Errorf("ClassHistory(%q).Periods() = %v, %v, want ErrClass", in, got, err)
			}
			if got := in.At(Date(2020, 1, 1)); got != "" {
				t.Errorf("ClassHistory(%q).At(2020-01-01) = %q, want \"\"", in, got)
			}
		})
	}
}

func TestClassLabels(t *testing.T) {
	for _, c := range Classes {
		if !c.Valid() || c.Label() == "" || c.English() == "" {
			t.Errorf("Class(%q): Valid %v, Label %q, English %q, want all", c, c.Valid(), c.Label(), c.English())
		}
	}
	if c := Class("metropolis"); c.Valid() || c.Label() != "" {
		t.Errorf("Class(%q).Valid() = %v, Label %q, want false, \"\"", c, c.Valid(), c.Label())
	}
}

// TestClassOf asks the committed table the class of codes at dates.
func TestClassOf(t *testing.T) {
	tab := committed(t)
	tests := []struct {
		code string
		at   time.Time
		want Class
		ok   bool
	}{
		{"011002", Date(2025, 3, 31), ClassDesignated, true},  // 札幌市
		{"192015", Date(2019, 3, 31), ClassSpecial, true},     // 甲府市
		{"192015", Date(2019, 4, 1), ClassCore, true},         // 甲府市
		{"072010", Date(2018, 3, 31), ClassOther, true},       // 福島市
		{"072010", Date(2018, 4, 1), ClassCore, true},         // 福島市
		{"112216", Date(2025, 3, 31), ClassSpecial, true},     // 草加市
		{"022039", Date(2018, 10, 1), ClassCore, true},        // 八戸市 (2017)
		{"131016", Date(2025, 3, 31), ClassSpecialWard, true}, // 千代田区
		{"014036", Date(2025, 3, 31), ClassVillage, true},     // 泊村
		{"403059", Date(2018, 9, 30), ClassTown, true},        // 那珂川町
		{"403059", Date(2018, 10, 1), "", false},              // 那珂川町, gone
		{"402311", Date(2018, 10, 1), ClassOther, true},       // 那珂川市
		{"282219", Date(2019, 4, 30), ClassOther, true},       // 篠山市
		{"282219", Date(2019, 5, 1), ClassOther, true},        // 丹波篠山市
		{"011011", Date(2025, 3, 31), "", false},              // 札幌市中央区: a ward
		{"010006", Date(2025, 3, 31), "", false},              // 北海道
		{"016951", Date(2025, 3, 31), "", false},              // 色丹村
		{"01100", Date(2025, 3, 31), ClassDesignated, true},   // 5 digits
		{"abc", Date(2025, 3, 31), "", false},
	}
	for _, tt := range tests {
		t.Run(tt.code+"/"+tt.at.Format(dateLayout), func(t *testing.T) {
			got, ok := tab.ClassOf(tt.code, tt.at)
			if got != tt.want || ok != tt.ok {
				t.Errorf("ClassOf(%s, %s) = %q, %v, want %q, %v", tt.code, tt.at.Format(dateLayout), got, ok, tt.want, tt.ok)
			}
		})
	}
}

// TestClassCounts counts the classes of the municipalities in force on the
// first day of each fiscal year: 20 指定都市 throughout; 中核市 54 in FY2018,
// 58, 60, 62 from 2021-04-01; the 施行時特例市 the other way round.
func TestClassCounts(t *testing.T) {
	tab := committed(t)
	tests := []struct {
		at            time.Time
		core, special int
	}{
		{ClassStart, 54, 31},
		{Date(2018, 10, 1), 54, 31},
		{Date(2019, 4, 1), 58, 27},
		{Date(2020, 4, 1), 60, 25},
		{Date(2021, 4, 1), 62, 23},
		{Date(2025, 3, 31), 62, 23},
	}
	for _, tt := range tests {
		t.Run(tt.at.Format(dateLayout), func(t *testing.T) {
			got := map[Class]int{}
			for _, e := range tab.InForce(tt.at) {
				if c := e.ClassAt(tt.at); c != "" {
					got[c]++
				} else if e.InScope() {
					t.Errorf("%s: no class on %s", e, tt.at.Format(dateLayout))
				}
			}
			want := map[Class]int{ClassDesignated: 20, ClassCore: tt.core, ClassSpecial: tt.special,
				ClassOther: 792 - 20 - tt.core - tt.special, ClassTown: 743, ClassVillage: 183, ClassSpecialWard: 23}
			if tt.at.Before(Date(2018, 10, 1)) { // 那珂川町 was a town
				want[ClassOther]--
				want[ClassTown]++
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("classes on %s (-want +got):\n%s", tt.at.Format(dateLayout), diff)
			}
		})
	}
}

func TestApplyClassesErrors(t *testing.T) {
	tab := committed(t)
	var source []Entry
	for _, e := range tab.Entries() {
		if e.Code != "192015" { // 甲府市, a listed 中核市
			source = append(source, e)
		}
	}
	if _, err := ApplyClasses(source); !errors.Is(err, ErrSource) {
		t.Errorf("ApplyClasses(without 甲府市) error = %v, want ErrSource", err)
	}
}

// classChange is a change of class as e-Stat records it.
type classChange struct {
	Code     Code
	Date     time.Time
	From, To Class
}

var estatClassRE = regexp.MustCompile(`^(.+?)\((\d{5})\)が(特例市から)?(中核市|特例市)に移行$`)

// estatClasses replays e-Stat's records of 特例市・中核市・指定都市 and
// returns each code's changes, oldest first.
func estatClasses(t *testing.T, changes []Change) map[Code][]classChange {
	t.Helper()
	out := map[Code][]classChange{}
	now := map[Code]Class{}
	was := func(c Code) Class {
		if k, ok := now[c]; ok {
			return k
		}
		return ClassOther
	}
	for _, c := range changes {
		if c.Kind == ChangeDesignated {
			from, to := c.From[0].Code, c.To[0].Code
			out[to] = append(out[to], classChange{to, c.Date, was(from), ClassDesignated})
			now[to] = ClassDesignated
			continue
		}
		m := estatClassRE.FindStringSubmatch(jatext.Fold(c.Text))
		if m == nil {
			if strings.Contains(c.Text, "中核市") || strings.Contains(c.Text, "特例市") {
				t.Errorf("e-Stat: %s %q: not read", c.Date.Format(dateLayout), c.Text)
			}
			continue
		}
		code := Code(m[2] + string(checkDigit(m[2])))
		to := ClassSpecial
		if m[4] == "中核市" {
			to = ClassCore
		}
		if (m[3] != "") != (was(code) == ClassSpecial) {
			t.Errorf("e-Stat: %s %q: the city was %s", c.Date.Format(dateLayout), c.Text, was(code))
		}
		out[code] = append(out[code], classChange{code, c.Date, was(code), to})
		now[code] = to
	}
	return out
}

// TestClassesAgreeWithEStat replays e-Stat's 廃置分合 history (特例市に移行,
// 中核市に移行, 政令指定都市施行) when the corpus is there, and checks the
// committed table against it: the changes since ClassStart are the same,
// and on e-Stat's last date every city has the class e-Stat gives it (the
// designated cities of before 1970, where e-Stat starts, excepted: 大阪,
// 名古屋, 京都, 横浜, 神戸, 北九州).
func TestClassesAgreeWithEStat(t *testing.T) {
	f, err := os.Open(realEStat)
	if err != nil {
		t.Skipf("実データがありません / real data absent: %v", err)
	}
	defer f.Close()
	changes, err := ReadEStatHistory(f)
	if err != nil {
		t.Fatalf("ReadEStatHistory(%q) error = %v", realEStat, err)
	}
	estat := estatClasses(t, changes)
	last := changes[len(changes)-1].Date
	tab := committed(t)

	var want, got []classChange
	for _, cs := range estat {
		for _, c := range cs {
			if !c.Date.Before(ClassStart) {
				want = append(want, c)
			}
		}
	}
	for _, e := range tab.Entries() {
		ps, err := e.Class.Periods()
		if err != nil {
			t.Fatalf("%s: %v", e, err)
		}
		for i, p := range ps[min(1, len(ps)):] {
			got = append(got, classChange{e.Code, p.From, ps[i].Class, p.Class})
		}
	}
	byCodeDate := func(a, b classChange) int {
		return strings.Compare(string(a.Code)+a.Date.Format(dateLayout), string(b.Code)+b.Date.Format(dateLayout))
	}
	sortChanges := func(cs []classChange) []classChange { slices.SortFunc(cs, byCodeDate); return cs }
	if diff := cmp.Diff(sortChanges(want), sortChanges(got)); diff != "" {
		t.Errorf("changes of class since %s (-e-Stat +table):\n%s", ClassStart.Format(dateLayout), diff)
	}
	if len(got) != 14 {
		t.Errorf("the table has %d changes of class since %s, want 14", len(got), ClassStart.Format(dateLayout))
	}

	before1970 := map[Code]bool{"141003": true, "231002": true, "261009": true, "271004": true, "281000": true, "401005": true}
	agree := 0
	for _, e := range tab.InForce(last) {
		if e.Kind != KindCity {
			continue
		}
		want := ClassOther
		if cs := estat[e.Code]; len(cs) > 0 {
			want = cs[len(cs)-1].To
		}
		if before1970[e.Code] {
			want = ClassDesignated
		}
		if got := e.ClassAt(last); got != want {
			t.Errorf("%s on %s: class %q, e-Stat %q", e, last.Format(dateLayout), got, want)
			continue
		}
		agree++
	}
	if agree != 792 {
		t.Errorf("%d cities agree with e-Stat on %s, want 792", agree, last.Format(dateLayout))
	}
}

var realDigitalWorkbook = filepath.Join("..", "..", "..", "shared", "sources", "digital-online-procedures-2026-01", "20260120_policies_administrative_procedures_online_01_.xlsx")

// workbookDisagrees are the municipalities whose column F in the Digital
// Agency's workbook (2025-03-31) disagrees with e-Stat and the table: the
// workbook does not mark them 中核市, though e-Stat records their change
// (吹田市 2020-04-01, 一宮市 2021-04-01) and the table follows e-Stat.
var workbookDisagrees = map[Code]string{
	"232033": "一宮市: 空欄 / blank, e-Stat 2021-04-01 中核市",
	"272051": "吹田市: 空欄 / blank, e-Stat 2020-04-01 中核市",
}

// TestClassesAgreeWithWorkbook reads column F of the Digital Agency's
// workbook (政令市：1 / 中核市：2 / 特別区：3, as of 2025-03-31) when it is
// there, and checks it against the committed table's classes on that day for
// all 1,741 municipalities: they agree but for the two of
// workbookDisagrees, where the workbook lags.
func TestClassesAgreeWithWorkbook(t *testing.T) {
	if _, err := os.Stat(realDigitalWorkbook); err != nil {
		t.Skipf("実データがありません / real data absent: %v", err)
	}
	b, err := sheet.Open(realDigitalWorkbook)
	if err != nil {
		t.Fatalf("sheet.Open(%q) error = %v", realDigitalWorkbook, err)
	}
	defer b.Close()
	rows, err := b.Rows(b.Sheets()[0])
	if err != nil {
		t.Fatal(err)
	}
	asOf := Date(2025, time.March, 31)
	tab := committed(t)
	marks := map[Class]string{ClassDesignated: "1", ClassCore: "2", ClassSpecialWard: "3"}
	seen, agree := 0, 0
	disagree := map[Code]string{}
	for i, row := range rows[11:] {
		if len(row) < 6 {
			t.Fatalf("row %d: %q: fewer than 6 cells", i+12, row)
		}
		code, err := ParseLostZero(strings.TrimSpace(row[0]))
		if err != nil {
			t.Fatalf("row %d: code %q: %v", i+12, row[0], err)
		}
		seen++
		c, ok := tab.ClassOf(string(code), asOf)
		if !ok {
			t.Errorf("row %d: %s %s: not a municipality of the table on %s", i+12, code, row[3], asOf.Format(dateLayout))
			continue
		}
		if got, want := strings.TrimSpace(row[5]), marks[c]; got != want {
			disagree[code] = row[3]
			if _, known := workbookDisagrees[code]; !known {
				t.Errorf("%s %s: column F %q, table %s (%s)", code, row[3], got, c, c.Label())
			}
			continue
		}
		agree++
	}
	if seen != 1741 || agree != 1741-len(workbookDisagrees) {
		t.Errorf("workbook: %d rows, %d agree, want 1,741 and %d", seen, agree, 1741-len(workbookDisagrees))
	}
	for code, why := range workbookDisagrees {
		if _, ok := disagree[code]; !ok {
			t.Errorf("%s (%s): now agrees; drop it from workbookDisagrees", code, why)
		}
	}
}
