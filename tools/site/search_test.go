package site

import (
	"encoding/json"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/ichiran-jp/ichiran/tools/jatext"
	"github.com/ichiran-jp/ichiran/tools/lgcode"
)

// isRomajiQuery reports whether what is typed is romaji: letters, with
// diacritics or not, apostrophes, hyphens and spaces.
var isRomajiQuery = regexp.MustCompile(`^[a-z'\- ]+$`)

// countyRE finds a county written before a town or village (那須郡那珂川町,
// 栃木県那須郡那珂川町): the search also tries the name without it, for an
// exact match only (大和郡山市 must not become 山市).
var countyRE = regexp.MustCompile(`^((?:.*?[都道府県])?)[^都道府県郡]+郡(.+)$`)

// searchHit is one result of search: the entry and how well it matched.
type searchHit struct {
	e     *entry
	score int
}

// search finds the municipalities for what is typed, best first, then by
// code, as search.js does: a code (or its first digits; five digits are
// also a code that lost its leading zero), else names and readings (equal 4,
// beginning 3, containing 2) and romaji likewise. It is the JavaScript's
// twin, for tests.
//
// 検索 (search.js と同じ規則): コード、名前・読み・ローマ字。
func search(es []entry, raw string) []*entry {
	q := searchKana(raw)
	if q == "" {
		return nil
	}
	digits := strings.Trim(q, "0123456789") == ""
	qr := ""
	if isRomajiQuery.MatchString(strings.TrimSpace(latin.Replace(strings.ToLower(jatext.Fold(raw))))) {
		qr = searchRomaji(raw)
	}
	noCounty := ""
	if m := countyRE.FindStringSubmatch(q); m != nil {
		noCounty = m[1] + m[2]
	}
	var hits []searchHit
	for i := range es {
		e := &es[i]
		best := 0
		better := func(s int) { best = max(best, s) }
		switch {
		case digits && strings.HasPrefix(e.Code, q):
			better(1)
		case digits && len(q) == 5 && "0"+q == e.Code:
			better(2)
		case digits:
		default:
			for _, n := range e.Names {
				better(matchScore(n, q))
				if noCounty != "" && n == noCounty {
					better(4)
				}
			}
			if qr != "" {
				for _, n := range e.Roman {
					better(matchScore(n, qr))
				}
			}
		}
		if best > 0 {
			hits = append(hits, searchHit{e, best})
		}
	}
	slices.SortStableFunc(hits, func(a, b searchHit) int {
		if a.score != b.score {
			return b.score - a.score
		}
		return strings.Compare(a.e.Code, b.e.Code)
	})
	out := make([]*entry, len(hits))
	for i, h := range hits {
		out[i] = h.e
	}
	return out
}

func matchScore(key, q string) int {
	switch {
	case key == q:
		return 4
	case strings.HasPrefix(key, q):
		return 3
	case strings.Contains(key, q):
		return 2
	}
	return 0
}

