package strptime

import (
	"errors"
	"strings"
	"sync"
	"testing"
	"time"
)

func utc(y int, mo time.Month, d, h, mi, s, ns int) time.Time {
	return time.Date(y, mo, d, h, mi, s, ns, time.UTC)
}

func zoned(off int, y int, mo time.Month, d, h, mi, s int) time.Time {
	return time.Date(y, mo, d, h, mi, s, 0, time.FixedZone("", off))
}

// same reports whether a and b are the same instant with the same offset.
func same(a, b time.Time) bool {
	_, ao := a.Zone()
	_, bo := b.Zone()
	return a.Equal(b) && ao == bo
}

func mustCompile(t testing.TB, format string) *Layout {
	t.Helper()
	l, err := Compile(format)
	if err != nil {
		t.Fatalf("Compile(%q) = %v", format, err)
	}
	return l
}

func TestParse(t *testing.T) {
	tests := []struct {
		name, format, input string
		want                time.Time
	}{
		// %Y %m %d, with and without padding
		{"padded", "%d.%m.%Y", "05.03.2024", utc(2024, 3, 5, 0, 0, 0, 0)},
		{"unpadded", "%d.%m.%Y", "5.3.2024", utc(2024, 3, 5, 0, 0, 0, 0)},
		{"space-padded day", "%d.%m.%Y", " 5.03.2024", utc(2024, 3, 5, 0, 0, 0, 0)},
		{"%e", "%e.%m.%Y", " 5.3.2024", utc(2024, 3, 5, 0, 0, 0, 0)},
		{"iso date", "%Y-%m-%d", "2024-12-31", utc(2024, 12, 31, 0, 0, 0, 0)},
		{"no separators", "%Y%m%d", "20240305", utc(2024, 3, 5, 0, 0, 0, 0)},
		{"year 1", "%Y-%m-%d", "0001-01-01", utc(1, 1, 1, 0, 0, 0, 0)},
		{"year 9999", "%Y-%m-%d", "9999-12-31", utc(9999, 12, 31, 0, 0, 0, 0)},
		{"backtracking month", "%m%d", "110", utc(1900, 1, 10, 0, 0, 0, 0)},
		{"backtracking hour", "%H%M", "123", utc(1900, 1, 1, 12, 3, 0, 0)},
		// %y
		{"%y 24", "%y-%m-%d", "24-03-05", utc(2024, 3, 5, 0, 0, 0, 0)},
		{"%y 00", "%y", "00", utc(2000, 1, 1, 0, 0, 0, 0)},
		{"%y 68", "%y", "68", utc(2068, 1, 1, 0, 0, 0, 0)},
		{"%y 69", "%y", "69", utc(1969, 1, 1, 0, 0, 0, 0)},
		{"%y 99", "%y", "99", utc(1999, 1, 1, 0, 0, 0, 0)},
		{"later directive wins", "%Y %y", "1999 24", utc(2024, 1, 1, 0, 0, 0, 0)},
		// leap years
		{"29 Feb 2024", "%Y-%m-%d", "2024-02-29", utc(2024, 2, 29, 0, 0, 0, 0)},
		{"29 Feb 2000", "%Y-%m-%d", "2000-02-29", utc(2000, 2, 29, 0, 0, 0, 0)},
		{"30 April", "%Y-%m-%d", "2024-04-30", utc(2024, 4, 30, 0, 0, 0, 0)},
		// %j
		{"%j leap day", "%Y %j", "2024 060", utc(2024, 2, 29, 0, 0, 0, 0)},
		{"%j 366", "%Y %j", "2024 366", utc(2024, 12, 31, 0, 0, 0, 0)},
		{"%j unpadded", "%Y-%j", "2025-1", utc(2025, 1, 1, 0, 0, 0, 0)},
		{"%j default year", "%j", "32", utc(1900, 2, 1, 0, 0, 0, 0)},
		{"%j overrides month and day", "%Y-%m-%d %j", "2024-12-31 001", utc(2024, 1, 1, 0, 0, 0, 0)},
		// names
		{"%b", "%d %b %Y", "05 Mar 2024", utc(2024, 3, 5, 0, 0, 0, 0)},
		{"%b lower", "%d %b %Y", "05 mar 2024", utc(2024, 3, 5, 0, 0, 0, 0)},
		{"%b upper", "%d %b %Y", "05 MAR 2024", utc(2024, 3, 5, 0, 0, 0, 0)},
		{"%h", "%h %d", "Sep 9", utc(1900, 9, 9, 0, 0, 0, 0)},
		{"%B", "%d %B %Y", "1 September 2024", utc(2024, 9, 1, 0, 0, 0, 0)},
		{"%B mixed case", "%B %Y", "mAY 2024", utc(2024, 5, 1, 0, 0, 0, 0)},
		{"%a", "%a, %d %b %Y", "Tue, 05 Mar 2024", utc(2024, 3, 5, 0, 0, 0, 0)},
		{"%a not checked", "%a, %d %b %Y", "sun, 05 Mar 2024", utc(2024, 3, 5, 0, 0, 0, 0)},
		{"%A", "%A %d.%m.%Y", "WEDNESDAY 6.3.2024", utc(2024, 3, 6, 0, 0, 0, 0)},
		// time
		{"time defaults to 1900-01-01", "%H:%M", "10:30", utc(1900, 1, 1, 10, 30, 0, 0)},
		{"unpadded time", "%H:%M:%S", "1:2:3", utc(1900, 1, 1, 1, 2, 3, 0)},
		{"last second", "%H:%M:%S", "23:59:59", utc(1900, 1, 1, 23, 59, 59, 0)},
		{"datetime", "%Y/%m/%d %H:%M", "2024/03/05 07:08", utc(2024, 3, 5, 7, 8, 0, 0)},
		{"%f 1 digit", "%H:%M:%S.%f", "10:00:00.5", utc(1900, 1, 1, 10, 0, 0, 500000000)},
		{"%f 4 digits", "%H:%M:%S.%f", "10:00:00.0123", utc(1900, 1, 1, 10, 0, 0, 12300000)},
		{"%f 6 digits", "%H:%M:%S.%f", "10:00:00.000001", utc(1900, 1, 1, 10, 0, 0, 1000)},
		{"%f then digits", "%f%H", "12345607", utc(1900, 1, 1, 7, 0, 0, 123456000)},
		// %I %p
		{"12 AM", "%I:%M %p", "12:00 AM", utc(1900, 1, 1, 0, 0, 0, 0)},
		{"12:30 PM", "%I:%M %p", "12:30 PM", utc(1900, 1, 1, 12, 30, 0, 0)},
		{"1 pm", "%I:%M %p", "1:00 pm", utc(1900, 1, 1, 13, 0, 0, 0)},
		{"11:59 PM", "%I:%M %p", "11:59 PM", utc(1900, 1, 1, 23, 59, 0, 0)},
		{"%p before %I", "%p %I", "Pm 3", utc(1900, 1, 1, 15, 0, 0, 0)},
		{"%I without %p is AM", "%I", "12", utc(1900, 1, 1, 0, 0, 0, 0)},
		{"%p without %I is ignored", "%H %p", "10 PM", utc(1900, 1, 1, 10, 0, 0, 0)},
		// %z
		{"%z +HHMM", "%Y-%m-%dT%H:%M:%S%z", "2024-03-05T10:00:00+0530", zoned(19800, 2024, 3, 5, 10, 0, 0)},
		{"%z +HH:MM", "%Y-%m-%dT%H:%M:%S%z", "2024-03-05T10:00:00+05:30", zoned(19800, 2024, 3, 5, 10, 0, 0)},
		{"%z -HHMM", "%Y-%m-%dT%H:%M:%S%z", "2024-03-05T10:00:00-0800", zoned(-28800, 2024, 3, 5, 10, 0, 0)},
		{"%z Z", "%Y-%m-%dT%H:%M:%S%z", "2024-03-05T10:00:00Z", utc(2024, 3, 5, 10, 0, 0, 0)},
		{"%z +HHMMSS", "%H:%M%z", "10:00+053015", zoned(19815, 1900, 1, 1, 10, 0, 0)},
		{"%z +HH:MM:SS", "%H:%M%z", "10:00+05:30:15", zoned(19815, 1900, 1, 1, 10, 0, 0)},
		{"%z zero fraction", "%H:%M%z", "10:00+05:30:00.000", zoned(19800, 1900, 1, 1, 10, 0, 0)},
		{"%z almost a day", "%z", "-23:59", zoned(-86340, 1900, 1, 1, 0, 0, 0)},
		{"%z odd minutes", "%z", "+0001", zoned(60, 1900, 1, 1, 0, 0, 0)},
		{"%z -00:00", "%z", "-00:00", utc(1900, 1, 1, 0, 0, 0, 0)},
		// literals and whitespace
		{"%%", "100%% %Y", "100% 2024", utc(2024, 1, 1, 0, 0, 0, 0)},
		{"literal ignores case", "%Y-%m-%dT%H:%M", "2024-03-05t10:00", utc(2024, 3, 5, 10, 0, 0, 0)},
		{"non-ASCII literal", "%Y年%m月%d日", "2024年3月5日", utc(2024, 3, 5, 0, 0, 0, 0)},
		{"one space", "%Y-%m-%d %H:%M", "2024-03-05 10:00", utc(2024, 3, 5, 10, 0, 0, 0)},
		{"many spaces", "%Y-%m-%d %H:%M", "2024-03-05   10:00", utc(2024, 3, 5, 10, 0, 0, 0)},
		{"tab for space", "%Y-%m-%d %H:%M", "2024-03-05\t10:00", utc(2024, 3, 5, 10, 0, 0, 0)},
		{"ideographic space", "%Y-%m-%d %H:%M", "2024-03-05\u300010:00", utc(2024, 3, 5, 10, 0, 0, 0)},
		{"spaces in format", "%d  \t%b", "5 Mar", utc(1900, 3, 5, 0, 0, 0, 0)},
		{"leading space", " %Y", "\n 2024", utc(2024, 1, 1, 0, 0, 0, 0)},
		{"space before space-padded day", "%m %d", "3  5", utc(1900, 3, 5, 0, 0, 0, 0)},
		{"empty format", "", "", utc(1900, 1, 1, 0, 0, 0, 0)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := mustCompile(t, tt.format)
			got, err := l.Parse([]byte(tt.input))
			if err != nil || !same(got, tt.want) {
				t.Errorf("Parse(%q, %q) = %v, %v, want %v", tt.format, tt.input, got, err, tt.want)
			}
			if !strings.Contains(tt.format, "%z") && got.Location() != time.UTC {
				t.Errorf("Parse(%q, %q) location = %v, want UTC", tt.format, tt.input, got.Location())
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, format, input string
		want                string // part of the message
	}{
		{"month 13", "%Y-%m-%d", "2024-13-01", `at character 5: expected month (1-12), found "13"`},
		{"month 0", "%Y-%m-%d", "2024-00-01", `at character 5: expected month (1-12), found "00"`},
		{"day 32", "%d.%m.%Y", "32.1.2024", `at character 0: expected day of month (1-31), found "32"`},
		{"29 Feb 2025", "%Y-%m-%d", "2025-02-29", `at character 8: day 29 does not exist in February 2025`},
		{"29 Feb 1900", "%Y-%m-%d", "1900-02-29", `at character 8: day 29 does not exist in February 1900`},
		{"29 Feb without year", "%m-%d", "02-29", `day 29 does not exist in February 1900`},
		{"31 April", "%d.%m.%Y", "31.4.2024", `at character 0: day 31 does not exist in April 2024`},
		{"year 0", "%Y", "0000", `at character 0: year 0 is out of range`},
		{"short year", "%Y-%m-%d", "24-01-01", `at character 0: expected 4-digit year, found "24"`},
		{"2-digit year for %Y", "%d.%m.%Y", "5.3.24", `at character 4: expected 4-digit year, found "24"`},
		{"3-digit %y", "%y", "123", `at character 2: expected end of input, found "3"`},
		{"short input", "%Y-%m-%d", "2024-01", `at character 7: expected "-", found end of input`},
		{"empty input", "%Y", "", `at character 0: expected 4-digit year, found end of input`},
		{"trailing input", "%Y-%m-%d", "2024-01-01x", `at character 10: expected end of input, found "x"`},
		{"trailing space", "%Y-%m-%d", "2024-01-01 ", `at character 10: expected end of input, found " "`},
		{"trailing digit", "%Y-%m-%d", "2024-01-011", `at character 10: expected end of input, found "1"`},
		{"wrong separator", "%Y-%m-%d", "2024/01/01", `at character 4: expected "-", found "/"`},
		{"hour 24", "%H:%M", "24:00", `at character 0: expected hour (0-23), found "24"`},
		{"minute 60", "%H:%M", "10:60", `at character 3: expected minute (0-59), found "60"`},
		{"second 60", "%H:%M:%S", "10:00:60", `at character 6: expected second (0-59), found "60"`},
		{"%I 13", "%I:%M %p", "13:00 PM", `at character 0: expected hour (1-12), found "13"`},
		{"%I 0", "%I:%M %p", "0:00 PM", `at character 0: expected hour (1-12), found "0"`},
		{"bad %p", "%I %p", "10 XM", `at character 3: expected AM or PM, found "XM"`},
		{"%f 7 digits", "%S.%f", "00.1234567", `at character 9: expected end of input, found "7"`},
		{"%f empty", "%S.%f", "00.", `at character 3: expected fraction of a second (1-6 digits), found end of input`},
		{"%j 0", "%j", "000", `at character 0: expected day of year (1-366), found "000"`},
		{"%j 367", "%Y %j", "2024 367", `at character 5: expected day of year (1-366), found "367"`},
		{"%j 366 in common year", "%Y %j", "2025 366", `at character 5: day of year 366 does not exist in 2025`},
		{"bad month name", "%d %b %Y", "05 Mrz 2024", `at character 3: expected abbreviated month name, found "Mrz"`},
		{"full name for %b", "%d %b %Y", "05 March 2024", `at character 6: expected whitespace, found "ch"`},
		{"bad weekday", "%A", "Funday", `at character 0: expected weekday name, found "Funday"`},
		{"%z 24 hours", "%z", "+2400", `at character 0: UTC offset "+2400" is not less than 24 hours`},
		{"%z colon then none", "%z", "+05:3000", `inconsistent use of ':' in UTC offset "+05:3000"`},
		{"%z none then colon", "%z", "+0530:00", `inconsistent use of ':' in UTC offset "+0530:00"`},
		{"%z one hour digit", "%H%z", "10+5:30", `at character 2: expected UTC offset (Z, +HHMM or +HH:MM), found "+5:30"`},
		{"%z lower-case z", "%z", "z", `at character 0: expected UTC offset (Z, +HHMM or +HH:MM), found "z"`},
		{"%z minutes 60", "%z", "+0560", `at character 0: expected UTC offset (Z, +HHMM or +HH:MM), found "+0560"`},
		{"%z fraction", "%z", "+05:30:00.5", `has a fraction of a second, which is not supported`},
		{"no whitespace", "%Y-%m-%d %H:%M", "2024-03-0510:00", `at character 10: expected whitespace, found "10"`},
		{"space for T", "%Y-%m-%dT%H", "2024-03-05 10", `at character 10: expected "T", found " "`},
		{"empty format", "", "x", `at character 0: expected end of input, found "x"`},
		{"position in characters", "%Y年%m月", "2024年13月", `at character 5: expected month (1-12), found "13"`},
		{"%% needs percent", "%Y%%", "2024", `at character 4: expected "%", found end of input`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := mustCompile(t, tt.format)
			got, err := l.Parse([]byte(tt.input))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Parse(%q, %q) = %v, %v, want error containing %q", tt.format, tt.input, got, err, tt.want)
			}
			if err != nil && !errors.Is(err, ErrNoMatch) {
				t.Errorf("Parse(%q, %q) error %v does not wrap ErrNoMatch", tt.format, tt.input, err)
			}
		})
	}
}

