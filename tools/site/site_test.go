package site

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ichiran-jp/ichiran/tools/bundle"
	"github.com/ichiran-jp/ichiran/tools/catalog"
	"github.com/ichiran-jp/ichiran/tools/github"
	"github.com/ichiran-jp/ichiran/tools/lgcode"
	"github.com/ichiran-jp/ichiran/tools/repo"
	"github.com/ichiran-jp/ichiran/tools/site/sitefixture"
)

var stamp = time.Date(2025, 6, 20, 9, 0, 0, 0, time.UTC)

func open(t testing.TB, descriptor string) *repo.Repository {
	t.Helper()
	r, err := repo.Open(descriptor, repo.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

func fixture(t testing.TB) *repo.Repository {
	t.Helper()
	desc, err := sitefixture.Write(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return open(t, desc)
}

func build(t testing.TB, repo *repo.Repository, edition int) *Site {
	t.Helper()
	b, err := bundle.Build(repo, bundle.Options{Edition: edition, Time: stamp, Commit: "abc123"})
	if err != nil {
		t.Fatal(err)
	}
	s, err := Build(repo, Options{Edition: edition, Bundle: b, Time: stamp, Commit: "abc123", Releases: "https://github.com/ichiran-jp/ichiran/releases", Published: published})
	if err != nil {
		t.Fatal(err)
	}
	if dir := os.Getenv("ICHIRAN_SITE_OUT"); dir != "" { // to look at it
		if err := s.WriteDir(filepath.Join(dir, t.Name())); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

// published is a release fixture, as `ichiran release -list` writes it:
// the newest release has a file its SHA256SUMS does not list.
var published = []github.PublishedRelease{
	{Tag: "edition-2025.2", Name: "令和7年度版 第2版", URL: releasePages + "tag/edition-2025.2", Published: "2025-07-10",
		Assets: []github.Asset{{Name: "SHA256SUMS", URL: releasePages + "download/edition-2025.2/SHA256SUMS", Size: 90},
			{Name: "extra.txt", URL: releasePages + "download/edition-2025.2/extra.txt", Size: 3},
			{Name: "ichiran-2025.zip", URL: releasePages + "download/edition-2025.2/ichiran-2025.zip", Size: 1234}},
		Sums: map[string]string{"ichiran-2025.zip": "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"}},
	{Tag: "edition-2025.1", Name: "令和7年度版", URL: releasePages + "tag/edition-2025.1", Published: "2025-06-30",
		Assets: []github.Asset{{Name: "ichiran-2025.csv", URL: releasePages + "download/edition-2025.1/ichiran-2025.csv", Size: 10}},
		Sums:   map[string]string{"ichiran-2025.csv": "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210"}},
}

// releasePages is where the releases are: the one host a page may link.
const releasePages = "https://github.com/ichiran-jp/ichiran/releases/"

var (
	externalRef = regexp.MustCompile(`(?i)(src|href|action|xlink:href)\s*=\s*["']?\s*(https?:)?//`)
	plainText   = regexp.MustCompile(`(?s)<span class="url">.*?</span>|<code>.*?</code>`)
	anyURL      = regexp.MustCompile(`(?i)https?://`)
	// A chart is an image with a title and, in the same figure, its table.
	chartTitle     = regexp.MustCompile(`<svg class="chart" [^>]*role="img"><title>[^<]+</title>`)
	chartWithTable = regexp.MustCompile(`(?s)<figure><svg .*?</svg>.*?<table.*?</figure>`)
)

// checkPage checks what every HTML page must have.
func checkPage(t *testing.T, name string, data []byte) {
	t.Helper()
	// Links to the published releases' files are links, not requests.
	s := strings.ReplaceAll(string(data), `href="`+releasePages, `href="`)
	if !strings.HasPrefix(s, "<!DOCTYPE html>\n<html lang=\"ja\">") {
		t.Errorf("%s: does not start with <html lang=\"ja\">", name)
	}
	if !strings.Contains(s, `lang="en"`) {
		t.Errorf("%s: no English passage (lang=\"en\")", name)
	}
	if !strings.Contains(s, `<a class="skip" href="#main">`) || !strings.Contains(s, `<main id="main"`) {
		t.Errorf("%s: no skip link", name)
	}
	if m := externalRef.FindString(s); m != "" {
		t.Errorf("%s: refers to another host: %q", name, m)
	}
	if m := anyURL.FindString(plainText.ReplaceAllString(s, "")); m != "" {
		t.Errorf("%s: an address outside the plain-text source notes: %q", name, m)
	}
	if n := strings.Count(s, "<svg"); n != len(chartTitle.FindAllString(s, -1)) {
		t.Errorf("%s: a chart without a role and a title", name)
	} else if len(chartWithTable.FindAllString(s, -1)) != n {
		t.Errorf("%s: a chart without a table as its text equivalent", name)
	}
	if strings.Contains(s, "<th>") {
		t.Errorf("%s: a table heading without scope", name)
	}
	if strings.Count(s, "<table") > 0 && !strings.Contains(s, `<th scope="col">`) {
		t.Errorf("%s: table without column headings", name)
	}
}

func checkAll(t *testing.T, s *Site) {
	t.Helper()
	for _, f := range s.Files {
		switch {
		case strings.HasSuffix(f.Name, ".html"):
			checkPage(t, f.Name, f.Data)
		case strings.HasSuffix(f.Name, ".css"), strings.HasSuffix(f.Name, ".js"):
			if anyURL.Match(f.Data) || bytes.Contains(f.Data, []byte("@import")) || bytes.Contains(f.Data, []byte("@font-face")) {
				t.Errorf("%s: refers to another host or loads fonts", f.Name)
			}
		}
		if strings.HasPrefix(f.Name, "m/") && len(f.Data) >= 200_000 {
			t.Errorf("%s: %d bytes, want < 200 KB", f.Name, len(f.Data))
		}
	}
}

// searchEntries decodes search.json.
func searchEntries(t *testing.T, s *Site) []entry {
	t.Helper()
	f := s.File("search.json")
	if f == nil {
		t.Fatal("no search.json")
	}
	var idx searchIndex
	if err := json.Unmarshal(f.Data, &idx); err != nil {
		t.Fatal(err)
	}
	return idx.Entries
}

func checkDate(t *testing.T, s *Site) {
	t.Helper()
	var prefs []string
	for _, e := range searchEntries(t, s) {
		if e.Name == "伊達市" {
			prefs = append(prefs, e.Pref)
			if e.Kana != "ダテシ" || e.Romaji != "Date-shi" || s.File(e.URL) == nil {
				t.Errorf("伊達市 entry %+v", e)
			}
		}
	}
	if strings.Join(prefs, ",") != "北海道,福島県" {
		t.Errorf("伊達市 in %v, want 北海道 and 福島県", prefs)
	}
}

func TestRepository(t *testing.T) {
	repo := open(t, "../../datapackage.json")
	edition, err := bundle.LatestEdition(repo, stamp)
	if err != nil {
		t.Fatal(err)
	}
	s := build(t, repo, edition)
	munis, biggest := 0, 0
	for _, f := range s.Files {
		if strings.HasPrefix(f.Name, "m/") {
			munis++
			biggest = max(biggest, len(f.Data))
		}
	}
	if munis != 1741 {
		t.Errorf("%d municipality pages, want 1741", munis)
	}
	if n := len(searchEntries(t, s)); n != 1741 {
		t.Errorf("search.json has %d entries, want 1741", n)
	}
	t.Logf("edition %d: %d files, largest municipality page %d bytes", edition, len(s.Files), biggest)
	checkAll(t, s)
	checkDate(t, s)
	for _, want := range []string{"p/01.html", "p/47.html", "i/mynumber-card.html", "i/dx-plan.html", "downloads.html", "index.html", "indicators.html"} {
		if s.File(want) == nil {
			t.Errorf("no %s", want)
		}
	}
	// Up to five municipalities side by side: the page, and the figures it
	// reads, each municipality's latest headline figure of each indicator.
	var cmp struct {
		Indicators []struct {
			ID string `json:"id"`
		} `json:"i"`
		Values map[string][]*string `json:"v"`
	}
	if f := s.File("compare.json"); f == nil || s.File("compare.html") == nil {
		t.Error("no compare.html or compare.json")
	} else if err := json.Unmarshal(f.Data, &cmp); err != nil {
		t.Error(err)
	} else if len(cmp.Values) != 1741 || len(cmp.Indicators) == 0 || cmp.Indicators[0].ID != "mynumber-card" || cmp.Values["011002"][0] == nil || *cmp.Values["011002"][0] != "43.9" {
		t.Errorf("compare.json: %d municipalities, indicators %v; want 1741 and 札幌市's card rate 43.9 first", len(cmp.Values), cmp.Indicators)
	}
	if !strings.Contains(string(s.File("m/011002.html").Data), `href="../compare.html?c=011002"`) {
		t.Error("m/011002.html does not link the comparison")
	}
	if !strings.Contains(string(s.File("i/dx-plan.html").Data), "調整中") || !strings.Contains(string(s.File("i/security.html").Data), "なじまない") {
		t.Error("pending and not-suited indicators are not stated")
	}
	// The real figures, with where they came from; the reason where there
	// are none; the 2019 edition published at the end of March 2020.
	for page, wants := range map[string][]string{
		"m/011002.html":                {"27.2", "43.9", "マイナンバーカード交付状況について"},
		"i/mynumber-card.html":         {"<h3>地図", "地図の数値", ">宮崎</text>", "令和2年3月31日 (2020-03-31)", "令和元年度は例外的に平成31年度分を令和2年3月末に公表", "all_localgovs.csv", "利用条件の記載なし"},
		"i/online-procedures.html":     {"aa94447b2567fa73d78dec6b05a187116fa18558a27888410f57aecd3548bf50", "公共データ利用規約 (第1.0版)"},
		"i/standard-systems.html":      {"数値がない理由", "第三者"},
		"i/mynaportal-procedures.html": {"オンライン化済み手続数", "数値の読み方", "1,133 団体のうち 120 団体", "../macro.html"},
		"macro.html":                   {"全国の交付率", "44.0 %", "55765137 / 126654244", "Σ 交付枚数 ÷ Σ 住民基本台帳人口", "住民基本台帳人口 2021-01-01"},
	} {
		f := s.File(page)
		if f == nil {
			t.Errorf("no %s", page)
			continue
		}
		for _, w := range wants {
			if !strings.Contains(string(f.Data), w) {
				t.Errorf("%s lacks %q", page, w)
			}
		}
	}
}

func TestFixture(t *testing.T) {
	repo := fixture(t)
	s := build(t, repo, 2025)
	checkAll(t, s)
	checkDate(t, s)
	page := string(s.File("m/012335.html").Data)
	for _, want := range []string{
		"<h1>伊達市 <span class=\"pref\">(北海道)</span>",
		`<td class="num" data-v="2100">2100</td>`, // cards issued, 2025
		`<td class="num" data-v="70.0">70.0</td>`, // the rate, 2025
		"令和7年5月1日 (2025-05-01)",                   // as of
		"令和6年度版 (2024)", "令和7年度版 (2025)",          // both editions
		"マイナンバーカード交付状況について", // the source
		"<svg class=\"chart\"", "<title>人口に対する交付枚数率 (%)の推移",
		"全国 (合計から算出) <span lang=\"en\">Japan, from the totals</span>",
		// 北海道: (500+2100+900)/(1000+3000+2000) = 58.3; Japan with 福島県 and 東京都: 8250/14000 = 58.9
		`<td class="num">58.3</td><td class="num">58.9</td>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("m/012335.html lacks %q", want)
		}
	}
	ind := string(s.File("i/mynumber-card.html").Data)
	for _, want := range []string{"<h3>分布", "<h3>都道府県別", `<table class="sortable">`, "sort.js", "福島県</a></th><td class=\"num\" data-v=\"65\">65.0</td>"} {
		if !strings.Contains(ind, want) {
			t.Errorf("i/mynumber-card.html lacks %q", want)
		}
	}
	dl := string(s.File("downloads.html").Data)
	for _, want := range []string{"sha256sum -c SHA256SUMS", "ichiran verify", "gh attestation verify",
		`<a href="` + releasePages + `download/edition-2025.2/ichiran-2025.zip"><code>ichiran-2025.zip</code></a></th><td class="num">1234</td><td><code class="hash">0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef</code>`,
		`extra.txt</code></a></th><td class="num">3</td><td><span class="note">SHA256SUMS にありません`,
		"fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210"} {
		if !strings.Contains(dl, want) {
			t.Errorf("downloads.html lacks %q", want)
		}
	}
	if strings.Index(dl, "edition-2025.2") > strings.Index(dl, "edition-2025.1") {
		t.Errorf("downloads.html does not list the newest release first")
	}
	// Deterministic.
	again := build(t, repo, 2025)
	if len(again.Files) != len(s.Files) {
		t.Fatal("a second build has other files")
	}
	for i := range s.Files {
		if s.Files[i].Name != again.Files[i].Name || !bytes.Equal(s.Files[i].Data, again.Files[i].Data) {
			t.Errorf("%s differs between two builds", s.Files[i].Name)
		}
	}
}

// TestWrite: the site written as it is made has the bytes of the site
// built in memory, file for file, and nothing else.
func TestWrite(t *testing.T) {
	repo := fixture(t)
	opt := Options{Edition: 2025, Time: stamp, Commit: "abc123", Published: published}
	s, err := Build(repo, opt)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	w, err := Write(repo, opt, dir)
	if err != nil {
		t.Fatal(err)
	}
	var size int64
	for _, f := range s.Files {
		size += int64(len(f.Data))
	}
	if want := (Written{Files: len(s.Files), Bytes: size}); w != want {
		t.Errorf("Write = %+v, want %+v", w, want)
	}
	var got []string
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		name, _ := filepath.Rel(dir, p)
		name = filepath.ToSlash(name)
		got = append(got, name)
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if f := s.File(name); f == nil {
			t.Errorf("Write wrote %s, which Build does not make", name)
		} else if !bytes.Equal(data, f.Data) {
			t.Errorf("%s: Write wrote other bytes than Build made", name)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(s.Files) {
		t.Errorf("Write wrote %d files, Build made %d", len(got), len(s.Files))
	}
	// Into a folder that cannot be made: an error, not a panic.
	blocker := filepath.Join(dir, "blocker")
	if err := os.WriteFile(blocker, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Write(repo, opt, blocker); err == nil {
		t.Errorf("Write into a regular file succeeded")
	}
}

// TestNumberCell: the cells of numbers made without a template have the
// bytes the templates write; what is not a number goes to the templates.
func TestNumberCell(t *testing.T) {
	r := newRenderer(Options{})
	for _, text := range []string{"0", "7", "12.3", "-4.25", "1,234", "1,234,567.8", "12/345", "100%", "0.05"} {
		for _, sort := range []string{"", "12", "-0.5"} {
			if got, want := numberCell(text, sort), r.fragment("", "num", numCell{text, sort}); got != want {
				t.Errorf("numberCell(%q, %q) = %s, want %s", text, sort, got, want)
			}
		}
		if got, want := numberCell(text, text), r.fragment("", "cell-num", text); got != want {
			t.Errorf("numberCell(%q, %q) = %s, want cell-num's %s", text, text, got, want)
		}
		if got, want := numberCell(text, ""), r.fragment("", "figure", figureCell{text, true}); got != want {
			t.Errorf("numberCell(%q, \"\") = %s, want figure's %s", text, got, want)
		}
	}
	for _, s := range []string{"", "1e3", "+1", "1 000", "<b>1</b>", "1&2", `1"2`, "1'2", "１２", "NaN", "−1"} {
		if isNumber(s) {
			t.Errorf("isNumber(%q) = true, want false", s)
		}
	}
	f := field{Type: "integer"}
	if got := r.cell(f, "<b>1</b>"); strings.Contains(string(got), "<b>") {
		t.Errorf("cell(integer, <b>1</b>) = %s: not escaped", got)
	}
}

// TestWriteDirBadName: a bad file name is refused before any file is
// written.
func TestWriteDirBadName(t *testing.T) {
	dir := t.TempDir()
	s := &Site{Files: []bundle.File{{Name: "a.html", Data: []byte("a")}, {Name: "../b.html", Data: []byte("b")}}}
	if err := s.WriteDir(dir); err == nil {
		t.Fatal("WriteDir with ../b.html succeeded")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("WriteDir wrote %d files before refusing a bad name, want none", len(entries))
	}
}

func TestRomaji(t *testing.T) {
	for in, want := range map[string]string{
		"サッポロシ":   "sapporoshi",
		"ダテシ":     "dateshi",
		"シンジュクク":  "shinjukuku",
		"ホッカイドウ":  "hokkaidou",
		"ハッチョウ":   "hatchou",
		"シンオオサカ":  "shin'oosaka",
		"きょうとし":   "kyoutoshi",
		"ジョウエツシ":  "jouetsushi",
		"グンマケン":   "gunmaken",
		"チュウオウク":  "chuuouku",
		"カンオンジシ":  "kan'onjishi",
		"ヨッカイチシ":  "yokkaichishi",
		"ベップシ":    "beppushi",
		"ーカ":      "ka",
		"オーサカ":    "oosaka",
		"フッツシ":    "futtsushi",
		"ニイガタケン":  "niigataken",
		"トウキョウト":  "toukyouto",
		"イッシキチョウ": "isshikichou",
	} {
		if got := Romaji(in); got != want {
			t.Errorf("Romaji(%s) = %q, want %q", in, got, want)
		}
	}
}

// TestWorstCaseSize fills every active indicator of a copy of the
// repository with figures for every municipality and every edition, and
// checks that municipality pages stay under 200 KB.
func TestWorstCaseSize(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	dir := t.TempDir()
	for _, sub := range []string{"schemas", "data"} {
		if err := os.CopyFS(filepath.Join(dir, sub), os.DirFS(filepath.Join("../..", sub))); err != nil {
			t.Fatal(err)
		}
	}
	raw, err := os.ReadFile("../../datapackage.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "datapackage.json"), raw, 0o644); err != nil {
		t.Fatal(err)
	}
	repo := open(t, filepath.Join(dir, "datapackage.json"))
	const last = 2027
	var munis []lgcode.Entry
	for _, e := range repo.Codes.InForce(catalog.Deadline(last)) {
		if e.InScope() {
			munis = append(munis, e)
		}
	}
	for _, ind := range repo.Cat.Indicators {
		names := repo.Cat.Resources[ind.ID]
		if ind.Status != catalog.Active || len(names) == 0 {
			continue
		}
		fields, err := loadFields(repo, ind)
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		b.WriteString("code,as_of")
		for _, f := range fields {
			b.WriteString("," + f.Name)
		}
		b.WriteString("\n")
		for y := catalog.FirstEdition; y <= last; y++ {
			d, ok := ind.AsOf(y)
			if !ok {
				continue
			}
			for i, e := range munis {
				b.WriteString(string(e.Code) + "," + d.Format(time.DateOnly))
				for j, f := range fields {
					n := (i*7 + j*13 + y) % 1000
					switch f.Type {
					case "integer":
						b.WriteString("," + strconv.Itoa(100000+n*1000))
					case "number":
						b.WriteString("," + strconv.FormatFloat(float64(n)/10, 'f', 1, 64))
					case "boolean":
						b.WriteString("," + strconv.FormatBool(n%2 == 0))
					case "date":
						b.WriteString("," + d.Format(time.DateOnly))
					default:
						b.WriteString(",実証中")
					}
				}
				b.WriteString("\n")
			}
		}
		r := repo.Pkg.Resource(names[0])
		if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(r.Paths[0])), []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	s, err := Build(repo, Options{Edition: last})
	if err != nil {
		t.Fatal(err)
	}
	biggest, name := 0, ""
	for _, f := range s.Files {
		if strings.HasPrefix(f.Name, "m/") && len(f.Data) > biggest {
			biggest, name = len(f.Data), f.Name
		}
	}
	if biggest >= 200_000 {
		t.Errorf("%s: %d bytes, want < 200 KB", name, biggest)
	}
	t.Logf("every indicator, every edition: largest municipality page %s, %d bytes", name, biggest)
	if f := s.File("m/012335.html"); f == nil || !strings.Contains(string(f.Data), "<svg") {
		t.Error("no chart on a full municipality page")
	}
}

// TestHostile gives the fixture a municipality's name, an indicator's
// title and a figure that are markup: every page shows them as text, never
// as markup (the templates escape them).
func TestHostile(t *testing.T) {
	dir := t.TempDir()
	desc, err := sitefixture.Write(dir)
	if err != nil {
		t.Fatal(err)
	}
	edit := func(name, old, new string) {
		t.Helper()
		p := filepath.Join(dir, filepath.FromSlash(name))
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(b, []byte(old)) {
			t.Fatalf("%s has no %q", name, old)
		}
		if err := os.WriteFile(p, bytes.ReplaceAll(b, []byte(old), []byte(new)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	edit("data/local-governments.csv", "072133,07,福島県,伊達市,", `072133,07,福島県,"<i id=""x"">伊達市</i>",`)
	edit("datapackage.json", `"ja": "マイナンバーカード交付率"`, `"ja": "マイナンバー<script>alert(1)</script>カード交付率"`)
	edit("data/mynumber-card/2025.csv", "072133,2025-05-01,5000,2024-01-01,3250,", `072133,2025-05-01,5000,2024-01-01,"3250""><b>",`)
	s := build(t, open(t, desc), 2025)
	for _, f := range s.Files {
		if !strings.HasSuffix(f.Name, ".html") {
			continue
		}
		for _, bad := range []string{"<i ", "<script>alert", "<b>"} {
			if bytes.Contains(f.Data, []byte(bad)) {
				t.Errorf("%s: %q as markup", f.Name, bad)
			}
		}
	}
	page := string(s.File("m/072133.html").Data)
	for _, want := range []string{`<h1>&lt;i id=&#34;x&#34;&gt;伊達市&lt;/i&gt; <span class="pref">`, `マイナンバー&lt;script&gt;alert(1)&lt;/script&gt;カード交付率`,
		`data-v="3250&#34;&gt;&lt;b&gt;">3250&#34;&gt;&lt;b&gt;</td>`} {
		if !strings.Contains(page, want) {
			t.Errorf("m/072133.html lacks %s", want)
		}
	}
}
