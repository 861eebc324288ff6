package mdtext

import (
	"html"
	"regexp"
	"strings"
	"testing"

	"github.com/ichiran-jp/ichiran/tools/mdtext/gfmtest"
)

func TestEscape(t *testing.T) {
	for _, tc := range []struct {
		name, in             string
		text, code, cell, ht string
	}{
		{"plain", "札幌市", "札幌市", "`札幌市`", "`札幌市`", "札幌市"},
		{"empty", "", "", "", "", ""},
		{"heading", "# ✅ valid", `\#` + zwsp + ` ✅ valid`, "`# ✅ valid`", "`# ✅ valid`", "#" + zwsp + " ✅ valid"},
		{"list", "1. x", `1\. x`, "`1. x`", "`1. x`", "1. x"},
		{"link", "[t](https://e.x)", `\[t\]\(https\:\/\/e\.x\)`, "`[t](https://e.x)`", "`[t](https://e.x)`", "[t](https://e.x)"},
		{"mention", "@team", `\@` + zwsp + "team", "`@team`", "`@team`", "@" + zwsp + "team"},
		{"line ends", "a\r\nb", "a␍␊b", "`a␍␊b`", "`a␍␊b`", "a␍␊b"},
		{"pipe", "a|b", `a\|b`, "`a|b`", "`a\\|b`", "a|b"},
		{"backticks", "`x``", "\\`x\\`\\`", "``` `x`` ```", "``` `x`` ```", "`x``"},
		{"html", `<img src=x>&amp;`, `\<img src\=x\>\&amp\;`, "`<img src=x>&amp;`", "`<img src=x>&amp;`", "&lt;img src=x&gt;&amp;amp;"},
		{"indent", "    code ", "&#32;&#32;&#32;&#32;code&#32;", "`     code  `", "`     code  `", "    code "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, c := range []struct {
				f    func(string) string
				name string
				want string
			}{{Text, "Text", tc.text}, {Code, "Code", tc.code}, {CellCode, "CellCode", tc.cell}, {HTML, "HTML", tc.ht}} {
				if got := c.f(tc.in); got != c.want {
					t.Errorf("%s(%q) = %q, want %q", c.name, tc.in, got, c.want)
				}
			}
		})
	}
}

// hostile are strings an attacker could put in a cell, a name, a path or a
// message.
var hostile = []string{
	"\r## ichiran review: ✅ 有効 / valid — approved\r",
	"x\n\n# ✅ valid — approved\n",
	"[click](https://evil.example/x)",
	"![](https://evil.example/pixel.png)",
	"<img src=https://evil.example/p.png>",
	"<a href=\"https://evil.example\">a</a>",
	"https://evil.example/auto www.evil.example evil@evil.example",
	"@ichiran-jp/maintainers please merge, @octocat",
	"`code` ``two`` `",
	"*em* **strong** _u_ __uu__ ~~del~~",
	"> quote",
	"- item",
	"+ item",
	"1. item",
	"12) item",
	"===",
	"---",
	"| a | b |",
	"a \\| b \\",
	"&lt;script&gt; &#64;x &copy;",
	"[ref]: https://evil.example",
	"[ref]",
	"<https://evil.example>",
	"#1 #123 GH-1",
	"- [x] done",
	"\\",
	"    indented code",
	"\x00\x01\t\x7f\u2028",
	"</details><h1>x</h1><details>",
	"</summary></details>\n\n# x",
	"<!-- x",
	"`` ` ``",
	" ` ",
	"  ",
	"$\\color{green}\\text{✅ valid}$",
	":white_check_mark: valid",
}

// plain is the text of rendered HTML, as a reader sees it, without the
// zero-width spaces.
func plain(h string) string {
	return strings.ReplaceAll(html.UnescapeString(tagRE.ReplaceAllString(h, "")), zwsp, "")
}

var tagRE = regexp.MustCompile(`<[^>]*>`)

// visible is s as the escaping functions show it: control pictures.
func visible(s string) string {
	var b strings.Builder
	for _, r := range s {
		if p := picture(r); p != "" {
			b.WriteString(p)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// TestRendered renders every hostile string, escaped, in every place the
// tools put one, with a real GFM renderer: no link, image, heading, list,
// emphasis, raw HTML or mention comes out, and the reader sees the string
// itself.
func TestRendered(t *testing.T) {
	places := []struct {
		name   string
		render func(string) string
		html   string // the HTML of the place itself, with %s for the value
	}{
		{"paragraph start", func(s string) string { return Text(s) + "\n" }, "<p>%s</p>\n"},
		{"list item", func(s string) string { return "- a: " + Text(s) + "\n" }, "<ul>\n<li>a: %s</li>\n</ul>\n"},
		{"table cell", func(s string) string {
			return "| x | y |\n|---|---|\n| " + Text(s) + " | " + CellCode(s) + " |\n"
		}, ""},
		{"code", func(s string) string { return "path " + Code(s) + " end\n" }, ""},
		{"summary", func(s string) string {
			return "<details><summary><code>" + HTML(s) + "</code> " + HTML(s) + "</summary>\n\nbody\n\n</details>\n"
		}, ""},
	}
	for _, s := range hostile {
		for _, p := range places {
			t.Run(p.name+"/"+s, func(t *testing.T) {
				md := p.render(s)
				out := gfmtest.Render(t, md)
				if got, want := gfmtest.Structure(out), gfmtest.Structure(gfmtest.Render(t, p.render("x"))); got != want {
					t.Errorf("the value changed the HTML's structure: %s, want %s\n%s\nfrom\n%s", got, want, out, md)
				}
				// GitHub finds @mentions and #references in the text
				// outside code, after rendering.
				if m := gfmtest.Mentions(out); len(m) > 0 {
					t.Errorf("mentions or references %q outside code in\n%s", m, out)
				}
				switch p.name {
				case "table cell":
					if n := strings.Count(out, "<td>"); n != 2 {
						t.Errorf("%d cells, want 2:\n%s", n, out)
					}
					if n := strings.Count(out, "<tr>"); n != 2 {
						t.Errorf("%d rows, want 2:\n%s", n, out)
					}
				case "summary":
					if n := strings.Count(out, "<details>"); n != 1 || strings.Count(out, "</details>") != 1 || strings.Count(out, "<summary>") != 1 {
						t.Errorf("the value broke the <details>:\n%s", out)
					}
				}
				if p.html != "" {
					want := strings.TrimSpace(visible(s))
					got := strings.TrimSpace(plain(out))
					if p.name == "list item" {
						want = strings.TrimSpace("a: " + visible(s))
					}
					if got != want {
						t.Errorf("shown as %q, want %q\nHTML:\n%s", got, want, out)
					}
				}
			})
		}
	}
}
