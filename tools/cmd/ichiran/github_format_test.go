package main

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/ichiran-jp/ichiran/tools/frictionless"
)

// TestWriteGitHub: errors, then a warning for each resource stopped at the
// limit or not validated, then the summary.
func TestWriteGitHub(t *testing.T) {
	rep := &frictionless.Report{
		Resources: []frictionless.ResourceReport{
			{Name: "a", Path: "data/a.csv", Rows: 5, Errors: 1, Stopped: true},
			{Name: "b", Path: "data/b.csv"},
			{Name: "c", Path: "datapackage.json", Skipped: true},
		},
		Errors: []*frictionless.Error{{Code: frictionless.CodeType, Path: "data/a.csv", Line: 2, Col: 3, Ja: "ja", En: "en"}},
	}
	var b strings.Builder
	if err := writeGitHub(rep, &b); err != nil {
		t.Fatal(err)
	}
	want := `::error file=data/a.csv,line=2,col=3,title=type-error::ja / en
::warning file=data/a.csv,title=ichiran validate::上限 (エラー件数・行数・ファイルの大きさ) に達したため検証を打ち切りました (エラー 1 件) / stopped at a limit (errors, rows or file size) after 1 error
::warning file=datapackage.json,title=ichiran validate::記述子にエラーがあるためデータは検証していません / data not validated: its descriptor has errors
::error title=ichiran validate::無効: 1 件のエラー (3 リソース、5 行) / invalid: 1 error (3 resources, 5 rows)
`
	if diff := cmp.Diff(want, b.String()); diff != "" {
		t.Errorf("WriteGitHub (-want +got):\n%s", diff)
	}
}
