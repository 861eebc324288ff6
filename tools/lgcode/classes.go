package lgcode

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"
)

// Class is the kind of a municipality under the Local Autonomy Act, the
// finer kind that tells peers apart: 指定都市, 中核市, 施行時特例市, 一般市
// for a city, and 町, 村, 特別区. It is written in the table's class column.
//
// 市区町村の区分 (表の class 列の値)。市は 指定都市・中核市・施行時特例市・
// 一般市 に分かれます。
type Class string

// The classes.
const (
	ClassDesignated  Class = "designated-city" // 指定都市 (政令指定都市)
	ClassCore        Class = "core-city"       // 中核市
	ClassSpecial     Class = "special-city"    // 施行時特例市 (特例市, 2015 年に制度廃止)
	ClassOther       Class = "other-city"      // 一般市 (上のどれでもない市)
	ClassTown        Class = "town"            // 町
	ClassVillage     Class = "village"         // 村
	ClassSpecialWard Class = "special-ward"    // 特別区 (東京都の区)
)

// Classes lists the classes in the order of the table schema, the order in
// which to show them.
var Classes = []Class{ClassDesignated, ClassCore, ClassSpecial, ClassOther, ClassTown, ClassVillage, ClassSpecialWard}

var classLabels = map[Class]string{
	ClassDesignated:  "指定都市",
	ClassCore:        "中核市",
	ClassSpecial:     "施行時特例市",
	ClassOther:       "一般市",
	ClassTown:        "町",
	ClassVillage:     "村",
	ClassSpecialWard: "特別区",
}

var classEnglish = map[Class]string{
	ClassDesignated:  "designated city",
	ClassCore:        "core city",
	ClassSpecial:     "former special city",
	ClassOther:       "other city",
	ClassTown:        "town",
	ClassVillage:     "village",
	ClassSpecialWard: "special ward",
}

// Label returns the Japanese name of the class (中核市 …), or "" for an
// unknown class.
func (c Class) Label() string { return classLabels[c] }

// English returns the English name of the class (core city …), or "".
func (c Class) English() string { return classEnglish[c] }

// Valid reports whether c is one of [Classes].
func (c Class) Valid() bool { _, ok := classLabels[c]; return ok }

// ClassStart is the first day of the class history: the class column gives
// every change of class from this day on (fiscal 2018, whose first day six
// cities became 中核市; no code changed between it and [HistoryStart]). A
// date before it gets the first class of the row, which may be wrong that
// far back.
//
// 区分の履歴の起点 (2018-04-01)。この日以降の区分の変更はすべて class 列にあります。
var ClassStart = Date(2018, time.April, 1)

// ClassPeriod is one class of a row and its first day; a zero From means
// since the row's valid_from (or before the history starts).
type ClassPeriod struct {
	Class Class
	From  time.Time
}

// ClassHistory is the class of a row over time, as the class column writes
// it: the class at the row's start, then each change as class@YYYY-MM-DD,
// separated by semicolons ("special-city;core-city@2019-04-01" for 甲府市,
// which became a 中核市 on 2019-04-01). It is empty for the rows that are
// not municipalities (prefectures, wards, the Northern-Territory villages).
//
// 行の区分の履歴 (class 列の文字列)。最初の区分、続いて「区分@変更日」を ; で区切ります。
type ClassHistory string

// ErrClass is wrapped by the errors of [ClassHistory.Periods] for a class
// column that is not well written.
var ErrClass = errors.New("区分 (class) の書き方が違います / the class column is not well written")

var classItemRE = regexp.MustCompile(`^([a-z-]+)(?:@([0-9]{4}-[0-9]{2}-[0-9]{2}))?$`)

// Periods returns the periods of h, oldest first. Each class must be one of
// [Classes]; every one but the first carries its first day, and the days
// must increase.
func (h ClassHistory) Periods() ([]ClassPeriod, error) {
	if h == "" {
		return nil, nil
	}
	var out []ClassPeriod
	for i, item := range strings.Split(string(h), ";") {
		m := classItemRE.FindStringSubmatch(item)
		if m == nil || !Class(m[1]).Valid() || (i == 0) != (m[2] == "") {
			return nil, fmt.Errorf("%w: %q", ErrClass, h)
		}
		p := ClassPeriod{Class: Class(m[1])}
		if m[2] != "" {
			d, err := time.Parse(dateLayout, m[2])
			if err != nil || (i > 1 && !d.After(out[i-1].From)) {
				return nil, fmt.Errorf("%w: %q", ErrClass, h)
			}
			p.From = d
		}
		out = append(out, p)
	}
	return out, nil
}

