package importer

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ichiran-jp/ichiran/tools/lgcode"
)

// TestSurveyCodes: the open data survey of 2020 (R2) lists its 1,788
// bodies, the 47 prefectures (01000) and 1,741 municipalities, by their
// 5-digit 地方公共団体コード and names like 「沖縄県 竹富町」. Every one
// resolves, through the importer's resolution, to the local government of
// that code at 2020-12-31 — but one, whose code in the source is another
// body's — and a conversion reads the municipalities and skips the
// prefectures as subtotals.
func TestSurveyCodes(t *testing.T) {
	file := filepath.Join(corpus, "opendata-survey-r2", "r2_survey_answers_parsed.csv")
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Skip("corpus not present")
	}
	src, err := ReadCSV(file, raw, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(src.Rows) != 1789 || src.Rows[0][0] != "地方公共団体コード" || src.Rows[0][1] != "地方公共団体名" {
		t.Fatalf("%d rows, header %q: not the file expected", len(src.Rows), src.Rows[0][:2])
	}
	cfg := setup(t, "open-data")
	at := time.Date(2020, 12, 31, 0, 0, 0, 0, time.UTC)
	cfg.AsOf = at

	// Only the code and the name, with stand-in figures.
	small := &Source{Path: file, Format: "csv", Encoding: src.Encoding, Lines: src.Lines,
		Rows: [][]string{{"地方公共団体コード", "地方公共団体名", "提出状況", "貴団体はオープンデータに取り組んでいますか？", "推奨データセットに準拠して公開しているデータがある場合"}}}
	for _, r := range src.Rows[1:] {
		small.Rows = append(small.Rows, []string{r[0], r[1], "提出済", "取組んでいる", "AED設置箇所一覧"})
	}

	c := &converter{cfg: cfg, src: small, res: &Result{Columns: map[string]string{}}, breaks: map[string]*Break{}, field: map[string]int{},
		col: map[string]int{"code": 0, roleName: 1}}
	for i, f := range cfg.Fields {
		c.field[f.Name] = i
	}
	kinds := map[lgcode.Kind]int{}
	undecided := 0
	for r := 1; r < len(small.Rows); r++ {
		code, name := small.Rows[r][0], small.Rows[r][1]
		e, ok := c.resolve(r, code, name, "", at)
		if !ok {
			continue
		}
		if want, _ := lgcode.Parse(code); e.Code != want {
			t.Errorf("%s %s → %s, want %s", code, name, e, want)
		}
		kinds[e.Kind]++
		// Without the name, the five digits alone.
		c2 := &converter{cfg: cfg, src: small, res: &Result{}, breaks: map[string]*Break{}, col: c.col}
		if e2, ok := c2.resolve(r, code, "", "", at); !ok {
			undecided++
			if len(c2.res.Errors) != 1 {
				t.Errorf("%s: %v", code, c2.res.Errors)
			}
		} else if e2.Code != e.Code {
			t.Errorf("%s alone → %s, with its name → %s", code, e2, e)
		}
	}
	// The source itself gives 苅田町 (40621) the code of 東大和市 (13220):
	// the importer refuses the row rather than trust the code or the name,
	// and names the one the name denotes.
	const wrong = "406210"
	if len(c.res.Errors) != 1 || c.res.Errors[0].Text != "福岡県 苅田町" || !strings.Contains(c.res.Errors[0].En, "by name: 福岡県 苅田町 ("+wrong+")") {
		t.Errorf("resolve errors %v; want the one of 苅田町, listed under 13220", c.res.Errors)
	}
	if es, err := cfg.Codes.ByName("福岡県 苅田町", at, ""); err != nil || es[0].Code != wrong {
		t.Errorf("福岡県 苅田町 by name: %v %v", es, err)
	} else {
		kinds[es[0].Kind]++
	}
	n := 0
	for _, k := range kinds {
		n += k
	}
	if n != 1788 || kinds[lgcode.KindPrefecture] != 47 {
		t.Errorf("%d resolved (%v), want 1,788 (1,787 by code, 苅田町 by name) with 47 prefectures", n, kinds)
	}
	t.Logf("kinds %v; %d codes need the name to decide between two readings", kinds, undecided)

	res := Convert(small, cfg)
	if len(res.Errors) != 1 || res.Errors[0].Text != "福岡県 苅田町" {
		t.Errorf("convert errors %v; want the one of 苅田町", res.Errors)
	}
	subtotals := 0
	for _, s := range res.Skipped {
		if s.En == "a prefecture's row (subtotal)" {
			subtotals++
		} else {
			t.Errorf("skipped %s: %s [%s]", s.Where, s.En, s.Text)
		}
	}
	if len(res.Rows) != 1740 || subtotals != 47 {
		t.Errorf("%d rows and %d prefecture rows skipped, want 1,740 (1,741 less 苅田町) and 47", len(res.Rows), subtotals)
	}
}

