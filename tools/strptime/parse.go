package strptime

import (
	"fmt"
	"strconv"
	"sync/atomic"
	"time"
	"unicode"
	"unicode/utf8"
)

// span is the part b[start:end] of the input that a directive matched.
type span struct{ start, end int }

// matcher holds the state of one call of Parse.
type matcher struct {
	l     *Layout
	b     []byte
	spans [numFields]span // what each directive of the format matched
	end   int             // where the match ended
	last  int             // where the last element of the match started
	// The failure furthest into the input, reported when nothing matches:
	// element failElem did not match at failPos, and the element before it
	// started at failPrev.
	failPos, failElem, failPrev int
}

// Parse parses b according to the layout. The result is in UTC unless the
// format has %z, in which case it is in a fixed zone with the given offset
// (UTC for offset zero). Every error wraps ErrNoMatch.
//
// Parse does not allocate unless it fails or %z gives an offset that is
// not a whole number of quarter hours.
func (l *Layout) Parse(b []byte) (time.Time, error) {
	m := matcher{l: l, b: b, failPos: -1}
	if !m.match(0, 0, -1) {
		return time.Time{}, m.explain(m.failElem, m.failPos, m.failPrev)
	}
	if m.end < len(b) {
		return time.Time{}, m.explain(len(l.elems), m.end, m.last)
	}
	return m.build()
}

// match reports whether the elements i, i+1, ... of the format match the
// input from pos on. prev is where element i-1 started. Like Python's
// regular expression engine it tries the ways an element can match in
// order, longest first, and takes the first way that lets the rest match;
// on success m.spans holds what each directive matched.
func (m *matcher) match(i, pos, prev int) bool {
	elems := m.l.elems
	if i == len(elems) {
		m.end, m.last = pos, prev
		return true
	}
	e := &elems[i]
	if e.kind == kSpace {
		// \s+ is greedy: take the whole run, then give back one character
		// at a time.
		end := pos
		for end < len(m.b) {
			r, n := utf8.DecodeRune(m.b[end:])
			if !isSpace(r) {
				break
			}
			end += n
		}
		for end > pos {
			if m.match(i+1, end, pos) {
				return true
			}
			_, n := utf8.DecodeLastRune(m.b[pos:end])
			end -= n
		}
	} else {
		var buf [8]int
		for _, end := range e.ends(m.b, pos, &buf) {
			if m.match(i+1, end, pos) {
				if e.kind != kLiteral {
					m.spans[e.field] = span{pos, end}
				}
				return true
			}
		}
	}
	if pos > m.failPos {
		m.failPos, m.failElem, m.failPrev = pos, i, prev
	}
	return false
}

// ends returns, in the order to try them, the positions where e can end
// when it starts at b[pos]. They are stored in buf.
func (e *elem) ends(b []byte, pos int, buf *[8]int) []int {
	n := 0
	switch e.kind {
	case kLiteral:
		if end, ok := matchFold(b, pos, e.lit); ok {
			buf[n] = end
			n++
		}
	case kNumber:
		digits := countDigits(b, pos)
		for _, w := range e.widths {
			if w <= digits {
				if v := atoi(b[pos : pos+w]); e.min <= v && v <= e.max {
					buf[n] = pos + w
					n++
				}
			}
		}
		if e.spacePad && pos+1 < len(b) && b[pos] == ' ' && '1' <= b[pos+1] && b[pos+1] <= '9' {
			buf[n] = pos + 2
			n++
		}
	case kName:
		if i := nameAt(b, pos, e.names); i >= 0 {
			buf[n] = pos + len(e.names[i])
			n++
		}
	case kOffset:
		n = offsetEnds(b, pos, buf)
	}
	return buf[:n]
}

// offsetEnds stores in buf the ends of the matches of Python's %z
// expression [+-]\d\d:?[0-5]\d(:?[0-5]\d(\.\d{1,6})?)?|Z at b[pos], longest
// first, and returns how many there are. The Z is case-sensitive.
func offsetEnds(b []byte, pos int, buf *[8]int) int {
	if pos < len(b) && b[pos] == 'Z' {
		buf[0] = pos + 1
		return 1
	}
	if pos >= len(b) || b[pos] != '+' && b[pos] != '-' || countDigits(b, pos+1) < 2 {
		return 0
	}
	p := sixtyAt(b, pos+3) // minutes
	if p < 0 {
		return 0
	}
	n := 0
	if q := sixtyAt(b, p); q >= 0 { // seconds
		if q < len(b) && b[q] == '.' {
			for k := min(countDigits(b, q+1), 6); k > 0; k-- {
				buf[n] = q + 1 + k
				n++
			}
		}
		buf[n] = q
		n++
	}
	buf[n] = p
	return n + 1
}

