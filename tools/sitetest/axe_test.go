package sitetest

// The accessibility check: axe-core (Deque's rules engine, from the npm
// registry; .ci/run installs a pinned version outside the tree) run in the
// page under test, for WCAG 2.1 A and AA and axe's best practices. The
// script is read from $ICHIRAN_AXE; the tests that need it skip without it,
// as they skip without chromium.

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// axeTags are the rule sets run: WCAG 2.0 and 2.1, levels A and AA, and
// axe's best practices.
var axeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"}

// axeScript reads axe.min.js from $ICHIRAN_AXE; skip says why it cannot.
func axeScript() (script, skip string) {
	p := os.Getenv("ICHIRAN_AXE")
	if p == "" {
		return "", "ICHIRAN_AXE not set: no accessibility check (npm install axe-core, then ICHIRAN_AXE=…/node_modules/axe-core/axe.min.js; .ci/run does this)"
	}
	b, err := os.ReadFile(p)
	if err != nil {
		return "", fmt.Sprintf("ICHIRAN_AXE=%s cannot be read (%v): no accessibility check", p, err)
	}
	return string(b), ""
}

// axeNode is an element that failed a rule.
type axeNode struct {
	// Target is the element's CSS selector; a selector inside a frame or a
	// shadow root is a list (of lists).
	Target []json.RawMessage `json:"target"`
}

// axeViolation is a rule that failed on a page.
type axeViolation struct {
	ID      string    `json:"id"`
	Impact  string    `json:"impact"`
	Help    string    `json:"help"`
	HelpURL string    `json:"helpUrl"`
	Nodes   []axeNode `json:"nodes"`
}

// target writes a node's selector: "a > b", or "iframe >>> a" when the
// selector is a path into frames or shadow roots.
func (n axeNode) target() string {
	var parts []string
	for _, raw := range n.Target {
		var s string
		if json.Unmarshal(raw, &s) == nil {
			parts = append(parts, s)
			continue
		}
		var path []string
		if json.Unmarshal(raw, &path) == nil {
			parts = append(parts, strings.Join(path, " >>> "))
			continue
		}
		parts = append(parts, string(raw))
	}
	return strings.Join(parts, " >>> ")
}

// String is one line per violation, then its nodes indented: what a
// failing test prints.
func (v axeViolation) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s): %s — %s", v.ID, v.Impact, v.Help, v.HelpURL)
	for _, n := range v.Nodes {
		b.WriteString("\n    " + n.target())
	}
	return b.String()
}