func TestCompileErrors(t *testing.T) {
	tests := []struct{ format, want string }{
		{"%Q", "bad directive %Q"},
		{"%c", "bad directive %c"},
		{"%Z", "bad directive %Z"},
		{"%Ä", "bad directive %Ä"},
		{"% d", "bad directive % "},
		{"%", "stray %"},
		{"%Y-%m-%d%", "stray %"},
		{"%Y %Y", "%Y in format \"%Y %Y\" sets the same field as %Y"},
		{"%d %e", "%e in format \"%d %e\" sets the same field as %d"},
		{"%b %h", "%h in format \"%b %h\" sets the same field as %b"},
	}
	for _, tt := range tests {
		t.Run(tt.format, func(t *testing.T) {
			l, err := Compile(tt.format)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Compile(%q) = %v, %v, want error containing %q", tt.format, l, err, tt.want)
			}
		})
	}
}

func TestLayoutInfo(t *testing.T) {
	tests := []struct {
		format           string
		hasDate, hasTime bool
	}{
		{"%d.%m.%Y", true, false},
		{"%y", true, false},
		{"%b", true, false},
		{"%j", true, false},
		{"%H:%M", false, true},
		{"%I %p", false, true},
		{"%f", false, true},
		{"%Y-%m-%dT%H:%M:%S%z", true, true},
		{"%A", false, false},
		{"%p %z %%", false, false},
		{"", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.format, func(t *testing.T) {
			l := mustCompile(t, tt.format)
			if got := l.HasDate(); got != tt.hasDate {
				t.Errorf("Compile(%q).HasDate() = %v, want %v", tt.format, got, tt.hasDate)
			}
			if got := l.HasTime(); got != tt.hasTime {
				t.Errorf("Compile(%q).HasTime() = %v, want %v", tt.format, got, tt.hasTime)
			}
			if got := l.String(); got != tt.format {
				t.Errorf("Compile(%q).String() = %q, want %q", tt.format, got, tt.format)
			}
		})
	}
}