func TestSearchKana(t *testing.T) {
	tests := []struct{ in, want string }{
		{"檮原町", "梼原町"},
		{"六ヶ所村", "六ケ所村"},
		{"貝\uFA10市", "貝塚市"}, // compatibility ideograph
		{"川\uFA11町", "川崎町"},
		{"ぎょうだ", "ギョウダ"},
		{"ｷﾞｮｳﾀﾞ", "ギョウダ"},
		{" 東京都　千代田区 ", "東京都千代田区"},
		{"ヴ・ァ", "ヴァ"},
		{"ＡＢＣ１２", "abc12"},
		{"ゖ", "ケ"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := searchKana(tt.in); got != tt.want {
				t.Errorf("searchKana(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestSearchRomaji(t *testing.T) {
	tests := []struct{ in, want string }{
		{"ōita", "oita"},
		{"Ōita", "oita"},
		{"tōkyō", "tokyo"},
		{"tôkyô", "tokyo"},
		{"toukyou", "tokyo"},
		{"tokyo chiyoda", "tokyochiyoda"},
		{"Date-shi", "dateshi"},
		{"tyouhu", "chofu"},
		{"sinzyuku", "shinjuku"},
		{"gyoudashi", "gyodashi"},
		{"shin'oosaka", "shinosaka"},
		{"nanbu", "nanbu"},
		{"namba", "nanba"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := searchRomaji(tt.in); got != tt.want {
				t.Errorf("searchRomaji(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// realIndex is the search index of the municipalities of the committed
// table in force today.
func realIndex(t *testing.T) []entry {
	t.Helper()
	tab := realCodes(t)
	prefs := map[string]lgcode.Entry{}
	var munis []lgcode.Entry
	for _, e := range tab.InForce(time.Now()) {
		switch {
		case e.Kind == lgcode.KindPrefecture:
			prefs[e.PrefCode] = e
		case e.InScope():
			munis = append(munis, e)
		}
	}
	var es []entry
	for _, e := range munis {
		es = append(es, searchEntry(e, prefs[e.PrefCode]))
	}
	if len(es) != 1741 {
		t.Fatalf("%d municipalities, want 1,741", len(es))
	}
	return es
}

// TestSearch runs the search's Go twin over the index of every
// municipality: readings as e-Stat gives them (gyoda, ちゃたん), variants
// of names (檮原町, 六ヶ所村, 貝塚市 with U+FA10), counties and islands in
// front of the name, romaji with macrons, the prefecture in romaji or
// without 都府県, and a code that lost its leading zero.
func TestSearch(t *testing.T) {
	es := realIndex(t)
	tests := []struct {
		q     string
		first string // the code of the first result
	}{
		{"gyoda", "112062"},
		{"gyouda", "112062"},
		{"ぎょうだ", "112062"},
		{"ギョウダシ", "112062"},
		{"chatan", "473260"},
		{"ちゃたん", "473260"},
		{"まなづる", "143839"},
		{"manazuru", "143839"},
		{"shijonawate", "272299"},
		{"四条畷", "272299"},
		{"しじょうなわて", "272299"},
		{"honjo", "112119"},
		{"檮原町", "394050"},
		{"梼原", "394050"},
		{"yusuhara", "394050"},
		{"六ヶ所村", "024112"},
		{"六ケ所", "024112"},
		{"貝\uFA10市", "272086"},
		{"那須郡那珂川町", "094111"},
		{"栃木県那須郡那珂川町", "094111"},
		{"大和郡山市", "292036"},
		{"三宅島三宅村", "133817"},
		{"東京都三宅島三宅村", "133817"},
		{"ōita", "442011"},
		{"Ōita-shi", "442011"},
		{"tōkyō chiyoda", "131016"},
		{"tokyo chiyoda", "131016"},
		{"Tokyo Chiyoda-ku", "131016"},
		{"toukyouto chiyodaku", "131016"},
		{"東京 千代田", "131016"},
		{"東京都千代田区", "131016"},
		{"とうきょう ちよだ", "131016"},
		{"gunma takasaki", "102024"},
		{"hokkaido sapporo", "011002"},
		{"osaka sakai", "271403"},
		{"kyoto kyoto", "261009"},
		{"11002", "011002"}, // 011002 without its zero
		{"011002", "011002"},
		{"01100", "011002"}, // the standard area code
		{"13101", "131016"},
		{"94111", "094111"},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			got := search(es, tt.q)
			if len(got) == 0 || got[0].Code != tt.first {
				var codes []string
				for _, e := range got[:min(len(got), 5)] {
					codes = append(codes, e.Code+" "+e.Name)
				}
				t.Errorf("search(%q) = %v, want %s first", tt.q, codes, tt.first)
			}
		})
	}
	for _, q := range []string{"", "山市x", "zzz", "99999"} {
		if got := search(es, q); len(got) != 0 {
			t.Errorf("search(%q) = %d results, want none", q, len(got))
		}
	}
	// 伊達市 is in two prefectures: both, by code.
	got := search(es, "伊達市")
	if len(got) < 2 || got[0].Code != "012335" || got[1].Code != "072133" {
		t.Errorf("search(伊達市) = %v, want 012335 and 072133 first", got[:min(len(got), 2)])
	}
}

// TestSearchEntry checks one entry as search.json holds it.
func TestSearchEntry(t *testing.T) {
	tokyo := lgcode.Entry{Code: "130001", PrefCode: "13", Name: "東京都", Reading: "トウキョウト", Kind: lgcode.KindPrefecture}
	miyake := lgcode.Entry{Code: "133817", PrefCode: "13", Prefecture: "東京都", Name: "三宅村", Reading: "ミヤケムラ", Kind: lgcode.KindVillage}
	got := searchEntry(miyake, tokyo)
	want := entry{
		Code: "133817", Name: "三宅村", Pref: "東京都", Kana: "ミヤケムラ", Romaji: "Miyake-mura", URL: "m/133817.html",
		Names: []string{"三宅村", "三宅島三宅村", "東京都三宅村", "東京都三宅島三宅村", "東京三宅村", "東京三宅島三宅村",
			"ミヤケムラ", "トウキョウトミヤケムラ", "トウキョウミヤケムラ"},
		Roman: []string{"miyakemura", "tokyotomiyakemura", "tokyomiyakemura"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("searchEntry(三宅村) (-want +got):\n%s", diff)
	}
	hokkaido := lgcode.Entry{Code: "010006", PrefCode: "01", Name: "北海道", Reading: "ホッカイドウ", Kind: lgcode.KindPrefecture}
	if n, r := prefectureStem(hokkaido); n != "" || r != "" {
		t.Errorf("prefectureStem(北海道) = %q, %q, want none", n, r)
	}
}

// TestSearchIndexVariants checks that search.json carries lgcode's
// variants, for search.js to apply to what is typed, and that search.js
// uses them and the keys.
func TestSearchIndexVariants(t *testing.T) {
	s := build(t, fixture(t), 2025)
	var idx searchIndex
	if err := json.Unmarshal(s.File("search.json").Data, &idx); err != nil {
		t.Fatal(err)
	}
	if len(idx.Variants) != len(lgcode.Variants()) || idx.Variants["檮"] != "梼" || idx.Variants["ヶ"] != "ケ" {
		t.Errorf("search.json variants = %v, want lgcode.Variants()", idx.Variants)
	}
	js := string(s.File("search.js").Data)
	for _, want := range []string{"data.v", "data.e", "e.s", "e.rs", `"0" + q`} {
		if !strings.Contains(js, want) {
			t.Errorf("search.js does not use %s", want)
		}
	}
}

// realCodes reads the repository's code table.
func realCodes(t *testing.T) *lgcode.Table {
	t.Helper()
	f, err := os.Open("../../data/local-governments.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	tab, err := lgcode.Load(f)
	if err != nil {
		t.Fatal(err)
	}
	return tab
}
