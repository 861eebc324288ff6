package datadiff

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/ichiran-jp/ichiran/tools/english"
	"github.com/ichiran-jp/ichiran/tools/mdtext"
)

// FlagTitles name the flags in Japanese and English.
var FlagTitles = map[string][2]string{
	FlagErratum:     {"過去の時点の訂正", "erratum"},
	FlagJump:        {"急変", "jump"},
	FlagFall:        {"累計値の減少", "fall"},
	FlagDisappeared: {"消えた団体", "disappeared"},
	FlagUnknownCode: {"不明なコード", "unknown code"},
}

var changeJa = map[string]string{Added: "追加", Removed: "削除", Modified: "変更", Retyped: "型の変更"}

// Summary is the one-line count, in both languages.
func (r *Result) Summary() string {
	var a, rm, ch int
	for _, d := range r.Resources {
		a, rm, ch = a+len(d.Added), rm+len(d.Removed), ch+len(d.Changed)
	}
	return fmt.Sprintf("追加 %d 行・削除 %d 行・変更 %d 行、ファイル %d、指摘 %d / %d added, %d removed, %d changed rows; %s; %s",
		a, rm, ch, len(r.Files), len(r.Flags), a, rm, ch, english.Count(len(r.Files), "file"), english.Count(len(r.Flags), "flag"))
}

// label is a row for people: the name, then the key without the code the
// name already shows (an unknown code is its own name: 012034 2025-05-01,
// not 012034 012034, 2025-05-01).
func label(key []string, name string) string {
	if name != "" && len(key) > 0 && (name == key[0] || strings.HasSuffix(name, "("+key[0]+")")) {
		key = key[1:]
	}
	k := strings.Join(key, ", ")
	if name != "" {
		return name + " " + k
	}
	return k
}

func cells(cs []Cell) string {
	var s []string
	for _, c := range cs {
		s = append(s, c.Field+"="+c.Value)
	}
	return strings.Join(s, " ")
}

