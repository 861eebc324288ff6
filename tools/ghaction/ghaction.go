// Package ghaction writes GitHub Actions workflow commands, such as the
// "::error file=…,line=…::message" lines that become inline annotations on a
// pull request, escaped as the runner requires.
package ghaction

import (
	"strconv"
	"strings"
)

// Annotation is an error, warning or notice workflow command.
type Annotation struct {
	Level   string // "error", "warning" or "notice"
	File    string
	Line    int // 1-based; 0 = none
	EndLine int
	Col     int
	EndCol  int
	Title   string
	Message string
}

var (
	dataEscaper     = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	propertyEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)

// EscapeData escapes a command's message.
func EscapeData(s string) string { return dataEscaper.Replace(s) }

// EscapeProperty escapes a command's property value.
func EscapeProperty(s string) string { return propertyEscaper.Replace(s) }

// String renders the annotation as one workflow command line (no newline).
func (a Annotation) String() string {
	var b strings.Builder
	b.WriteString("::")
	b.WriteString(a.Level)
	sep := " "
	prop := func(k, v string) {
		b.WriteString(sep)
		b.WriteString(k)
		b.WriteByte('=')
		b.WriteString(EscapeProperty(v))
		sep = ","
	}
	if a.File != "" {
		prop("file", a.File)
	}
	num := func(k string, n int) {
		if n > 0 {
			prop(k, strconv.Itoa(n))
		}
	}
	num("line", a.Line)
	num("endLine", a.EndLine)
	num("col", a.Col)
	num("endColumn", a.EndCol)
	if a.Title != "" {
		prop("title", a.Title)
	}
	b.WriteString("::")
	b.WriteString(EscapeData(a.Message))
	return b.String()
}
