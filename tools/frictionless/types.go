package frictionless

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/bits"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
	"unsafe"
)

// kind is a Table Schema field type.
type kind uint8

const (
	kindAny kind = iota
	kindString
	kindNumber
	kindInteger
	kindBoolean
	kindObject
	kindArray
	kindList
	kindDatetime
	kindDate
	kindTime
	kindYear
	kindYearmonth
	kindDuration
	kindGeopoint
	kindGeojson
)

var kindNames = map[string]kind{
	"any": kindAny, "string": kindString, "number": kindNumber, "integer": kindInteger,
	"boolean": kindBoolean, "object": kindObject, "array": kindArray, "list": kindList,
	"datetime": kindDatetime, "date": kindDate, "time": kindTime, "year": kindYear,
	"yearmonth": kindYearmonth, "duration": kindDuration, "geopoint": kindGeopoint,
	"geojson": kindGeojson,
}

// formats lists the named formats each type accepts. Date, time and
// datetime also accept "any" and strptime patterns (checked separately).
var formats = map[kind][]string{
	kindString:   {"default", "email", "uri", "binary", "uuid"},
	kindGeopoint: {"default", "array", "object"},
	kindGeojson:  {"default", "topojson"},
}

// ordered reports whether minimum/maximum apply to the kind.
func (k kind) ordered() bool {
	switch k {
	case kindInteger, kindNumber, kindDate, kindTime, kindDatetime, kindYear, kindYearmonth, kindDuration:
		return true
	}
	return false
}

// sized reports whether minLength/maxLength apply to the kind.
func (k kind) sized() bool {
	switch k {
	case kindString, kindArray, kindObject, kindList:
		return true
	}
	return false
}

// value is one cast cell. Which members are set depends on the kind:
// integer, boolean, date (days since 1970-01-01), year, yearmonth
// (year*12+month-1) and time (nanoseconds since midnight) use i; number and
// duration (seconds) use f; datetime uses t; string and any use s, which
// aliases the cell and is valid only while the row is; object, array,
// list, geojson and geopoint keep a canonical JSON text in s and the
// decoded value in x.
type value struct {
	null bool
	i    int64
	f    float64
	t    time.Time
	s    []byte
	x    any
	n    int // length for minLength/maxLength: runes, items or members
}

