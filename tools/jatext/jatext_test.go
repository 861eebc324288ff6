package jatext

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
	"golang.org/x/text/width"
)

func TestFold(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"", ""},
		{"札幌市", "札幌市"},
		{"ｻｯﾎﾟﾛｼ", "サッポロシ"},
		{"ｶﾞｷﾞｸﾞｹﾞｺﾞ", "ガギグゲゴ"},
		{"ﾊﾟﾋﾟﾌﾟﾍﾟﾎﾟ", "パピプペポ"},
		{"ｳﾞｧｲｵﾘﾝ", "ヴァイオリン"},
		{"ﾄｳｷｮｳﾄ ﾁﾖﾀﾞｸ", "トウキョウト チヨダク"},
		{"ｰ", "ー"},
		{"ﾞ", "゛"},
		{"ｱﾞ", "ア゛"},
		{"１３１０１６", "131016"},
		{"ＡＢＣａｂｃ！＃", "ABCabc!#"},
		{"　東京都　千代田区　", "東京都 千代田区"},
		{" \t那覇市\n", "那覇市"},
		{"が", "が"},
		{"か\u3099", "が"},
		{"﨑", "﨑"},
		{"ヶ", "ヶ"},
		{"㈱①", "㈱①"},
		{"゛", "゛"},
		{"131016", "131016"},
		{" 131016", "131016"},
		{"131016\t", "131016"},
		{"Sapporo-shi", "Sapporo-shi"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := Fold(tt.in); got != tt.want {
				t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// FuzzFoldASCII: the ASCII fast path of Fold gives what the folds give.
func FuzzFoldASCII(f *testing.F) {
	for _, s := range []string{"131016", " 131016 ", "a\tb", "~", "ABC xyz", "１２"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !plainASCII(s) {
			return
		}
		slow := strings.TrimFunc(norm.NFC.String(width.Fold.String(s)), unicode.IsSpace)
		if got := Fold(s); got != slow {
			t.Errorf("Fold(%q) = %q, want %q", s, got, slow)
		}
	})
}

func TestKatakana(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"", ""},
		{"さっぽろし", "サッポロシ"},
		{"ちゅうおうく", "チュウオウク"},
		{"ぁぃぅぇぉゃゅょゎゕゖ", "ァィゥェォャュョヮヵヶ"},
		{"ゝゞ", "ヽヾ"},
		{"ゔ", "ヴ"},
		{"サッポロシ", "サッポロシ"},
		{"らーめん", "ラーメン"},
		{"札幌 さっぽろ", "札幌 サッポロ"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := Katakana(tt.in); got != tt.want {
				t.Errorf("Katakana(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func FuzzFold(f *testing.F) {
	for _, s := range []string{"ｻｯﾎﾟﾛｼ", "１２３", "　東京都　", "ﾞﾟ", "か\u3099", "ａ\u3000ｂ", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Fold(s)
		if !utf8.ValidString(s) {
			return
		}
		if !utf8.ValidString(got) {
			t.Fatalf("Fold(%q) = %q, not valid UTF-8", s, got)
		}
		if again := Fold(got); again != got {
			t.Errorf("Fold(Fold(%q)) = %q, want %q (idempotent)", s, again, got)
		}
		if k := Katakana(got); utf8.RuneCountInString(k) != utf8.RuneCountInString(got) {
			t.Errorf("Katakana(%q) = %q, changed the number of characters", got, k)
		}
	})
}
