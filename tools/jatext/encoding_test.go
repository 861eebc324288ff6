package jatext

import (
	"errors"
	"testing"
)

func TestDecode(t *testing.T) {
	sjis, err := EncodeCP932("団体コード,市区町村名\r\n011002,札幌市\r\n①,髙﨑\r\n")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		in        []byte
		enc       string
		want, got string
		wantErr   bool
	}{
		{name: "utf-8", in: []byte("札幌市"), want: "札幌市", got: UTF8},
		{name: "bom", in: []byte("\xEF\xBB\xBF札幌市"), want: "札幌市", got: UTF8BOM},
		{name: "bom given utf-8", in: []byte("\xEF\xBB\xBF札幌市"), enc: "utf-8", want: "札幌市", got: UTF8BOM},
		{name: "cp932 detected", in: sjis, want: "団体コード,市区町村名\r\n011002,札幌市\r\n①,髙﨑\r\n", got: CP932},
		{name: "cp932 given", in: sjis, enc: "sjis", want: "団体コード,市区町村名\r\n011002,札幌市\r\n①,髙﨑\r\n", got: CP932},
		{name: "ascii", in: []byte("a,b\n"), want: "a,b\n", got: UTF8},
		{name: "cp932 as utf-8", in: sjis, enc: "utf-8", wantErr: true},
		{name: "bad cp932", in: []byte{0x82, 0xA0, 0x85, 0x40}, wantErr: true},
		{name: "unknown encoding", in: []byte("x"), enc: "euc-jp", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text, used, err := Decode(tt.in, tt.enc)
			if tt.wantErr {
				if !errors.Is(err, ErrEncoding) {
					t.Fatalf("Decode = %q, %v; want ErrEncoding", text, err)
				}
				return
			}
			if err != nil || text != tt.want || used != tt.got {
				t.Errorf("Decode = %q, %q, %v; want %q, %q", text, used, err, tt.want, tt.got)
			}
		})
	}
}
