package site

import (
	"encoding/json"
	"regexp"
	"slices"
	"strings"

	"github.com/ichiran-jp/ichiran/tools/jatext"
	"github.com/ichiran-jp/ichiran/tools/lgcode"
)

// searchIndex is search.json: the variants of names that the search reads
// as one (lgcode's table, applied by search.js to what is typed) and every
// municipality.
//
// 検索の索引: 異体字の表 (lgcode と同じもの、入力に search.js が適用) と全市区町村。
type searchIndex struct {
	Variants map[string]string `json:"v"`
	Entries  []entry           `json:"e"`
}

// entry is one municipality in search.json: what a result shows (name,
// prefecture, reading, romaji, code, page) and the keys it is found by,
// already in the form search.js brings a query to.
type entry struct {
	Code   string `json:"c"`
	Name   string `json:"n"`
	Pref   string `json:"p"`
	Kana   string `json:"k"`
	Romaji string `json:"r"`
	URL    string `json:"u"`
	// Names are the searchKana forms of the name and the reading, alone and
	// after the prefecture (東京都千代田区, 東京千代田区, トウキョウトチヨダク)
	// and, for 三宅村 and 八丈町, after their island.
	Names []string `json:"s"`
	// Roman are the searchRomaji forms of the romaji, alone and after the
	// prefecture's, with and without its to/fu/ken (tokyotochiyodaku,
	// tokyochiyodaku).
	Roman []string `json:"rs"`
}

// searchIndex writes search.json: every municipality with its names,
// readings and code, by code.
func (w *writer) searchIndex(r *renderer) error {
	idx := searchIndex{Variants: map[string]string{}, Entries: make([]entry, 0, len(w.m.munis))}
	for _, v := range lgcode.Variants() {
		idx.Variants[v[0]] = v[1]
	}
	for _, e := range w.m.munis {
		idx.Entries = append(idx.Entries, searchEntry(e, w.m.prefOf[e.PrefCode]))
	}
	b, err := json.Marshal(idx)
	if err != nil {
		return err
	}
	r.add("search.json", append(b, '\n'))
	return nil
}

// searchEntry makes the entry of municipality e of prefecture p.
func searchEntry(e, p lgcode.Entry) entry {
	stem, stemReading := prefectureStem(p)
	var names []string
	for _, pre := range []string{"", p.Name, stem} {
		names = append(names, searchKana(pre+e.Name))
		if is := lgcode.Island(e.Code); is != "" {
			names = append(names, searchKana(pre+is+e.Name))
		}
	}
	for _, pre := range []string{"", p.Reading, stemReading} {
		names = append(names, searchKana(pre+e.Reading))
	}
	var roman []string
	for _, pre := range []string{"", p.Reading, stemReading} {
		roman = append(roman, searchRomaji(Romaji(pre)+Romaji(e.Reading)))
	}
	return entry{Code: string(e.Code), Name: e.Name, Pref: e.Prefecture, Kana: e.Reading, Romaji: hepburn(e.Reading, true),
		URL: "m/" + string(e.Code) + ".html", Names: uniq(names), Roman: uniq(roman)}
}

// prefectureStem is the prefecture's name and reading without 都, 府 or 県
// (東京, トウキョウ), as people write it before a municipality; 北海道 keeps
// its 道 (it has no stem).
func prefectureStem(p lgcode.Entry) (name, reading string) {
	for _, s := range [][2]string{{"都", "ト"}, {"府", "フ"}, {"県", "ケン"}} {
		n, ok1 := strings.CutSuffix(p.Name, s[0])
		r, ok2 := strings.CutSuffix(p.Reading, s[1])
		if ok1 && ok2 && n != "" && r != "" {
			return n, r
		}
	}
	return "", ""
}

// uniq drops the empty strings and the repeats, keeping the first.
func uniq(ss []string) []string {
	var out []string
	for _, s := range ss {
		if s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// searchKana brings a name or a reading to the form the search compares:
// widths folded and NFC ([lgcode.NameKey], as JavaScript's NFKC does for
// names), lower case, no spaces or middle dots, hiragana as katakana, and
// lgcode's variants made one (檮 → 梼, ヶ → ケ). search.js's kana() does the
// same to what is typed.
//
// 検索で比べる形: 幅・NFC・異体字をそろえ、小文字、空白と中黒を除き、カタカナに。
func searchKana(s string) string {
	s = strings.ToLower(jatext.Katakana(lgcode.NameKey(s)))
	return lgcode.NameKey(middleDots.Replace(s))
}

var middleDots = strings.NewReplacer("・", "", "･", "")

// latin are the letters with diacritics that romaji is typed with (ō, â,
// é …), read as the plain letter.
var latin = strings.NewReplacer(
	"ā", "a", "â", "a", "á", "a", "à", "a", "ä", "a",
	"ē", "e", "ê", "e", "é", "e", "è", "e", "ë", "e",
	"ī", "i", "î", "i", "í", "i", "ì", "i", "ï", "i",
	"ō", "o", "ô", "o", "ó", "o", "ò", "o", "ö", "o",
	"ū", "u", "û", "u", "ú", "u", "ù", "u", "ü", "u",
)

// romajiRules bring Kunrei and Nihon-shiki to Hepburn and drop long vowels,
// in this order, as search.js's romaji() does. A rule is tried only on a
// string that holds its letters lit: most hold none.
var romajiRules = []struct {
	lit  string
	re   *regexp.Regexp
	repl string
}{
	{"sy", regexp.MustCompile(`sy([aueo])`), "sh$1"}, {"si", regexp.MustCompile(`si`), "shi"},
	{"ty", regexp.MustCompile(`ty([aueo])`), "ch$1"}, {"ti", regexp.MustCompile(`ti`), "chi"}, {"tu", regexp.MustCompile(`tu`), "tsu"},
	{"zy", regexp.MustCompile(`zy([aueo])`), "j$1"}, {"jy", regexp.MustCompile(`jy([aueo])`), "j$1"},
	{"zi", regexp.MustCompile(`zi`), "ji"}, {"di", regexp.MustCompile(`di`), "ji"}, {"du", regexp.MustCompile(`du`), "zu"},
	{"hu", regexp.MustCompile(`(^|[^sc])hu`), "${1}fu"},
	{"m", regexp.MustCompile(`m([bmp])`), "n$1"}, {"nn", regexp.MustCompile(`nn`), "n"},
	{"ou", regexp.MustCompile(`ou`), "o"}, {"oo", regexp.MustCompile(`oo`), "o"}, {"uu", regexp.MustCompile(`uu`), "u"},
	{"aa", regexp.MustCompile(`aa`), "a"}, {"ii", regexp.MustCompile(`ii`), "i"}, {"ee", regexp.MustCompile(`ee`), "e"},
}

// searchRomaji brings romaji to the form the search compares: lower case,
// letters only (macrons and other marks dropped: ōita → oita), Kunrei to
// Hepburn (tyou → chou), long vowels as one (tōkyō, toukyou, tokyo →
// tokyo). search.js's romaji() does the same.
//
// ローマ字を検索で比べる形に: 小文字、記号なし (ō → o)、訓令式 → ヘボン式、長音なし。
func searchRomaji(s string) string {
	s = latin.Replace(strings.ToLower(jatext.Fold(s)))
	s = strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' {
			return r
		}
		return -1
	}, s)
	for _, r := range romajiRules {
		if strings.Contains(s, r.lit) {
			s = r.re.ReplaceAllString(s, r.repl)
		}
	}
	return s
}
