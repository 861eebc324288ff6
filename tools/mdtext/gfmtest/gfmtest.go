// Package gfmtest renders Markdown as GitHub does, for tests: with
// cmark-gfm (Debian's cmark-gfm package) and GitHub's extensions. A test
// that needs it skips when cmark-gfm is not installed.
package gfmtest

import (
	"bytes"
	"html"
	"os/exec"
	"regexp"
	"strings"
	"testing"
)

// Render renders md to HTML, or skips t when cmark-gfm is absent. Raw
// HTML is kept (--unsafe), as GitHub keeps <details> and <summary>.
func Render(t testing.TB, md string) string {
	t.Helper()
	bin, err := exec.LookPath("cmark-gfm")
	if err != nil {
		t.Skip("cmark-gfm がないので描画の検査を省きます / cmark-gfm not installed (apt-get install cmark-gfm): skipping the rendering test")
	}
	cmd := exec.Command(bin, "--unsafe", "-e", "table", "-e", "autolink", "-e", "strikethrough", "-e", "tagfilter", "-e", "tasklist")
	cmd.Stdin = strings.NewReader(md)
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("cmark-gfm: %v: %s", err, stderr.String())
	}
	return out.String()
}

var (
	tagRE     = regexp.MustCompile(`<[^>]*>`)
	codeRE    = regexp.MustCompile(`(?s)<code>.*?</code>`)
	mentionRE = regexp.MustCompile(`[@#][A-Za-z0-9][A-Za-z0-9-]*`)
)

// Structure is the sequence of tags of h: what the Markdown made of the
// text, without the text.
func Structure(h string) string { return strings.Join(tagRE.FindAllString(h, -1), "") }

// Count is how many elements named name (a, img, h2, …) h opens.
func Count(h, name string) int {
	return len(regexp.MustCompile(`<`+regexp.QuoteMeta(name)+`[\s>/]`).FindAllStringIndex(h, -1))
}

// Text is the text of h outside code elements, as a reader sees it, with
// the zero-width spaces left in (they are what breaks a mention).
func Text(h string) string {
	return html.UnescapeString(tagRE.ReplaceAllString(codeRE.ReplaceAllString(h, ""), ""))
}

// Mentions are the @mentions and #references GitHub would link in h: in
// the text outside code, after rendering.
func Mentions(h string) []string { return mentionRE.FindAllString(Text(h), -1) }
