package template

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ichiran-jp/ichiran/tools/repo"
	"github.com/ichiran-jp/ichiran/tools/sheet"
)

// open opens the repository's own data.
func open(t *testing.T) *repo.Repository {
	t.Helper()
	r, err := repo.Open("../..", repo.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

func build(t *testing.T, id string, edition int) *Template {
	t.Helper()
	r := open(t)
	ind := r.Cat.Indicator(id)
	asOf, ok := ind.AsOf(edition)
	if !ok {
		t.Fatalf("%s has no date in edition %d", id, edition)
	}
	tp, err := New(r, ind, asOf, edition)
	if err != nil {
		t.Fatalf("New(%s) error = %v", id, err)
	}
	return tp
}

func ptr(f float64) *float64 { return &f }

type want struct {
	rows     int
	first    [][]string // the first data rows
	headings []string   // row 1
	names    []string   // row 2
	valid    []sheet.Validation
	formats  map[string]string // cell → number format
	explain  []string          // texts the explanation sheet must hold
}

var cases = []struct {
	id      string
	edition int
	want    want
}{
	{"mynumber-card", 2027, want{
		rows:     1741,
		first:    [][]string{{"011002", "北海道", "札幌市", "2027-05-01"}, {"012025", "北海道", "函館市", "2027-05-01"}},
		headings: []string{"全国地方公共団体コード", "都道府県", "団体名", "時点", "住民基本台帳人口 (人)", "人口算出基準日", "交付枚数 (枚)", "人口に対する交付枚数率 (%)"},
		names:    []string{"code", "prefecture", "name", "as_of", "population", "population_date", "issued", "rate"},
		valid: []sheet.Validation{
			{Range: "E3:E1743", Kind: sheet.ValidationWhole, Min: ptr(0), Title: "住民基本台帳人口 (人)", Prompt: "整数、0 以上 / a whole number of at least 0", Error: "整数、0 以上 / a whole number of at least 0"},
			{Range: "G3:G1743", Kind: sheet.ValidationWhole, Min: ptr(0), Title: "交付枚数 (枚)", Prompt: "整数、0 以上 / a whole number of at least 0", Error: "整数、0 以上 / a whole number of at least 0"},
			{Range: "H3:H1743", Kind: sheet.ValidationDecimal, Min: ptr(0), Title: "人口に対する交付枚数率 (%)", Prompt: "数値、0 以上、小数第1位まで / a number of at least 0, one decimal", Error: "数値、0 以上、小数第1位まで / a number of at least 0, one decimal"},
		},
		formats: map[string]string{"A3": "@", "D3": "@", "E3": "0", "F3": "yyyy-mm-dd", "G1743": "0", "H3": "0.0"},
		explain: []string{"マイナンバーカード交付率 / My Number Card issuance rate", "mynumber-card", "総務省 / Ministry of Internal Affairs and Communications (MIC)", "2027-05-01 (2027年度版 / edition 2027)", "当年度5月1日時点 / 1 May of the edition's fiscal year", "0 以上 / of at least 0; 小数第1位まで / one decimal", "市区町村 (1741 団体) / municipality (1741 local governments)"},
	}},
	{"data-plan", 2027, want{
		rows:     1788,
		first:    [][]string{{"010006", "北海道", "北海道", "2027-03-31"}, {"011002", "北海道", "札幌市", "2027-03-31"}},
		headings: []string{"全国地方公共団体コード", "都道府県", "団体名", "時点", "官民データ活用推進計画の策定"},
		names:    []string{"code", "prefecture", "name", "as_of", "formulated"},
		valid: []sheet.Validation{
			{Range: "E3:E1790", Kind: sheet.ValidationList, List: []string{"はい", "いいえ"}, Title: "官民データ活用推進計画の策定", Prompt: "一覧から選んでください / choose from the list", Error: "一覧にある値を選んでください / choose a value of the list"},
		},
		formats: map[string]string{"A3": "@", "E3": "@"},
		explain: []string{"選択肢 / choices: はい (yes) → true、いいえ (no) → false", "市区町村・都道府県 (1788 団体) / municipality, prefecture (1788 local governments)"},
	}},
}

func TestTemplateXLSX(t *testing.T) {
	for _, tc := range cases {
		t.Run(tc.id, func(t *testing.T) {
			tp := build(t, tc.id, tc.edition)
			path := filepath.Join(t.TempDir(), tc.id+".xlsx")
			if err := tp.WriteFile(path, false); err != nil {
				t.Fatalf("WriteFile() error = %v", err)
			}
			b, err := sheet.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer b.Close()
			if got, want := b.Sheets(), []string{DataSheet, ExplanationSheet}; !cmp.Equal(got, want) {
				t.Errorf("Sheets() = %q, want %q", got, want)
			}
			rows, err := b.Rows(DataSheet)
			if err != nil {
				t.Fatal(err)
			}
			if got := len(rows) - HeaderRows; got != tc.want.rows {
				t.Errorf("data rows = %d, want %d", got, tc.want.rows)
			}
			if diff := cmp.Diff(tc.want.headings, rows[0]); diff != "" {
				t.Errorf("row 1 mismatch (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.want.names, rows[1]); diff != "" {
				t.Errorf("row 2 mismatch (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.want.first, rows[2:2+len(tc.want.first)]); diff != "" {
				t.Errorf("first rows mismatch (-want +got):\n%s", diff)
			}
			for i := 3; i < len(rows); i++ {
				if rows[i][0] <= rows[i-1][0] {
					t.Fatalf("row %d: code %s not after %s", i+1, rows[i][0], rows[i-1][0])
				}
			}
			valid, err := b.Validations(DataSheet)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want.valid, valid); diff != "" {
				t.Errorf("Validations() mismatch (-want +got):\n%s", diff)
			}
			layout, err := b.Layout(DataSheet)
			if err != nil {
				t.Fatal(err)
			}
			lastCol := columnName(len(tc.want.names) - 1)
			wantLayout := sheet.Layout{FrozenRows: 2, FrozenColumns: 3, AutoFilter: "$A$2:$" + lastCol + "$" + strconv.Itoa(tc.want.rows+2)}
			if diff := cmp.Diff(wantLayout, layout); diff != "" {
				t.Errorf("Layout() mismatch (-want +got):\n%s", diff)
			}
			for cell, want := range tc.want.formats {
				if got, err := b.Format(DataSheet, cell); err != nil || got != want {
					t.Errorf("Format(%s) = %q, %v, want %q", cell, got, err, want)
				}
			}
			ex, err := b.Rows(ExplanationSheet)
			if err != nil {
				t.Fatal(err)
			}
			cells := map[string]bool{}
			for _, r := range ex {
				for _, c := range r {
					cells[c] = true
				}
			}
			for _, s := range tc.want.explain {
				if !cells[s] {
					t.Errorf("explanation sheet has no cell %q", s)
				}
			}
			// One line per column, after the heading 「列 / Column」.
			var described []string
			for i, r := range ex {
				if len(r) > 0 && r[0] == "列 / Column" {
					for _, d := range ex[i+1:] {
						described = append(described, d[2])
					}
				}
			}
			if diff := cmp.Diff(tc.want.names, described); diff != "" {
				t.Errorf("explained columns mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestTemplateCSV(t *testing.T) {
	for _, tc := range cases {
		t.Run(tc.id, func(t *testing.T) {
			tp := build(t, tc.id, tc.edition)
			var buf bytes.Buffer
			if err := tp.WriteCSV(&buf); err != nil {
				t.Fatal(err)
			}
			got := buf.String()
			if !strings.HasPrefix(got, "\uFEFF") {
				t.Errorf("CSV does not start with the BOM: %q", got[:10])
			}
			lines := strings.Split(strings.TrimSuffix(strings.TrimPrefix(got, "\uFEFF"), "\r\n"), "\r\n")
			if strings.Contains(strings.ReplaceAll(got, "\r\n", ""), "\n") {
				t.Errorf("CSV has a line end that is not CRLF")
			}
			if n := len(lines) - HeaderRows; n != tc.want.rows {
				t.Errorf("CSV rows = %d, want %d", n, tc.want.rows)
			}
			want := []string{
				strings.Join(tc.want.headings, ","),
				strings.Join(tc.want.names, ","),
			}
			pad := strings.Repeat(",", len(tc.want.names)-len(tc.want.first[0]))
			for _, r := range tc.want.first {
				want = append(want, strings.Join(r, ",")+pad)
			}
			if diff := cmp.Diff(want, lines[:len(want)]); diff != "" {
				t.Errorf("CSV lines mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestXLSXDeterministic(t *testing.T) {
	for _, tc := range cases {
		t.Run(tc.id, func(t *testing.T) {
			var a, b bytes.Buffer
			if err := build(t, tc.id, tc.edition).WriteXLSX(&a); err != nil {
				t.Fatal(err)
			}
			if err := build(t, tc.id, tc.edition).WriteXLSX(&b); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(a.Bytes(), b.Bytes()) {
				t.Errorf("WriteXLSX() twice gave different bytes")
			}
		})
	}
}

func TestNewNoData(t *testing.T) {
	r := open(t)
	for _, id := range []string{"dx-plan", "security"} {
		t.Run(id, func(t *testing.T) {
			_, err := New(r, r.Cat.Indicator(id), time.Date(2027, 3, 31, 0, 0, 0, 0, time.UTC), 2027)
			if !errors.Is(err, ErrNoData) {
				t.Errorf("New(%s) error = %v, want ErrNoData", id, err)
			}
		})
	}
}

func TestWriteFile(t *testing.T) {
	tp := build(t, "data-plan", 2027)
	dir := t.TempDir()
	tests := []struct {
		name    string
		file    string
		force   bool
		wantErr error
	}{
		{"csv", "a.csv", false, nil},
		{"csv again", "a.csv", false, ErrExists},
		{"csv forced", "a.csv", true, nil},
		{"xlsx", "a.xlsx", false, nil},
		{"xlsx again", "a.xlsx", false, ErrExists},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tp.WriteFile(filepath.Join(dir, tc.file), tc.force)
			if !errors.Is(err, tc.wantErr) {
				t.Errorf("WriteFile(%s, %v) = %v, want %v", tc.file, tc.force, err, tc.wantErr)
			}
		})
	}
	if err := tp.WriteFile(filepath.Join(dir, "a.txt"), false); err == nil {
		t.Errorf("WriteFile(a.txt) = nil, want an error")
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	if diff := cmp.Diff([]string{"a.csv", "a.xlsx"}, names); diff != "" {
		t.Errorf("files left (-want +got):\n%s", diff)
	}
}

func TestParseSchemaUnits(t *testing.T) {
	tests := []struct{ title, wantJa, wantUnit string }{
		{"住民基本台帳人口 (人) / population (resident register) (persons)", "住民基本台帳人口 (人)", "人"},
		{"人口に対する交付枚数率 (%) / issuance rate (%)", "人口に対する交付枚数率 (%)", "%"},
		{"時点 / as of", "時点", ""},
		{"コード", "コード", ""},
	}
	for _, tc := range tests {
		t.Run(tc.title, func(t *testing.T) {
			cols, err := ParseSchema([]byte(`{"fields":[{"name":"x","title":` + quote(tc.title) + `}]}`))
			if err != nil {
				t.Fatal(err)
			}
			if got := [2]string{cols[0].Title, cols[0].Unit}; got != [2]string{tc.wantJa, tc.wantUnit} {
				t.Errorf("ParseSchema(%q) = %q, want %q", tc.title, got, [2]string{tc.wantJa, tc.wantUnit})
			}
		})
	}
}

func quote(s string) string { return `"` + strings.ReplaceAll(s, `"`, `\"`) + `"` }