// WriteText writes the result for a terminal.
func (r *Result) WriteText(w io.Writer) error {
	b := &strings.Builder{}
	fmt.Fprintf(b, "%s → %s\n", r.Base, r.Head)
	if r.Empty() {
		fmt.Fprintln(b, "データの違いはありません / no differences in the data")
		_, err := io.WriteString(w, b.String())
		return err
	}
	fmt.Fprintln(b, r.Summary())
	if len(r.Flags) > 0 {
		fmt.Fprintf(b, "\n指摘 / flags (%d):\n", len(r.Flags))
		for _, f := range r.Flags {
			fmt.Fprintf(b, "  [%s] %s: %s: %s / %s\n", f.Code, f.Resource, label(f.Key, f.Name), f.Ja, f.En)
		}
	}
	if len(r.Files) > 0 {
		fmt.Fprintln(b, "\nファイル / files:")
		for _, f := range r.Files {
			fmt.Fprintf(b, "  %s %s (%s / %s)\n", sign(f.Change), f.Path, changeJa[f.Change], f.Change)
		}
	}
	for _, d := range r.Resources {
		fmt.Fprintf(b, "\n%s (%s / %s)", d.Name, changeJa[d.Change], d.Change)
		if d.Title != "" {
			fmt.Fprintf(b, " — %s", d.Title)
		}
		fmt.Fprintf(b, "\n  %s; key: %s\n", d.Path, keyText(d.Key))
		for _, s := range d.Schema {
			fmt.Fprintf(b, "  schema %s %s (%s / %s) %s\n", sign(s.Change), s.Field, changeJa[s.Change], s.Change, types(s))
		}
		for _, x := range d.Added {
			fmt.Fprintf(b, "  + %s: %s\n", label(x.Key, x.Name), cells(x.Cells))
		}
		for _, x := range d.Removed {
			fmt.Fprintf(b, "  - %s: %s\n", label(x.Key, x.Name), cells(x.Cells))
		}
		for _, x := range d.Changed {
			fmt.Fprintf(b, "  ~ %s:", label(x.Key, x.Name))
			for _, c := range x.Cells {
				fmt.Fprintf(b, " %s %s → %s", c.Field, c.Old, c.New)
			}
			fmt.Fprintln(b)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func keyText(k []string) string {
	if len(k) == 0 {
		return "(行全体 / whole row)"
	}
	return strings.Join(k, ", ")
}

func types(s FieldChange) string {
	switch s.Change {
	case Added:
		return s.NewType
	case Removed:
		return s.OldType
	}
	return s.OldType + " → " + s.NewType
}

func sign(change string) string {
	switch change {
	case Added:
		return "+"
	case Removed:
		return "-"
	}
	return "~"
}

// WriteJSON writes the result as indented JSON.
func (r *Result) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(r)
}

// md and code put strings from data into Markdown as text (see
// package mdtext): never as links, images, headings or mentions.
func md(s string) string   { return mdtext.Text(s) }
func code(s string) string { return mdtext.CellCode(s) }

// WriteMarkdown writes the result for a pull request: headline and flags
// first, then each resource in a collapsible section.
func (r *Result) WriteMarkdown(w io.Writer) error {
	b := &strings.Builder{}
	fmt.Fprintf(b, "## データの差分 / Data diff\n\n%s → %s\n\n", code(r.Base), code(r.Head))
	if r.Empty() {
		fmt.Fprintln(b, "データの違いはありません / no differences in the data")
		_, err := io.WriteString(w, b.String())
		return err
	}
	fmt.Fprintf(b, "%s\n", r.Summary())
	if len(r.Flags) > 0 {
		fmt.Fprintf(b, "\n### 指摘 / Flags (%d)\n\n| | リソース / resource | 団体・キー / row | 内容 / what |\n|---|---|---|---|\n", len(r.Flags))
		for _, f := range r.Flags {
			t := FlagTitles[f.Code]
			fmt.Fprintf(b, "| **%s**<br>%s | %s | %s | %s<br>%s |\n", md(t[0]), code(f.Code), code(f.Resource), md(label(f.Key, f.Name)), md(f.Ja), md(f.En))
		}
	}
	if len(r.Files) > 0 {
		fmt.Fprintf(b, "\n### ファイル / Files\n\n")
		for _, f := range r.Files {
			fmt.Fprintf(b, "- %s / %s %s\n", changeJa[f.Change], f.Change, code(f.Path))
		}
	}
	for _, d := range r.Resources {
		title := ""
		if d.Title != "" {
			title = " — " + mdtext.HTML(d.Title)
		}
		fmt.Fprintf(b, "\n<details><summary><code>%s</code>%s: %s / %s (+%d −%d ~%d)</summary>\n\n", mdtext.HTML(d.Name), title, changeJa[d.Change], d.Change, len(d.Added), len(d.Removed), len(d.Changed))
		fmt.Fprintf(b, "%s; key: %s\n\n", code(d.Path), md(keyText(d.Key)))
		for _, s := range d.Schema {
			fmt.Fprintf(b, "- schema: %s / %s %s %s\n", changeJa[s.Change], s.Change, code(s.Field), md(types(s)))
		}
		if len(d.Added)+len(d.Removed)+len(d.Changed) > 0 {
			fmt.Fprintf(b, "\n| | 団体・キー / row | 値 / values |\n|---|---|---|\n")
		}
		for _, x := range d.Added {
			fmt.Fprintf(b, "| + | %s | %s |\n", md(label(x.Key, x.Name)), md(cells(x.Cells)))
		}
		for _, x := range d.Removed {
			fmt.Fprintf(b, "| − | %s | %s |\n", md(label(x.Key, x.Name)), md(cells(x.Cells)))
		}
		for _, x := range d.Changed {
			var cs []string
			for _, c := range x.Cells {
				cs = append(cs, fmt.Sprintf("%s: %s → %s", c.Field, c.Old, c.New))
			}
			fmt.Fprintf(b, "| ~ | %s | %s |\n", md(label(x.Key, x.Name)), md(strings.Join(cs, "; ")))
		}
		fmt.Fprintf(b, "\n</details>\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}
