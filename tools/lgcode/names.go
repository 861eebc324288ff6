package lgcode

import (
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/ichiran-jp/ichiran/tools/jatext"
)

// variantPairs maps the characters that the ministries' files (and people)
// write in more than one way to one of them, for matching names only. The
// table keeps the Ministry's spelling. Compatibility ideographs that Unicode
// maps to a unified one (塚 U+FA10 in 貝塚市, 﨔 …) need no pair: [jatext.Fold]
// applies NFC, which unifies them; 﨑 U+FA11 has no such mapping and is
// listed. Only characters that tell no two local governments apart are here
// (嶋/島 is not: 鹿嶋市 and 鹿島市 are two cities).
//
// 照合のためだけにそろえる異体字 (表は総務省の表記のまま)。NFC で統合漢字に
// なる互換漢字 (塚 U+FA10) は Fold がそろえます。団体を区別する字 (嶋/島) は
// 入れません。
var variantPairs = []string{
	"ヶ", "ケ", "ヵ", "カ", "ゖ", "ケ", "ゕ", "カ", // 六ヶ所村 / 六ケ所村, 鎌ヶ谷市 / 鎌ケ谷市
	"\uFA11", "崎", "嵜", "崎", "碕", "崎", // 川﨑町 / 川崎町
	"龍", "竜", // 龍ケ崎市 / 竜ケ崎市
	"檮", "梼", // 檮原町 (e-Stat, card files) / 梼原町 (Ministry)
	"髙", "高", "德", "徳", "邊", "辺", "邉", "辺", "澤", "沢", "濵", "浜", "濱", "浜",
	"條", "条", "檜", "桧", "舘", "館", "淵", "渕", "驒", "騨", "禰", "祢", "鰺", "鯵", "蕊", "蘂",
	"曾", "曽", "冨", "富", "國", "国", "廣", "広", "櫻", "桜", "萬", "万", "峯", "峰", "莊", "荘", "栁", "柳",
}

var variants = strings.NewReplacer(variantPairs...)

// Variants returns the pairs of characters that names are matched across
// (ヶ/ケ, 﨑/崎, 龍/竜, 檮/梼 …): each first character is read as the second.
// The site's search applies the same table to what is typed.
//
// 名前の照合でそろえる異体字の組 (前 → 後)。サイトの検索も同じ表を使います。
func Variants() [][2]string {
	out := make([][2]string, 0, len(variantPairs)/2)
	for i := 0; i < len(variantPairs); i += 2 {
		out = append(out, [2]string{variantPairs[i], variantPairs[i+1]})
	}
	return out
}

// NameKey is the form in which [Table.ByName] compares names: [jatext.Fold]
// (widths, NFC), the variants of [Variants], and no white space at all.
// 名前を比べる形 (幅・NFC・異体字をそろえ、空白を除く)。
func NameKey(s string) string { return nameKey(s) }

