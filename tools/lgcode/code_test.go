package lgcode

import (
	"errors"
	"strings"
	"testing"
)

func TestCheckDigit(t *testing.T) {
	tests := []struct {
		five string
		want byte
	}{
		{"01100", '2'}, // 札幌市 011002
		{"13101", '6'}, // 千代田区 131016
		{"47201", '8'}, // 那覇市 472018
		{"01101", '1'}, // 札幌市中央区 011011: S mod 11 = 0 gives 1
		{"01000", '6'}, // 北海道 010006
		{"40231", '1'}, // 那珂川市 402311
		{"40305", '9'}, // 那珂川町 403059
		{"01206", '8'}, // 釧路市 012068
		{"01110", '0'}, // 札幌市清田区 011100: S = 12, remainder 1 gives 0
		{"00006", '0'}, // S = 12
	}
	for _, tt := range tests {
		t.Run(tt.five, func(t *testing.T) {
			got, err := CheckDigit(tt.five)
			if err != nil || got != tt.want {
				t.Errorf("CheckDigit(%q) = %q, %v, want %q, nil", tt.five, got, err, tt.want)
			}
		})
	}
}

func TestCheckDigitErrors(t *testing.T) {
	for _, in := range []string{"", "0110", "011002", "01a00", "０１１００", " 01100"} {
		t.Run(in, func(t *testing.T) {
			got, err := CheckDigit(in)
			if !errors.Is(err, ErrSyntax) {
				t.Errorf("CheckDigit(%q) = %q, %v, want ErrSyntax", in, got, err)
			}
		})
	}
}

func TestParse(t *testing.T) {
	tests := []struct {
		in   string
		want Code
	}{
		{"011002", "011002"},
		{"01100", "011002"}, // 標準地域コード: check digit added
		{"131016", "131016"},
		{"13101", "131016"},
		{"１３１０１６", "131016"},
		{"　４７２０１８ ", "472018"},
		{" 011011\t", "011011"},
		{"11002", "110027"}, // a 5-digit code is a 標準地域コード, not 011002
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := Parse(tt.in)
			if err != nil || got != tt.want {
				t.Errorf("Parse(%q) = %q, %v, want %q, nil", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestParseLostZero(t *testing.T) {
	tests := []struct {
		in   string
		want Code
	}{
		{"11002", "011002"},
		{"11011", "011011"},
		{"94111", "094111"},
		{"011002", "011002"},
		{"131016", "131016"},
		{"１１００２", "011002"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseLostZero(tt.in)
			if err != nil || got != tt.want {
				t.Errorf("ParseLostZero(%q) = %q, %v, want %q, nil", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name  string
		parse func(string) (Code, error)
		in    string
		err   error
		want  byte // expected check digit in the error, for ErrCheckDigit
	}{
		{"Parse", Parse, "011003", ErrCheckDigit, '2'},
		{"Parse", Parse, "131010", ErrCheckDigit, '6'},
		{"Parse", Parse, "", ErrSyntax, 0},
		{"Parse", Parse, "1100", ErrSyntax, 0},
		{"Parse", Parse, "0110022", ErrSyntax, 0},
		{"Parse", Parse, "01-100", ErrSyntax, 0},
		{"Parse", Parse, "札幌市", ErrSyntax, 0},
		{"ParseLostZero", ParseLostZero, "11003", ErrCheckDigit, '2'},
		{"ParseLostZero", ParseLostZero, "13101", ErrCheckDigit, '2'}, // 013101 wants 013102
		{"ParseLostZero", ParseLostZero, "1100", ErrSyntax, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name+"/"+tt.in, func(t *testing.T) {
			got, err := tt.parse(tt.in)
			if !errors.Is(err, tt.err) {
				t.Fatalf("%s(%q) = %q, %v, want %v", tt.name, tt.in, got, err, tt.err)
			}
			pe, ok := errors.AsType[*ParseError](err)
			if !ok {
				t.Fatalf("%s(%q) error = %T, want *ParseError", tt.name, tt.in, err)
			}
			if pe.Input != tt.in || pe.Want != tt.want {
				t.Errorf("%s(%q) error = {Input %q, Want %q}, want {Input %q, Want %q}", tt.name, tt.in, pe.Input, pe.Want, tt.in, tt.want)
			}
			msg := err.Error()
			if !strings.Contains(msg, " / ") {
				t.Errorf("%s(%q) message %q, want Japanese / English", tt.name, tt.in, msg)
			}
			if tt.want != 0 && !strings.Contains(msg, "want "+string(tt.want)) {
				t.Errorf("%s(%q) message %q, want it to name the expected digit %c", tt.name, tt.in, msg, tt.want)
			}
		})
	}
}

func TestCodeParts(t *testing.T) {
	tests := []struct {
		c              Code
		pref, standard string
		isPref         bool
	}{
		{"011002", "01", "01100", false},
		{"130001", "13", "13000", true},
		{"", "", "", false},
	}
	for _, tt := range tests {
		t.Run(string(tt.c), func(t *testing.T) {
			if got := tt.c.Pref(); got != tt.pref {
				t.Errorf("Code(%q).Pref() = %q, want %q", tt.c, got, tt.pref)
			}
			if got := tt.c.Standard(); got != tt.standard {
				t.Errorf("Code(%q).Standard() = %q, want %q", tt.c, got, tt.standard)
			}
			if got := tt.c.IsPrefecture(); got != tt.isPref {
				t.Errorf("Code(%q).IsPrefecture() = %v, want %v", tt.c, got, tt.isPref)
			}
			if got := tt.c.String(); got != string(tt.c) {
				t.Errorf("Code(%q).String() = %q, want %q", tt.c, got, string(tt.c))
			}
		})
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"011002", "01100", "１３１０１６", " 472018 ", "011003", "", "0110022", "\xff", "ｰ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := Parse(s)
		if err != nil {
			pe, ok := errors.AsType[*ParseError](err)
			if !ok || pe.Input != s || !(errors.Is(err, ErrSyntax) || errors.Is(err, ErrCheckDigit)) {
				t.Fatalf("Parse(%q) error = %v, want *ParseError with ErrSyntax or ErrCheckDigit", s, err)
			}
			return
		}
		if len(c) != 6 || !allDigits(string(c)) {
			t.Fatalf("Parse(%q) = %q, want six ASCII digits", s, c)
		}
		if want, _ := CheckDigit(c.Standard()); c[5] != want {
			t.Fatalf("Parse(%q) = %q, check digit want %c", s, c, want)
		}
		if again, err := Parse(string(c)); err != nil || again != c {
			t.Fatalf("Parse(%q) = %q, %v, want %q (round trip)", c, again, err, c)
		}
		if std, err := Parse(c.Standard()); err != nil || std != c {
			t.Fatalf("Parse(%q) = %q, %v, want %q (standard code)", c.Standard(), std, err, c)
		}
	})
}
