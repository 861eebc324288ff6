// Package mdtext puts strings that come from data (cell values, names,
// paths, error messages) into GitHub-flavoured Markdown so that they are
// shown as text and never read as Markdown: no heading, list, link, image,
// autolink, HTML, emphasis, table cell break or @mention can come from such
// a string, whatever it holds.
//
// データ由来の文字列 (セルの値、名前、パス、メッセージ) を GitHub の
// Markdown に入れるときの唯一のエスケープです。見出し・リンク・画像・
// メンションなどは文字列から生まれません。
//
// Every function maps line endings and other control characters to their
// visible Unicode control pictures (U+2400…), so a value stays on its line
// and a carriage return is seen, not obeyed.
package mdtext

import (
	"strings"
	"unicode/utf8"
)

// zwsp (U+200B) after @ and # breaks GitHub's @mention and #123 reference
// patterns, which are applied after rendering and ignore backslashes.
const zwsp = "\u200b"

// picture is the visible stand-in for a control character, or "" when r is
// not one.
func picture(r rune) string {
	switch {
	case r < 0x20:
		return string(rune(0x2400 + r))
	case r == 0x7f:
		return "\u2421"
	case r == 0x85 || r == '\u2028' || r == '\u2029':
		return "\u2424" // ␤: a line break in other conventions
	}
	return ""
}

// Text is s escaped as running text: safe in a paragraph, a list item, a
// heading and a table cell, at the start of a line or anywhere in it. Every
// ASCII punctuation character is backslash-escaped (CommonMark lets any be,
// and that covers | [ ] ( ) ! # * _ ` < > & ~, the - + = . ) that would
// start a list, a rule or a heading, the : and . of an autolink or an
// :emoji: shortcode, and GitHub's $ math); @ and # are followed by a
// zero-width space; control characters become control pictures; spaces at
// either end are written &#32; (four at the start of a line would make a
// code block, two at the end a line break).
func Text(s string) string {
	var b strings.Builder
	b.Grow(len(s) + len(s)/4)
	inner := strings.Trim(s, " ")
	lead := strings.Index(s, inner)
	if inner == "" {
		lead = len(s)
	}
	b.WriteString(strings.Repeat("&#32;", lead))
	for _, r := range inner {
		if p := picture(r); p != "" {
			b.WriteString(p)
			continue
		}
		if r < utf8.RuneSelf && isPunct(byte(r)) {
			b.WriteByte('\\')
			b.WriteRune(r)
			if r == '@' || r == '#' {
				b.WriteString(zwsp)
			}
			continue
		}
		b.WriteRune(r)
	}
	if inner != "" {
		b.WriteString(strings.Repeat("&#32;", len(s)-lead-len(inner)))
	}
	return b.String()
}

func isPunct(c byte) bool {
	return c >= '!' && c <= '/' || c >= ':' && c <= '@' || c >= '[' && c <= '`' || c >= '{' && c <= '~'
}

// Code is s as an inline code span outside tables: shown verbatim, with no
// Markdown, HTML or mention inside. The fence is longer than any run of
// backticks in s. An empty s gives "".
func Code(s string) string { return code(s, false) }

// CellCode is Code for a GFM table cell: a | is written \|, which the
// table, not the code span, takes back.
func CellCode(s string) string { return code(s, true) }

func code(s string, cell bool) string {
	if s == "" {
		return ""
	}
	var b strings.Builder
	longest, run := 0, 0
	for _, r := range s {
		if r == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
		if p := picture(r); p != "" {
			b.WriteString(p)
		} else if cell && r == '|' {
			b.WriteString(`\|`)
		} else {
			b.WriteRune(r)
		}
	}
	body := b.String()
	// A space on each side keeps a leading or trailing backtick apart from
	// the fence, and survives the one space CommonMark strips.
	if strings.HasPrefix(body, "`") || strings.HasSuffix(body, "`") ||
		(strings.HasPrefix(body, " ") && strings.HasSuffix(body, " ") && strings.Trim(body, " ") != "") {
		body = " " + body + " "
	}
	fence := strings.Repeat("`", longest+1)
	return fence + body + fence
}

var htmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;", "$", "&#36;",
	"@", "@"+zwsp, "#", "#"+zwsp)

// HTML is s escaped for the text of an HTML element in Markdown (such as
// <summary>, where Markdown is not read): entities for & < > " ' and $
// (GitHub's math), a zero-width space after @ and #, control pictures for
// control characters.
func HTML(s string) string {
	var b strings.Builder
	for _, r := range s {
		if p := picture(r); p != "" {
			b.WriteString(p)
		} else {
			b.WriteRune(r)
		}
	}
	return htmlEscaper.Replace(b.String())
}
