// Package wareki writes years and dates in the Japanese calendar (和暦):
// 令和8年, 令和元年5月1日, 令和8年度版.
package wareki

import (
	"fmt"
	"time"
)

// An era starts on its first day, in Japan's time zone.
type era struct {
	name  string
	start time.Time
}

var jst = time.FixedZone("JST", 9*60*60)

// eras, newest first.
var eras = []era{
	{"令和", time.Date(2019, 5, 1, 0, 0, 0, 0, jst)},
	{"平成", time.Date(1989, 1, 8, 0, 0, 0, 0, jst)},
	{"昭和", time.Date(1926, 12, 25, 0, 0, 0, 0, jst)},
}

func yearName(name string, n int) string {
	if n == 1 {
		return name + "元年"
	}
	return fmt.Sprintf("%s%d年", name, n)
}

// Date writes a date as 令和7年5月1日 (1 is 元年). Dates before 昭和 are
// written in the Gregorian calendar.
func Date(t time.Time) string {
	d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, jst)
	for _, e := range eras {
		if !d.Before(e.start) {
			return fmt.Sprintf("%s%d月%d日", yearName(e.name, t.Year()-e.start.Year()+1), t.Month(), t.Day())
		}
	}
	return fmt.Sprintf("%d年%d月%d日", t.Year(), t.Month(), t.Day())
}

// FiscalYear writes fiscal year y (1 April y to 31 March y+1) as 令和8年度.
// A fiscal year takes the era in force at its end, as the government
// writes it: fiscal 2019, which began under 平成, is 令和元年度.
func FiscalYear(y int) string {
	end := time.Date(y+1, 3, 31, 0, 0, 0, 0, jst)
	for _, e := range eras {
		if !end.Before(e.start) {
			return yearName(e.name, y-e.start.Year()+1) + "度"
		}
	}
	return fmt.Sprintf("%d年度", y)
}

// Edition names the edition of the list published in fiscal year y, such
// as 令和8年度版.
func Edition(y int) string { return FiscalYear(y) + "版" }
