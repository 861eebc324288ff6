package sheet

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func testTables() []Table {
	return []Table{
		{
			Name:          "一覧表",
			Header:        []string{"コード", "名称", "人口 (人)", "率 (%)"},
			Rows:          [][]any{{"011002", "札幌市", int64(1973395), 50.25}, {"=1+1", "@SUM(A1)", nil, float64(7)}},
			Columns:       []Column{{Width: 9, Format: "@"}, {Width: 14}, {Width: 12, Format: "#,##0"}, {Format: "0.0"}},
			FreezeColumns: 2,
			AutoFilter:    true,
		},
		{Name: "説明", Header: []string{"列", "説明"}, Rows: [][]any{{"A", "-2 から始まる文"}}, Columns: []Column{{Width: 10}, {Width: 60, Wrap: true}}},
	}
}

func TestWriteTables(t *testing.T) {
	var buf bytes.Buffer
	props := Props{Title: "題", Created: time.Date(2027, 5, 1, 0, 0, 0, 0, time.UTC)}
	if err := WriteTables(&buf, props, testTables()...); err != nil {
		t.Fatalf("WriteTables() error = %v", err)
	}
	var again bytes.Buffer
	if err := WriteTables(&again, props, testTables()...); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), again.Bytes()) {
		t.Error("WriteTables is not deterministic")
	}
	path := filepath.Join(t.TempDir(), "t.xlsx")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	b, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	rows, err := b.Rows("一覧表")
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"コード", "名称", "人口 (人)", "率 (%)"}, {"011002", "札幌市", "1,973,395", "50.3"}, {"=1+1", "@SUM(A1)", "", "7.0"}}
	if diff := cmp.Diff(want, rows); diff != "" {
		t.Errorf("Rows mismatch (-want +got):\n%s", diff)
	}
	if l, err := b.Layout("一覧表"); err != nil || l != (Layout{FrozenRows: 1, FrozenColumns: 2, AutoFilter: "$A$1:$D$3"}) {
		t.Errorf("Layout = %+v, %v", l, err)
	}
	kinds := []struct{ sheet, cell, want string }{
		{"一覧表", "A3", "text"}, {"一覧表", "B3", "text"}, {"一覧表", "C2", "number"}, {"一覧表", "C3", ""}, {"説明", "B2", "text"},
	}
	for _, tc := range kinds {
		if got, err := b.CellKind(tc.sheet, tc.cell); err != nil || got != tc.want {
			t.Errorf("CellKind(%s!%s) = %q, %v, want %q", tc.sheet, tc.cell, got, err, tc.want)
		}
	}
	if f, err := b.Format("一覧表", "C2"); err != nil || f != "#,##0" {
		t.Errorf("Format(C2) = %q, %v", f, err)
	}
	if w, err := b.ColumnWidth("説明", "B"); err != nil || w != 60 {
		t.Errorf("ColumnWidth = %v, %v", w, err)
	}
}

func TestWriteTablesErrors(t *testing.T) {
	if err := WriteTables(&bytes.Buffer{}, Props{}); err == nil {
		t.Error("no tables: want an error")
	}
	if err := WriteTables(&bytes.Buffer{}, Props{}, Table{Name: "x", Rows: [][]any{{1}}}); err == nil {
		t.Error("int cell: want an error")
	}
}
