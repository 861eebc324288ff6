package lgcode

import (
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/ichiran-jp/ichiran/tools/jatext"
)

// variants maps the characters that the ministries' files write in more
// than one way to one of them, for matching names only. The table keeps the
// Ministry's spelling.
//
// 照合のためだけにそろえる異体字 (表は総務省の表記のまま)。
var variants = strings.NewReplacer(
	"ヶ", "ケ", "ヵ", "カ", "ケ", "ケ", // 鎌ヶ谷市 / 鎌ケ谷市
	"﨑", "崎", "嵜", "崎", // 川﨑町 / 川崎町
	"龍", "竜", // 龍ケ崎市 / 竜ケ崎市
	"髙", "高", "塚", "塚", "德", "徳",
	"檮", "梼", "邊", "辺", "邉", "辺", "澤", "沢", "濵", "浜", "濱", "浜",
)

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
// Names are compared after [jatext.Fold], without spaces, and with the
// variants ヶ/ケ, 﨑/崎, 龍/竜 (and a few more) made one. The name may carry
// its prefecture (東京都千代田区), its county (那須郡那珂川町; a county that
// the table does not record is accepted as written), its designated city
// (札幌市中央区), or several of these (福岡県筑紫郡那珂川町). pref, when not
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