// runAxe injects axe into the tab's current page (unless it is there) and
// returns how many rules the page passed and the violations of the page
// as it is now, sorted by rule.
func runAxe(ctx context.Context, script string) (passes int, violations []axeViolation, err error) {
	loaded, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`typeof window.axe === "object" && typeof window.axe.run === "function"`))
	if err != nil {
		return 0, nil, err
	}
	if !loaded {
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](script)); err != nil {
			return 0, nil, fmt.Errorf("injecting axe: %w", err)
		}
	}
	tags, err := json.Marshal(axeTags)
	if err != nil {
		return 0, nil, err
	}
	expr := `axe.run(document, {runOnly: {type: 'tag', values: ` + string(tags) + `}, resultTypes: ['violations']}).then(r => JSON.stringify({passes: r.passes.length, violations: r.violations}))`
	out, err := chromedp.Run(ctx, chromedp.Evaluate[string](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		return 0, nil, fmt.Errorf("axe.run: %w", err)
	}
	var r struct {
		Passes     int            `json:"passes"`
		Violations []axeViolation `json:"violations"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		return 0, nil, fmt.Errorf("axe.run's result: %w", err)
	}
	slices.SortFunc(r.Violations, func(a, b axeViolation) int { return strings.Compare(a.ID, b.ID) })
	return r.Passes, r.Violations, nil
}

// checkA11y runs axe on the tab's current page, named page in the
// messages, and fails the test with every violation found.
func checkA11y(ctx context.Context, t *testing.T, script, page string) {
	t.Helper()
	passes, vs, err := runAxe(ctx, script)
	if err != nil {
		t.Fatalf("axe on %s: %v", page, err)
	}
	t.Logf("axe on %s: %d rules passed, %d violated", page, passes, len(vs))
	for _, v := range vs {
		t.Errorf("accessibility of %s: %s", page, v)
	}
}

func TestAxeViolationString(t *testing.T) {
	for _, c := range []struct {
		in   string
		want string
	}{
		{`{"id":"image-alt","impact":"critical","help":"Images must have alternative text","helpUrl":"https://example.org/image-alt","nodes":[{"target":["img"]},{"target":["#x > img:nth-child(2)"]}]}`,
			"image-alt (critical): Images must have alternative text — https://example.org/image-alt\n    img\n    #x > img:nth-child(2)"},
		{`{"id":"region","impact":"moderate","help":"h","helpUrl":"u","nodes":[{"target":[["iframe","p"]]}, {"target":["my-el", "button"]}]}`,
			"region (moderate): h — u\n    iframe >>> p\n    my-el >>> button"},
		{`{"id":"list","impact":null,"help":"h","helpUrl":"u","nodes":[]}`,
			"list (): h — u"},
	} {
		var v axeViolation
		if err := json.Unmarshal([]byte(c.in), &v); err != nil {
			t.Fatalf("Unmarshal(%s): %v", c.in, err)
		}
		if got := v.String(); got != c.want {
			t.Errorf("String(%s) = %q, want %q", c.in, got, c.want)
		}
	}
}

// newBrowser starts headless chromium for a test, or skips it.
func newBrowser(t *testing.T, timeout time.Duration, opts ...chromedp.ContextOption) context.Context {
	t.Helper()
	exe := chromium()
	if exe == "" {
		t.Skip("chromium not found (apt-get install chromium, or set CHROMIUM)")
	}
	allocOpts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	t.Cleanup(cancel)
	ctx, cancelAlloc := chromedp.NewExecAllocator(ctx, allocOpts...)
	t.Cleanup(cancelAlloc)
	ctx, cancelCtx := chromedp.NewContext(ctx, opts...)
	t.Cleanup(cancelCtx)
	return ctx
}

// TestAxeCatches proves the check: pages broken on purpose give the rule
// they break, and a sound page gives none.
func TestAxeCatches(t *testing.T) {
	script, skip := axeScript()
	if skip != "" {
		t.Skip(skip)
	}
	const head = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>t</title></head><body><main><h1>t</h1>`
	const tail = `</main></body></html>`
	pages := []struct {
		name, body string
		want       []string // rule ids, sorted
	}{
		{"sound", `<p>Nothing wrong.</p><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="a dot">`, nil},
		{"img-no-alt", `<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">`, []string{"image-alt"}},
		{"scroll-no-focus", `<pre style="overflow-x:auto;width:100px">` + strings.Repeat("a line wider than its box ", 20) + `</pre>`, []string{"scrollable-region-focusable"}},
		{"low-contrast", `<p style="color:#aaa;background:#fff">faint</p>`, []string{"color-contrast"}},
		{"heading-skip", `<h3>three</h3>`, []string{"heading-order"}},
	}
	mux := http.NewServeMux()
	for _, p := range pages {
		mux.HandleFunc("/"+p.name+".html", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, head+p.body+tail)
		})
	}
	srv := httptest.NewServer(mux) // 127.0.0.1
	defer srv.Close()
	ctx := newBrowser(t, time.Minute)
	for _, p := range pages {
		if _, err := chromedp.Run(ctx, chromedp.Navigate(srv.URL+"/"+p.name+".html")); err != nil {
			t.Fatal(err)
		}
		passes, vs, err := runAxe(ctx, script)
		if err != nil {
			t.Fatalf("runAxe(%s): %v", p.name, err)
		}
		if passes == 0 {
			t.Errorf("runAxe(%s): no rule passed, want some (did axe run?)", p.name)
		}
		if p.name == "sound" {
			version, err := chromedp.Run(ctx, chromedp.Evaluate[string](`axe.version`))
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("axe-core %s from %s", version, os.Getenv("ICHIRAN_AXE"))
		}
		var got []string
		for _, v := range vs {
			got = append(got, v.ID)
		}
		if !slices.Equal(got, p.want) {
			t.Errorf("runAxe(%s) = %q, want %q\n%v", p.name, got, p.want, vs)
		}
	}
}
