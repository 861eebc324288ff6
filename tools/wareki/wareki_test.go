package wareki

import (
	"testing"
	"time"
)

func TestDate(t *testing.T) {
	tests := []struct {
		in   time.Time
		want string
	}{
		{time.Date(2019, 4, 30, 0, 0, 0, 0, time.UTC), "平成31年4月30日"},
		{time.Date(2019, 5, 1, 0, 0, 0, 0, time.UTC), "令和元年5月1日"},
		{time.Date(2025, 5, 1, 0, 0, 0, 0, time.UTC), "令和7年5月1日"},
		{time.Date(1989, 1, 7, 0, 0, 0, 0, time.UTC), "昭和64年1月7日"},
		{time.Date(1989, 1, 8, 0, 0, 0, 0, time.UTC), "平成元年1月8日"},
		{time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC), "1900年1月1日"},
	}
	for _, tt := range tests {
		if got := Date(tt.in); got != tt.want {
			t.Errorf("Date(%s) = %q, want %q", tt.in.Format("2006-01-02"), got, tt.want)
		}
	}
}

func TestFiscalYear(t *testing.T) {
	tests := []struct {
		in   int
		want string
	}{
		{2018, "平成30年度"},
		{2019, "令和元年度"},
		{2020, "令和2年度"},
		{2026, "令和8年度"},
	}
	for _, tt := range tests {
		if got := FiscalYear(tt.in); got != tt.want {
			t.Errorf("FiscalYear(%d) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := Edition(2026); got != "令和8年度版" {
		t.Errorf("Edition(2026) = %q, want 令和8年度版", got)
	}
}
