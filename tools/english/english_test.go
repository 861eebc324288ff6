package english

import "testing"

func TestCount(t *testing.T) {
	tests := []struct {
		n          int
		one, other string
		want       string
	}{
		{0, "error", "", "0 errors"},
		{1, "error", "", "1 error"},
		{2, "error", "", "2 errors"},
		{1, "row", "", "1 row"},
		{3, "local government", "", "3 local governments"},
		{1, "municipality", "municipalities", "1 municipality"},
		{2, "municipality", "municipalities", "2 municipalities"},
	}
	for _, tt := range tests {
		var got string
		if tt.other != "" {
			got = Count(tt.n, tt.one, tt.other)
		} else {
			got = Count(tt.n, tt.one)
		}
		if got != tt.want {
			t.Errorf("Count(%d, %q) = %q, want %q", tt.n, tt.one, got, tt.want)
		}
	}
}