// nameKey is the form in which names are compared: [jatext.Fold], the
// variants above, and no white space at all.
func nameKey(s string) string {
	s = variants.Replace(jatext.Fold(s))
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// islands are the islands that some files write before the name of a town
// or village of 東京都 in the place of a county (三宅島三宅村, 八丈島八丈町,
// as in Code for Japan's card files): the other island municipalities are
// named after their island already (大島町, 新島村 …).
//
// 郡の代わりに島名をつけて書かれる町村 (三宅島三宅村、八丈島八丈町)。
var islands = map[Code]string{
	"133817": "三宅島", // 三宅村 (三宅支庁)
	"134015": "八丈島", // 八丈町 (八丈支庁)
}

// Island returns the island that may be written before the entry's name in
// the place of a county (三宅島 for 三宅村 133817), or "".
func Island(code Code) string { return islands[code] }

// AmbiguousError is returned by [Table.ByName] when a name denotes more than
// one entry: 伊達市 (北海道, 福島県), 府中市 (東京都, 広島県), 北区 (a special
// ward and several wards) … A prefecture, or a county, tells them apart.
type AmbiguousError struct {
	Name       string  // the name as given / 与えられた名前
	Pref       string  // the prefecture as given, if any / 都道府県 (指定された場合)
	Candidates []Entry // the entries it may denote, by code / 候補
}

func (e *AmbiguousError) Error() string {
	names := make([]string, len(e.Candidates))
	for i, c := range e.Candidates {
		names[i] = c.String()
	}
	list := strings.Join(names, ", ")
	where := ""
	if e.Pref != "" {
		where = fmt.Sprintf(" (%s)", e.Pref)
	}
	return fmt.Sprintf("「%s」%s に当たる団体が %d つあります (都道府県を指定してください): %s / name %q%s is ambiguous, give the prefecture: %s",
		e.Name, where, len(e.Candidates), list, e.Name, where, list)
}

// UnknownError is returned by [Table.ByName] when no entry in force at the
// date has the name (or the prefecture given is unknown).
type UnknownError struct {
	Name string    // the name as given / 与えられた名前
	Pref string    // the prefecture as given, if any / 都道府県 (指定された場合)
	At   time.Time // the date / 日付
}

func (e *UnknownError) Error() string {
	where := ""
	if e.Pref != "" {
		where = fmt.Sprintf(" (%s)", e.Pref)
	}
	d := e.At.Format(dateLayout)
	return fmt.Sprintf("「%s」%s という団体は %s 時点でありません / no local government named %q%s on %s",
		e.Name, where, d, e.Name, where, d)
}

// ByName finds the entries in force on the day of at that name denotes.
//
// Names are compared by [NameKey]: after [jatext.Fold] (which also unifies
// compatibility ideographs such as 塚 U+FA10), without spaces, and with the
// variants of [Variants] (ヶ/ケ, 﨑/崎, 龍/竜, 檮/梼 …) made one. The name may carry
// its prefecture (東京都千代田区), its county (那須郡那珂川町; a county that
// the table does not record is accepted as written), its designated city
// (札幌市中央区), its island in the place of a county (三宅島三宅村, see
// [Island]), or several of these (福岡県筑紫郡那珂川町). pref, when not
// empty, restricts the search to one prefecture, given by name (東京都, or
// 東京 without 都府県) or code (13, 130001).
//
// One match gives a slice of one entry. None gives an *[UnknownError]. More
// than one gives them all, sorted by code, with an *[AmbiguousError]:
// 伊達市, 府中市, 泊村 and 北区 need a prefecture. Once the prefecture is
// known (from pref or from the name), the villages of the Northern
// Territories give way to any other match: 北海道 泊村 is 古宇郡泊村 014036,
// while 国後郡泊村 is 016969.
//
// 名前から団体を探します。表記ゆれ (全角・半角、ヶ/ケ、﨑/崎、龍/竜) を吸収し、
// 都道府県名・郡名・指定都市名を前につけた名前も受け付けます。候補が複数あれば
// AmbiguousError (候補つき)、なければ UnknownError を返します。北方領土の村は、
// 都道府県がわかっているときは、ほかに当たる団体がないときだけ当たります。
func (t *Table) ByName(name string, at time.Time, pref string) ([]Entry, error) {
	q := nameKey(name)
	var prefCode Code
	if pref != "" {
		c, ok := t.prefs[nameKey(pref)]
		if !ok {
			return nil, &UnknownError{Name: name, Pref: pref, At: day(at)}
		}
		prefCode = c
	}
	var found []Entry
	best := 0 // the best score of denotes so far
	seen := map[Code]bool{}
	// Candidates are the entries whose own name ends q: try every suffix.
	for i := 0; i < len(q); {
		for _, j := range t.byName[q[i:]] {
			e := t.entries[j]
			if seen[e.Code] || !e.InForce(at) {
				continue
			}
			if prefCode != "" && e.PrefCode != prefCode.Pref() {
				continue
			}
			score := t.denotes(q, e)
			switch {
			case score == 0:
				continue
			case score > best:
				best, found = score, found[:0]
			case score < best:
				continue
			}
			seen[e.Code] = true
			found = append(found, e)
		}
		_, size := utf8.DecodeRuneInString(q[i:])
		i += size
	}
	if len(found) > 1 && (prefCode != "" || t.hasPrefecture(q)) {
		others := found[:0:0]
		for _, e := range found {
			if e.Kind != KindNorthernVillage {
				others = append(others, e)
			}
		}
		if len(others) > 0 {
			found = others
		}
	}
	SortEntries(found)
	switch len(found) {
	case 0:
		return nil, &UnknownError{Name: name, Pref: pref, At: day(at)}
	case 1:
		return found, nil
	}
	return found, &AmbiguousError{Name: name, Pref: pref, Candidates: found}
}

// hasPrefecture reports whether the name key q starts with the full name of
// a prefecture (東京都…, not 東京…).
func (t *Table) hasPrefecture(q string) bool {
	for _, k := range t.prefKeys {
		if len(q) > len(k) && strings.HasPrefix(q, k) {
			return true
		}
	}
	return false
}

// denotes tells how well the name key q denotes e: 0 not at all; 1 when q
// gives a county that the table does not record for e (so that any county
// is taken); 2 when q is e's name, with in front optionally its designated
// city or recorded county, and before that optionally its prefecture.
func (t *Table) denotes(q string, e Entry) int {
	n := nameKey(e.Name)
	rest, ok := strings.CutSuffix(q, n)
	switch {
	case !ok:
		return 0
	case rest == "":
		return 2
	case e.Kind == KindPrefecture:
		return 0
	}
	if p := nameKey(e.Prefecture); strings.HasPrefix(rest, p) {
		if rest == p {
			return 2
		}
		if s := t.middle(rest[len(p):], e); s > 0 {
			return s
		}
	}
	if t.hasPrefecture(rest) {
		return 0 // another prefecture's
	}
	return t.middle(rest, e)
}

// middle tells how well m, what stands between the prefecture and the name,
// is e's designated city or county, scored as by denotes.
func (t *Table) middle(m string, e Entry) int {
	switch e.Kind {
	case KindWard:
		if e.ParentName != "" && m == nameKey(e.ParentName) {
			return 2
		}
	case KindTown, KindVillage, KindNorthernVillage:
		if is := islands[e.Code]; is != "" && m == nameKey(is) {
			return 2
		}
		if e.County != "" {
			if m == nameKey(e.County) {
				return 2
			}
			return 0
		}
		// No county recorded: take one county name as written.
		if c, ok := strings.CutSuffix(m, "郡"); ok && c != "" && !strings.Contains(c, "郡") {
			return 1
		}
	}
	return 0
}
