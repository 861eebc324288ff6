// Package jatext handles Japanese text: widths, kana, and (later) encodings.
//
// 日本語の文字列を扱います: 全角・半角、ひらがな・カタカナ、(今後) 文字コード。
//
// [Fold] brings the many ways a name is typed in the ministries' files to one
// form, so that names can be compared: half-width katakana become full-width
// (ｶﾞ → ガ, with the sound marks combined), full-width ASCII letters, digits
// and signs become half-width (１２３ → 123), the ideographic space U+3000
// becomes a space, and leading and trailing spaces go. [Katakana] turns
// hiragana into katakana, for readings.
//
// It is the only package of the repository that imports golang.org/x/text.
// Decoding Shift_JIS (CP932) files will come here too.
//
// [Fold] は、
// 府省のファイルでさまざまに書かれた名前を比較できるように一つの形にそろえます: 半角カナは全角に (ｶﾞ → ガ、濁点・半濁点は結合)、
// 全角の英数字・記号は半角に (１２３ → 123)、全角スペースは半角スペースにし、
// 前後の空白を除きます。[Katakana] はひらがなをカタカナにします (読み仮名のため)。
// golang.org/x/text を読み込むのはこのパッケージだけです。
package jatext

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
	"golang.org/x/text/width"
)

// Fold returns s folded for matching names: half-width katakana to
// full-width with dakuten and handakuten combined (ｶﾞ → ガ, ﾊﾟ → パ),
// full-width ASCII to half-width (Ａ１ → A1), U+3000 to a space, the result
// in Unicode NFC and trimmed of white space.
//
// It is narrower than NFKC on purpose: it leaves alone what NFKC would break
// up or rewrite, such as ㈱, ①, ㍻ or the spacing sound mark ゛, which NFKC
// turns into a space and a combining mark. A sound mark that follows no kana
// it can combine with is kept as the spacing mark (ﾞ → ゛). Kanji variants
// (﨑, 龍, ヶ) are not folded: that is a matter of names, not of widths.
//
// 名前の照合のための正規化。半角カナ → 全角 (濁点・半濁点は結合)、全角英数字 →
// 半角、全角スペース → 半角スペース、NFC、前後の空白を除去。NFKC より狭く、
// ㈱ ① ㍻ ゛ などは変えません。異体字 (﨑・龍・ヶ) はそろえません。
func Fold(s string) string {
	if plainASCII(s) {
		return s // what the folds leave as it is, without allocating
	}
	s = width.Fold.String(s)
	s = norm.NFC.String(s)
	if strings.ContainsAny(s, "\u3099\u309A") {
		// A combining sound mark left over had no kana to combine with:
		// make it the spacing mark, as typed.
		s = strings.NewReplacer("\u3099", "\u309B", "\u309A", "\u309C").Replace(s)
	}
	return strings.TrimFunc(s, unicode.IsSpace)
}

// plainASCII reports whether s is printable ASCII that neither begins nor
// ends with a space: Fold leaves it as it is.
func plainASCII(s string) bool {
	if s == "" || s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] >= 0x7f {
			return false
		}
	}
	return true
}

// Katakana returns s with its hiragana turned into katakana (さっぽろし →
// サッポロシ, ゝゞ → ヽヾ). Everything else is kept, including the long
// vowel mark ー. ひらがなをカタカナにします。それ以外の文字はそのままです。
func Katakana(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'ぁ' && r <= 'ゖ', r == 'ゝ', r == 'ゞ':
			return r + ('ァ' - 'ぁ')
		}
		return r
	}, s)
}
