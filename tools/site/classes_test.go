package site

import (
	"slices"
	"testing"
)

func TestClasses(t *testing.T) {
	tests := []struct {
		lo, hi  float64
		integer bool
		want    []string
	}{
		{12.2, 75.3, false, []string{"10–20未満", "20–30未満", "30–40未満", "40–50未満", "50–60未満", "60–70未満", "70–80未満"}},
		{19.1, 84.3, false, []string{"10–20未満", "20–30未満", "30–40未満", "40–50未満", "50–60未満", "60–70未満", "70–80未満", "80–90未満"}},
		{0, 36, true, []string{"0–4", "5–9", "10–14", "15–19", "20–24", "25–29", "30–34", "35–39"}},
		{2, 5, true, []string{"2", "3", "4", "5"}},
		{0.5, 0.9, false, []string{"0.5–0.55未満", "0.55–0.6未満", "0.6–0.65未満", "0.65–0.7未満", "0.7–0.75未満", "0.75–0.8未満", "0.8–0.85未満", "0.85–0.9未満", "0.9–0.95未満"}},
		{7, 7, false, []string{"7–8未満"}},
	}
	for _, tt := range tests {
		var got []string
		for _, c := range classes(tt.lo, tt.hi, tt.integer, 10) {
			got = append(got, c.Label)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("classes(%g, %g, %v) = %q, want %q", tt.lo, tt.hi, tt.integer, got, tt.want)
		}
		cs := classes(tt.lo, tt.hi, tt.integer, 10)
		if len(cs) > 10 || cs[classOf(cs, tt.hi)].Hi < tt.hi || cs[classOf(cs, tt.lo)].Lo > tt.lo {
			t.Errorf("classes(%g, %g): %d classes, or the ends are outside", tt.lo, tt.hi, len(cs))
		}
	}
}
