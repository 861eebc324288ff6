package datadiff

import "testing"

func TestLabel(t *testing.T) {
	tests := []struct {
		key  []string
		name string
		want string
	}{
		{[]string{"011002", "2025-05-01"}, "北海道 札幌市 (011002)", "北海道 札幌市 (011002) 2025-05-01"},
		{[]string{"012034", "2025-05-01"}, "012034", "012034 2025-05-01"}, // an unknown code is its own name
		{[]string{"x", "y"}, "", "x, y"},
	}
	for _, tt := range tests {
		if got := label(tt.key, tt.name); got != tt.want {
			t.Errorf("label(%q, %q) = %q, want %q", tt.key, tt.name, got, tt.want)
		}
	}
}
