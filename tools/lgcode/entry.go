package lgcode

import (
	"fmt"
	"time"
)

// Kind is the kind of an entry of the code list, as written in the table's
// kind column. / 団体の種類 (表の kind 列の値)。
type Kind string

// The kinds. Only the municipalities (city, town, village, special-ward)
// are in the scope of the list.
const (
	KindPrefecture      Kind = "prefecture"       // 都道府県
	KindCity            Kind = "city"             // 市
	KindTown            Kind = "town"             // 町
	KindVillage         Kind = "village"          // 村
	KindSpecialWard     Kind = "special-ward"     // 特別区 (東京都の区)
	KindWard            Kind = "ward"             // 指定都市の区 (地方公共団体ではない)
	KindNorthernVillage Kind = "northern-village" // 北方領土の村 (コードはあるが対象外)
)

// Kinds lists the kinds in the order of the table schema.
var Kinds = []Kind{KindPrefecture, KindCity, KindTown, KindVillage, KindSpecialWard, KindWard, KindNorthernVillage}

var kindLabels = map[Kind]string{
	KindPrefecture:      "都道府県",
	KindCity:            "市",
	KindTown:            "町",
	KindVillage:         "村",
	KindSpecialWard:     "特別区",
	KindWard:            "指定都市の区",
	KindNorthernVillage: "北方領土の村",
}

// Label returns the Japanese name of the kind (市, 特別区 …), or "" for an
// unknown kind.
func (k Kind) Label() string { return kindLabels[k] }

// Valid reports whether k is one of [Kinds].
func (k Kind) Valid() bool { _, ok := kindLabels[k]; return ok }

// Entry is one row of the local-government table: one code (with one name)
// over the period it was in force. Zero ValidFrom means in force since
// before 2018-10-01, where the table's history starts; zero ValidTo means
// still in force. Dates are UTC midnights.
//
// 参照表の 1 行。ValidFrom が空 (ゼロ値) なら 2018-10-01 より前から、ValidTo
// が空なら現在も有効。
type Entry struct {
	Code       Code      // 全国地方公共団体コード
	PrefCode   string    // 都道府県コード (2 桁)
	Prefecture string    // 都道府県名
	Name       string    // 名称 (指定都市の区は区名のみ、町村は郡名を含まない)
	County     string    // 郡名 (記録のあるもの) / county, where recorded
	Reading    string    // 読み (全角カタカナ) / reading, full-width katakana
	Kind       Kind      // 種類
	Parent     Code      // 区の属する指定都市 / a ward's designated city
	ValidFrom  time.Time // 適用開始日 / first day in force
	ValidTo    time.Time // 適用終了日 (最終日) / last day in force
	Successor  Code      // 後継のコード / the code that carries on after ValidTo
	// Class is the municipality's class over the row's period (指定都市,
	// 中核市 …; see [ClassHistory]): empty for the rows that are not
	// municipalities, and in a table written before the column existed.
	// 区分の履歴 (市区町村でない行は空)。
	Class ClassHistory

	// ParentName is the name of the designated city of a ward. It is not a
	// column: [Table] fills it when loading. 区の属する市の名称 (列ではない)。
	ParentName string
}

// InScope reports whether the entry is a municipality (市区町村: city, town,
// village or special ward), the units the list is about. Prefectures,
// designated-city wards and the Northern-Territory villages are not.
func (e Entry) InScope() bool {
	switch e.Kind {
	case KindCity, KindTown, KindVillage, KindSpecialWard:
		return true
	}
	return false
}

// InForce reports whether the entry was in force on the calendar day of at
// (taken in at's own location).
func (e Entry) InForce(at time.Time) bool { return e.inForceOn(day(at)) }

// inForceOn is InForce of a day (UTC midnight).
func (e *Entry) inForceOn(d time.Time) bool {
	if !e.ValidFrom.IsZero() && d.Before(e.ValidFrom) {
		return false
	}
	if !e.ValidTo.IsZero() && d.After(e.ValidTo) {
		return false
	}
	return true
}

// String names the entry for people: "北海道 札幌市 (011002)",
// "北海道 札幌市中央区 (011011)" for a ward, "北海道 (010006)".
func (e Entry) String() string {
	switch {
	case e.Kind == KindPrefecture:
		return fmt.Sprintf("%s (%s)", e.Name, e.Code)
	case e.Kind == KindWard:
		return fmt.Sprintf("%s %s%s (%s)", e.Prefecture, e.ParentName, e.Name, e.Code)
	}
	return fmt.Sprintf("%s %s (%s)", e.Prefecture, e.Name, e.Code)
}

// day returns the calendar day of t as a UTC midnight.
func day(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// Date returns the UTC midnight of a calendar day; a convenience for
// callers and tests. / 日付 (UTC の 0 時)。
func Date(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