func TestParseAllocs(t *testing.T) {
	tests := []struct{ format, input string }{
		{"%d.%m.%Y", "05.03.2024"},
		{"%d.%m.%Y", "5.3.2024"},
		{"%Y-%m-%dT%H:%M:%S.%f%z", "2024-03-05T10:20:30.123+05:30"},
		{"%a, %d %b %Y %I:%M %p", "Tue, 05 Mar 2024 10:20 PM"},
	}
	for _, tt := range tests {
		t.Run(tt.format, func(t *testing.T) {
			l := mustCompile(t, tt.format)
			in := []byte(tt.input)
			allocs := testing.AllocsPerRun(100, func() {
				if _, err := l.Parse(in); err != nil {
					t.Fatal(err)
				}
			})
			if allocs != 0 {
				t.Errorf("Parse(%q, %q) allocates %v times, want 0", tt.format, tt.input, allocs)
			}
		})
	}
}

func TestConcurrentParse(t *testing.T) {
	l := mustCompile(t, "%Y-%m-%dT%H:%M:%S%z")
	want := zoned(-9000, 2024, 3, 5, 10, 20, 30)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 100 {
				got, err := l.Parse([]byte("2024-03-05T10:20:30-02:30"))
				if err != nil || !same(got, want) {
					t.Errorf("Parse = %v, %v, want %v", got, err, want)
					return
				}
			}
		})
	}
	wg.Wait()
}

