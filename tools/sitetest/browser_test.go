// Package sitetest drives the built site in a real browser: Debian's
// chromium, headless, through the DevTools protocol (chromedp). It is the
// only package of the repository that imports chromedp. The test skips
// when no chromium is installed; .ci/run installs it.
//
// Each kind of page is also checked with axe-core for WCAG 2.1 A and AA
// and axe's best practices (axe_test.go): a violation fails the test. The
// script comes from $ICHIRAN_AXE (axe.min.js, which .ci/run installs from
// the npm registry); without it the check is skipped, and the test says so.
//
// Screenshots of the main pages are written to $ICHIRAN_SCREENSHOTS when
// set (CI keeps them as an artifact), else to a temporary directory.
package sitetest

import (
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/ichiran-jp/ichiran/tools/bundle"
	"github.com/ichiran-jp/ichiran/tools/github"
	"github.com/ichiran-jp/ichiran/tools/repo"
	"github.com/ichiran-jp/ichiran/tools/site"
	"github.com/ichiran-jp/ichiran/tools/site/sitefixture"
)

// chromium finds the browser: $CHROMIUM, else chromium on the PATH.
func chromium() string {
	for _, name := range []string{os.Getenv("CHROMIUM"), "chromium", "chromium-browser"} {
		if name == "" {
			continue
		}
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// buildFixture builds the site of the fixture repository into a directory.
func buildFixture(t *testing.T) string {
	t.Helper()
	desc, err := sitefixture.Write(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	repo, err := repo.Open(desc, repo.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	defer repo.Close()
	stamp := time.Date(2025, 6, 20, 9, 0, 0, 0, time.UTC)
	b, err := bundle.Build(repo, bundle.Options{Edition: 2025, Time: stamp})
	if err != nil {
		t.Fatal(err)
	}
	// A commit in the footer, as the published site has.
	// One published release, as ichiran release -list gives it.
	published := []github.PublishedRelease{{Tag: "edition-2025.1", Name: "令和7年度版", URL: "https://github.com/ichiran-jp/ichiran/releases/tag/edition-2025.1", Published: "2025-06-30",
		Assets: []github.Asset{{Name: "ichiran-2025.zip", URL: "https://github.com/ichiran-jp/ichiran/releases/download/edition-2025.1/ichiran-2025.zip", Size: 1234}},
		Sums:   map[string]string{"ichiran-2025.zip": "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"}}}
	s, err := site.Build(repo, site.Options{Edition: 2025, Bundle: b, Published: published, Time: stamp, Commit: "33da07ea713321a67900450958b7fcedd56dbd4a"})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := s.WriteDir(dir); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestBrowser(t *testing.T) {
	if chromium() == "" {
		t.Skip("chromium not found (apt-get install chromium, or set CHROMIUM)")
	}
	axe, axeSkip := axeScript()
	if axeSkip != "" {
		t.Log("accessibility check skipped: " + axeSkip)
	}
	shots := os.Getenv("ICHIRAN_SCREENSHOTS")
	if shots == "" {
		shots = t.TempDir()
	} else if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	dir := buildFixture(t)
	srv := httptest.NewServer(http.FileServer(http.Dir(dir))) // listens on 127.0.0.1
	defer srv.Close()

	// Every request the pages make (the tab's Network domain is on).
	var mu sync.Mutex
	var requests []string
	ctx := newBrowser(t, 3*time.Minute, chromedp.WithListener(func(ev any) {
		if e, ok := ev.(*network.EventRequestWillBeSent); ok {
			mu.Lock()
			requests = append(requests, e.Request.URL)
			mu.Unlock()
		}
	}))

	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	shot := func(name string) {
		t.Helper()
		buf, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		must(err)
		must(os.WriteFile(filepath.Join(shots, name), buf, 0o644))
	}
	// a11y checks the page as it is now with axe (WCAG 2.1 A and AA, best
	// practices): every violation fails the test.
	a11y := func(page string) {
		t.Helper()
		if axe != "" {
			checkA11y(ctx, t, axe, page)
		}
	}
	search := func(query string) []string {
		t.Helper()
		_, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](`document.getElementById('q').value = ''`))
		must(err)
		must(chromedp.Do(ctx, chromedp.SendKeys(chromedp.ID("q"), query)))
		_, err = chromedp.Run(ctx, chromedp.Poll[chromedp.Void](`document.querySelectorAll('#results li').length > 0`, chromedp.WithPollingTimeout(10*time.Second)))
		must(err)
		got, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('#results li')).map(li => li.textContent)`))
		must(err)
		return got
	}

	// The search finds 伊達市 in both prefectures, by name, kana and romaji.
	must(chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/index.html"),
		chromedp.WaitVisible(chromedp.ID("q")),
	))
	for i, q := range []string{"伊達", "だて", "date", "ダテシ", "Date-shi"} {
		got := search(q)
		if i == 0 {
			shot("index.png")
			a11y("index.html (results of a search)")
		}
		var date []string
		for _, r := range got {
			if strings.HasPrefix(r, "伊達市") {
				date = append(date, r)
			}
		}
		if len(date) != 2 || !strings.Contains(date[0], "北海道") || !strings.Contains(date[1], "福島県") {
			t.Errorf("search %q: results %q, want 伊達市 of 北海道 and of 福島県", q, got)
		}
	}

	// Romaji with macrons and the prefecture before the name, the
	// prefecture without 都府県, a code that lost its leading zero: the
	// first result is the one meant (the rules are tested in tools/site).
	for q, want := range map[string]string{
		"tōkyō chiyoda":  "千代田区（東京都）",
		"東京 千代田":         "千代田区（東京都）",
		"11002":          "札幌市（北海道）",
		"fukushima date": "伊達市（福島県）",
		"古宇郡泊村":          "泊村（北海道）",
	} {
		if got := search(q); !strings.HasPrefix(got[0], want) {
			t.Errorf("search %q: results %q, want %s first", q, got, want)
		}
	}

	// A municipality page shows its figures.
	search("伊達市")
	must(chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`#results li:first-child a`)),
		chromedp.WaitVisible(chromedp.ID("mynumber-card")),
	))
	title, err := chromedp.Run(ctx, chromedp.Title())
	must(err)
	main, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main")))
	must(err)
	shot("municipality.png")
	a11y("a municipality's page")
	if !strings.Contains(title, "伊達市 (北海道)") {
		t.Errorf("title %q, want 伊達市 (北海道)", title)
	}
	for _, want := range []string{"2100", "70.0", "58.3", "令和7年5月1日"} {
		if !strings.Contains(main, want) {
			t.Errorf("municipality page does not show %q", want)
		}
	}

	// An indicator page: the table of municipalities sorts by the rate.
	const lastHead = `//table[contains(@class,"sortable")][not(.//a[contains(@href,"../p/")])]//thead//th[last()]//button`
	must(chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/i/mynumber-card.html"),
		chromedp.WaitVisible(chromedp.CSS("table.sortable")),
		chromedp.Click(chromedp.Search(lastHead)),
		chromedp.Click(chromedp.Search(lastHead)),
	))
	firstRow, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(function(){var ts=document.querySelectorAll('table.sortable');var t=ts[ts.length-1];return t.tBodies[0].rows[0].textContent;})()`))
	must(err)
	shot("indicator.png")
	a11y("i/mynumber-card.html (sorted)")
	if !strings.Contains(firstRow, "伊達市") || !strings.Contains(firstRow, "70.0") {
		t.Errorf("sorted by rate, descending, the first row is %q, want 伊達市 (北海道) at 70.0", firstRow)
	}

	// Enter in the search box opens the first municipality found.
	must(chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/index.html"),
		chromedp.WaitVisible(chromedp.ID("q")),
	))
	search("伊達")
	must(chromedp.Do(ctx, chromedp.SendKeys(chromedp.ID("q"), kb.Enter), chromedp.WaitVisible(chromedp.ID("mynumber-card"))))
	if loc, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.pathname`)); err != nil || !strings.HasSuffix(loc, "/m/012335.html") {
		t.Errorf("Enter after 伊達: at %s (%v), want the first result, m/012335.html", loc, err)
	}

	// The indicator page's map of the prefectures, with its table.
	must(chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/i/mynumber-card.html"), chromedp.WaitVisible(chromedp.CSS("table.sortable"))))
	mapRows, err := chromedp.Run(ctx, chromedp.Evaluate[[]int](`(function(){var h=Array.from(document.querySelectorAll('h3')).find(x=>x.textContent.startsWith('地図'));if(!h)return [0,0];var f=h.nextElementSibling;return [f.querySelectorAll('svg rect').length, f.querySelectorAll('details table tbody tr').length];})()`))
	must(err)
	if mapRows[0] < 47 || mapRows[1] == 0 {
		t.Errorf("map: %d tiles and %d rows in its table, want 47 tiles and the prefectures' figures", mapRows[0], mapRows[1])
	}

	// Two municipalities side by side, chosen by the address.
	must(chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/compare.html?c=012335,072133")))
	_, err = chromedp.Run(ctx, chromedp.Poll[chromedp.Void](`document.querySelectorAll('#result table thead th').length === 3`, chromedp.WithPollingTimeout(10*time.Second)))
	must(err)
	heads, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('#result thead th')).map(th => th.textContent)`))
	must(err)
	shot("compare.png")
	a11y("compare.html (two chosen)")
	if len(heads) != 3 || !strings.HasPrefix(heads[1], "伊達市（北海道）") || !strings.HasPrefix(heads[2], "伊達市（福島県）") {
		t.Errorf("compare: headings %q, want the two 伊達市", heads)
	}

	// A prefecture's page shows its municipalities' figures; the downloads
	// page links the published release's files with their checksums.
	must(chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/p/01.html"), chromedp.WaitVisible(chromedp.CSS("table"))))
	prefText, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main")))
	must(err)
	if !strings.Contains(prefText, "70.0") {
		t.Errorf("p/01.html does not show 伊達市's rate 70.0")
	}
	must(chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/downloads.html"), chromedp.WaitVisible(chromedp.CSS("main"))))
	link, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(document.querySelector('a[href$="/ichiran-2025.zip"]')||{}).href||""`))
	must(err)
	dlText, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main")))
	must(err)
	if !strings.HasSuffix(link, "/releases/download/edition-2025.1/ichiran-2025.zip") || !strings.Contains(dlText, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef") {
		t.Errorf("downloads: link %q, checksum shown %v; want the release's asset and its SHA256SUMS", link, strings.Contains(dlText, "0123456789abcdef"))
	}

	// The other kinds of page, each as it loads; macro.html when the site
	// has it. Then every page again on a phone's width (360 CSS pixels),
	// where tables and code no longer fit and scroll.
	pages := []string{"p/01.html", "indicators.html", "i/data-plan.html", "downloads.html", "compare.html"}
	if _, err := os.Stat(filepath.Join(dir, "macro.html")); err == nil {
		pages = append(pages, "macro.html")
	}
	load := func(page string) bool {
		t.Helper()
		resp, err := chromedp.RunResponse(ctx, chromedp.Navigate(srv.URL+"/"+page))
		must(err)
		if resp.Status != http.StatusOK {
			t.Errorf("%s: HTTP status %d, want 200", page, resp.Status)
			return false
		}
		return true
	}
	png := strings.NewReplacer("/", "-", ".html", ".png")
	for _, page := range pages {
		if load(page) {
			shot(png.Replace(page))
			a11y(page)
		}
	}
	must(chromedp.Do(ctx, chromedp.EmulateViewport(360, 740, chromedp.EmulateMobile)))
	for _, page := range append([]string{"index.html", "m/012335.html", "i/mynumber-card.html"}, pages...) {
		if load(page) {
			shot("narrow-" + png.Replace(page))
			a11y(page + " (360 px wide)")
			// Reflow (WCAG 1.4.10), which axe does not check: only the
			// boxes of tables scroll, never the page.
			w, err := chromedp.Run(ctx, chromedp.Evaluate[[]int](`[document.documentElement.scrollWidth, document.documentElement.clientWidth]`))
			must(err)
			if w[0] > w[1] {
				t.Errorf("%s at 360 px: the page is %d px wide, want at most %d (no sideways scrolling)", page, w[0], w[1])
			}
		}
	}

	mu.Lock()
	defer mu.Unlock()
	if len(requests) == 0 {
		t.Fatal("no request recorded")
	}
	for _, u := range requests {
		if !strings.HasPrefix(u, srv.URL+"/") && !strings.HasPrefix(u, "data:") {
			t.Errorf("request outside the site: %s", u)
		}
	}
	slices.Sort(requests)
	t.Logf("%d requests, all to %s; screenshots in %s", len(requests), srv.URL, shots)
}
