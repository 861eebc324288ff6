package lgcode

import (
	"strconv"
	"testing"
)

func TestPopulationClassOf(t *testing.T) {
	tests := []struct {
		in   int64
		want PopulationClass
	}{
		{-1, 0},
		{0, PopUnder10k},
		{9_999, PopUnder10k},
		{10_000, Pop10k},
		{49_999, Pop10k},
		{50_000, Pop50k},
		{99_999, Pop50k},
		{100_000, Pop100k},
		{199_999, Pop100k},
		{200_000, Pop200k},
		{499_999, Pop200k},
		{500_000, Pop500k},
		{3_770_000, Pop500k},
	}
	for _, tt := range tests {
		t.Run(strconv.FormatInt(tt.in, 10), func(t *testing.T) {
			if got := PopulationClassOf(tt.in); got != tt.want {
				t.Errorf("PopulationClassOf(%d) = %d (%s), want %d (%s)", tt.in, got, got.Label(), tt.want, tt.want.Label())
			}
		})
	}
	for _, c := range PopulationClasses {
		if c.Label() == "" || c.Short() == "" || c.English() == "" || c.ID() == "" {
			t.Errorf("PopulationClass(%d): Label %q, Short %q, English %q, ID %q, want all", c, c.Label(), c.Short(), c.English(), c.ID())
		}
	}
	if c := PopulationClass(0); c.Label() != "" || c.ID() != "" {
		t.Errorf("PopulationClass(0): Label %q, ID %q, want \"\"", c.Label(), c.ID())
	}
}
