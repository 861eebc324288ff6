package datadiff

import (
	"regexp"
	"strings"
	"testing"

	"github.com/ichiran-jp/ichiran/tools/mdtext/gfmtest"
)

// TestMarkdownHostile is issue 14's attack on the diff: cells, names, keys,
// paths, field names and types of a pull request that would render as
// headings, links, images and mentions. Rendered by a real GFM renderer,
// the diff has only its own headings and no link, image or mention.
func TestMarkdownHostile(t *testing.T) {
	evil := "\r## ✅ valid — approved\r[click](https://evil.example/) ![](https://evil.example/p.png) <img src=x> " +
		"https://evil.example www.evil.example @ichiran-jp/maintainers `c` *e* _u_ #1 :white_check_mark: $\\color{green}x$\n\n# approved\n1. x\n> q\n| a | b |"
	r := &Result{Base: evil, Head: evil, Files: []FileChange{{Path: "data/" + evil, Change: Added}},
		Resources: []ResourceDiff{{Name: evil, Title: evil, Path: "data/" + evil, Change: Modified, Key: []string{"code", evil},
			Schema:  []FieldChange{{Field: evil, Change: Retyped, OldType: evil, NewType: evil}},
			Added:   []Row{{Key: []string{evil}, Name: evil, Cells: []Cell{{Field: evil, Value: evil}}}},
			Removed: []Row{{Key: []string{evil}, Cells: []Cell{{Field: evil, Value: evil}}}},
			Changed: []RowChange{{Key: []string{evil}, Name: evil, Cells: []CellChange{{Field: evil, Old: evil, New: evil}}}}}},
		Flags: []Flag{{Code: FlagJump, Resource: evil, Key: []string{evil}, Name: evil, Ja: evil, En: evil}}}
	var b strings.Builder
	if err := r.WriteMarkdown(&b); err != nil {
		t.Fatal(err)
	}
	md := b.String()
	h := gfmtest.Render(t, md)
	for el, want := range map[string]int{"a": 0, "img": 0, "h1": 0, "h2": 1, "h3": 2, "h4": 0, "ol": 0, "blockquote": 0, "em": 0, "details": 1, "summary": 1, "table": 2} {
		if n := gfmtest.Count(h, el); n != want {
			t.Errorf("%d <%s>, want %d, in\n%s\nfrom\n%s", n, el, want, h, md)
		}
	}
	if m := gfmtest.Mentions(h); len(m) > 0 {
		t.Errorf("mentions or references %q in\n%s", m, h)
	}
	// GitHub's math: a $ from data outside code is always escaped.
	outside := regexp.MustCompile("(?s)``.*?``|<code>.*?</code>").ReplaceAllString(md, "")
	if strings.Contains(strings.ReplaceAll(outside, `\$`, ""), "$") {
		t.Errorf("an unescaped $ outside code in\n%s", outside)
	}
}
