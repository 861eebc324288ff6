package main

import (
	"testing"
	"time"
)

func TestMedian(t *testing.T) {
	tests := []struct {
		in   []time.Duration
		want time.Duration
	}{
		{nil, 0},
		{[]time.Duration{3}, 3},
		{[]time.Duration{5, 1, 3}, 3},
		{[]time.Duration{4, 1, 3, 2}, 2}, // (2+3)/2, truncated
	}
	for _, tt := range tests {
		s := &series{}
		for _, d := range tt.in {
			s.runs = append(s.runs, measurement{wall: d})
		}
		if got := s.median(); got != tt.want {
			t.Errorf("median(%v) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestPairedRatio(t *testing.T) {
	mk := func(ds ...time.Duration) *series {
		s := &series{}
		for _, d := range ds {
			s.runs = append(s.runs, measurement{wall: d})
		}
		return s
	}
	tests := []struct {
		s, base *series
		want    float64
	}{
		{mk(), mk(), 0},
		{mk(20, 30, 80), mk(10, 20, 20), 2}, // ratios 2, 1.5, 4
		{mk(10, 30), mk(10, 10), 2},         // ratios 1, 3
		{mk(10, 10, 10), mk(10, 10), 1},     // extra runs of s are left out
	}
	for _, tt := range tests {
		if got := pairedRatio(tt.s, tt.base); got != tt.want {
			t.Errorf("pairedRatio(%v, %v) = %v, want %v", tt.s.runs, tt.base.runs, got, tt.want)
		}
	}
}