// At returns the class on the day of at, or "" when h is empty or not well
// written. A day before the first change has the first class.
func (h ClassHistory) At(at time.Time) Class {
	ps, err := h.Periods()
	if err != nil || len(ps) == 0 {
		return ""
	}
	d := day(at)
	c := ps[0].Class
	for _, p := range ps[1:] {
		if !d.Before(p.From) {
			c = p.Class
		}
	}
	return c
}

// Last returns the latest class of h ("" when empty or not well written).
func (h ClassHistory) Last() Class {
	ps, err := h.Periods()
	if err != nil || len(ps) == 0 {
		return ""
	}
	return ps[len(ps)-1].Class
}

// MakeClassHistory writes periods as a class column: the inverse of
// [ClassHistory.Periods].
func MakeClassHistory(periods []ClassPeriod) ClassHistory {
	var b strings.Builder
	for i, p := range periods {
		if i > 0 {
			b.WriteString(";")
		}
		b.WriteString(string(p.Class))
		if i > 0 {
			b.WriteString("@" + p.From.Format(dateLayout))
		}
	}
	return ClassHistory(b.String())
}

// classFits reports whether class c may be a class of an entry of kind k.
func classFits(k Kind, c Class) bool {
	switch k {
	case KindCity:
		return c == ClassDesignated || c == ClassCore || c == ClassSpecial || c == ClassOther
	case KindTown:
		return c == ClassTown
	case KindVillage:
		return c == ClassVillage
	case KindSpecialWard:
		return c == ClassSpecialWard
	}
	return false
}

// ClassAt returns the entry's class on the day of at: "" for an entry that
// is not a municipality, or not in force that day.
func (e Entry) ClassAt(at time.Time) Class {
	if !e.InForce(at) {
		return ""
	}
	return e.Class.At(at)
}

// ClassOf returns the class of code (read by [Parse]) on the day of at, and
// whether the code was a municipality in force that day.
//
// コードの、その日の区分。
func (t *Table) ClassOf(code string, at time.Time) (Class, bool) {
	e, ok := t.Lookup(code, at)
	if !ok {
		return "", false
	}
	c := e.ClassAt(at)
	return c, c != ""
}

// cityClass is a city that is not an 一般市: its class, and when it became
// so if that was on or after [ClassStart], with the class before.
type cityClass struct {
	code   Code
	name   string
	class  Class
	since  time.Time // zero: before ClassStart
	before Class
}

