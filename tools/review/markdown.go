package review

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/ichiran-jp/ichiran/tools/datadiff"
	"github.com/ichiran-jp/ichiran/tools/english"
	"github.com/ichiran-jp/ichiran/tools/mdtext"
)

// Limits of GitHub, in bytes (a byte limit is also a safe limit in
// characters).
const (
	// MaxComment leaves room, under GitHub's 65,536 characters of a
	// comment, for the hidden marker that finds the comment again.
	MaxComment = 65536 - 256
	// MaxSummary is what one step may append to the job summary.
	MaxSummary = 1 << 20
)

// headlineFlags is how many flags the headline names; the others are in
// the details.
const headlineFlags = 20

// Title is the one-line verdict, e.g. for a check run's title.
func (r *Report) Title() string {
	if r.Valid {
		return fmt.Sprintf("有効、指摘 %d 件 / valid, %s", r.Counts.Flags, english.Count(r.Counts.Flags, "flag"))
	}
	return fmt.Sprintf("無効: エラー %d 件、指摘 %d 件 / invalid: %s, %s", r.Counts.Errors, r.Counts.Flags, english.Count(r.Counts.Errors, "error"), english.Count(r.Counts.Flags, "flag"))
}

// Markdown is the report for people, cut to limit bytes (0: no limit):
// the headline first, then the validation errors and the diff in
// collapsible sections.
func (r *Report) Markdown(limit int) string {
	var b strings.Builder
	b.WriteString(r.headline())
	if len(r.Errors) > 0 {
		fmt.Fprintf(&b, "\n<details><summary>検証エラー / validation errors (%d)</summary>\n\n", len(r.Errors))
		b.WriteString("| 場所 / where | 内容 / what | コード / code |\n|---|---|---|\n")
		for _, p := range r.Errors {
			fmt.Fprintf(&b, "| %s | %s | %s |\n", code(p.Location()), text(p.Message()), code(p.Code))
		}
		b.WriteString("\n</details>\n")
	}
	if r.Diff != nil && !r.Diff.Empty() {
		fmt.Fprintf(&b, "\n<details><summary>差分の詳細 / the diff in detail</summary>\n\n")
		var d strings.Builder
		if err := r.Diff.WriteMarkdown(&d); err == nil {
			b.WriteString(d.String())
		}
		b.WriteString("\n</details>\n")
	}
	b.WriteString("\n<sub>ichiran review が作成しました。プッシュのたびに更新されます。 / Written by ichiran review; updated on every push.</sub>\n")
	return cut(b.String(), limit, r.Run)
}

func (r *Report) headline() string {
	var b strings.Builder
	c := r.Counts
	if r.Valid {
		b.WriteString("## ichiran review: ✅ 有効 / valid\n\n")
	} else {
		b.WriteString("## ichiran review: ❌ 無効 / invalid\n\n")
	}
	if r.Valid {
		fmt.Fprintf(&b, "- 検証 / validation: エラーなし (%d リソース、%s 行) / no errors (%d resources, %s rows)\n", c.Resources, n(c.Rows), c.Resources, n(c.Rows))
	} else {
		fmt.Fprintf(&b, "- 検証 / validation: **エラー %s 件** (%d リソース、%s 行) / **%s errors** (%d resources, %s rows)\n", n(c.Errors), c.Resources, n(c.Rows), n(c.Errors), c.Resources, n(c.Rows))
		b.WriteString(r.reasons())
	}
	switch {
	case r.Diff == nil:
		fmt.Fprintf(&b, "- 差分 / diff: 計算できませんでした / could not be computed: %s\n", text(r.DiffError))
	case r.Diff.Empty():
		fmt.Fprintf(&b, "- 差分 / diff: %s → %s: データの違いはありません / no differences in the data\n", code(r.Diff.Base), code(r.Diff.Head))
	default:
		fmt.Fprintf(&b, "- 差分 / diff: %s → %s: 追加 %s 行、削除 %s 行、変更 %s 行、ファイル %d / %s rows added, %s removed, %s changed; %d files\n",
			code(r.Diff.Base), code(r.Diff.Head), n(c.Added), n(c.Removed), n(c.Changed), c.Files, n(c.Added), n(c.Removed), n(c.Changed), c.Files)
	}
	if r.Diff == nil || len(r.Diff.Flags) == 0 {
		b.WriteString("- 要注意 / flags: なし / none\n")
	} else {
		fmt.Fprintf(&b, "- **要注意 %s 件 / %s flags a reviewer must not miss** (下に / below)\n", n(c.Flags), n(c.Flags))
	}
	for i, s := range r.Summaries {
		if i == maxSummaries {
			break
		}
		b.WriteString(s.markdown())
	}
	if r.Diff != nil && len(r.Diff.Flags) > 0 {
		fmt.Fprintf(&b, "\n### 要注意 / Flags (%s)\n\n", n(c.Flags))
		byCode := map[string]int{}
		for _, f := range r.Diff.Flags {
			byCode[f.Code]++
		}
		var kinds []string
		for _, k := range slices.Sorted(maps.Keys(byCode)) {
			t := datadiff.FlagTitles[k]
			kinds = append(kinds, fmt.Sprintf("%s / %s %s", text(cmp.Or(t[0], k)), text(cmp.Or(t[1], k)), n(byCode[k])))
		}
		fmt.Fprintf(&b, "%s\n\n", strings.Join(kinds, "、"))
		// The rarer kinds first: one fall must not hide behind a
		// thousand jumps.
		flags := slices.Clone(r.Diff.Flags)
		slices.SortStableFunc(flags, func(a, b datadiff.Flag) int { return cmp.Compare(byCode[a.Code], byCode[b.Code]) })
		for i, f := range flags {
			if i == headlineFlags {
				fmt.Fprintf(&b, "- ほか %s 件 (詳細を参照) / %s more, see the details\n", n(len(r.Diff.Flags)-i), n(len(r.Diff.Flags)-i))
				break
			}
			t := datadiff.FlagTitles[f.Code]
			who := f.Name
			if who == "" {
				who = strings.Join(f.Key, " ")
			}
			fmt.Fprintf(&b, "- **%s / %s** %s %s: %s / %s\n", text(t[0]), text(t[1]), code(f.Resource), text(who), text(f.Ja), text(f.En))
		}
	}
	b.WriteString("\n---\n\n")
	if r.Run != "" {
		fmt.Fprintf(&b, "**詳細 / Details** — 下の折りたたみに。全体はワークフロー実行の成果物 `review` (report-full.md, report.json) にあります / below; all of it in the [workflow run](%s)'s artifact `review` (report-full.md, report.json).\n", r.Run)
	} else {
		b.WriteString("**詳細 / Details** — 下の折りたたみに。全体はワークフロー実行の成果物 `review` (report-full.md, report.json) にあります / below; all of it in the workflow run's artifact `review` (report-full.md, report.json).\n")
	}
	return b.String()
}