// sixtyAt matches :?[0-5]\d at b[pos] and returns where the match ends, or
// -1.
func sixtyAt(b []byte, pos int) int {
	if pos < len(b) && b[pos] == ':' {
		pos++
	}
	if pos+1 < len(b) && '0' <= b[pos] && b[pos] <= '5' && isDigit(b[pos+1]) {
		return pos + 2
	}
	return -1
}

// build turns what the directives matched into a time, checking that it
// exists.
func (m *matcher) build() (time.Time, error) {
	l, b := m.l, m.b
	year, month, day, yday := 1900, 1, 1, 0
	hour, minute, sec, nsec := 0, 0, 0, 0
	loc := time.UTC
	// Directives are applied in the order of the format, so that a later
	// directive for the same part (%y after %Y) wins, as in Python.
	for i := range l.elems {
		e := &l.elems[i]
		if e.kind == kLiteral || e.kind == kSpace {
			continue
		}
		s := m.spans[e.field]
		text := b[s.start:s.end]
		switch e.field {
		case fYear:
			year = atoi(text)
		case fYear2:
			year = 1900 + atoi(text)
			if year < 1969 {
				year += 100
			}
		case fMonth:
			month = atoi(text)
		case fMonthAbbr, fMonthName:
			month = nameAt(text, 0, e.names) + 1
		case fDay:
			day = atoi(text)
		case fYearDay:
			yday = atoi(text)
		case fHour:
			hour = atoi(text)
		case fHour12:
			// 12 AM is midnight, 12 PM noon; no %p means AM.
			hour = atoi(text) % 12
			if p := m.spans[fAMPM]; l.has(fAMPM) && b[p.start]|0x20 == 'p' {
				hour += 12
			}
		case fMinute:
			minute = atoi(text)
		case fSecond:
			sec = atoi(text)
			if sec > 59 {
				return time.Time{}, m.errorf(s.start, "expected %s, found %q", e.desc, text)
			}
		case fFraction:
			nsec = atoi(text)
			for range 9 - len(text) {
				nsec *= 10
			}
		case fOffset:
			var err error
			if loc, err = m.offset(s); err != nil {
				return time.Time{}, err
			}
		}
	}
	if year == 0 { // only %Y can give 0
		return time.Time{}, m.errorf(m.spans[fYear].start, "year 0 is out of range (1-9999)")
	}
	if l.has(fYearDay) {
		// As in Python, the day of the year overrides month and day.
		if yday > daysIn(year) {
			return time.Time{}, m.errorf(m.spans[fYearDay].start, "day of year %d does not exist in %d", yday, year)
		}
		month, day = 1, yday
	} else if day > daysInMonth(year, month) { // day > 28, so %d was given
		return time.Time{}, m.errorf(m.spans[fDay].start, "day %d does not exist in %s %d", day, time.Month(month), year)
	}
	return time.Date(year, time.Month(month), day, hour, minute, sec, nsec, loc), nil
}

// offset converts what %z matched to a location.
func (m *matcher) offset(s span) (*time.Location, error) {
	z := m.b[s.start:s.end]
	if len(z) == 1 { // Z
		return time.UTC, nil
	}
	// z is [+-]HH, then MM or :MM, maybe followed by SS or :SS and .ffffff.
	colon := z[3] == ':'
	rest := z[3:]
	if colon {
		rest = rest[1:]
	}
	off := atoi(z[1:3])*3600 + atoi(rest[:2])*60
	if rest = rest[2:]; len(rest) > 0 {
		if (rest[0] == ':') != colon {
			return nil, m.errorf(s.start, "inconsistent use of ':' in UTC offset %q", z)
		}
		if colon {
			rest = rest[1:]
		}
		off += atoi(rest[:2])
		if rest = rest[2:]; len(rest) > 0 && atoi(rest[1:]) != 0 {
			return nil, m.errorf(s.start, "UTC offset %q has a fraction of a second, which is not supported", z)
		}
	}
	if off >= 24*3600 {
		return nil, m.errorf(s.start, "UTC offset %q is not less than 24 hours", z)
	}
	if z[0] == '-' {
		off = -off
	}
	return fixedZone(off), nil
}

// zones caches the zones of offsets that are whole quarter hours, indexed
// by offset/900 + 95, so that parsing them does not allocate.
var zones [2*95 + 1]atomic.Pointer[time.Location]

// fixedZone returns a zone with the offset off (in seconds east of UTC,
// less than a day); time.UTC for zero.
func fixedZone(off int) *time.Location {
	if off == 0 {
		return time.UTC
	}
	if off%900 != 0 {
		return time.FixedZone("", off)
	}
	p := &zones[off/900+95]
	loc := p.Load()
	if loc == nil {
		loc = time.FixedZone("", off)
		p.Store(loc)
	}
	return loc
}

