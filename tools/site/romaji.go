package site

import (
	"strings"

	"github.com/ichiran-jp/ichiran/tools/jatext"
)

// kanaRomaji maps katakana (one or two characters) to Hepburn romaji.
var kanaRomaji = map[string]string{
	"ア": "a", "イ": "i", "ウ": "u", "エ": "e", "オ": "o",
	"カ": "ka", "キ": "ki", "ク": "ku", "ケ": "ke", "コ": "ko",
	"サ": "sa", "シ": "shi", "ス": "su", "セ": "se", "ソ": "so",
	"タ": "ta", "チ": "chi", "ツ": "tsu", "テ": "te", "ト": "to",
	"ナ": "na", "ニ": "ni", "ヌ": "nu", "ネ": "ne", "ノ": "no",
	"ハ": "ha", "ヒ": "hi", "フ": "fu", "ヘ": "he", "ホ": "ho",
	"マ": "ma", "ミ": "mi", "ム": "mu", "メ": "me", "モ": "mo",
	"ヤ": "ya", "ユ": "yu", "ヨ": "yo",
	"ラ": "ra", "リ": "ri", "ル": "ru", "レ": "re", "ロ": "ro",
	"ワ": "wa", "ヰ": "i", "ヱ": "e", "ヲ": "o", "ン": "n",
	"ガ": "ga", "ギ": "gi", "グ": "gu", "ゲ": "ge", "ゴ": "go",
	"ザ": "za", "ジ": "ji", "ズ": "zu", "ゼ": "ze", "ゾ": "zo",
	"ダ": "da", "ヂ": "ji", "ヅ": "zu", "デ": "de", "ド": "do",
	"バ": "ba", "ビ": "bi", "ブ": "bu", "ベ": "be", "ボ": "bo",
	"パ": "pa", "ピ": "pi", "プ": "pu", "ペ": "pe", "ポ": "po",
	"ヴ": "vu",
	"ァ": "a", "ィ": "i", "ゥ": "u", "ェ": "e", "ォ": "o",
	"ャ": "ya", "ュ": "yu", "ョ": "yo", "ヮ": "wa",
	"キャ": "kya", "キュ": "kyu", "キョ": "kyo",
	"シャ": "sha", "シュ": "shu", "ショ": "sho", "シェ": "she",
	"チャ": "cha", "チュ": "chu", "チョ": "cho", "チェ": "che",
	"ニャ": "nya", "ニュ": "nyu", "ニョ": "nyo",
	"ヒャ": "hya", "ヒュ": "hyu", "ヒョ": "hyo",
	"ミャ": "mya", "ミュ": "myu", "ミョ": "myo",
	"リャ": "rya", "リュ": "ryu", "リョ": "ryo",
	"ギャ": "gya", "ギュ": "gyu", "ギョ": "gyo",
	"ジャ": "ja", "ジュ": "ju", "ジョ": "jo", "ジェ": "je",
	"ヂャ": "ja", "ヂュ": "ju", "ヂョ": "jo",
	"ビャ": "bya", "ビュ": "byu", "ビョ": "byo",
	"ピャ": "pya", "ピュ": "pyu", "ピョ": "pyo",
	"ファ": "fa", "フィ": "fi", "フェ": "fe", "フォ": "fo",
	"ティ": "ti", "ディ": "di", "ウィ": "wi", "ウェ": "we", "ウォ": "wo",
}

// Romaji writes a reading in katakana (or hiragana) in modified Hepburn,
// without macrons: サッポロシ → sapporoshi, ダテシ → dateshi, シンジュクク →
// shinjukuku, ホッカイドウ → hokkaidou. ン before a vowel or y is n', ッ doubles
// the next consonant (ッチ → tchi), ー repeats the vowel before it.
// Characters that are not kana are kept.
func Romaji(reading string) string {
	rs := []rune(jatext.Katakana(reading))
	var b strings.Builder
	double := false
	for i := 0; i < len(rs); i++ {
		var syl string
		if i+1 < len(rs) {
			if s, ok := kanaRomaji[string(rs[i:i+2])]; ok {
				syl = s
				i++
			}
		}
		if syl == "" {
			switch r := rs[i]; r {
			case 'ッ':
				double = true
				continue
			case 'ー':
				if s := b.String(); s != "" {
					b.WriteByte(s[len(s)-1])
				}
				continue
			case 'ン':
				syl = "n"
				if i+1 < len(rs) {
					if next := kanaRomaji[string(rs[i+1])]; next != "" && strings.ContainsRune("aiueoy", rune(next[0])) {
						syl = "n'"
					}
				}
			default:
				var ok bool
				if syl, ok = kanaRomaji[string(r)]; !ok {
					syl = string(r)
				}
			}
		}
		if double {
			switch {
			case strings.HasPrefix(syl, "ch"):
				b.WriteByte('t')
			case syl != "" && !strings.ContainsRune("aiueon", rune(syl[0])):
				b.WriteByte(syl[0])
			}
			double = false
		}
		b.WriteString(syl)
	}
	return b.String()
}

// Title capitalises the first letter: dateshi → Dateshi.
func title(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
