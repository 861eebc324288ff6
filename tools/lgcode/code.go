package lgcode

import (
	"errors"
	"fmt"
	"strings"

	"github.com/ichiran-jp/ichiran/tools/jatext"
)

// Code is a 全国地方公共団体コード: six ASCII digits, the 2-digit prefecture
// code (JIS X 0401), the 3-digit municipality code (JIS X 0402) and the
// check digit. Values made by [Parse] are always well formed.
//
// 全国地方公共団体コード (6 桁、検査数字つき)。
type Code string

// String returns the six digits. / 6 桁の文字列。
func (c Code) String() string { return string(c) }

// Pref returns the 2-digit prefecture code (都道府県コード).
func (c Code) Pref() string {
	if len(c) < 2 {
		return ""
	}
	return string(c[:2])
}

// Standard returns the 5-digit 標準地域コード, the code without its check
// digit.
func (c Code) Standard() string {
	if len(c) < 5 {
		return ""
	}
	return string(c[:5])
}

// IsPrefecture reports whether c is the code of a prefecture (municipality
// part 000).
func (c Code) IsPrefecture() bool {
	return len(c) == 6 && c[2:5] == "000"
}

// Errors wrapped by [ParseError]. / ParseError が包むエラー。
var (
	// ErrSyntax: not 5 or 6 digits. / 5 桁または 6 桁の数字ではない。
	ErrSyntax = errors.New("5 桁または 6 桁の数字ではありません / not 5 or 6 digits")
	// ErrCheckDigit: the sixth digit is not the check digit of the first
	// five. / 6 桁目が検査数字と合わない。
	ErrCheckDigit = errors.New("検査数字が合いません / wrong check digit")
)

// ParseError tells why a string is not a code. Err is [ErrSyntax] or
// [ErrCheckDigit]; for the latter Want is the check digit that the first
// five digits call for.
type ParseError struct {
	Input string // the string as given / 与えられた文字列
	Err   error  // ErrSyntax or ErrCheckDigit
	Want  byte   // with ErrCheckDigit: the expected digit, '0'…'9' / 正しい検査数字
}

func (e *ParseError) Error() string {
	if errors.Is(e.Err, ErrCheckDigit) && e.Want != 0 {
		return fmt.Sprintf("全国地方公共団体コード %q の検査数字が合いません (6 桁目は %c のはずです) / local government code %q: wrong check digit, want %c",
			e.Input, e.Want, e.Input, e.Want)
	}
	return fmt.Sprintf("全国地方公共団体コード %q を読めません: %v / cannot parse local government code %q", e.Input, e.Err, e.Input)
}

func (e *ParseError) Unwrap() error { return e.Err }

// CheckDigit returns the check digit of a 5-digit 標準地域コード, as the
// ASCII digit '0'…'9' to append to it. The digits are weighted 6, 5, 4, 3, 2
// and summed to S; the check digit is (11 − S mod 11) mod 10, so that a
// remainder of 0 gives 1 and a remainder of 1 gives 0. The error is a
// *[ParseError] wrapping [ErrSyntax] when five is not five ASCII digits.
//
// 検査数字: 各桁に 6,5,4,3,2 を掛けた和 S について (11 − S mod 11) mod 10
// (余り 0 なら 1、余り 1 なら 0)。ASCII の数字 1 文字で返します。
func CheckDigit(five string) (byte, error) {
	if len(five) != 5 || !allDigits(five) {
		return 0, &ParseError{Input: five, Err: ErrSyntax}
	}
	return checkDigit(five), nil
}

func checkDigit(five string) byte {
	s := 0
	for i := range 5 {
		s += int(five[i]-'0') * (6 - i)
	}
	return byte('0' + (11-s%11)%10)
}

func allDigits(s string) bool {
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// normalize folds full-width digits and trims white space (including
// U+3000).
func normalize(s string) string {
	return jatext.Fold(s)
}

// Parse reads a local government code: six digits whose last is the check
// digit of the first five (verified), or the five digits of a 標準地域コード
// (the check digit is added). Full-width digits and surrounding spaces,
// half- or full-width, are accepted: "　１３１０１６ " gives 131016.
//
// A 6-digit code that lost its leading zero in a spreadsheet ("11002" for
// 011002, 札幌市) also has five digits: Parse reads it as the 標準地域コード
// 11002 (an unknown code of 埼玉県, 110027), not as 011002. Use
// [ParseLostZero] for columns known to hold 6-digit codes.
//
// 6 桁 (検査数字を検査) と 5 桁の標準地域コード (検査数字を補う) を受け付けます。
// 全角数字と前後の空白も可。先頭の 0 が落ちた 6 桁のコード ("11002") は 5
// 桁の標準地域コードと区別できないので、Parse は標準地域コードとして読みます。
// 6 桁のコードの列には ParseLostZero を使ってください。
func Parse(s string) (Code, error) {
	t := normalize(s)
	switch {
	case len(t) == 5 && allDigits(t):
		return Code(t + string(checkDigit(t))), nil
	case len(t) == 6 && allDigits(t):
		if want := checkDigit(t[:5]); t[5] != want {
			return "", &ParseError{Input: s, Err: ErrCheckDigit, Want: want}
		}
		return Code(t), nil
	}
	return "", &ParseError{Input: s, Err: ErrSyntax}
}

// ParseLostZero reads a column of 6-digit codes in which spreadsheets have
// dropped the leading zero of the codes of 北海道 to 栃木県 (prefectures 01 to
// 09): five digits are read as a 6-digit code missing its leading 0 ("11002"
// gives 011002), six digits as [Parse] does. Either way the check digit is
// verified. A 5-digit 標準地域コード cannot be told from such a code: use
// [Parse] for those.
//
// 先頭の 0 が落ちた 6 桁のコード ("11002" → 011002) を読みます。6 桁は Parse
// と同じです。どちらも検査数字を検査します。
func ParseLostZero(s string) (Code, error) {
	t := normalize(s)
	if len(t) == 5 && allDigits(t) {
		t = "0" + t
	}
	if len(t) != 6 || !allDigits(t) {
		return "", &ParseError{Input: s, Err: ErrSyntax}
	}
	if want := checkDigit(t[:5]); t[5] != want {
		return "", &ParseError{Input: s, Err: ErrCheckDigit, Want: want}
	}
	return Code(t), nil
}

// mustCode is for codes written in this package's source.
func mustCode(s string) Code {
	c, err := Parse(s)
	if err != nil || len(strings.TrimSpace(s)) != 6 {
		panic(fmt.Sprintf("lgcode: bad code %q in source: %v", s, err))
	}
	return c
}