// cityClasses lists the 中核市 and 施行時特例市 with their changes since
// [ClassStart]: the facts of e-Stat's 廃置分合 history (「…が特例市から中核市
// に移行」, 「…が中核市に移行」, 「…が特例市に移行」), entered by hand. The
// 特例市 became 施行時特例市 when the system was abolished on 2015-04-01; those
// that had not become 中核市 keep the name. The designated cities need no
// list: they are the cities with wards. TestClassesAgreeWithEStat checks the
// list against e-Stat and TestClassesAgreeWithWorkbook against the Digital
// Agency's workbook (column F, as of 2025-03-31); no change is recorded
// after e-Stat's last record (2024-01-01) and none was known on 2025-03-31.
//
// 中核市と施行時特例市 (2018-04-01 以降の移行つき)。e-Stat の廃置分合から
// 手で写したもの。指定都市は区を持つ市なので表は要りません。
var cityClasses = []cityClass{
	{"012025", "函館市", ClassCore, time.Time{}, ""},
	{"012041", "旭川市", ClassCore, time.Time{}, ""},
	{"022012", "青森市", ClassCore, time.Time{}, ""},
	{"022039", "八戸市", ClassCore, time.Time{}, ""},
	{"032018", "盛岡市", ClassCore, time.Time{}, ""},
	{"052019", "秋田市", ClassCore, time.Time{}, ""},
	{"062014", "山形市", ClassCore, Date(2019, time.April, 1), ClassSpecial},
	{"072010", "福島市", ClassCore, Date(2018, time.April, 1), ClassOther},
	{"072036", "郡山市", ClassCore, time.Time{}, ""},
	{"072044", "いわき市", ClassCore, time.Time{}, ""},
	{"082015", "水戸市", ClassCore, Date(2020, time.April, 1), ClassSpecial},
	{"082201", "つくば市", ClassSpecial, time.Time{}, ""},
	{"092011", "宇都宮市", ClassCore, time.Time{}, ""},
	{"102016", "前橋市", ClassCore, time.Time{}, ""},
	{"102024", "高崎市", ClassCore, time.Time{}, ""},
	{"102041", "伊勢崎市", ClassSpecial, time.Time{}, ""},
	{"102059", "太田市", ClassSpecial, time.Time{}, ""},
	{"112011", "川越市", ClassCore, time.Time{}, ""},
	{"112020", "熊谷市", ClassSpecial, time.Time{}, ""},
	{"112038", "川口市", ClassCore, Date(2018, time.April, 1), ClassSpecial},
	{"112089", "所沢市", ClassSpecial, time.Time{}, ""},
	{"112143", "春日部市", ClassSpecial, time.Time{}, ""},
	{"112216", "草加市", ClassSpecial, time.Time{}, ""},
	{"112224", "越谷市", ClassCore, time.Time{}, ""},
	{"122041", "船橋市", ClassCore, time.Time{}, ""},
	{"122173", "柏市", ClassCore, time.Time{}, ""},
	{"132012", "八王子市", ClassCore, time.Time{}, ""},
	{"142018", "横須賀市", ClassCore, time.Time{}, ""},
	{"142034", "平塚市", ClassSpecial, time.Time{}, ""},
	{"142069", "小田原市", ClassSpecial, time.Time{}, ""},
	{"142077", "茅ヶ崎市", ClassSpecial, time.Time{}, ""},
	{"142123", "厚木市", ClassSpecial, time.Time{}, ""},
	{"142131", "大和市", ClassSpecial, time.Time{}, ""},
	{"152021", "長岡市", ClassSpecial, time.Time{}, ""},
	{"152226", "上越市", ClassSpecial, time.Time{}, ""},
	{"162019", "富山市", ClassCore, time.Time{}, ""},
	{"172014", "金沢市", ClassCore, time.Time{}, ""},
	{"182010", "福井市", ClassCore, Date(2019, time.April, 1), ClassSpecial},
	{"192015", "甲府市", ClassCore, Date(2019, time.April, 1), ClassSpecial},
	{"202011", "長野市", ClassCore, time.Time{}, ""},
	{"202029", "松本市", ClassCore, Date(2021, time.April, 1), ClassSpecial},
	{"212016", "岐阜市", ClassCore, time.Time{}, ""},
	{"222038", "沼津市", ClassSpecial, time.Time{}, ""},
	{"222101", "富士市", ClassSpecial, time.Time{}, ""},
	{"232017", "豊橋市", ClassCore, time.Time{}, ""},
	{"232025", "岡崎市", ClassCore, time.Time{}, ""},
	{"232033", "一宮市", ClassCore, Date(2021, time.April, 1), ClassSpecial},
	{"232068", "春日井市", ClassSpecial, time.Time{}, ""},
	{"232114", "豊田市", ClassCore, time.Time{}, ""},
	{"242021", "四日市市", ClassSpecial, time.Time{}, ""},
	{"252018", "大津市", ClassCore, time.Time{}, ""},
	{"272027", "岸和田市", ClassSpecial, time.Time{}, ""},
	{"272035", "豊中市", ClassCore, time.Time{}, ""},
	{"272051", "吹田市", ClassCore, Date(2020, time.April, 1), ClassSpecial},
	{"272078", "高槻市", ClassCore, time.Time{}, ""},
	{"272108", "枚方市", ClassCore, time.Time{}, ""},
	{"272116", "茨木市", ClassSpecial, time.Time{}, ""},
	{"272124", "八尾市", ClassCore, Date(2018, time.April, 1), ClassSpecial},
	{"272159", "寝屋川市", ClassCore, Date(2019, time.April, 1), ClassSpecial},
	{"272272", "東大阪市", ClassCore, time.Time{}, ""},
	{"282014", "姫路市", ClassCore, time.Time{}, ""},
	{"282022", "尼崎市", ClassCore, time.Time{}, ""},
	{"282031", "明石市", ClassCore, Date(2018, time.April, 1), ClassSpecial},
	{"282049", "西宮市", ClassCore, time.Time{}, ""},
	{"282103", "加古川市", ClassSpecial, time.Time{}, ""},
	{"282146", "宝塚市", ClassSpecial, time.Time{}, ""},
	{"292010", "奈良市", ClassCore, time.Time{}, ""},
	{"302015", "和歌山市", ClassCore, time.Time{}, ""},
	{"312011", "鳥取市", ClassCore, Date(2018, time.April, 1), ClassSpecial},
	{"322016", "松江市", ClassCore, Date(2018, time.April, 1), ClassSpecial},
	{"332020", "倉敷市", ClassCore, time.Time{}, ""},
	{"342025", "呉市", ClassCore, time.Time{}, ""},
	{"342076", "福山市", ClassCore, time.Time{}, ""},
	{"352012", "下関市", ClassCore, time.Time{}, ""},
	{"372013", "高松市", ClassCore, time.Time{}, ""},
	{"382019", "松山市", ClassCore, time.Time{}, ""},
	{"392014", "高知市", ClassCore, time.Time{}, ""},
	{"402036", "久留米市", ClassCore, time.Time{}, ""},
	{"412015", "佐賀市", ClassSpecial, time.Time{}, ""},
	{"422011", "長崎市", ClassCore, time.Time{}, ""},
	{"422029", "佐世保市", ClassCore, time.Time{}, ""},
	{"442011", "大分市", ClassCore, time.Time{}, ""},
	{"452017", "宮崎市", ClassCore, time.Time{}, ""},
	{"462012", "鹿児島市", ClassCore, time.Time{}, ""},
	{"472018", "那覇市", ClassCore, time.Time{}, ""},
}

