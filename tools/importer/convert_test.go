package importer

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ichiran-jp/ichiran/tools/catalog"
	"github.com/ichiran-jp/ichiran/tools/jatext"
	"github.com/ichiran-jp/ichiran/tools/lgcode"
)

func setup(t *testing.T, id string) Config {
	t.Helper()
	cat, err := catalog.Load("../../datapackage.json")
	if err != nil {
		t.Fatal(err)
	}
	codes, err := lgcode.LoadFile("../../data/local-governments.csv")
	if err != nil {
		t.Fatal(err)
	}
	ind := cat.Indicator(id)
	fields, err := LoadFields(filepath.Join("../..", ind.Schema))
	if err != nil {
		t.Fatal(err)
	}
	return Config{Indicator: ind, Fields: fields, Codes: codes}
}

// TestConvertUgly: generated ugly files, each with the rows it must give
// (code,as_of,… joined by commas) or the errors it must report.
func TestConvertUgly(t *testing.T) {
	tests := []struct {
		name, id, asOf string
		text           string
		sjis           bool
		want           []string // rows
		wantErr        []string // substrings of errors, in order
		wantBreak      []string // keys of rules broken
	}{
		{
			name: "shift_jis standard codes and full-width digits", id: "mynumber-card", sjis: true,
			text: "標準地域コード,市区町村名,算出基準日,人口,人口算出基準日,交付枚数,交付率\r\n" +
				"１３１０１,千代田区,令和4年5月1日,\"66,680\",2022/1/1,\"35,000\",52.5%\r\n" +
				"01100,札幌市,R4.5.1,1000,2022-01-01,500,50.0\r\n",
			want:      []string{"011002,2022-05-01,1000,2022-01-01,500,50.0", "131016,2022-05-01,66680,2022-01-01,35000,52.5"},
			wantBreak: []string{"encoding", "standard-code", "fullwidth-code", "thousands", "units", "dates"},
		},
		{
			name: "lost zero decided by the name", id: "mynumber-card", asOf: "2022-05-01",
			text: "団体コード,都道府県名,市区町村名,人口,人口算出基準日,交付枚数,交付率\n" +
				"11002,北海道,札幌市,1000,2022-01-01,500,50.0\n" +
				"94111,栃木県,那須郡那珂川町,1000,2022-01-01,500,50.0\n",
			want:      []string{"011002,2022-05-01,1000,2022-01-01,500,50.0", "094111,2022-05-01,1000,2022-01-01,500,50.0"},
			wantBreak: []string{"lost-zero"},
		},
		{
			name: "wrong check digit, wrong name, bad value", id: "mynumber-card", asOf: "2022-05-01",
			text: "団体コード,市区町村名,人口,人口算出基準日,交付枚数,交付率\n" +
				"011001,札幌市,1000,2022-01-01,500,50.0\n" +
				"011002,函館市,1000,2022-01-01,500,50.0\n" +
				"131016,千代田区,千人,2022-01-01,500,50.0\n",
			wantErr: []string{"2:1", "3:2", "4:3"},
		},
		{
			name: "marks, categories, missing", id: "open-data", asOf: "2022-03-31",
			text: "都道府県名,市区町村名,オープンデータの公開,推奨データセット数\n" +
				"北海道,札幌市,○,１２種類\n" +
				"東京都,千代田区,×,－\n" +
				"東京都,計,,\n",
			want:      []string{"011002,2022-03-31,true,12", "131016,2022-03-31,false,"},
			wantBreak: []string{"totals", "name-only", "fullwidth-digits", "units", "missing-marks", "marks"},
		},
		{
			name: "ambiguous name", id: "ai-rpa", asOf: "2022-03-31",
			text:    "市区町村名,AIの導入状況,RPAの導入状況\n伊達市,導入済み,実証中\n",
			wantErr: []string{"伊達市"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := setup(t, tt.id)
			if tt.asOf != "" {
				cfg.AsOf, _ = time.Parse(time.DateOnly, tt.asOf)
			}
			raw := []byte(tt.text)
			if tt.sjis {
				var err error
				if raw, err = jatext.EncodeCP932(tt.text); err != nil {
					t.Fatal(err)
				}
			}
			src, err := ReadCSV("in.csv", raw, "")
			if err != nil {
				t.Fatal(err)
			}
			res := Convert(src, cfg)
			if len(res.Errors) != len(tt.wantErr) {
				t.Fatalf("errors %v, want %v", res.Errors, tt.wantErr)
			}
			for i, e := range res.Errors {
				if !strings.Contains(e.String(), tt.wantErr[i]) {
					t.Errorf("error %d = %s, want %q", i, e, tt.wantErr[i])
				}
			}
			if len(tt.wantErr) > 0 {
				return
			}
			var got []string
			for _, r := range res.Rows {
				got = append(got, strings.Join(r.Values, ","))
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("rows\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
			keys := map[string]bool{}
			for _, b := range res.Breaks {
				keys[b.Key] = true
			}
			for _, k := range tt.wantBreak {
				if !keys[k] {
					t.Errorf("rule %q not reported; got %v", k, res.Breaks)
				}
			}
		})
	}
}

// TestEStatShiftJIS: the e-Stat list of standard area codes, Shift_JIS with
// CRLF, decodes and its municipal codes resolve.
func TestEStatShiftJIS(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(corpus, "estat-hyoujun-chiiki-2022-sjis", "*.csv"))
	if len(files) == 0 {
		t.Skip("corpus not present")
	}
	raw, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	src, err := ReadCSV(files[0], raw, "")
	if err != nil {
		t.Fatal(err)
	}
	if src.Encoding != jatext.CP932 || !src.CRLF {
		t.Errorf("encoding %s, CRLF %v; want Shift_JIS with CRLF", src.Encoding, src.CRLF)
	}
	codes, err := lgcode.LoadFile("../../data/local-governments.csv")
	if err != nil {
		t.Fatal(err)
	}
	at := lgcode.Date(2022, 2, 25)
	n, unknown := 0, 0
	for _, row := range src.Rows[1:] {
		if len(row) == 0 || len(row[0]) != 5 {
			continue
		}
		n++
		if row[0] == "13100" { // 特別区部: a statistical area, not a local government
			continue
		}
		if _, ok := codes.Lookup(row[0], at); !ok {
			unknown++
			t.Logf("unknown: %v", row[:min(len(row), 6)])
		}
	}
	t.Logf("%d codes, %d unknown", n, unknown)
	if n == 0 || unknown > 0 {
		t.Errorf("%d codes read, %d unknown", n, unknown)
	}
}
