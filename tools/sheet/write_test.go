package sheet

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func ptr(f float64) *float64 { return &f }

func testSheets() []Sheet {
	return []Sheet{
		{
			Name:          "データ (Data)",
			Rows:          [][]string{{"コード", "人口 (人)", "率 (%)", "計画"}, {"code", "population", "rate", "plan"}, {"011002", "", "", ""}, {"012025"}},
			Columns:       []Column{{Width: 9, Format: "@"}, {Width: 12, Format: "0"}, {Format: "0.0"}, {Width: 8}},
			HeaderRows:    2,
			FreezeColumns: 1,
			AutoFilter:    true,
			Validations: []Validation{
				{Range: "B3:B4", Kind: ValidationWhole, Min: ptr(0), Title: "人口", Prompt: "0 以上の整数", Error: "整数を入力してください"},
				{Range: "C3:C4", Kind: ValidationDecimal, Min: ptr(0), Max: ptr(100)},
				{Range: "D3:D4", Kind: ValidationList, List: []string{"はい", "いいえ"}},
			},
		},
		{
			Name:     "説明 (Explanation)",
			Rows:     [][]string{{"指標", "テスト & <test>"}, {}, {"列", "説明"}},
			Columns:  []Column{{Width: 20, Wrap: true}, {Width: 60, Wrap: true}},
			BoldRows: []int{2},
		},
	}
}

func TestWriteReadBack(t *testing.T) {
	props := Props{Title: "題", Creator: "ichiran", Language: "ja-JP", Created: time.Date(2027, 5, 1, 0, 0, 0, 0, time.UTC)}
	var buf bytes.Buffer
	if err := Write(&buf, props, testSheets()...); err != nil {
		t.Fatalf("Write() error = %v", err)
	}
	path := filepath.Join(t.TempDir(), "out.xlsx")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	b, err := Open(path)
	if err != nil {
		t.Fatalf("Open() error = %v", err)
	}
	defer b.Close()

	if got, want := b.Sheets(), []string{"データ (Data)", "説明 (Explanation)"}; !cmp.Equal(got, want) {
		t.Errorf("Sheets() = %q, want %q", got, want)
	}
	for _, s := range testSheets() {
		got, err := b.Rows(s.Name)
		if err != nil {
			t.Fatal(err)
		}
		want := s.Rows
		if s.Name == "データ (Data)" {
			want[2] = []string{"011002"} // Rows drops trailing empty cells
		} else {
			want[1], got[1] = nil, nil // an empty row: nil or empty, no matter
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("Rows(%q) mismatch (-want +got):\n%s", s.Name, diff)
		}
	}
	gotV, err := b.Validations("データ (Data)")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(testSheets()[0].Validations, gotV); diff != "" {
		t.Errorf("Validations() mismatch (-want +got):\n%s", diff)
	}
	gotL, err := b.Layout("データ (Data)")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(Layout{FrozenRows: 2, FrozenColumns: 1, AutoFilter: "$A$2:$D$4"}, gotL); diff != "" {
		t.Errorf("Layout() mismatch (-want +got):\n%s", diff)
	}
	if got, err := b.Layout("説明 (Explanation)"); err != nil || got != (Layout{}) {
		t.Errorf("Layout(説明) = %+v, %v, want none", got, err)
	}
	formats := []struct{ cell, want string }{{"A3", "@"}, {"B3", "0"}, {"C4", "0.0"}, {"D3", ""}}
	for _, tc := range formats {
		t.Run("Format "+tc.cell, func(t *testing.T) {
			got, err := b.Format("データ (Data)", tc.cell)
			if err != nil || got != tc.want {
				t.Errorf("Format(%s) = %q, %v, want %q", tc.cell, got, err, tc.want)
			}
		})
	}
	if w, err := b.ColumnWidth("データ (Data)", "B"); err != nil || w != 12 {
		t.Errorf("ColumnWidth(B) = %v, %v, want 12", w, err)
	}
	gotP, err := b.Props()
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(props, gotP); diff != "" {
		t.Errorf("Props() mismatch (-want +got):\n%s", diff)
	}
}

// TestWriteDeterministic: the same arguments give the same bytes, even
// across a change of the clock.
func TestWriteDeterministic(t *testing.T) {
	tests := []struct {
		name  string
		props Props
	}{
		{"no date", Props{Creator: "ichiran"}},
		{"dated", Props{Creator: "ichiran", Created: time.Date(2027, 5, 1, 0, 0, 0, 0, time.UTC)}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var a, b bytes.Buffer
			if err := Write(&a, tc.props, testSheets()...); err != nil {
				t.Fatal(err)
			}
			time.Sleep(1100 * time.Millisecond) // a zip or property timestamp would differ
			if err := Write(&b, tc.props, testSheets()...); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(a.Bytes(), b.Bytes()) {
				t.Errorf("Write() twice gave different bytes (%d and %d bytes)", a.Len(), b.Len())
			}
		})
	}
}

func TestWriteErrors(t *testing.T) {
	tests := []struct {
		name   string
		sheets []Sheet
	}{
		{"no sheets", nil},
		{"bad name", []Sheet{{Name: "a/b"}}},
		{"bad validation", []Sheet{{Name: "x", Validations: []Validation{{Range: "A1", Kind: "date"}}}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := Write(&bytes.Buffer{}, Props{}, tc.sheets...); err == nil {
				t.Errorf("Write(%s) = nil, want an error", tc.name)
			}
		})
	}
}
