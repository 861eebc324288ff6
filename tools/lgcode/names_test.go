package lgcode

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestByNameVariants checks the spellings that the ministries' files, the
// card files and people use for the names of the Ministry's table.
func TestByNameVariants(t *testing.T) {
	tab := committed(t)
	now := time.Now()
	tests := []struct {
		name, pref string
		want       []Code
	}{
		{"檮原町", "", []Code{"394050"}},       // e-Stat, card files
		{"梼原町", "", []Code{"394050"}},       // the Ministry
		{"高岡郡檮原町", "高知県", []Code{"394050"}}, // the card files
		{"六ヶ所村", "", []Code{"024112"}},
		{"六ケ所村", "", []Code{"024112"}},
		{"上北郡六ヶ所村", "青森県", []Code{"024112"}},
		{"貝\uFA10市", "", []Code{"272086"}}, // compatibility ideograph 塚
		{"貝塚市", "", []Code{"272086"}},
		{"川\uFA11町", "宮城県", []Code{"043249"}}, // 﨑 U+FA11
		{"那須郡那珂川町", "", []Code{"094111"}},
		{"三宅島三宅村", "", []Code{"133817"}},
		{"東京都三宅島三宅村", "", []Code{"133817"}},
		{"三宅村", "東京都", []Code{"133817"}},
		{"八丈島八丈町", "", []Code{"134015"}},
		{"青ヶ島村", "", []Code{"134023"}},
		{"青ケ島村", "", []Code{"134023"}},
		{"四条畷市", "", []Code{"272299"}},
		{"五条市", "", []Code{"292079"}},
		{"飯館村", "", []Code{"075647"}},
		{"飛驒市", "", []Code{"212172"}},
		{"桧原村", "東京都", []Code{"133078"}},
		{"美禰市", "", []Code{"352136"}},
		{"剣渕町", "", []Code{"014656"}},
		{"鯵ヶ沢町", "", []Code{"023213"}},
		{"鹿島市", "", []Code{"412074"}}, // not 鹿嶋市 of 茨城県
		{"鹿嶋市", "", []Code{"082228"}},
		{"龍ケ崎市", "", []Code{"082082"}},
	}
	for _, tt := range tests {
		t.Run(tt.name+"/"+tt.pref, func(t *testing.T) {
			got, err := tab.ByName(tt.name, now, tt.pref)
			var codes []Code
			for _, e := range got {
				codes = append(codes, e.Code)
			}
			if err != nil || !cmp.Equal(codes, tt.want) {
				t.Errorf("ByName(%q, now, %q) = %v, %v, want %v, nil", tt.name, tt.pref, codes, err, tt.want)
			}
		})
	}
}

// TestVariantsTellNothingApart checks that the variants make no two
// entries in force one: within a prefecture, two names with the same
// NameKey are the same name (泊村 in 北海道 is two villages, as before).
func TestVariantsTellNothingApart(t *testing.T) {
	for _, at := range []time.Time{HistoryStart, Date(2024, time.January, 1)} {
		seen := map[string]string{}
		for _, e := range committed(t).InForce(at) {
			k := e.PrefCode + "/" + string(e.Parent) + "/" + NameKey(e.Name)
			if prev, ok := seen[k]; ok && prev != e.Name {
				t.Errorf("NameKey(%s) = NameKey(%s) = %s in %s", prev, e.Name, NameKey(e.Name), e.Prefecture)
			}
			seen[k] = e.Name
		}
	}
	for _, v := range Variants() {
		if NameKey(v[0]) != v[1] || NameKey(v[1]) != v[1] {
			t.Errorf("NameKey(%s) = %s, NameKey(%s) = %s, want %s", v[0], NameKey(v[0]), v[1], NameKey(v[1]), v[1])
		}
	}
}

var realCardFiles = filepath.Join("..", "..", "..", "shared", "corpus", "realdata", "mynumbercard-code4japan")

// TestByNameCardFiles resolves every name of the real card files (Code for
// Japan's extraction: 郡 before towns and villages, 檮原町, 六ヶ所村, the
// code as a number that lost its zero) with its prefecture, and checks that
// it is the code of the row. Names were brought to today's, so they are
// looked up today.
func TestByNameCardFiles(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(realCardFiles, "*", "all_localgovs.csv"))
	files = append(files, filepath.Join(realCardFiles, "citycode.csv"))
	if _, err := os.Stat(realCardFiles); err != nil {
		t.Skipf("実データがありません / real data absent: %v", err)
	}
	tab := committed(t)
	now := time.Now()
	for _, file := range files {
		t.Run(filepath.Base(filepath.Dir(file))+"/"+filepath.Base(file), func(t *testing.T) {
			f, err := os.Open(file)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			br := bufio.NewReader(f)
			if b, _ := br.Peek(3); string(b) == "\ufeff" {
				br.Discard(3)
			}
			recs, err := csv.NewReader(br).ReadAll()
			if err != nil {
				t.Fatalf("%s: %v", file, err)
			}
			col := map[string]int{}
			for i, h := range recs[0] {
				col[h] = i
			}
			n := 0
			for i, rec := range recs[1:] {
				name := rec[col["市区町村名"]]
				if j, ok := col["郡名"]; ok {
					name = rec[j] + name
				}
				pref, code := rec[col["都道府県名"]], rec[col["団体コード"]]
				got, err := tab.ByName(name, now, pref)
				where := fmt.Sprintf("%s:%d", file, i+2)
				if err != nil {
					t.Errorf("%s: ByName(%q, now, %q) error = %v", where, name, pref, err)
					continue
				}
				if code == "<NA>" {
					continue // 20221231: 三宅村, 八丈町
				}
				c, err := ParseLostZero(code)
				if err != nil {
					t.Errorf("%s: ParseLostZero(%q) error = %v", where, code, err)
					continue
				}
				if got[0].Code != c {
					t.Errorf("%s: ByName(%q, now, %q) = %s, want %s", where, name, pref, got[0], c)
				}
				n++
			}
			if n < 1739 {
				t.Errorf("%s: %d rows resolved, want 1,741 (1,739 in 20221231)", file, n)
			}
		})
	}
}