// bytesString views b as a string without copying, for parsers such as
// strconv.ParseFloat that do not keep their argument (it copies the text
// into any error it returns).
func bytesString(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

// errLexical means the cell is not in the lexical form of the field's type.
var errLexical = errors.New("not in the lexical form of the type")

// reason is why a cell in the right lexical form is still not a value of
// its type, in Japanese and English.
type reason struct{ ja, en string }

func (r *reason) Error() string { return r.en }

var (
	errFloatRange = &reason{"64 ビット浮動小数点数の範囲を超えています", "out of range for a 64-bit float"}
	errGeoRange   = &reason{"経度は -180〜180、緯度は -90〜90 の範囲でなければなりません", "longitude must be within -180..180 and latitude within -90..90"}
)

func errMonth(m int64) *reason {
	return &reason{fmt.Sprintf("%d月はありません (1〜12)", m), fmt.Sprintf("month %d is not 1–12", m)}
}

func errDay(y, m, d int64) *reason {
	return &reason{fmt.Sprintf("%04d年%d月に%d日はありません", y, m, d), fmt.Sprintf("%04d-%02d has no day %d", y, m, d)}
}

// cast parses cell according to the field's type and format into v. It
// returns nil, errLexical, a *reason, or (for a pattern format) the error
// of the pattern.
func (f *Field) cast(cell []byte, v *value) error {
	*v = value{}
	switch f.kind {
	case kindAny:
		v.s = cell
	case kindString:
		if f.Format != "default" {
			if err := f.castString(cell); err != nil {
				return err
			}
		}
		v.s = cell
		if f.minLength >= 0 || f.maxLength >= 0 {
			v.n = utf8.RuneCount(cell)
		}
	case kindInteger:
		b := f.numeric(cell)
		if b == nil {
			return errLexical
		}
		i, ok := parseInt(b)
		if !ok {
			return errLexical
		}
		v.i = i
	case kindNumber:
		b := f.numeric(cell)
		if x, ok := parseDecimal(b); ok {
			v.f = x
			return nil
		}
		if b == nil || !isNumber(b) {
			return errLexical
		}
		x, err := strconv.ParseFloat(bytesString(b), 64)
		if err != nil && !errors.Is(err, strconv.ErrRange) {
			return errLexical
		}
		if math.IsInf(x, 0) && !isInfWord(b) {
			return errFloatRange
		}
		v.f = x
	case kindBoolean:
		for _, t := range f.trueValues {
			if string(cell) == t {
				v.i = 1
				return nil
			}
		}
		for _, t := range f.falseValues {
			if string(cell) == t {
				return nil
			}
		}
		return errLexical
	case kindDate:
		return f.castDate(cell, v)
	case kindTime:
		return f.castTime(cell, v)
	case kindDatetime:
		return f.castDatetime(cell, v)
	case kindYear:
		if len(cell) != 4 || !allDigits(cell) {
			return errLexical
		}
		v.i, _ = parseInt(cell)
	case kindYearmonth:
		if len(cell) != 7 || cell[4] != '-' || !allDigits(cell[:4]) || !allDigits(cell[5:]) {
			return errLexical
		}
		y, _ := parseInt(cell[:4])
		m, _ := parseInt(cell[5:])
		if m < 1 || m > 12 {
			return errMonth(m)
		}
		v.i = y*12 + m - 1
	case kindDuration:
		s, ok := parseDuration(cell)
		if !ok {
			return errLexical
		}
		v.f = s
	case kindObject, kindArray, kindGeojson:
		return f.castJSON(cell, v)
	case kindGeopoint:
		return f.castGeopoint(cell, v)
	case kindList:
		return f.castList(cell, v)
	}
	return nil
}

// numeric applies bareNumber, groupChar and decimalChar, returning the
// plain number text, or nil when nothing numeric is left.
func (f *Field) numeric(cell []byte) []byte {
	b := cell
	if !f.bareNumber && !isNumber(b) {
		// Spec: bareNumber false strips leading and trailing characters that
		// are not part of the number, such as "€95" or "95%".
		start := 0
		for start < len(b) && !isNumStart(b[start]) && !bytes.HasPrefix(b[start:], []byte(f.decimalChar)) {
			_, size := utf8.DecodeRune(b[start:])
			start += size
		}
		end := len(b)
		for end > start && !isDigit(b[end-1]) {
			_, size := utf8.DecodeLastRune(b[start:end])
			end -= size
		}
		b = b[start:end]
	}
	if f.groupChar == "" && f.decimalChar == "." {
		return b
	}
	if f.groupChar != "" {
		b = bytes.ReplaceAll(b, []byte(f.groupChar), nil)
	}
	if f.decimalChar != "." {
		if f.kind == kindNumber && bytes.IndexByte(b, '.') >= 0 {
			return nil // a "." is not the decimal mark here
		}
		b = bytes.Replace(b, []byte(f.decimalChar), []byte("."), 1)
	}
	return b
}

func isNumStart(c byte) bool { return isDigit(c) || c == '-' || c == '+' }
func isDigit(c byte) bool    { return '0' <= c && c <= '9' }

func allDigits(b []byte) bool {
	for _, c := range b {
		if !isDigit(c) {
			return false
		}
	}
	return len(b) > 0
}

// parseInt parses [+-]?[0-9]+ into an int64 without allocating.
func parseInt(b []byte) (int64, bool) {
	if len(b) == 0 {
		return 0, false
	}
	neg := false
	switch b[0] {
	case '-':
		neg = true
		b = b[1:]
	case '+':
		b = b[1:]
	}
	if len(b) == 0 {
		return 0, false
	}
	for len(b) > 1 && b[0] == '0' {
		b = b[1:] // more than 19 digits fit with leading zeros
	}
	if len(b) > 19 {
		return 0, false
	}
	var u uint64
	for _, c := range b {
		if !isDigit(c) {
			return 0, false
		}
		u = u*10 + uint64(c-'0')
	}
	if neg {
		if u > 1<<63 {
			return 0, false
		}
		return -int64(u), true
	}
	if u > math.MaxInt64 {
		return 0, false
	}
	return int64(u), true
}

// pow10 are the powers of ten that parseDecimal divides by, all exact.
var pow10 = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// parseDecimal parses [+-]?d*(.d*)? with at most 15 significant digits and
// 22 after the point, the form of nearly every number in a table, to the
// value strconv.ParseFloat gives, in a fraction of its time; ok is false
// for any other form. The digits make an integer below 2^53 and the power
// of ten is exact, so that one division, correctly rounded, is the
// correctly rounded value (the fast path that ParseFloat takes too, after
// more work).
func parseDecimal(b []byte) (x float64, ok bool) {
	i, neg := 0, false
	if len(b) > 0 && (b[0] == '+' || b[0] == '-') {
		i, neg = 1, b[0] == '-'
	}
	var m uint64
	digits, sig, frac := 0, 0, -1 // frac: the digits after the point, -1 before it
	for ; i < len(b); i++ {
		switch c := b[i]; {
		case isDigit(c):
			m = m*10 + uint64(c-'0')
			digits++
			if m > 0 {
				sig++
			}
			if frac >= 0 {
				frac++
			}
			if sig > 15 || frac >= len(pow10) {
				return 0, false
			}
		case c == '.' && frac < 0:
			frac = 0
		default:
			return 0, false
		}
	}
	if digits == 0 {
		return 0, false
	}
	x = float64(m)
	if frac > 0 {
		x /= pow10[frac]
	}
	if neg {
		x = -x
	}
	return x, true
}

// isNumber reports whether b is [+-]?(d+(.d*)?|.d+)([eE][+-]?d+)? or one of
// NaN, INF, -INF in any case (Table Schema v2, number).
func isNumber(b []byte) bool {
	if len(b) > 0 && !isDigit(b[0]) && b[0] != '.' && (len(b) < 2 || !isDigit(b[1])) &&
		(isInfWord(b) || strings.EqualFold(string(b), "nan")) {
		return true
	}
	i := 0
	if i < len(b) && (b[i] == '+' || b[i] == '-') {
		i++
	}
	digits := 0
	for i < len(b) && isDigit(b[i]) {
		i++
		digits++
	}
	if i < len(b) && b[i] == '.' {
		i++
		for i < len(b) && isDigit(b[i]) {
			i++
			digits++
		}
	}
	if digits == 0 {
		return false
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		exp := 0
		for i < len(b) && isDigit(b[i]) {
			i++
			exp++
		}
		if exp == 0 {
			return false
		}
	}
	return i == len(b)
}

func isInfWord(b []byte) bool {
	return strings.EqualFold(string(b), "inf") || strings.EqualFold(string(b), "-inf")
}

func (f *Field) castString(cell []byte) error {
	switch f.Format {
	case "email":
		at := bytes.IndexByte(cell, '@')
		if at <= 0 || at == len(cell)-1 || bytes.IndexByte(cell[at+1:], '@') >= 0 ||
			bytes.ContainsAny(cell, " \t\r\n") || bytes.IndexByte(cell[at+1:], '.') < 0 {
			return errLexical
		}
	case "uri":
		u, err := url.Parse(string(cell))
		if err != nil || u.Scheme == "" || bytes.ContainsAny(cell, " \t\r\n") {
			return errLexical
		}
	case "binary":
		if _, err := base64.StdEncoding.DecodeString(string(cell)); err != nil {
			return errLexical
		}
	case "uuid":
		if len(cell) != 36 {
			return errLexical
		}
		for i, c := range cell {
			switch i {
			case 8, 13, 18, 23:
				if c != '-' {
					return errLexical
				}
			default:
				if !isHex(c) {
					return errLexical
				}
			}
		}
	}
	return nil
}

func isHex(c byte) bool { return isDigit(c) || 'a' <= c|0x20 && c|0x20 <= 'f' }

// daysFromCivil returns the days since 1970-01-01 of a proleptic Gregorian
// date (Howard Hinnant's algorithm).
func daysFromCivil(y, m, d int64) int64 {
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era = (y - 399) / 400
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

func daysIn(y, m int64) int64 {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// parseISODate parses YYYY-MM-DD, checking the calendar.
func parseISODate(b []byte) (int64, error) {
	if len(b) != 10 || b[4] != '-' || b[7] != '-' {
		return 0, errLexical
	}
	// (A byte below '0' wraps round to above 9 too.)
	y0, y1, y2, y3 := b[0]-'0', b[1]-'0', b[2]-'0', b[3]-'0'
	m0, m1, d0, d1 := b[5]-'0', b[6]-'0', b[8]-'0', b[9]-'0'
	if y0 > 9 || y1 > 9 || y2 > 9 || y3 > 9 || m0 > 9 || m1 > 9 || d0 > 9 || d1 > 9 {
		return 0, errLexical
	}
	y := int64(y0)*1000 + int64(y1)*100 + int64(y2)*10 + int64(y3)
	m := int64(m0)*10 + int64(m1)
	d := int64(d0)*10 + int64(d1)
	if m < 1 || m > 12 {
		return 0, errMonth(m)
	}
	if d < 1 || d > daysIn(y, m) {
		return 0, errDay(y, m, d)
	}
	return civilDays(uint64(y), uint64(m), uint64(d)), nil
}

// daysBefore is the days of the months before each month of a year that is
// not a leap year.
var daysBefore = [13]uint64{0, 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334}

// civilDays is daysFromCivil for the years 0 to 9999, in fewer
// instructions: the year is taken 400 years on (the calendar repeats
// every 400 years), so that no division has a negative number.
func civilDays(y, m, d uint64) int64 {
	y += 400
	leap := y%4 == 0 && (y%100 != 0 || y%400 == 0)
	days := 365*(y-1) + (y-1)/4 - (y-1)/100 + (y-1)/400 + daysBefore[m] + d - 1
	if leap && m > 2 {
		days++
	}
	// The days from 0001-01-01 to 2370-01-01, 400 years after 1970-01-01.
	const epoch = 365*2369 + 2369/4 - 2369/100 + 2369/400
	return int64(days) - epoch
}

// anyDateLayouts are tried in order for format "any".
var anyDateLayouts = []string{
	"2006-01-02", "2006/01/02", "2006/1/2", "2006-1-2", "20060102", "2006年1月2日",
	"2 January 2006", "January 2, 2006", "2 Jan 2006", "Jan 2, 2006", "02.01.2006",
}

var anyDatetimeLayouts = []string{
	time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02 15:04:05Z07:00", "2006-01-02 15:04:05",
	"2006/01/02 15:04:05", "2006/01/02 15:04", "2006-01-02 15:04", time.RFC1123Z, time.RFC1123,
	time.RFC850, time.ANSIC,
}

var anyTimeLayouts = []string{"15:04:05Z07:00", "15:04:05", "15:04", "3:04:05 PM", "3:04 PM", "15時04分05秒", "15時04分"}

func toDays(t time.Time) int64 {
	y, m, d := t.Date()
	return daysFromCivil(int64(y), int64(m), int64(d))
}

// byFormat parses a date, time or datetime cell whose format is a pattern
// or "any". done is false for the default format, which each type parses
// itself.
func (f *Field) byFormat(cell []byte, anyLayouts []string) (t time.Time, done bool, err error) {
	switch {
	case f.layout != nil:
		t, err = f.layout.Parse(cell)
		if err != nil {
			// The pattern's own explanation is in English only.
			return t, true, &reason{fmt.Sprintf("書式 %s に合いません", f.Format), err.Error()}
		}
		return t, true, nil
	case f.Format == "any":
		for _, l := range anyLayouts {
			if t, err := time.Parse(l, string(cell)); err == nil {
				return t, true, nil
			}
		}
		return t, true, errLexical
	}
	return t, false, nil
}

func (f *Field) castDate(cell []byte, v *value) error {
	if t, done, err := f.byFormat(cell, anyDateLayouts); done {
		v.i = toDays(t)
		return err
	}
	d, err := parseISODate(cell)
	v.i = d
	return err
}

func nanosOfDay(t time.Time) int64 {
	h, m, s := t.Clock()
	return (int64(h)*3600+int64(m)*60+int64(s))*1e9 + int64(t.Nanosecond())
}

func (f *Field) castTime(cell []byte, v *value) error {
	if t, done, err := f.byFormat(cell, anyTimeLayouts); done {
		v.i = nanosOfDay(t)
		return err
	}
	// XML Schema time: hh:mm:ss with optional fraction and zone.
	if len(cell) < 8 || cell[2] != ':' || cell[5] != ':' {
		return errLexical
	}
	for _, l := range [...]string{"15:04:05", "15:04:05Z07:00"} {
		if t, err := time.Parse(l, string(cell)); err == nil {
			v.i = nanosOfDay(t)
			return nil
		}
	}
	return errLexical
}

func (f *Field) castDatetime(cell []byte, v *value) error {
	if t, done, err := f.byFormat(cell, anyDatetimeLayouts); done {
		v.t = t
		return err
	}
	// XML Schema dateTime: YYYY-MM-DDThh:mm:ss, optional fraction and zone.
	if len(cell) < 19 || cell[10] != 'T' {
		return errLexical
	}
	layout := "2006-01-02T15:04:05"
	if last := cell[len(cell)-1]; last == 'Z' || bytes.LastIndexAny(cell[19:], "+-") >= 0 {
		layout = time.RFC3339
	}
	t, err := time.Parse(layout, string(cell))
	if err != nil {
		if _, derr := parseISODate(cell[:10]); derr != nil {
			return derr
		}
		if c := cell[11:19]; c[2] == ':' && c[5] == ':' && allDigits(c[:2]) && allDigits(c[3:5]) && allDigits(c[6:]) &&
			(string(c[:2]) > "23" || string(c[3:5]) > "59" || string(c[6:]) > "59") {
			return &reason{fmt.Sprintf("時刻 %s は範囲外です", c), fmt.Sprintf("the time %s is out of range", c)}
		}
		return errLexical
	}
	v.t = t
	return nil
}

// durationUnits are the designators of one part of a duration, in order,
// and the seconds each stands for.
type durationUnits struct {
	letters string
	seconds [4]float64
}

const day = 86400.0

var (
	dateUnits = durationUnits{"YMWD", [4]float64{365.2425 * day, 365.2425 * day / 12, 7 * day, day}}
	timeUnits = durationUnits{"HMS", [4]float64{3600, 60, 1}}
)

// parseDuration parses an ISO 8601 duration PnYnMnWnDTnHnMnS into seconds,
// counting a year as 365.2425 days and a month as a twelfth of that, so
// that durations can be compared with minimum and maximum.
func parseDuration(b []byte) (float64, bool) {
	if len(b) < 2 || b[0] != 'P' {
		return 0, false
	}
	var total float64
	inTime, parts, timeParts, last := false, 0, 0, -1
	for i := 1; i < len(b); {
		if b[i] == 'T' {
			if inTime {
				return 0, false
			}
			inTime, last = true, -1
			i++
			continue
		}
		j := i
		for j < len(b) && (isDigit(b[j]) || b[j] == '.') {
			j++
		}
		if j == i || j == len(b) {
			return 0, false
		}
		n, err := strconv.ParseFloat(string(b[i:j]), 64)
		if err != nil {
			return 0, false
		}
		units := &dateUnits
		if inTime {
			units = &timeUnits
		}
		pos := strings.IndexByte(units.letters, b[j])
		if pos < 0 || pos <= last {
			return 0, false
		}
		last = pos
		total += n * units.seconds[pos]
		parts++
		if inTime {
			timeParts++
		}
		i = j + 1
	}
	if parts == 0 || inTime && timeParts == 0 {
		return 0, false
	}
	return total, true
}

// decodeJSON decodes b, which must be one JSON value and nothing more but
// white space, keeping numbers as json.Number.
func decodeJSON(b []byte) (any, bool) {
	var x any
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	if err := d.Decode(&x); err != nil {
		return nil, false
	}
	return x, len(bytes.TrimLeft(b[d.InputOffset():], " \t\r\n")) == 0
}

func (f *Field) castJSON(cell []byte, v *value) error {
	x, ok := decodeJSON(cell)
	if !ok {
		return errLexical
	}
	switch f.kind {
	case kindObject:
		m, ok := x.(map[string]any)
		if !ok {
			return errLexical
		}
		v.n = len(m)
	case kindArray:
		a, ok := x.([]any)
		if !ok {
			return errLexical
		}
		v.n = len(a)
	case kindGeojson:
		if err := checkGeoJSON(x, f.Format == "topojson"); err != nil {
			return err
		}
	}
	v.x = x
	v.s, _ = json.Marshal(x) // canonical: sorted keys
	return nil
}

var geojsonTypes = map[string]bool{
	"Point": true, "MultiPoint": true, "LineString": true, "MultiLineString": true,
	"Polygon": true, "MultiPolygon": true, "GeometryCollection": true,
	"Feature": true, "FeatureCollection": true,
}

func checkGeoJSON(x any, topo bool) error {
	m, ok := x.(map[string]any)
	if !ok {
		return errLexical
	}
	t, _ := m["type"].(string)
	needs := func(member string) *reason {
		return &reason{fmt.Sprintf("%s には %q が必要です", t, member), fmt.Sprintf("a %s needs %q", t, member)}
	}
	if topo {
		if t != "Topology" {
			return &reason{`TopoJSON には "type": "Topology" が必要です`, `a TopoJSON object needs "type": "Topology"`}
		}
		if _, ok := m["objects"].(map[string]any); !ok {
			return needs("objects")
		}
		return nil
	}
	if !geojsonTypes[t] {
		return &reason{fmt.Sprintf("%q は GeoJSON の型ではありません", t), fmt.Sprintf("%q is not a GeoJSON type", t)}
	}
	switch t {
	case "Feature":
		if _, ok := m["geometry"]; !ok {
			return needs("geometry")
		}
	case "FeatureCollection":
		if _, ok := m["features"].([]any); !ok {
			return needs("features")
		}
	case "GeometryCollection":
		if _, ok := m["geometries"].([]any); !ok {
			return needs("geometries")
		}
	default:
		if _, ok := m["coordinates"].([]any); !ok {
			return needs("coordinates")
		}
	}
	return nil
}

func (f *Field) castGeopoint(cell []byte, v *value) error {
	var lon, lat float64
	switch f.Format {
	case "array", "object":
		x, ok := decodeJSON(cell)
		if !ok {
			return errLexical
		}
		var a, b any
		if f.Format == "array" {
			arr, ok := x.([]any)
			if !ok || len(arr) != 2 {
				return errLexical
			}
			a, b = arr[0], arr[1]
		} else {
			m, ok := x.(map[string]any)
			if !ok || len(m) != 2 {
				return errLexical
			}
			a, b = m["lon"], m["lat"]
		}
		na, ok1 := a.(json.Number)
		nb, ok2 := b.(json.Number)
		if !ok1 || !ok2 {
			return errLexical
		}
		var err1, err2 error
		lon, err1 = na.Float64()
		lat, err2 = nb.Float64()
		if err1 != nil || err2 != nil {
			return errLexical
		}
	default:
		s := string(cell)
		i := strings.IndexByte(s, ',')
		if i < 0 {
			return errLexical
		}
		a, b := s[:i], strings.TrimPrefix(s[i+1:], " ")
		if !isNumber([]byte(a)) || !isNumber([]byte(b)) {
			return errLexical
		}
		lon, _ = strconv.ParseFloat(a, 64)
		lat, _ = strconv.ParseFloat(b, 64)
	}
	if !(lon >= -180 && lon <= 180) || !(lat >= -90 && lat <= 90) {
		return errGeoRange
	}
	v.x = [2]float64{lon, lat}
	v.s = binary.BigEndian.AppendUint64(binary.BigEndian.AppendUint64(nil, math.Float64bits(lon)), math.Float64bits(lat))
	return nil
}

func (f *Field) castList(cell []byte, v *value) error {
	if len(cell) == 0 {
		v.s = cell
		return nil
	}
	parts := strings.Split(string(cell), f.delimiter)
	items := make([]any, len(parts))
	var iv value
	for n, p := range parts {
		if err := f.item.cast([]byte(p), &iv); err != nil {
			what := &kindTexts[f.item.kind]
			return &reason{fmt.Sprintf("%d 番目の要素 %s は%sではありません", n+1, quote(p), what.ja), fmt.Sprintf("item %d %s is not %s", n+1, quote(p), what.en)}
		}
		items[n] = p
	}
	v.x = items
	v.n = len(items)
	v.s = cell
	return nil
}

// appendKey appends a canonical encoding of v to dst, so that two values
// are equal exactly when their encodings are: keys for unique, primary and
// foreign key indexes. It is short (a key index holds a key per row), and
// values that sort as numbers, dates and times do, and strings of one
// length, give keys that sort in the same order (see keyset).
func appendKey(dst []byte, k kind, v *value) []byte {
	if v.null {
		return append(dst, 0)
	}
	dst = append(dst, byte(k)+1)
	switch k {
	case kindInteger, kindBoolean, kindDate, kindTime, kindYear, kindYearmonth:
		return appendInt(dst, v.i)
	case kindNumber, kindDuration:
		x := v.f
		if x == 0 {
			x = 0 // -0 == 0
		}
		bits := math.Float64bits(x)
		if x != x {
			bits = 0x7ff8000000000001 // one NaN
		}
		return binary.BigEndian.AppendUint64(dst, bits)
	case kindDatetime:
		dst = appendInt(dst, v.t.Unix())
		return binary.BigEndian.AppendUint32(dst, uint32(v.t.Nanosecond()))
	}
	dst = binary.AppendUvarint(dst, uint64(len(v.s)))
	return append(dst, v.s...)
}

// appendInt appends x in as few bytes as it needs, in an encoding whose
// bytes sort as the numbers do: 0x80+n and the n low bytes of x ≥ 0, or
// 0x7f-n and the n low bytes of x < 0, n being the bytes that x (^x when
// negative) needs without its leading zeros. A date of this century takes
// 3 bytes rather than 8.
func appendInt(dst []byte, x int64) []byte {
	u := uint64(x)
	if x < 0 {
		u = ^u
	}
	n := (bits.Len64(u) + 7) / 8
	if x < 0 {
		dst = append(dst, byte(0x7f-n))
	} else {
		dst = append(dst, byte(0x80+n))
	}
	for i := n - 1; i >= 0; i-- {
		dst = append(dst, byte(uint64(x)>>(8*i)))
	}
	return dst
}

// compare orders two non-null values of the same ordered kind. ok is false
// when they have no order: a NaN is within no range.
func compare(k kind, a, b *value) (c int, ok bool) {
	switch k {
	case kindNumber, kindDuration:
		switch {
		case a.f < b.f:
			return -1, true
		case a.f > b.f:
			return 1, true
		case a.f == b.f:
			return 0, true
		}
		return 0, false
	case kindDatetime:
		return a.t.Compare(b.t), true
	}
	switch {
	case a.i < b.i:
		return -1, true
	case a.i > b.i:
		return 1, true
	}
	return 0, true
}

// kindTexts names each kind in messages, with a hint of its lexical form.
var kindTexts = [...]struct{ ja, en, hint string }{
	kindAny:       {"値", "a value", ""},
	kindString:    {"文字列", "a string", ""},
	kindNumber:    {"数値", "a number", "e.g. 12.5"},
	kindInteger:   {"整数", "an integer", "e.g. 123"},
	kindBoolean:   {"真偽値", "a boolean", ""},
	kindObject:    {"JSON オブジェクト", "a JSON object", ""},
	kindArray:     {"JSON 配列", "a JSON array", ""},
	kindList:      {"リスト", "a list", ""},
	kindDatetime:  {"日時", "a datetime", "YYYY-MM-DDThh:mm:ss"},
	kindDate:      {"日付", "a date", "YYYY-MM-DD"},
	kindTime:      {"時刻", "a time", "hh:mm:ss"},
	kindYear:      {"年", "a year", "YYYY"},
	kindYearmonth: {"年月", "a year and month", "YYYY-MM"},
	kindDuration:  {"ISO 8601 の期間", "an ISO 8601 duration", "e.g. P1Y2M"},
	kindGeopoint:  {"地点", "a geopoint", "lon, lat"},
	kindGeojson:   {"GeoJSON", "GeoJSON", ""},
}
