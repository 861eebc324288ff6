package importer

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ichiran-jp/ichiran/tools/jatext"
	"github.com/ichiran-jp/ichiran/tools/lgcode"
	"github.com/ichiran-jp/ichiran/tools/repo"
	"github.com/ichiran-jp/ichiran/tools/sheet"
)

func setup(t *testing.T, id string) Config {
	t.Helper()
	r := openRepo(t)
	ind := r.Cat.Indicator(id)
	fields, err := LoadFields(r, ind)
	if err != nil {
		t.Fatal(err)
	}
	return Config{Indicator: ind, Fields: fields, Codes: r.Codes}
}

// openRepo opens this repository.
func openRepo(t *testing.T) *repo.Repository {
	t.Helper()
	r, err := repo.Open("../..", repo.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

// annexA is the header of the Digital Agency's workbook for annex a:
// the code, the name and the 14 procedures, as the workbook names them.
const annexA = "コード,団体名,図書館の図書貸出予約等,文化・スポーツ施設等の利用予約,研修・講習・各種イベント等の申込,地方税申告手続（eLTAX）,水道使用開始届等,港湾関係手続,道路占用許可申請等,建築確認,粗大ごみ収集の申込,産業廃棄物の処理、運搬の実績報告,職員採用試験申込,入札参加資格審査申請等,入札,衆議院・参議院選挙の不在者投票用紙等の請求"

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
			name: "survey: answers, multiple choice, no answer", id: "open-data", asOf: "2024-10-31",
			text: "地方公共団体コード6桁,地方公共団体名,状態,Q3 貴団体はオープンデータに取り組んでいますか？,Q25 自治体標準オープンデータセットに準拠して公開しているデータがある場合、該当するデータを全て選択してください。\n" +
				"11002,北海道 札幌市,提出済,取組んでいる,\"AED設置箇所一覧\t;支援制度（給付金）情報\t\"\n" +
				"131016,東京都 千代田区,未提出,,\n" +
				"12025,北海道 函館市,提出済,取組んでいない,\n",
			want: []string{
				"011002,2024-10-31,true,true,true" + strings.Repeat(",false", 20) + ",true",
				"012025,2024-10-31,true,false" + strings.Repeat(",false", 22),
				"131016,2024-10-31,false," + strings.Repeat(",", 22),
			},
			wantBreak: []string{"lost-zero", "name-prefix", "multi-value"},
		},
		{
			name: "survey: an option the catalogue does not know", id: "open-data", asOf: "2024-10-31",
			text: "地方公共団体コード6桁,地方公共団体名,状態,貴団体はオープンデータに取り組んでいますか？,自治体標準オープンデータセットに準拠して公開しているデータがある場合\n" +
				"11002,北海道 札幌市,提出済,取組んでいる,AED設置箇所一覧;河川水位一覧\n",
			wantErr: []string{"河川水位一覧"},
		},
		{
			name: "survey masks: options in the heading", id: "open-data", asOf: "2020-11-30",
			text: "地方公共団体コード,地方公共団体名,提出状況,\"[\"\"[No.2]オープンデータの公開開始予定時期について、あてはまるものを１つ選択してください。\"\",[\"\"2020年度中\"\",\"\"オープンデータをすでに公開している\"\"]]\",\"[\"\"[No.17]推奨データセットに準拠して公開しているデータがある場合\"\",[\"\"AED設置箇所一覧\"\",\"\"ボーリング柱状図等（自身のHPで公開）\"\",\"\"ボーリング柱状図等（外部のHPで公開）\"\",\"\"オープンデータを公開していない\"\"]]\"\n" +
				"01100,北海道 札幌市,提出済,-v,vv--\n" +
				"01202,北海道 函館市,提出済,v-,---v\n" +
				"13101,東京都 千代田区,未提出,--,----\n",
			want: []string{
				"011002,2020-11-30,true,true,true" + strings.Repeat(",false", 16) + ",true" + strings.Repeat(",false", 4),
				"012025,2020-11-30,true,false" + strings.Repeat(",false", 22),
				"131016,2020-11-30,false," + strings.Repeat(",", 22),
			},
			wantBreak: []string{"standard-code", "choices"},
		},
		{
			name: "procedure marks: variants, blank, not applicable, stated as-of", id: "online-procedures",
			text: "（令和６年度末時点）\n" +
				"コード,都道府県,団体名,図書館の図書貸出予約等,文化・スポーツ施設等の利用予約,研修・講習・各種イベント等の申込 ,地方税申告手続（eLTAX） ,水道使用開始届等,港湾関係手続,道路占用許可申請等,建築確認,粗大ごみ収集の申込,産業廃棄物の処理、運搬の実績報告,職員採用試験申込,入札参加資格審査申請等,入札,衆議院・参議院選挙の不在者投票用紙等の請求\n" +
				"11002,北海道,札幌市,○,〇,◯,ー,－,―,‐,-,,○,○,○,○,○\n" +
				"全国計,,,,,,,,,,,,,,,,\n" +
				"※ 注記\n",
			want:      []string{"011002,2025-03-31,online,online,online,not-applicable,not-applicable,not-applicable,not-applicable,not-applicable,not-online,online,online,online,online,online"},
			wantBreak: []string{"header-row", "lost-zero", "blank-value", "marks", "totals", "notes", "dates"},
		},
		{
			name: "procedure marks: an unknown mark is an error at its cell", id: "online-procedures", asOf: "2025-03-31",
			text: annexA + "\n" +
				"011002,札幌市,○,×,○,○,○,○,○,○,○,○,○,○,○,○\n",
			wantErr: []string{"2:4"},
		},
		{
			name: "stated as-of that differs from --as-of", id: "online-procedures", asOf: "2024-03-31",
			text:    "（令和６年度末時点）\n" + annexA + "\n011002,札幌市,○,○,○,○,○,○,○,○,○,○,○,○,○,○\n",
			wantErr: []string{"1:1"},
		},
		{
			name: "qualified figures: 約, 不明, blank", id: "mynaportal-other-procedures", asOf: "2025-03-31",
			text: "コード,団体名,左記以外のオンライン申請対応手続数（※概数の場合あり）\n" +
				"011002,札幌市,\"約1,000\"\n" +
				"012025,函館市,不明\n" +
				"012033,小樽市,\n" +
				"012041,旭川市,23.0\n",
			want:      []string{"011002,2025-03-31,1000,approximate", "012025,2025-03-31,,unknown", "012033,2025-03-31,,not-stated", "012041,2025-03-31,23,exact"},
			wantBreak: []string{"approximate", "words", "blank-missing", "thousands"},
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
	codes := openRepo(t).Codes
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

func TestCanonicalNumber(t *testing.T) {
	tests := []struct {
		in       string
		decimals int
		want     string
	}{
		{"23", -1, "23"},
		{"23.0", -1, "23"},
		{"23.", -1, "23"},
		{"023.50", -1, "23.5"},
		{"0.0", -1, "0"},
		{"-0.0", -1, "0"},
		{"-1.50", -1, "-1.5"},
		{"25", 1, "25.0"},
		{"25.00", 1, "25.0"},
		{"27.2", 1, "27.2"},
		{"27.17", 1, "27.17"}, // never rounded: the domain check says it is wrong
		{"0.5", 2, "0.50"},
	}
	for _, tt := range tests {
		if got := canonicalNumber(tt.in, tt.decimals); got != tt.want {
			t.Errorf("canonicalNumber(%q, %d) = %q, want %q", tt.in, tt.decimals, got, tt.want)
		}
	}
}

// TestImportSameFiguresOtherForms: figures typed in a workbook (23, 50)
// and the same figures from a CSV (23.0, 50.00) give the same bytes: the
// second import finds nothing to change, without --replace.
func TestImportSameFiguresOtherForms(t *testing.T) {
	dir := repoCopy(t)
	in := t.TempDir()
	const head = "団体コード,市区町村名,算出基準日,人口,人口算出基準日,交付枚数,交付率\n"
	csvFile := filepath.Join(in, "提出.csv")
	if err := os.WriteFile(csvFile, []byte(head+"011002,札幌市,2026-05-01,1000.0,2026-01-01,500.0,50.00\n131016,千代田区,2026-05-01,2000,2026-01-01,1000,50\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var rows [][]string
	for _, l := range strings.Split(strings.TrimSpace(head+"011002,札幌市,2026-05-01,1000,2026-01-01,500,50\n131016,千代田区,2026-05-01,2000,2026-01-01,1000,50.0\n"), "\n") {
		rows = append(rows, strings.Split(l, ","))
	}
	book := writeBook(t, in, sheet.Sheet{Name: "Sheet1", Rows: rows, HeaderRows: 1})
	req := Request{Partial: true, Package: filepath.Join(dir, "datapackage.json"), Indicator: "mynumber-card", File: csvFile}
	first, err := Import(context.Background(), req)
	if err != nil || !first.Written {
		t.Fatalf("first import: written %v, %v, %+v", first != nil && first.Written, err, first)
	}
	req.File = book
	second, err := Import(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if len(second.Merged.Changes) != 0 || second.Refused {
		t.Errorf("the same figures from a workbook: changes %v, refused %v; want none", second.Merged.Changes, second.Refused)
	}
	got, _ := os.ReadFile(first.Target)
	if want := "code,as_of,population,population_date,issued,rate\n011002,2026-05-01,1000,2026-01-01,500,50.0\n131016,2026-05-01,2000,2026-01-01,1000,50.0\n"; string(got) != want {
		t.Errorf("written\n%s\nwant\n%s", got, want)
	}
}