// shownReasons is how many kinds of validation errors the headline names,
// maxReason how many characters of the first one's message it shows.
const (
	shownReasons = 5
	maxReason    = 160
)

// reasons says why the data is invalid: each kind of error, how many, and
// the first one's place and message.
func (r *Report) reasons() string {
	var b strings.Builder
	count := map[string]int{}
	var order []string
	first := map[string]Problem{}
	for _, p := range r.Errors {
		if count[p.Code] == 0 {
			order = append(order, p.Code)
			first[p.Code] = p
		}
		count[p.Code]++
	}
	for i, k := range order {
		if i == shownReasons {
			fmt.Fprintf(&b, "  - ほか %d 種類 (詳細を参照) / %d more kinds, see the details\n", len(order)-i, len(order)-i)
			break
		}
		p := first[k]
		where := ""
		if loc := p.Location(); loc != "" {
			where = " " + code(loc)
		}
		msg := []rune(p.Message())
		if len(msg) > maxReason {
			msg = append(msg[:maxReason], '…')
		}
		fmt.Fprintf(&b, "  - %s × %s — 最初 / first:%s %s\n", code(k), n(count[k]), where, text(string(msg)))
	}
	return b.String()
}

// text escapes s (from data) for running Markdown text and table cells.
func text(s string) string { return mdtext.Text(s) }

// code is s (from data) as inline code in a table cell or a list.
func code(s string) string { return mdtext.CellCode(s) }

// Cut cuts Markdown to limit bytes (0: no limit) at a line boundary, closes
// the <details> sections left open and says what was cut and where the
// whole report is.
func Cut(s string, limit int) string { return cut(s, limit, "") }

// cut is Cut with the address of the run whose artifact holds the whole
// report ("" when unknown).
func cut(s string, limit int, run string) string {
	if limit <= 0 || len(s) <= limit {
		return s
	}
	where := "the run's review artifact"
	if run != "" {
		where = "the review artifact of the [workflow run](" + run + ")"
	}
	note := func(cutBytes, cutLines int) string {
		return fmt.Sprintf("\n> [!NOTE]\n> 長すぎるため最後の %d 行 (%d バイト) を省略しました。全体は成果物 review の %s と report.json にあります。\n"+
			"> %d lines (%d bytes) cut to fit GitHub's limit; the whole report is %s and report.json in %s.\n",
			cutLines, cutBytes, FullMarkdown, cutLines, cutBytes, FullMarkdown, where)
	}
	const closing = "\n</details>\n"
	reserve := len(note(len(s), strings.Count(s, "\n")+1))
	for keep := limit - reserve; keep > 0; keep -= 64 {
		head := s[:keep]
		if i := strings.LastIndexByte(head, '\n'); i >= 0 {
			head = head[:i+1]
		} else {
			head = ""
		}
		open := strings.Count(head, "<details>") - strings.Count(head, "</details>")
		out := head + strings.Repeat(closing, max(open, 0)) + note(len(s)-len(head), strings.Count(s[len(head):], "\n"))
		if len(out) <= limit {
			return out
		}
	}
	return note(len(s), strings.Count(s, "\n"))[1:]
}
