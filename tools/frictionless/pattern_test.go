package frictionless

import (
	"regexp"
	"testing"
)

// patternCases are patterns, simple or not, with cells to try on each.
var patternCases = []struct {
	pattern string
	simple  bool // matched without regexp
	cells   []string
}{
	{"[0-9]{6}", true, []string{"", "012345", "01234", "0123456", "01234a", "０１２３４５", "012345\n"}},
	{`\d{5}`, true, []string{"12345", "1234", "１２３４５"}},
	{"[a-z][a-z0-9-]*", true, []string{"", "a", "a-1", "A", "1a", "ab-", "a\xff"}},
	{"yes|no", true, []string{"yes", "no", "yesno", "", "ye"}},
	{"abc|abd|x", true, []string{"abc", "abd", "abe", "x", "xx"}},
	{"^[A-Z]{2}$", true, []string{"AB", "ABC", "A", "ab"}},
	{"", true, []string{"", "a"}},
	{"a?b+c*", true, []string{"b", "abbbccc", "ac", "abcb", "bbbb"}},
	{"[0-9]{2,4}x", true, []string{"12x", "12345x", "1x", "1234x"}},
	{".{3}", true, []string{"abc", "ab\n", "日本語", "ab", "\xff\xfe\xfd"}},
	{"(?s).{2}", true, []string{"a\n", "ab"}},
	{"[^,]+", true, []string{"abc", "a,b", "", "\xff"}},
	{"[\uFFFD]", true, []string{"\xff", "\uFFFD", "a"}},
	{"東京都|大阪府|北海道", true, []string{"東京都", "大阪府", "京都府", "北海道"}},
	{"x(a|b)y", true, []string{"xay", "xcy"}}, // (a|b) parses as [ab]
	// Not simple: regexp decides.
	{"[0-9]*[0-9]{2}", false, []string{"12", "123", "1"}},
	{"a*b?a", false, []string{"a", "aa", "aba", "b"}},
	{"(?i)abc", false, []string{"ABC", "abc", "abd"}},
	{"(ab)+", false, []string{"abab", "aba"}},
	{"x(ab|c)y", false, []string{"xaby", "xcy", "xay"}},
	{"(東京|大阪)都?", false, []string{"東京", "東京都", "大阪都", "京都"}},
	{`\bword\b`, false, []string{"word"}},
	{"(?m)^a$", false, []string{"a"}},
}

// TestPatternAgrees checks the simple matcher against regexp, and that the
// patterns meant to be simple are.
func TestPatternAgrees(t *testing.T) {
	for _, tt := range patternCases {
		t.Run(tt.pattern, func(t *testing.T) {
			p, err := compilePattern(tt.pattern)
			if err != nil {
				t.Fatal(err)
			}
			if got := p.alts != nil; got != tt.simple {
				t.Errorf("compilePattern(%q) simple = %v, want %v", tt.pattern, got, tt.simple)
			}
			re := regexp.MustCompile(`^(?:` + tt.pattern + `)$`)
			for _, c := range tt.cells {
				if got, want := p.match([]byte(c)), re.MatchString(c); got != want {
					t.Errorf("pattern %q: match(%q) = %v, want %v", tt.pattern, c, got, want)
				}
			}
		})
	}
}

// FuzzPattern checks that the simple matcher and regexp agree on any
// pattern and cell.
func FuzzPattern(f *testing.F) {
	for _, tt := range patternCases {
		for _, c := range tt.cells {
			f.Add(tt.pattern, []byte(c))
		}
	}
	f.Fuzz(func(t *testing.T, x string, cell []byte) {
		p, err := compilePattern(x)
		if err != nil {
			return
		}
		if got, want := p.match(cell), p.re.Match(cell); got != want {
			t.Fatalf("pattern %q (simple %v): match(%q) = %v, want %v", x, p.alts != nil, cell, got, want)
		}
	})
}

func BenchmarkPattern(b *testing.B) {
	p, err := compilePattern("[0-9]{6}")
	if err != nil {
		b.Fatal(err)
	}
	cell := []byte("012345")
	b.Run("regexp", func(b *testing.B) {
		for b.Loop() {
			p.re.Match(cell)
		}
	})
	b.Run("simple", func(b *testing.B) {
		for b.Loop() {
			p.match(cell)
		}
	})
}
