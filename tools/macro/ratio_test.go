package macro

import (
	"math/big"
	"testing"
)

func TestRatio(t *testing.T) {
	for _, tc := range []struct {
		n, d     int64
		scale    int64
		decimals int
		want     string
	}{
		{860410, 1961575, 100, 1, "43.9"},
		{1, 8, 100, 1, "12.5"},   // exact
		{1, 16, 100, 1, "6.3"},   // 6.25 → half-up
		{1, 3, 100, 0, "33"},     // no places
		{2, 3, 100, 2, "66.67"},  // two places
		{1, 2000, 100, 1, "0.1"}, // 0.05 → 0.1
		{1, 3000, 100, 1, "0.0"},
		{-1, 16, 100, 1, "-6.3"}, // away from zero
		{-1, 3000, 100, 1, "0.0"},
		{5, 0, 100, 1, ""},
	} {
		t.Run("", func(t *testing.T) {
			got := Ratio(big.NewInt(tc.n), big.NewInt(tc.d), tc.scale, tc.decimals)
			if got != tc.want {
				t.Errorf("Ratio(%d, %d, %d, %d) = %q, want %q", tc.n, tc.d, tc.scale, tc.decimals, got, tc.want)
			}
		})
	}
	// The same figure as the macro view's share.
	for _, c := range [][2]int64{{860410, 1961575}, {1, 16}, {0, 7}, {123456789, 987654321}} {
		n, d := big.NewInt(c[0]), big.NewInt(c[1])
		if got, want := Ratio(n, d, 100, 1), share(n, d); got != want {
			t.Errorf("Ratio(%d, %d, 100, 1) = %q, want share's %q", c[0], c[1], got, want)
		}
	}
}