// explain returns the error for element i (len(elems) for the end of the
// input) not matching at pos, where prev is where element i-1 started.
func (m *matcher) explain(i, pos, prev int) error {
	elems := m.l.elems
	// When a number stopped short because its value was out of range (the
	// 1 of 13 for %m, the 2 of 24 for %H), blame the number, not what
	// follows it.
	if i > 0 && elems[i-1].kind == kNumber && (i == len(elems) || elems[i].kind != kNumber) {
		p := &elems[i-1]
		if digits := countDigits(m.b, prev); pos-prev < digits && digits <= p.widths[0] {
			return m.errorf(prev, "expected %s, found %s", p.desc, found(m.b, prev))
		}
	}
	want := "end of input"
	if i < len(elems) {
		want = elems[i].expected()
	}
	return m.errorf(pos, "expected %s, found %s", want, found(m.b, pos))
}

// expected describes what e matches, for error messages.
func (e *elem) expected() string {
	switch e.kind {
	case kLiteral:
		return strconv.Quote(e.lit)
	case kSpace:
		return "whitespace"
	}
	return e.desc
}

// found quotes the input at pos for an error message: a number, a word or
// one character.
func found(b []byte, pos int) string {
	if pos >= len(b) {
		return "end of input"
	}
	end := pos + 1
	switch c := b[pos]; {
	case isDigit(c):
		end = pos + countDigits(b, pos)
	case 'a' <= c|0x20 && c|0x20 <= 'z':
		for end < len(b) && 'a' <= b[end]|0x20 && b[end]|0x20 <= 'z' {
			end++
		}
	case c == '+' || c == '-':
		for end < len(b) && (isDigit(b[end]) || b[end] == ':' || b[end] == '.') {
			end++
		}
	default:
		_, n := utf8.DecodeRune(b[pos:])
		end = pos + n
	}
	return strconv.Quote(string(b[pos:min(end, pos+20)]))
}

// errorf returns a parse error at byte position pos of the input.
func (m *matcher) errorf(pos int, format string, args ...any) error {
	return &parseError{
		format: m.l.format,
		input:  string(m.b),
		pos:    utf8.RuneCount(m.b[:pos]),
		msg:    fmt.Sprintf(format, args...),
	}
}

// parseError is the error of Parse.
type parseError struct {
	format, input string
	pos           int // in characters from the start of the input
	msg           string
}

func (e *parseError) Error() string {
	in := e.input
	if len(in) > 64 {
		in = in[:64] + "..."
	}
	return fmt.Sprintf("strptime: parsing %q with format %q: at character %d: %s", in, e.format, e.pos, e.msg)
}

func (e *parseError) Unwrap() error { return ErrNoMatch }

// matchFold matches the literal lit at b[pos], ignoring case like Python's
// re.IGNORECASE, and returns where the match ends.
func matchFold(b []byte, pos int, lit string) (int, bool) {
	for _, want := range lit {
		if pos >= len(b) {
			return pos, false
		}
		got, n := utf8.DecodeRune(b[pos:])
		if got != want && !sameFold(got, want) {
			return pos, false
		}
		pos += n
	}
	return pos, true
}

// sameFold reports whether r and s are the same letter in different case.
func sameFold(r, s rune) bool {
	for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
		if f == s {
			return true
		}
	}
	return false
}

// nameAt returns the index of the name (lower-case ASCII) found at b[pos],
// ignoring case, or -1. No name is a prefix of another.
func nameAt(b []byte, pos int, names []string) int {
next:
	for i, name := range names {
		if len(b)-pos < len(name) {
			continue
		}
		for k := range len(name) {
			if b[pos+k]|0x20 != name[k] {
				continue next
			}
		}
		return i
	}
	return -1
}

// isSpace reports whether r matches \s in Python's regular expressions.
func isSpace(r rune) bool {
	return unicode.IsSpace(r) || 0x1c <= r && r <= 0x1f
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// countDigits returns how many ASCII digits there are from b[pos] on, up
// to 7 (more than any directive takes).
func countDigits(b []byte, pos int) int {
	n := 0
	for pos+n < len(b) && n < 7 && isDigit(b[pos+n]) {
		n++
	}
	return n
}

// atoi returns the value of the ASCII digits of b, skipping a leading space.
func atoi(b []byte) int {
	v := 0
	for _, c := range b {
		if c != ' ' {
			v = v*10 + int(c-'0')
		}
	}
	return v
}

func isLeap(year int) bool { return year%4 == 0 && (year%100 != 0 || year%400 == 0) }

func daysIn(year int) int {
	if isLeap(year) {
		return 366
	}
	return 365
}

func daysInMonth(year, month int) int {
	switch month {
	case 2:
		if isLeap(year) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}
