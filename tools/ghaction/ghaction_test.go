package ghaction

import "testing"

func TestAnnotationString(t *testing.T) {
	tests := []struct {
		name string
		in   Annotation
		want string
	}{
		{"full", Annotation{Level: "error", File: "data/a.csv", Line: 3, Col: 2, Title: "type-error", Message: "bad"},
			"::error file=data/a.csv,line=3,col=2,title=type-error::bad"},
		{"no position", Annotation{Level: "warning", Message: "w"}, "::warning::w"},
		{"escapes", Annotation{Level: "error", File: "a,b:c.csv", Title: "x%y", Message: "50% a:b,c\r\nnext"},
			"::error file=a%2Cb%3Ac.csv,title=x%25y::50%25 a:b,c%0D%0Anext"},
		{"range", Annotation{Level: "notice", File: "f", Line: 1, EndLine: 2, Col: 3, EndCol: 4, Message: "m"},
			"::notice file=f,line=1,endLine=2,col=3,endColumn=4::m"},
		{"japanese", Annotation{Level: "error", File: "データ.csv", Line: 1, Message: "値がありません / no value"},
			"::error file=データ.csv,line=1::値がありません / no value"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.in.String(); got != tt.want {
				t.Errorf("%+v.String() = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
