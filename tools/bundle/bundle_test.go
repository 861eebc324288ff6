package bundle

import (
	"archive/zip"
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ichiran-jp/ichiran/tools/frictionless"
	"github.com/ichiran-jp/ichiran/tools/repo"
	"github.com/ichiran-jp/ichiran/tools/sheet"
)

var stamp = time.Date(2025, 6, 20, 9, 0, 0, 0, time.UTC)

// copyDir copies a directory tree.
func copyDir(t testing.TB, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		target := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func write(t testing.TB, file, s string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

func open(t testing.TB, dir string) *repo.Repository {
	t.Helper()
	r, err := repo.Open(dir, repo.Limits{})
	if err != nil {
		t.Fatalf("repo.Open(%s): %v", dir, err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

// fixture is the repo package's test repository with figures, one of them a text
// that a spreadsheet would run as a formula.
func fixture(t testing.TB) *repo.Repository {
	dir := t.TempDir()
	copyDir(t, "../repo/testdata/repo", dir)
	write(t, filepath.Join(dir, "data/mynumber-card/2025.csv"), "code,as_of,population,population_date,issued,rate\n"+
		"011002,2025-05-01,1000,2024-01-01,500,50.0\n014036,2025-05-01,2000,2024-01-01,-5,-0.3\n131016,2025-05-01,3000,2024-01-01,1500,50.0\n")
	write(t, filepath.Join(dir, "data/data-plan/2025.csv"), "code,as_of,formulated\n010006,2025-03-31,true\n011002,2025-03-31,true\n014036,2025-03-31,false\n")
	return open(t, dir)
}

func build(t testing.TB, repo *repo.Repository, edition int) *Bundle {
	t.Helper()
	b, err := Build(repo, Options{Edition: edition, Time: stamp, Commit: "abc123"})
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	return b
}

func TestBuildFixture(t *testing.T) {
	repo := fixture(t)
	if e, err := LatestEdition(repo, stamp); err != nil || e != 2025 {
		t.Fatalf("LatestEdition = %d, %v, want 2025", e, err)
	}
	b := build(t, repo, 2025)
	out := t.TempDir()
	if err := b.WriteDir(out); err != nil {
		t.Fatal(err)
	}
	list := string(b.File("ichiran-2025.csv").Data)
	tests := []struct{ name, want string }{
		{"header", "団体コード,都道府県,市区町村,読み,マイナンバーカード交付率: population [令和7年5月1日時点]"},
		{"figures", "011002,北海道,札幌市,サッポロシ,1000,2024-01-01,500,50.0,○\n"},
		{"negative numbers unquoted", "014036,北海道,泊村,トマリムラ,2000,2024-01-01,-5,-0.3,×\n"},
		{"missing figures blank", "282219,兵庫県,丹波篠山市,タンバササヤマシ,,,,,\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if !strings.Contains(list, tc.want) {
				t.Errorf("list does not contain %q:\n%s", tc.want, list)
			}
		})
	}
	if n := strings.Count(list, "\n"); n != 1+5 { // 札幌市, 泊村, 千代田区, 丹波篠山市, 那珂川市
		t.Errorf("list has %d lines, want 6:\n%s", n, list)
	}
	if bom := b.File("ichiran-2025-excel.csv").Data; !bytes.HasPrefix(bom, []byte("\uFEFF団体コード")) || !bytes.Contains(bom, []byte("\r\n")) {
		t.Error("the Excel CSV has no BOM or no CRLF")
	}
	// The long CSVs and their descriptor are valid for our engine, hashes
	// and bytes included.
	rep, err := frictionless.Validate(context.Background(), filepath.Join(out, "datapackage.json"), frictionless.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Valid {
		var s strings.Builder
		rep.WriteText(&s)
		t.Errorf("bundle datapackage.json is invalid:\n%s", s.String())
	}
	dp := string(b.File("datapackage.json").Data)
	for _, want := range []string{`"hash": "sha256:`, `"bytes": `, `"path": "data/mynumber-card.csv"`} {
		if !strings.Contains(dp, want) {
			t.Errorf("datapackage.json lacks %s", want)
		}
	}
	for _, name := range []string{"README.md", "LICENSE.md", "CITATION.cff", "RELEASE-NOTES.md", "ichiran-2025.xlsx", "ichiran-2025.sqlite", "ichiran-2025.zip", "SHA256SUMS"} {
		if b.File(name) == nil {
			t.Errorf("no %s", name)
		}
	}
	if !strings.Contains(string(b.File("LICENSE.md").Data), "政府標準利用規約 (第2.0版)") {
		t.Error("LICENSE.md does not name the terms")
	}
	if ps, err := Verify(out); err != nil || len(ps) > 0 {
		t.Errorf("Verify(dir) = %v, %v", ps, err)
	}
	if ps, err := Verify(filepath.Join(out, "ichiran-2025.zip")); err != nil || len(ps) > 0 {
		t.Errorf("Verify(zip) = %v, %v", ps, err)
	}
	// The workbook: list, one sheet per indicator, the macro view, explanation.
	bk, err := sheet.Open(filepath.Join(out, "ichiran-2025.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer bk.Close()
	if got := strings.Join(bk.Sheets(), ","); got != "一覧表,mynumber-card,data-plan,マクロ,説明" {
		t.Errorf("sheets = %s", got)
	}
	if l, _ := bk.Layout("一覧表"); l.FrozenRows != 1 || l.AutoFilter == "" {
		t.Errorf("layout = %+v", l)
	}
	if k, _ := bk.CellKind("一覧表", "G2"); k != "number" {
		t.Errorf("G2 kind = %q, want number", k)
	}
}

// TestBuildRepository builds edition 2025 of the repository's own
// figures: the list has every municipality, the procedures' counts derived
// from their statuses, each indicator's state said truly (掲載 only with
// figures), and the sources with their terms in README and LICENSE. An
// edition with no figures at all is refused.
func TestBuildRepository(t *testing.T) {
	repo := open(t, "../..")
	b := build(t, repo, 2025)
	list := string(b.File("ichiran-2025.csv").Data)
	if n := strings.Count(list, "\n"); n != 1742 {
		t.Errorf("list has %d lines, want 1 + 1741", n)
	}
	header, _, _ := strings.Cut(list, "\n")
	for _, want := range []string{"011002,北海道,札幌市,サッポロシ,", "オンライン化済み手続数 (手続) [令和7年3月31日時点]", "公開している推奨データセット数 (種類) [令和6年10月31日時点]"} {
		if !strings.Contains(list, want) {
			t.Errorf("list lacks %q", want)
		}
	}
	// No column holds a state as text: pending and not-suited indicators
	// have no column; README and the 説明 sheet say why.
	for _, bad := range []string{"調整中", "対象外"} {
		if strings.Contains(list, bad) {
			t.Errorf("list holds %q as text", bad)
		}
	}
	// 札幌市's count of annex b procedures online equals its statuses.
	cols := strings.Split(header, ",")
	col := slices.IndexFunc(cols, func(h string) bool {
		return strings.Contains(h, "4b)") && strings.Contains(h, "オンライン化済み手続数")
	})
	var sapporo []string
	for _, l := range strings.Split(list, "\n") {
		if strings.HasPrefix(l, "011002,") {
			sapporo = strings.Split(l, ",")
		}
	}
	online := 0
	for i, h := range cols {
		if strings.HasPrefix(h, "デジガバ実行計画別紙4b)に記載された行政手続のマイナポータル") && i < len(sapporo) && sapporo[i] == "online" {
			online++
		}
	}
	if col < 0 || sapporo == nil || sapporo[col] != strconv.Itoa(online) || online == 0 {
		t.Errorf("札幌市: derived count column %d = %q, want %d (its statuses)", col, sapporo[min(max(col, 0), len(sapporo)-1)], online)
	}
	readme := string(b.File("README.md").Data)
	for _, want := range []string{
		"| マイナンバーカード交付率 | 総務省 | 2025-05-01 (令和7年5月1日) | 未提出",
		"| 標準仕様が利用された情報システムを利用する業務数 | 内閣官房 | 2025-03-31 (令和7年3月31日) | 府省の数値を入手できていない",
		"| 1741 / 1741 |", "## 出典 / Sources", "aa94447b2567fa73d78dec6b05a187116fa18558a27888410f57aecd3548bf50",
	} {
		if !strings.Contains(readme, want) {
			t.Errorf("README lacks %q", want)
		}
	}
	if strings.Contains(readme, "| 掲載 | 0 / 1741 |") {
		t.Errorf("README calls an indicator with no figures 掲載")
	}
	license := string(b.File("LICENSE.md").Data)
	for _, want := range []string{"公共データ利用規約 (第1.0版)", "https://www.digital.go.jp/resources/open_data/public_data_license_v1.0"} {
		if !strings.Contains(license, want) {
			t.Errorf("LICENSE lacks %q", want)
		}
	}
	// SQLite: ASCII column names, the codes in force joined once each, the
	// derived counts stored; XLSX: dates are dates.
	dir := t.TempDir()
	if err := b.WriteDir(dir); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", filepath.Join(dir, "ichiran-2025.sqlite"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query("SELECT name FROM pragma_table_info('ichiran')")
	if err != nil {
		t.Fatal(err)
	}
	ascii := regexp.MustCompile(`^[a-z0-9_]+$`)
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		if !ascii.MatchString(name) {
			t.Errorf("SQLite view column %q is not an ASCII name", name)
		}
	}
	rows.Close()
	var joined, sqlOnline int
	if err := db.QueryRow("SELECT count(*) FROM ichiran JOIN local_governments_in_force USING (code)").Scan(&joined); err != nil || joined != 1741 {
		t.Errorf("ichiran joined with the codes in force: %d rows (%v), want 1741", joined, err)
	}
	if err := db.QueryRow("SELECT mynaportal_procedures__procedures_online FROM ichiran WHERE code = '011002'").Scan(&sqlOnline); err != nil || sqlOnline != 23 {
		t.Errorf("札幌市 procedures online in SQLite = %d (%v), want 23", sqlOnline, err)
	}
	bk, err := sheet.Open(filepath.Join(dir, "ichiran-2025.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer bk.Close()
	if k, _ := bk.CellKind("mynaportal-procedures", "B2"); k != "number" {
		t.Errorf("the as_of cell of the indicator's sheet is %q, want a date (number)", k)
	}
	if _, err := Build(repo, Options{Edition: 2030, Time: time.Unix(1750000000, 0)}); !errors.Is(err, ErrNoFigures) {
		t.Errorf("Build(edition 2030, no figures) = %v, want ErrNoFigures", err)
	}
}

// TestReproducible builds twice, the second time at another clock and in
// another directory, and compares every byte.
func TestReproducible(t *testing.T) {
	a := build(t, fixture(t), 2025)
	b := build(t, fixture(t), 2025)
	if len(a.Files) != len(b.Files) {
		t.Fatalf("%d files, then %d", len(a.Files), len(b.Files))
	}
	for i := range a.Files {
		if a.Files[i].Name != b.Files[i].Name || !bytes.Equal(a.Files[i].Data, b.Files[i].Data) {
			t.Errorf("%s differs between two builds", a.Files[i].Name)
		}
	}
	zr, err := zip.NewReader(bytes.NewReader(a.File("ichiran-2025.zip").Data), int64(len(a.File("ichiran-2025.zip").Data)))
	if err != nil {
		t.Fatal(err)
	}
	prev := ""
	for _, f := range zr.File {
		if f.Name <= prev || !f.Modified.Equal(stamp) {
			t.Errorf("zip entry %s: not sorted or time %v", f.Name, f.Modified)
		}
		prev = f.Name
	}
}

func TestFormulaInjection(t *testing.T) {
	tests := []struct{ in, want string }{
		{"=SUM(A1)", "'=SUM(A1)"}, {"+1", "'+1"}, {"-1", "'-1"}, {"@cmd", "'@cmd"}, {"\tx", "'\tx"},
		{"札幌市", "札幌市"}, {"", ""}, {"a=b", "a=b"},
	}
	for _, tc := range tests {
		if got := Guard(tc.in); got != tc.want {
			t.Errorf("Guard(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	got := string(writeCSV([][]string{{"h", "n"}, {"=1+1", "-5"}, {"@x", "3"}}, []bool{true, false}, false))
	if want := "h,n\n'=1+1,-5\n'@x,3\n"; got != want {
		t.Errorf("writeCSV = %q, want %q", got, want)
	}
	// A text figure (AI・RPA is a text column) in the list and the workbook.
	dir := t.TempDir()
	copyDir(t, "../repo/testdata/repo", dir)
	write(t, filepath.Join(dir, "data/mynumber-card/2025.csv"), "code,as_of,population,population_date,issued,rate\n")
	write(t, filepath.Join(dir, "data/data-plan/2025.csv"), "code,as_of,formulated\n")
	repo := open(t, dir)
	m, err := load(repo, 2025)
	if err != nil {
		t.Fatal(err)
	}
	x := m.active()[0]
	x.byCode["011002"] = []string{"011002", "2025-05-01", "=HYPERLINK(\"http://x\")", "", "", ""}
	x.fields[2].Type = "string"
	plain, _ := m.listCSV()
	if !strings.Contains(string(plain), `011002,北海道,札幌市,サッポロシ,"'=HYPERLINK(""http://x"")"`) {
		t.Errorf("the formula is not guarded:\n%s", plain)
	}
	xlsx, err := m.workbook(Options{Time: stamp})
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "x.xlsx")
	write(t, file, string(xlsx))
	bk, err := sheet.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer bk.Close()
	if k, err := bk.CellKind("一覧表", "E2"); err != nil || k != "text" {
		t.Errorf("E2 kind = %q, %v, want text", k, err)
	}
}

func TestVerify(t *testing.T) {
	b := build(t, fixture(t), 2025)
	tests := []struct {
		name  string
		spoil func(dir string)
		want  []string // files named
	}{
		{"intact", func(string) {}, nil},
		{"changed byte", func(dir string) {
			f := filepath.Join(dir, "ichiran-2025.csv")
			d, _ := os.ReadFile(f)
			d[10] ^= 1
			os.WriteFile(f, d, 0o644)
		}, []string{"ichiran-2025.csv"}},
		{"changed long csv", func(dir string) {
			f := filepath.Join(dir, "data", "data-plan.csv")
			d, _ := os.ReadFile(f)
			os.WriteFile(f, append(d, '\n'), 0o644)
		}, []string{"data/data-plan.csv", "data/data-plan.csv", "data/data-plan.csv"}},
		{"missing file", func(dir string) { os.Remove(filepath.Join(dir, "ichiran-2025.xlsx")) }, []string{"ichiran-2025.xlsx"}},
		{"no SHA256SUMS", func(dir string) { os.Remove(filepath.Join(dir, "SHA256SUMS")) }, []string{"SHA256SUMS"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := b.WriteDir(dir); err != nil {
				t.Fatal(err)
			}
			tc.spoil(dir)
			ps, err := Verify(dir)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, p := range ps {
				got = append(got, p.File)
			}
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("Verify named %v, want %v (%v)", got, tc.want, ps)
			}
		})
	}
}

// BenchmarkBuild builds every format for the full list with figures for
// every municipality and every indicator.
func BenchmarkBuild(b *testing.B) {
	dir := b.TempDir()
	for _, p := range []string{"datapackage.json", "schemas", "data/local-governments.csv"} {
		src := filepath.Join("../..", p)
		if fi, err := os.Stat(src); err == nil && fi.IsDir() {
			copyDir(b, src, filepath.Join(dir, p))
		} else {
			d, err := os.ReadFile(src)
			if err != nil {
				b.Fatal(err)
			}
			write(b, filepath.Join(dir, p), string(d))
		}
	}
	repo := open(b, dir)
	const edition = 2027
	for _, ind := range repo.Cat.Indicators {
		asOf, ok := ind.AsOf(edition)
		if !ok {
			continue
		}
		fields, _, err := loadSchema(repo, ind)
		if err != nil {
			b.Fatal(err)
		}
		var s strings.Builder
		for i, f := range fields {
			if i > 0 {
				s.WriteByte(',')
			}
			s.WriteString(f.Name)
		}
		s.WriteByte('\n')
		for n, e := range repo.Codes.InForce(asOf) {
			if !e.InScope() {
				continue
			}
			for i, f := range fields {
				if i > 0 {
					s.WriteByte(',')
				}
				switch {
				case f.Name == "code":
					s.WriteString(string(e.Code))
				case f.Type == "date":
					s.WriteString(asOf.Format(time.DateOnly))
				case f.Type == "integer":
					fmt.Fprint(&s, 1000+n)
				case f.Type == "number":
					fmt.Fprintf(&s, "%.1f", float64(n%1000)/10)
				case f.Type == "boolean":
					s.WriteString([]string{"true", "false"}[n%2])
				default:
					s.WriteString("導入済み")
				}
			}
			s.WriteByte('\n')
		}
		write(b, filepath.Join(dir, "data", ind.ID, fmt.Sprintf("%d.csv", asOf.Year())), s.String())
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := Build(repo, Options{Edition: edition, Time: stamp}); err != nil {
			b.Fatal(err)
		}
	}
}
