package importer

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ichiran-jp/ichiran/tools/sheet"
)

// The publishers' files in ../shared/sources (tests skip when absent).
var (
	workbook = filepath.Join(shared, "sources", "digital-online-procedures-2026-01", "20260120_policies_administrative_procedures_online_01_.xlsx")
	surveyR6 = filepath.Join(shared, "sources", "opendata-survey-r6", "20250210_resources_data_questionnaire_outline_04.csv")
	surveyR2 = filepath.Join(corpus, "opendata-survey-r2", "r2_survey_answers_parsed.csv")
)

// committedRows reads a committed data file of the repository by code.
func committedRows(t *testing.T, rel string) (header []string, byCode map[string][]string) {
	t.Helper()
	recs := readCSV(t, filepath.Join("../..", filepath.FromSlash(rel)))
	byCode = map[string][]string{}
	for _, r := range recs[1:] {
		byCode[r[0]] = r
	}
	return recs[0], byCode
}

// workbookRows reads the real workbook's sheet, or skips.
func workbookRows(t *testing.T) [][]string {
	t.Helper()
	if _, err := os.Stat(workbook); err != nil {
		t.Skip("the Digital Agency workbook is not present")
	}
	b, err := sheet.Open(workbook)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	rows, err := b.Rows(b.Sheets()[0])
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// wantStatus is the status a mark of the workbook stands for, decoded
// here independently of the catalogue.
func wantStatus(t *testing.T, mark string) string {
	switch strings.TrimSpace(mark) {
	case "○", "〇":
		return "online"
	case "ー":
		return "not-applicable"
	case "":
		return "not-online"
	}
	t.Fatalf("unexpected mark %q in the workbook", mark)
	return ""
}

// TestWorkbookStatuses: for every municipality of the Digital Agency's
// workbook (rows 12–1752), the committed status of every procedure equals
// the workbook's mark (G–T: a01–a14, U–BD: b01–b36), and the committed
// count of other procedures its column BE (約 approximate, 不明 unknown).
func TestWorkbookStatuses(t *testing.T) {
	rows := workbookRows(t)
	_, a := committedRows(t, "data/online-procedures/2025.csv")
	_, b := committedRows(t, "data/mynaportal-procedures/2025.csv")
	_, o := committedRows(t, "data/mynaportal-other-procedures/2025.csv")
	n := 0
	for _, r := range rows[11:] {
		code := fmt.Sprintf("%06s", r[0])
		if len(a[code]) != 16 || len(b[code]) != 38 || len(o[code]) != 4 {
			t.Errorf("%s %s: not committed in every file", code, r[3])
			continue
		}
		n++
		for col := 6; col <= 55; col++ {
			mark := ""
			if col < len(r) {
				mark = r[col]
			}
			var got string
			if col < 20 {
				got = a[code][2+col-6]
			} else {
				got = b[code][2+col-20]
			}
			if want := wantStatus(t, mark); got != want {
				t.Errorf("%s %s column %s: %s, want %s (%q)", code, r[3], ColumnName(col), got, want, mark)
			}
		}
		other := strings.TrimSpace(r[56])
		want := []string{strings.ReplaceAll(other, ",", ""), "exact"}
		switch {
		case other == "":
			want = []string{"", "not-stated"}
		case other == "不明":
			want = []string{"", "unknown"}
		case strings.HasPrefix(other, "約"):
			want = []string{strings.ReplaceAll(strings.TrimPrefix(other, "約"), ",", ""), "approximate"}
		}
		if got := o[code][2:]; !slices.Equal(got, want) {
			t.Errorf("%s %s BE %q: %v, want %v", code, r[3], other, got, want)
		}
	}
	if n != 1741 {
		t.Errorf("%d municipalities compared, want 1,741", n)
	}
}

// TestWorkbookAgain: importing the workbook again into the repository
// changes nothing, for each of its three indicators.
func TestWorkbookAgain(t *testing.T) {
	workbookRows(t)
	dir := repoCopy(t)
	before := hashTree(t, dir)
	for _, id := range []string{"online-procedures", "mynaportal-procedures", "mynaportal-other-procedures"} {
		out, err := Import(context.Background(), Request{Package: filepath.Join(dir, "datapackage.json"), Indicator: id, File: workbook,
			Source: sourceOf(t, id)})
		if err != nil {
			t.Fatal(err)
		}
		if !out.Unchanged || out.Written {
			t.Errorf("%s: unchanged %v, written %v, errors %v, changes %v", id, out.Unchanged, out.Written, out.Result.Errors, out.Merged)
		}
	}
	if after := hashTree(t, dir); !mapsEqual(before, after) {
		t.Errorf("a second import changed the repository")
	}
}

// sourceOf is the committed provenance of an indicator's first resource
// with one, as the publication of a new import.
func sourceOf(t *testing.T, indicator string) Provenance {
	t.Helper()
	raw, err := os.ReadFile("../../datapackage.json")
	if err != nil {
		t.Fatal(err)
	}
	var pkg struct {
		Resources []committedResource `json:"resources"`
	}
	if err := json.Unmarshal(raw, &pkg); err != nil {
		t.Fatal(err)
	}
	for _, r := range pkg.Resources {
		if r.Indicator == indicator && len(r.Provenance) > 0 {
			req, err := RequestFor(r.Provenance[0], indicator)
			if err != nil {
				t.Fatal(err)
			}
			return req.Source
		}
	}
	t.Fatalf("no provenance for %s", indicator)
	return Provenance{}
}

func mapsEqual[K comparable, V comparable](a, b map[K]V) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// nextYearsWorkbook is the workbook as a ministry may plausibly send it
// next year: another sheet name, one more title row, the municipalities
// in reverse order, every other code written as six-digit text, the mark
// variants (〇 ◯ for ○; － ― ‐ - for ー), a totals row and a footnote.
func nextYearsWorkbook(t *testing.T, rows [][]string) string {
	t.Helper()
	var out [][]string
	out = append(out, []string{"令和8年度 調査結果 (速報)"})
	out = append(out, rows[:11]...)
	data := slices.Clone(rows[11:])
	slices.Reverse(data)
	online := []string{"○", "〇", "◯"}
	none := []string{"ー", "－", "―", "‐", "-"}
	for i, r := range data {
		r = slices.Clone(r)
		if i%2 == 0 {
			r[0] = fmt.Sprintf("%06s", r[0])
		}
		for col := 6; col <= 55 && col < len(r); col++ {
			switch strings.TrimSpace(r[col]) {
			case "○", "〇":
				r[col] = online[(i+col)%len(online)]
			case "ー":
				r[col] = none[(i+col)%len(none)]
			}
		}
		out = append(out, r)
	}
	out = append(out, []string{"", "", "全国計", "", "", "", "1000"})
	out = append(out, []string{"※ 令和7年度末時点の状況を各団体に照会した結果"})
	return writeBook(t, t.TempDir(), sheet.Sheet{Name: "R8調査", Rows: out})
}

// TestWorkbookNextYear: the plausible next-year variant of the workbook
// imports to the very statuses committed from the real one (no change for
// all 1,741), for both indicators.
func TestWorkbookNextYear(t *testing.T) {
	rows := workbookRows(t)
	book := nextYearsWorkbook(t, rows)
	dir := repoCopy(t)
	for _, id := range []string{"online-procedures", "mynaportal-procedures"} {
		t.Run(id, func(t *testing.T) {
			out, err := Import(context.Background(), Request{Package: filepath.Join(dir, "datapackage.json"), Indicator: id, File: book, DryRun: true})
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range out.Result.Errors {
				t.Errorf("error: %s", e)
			}
			if out.Merged == nil || out.Merged.Same != 1741 || len(out.Merged.Changes) != 0 {
				t.Fatalf("merged %+v: want 1,741 rows the same and no change", out.Merged)
			}
			skipped := map[string]int{}
			for _, s := range out.Result.Skipped {
				skipped[s.En]++
			}
			if skipped["total row"] != 1 || skipped["footnote"] != 1 {
				t.Errorf("skipped %v: want the totals row and the footnote", skipped)
			}
		})
	}
}

// TestRefusalsLeaveTreeUnchanged: each check that can refuse an import
// runs before anything is written: the repository is byte-identical after
// a refused import, for every kind of refusal.
func TestRefusalsLeaveTreeUnchanged(t *testing.T) {
	card := filepath.Join(corpus, "mynumbercard-code4japan", "20221231", "all_localgovs.csv")
	in := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(in, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	tests := []struct {
		name string
		req  Request
		skip string // a file that must exist
		why  func(*Outcome) bool
	}{
		{"as-of rule (a card file of 31 December)", Request{Indicator: "mynumber-card", File: card}, card,
			func(o *Outcome) bool { return hasDomain(o, "as-of-rule") }},
		{"coverage (two municipalities of 1,741)", Request{Indicator: "mynumber-card", File: write("two.csv", submissionCSV)}, "",
			func(o *Outcome) bool { return hasDomain(o, "coverage") }},
		{"ambiguous name", Request{Indicator: "mynumber-card", AsOf: time.Date(2025, 5, 1, 0, 0, 0, 0, time.UTC),
			File: write("date.csv", "市区町村名,人口,人口算出基準日,交付枚数,交付率\n伊達市,1000,2025-01-01,500,50.0\n")}, "",
			func(o *Outcome) bool { return len(o.Result.Errors) == 1 && o.Result.Errors[0].Text == "伊達市" }},
		{"unknown mark", Request{Indicator: "online-procedures",
			File: write("mark.csv", "（令和６年度末時点）\n"+annexA+"\n011002,札幌市,○,×,○,○,○,○,○,○,○,○,○,○,○,○\n")}, "",
			func(o *Outcome) bool { return len(o.Result.Errors) == 1 && o.Result.Errors[0].Text == "×" }},
		{"changed figures without --replace", Request{Indicator: "ai-rpa", Transpose: true, InCodeOrder: true, AsOf: time.Date(2023, 4, 1, 0, 0, 0, 0, time.UTC),
			File: filepath.Join(shared, "sources", "digital-dx-dashboard-2024-07-12", "市区町村毎のDX進捗状況_市区町村比較.csv")}, "",
			nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.skip != "" {
				if _, err := os.Stat(tt.skip); err != nil {
					t.Skip("not present: " + tt.skip)
				}
			}
			if tt.why == nil {
				// Flip the committed AI figures of one municipality in a
				// copy, then import the source: a change, refused.
				if _, err := os.Stat(tt.req.File); err != nil {
					t.Skip("not present: " + tt.req.File)
				}
			}
			dir := repoCopy(t)
			if tt.why == nil {
				p := filepath.Join(dir, "data", "ai-rpa", "2023.csv")
				b, err := os.ReadFile(p)
				if err != nil {
					t.Fatal(err)
				}
				lines := strings.SplitN(string(b), "\n", 3)
				lines[1] = strings.Replace(lines[1], ",adopted", ",not-adopted", 1)
				if err := os.WriteFile(p, []byte(strings.Join(lines, "\n")), 0o644); err != nil {
					t.Fatal(err)
				}
				tt.why = func(o *Outcome) bool { return o.Refused && len(o.Merged.Changes) == 1 }
			}
			before := hashTree(t, dir)
			tt.req.Package = filepath.Join(dir, "datapackage.json")
			out, err := Import(context.Background(), tt.req)
			if err != nil {
				t.Fatal(err)
			}
			if out.Written || out.OK() {
				t.Errorf("written %v, OK %v: want refused", out.Written, out.OK())
			}
			if !tt.why(out) {
				t.Errorf("refused for another reason: errors %v, validation %+v", out.Result.Errors, out.Validation)
			}
			if after := hashTree(t, dir); !mapsEqual(before, after) {
				t.Errorf("the refused import changed the repository")
			}
		})
	}
}

func hasDomain(o *Outcome, code string) bool {
	if o.Validation == nil {
		return false
	}
	for _, e := range o.Validation.Domain {
		if e.Code == code {
			return true
		}
	}
	return false
}

// TestSurveysCommitted: the committed open-data figures equal the answers
// of both surveys for every municipality, decoded here independently:
// whether it answered (提出済), its answer on open data, and each dataset
// chosen; a municipality that did not answer has no figure.
func TestSurveysCommitted(t *testing.T) {
	datasets := map[string]string{ // option label → field
		"AED設置箇所一覧": "aed", "介護サービス事業所一覧": "care_services", "医療機関一覧": "medical_institutions", "文化財一覧": "cultural_properties",
		"観光施設一覧": "tourist_facilities", "イベント一覧": "events", "公衆無線LANアクセスポイント一覧": "public_wifi", "公衆トイレ一覧": "public_toilets",
		"消防水利施設一覧": "fire_water", "指定緊急避難場所一覧": "evacuation_sites", "地域・年齢別人口": "population", "公共施設一覧": "public_facilities",
		"子育て施設一覧": "childcare_facilities", "オープンデータ一覧": "open_data_list", "食品等営業許可・届出一覧": "food_permits", "学校給食献立情報": "school_lunch",
		"小中学校通学区域情報": "school_districts", "ボーリング柱状図等": "boring_logs", "ボーリング柱状図等（自身のHPで公開）": "boring_logs",
		"ボーリング柱状図等（外部のHPで公開）": "boring_logs", "都市計画基礎調査情報": "urban_planning", "調達情報": "procurement",
		"標準的なバス情報フォーマット": "bus_info", "支援制度情報": "support_programs", "支援制度（給付金）情報": "support_programs",
	}
	check := func(t *testing.T, rel string, answers map[string]answer) {
		header, rows := committedRows(t, rel)
		if len(rows) != 1741 || len(answers) != 1741 {
			t.Fatalf("%d rows committed, %d answers: want 1,741 each", len(rows), len(answers))
		}
		for code, a := range answers {
			r := rows[code]
			if r == nil {
				t.Errorf("%s: not committed", code)
				continue
			}
			want := map[string]string{"answered": fmt.Sprint(a.answered), "publishes": a.publishes}
			for _, f := range datasets {
				switch {
				case !a.answered:
					want[f] = ""
				case slices.ContainsFunc(a.chosen, func(l string) bool { return datasets[l] == f }):
					want[f] = "true"
				default:
					want[f] = "false"
				}
			}
			for i, f := range header[2:] {
				if r[i+2] != want[f] {
					t.Errorf("%s %s: %q, want %q", code, f, r[i+2], want[f])
				}
			}
		}
	}
	t.Run("R6", func(t *testing.T) {
		recs := readSurvey(t, surveyR6)
		answers := map[string]answer{}
		for _, r := range recs[1:] {
			code := fmt.Sprintf("%06s", r[1])
			if strings.HasSuffix(code, "0000") || code[2:5] == "000" {
				continue // a prefecture
			}
			a := answer{answered: r[5] == "提出済"}
			switch r[8] {
			case "取組んでいる":
				a.publishes = "true"
			case "取組んでいない":
				a.publishes = "false"
			}
			for _, l := range strings.FieldsFunc(r[30], func(c rune) bool { return c == ';' || c == '\t' }) {
				a.chosen = append(a.chosen, strings.TrimSpace(l))
			}
			answers[code] = a
		}
		check(t, "data/open-data/2024.csv", answers)
	})
	t.Run("R2", func(t *testing.T) {
		recs := readSurvey(t, surveyR2)
		var q2, q17 []string
		var h2, h17 []json.RawMessage
		json.Unmarshal([]byte(recs[0][4]), &h2)
		json.Unmarshal([]byte(recs[0][19]), &h17)
		json.Unmarshal(h2[1], &q2)
		json.Unmarshal(h17[1], &q17)
		answers := map[string]answer{}
		for _, r := range recs[1:] {
			if strings.HasSuffix(r[0], "000") {
				continue // a prefecture
			}
			code := r[0]
			if r[1] == "福岡県 苅田町" {
				code = "40621" // the survey lists it under 13220 (東大和市)
			}
			e := lookupStd(t, code)
			a := answer{answered: r[2] == "提出済"}
			for i, c := range r[4] {
				if c == 'v' {
					a.publishes = fmt.Sprint(q2[i] == "オープンデータをすでに公開している")
				}
			}
			for i, c := range r[19] {
				if c == 'v' {
					a.chosen = append(a.chosen, q17[i])
				}
			}
			answers[e] = a
		}
		check(t, "data/open-data/2020.csv", answers)
	})
}

type answer struct {
	answered  bool
	publishes string
	chosen    []string
}

func readSurvey(t *testing.T, file string) [][]string {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Skip("survey not present")
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	recs[0][0] = strings.TrimPrefix(recs[0][0], "\uFEFF")
	return recs
}

// lookupStd turns a five-digit standard area code into the six-digit code
// (the check digit appended).
func lookupStd(t *testing.T, std string) string {
	t.Helper()
	s := 0
	for i, w := range []int{6, 5, 4, 3, 2} {
		s += int(std[i]-'0') * w
	}
	return std + fmt.Sprint((11-s%11)%10)
}

// TestSourcesDisagree reproduces the disagreement the catalogue explains
// (mynaportal-procedures' notes): in 総務省's 2023 survey (the Digital
// Agency's DX dashboard) 1,133 municipalities report all 26 子育て・介護
// procedures online, yet in the Digital Agency's workbook of 2025-03-31
// 120 of them do not have all 26 online or not applicable, 33 have none
// online, and 32 have all 26 blank (not online). The two measure different things; neither is corrected
// with the other.
func TestSourcesDisagree(t *testing.T) {
	file := filepath.Join(shared, "sources", "digital-dx-dashboard-2024-07-12", "市区町村毎のDX進捗状況_市区町村比較.csv")
	recs := readSurvey(t, file)
	var rates []string
	for _, r := range recs {
		if len(r) > 1 && strings.TrimSpace(r[1]) == "子育て・介護26手続のオンライン化状況" {
			rates = r[2:]
		}
	}
	if rates == nil {
		t.Fatal("no row 子育て・介護26手続のオンライン化状況 in the dashboard")
	}
	// The dashboard's columns are the municipalities of 2023-04-01 in code
	// order: the committed ai-rpa file (imported by place) has their codes.
	aiRows := readCSV(t, filepath.Join("../..", "data", "ai-rpa", "2023.csv"))[1:]
	header, b := committedRows(t, "data/mynaportal-procedures/2025.csv")
	var careCols []int
	for i, f := range header {
		if f >= "b01" && f <= "b26" {
			careCols = append(careCols, i)
		}
	}
	if len(careCols) != 26 {
		t.Fatalf("%d 子育て・介護 columns, want 26", len(careCols))
	}
	full, notAll, none, blank := 0, 0, 0, 0
	for i, r := range aiRows {
		if i >= len(rates) || strings.TrimSpace(rates[i]) != "100%" {
			continue
		}
		full++
		row := b[r[0]]
		online, done := 0, 0
		for _, c := range careCols {
			switch row[c] {
			case "online":
				online++
				done++
			case "not-applicable":
				done++
			}
		}
		if done < 26 {
			notAll++
		}
		if online == 0 {
			none++
		}
		if done == 0 {
			blank++
		}
	}
	if full != 1133 || notAll != 120 || none != 33 || blank != 32 {
		t.Errorf("dashboard 100%%: %d (want 1,133); of them, not all 26 done in the workbook: %d (want 120), none online: %d (want 33), all 26 blank: %d (want 32)", full, notAll, none, blank)
	}
}
