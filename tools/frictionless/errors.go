package frictionless

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
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

// PathReason says why a path is not a safe relative path inside the package.
type PathReason int

// Reasons for a PathError, in the order CheckPath tests them.
const (
	PathEmpty    PathReason = iota + 1 // the path is ""
	PathURL                            // a URL ("scheme://…"): remote data is not read
	PathAbsolute                       // an absolute path, or one with a drive letter
	PathBadChar                        // a backslash or a NUL byte
	PathParent                         // a ".." segment
	PathHidden                         // a segment starting with "." (a hidden file or folder)
	PathLink                           // a symbolic link: data files are regular files
)

// PathError is a resource, schema or dialect path that is refused. It
// wraps ErrUnsafePath.
type PathError struct {
	Path   string
	Reason PathReason
}

var pathReasons = map[PathReason][2]string{
	PathEmpty:    {"パスが空です", "empty path"},
	PathURL:      {"URL のデータは読みません (パッケージ内の相対パスにしてください)", "a URL: remote data is not read"},
	PathAbsolute: {"絶対パスは使えません (パッケージ内の相対パスにしてください)", "an absolute path"},
	PathBadChar:  {"パスにバックスラッシュか NUL があります (フォルダの区切りは / です)", "a backslash or NUL in the path (use / between folders)"},
	PathParent:   {"\"..\" でパッケージの外に出るパスは使えません", `".." leaves the package directory`},
	PathHidden:   {"隠しファイル・隠しフォルダ (\".\" で始まる名前) は使えません", "a hidden file or folder"},
	PathLink:     {"シンボリックリンクは読みません (データは通常のファイルにしてください)", "a symbolic link: not read (data files must be regular files)"},
}

// Ja says what is wrong with the path, in Japanese.
func (e *PathError) Ja() string {
	return fmt.Sprintf("%s: %s", quote(e.Path), pathReasons[e.Reason][0])
}

// En says what is wrong with the path, in English.
func (e *PathError) En() string {
	return fmt.Sprintf("%s: %s", quote(e.Path), pathReasons[e.Reason][1])
}

func (e *PathError) Error() string { return e.En() + ": " + ErrUnsafePath.Error() }

// Unwrap makes a PathError match ErrUnsafePath.
func (e *PathError) Unwrap() error { return ErrUnsafePath }

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
	Field       string // field name (of the schema, for label errors)
	Label       string // the header label, for label errors
	Cell        string // the cell as written (its first KiB), when a cell is at fault
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
// s may alias a cell (bytesString): the result is a new string.
func quote(s string) string { return strconv.Quote(cut(s, 60, -1)) }

// maxCellBytes bounds the cell an Error keeps: errors are kept by the
// thousand, and a cell may be megabytes long.
const maxCellBytes = 1 << 10

// cellText is the cell an Error keeps: the whole cell, or its first
// maxCellBytes bytes, cut between characters, and "…". s may alias a cell
// (bytesString): the result is a new string.
func cellText(s string) string { return strings.Clone(cut(s, -1, maxCellBytes)) }

// cut returns s, or its first characters (at most runes of them, and as
// many as fit in bytes bytes; a negative limit is no limit) followed by "…".
// An invalid byte counts as one character.
func cut(s string, runes, bytes int) string {
	i, n := 0, 0
	for i < len(s) {
		_, size := utf8.DecodeRuneInString(s[i:])
		if n == runes || bytes >= 0 && i+size > bytes {
			return s[:i] + "…"
		}
		i += size
		n++
	}
	return s
}