// ApplyClasses returns the entries with their class column filled: 町, 村
// and 特別区 from their kind; for a city, 指定都市 when it has wards (in the
// entries), else its class in the list above (with its change since
// [ClassStart]), else 一般市. It fails with [ErrSource] when a city of the
// list is not a city of the entries in force today.
//
// 各行の区分を埋めます。町・村・特別区は種類から、指定都市は区を持つ市、
// 中核市・施行時特例市は上の表から、ほかの市は一般市。
func ApplyClasses(entries []Entry) ([]Entry, error) {
	out := make([]Entry, len(entries))
	copy(out, entries)
	designated := map[Code]bool{}
	for _, e := range out {
		if e.Kind == KindWard && e.Parent != "" {
			designated[e.Parent] = true
		}
	}
	listed := map[Code]cityClass{}
	for _, c := range cityClasses {
		if mustCode(string(c.code)) != c.code || !c.class.Valid() {
			panic("lgcode: bad entry in cityClasses")
		}
		listed[c.code] = c
	}
	found := map[Code]bool{}
	for i := range out {
		e := &out[i]
		var ps []ClassPeriod
		switch e.Kind {
		case KindTown:
			ps = []ClassPeriod{{Class: ClassTown}}
		case KindVillage:
			ps = []ClassPeriod{{Class: ClassVillage}}
		case KindSpecialWard:
			ps = []ClassPeriod{{Class: ClassSpecialWard}}
		case KindCity:
			c, ok := listed[e.Code]
			switch {
			case designated[e.Code]:
				ps = []ClassPeriod{{Class: ClassDesignated}}
			case !ok:
				ps = []ClassPeriod{{Class: ClassOther}}
			case c.name != e.Name:
				return nil, fmt.Errorf("%w: %s は %s ではなく %s です / is %s, not %s", ErrSource, e.Code, c.name, e.Name, e.Name, c.name)
			case c.since.IsZero():
				ps = []ClassPeriod{{Class: c.class}}
				found[e.Code] = e.ValidTo.IsZero()
			default:
				ps = []ClassPeriod{{Class: c.before}, {Class: c.class, From: c.since}}
				found[e.Code] = e.ValidTo.IsZero()
			}
		}
		e.Class = MakeClassHistory(ps)
	}
	for _, c := range cityClasses {
		if !found[c.code] {
			return nil, fmt.Errorf("%w: %s %s は現在の市にありません / is not a city in force", ErrSource, c.code, c.name)
		}
	}
	return out, nil
}