// TestAmbiguousFiveDigits: five digits that are both a 6-digit code without
// its leading zero and the 標準地域コード of another local government, in a
// file with no name column, are an error naming both; nothing is guessed.
// The pair is found in the repository's own table.
func TestAmbiguousFiveDigits(t *testing.T) {
	cfg := setup(t, "mynumber-card")
	at := lgcode.Date(2025, 5, 1)
	cfg.AsOf = at
	var five string
	var lost, std lgcode.Entry
	for _, e := range cfg.Codes.InForce(at) {
		if e.Code[0] != '0' || e.Kind == lgcode.KindWard || e.Kind == lgcode.KindNorthernVillage {
			continue
		}
		s := string(e.Code[1:])
		sc, err := lgcode.Parse(s)
		if err != nil || sc == e.Code {
			continue
		}
		if o, ok := cfg.Codes.Lookup(string(sc), at); ok && o.Kind != lgcode.KindWard && o.Kind != lgcode.KindNorthernVillage {
			five, lost, std = s, e, o
			break
		}
	}
	if five == "" {
		t.Fatal("no 5-digit string in data/local-governments.csv reads as two local governments")
	}
	t.Logf("%s: %s and %s", five, lost, std)
	text := "団体コード,算出基準日,人口,人口算出基準日,交付枚数,交付率\n" + five + ",2025-05-01,1000,2025-01-01,500,50.0\n"
	src, err := ReadCSV("in.csv", []byte(text), "")
	if err != nil {
		t.Fatal(err)
	}
	res := Convert(src, cfg)
	if len(res.Rows) != 0 || len(res.Errors) != 1 {
		t.Fatalf("rows %v, errors %v; want one error", res.Rows, res.Errors)
	}
	e := res.Errors[0]
	if e.Where != "2:1" || e.Text != five || !strings.Contains(e.En, lost.String()) || !strings.Contains(e.En, std.String()) ||
		!strings.Contains(e.Ja, lost.String()) || !strings.Contains(e.Ja, std.String()) || !strings.Contains(e.En, "no name column") {
		t.Errorf("error %s; want both %s and %s named", e, lost, std)
	}

	// With a name column the name decides, each way.
	for _, want := range []lgcode.Entry{lost, std} {
		text := "団体コード,市区町村名,算出基準日,人口,人口算出基準日,交付枚数,交付率\n" + five + "," + want.Name + ",2025-05-01,1000,2025-01-01,500,50.0\n"
		src, err := ReadCSV("in.csv", []byte(text), "")
		if err != nil {
			t.Fatal(err)
		}
		res := Convert(src, cfg)
		if len(res.Errors) != 0 || len(res.Rows) != 1 || res.Rows[0].Values[0] != string(want.Code) {
			t.Errorf("%s %s: rows %v, errors %v; want %s", five, want.Name, res.Rows, res.Errors, want.Code)
		}
	}
}
