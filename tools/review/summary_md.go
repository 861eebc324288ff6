package review

import (
	"fmt"
	"strings"
)

// How many names a list of the summary shows before "and N more".
const (
	shownMissing  = 10
	shownBlank    = 5
	shownOther    = 5
	shownOutliers = 8
	// prefColumns is how many prefectures share a row of the table.
	prefColumns = 3
)

// thousands writes an integer given as text with commas: 1741 → 1,741.
// Anything else is returned as it is.
func thousands(s string) string {
	digits := strings.TrimPrefix(s, "-")
	if digits == "" || strings.Trim(digits, "0123456789") != "" {
		return s
	}
	var b strings.Builder
	if len(digits) < len(s) {
		b.WriteByte('-')
	}
	for i, c := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

func n(i int) string { return thousands(fmt.Sprint(i)) }

// names lists the first k of xs, then how many more.
func names(xs []Named, k int) string {
	var parts []string
	for i, x := range xs {
		if i == k {
			parts = append(parts, fmt.Sprintf("ほか %s 団体 / %s more", n(len(xs)-k), n(len(xs)-k)))
			break
		}
		parts = append(parts, text(x.Name))
	}
	return strings.Join(parts, "、")
}

// withUnit is a figure and its unit: "52.3 %", "1,234 dispatches".
func withUnit(v, unit string) string {
	if v == "" {
		return "—"
	}
	return text(thousands(v)) + " " + text(unit)
}

// difference is now − before of two figures given as text, with the
// places of the longer one; "" when either is not a number.
func difference(now, before string) string {
	var a, b float64
	if _, err := fmt.Sscan(now, &a); err != nil {
		return ""
	}
	if _, err := fmt.Sscan(before, &b); err != nil {
		return ""
	}
	places := 0
	for _, s := range []string{now, before} {
		if i := strings.IndexByte(s, '.'); i >= 0 {
			places = max(places, len(s)-i-1)
		}
	}
	d := fmt.Sprintf("%.*f", places, a-b)
	if strings.Trim(d, "-0.") == "" {
		d = strings.TrimPrefix(d, "-")
	}
	return signed(d)
}

// summaryMarkdown is the summary of one resource: the bullets a reviewer
// reads first, then the prefectures' table.
func (s Summary) markdown() string {
	var b strings.Builder
	title := s.Title
	if title == "" {
		title = s.Indicator
	}
	fmt.Fprintf(&b, "\n### %s %s — %s 時点 / as of %s\n\n", text(title), code(s.Resource), text(s.AsOf), text(s.AsOf))

	// Municipalities.
	if s.Expected > 0 {
		fmt.Fprintf(&b, "- **団体 / municipalities: %s / %s**", n(s.Present), n(s.Expected))
		if len(s.Missing) == 0 {
			b.WriteString(" — 欠けている団体はありません / none missing\n")
		} else {
			fmt.Fprintf(&b, " — **欠けている %s 団体 / %s missing:** %s\n", n(len(s.Missing)), n(len(s.Missing)), names(s.Missing, shownMissing))
		}
	} else {
		fmt.Fprintf(&b, "- 団体 / municipalities: %s 行 / rows (コード表を読めません / no code table)\n", n(s.Rows))
	}
	if len(s.Other) > 0 {
		fmt.Fprintf(&b, "- **市区町村でないコードの行 / rows of codes that are no municipality on %s: %s** — %s\n", text(s.AsOf), n(len(s.Other)), names(s.Other, shownOther))
	}

	// The national figure.
	prevWord := "前回 / previous"
	if s.Correction {
		prevWord = "訂正前 / before"
	}
	if f := s.Figure; f != nil {
		fmt.Fprintf(&b, "- **全国 / national: %s**", withUnit(f.Value, f.Unit))
		if s.Previous != "" {
			fmt.Fprintf(&b, " ← %s %s: %s", prevWord, text(s.Previous), withUnit(f.Previous, f.Unit))
			if d := difference(f.Value, f.Previous); d != "" {
				// A percentage changes by points; anything else in its unit.
				unit := f.Unit
				if f.Ratio && f.Unit == "%" {
					unit = "ポイント / points"
				}
				fmt.Fprintf(&b, " (%s %s)", text(d), text(unit))
			}
		} else {
			b.WriteString(" (比べる前回の数値はありません / no previous figures to compare with)")
		}
		b.WriteString("\n")
		sum := text(thousands(f.Numerator))
		if f.Ratio {
			sum += " ÷ " + text(thousands(f.Denominator))
		}
		fmt.Fprintf(&b, "  - %s = %s: %s 団体の行から計算 (提出された合計や率は使いません) / recomputed from %s municipalities' rows, never the submitted totals or rates\n",
			text(f.Formula.Ja), sum, n(f.Counted), n(f.Counted))
	}

	// Changes.
	if c := s.Changes; c != nil && s.Figure != nil {
		f := s.Figure
		unit := text(f.Delta.Ja + " / " + f.Delta.En)
		move := func(mv Move) string {
			if mv.Old == "" {
				return fmt.Sprintf("%s %s", text(mv.Name), text(mv.New))
			}
			return fmt.Sprintf("%s %s → %s (%s)", text(mv.Name), text(mv.Old), text(mv.New), text(mv.Delta))
		}
		moves := func(ms []Move, k int) string {
			var parts []string
			for i, mv := range ms {
				if i == k {
					break
				}
				parts = append(parts, move(mv))
			}
			return strings.Join(parts, "、")
		}
		if c.Of == "change" {
			fmt.Fprintf(&b, "- 変化 / changes (%s, %s): %s 団体を比較、%s 団体で変化 / %s compared, %s changed\n",
				text(f.Of.Ja), unit, n(c.Compared), n(c.Changed), n(c.Compared), n(c.Changed))
			if len(c.Rises) > 0 {
				fmt.Fprintf(&b, "- **上昇の大きい団体 / largest rises:** %s\n", moves(c.Rises, topMoves))
			} else {
				b.WriteString("- 上昇の大きい団体 / largest rises: なし / none\n")
			}
			if len(c.Falls) > 0 {
				fmt.Fprintf(&b, "- **下降の大きい団体 / largest falls:** %s\n", moves(c.Falls, topMoves))
			} else {
				b.WriteString("- 下降の大きい団体 / largest falls: なし / none\n")
			}
		}
		what := "変化"
		whatEn := "changes"
		if c.Of == "value" {
			what, whatEn = "値", "values"
		}
		if c.OutlierCount > 0 && c.Low == c.High {
			// Most municipalities did not move: every one that did is
			// beyond fences of zero width.
			fmt.Fprintf(&b, "- **外れ値 / outliers: %s 団体** — 四分位範囲が 0 (ほとんどの団体は%sが %s) なので、そうでない団体すべて / the interquartile range is 0 (most %s are %s), so every other one: %s%s\n",
				n(c.OutlierCount), what, text(c.Low), whatEn, text(c.Low), moves(c.Outliers, shownOutliers), more(c.OutlierCount))
		} else if c.OutlierCount == 0 {
			fmt.Fprintf(&b, "- 外れ値 / outliers: なし (%sが %s 〜 %s の内) / none (%s within the fences %s to %s)\n", what, text(c.Low), text(c.High), whatEn, text(c.Low), text(c.High))
		} else {
			fmt.Fprintf(&b, "- **外れ値 / outliers: %s 団体** (%sが %s 〜 %s の外 / %s beyond %s to %s): %s%s\n",
				n(c.OutlierCount), what, text(c.Low), text(c.High), whatEn, text(c.Low), text(c.High), moves(c.Outliers, shownOutliers), more(c.OutlierCount))
			fmt.Fprintf(&b, "  - 柵は第1四分位数 − 3 × 四分位範囲、第3四分位数 + 3 × 四分位範囲 / the fences are Q1 − 3 × IQR and Q3 + 3 × IQR of the %s\n", whatEn)
		}
	}

	// Blank cells.
	total := 0
	var per []string
	for _, bl := range s.Blanks {
		total += bl.Count
		per = append(per, code(bl.Field)+" "+n(bl.Count))
	}
	if total == 0 {
		b.WriteString("- 空欄 / blank cells: なし / none\n")
	} else {
		fmt.Fprintf(&b, "- **空欄 / blank cells: %s** (%s) — %s 行 / rows: %s\n", n(total), strings.Join(per, "、"), n(len(s.BlankRows)), names(s.BlankRows, shownBlank))
	}

	// Prefectures.
	if s.Figure != nil && len(s.Prefectures) > 0 {
		f := s.Figure
		unit := f.Unit
		fmt.Fprintf(&b, "\n**都道府県別 / by prefecture** (%s; 欠けている団体のある県は団体数を併記 / n/N where municipalities are missing)\n\n", text(unit))
		prevHead := "前回"
		if s.Correction {
			prevHead = "訂正前"
		}
		// Without previous figures, only the figure: more prefectures a row.
		cols, perRow := 4, prefColumns
		if s.Previous == "" {
			cols, perRow = 2, prefColumns+1
		}
		var head, rule strings.Builder
		for range perRow {
			fmt.Fprintf(&head, "| 都道府県 | %s ", text(s.AsOf))
			rule.WriteString("|---|--:")
			if cols == 4 {
				fmt.Fprintf(&head, "| %s | 差 ", prevHead)
				rule.WriteString("|--:|--:")
			}
		}
		b.WriteString(head.String() + "|\n" + rule.String() + "|\n")
		rows := (len(s.Prefectures) + perRow - 1) / perRow
		for r := range rows {
			for col := range perRow {
				i := col*rows + r
				if i >= len(s.Prefectures) {
					b.WriteString(strings.Repeat("| ", cols))
					continue
				}
				p := s.Prefectures[i]
				name := text(p.Name)
				if p.Present != p.Expected {
					name += fmt.Sprintf(" **(%d/%d)**", p.Present, p.Expected)
				}
				fmt.Fprintf(&b, "| %s | %s ", name, cell(p.Value))
				if cols == 4 {
					fmt.Fprintf(&b, "| %s | %s ", cell(p.Previous), text(difference(p.Value, p.Previous)))
				}
			}
			b.WriteString("|\n")
		}
	}
	return b.String()
}

// more is "、ほか N 団体 / N more" for the outliers not shown.
func more(count int) string {
	if count <= shownOutliers {
		return ""
	}
	return fmt.Sprintf("、ほか %s 団体 / %s more", n(count-shownOutliers), n(count-shownOutliers))
}

func cell(v string) string {
	if v == "" {
		return "—"
	}
	return text(thousands(v))
}
