// Package strptime parses dates and times with Python-style strptime
// patterns such as "%d.%m.%Y", "%Y/%m/%d %H:%M" or "%d %b %Y", as used in
// the format property of Frictionless Table Schema date, time and datetime
// fields.
//
// The reference implementation of Table Schema, frictionless-py, uses
// Python's datetime.strptime, so this package follows CPython's _strptime
// module in the C locale:
//
//   - %d %m %H %I %M %S %j accept numbers with or without zero padding
//     ("5.3.2024" matches "%d.%m.%Y"); %d also accepts a space-padded day
//     (" 5"). %Y takes exactly four digits and %y exactly two (69-99 are
//     1969-1999, 00-68 are 2000-2068). %f takes one to six digits.
//   - %z accepts Z, ±HHMM and ±HH:MM, optionally followed by seconds
//     (±HHMMSS, ±HH:MM:SS); the colons must be used consistently and the
//     offset must be less than 24 hours.
//   - %b %h %B %a %A %p take English names, ignoring case. %I is a 12-hour
//     clock hour: AM (or no %p) maps 12 to 0, PM adds 12 to 1-11.
//   - A run of whitespace in the format matches one or more whitespace
//     characters in the input (Python turns it into the regular expression
//     \s+). Every other character matches itself, ignoring case, as Python
//     compiles the pattern with re.IGNORECASE; %% matches a percent sign.
//   - Numbers in a row are matched the way Python's regular expression
//     does: each directive tries its longest form first and backtracks to a
//     shorter one when the rest of the pattern does not match. The first
//     match found must use up the whole input.
//   - Absent parts default to 1900-01-01 00:00:00. The result must be a
//     real date and time: day 29 of February needs a leap year (so "%m-%d"
//     rejects "02-29", as Python does), seconds 60 and 61 and year 0 are
//     rejected. When two different directives set the same part (%Y and
//     %y, %m and %b, %H and %I), the later one wins, and %j overrides the
//     month and day. Weekdays (%a %A) are matched but not checked against
//     the date.
//
// Deliberate differences from Python: %e (same as %d) and %h (same as %b)
// are accepted; %j must not exceed the length of the year (Python turns
// "2025 366" into 2026-01-01); only ASCII digits are digits; a %z offset
// with a non-zero fraction of a second is rejected, as a Go time zone has
// whole seconds. Directives not listed above (%c, %U, %Z, ...) are compile
// errors.
package strptime

import (
	"errors"
	"fmt"
	"unicode/utf8"
)

// ErrNoMatch is wrapped by every error that Parse returns. The error's
// message tells what was expected at which character of the input.
var ErrNoMatch = errors.New("strptime: input does not match format")

// Layout is a compiled strptime format. It is safe for concurrent use.
type Layout struct {
	format string
	elems  []elem
	fields uint32 // bit set of the fields the format sets, 1<<field
}

// field names a part of a date or time that a directive sets. Each field
// may be set by at most one directive of a format.
type field uint8

const (
	fYear        field = iota // %Y
	fYear2                    // %y
	fMonth                    // %m
	fMonthAbbr                // %b %h
	fMonthName                // %B
	fDay                      // %d %e
	fYearDay                  // %j
	fWeekdayAbbr              // %a
	fWeekdayName              // %A
	fHour                     // %H
	fHour12                   // %I
	fAMPM                     // %p
	fMinute                   // %M
	fSecond                   // %S
	fFraction                 // %f
	fOffset                   // %z
	numFields
)

const (
	dateFields = 1<<fYear | 1<<fYear2 | 1<<fMonth | 1<<fMonthAbbr | 1<<fMonthName | 1<<fDay | 1<<fYearDay
	timeFields = 1<<fHour | 1<<fHour12 | 1<<fMinute | 1<<fSecond | 1<<fFraction
)

// elemKind tells how an element of a compiled format matches input.
type elemKind uint8

const (
	kLiteral elemKind = iota // text matched ignoring case
	kSpace                   // one or more whitespace characters
	kNumber                  // a number of some widths in a range
	kName                    // one of a list of names, ignoring case
	kOffset                  // a UTC offset (%z)
)

// elem is one element of a compiled format: a literal, a whitespace run or
// a directive.
type elem struct {
	kind  elemKind
	lit   string // kLiteral
	verb  byte   // directive letter, e.g. 'Y'
	field field
	desc  string // what the directive expects, for error messages
	// kNumber: digit counts to try, in order, and the accepted range.
	widths   []int
	min, max int
	spacePad bool // also accept a space and one digit 1-9 (%d)
	// kName: lower-case names; a match sets the field to index+1.
	names []string
}

var (
	monthNames   = []string{"january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"}
	monthAbbrs   = []string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}
	weekdayNames = []string{"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
	weekdayAbbrs = []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}
	ampm         = []string{"am", "pm"}
)

