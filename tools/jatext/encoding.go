package jatext

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/japanese"
)

// Encodings that [Decode] knows. / Decode が扱う文字コード。
const (
	UTF8    = "utf-8"     // UTF-8 without a byte order mark
	UTF8BOM = "utf-8-bom" // UTF-8 with a byte order mark (EF BB BF)
	CP932   = "shift_jis" // Shift_JIS as Windows writes it: CP932 / Windows-31J
)

// ErrEncoding is wrapped by the errors of [Decode].
var ErrEncoding = errors.New("文字コードを読めません / cannot decode the text")

var bom = []byte("\xEF\xBB\xBF")

// Decode turns the bytes of a text file into UTF-8 and tells which encoding
// they were in. With enc empty it detects it: a UTF-8 byte order mark means
// UTF-8 with BOM (the mark is dropped), valid UTF-8 means UTF-8, anything
// else is read as CP932 (Shift_JIS with the Windows extensions: ①, ㈱, 髙,
// NEC and IBM kanji). With enc given ("utf-8", "utf-8-bom", "shift_jis", or
// the aliases "utf8", "sjis", "cp932", "windows-31j") it decodes as told; a
// BOM is dropped from UTF-8 either way. Bytes that are not valid in the
// encoding are an error that gives their offset.
//
// ファイルのバイト列を UTF-8 の文字列にし、元の文字コードを返します。enc
// が空なら判定します: BOM があれば BOM つき UTF-8、正しい UTF-8 なら UTF-8、
// それ以外は CP932 (Windows の Shift_JIS)。不正なバイトはオフセットつきのエラーです。
func Decode(b []byte, enc string) (text string, used string, err error) {
	e := strings.ToLower(strings.TrimSpace(enc))
	if e == "" || e == "utf-8" || e == "utf8" || e == "utf-8-bom" || e == "utf-8-sig" || strings.Contains(e, "jis") || strings.Contains(e, "932") {
		if u := utf16Name(b); u != "" {
			return "", "", fmt.Errorf("%w: %s のようです。UTF-8 か Shift_JIS で保存し直してください / the text looks like %s: save it as UTF-8 or Shift_JIS", ErrEncoding, u, u)
		}
	}
	switch e {
	case "":
		if bytes.HasPrefix(b, bom) {
			return decodeUTF8(b[len(bom):], UTF8BOM)
		}
		if utf8.Valid(b) {
			return string(b), UTF8, nil
		}
		return decodeCP932(b)
	case "utf-8", "utf8", "utf-8-bom", "utf-8-sig":
		if bytes.HasPrefix(b, bom) {
			return decodeUTF8(b[len(bom):], UTF8BOM)
		}
		return decodeUTF8(b, UTF8)
	case "shift_jis", "shift-jis", "sjis", "cp932", "windows-31j", "ms932":
		return decodeCP932(b)
	default:
		return "", "", fmt.Errorf("%w: 文字コード %q は扱えません (utf-8, shift_jis) / unknown encoding %q (use utf-8 or shift_jis)", ErrEncoding, enc, enc)
	}
}

func decodeUTF8(b []byte, name string) (string, string, error) {
	if !utf8.Valid(b) {
		off := 0
		for off < len(b) {
			r, size := utf8.DecodeRune(b[off:])
			if r == utf8.RuneError && size <= 1 {
				break
			}
			off += size
		}
		return "", "", fmt.Errorf("%w: UTF-8 として不正なバイトがあります (オフセット %d) / invalid UTF-8 at byte offset %d", ErrEncoding, off, off)
	}
	return string(b), name, nil
}

// decodeCP932 decodes strictly: the x/text decoder turns bytes it cannot
// map into U+FFFD, so a U+FFFD in the output that the input did not spell
// (CP932 has no encoding of it) is an error.
func decodeCP932(b []byte) (string, string, error) {
	out, err := japanese.ShiftJIS.NewDecoder().Bytes(b)
	if err != nil {
		return "", "", fmt.Errorf("%w: Shift_JIS (CP932) として読めません / not Shift_JIS (CP932): %v", ErrEncoding, err)
	}
	if i := bytes.IndexRune(out, utf8.RuneError); i >= 0 {
		// Find the input offset: decode prefixes of the output back.
		off := len(encodeCP932Prefix(string(out[:i])))
		return "", "", fmt.Errorf("%w: Shift_JIS (CP932) として不正なバイトがあります (オフセット %d) / invalid Shift_JIS (CP932) at byte offset %d", ErrEncoding, off, off)
	}
	return string(out), CP932, nil
}

func encodeCP932Prefix(s string) []byte {
	b, err := japanese.ShiftJIS.NewEncoder().Bytes([]byte(s))
	if err != nil {
		return nil
	}
	return b
}

// EncodeCP932 encodes UTF-8 text as CP932 (Shift_JIS), for tests and for
// files meant for old spreadsheet programs. A character CP932 cannot hold is
// an error. / UTF-8 の文字列を CP932 にします。
func EncodeCP932(s string) ([]byte, error) {
	b, err := japanese.ShiftJIS.NewEncoder().Bytes([]byte(s))
	if err != nil {
		return nil, fmt.Errorf("%w: Shift_JIS (CP932) で表せない文字があります / a character CP932 cannot hold: %v", ErrEncoding, err)
	}
	return b, nil
}

// utf16Name names the UTF-16 that b looks like: a UTF-16 byte order mark,
// or, without one, NUL bytes in every other byte of the start (the ASCII
// of UTF-16, which is also valid UTF-8) and only there. "" otherwise.
func utf16Name(b []byte) string {
	switch {
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}):
		return "UTF-16 (LE)"
	case bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		return "UTF-16 (BE)"
	}
	n := min(len(b), 1024) &^ 1
	if n < 4 {
		return ""
	}
	var even, odd int
	for i := 0; i < n; i += 2 {
		if b[i] == 0 {
			even++
		}
		if b[i+1] == 0 {
			odd++
		}
	}
	switch {
	case even == 0 && odd*2 >= n/2:
		return "UTF-16 (LE)"
	case odd == 0 && even*2 >= n/2:
		return "UTF-16 (BE)"
	}
	return ""
}
