package lgcode

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

var realWorkbook = filepath.Join("..", "..", "..", "shared", "corpus", "realdata", "soumu-lgcode-r6-xlsx", "000925835.xlsx")

// TestWorkbookAgrees reads the Ministry's own workbook (令和6年1月1日現在)
// when the corpus is there, and checks that the committed table, as in force
// on the workbook's date, agrees with it code for code, name for name and
// reading for reading. The workbook writes small kana as large ones
// (ｷﾞﾖｳﾀﾞｼ) where the table has e-Stat's readings: there, the workbook's
// reading is the one that [SourceReading] records.
func TestWorkbookAgrees(t *testing.T) {
	if _, err := os.Stat(realWorkbook); err != nil {
		t.Skipf("実データがありません / real data absent: %v", err)
	}
	wb, err := ReadWorkbook(realWorkbook)
	if err != nil {
		t.Fatalf("ReadWorkbook(%q) error = %v", realWorkbook, err)
	}
	if want := Date(2024, time.January, 1); !wb.AsOf.Equal(want) {
		t.Fatalf("ReadWorkbook(%q).AsOf = %v, want %v", realWorkbook, wb.AsOf, want)
	}
	tab := committed(t)
	type row struct {
		Code                Code
		Pref, Name, Reading string
		Kind                Kind
		Parent              Code
	}
	rows := func(es []Entry) []row {
		out := make([]row, len(es))
		for i, e := range es {
			reading := e.Reading
			if r, ok := SourceReading(e.Code, e.Name); ok {
				reading = r
			}
			out[i] = row{e.Code, e.Prefecture, e.Name, reading, e.Kind, e.Parent}
		}
		return out
	}
	if len(wb.Entries) != 1794+171 {
		t.Errorf("ReadWorkbook(%q) = %d entries, want 1,794 + 171 wards", realWorkbook, len(wb.Entries))
	}
	if diff := cmp.Diff(rows(wb.Entries), rows(tab.InForce(wb.AsOf))); diff != "" {
		t.Errorf("committed table on %s differs from the workbook (-workbook +table):\n%s", wb.AsOf.Format(dateLayout), diff)
	}
}

// TestReadWorkbook reads testdata/ministry-layout.xlsx, a small workbook
// made up in the Ministry's layout: header rows, half-width readings, a
// numeric code that lost its zero, padded cells, blank rows and a footnote.
func TestReadWorkbook(t *testing.T) {
	path := filepath.Join("testdata", "ministry-layout.xlsx")
	wb, err := ReadWorkbook(path)
	if err != nil {
		t.Fatalf("ReadWorkbook(%q) error = %v", path, err)
	}
	if want := Date(2019, time.May, 1); !wb.AsOf.Equal(want) {
		t.Errorf("ReadWorkbook(%q).AsOf = %v, want %v", path, wb.AsOf, want)
	}
	want := []Entry{
		{Code: "010006", PrefCode: "01", Prefecture: "北海道", Name: "北海道", Reading: "ホッカイドウ", Kind: KindPrefecture},
		{Code: "011002", PrefCode: "01", Prefecture: "北海道", Name: "札幌市", Reading: "サッポロシ", Kind: KindCity},
		{Code: "011011", PrefCode: "01", Prefecture: "北海道", Name: "中央区", Reading: "チュウオウク", Kind: KindWard, Parent: "011002"},
		{Code: "011029", PrefCode: "01", Prefecture: "北海道", Name: "北区", Reading: "キタク", Kind: KindWard, Parent: "011002"},
		{Code: "014036", PrefCode: "01", Prefecture: "北海道", Name: "泊村", County: "古宇郡", Reading: "トマリムラ", Kind: KindVillage},
		{Code: "016969", PrefCode: "01", Prefecture: "北海道", Name: "泊村", County: "国後郡", Reading: "トマリムラ", Kind: KindNorthernVillage},
		{Code: "130001", PrefCode: "13", Prefecture: "東京都", Name: "東京都", Reading: "トウキョウト", Kind: KindPrefecture},
		{Code: "131016", PrefCode: "13", Prefecture: "東京都", Name: "千代田区", Reading: "チヨダク", Kind: KindSpecialWard},
		{Code: "282219", PrefCode: "28", Prefecture: "兵庫県", Name: "丹波篠山市", Reading: "タンバササヤマシ", Kind: KindCity},
	}
	if diff := cmp.Diff(want, wb.Entries); diff != "" {
		t.Errorf("ReadWorkbook(%q) (-want +got):\n%s", path, diff)
	}
}

func TestReadWorkbookErrors(t *testing.T) {
	path := filepath.Join(t.TempDir(), "none.xlsx")
	if _, err := ReadWorkbook(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("ReadWorkbook(%q) error = %v, want os.ErrNotExist", path, err)
	}
}

func TestSheetDate(t *testing.T) {
	tests := []struct {
		in   string
		want time.Time
	}{
		{"R6.1.1現在の団体", Date(2024, time.January, 1)},
		{"R1.5.1政令指定都市", Date(2019, time.May, 1)},
		{"H31.4.1現在の団体", Date(2019, time.April, 1)},
		{"令和元年5月1日現在", Date(2019, time.May, 1)},
		{"Ｒ６．１．１", Date(2024, time.January, 1)},
		{"R6.2.30", time.Time{}},
		{"団体", time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := sheetDate(tt.in); !got.Equal(tt.want) {
				t.Errorf("sheetDate(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}