// directives describes every supported directive. The widths and ranges of
// numbers reproduce the alternations of Python's regular expressions, e.g.
// %d is 3[01]|[12]\d|0[1-9]|[1-9]| [1-9].
var directives = map[byte]elem{
	'Y': {kind: kNumber, field: fYear, desc: "4-digit year", widths: []int{4}, min: 0, max: 9999},
	'y': {kind: kNumber, field: fYear2, desc: "2-digit year", widths: []int{2}, min: 0, max: 99},
	'm': {kind: kNumber, field: fMonth, desc: "month (1-12)", widths: []int{2, 1}, min: 1, max: 12},
	'b': {kind: kName, field: fMonthAbbr, desc: "abbreviated month name", names: monthAbbrs},
	'h': {kind: kName, field: fMonthAbbr, desc: "abbreviated month name", names: monthAbbrs},
	'B': {kind: kName, field: fMonthName, desc: "month name", names: monthNames},
	'd': {kind: kNumber, field: fDay, desc: "day of month (1-31)", widths: []int{2, 1}, min: 1, max: 31, spacePad: true},
	'e': {kind: kNumber, field: fDay, desc: "day of month (1-31)", widths: []int{2, 1}, min: 1, max: 31, spacePad: true},
	'j': {kind: kNumber, field: fYearDay, desc: "day of year (1-366)", widths: []int{3, 2, 1}, min: 1, max: 366},
	'a': {kind: kName, field: fWeekdayAbbr, desc: "abbreviated weekday name", names: weekdayAbbrs},
	'A': {kind: kName, field: fWeekdayName, desc: "weekday name", names: weekdayNames},
	'H': {kind: kNumber, field: fHour, desc: "hour (0-23)", widths: []int{2, 1}, min: 0, max: 23},
	'I': {kind: kNumber, field: fHour12, desc: "hour (1-12)", widths: []int{2, 1}, min: 1, max: 12},
	'p': {kind: kName, field: fAMPM, desc: "AM or PM", names: ampm},
	'M': {kind: kNumber, field: fMinute, desc: "minute (0-59)", widths: []int{2, 1}, min: 0, max: 59},
	// Python's expression accepts 60 and 61; datetime then rejects them.
	'S': {kind: kNumber, field: fSecond, desc: "second (0-59)", widths: []int{2, 1}, min: 0, max: 61},
	'f': {kind: kNumber, field: fFraction, desc: "fraction of a second (1-6 digits)", widths: []int{6, 5, 4, 3, 2, 1}, min: 0, max: 999999},
	'z': {kind: kOffset, field: fOffset, desc: "UTC offset (Z, +HHMM or +HH:MM)"},
}

// Compile parses a strptime format. It fails on an unknown directive, a
// '%' at the end of the format, and two directives for the same part of
// the date (such as %d and %e, or %Y twice).
func Compile(format string) (*Layout, error) {
	l := &Layout{format: format}
	var lit []byte // literal text not yet added to l.elems
	flush := func() {
		if len(lit) > 0 {
			l.elems = append(l.elems, elem{kind: kLiteral, lit: string(lit)})
			lit = lit[:0]
		}
	}
	seen := make(map[field]byte) // field -> directive that set it
	for i := 0; i < len(format); {
		r, n := utf8.DecodeRuneInString(format[i:])
		switch {
		case isSpace(r):
			flush()
			for i < len(format) {
				r, n := utf8.DecodeRuneInString(format[i:])
				if !isSpace(r) {
					break
				}
				i += n
			}
			l.elems = append(l.elems, elem{kind: kSpace})
		case r == '%':
			if i+1 == len(format) {
				return nil, fmt.Errorf("strptime: format %q ends with a stray %%", format)
			}
			if format[i+1] == '%' {
				lit = append(lit, '%')
				i += 2
				continue
			}
			verb, vn := utf8.DecodeRuneInString(format[i+1:])
			e, ok := directives[format[i+1]]
			if !ok {
				return nil, fmt.Errorf("strptime: bad directive %%%c in format %q", verb, format)
			}
			if prev, dup := seen[e.field]; dup {
				return nil, fmt.Errorf("strptime: directive %%%c in format %q sets the same field as %%%c", verb, format, prev)
			}
			seen[e.field] = byte(verb)
			e.verb = byte(verb)
			flush()
			l.elems = append(l.elems, e)
			l.fields |= 1 << e.field
			i += 1 + vn
		default:
			lit = append(lit, format[i:i+n]...)
			i += n
		}
	}
	flush()
	return l, nil
}

// String returns the format the layout was compiled from.
func (l *Layout) String() string { return l.format }

// HasDate reports whether the format sets any of year, month, day of month
// or day of year (%Y %y %m %b %h %B %d %e %j). A weekday alone does not
// count.
func (l *Layout) HasDate() bool { return l.fields&dateFields != 0 }

// HasTime reports whether the format sets any of hour, minute, second or
// fraction of a second (%H %I %M %S %f). %p and %z alone do not count.
func (l *Layout) HasTime() bool { return l.fields&timeFields != 0 }

// has reports whether the format sets f.
func (l *Layout) has(f field) bool { return l.fields&(1<<f) != 0 }
