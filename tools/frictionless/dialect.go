package frictionless

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"unicode/utf8"

	"github.com/ichiran-jp/ichiran/tools/tablecsv"
)

// Dialect is a compiled Table Dialect for CSV.
type Dialect struct {
	Header          bool
	HeaderRows      []int // 1-based rows holding the header, ascending; empty without a header
	HeaderJoin      string
	CommentRows     []int // 1-based rows to skip, ascending
	CommentChar     string
	NullSequence    string
	HasNullSequence bool
	CaseSensitive   bool // v1 caseSensitiveHeader; matching by name is case-sensitive by default
	CSV             tablecsv.Dialect
}

// DefaultDialect is the dialect of a CSV file with no dialect given.
func DefaultDialect() *Dialect {
	return &Dialect{Header: true, HeaderRows: []int{1}, HeaderJoin: " ", CaseSensitive: true, CSV: tablecsv.DefaultDialect()}
}

// compileDialect builds a Dialect from a decoded Table Dialect descriptor,
// with delimiter as the default delimiter (a tab for TSV). The JSON Schema
// profile has checked the shapes; this checks what CSV parsing needs:
// one-byte delimiter, quote and escape characters.
func compileDialect(doc map[string]any, delimiter byte) (*Dialect, []issue) {
	d := DefaultDialect()
	d.CSV.Delimiter = delimiter
	var issues []issue
	add := func(p, ja, en string) { issues = append(issues, issue{CodeDialect, p, ja, en}) }
	oneByte := func(name string, dst *byte, allowEmpty bool) {
		x, ok := doc[name]
		if !ok {
			return
		}
		s, ok := x.(string)
		switch {
		case !ok || utf8.RuneCountInString(s) > 1 || s == "" && !allowEmpty:
			// The profile reports it.
		case s == "":
			*dst = 0
		case len(s) == 1 && s[0] != '\r' && s[0] != '\n':
			*dst = s[0]
		default:
			add("/"+name, fmt.Sprintf("%s は 1 バイトの文字でなければなりません (%q)", name, s), fmt.Sprintf("%s must be a single one-byte character, not %q", name, s))
		}
	}
	oneByte("delimiter", &d.CSV.Delimiter, false)
	oneByte("quoteChar", &d.CSV.QuoteChar, true)
	oneByte("escapeChar", &d.CSV.EscapeChar, true)
	if x, ok := doc["doubleQuote"].(bool); ok {
		d.CSV.DoubleQuote = x
	}
	if x, ok := doc["skipInitialSpace"].(bool); ok {
		d.CSV.SkipInitialSpace = x
	}
	if err := d.CSV.Validate(); err != nil {
		add("", "delimiter・quoteChar・escapeChar は互いに異なる ASCII 文字 (改行以外) でなければなりません", err.Error())
	}
	if x, ok := doc["header"].(bool); ok {
		d.Header = x
	}
	ints := func(name string) []int {
		arr, _ := doc[name].([]any)
		var out []int
		for _, e := range arr {
			n, _ := e.(json.Number)
			if v, ok := integral(n); ok && v >= 1 && v <= math.MaxInt32 {
				out = append(out, int(v))
			} // else the profile reports it (or it is a row past any file)
		}
		slices.Sort(out)
		return slices.Compact(out)
	}
	if _, ok := doc["headerRows"]; ok {
		d.HeaderRows = ints("headerRows")
	}
	if !d.Header {
		d.HeaderRows = nil
	}
	if x, ok := doc["headerJoin"].(string); ok {
		d.HeaderJoin = x
	}
	d.CommentRows = ints("commentRows")
	if x, ok := doc["commentChar"].(string); ok {
		d.CommentChar = x
	}
	if x, ok := doc["nullSequence"].(string); ok {
		d.NullSequence, d.HasNullSequence = x, true
	}
	if x, ok := doc["caseSensitiveHeader"].(bool); ok {
		d.CaseSensitive = x
	}
	return d, issues
}
