package site

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// kindSuffixes are the readings of the ends of local-government names and
// how they are written in Hepburn after a hyphen: 東京都 Tōkyō-to,
// 函館市 Hakodate-shi, 千代田区 Chiyoda-ku, 森町 Mori-machi, 上小阿仁村
// Kamikoani-mura. Longest first.
var kindSuffixes = []struct{ kana, roman string }{
	{"チョウ", "chō"}, {"マチ", "machi"}, {"ムラ", "mura"}, {"ソン", "son"}, {"ケン", "ken"},
	{"シ", "shi"}, {"ク", "ku"}, {"ト", "to"}, {"フ", "fu"},
}

// hepburn writes a reading the way people read Japanese names in Latin
// letters (modified Hepburn with macrons): long vowels marked (ō, ū),
// the kind of government after a hyphen — Tōkyō-to, Ōsaka-fu,
// Hakodate-shi, Hokkaidō. The search index keeps the plain forms too.
func hepburn(reading string, kind bool) string {
	stem, suffix := reading, ""
	if kind && reading != "ホッカイドウ" {
		for _, s := range kindSuffixes {
			if rest, ok := strings.CutSuffix(reading, s.kana); ok && rest != "" {
				stem, suffix = rest, s.roman
				break
			}
		}
	}
	r := macrons(Romaji(stem))
	if r == "" {
		return ""
	}
	first, size := utf8.DecodeRuneInString(r)
	r = string(unicode.ToUpper(first)) + r[size:]
	if suffix != "" {
		r += "-" + suffix
	}
	return r
}

// macrons marks the long vowels of a romanised reading: ou, oo → ō; uu →
// ū.
func macrons(s string) string { return longVowels.Replace(s) }

var longVowels = strings.NewReplacer("ou", "ō", "oo", "ō", "uu", "ū")
