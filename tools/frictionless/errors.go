package frictionless

import (
	"errors"
	"strconv"
	"strings"
)

// Error codes, as the reference implementation names them.
const (
	// Descriptor problems.
	CodePackage  = "package-error"
	CodeResource = "resource-error"
	CodeSchema   = "schema-error"
	CodeField    = "field-error"
	CodeDialect  = "dialect-error"

	// Source and file problems.
	CodeSource   = "source-error"
	CodeScheme   = "scheme-error"
	CodeFormat   = "format-error"
	CodeEncoding = "encoding-error"
	CodeHash     = "hash-count"
	CodeBytes    = "byte-count"
	CodeRows     = "row-count"

	// Header problems.
	CodeBlankHeader     = "blank-header"
	CodeUnmatchedHeader = "unmatched-header"
	CodeBlankLabel      = "blank-label"
	CodeDuplicateLabel  = "duplicate-label"
	CodeMissingLabel    = "missing-label"
	CodeExtraLabel      = "extra-label"
	CodeIncorrectLabel  = "incorrect-label"

	// Row and cell problems.
	CodeBlankRow    = "blank-row"
	CodeExtraCell   = "extra-cell"
	CodeMissingCell = "missing-cell"
	CodeType        = "type-error"
	CodeConstraint  = "constraint-error"
	CodeUnique      = "unique-error"
	CodePrimaryKey  = "primary-key"
	CodeForeignKey  = "foreign-key"
)

// ErrInvalid is matched (errors.Is) by every *Error: it reports a problem
// in the data or its descriptor, not a failure of the tool.
var ErrInvalid = errors.New("invalid data package")

// ErrUnsafePath is wrapped by errors about resource, schema or dialect paths
// that are absolute, climb out of the package directory with "..", point
// into hidden folders, are URLs, or are links that leave the package.
var ErrUnsafePath = errors.New("path is not a safe relative path inside the package")

// Error is one problem found in a package, a resource or a table.
//
// Positions are 1-based; zero means "not applicable". Row counts the
// header as row 1, as the reference implementation does; Line is the
// physical line in the file, which differs from Row when quoted cells span
// lines or rows are skipped.
type Error struct {
	Code        string // e.g. "type-error"
	Resource    string // resource name, "" for a lone table or the package
	Path        string // file the problem is in (a data file or a descriptor)
	Line, Col   int    // physical position in Path; Col counts characters
	Row         int    // row number, header = 1
	FieldNumber int    // 1-based field (column) position
	Field       string // field name
	Cell        string // the cell as written, when a cell is at fault
	Ja, En      string // what is wrong and what was expected
	Err         error  // underlying cause, if any
}

// Error formats the problem as "path:line:col: ja / en [code]".
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Location())
	if b.Len() > 0 {
		b.WriteString(": ")
	}
	b.WriteString(e.Message())
	b.WriteString(" [")
	b.WriteString(e.Code)
	b.WriteString("]")
	return b.String()
}

// Location is "path:line:col", "path:line" or "path", as far as known.
func (e *Error) Location() string {
	s := e.Path
	if e.Line > 0 {
		s += ":" + strconv.Itoa(e.Line)
		if e.Col > 0 {
			s += ":" + strconv.Itoa(e.Col)
		}
	}
	return s
}

// Message is the Japanese message followed by the English one.
func (e *Error) Message() string {
	if e.En == "" || e.En == e.Ja {
		return e.Ja
	}
	return e.Ja + " / " + e.En
}

// Unwrap returns the underlying cause.
func (e *Error) Unwrap() error { return e.Err }

// Is makes every *Error match ErrInvalid.
func (e *Error) Is(target error) bool { return target == ErrInvalid }

// quote renders a cell or label for a message, cut to a readable length.
func quote(s string) string {
	const max = 60
	r := []rune(s)
	if len(r) > max {
		s = string(r[:max]) + "…"
	}
	return strconv.Quote(s)
}
