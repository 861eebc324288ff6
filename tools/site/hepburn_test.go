package site

import "testing"

func TestHepburn(t *testing.T) {
	tests := []struct {
		reading string
		kind    bool
		want    string
	}{
		{"トウキョウト", true, "Tōkyō-to"},
		{"オオサカフ", true, "Ōsaka-fu"},
		{"ハコダテシ", true, "Hakodate-shi"},
		{"ホッカイドウ", true, "Hokkaidō"},
		{"チヨダク", true, "Chiyoda-ku"},
		{"モリマチ", true, "Mori-machi"},
		{"ギョウダシ", true, "Gyōda-shi"},
		{"ゴウドチョウ", true, "Gōdo-chō"},
		{"カミコアニムラ", true, "Kamikoani-mura"},
		{"キョウト", false, "Kyōto"},
	}
	for _, tt := range tests {
		if got := hepburn(tt.reading, tt.kind); got != tt.want {
			t.Errorf("hepburn(%q, %v) = %q, want %q", tt.reading, tt.kind, got, tt.want)
		}
	}
}