func BenchmarkParse(b *testing.B) {
	benchmarks := []struct{ name, format, input string }{
		{"dmY", "%d.%m.%Y", "05.03.2024"},
		{"ISO8601z", "%Y-%m-%dT%H:%M:%S%z", "2024-03-05T10:20:30+0530"},
	}
	for _, bm := range benchmarks {
		l := mustCompile(b, bm.format)
		in := []byte(bm.input)
		b.Run(bm.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := l.Parse(in); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// fuzzFormats are the formats FuzzParse picks from. For those with a Go
// layout (zero-padded formats), a parsed time formatted with the layout
// must parse back to the same time.
var fuzzFormats = []struct{ format, goLayout, seed string }{
	{"%d.%m.%Y", "02.01.2006", "5.3.2024"},
	{"%Y-%m-%dT%H:%M:%S%z", "2006-01-02T15:04:05-070000", "2024-03-05T10:20:30+05:30"},
	{"%Y/%m/%d %H:%M", "2006/01/02 15:04", "2024/03/05 10:20"},
	{"%d %b %Y", "02 Jan 2006", "05 mar 2024"},
	{"%Y-%m-%d %H:%M:%S.%f", "2006-01-02 15:04:05.000000", "2024-03-05 10:20:30.5"},
	{"%y%m%d", "060102", "240305"},
	{"%A, %d %B %Y %I:%M %p", "Monday, 02 January 2006 03:04 PM", "Tuesday, 05 March 2024 12:00 am"},
	{"%j/%Y", "", "60/2024"},
	{"%e %h %y", "", " 5 Mar 24"},
	{"%H%M%S%f", "", "1020301"},
	{"%%%Y %z", "", "%2024  Z"},
	{"%Y年%m月%d日", "", "2024年3月5日"},
	{"%a %d %m", "", "sun 31 12"},
}

func FuzzParse(f *testing.F) {
	layouts := make([]*Layout, len(fuzzFormats))
	for i, ff := range fuzzFormats {
		layouts[i] = mustCompile(f, ff.format)
		f.Add(uint8(i), ff.seed)
		f.Add(uint8(i), "2024-02-29T24:60:60+2400")
	}
	f.Fuzz(func(t *testing.T, which uint8, input string) {
		i := int(which) % len(fuzzFormats)
		ff, l := fuzzFormats[i], layouts[i]
		got, err := l.Parse([]byte(input))
		if err != nil {
			if !errors.Is(err, ErrNoMatch) || !strings.Contains(err.Error(), "at character ") {
				t.Fatalf("Parse(%q, %q) error %q does not wrap ErrNoMatch or give a position", ff.format, input, err)
			}
			return
		}
		if y := got.Year(); y < 1 || y > 9999 {
			t.Fatalf("Parse(%q, %q) = %v, want a year in 1-9999", ff.format, input, got)
		}
		if ff.goLayout == "" {
			return
		}
		s := got.Format(ff.goLayout)
		again, err := l.Parse([]byte(s))
		if err != nil || !same(again, got) {
			t.Fatalf("Parse(%q, %q) = %v, %v, want %v (formatted from Parse(%q, %q))", ff.format, s, again, err, got, ff.format, input)
		}
		if gt, err := time.Parse(ff.goLayout, s); err != nil || gt.Format(ff.goLayout) != s {
			t.Fatalf("time.Parse(%q, %q) = %v, %v, want %q", ff.goLayout, s, gt, err, s)
		}
	})
}
