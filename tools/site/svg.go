package site

import (
	"fmt"
	"html"
	"math"
	"strconv"
	"strings"
)

// Charts are inline SVG drawn at build time. Each has a <title> (its
// accessible name, pointing at the table that is its text equivalent);
// colours meet 3:1 against white and the lines differ by dash and marker
// as well as colour.

// f1 writes a coordinate with one decimal.
func f1(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }

// niceMax rounds a maximum up to 1, 2 or 5 × a power of ten.
func niceMax(v float64) float64 {
	if v <= 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 2, 5, 10} {
		if v <= m*p {
			return m * p
		}
	}
	return 10 * p
}

// line is one series of a line chart; a missing value leaves a gap.
type line struct {
	Label string
	Vals  []float64
	OK    []bool
}

var lineStyles = []struct{ colour, dash, marker string }{
	{"#0b57d0", "", "circle"},
	{"#b3261e", "6 3", "square"},
	{"#3c4043", "2 3", "diamond"},
}

func marker(kind string, x, y float64, colour string) string {
	switch kind {
	case "square":
		return fmt.Sprintf(`<rect x="%s" y="%s" width="7" height="7" fill="%s"/>`, f1(x-3.5), f1(y-3.5), colour)
	case "diamond":
		return fmt.Sprintf(`<path d="M%s %sl4 4-4 4-4-4z" fill="%s"/>`, f1(x), f1(y-4), colour)
	}
	return fmt.Sprintf(`<circle cx="%s" cy="%s" r="3.5" fill="%s"/>`, f1(x), f1(y), colour)
}

// lineChart draws how the lines developed over the x labels (editions).
func lineChart(title string, xs []string, lines []line) string {
	const w, h, left, right, top, bottom = 560.0, 230.0, 56.0, 16.0, 16.0, 64.0
	var maxV float64
	for _, l := range lines {
		for i, v := range l.Vals {
			if l.OK[i] {
				maxV = max(maxV, v)
			}
		}
	}
	maxV = niceMax(maxV)
	pw, ph := w-left-right, h-top-bottom
	x := func(i int) float64 {
		if len(xs) == 1 {
			return left + pw/2
		}
		return left + pw*float64(i)/float64(len(xs)-1)
	}
	y := func(v float64) float64 { return top + ph - ph*v/maxV }
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %s %s" width="%s" height="%s" role="img"><title>%s</title>`, f1(w), f1(h), f1(w), f1(h), html.EscapeString(title))
	for _, t := range []float64{0, 0.5, 1} {
		yy := y(maxV * t)
		fmt.Fprintf(&b, `<line x1="%s" x2="%s" y1="%s" y2="%s" stroke="#c4c7c5"/>`, f1(left), f1(w-right), f1(yy), f1(yy))
		fmt.Fprintf(&b, `<text x="%s" y="%s" text-anchor="end" font-size="11" fill="#1f1f1f">%s</text>`, f1(left-6), f1(yy+4), fmtNum(maxV*t, -1))
	}
	for i, s := range xs {
		fmt.Fprintf(&b, `<text x="%s" y="%s" text-anchor="middle" font-size="11" fill="#1f1f1f">%s</text>`, f1(x(i)), f1(top+ph+16), html.EscapeString(s))
	}
	for k, l := range lines {
		st := lineStyles[k%len(lineStyles)]
		var seg []string
		flush := func() {
			if len(seg) > 1 {
				dash := ""
				if st.dash != "" {
					dash = ` stroke-dasharray="` + st.dash + `"`
				}
				fmt.Fprintf(&b, `<polyline points="%s" fill="none" stroke="%s" stroke-width="2"%s/>`, strings.Join(seg, " "), st.colour, dash)
			}
			seg = seg[:0]
		}
		for i, v := range l.Vals {
			if !l.OK[i] {
				flush()
				continue
			}
			seg = append(seg, f1(x(i))+","+f1(y(v)))
		}
		flush()
		for i, v := range l.Vals {
			if l.OK[i] {
				b.WriteString(marker(st.marker, x(i), y(v), st.colour))
			}
		}
		// legend
		lx := left + float64(k)*170
		ly := h - 16
		b.WriteString(marker(st.marker, lx+4, ly-4, st.colour))
		fmt.Fprintf(&b, `<text x="%s" y="%s" font-size="12" fill="#1f1f1f">%s</text>`, f1(lx+14), f1(ly), html.EscapeString(l.Label))
	}
	b.WriteString(`</svg>`)
	return b.String()
}

// bar is one bar of a bar chart.
type bar struct {
	Label string
	Value float64
	Text  string // the value as written
}

// barsH draws horizontal bars, one a row, in the order given (a ranking).
func barsH(title string, bars []bar) string {
	const w, left, right, row = 560.0, 96.0, 64.0, 18.0
	h := row*float64(len(bars)) + 8
	var maxV float64
	for _, br := range bars {
		maxV = max(maxV, br.Value)
	}
	maxV = niceMax(maxV)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %s %s" width="%s" height="%s" role="img"><title>%s</title>`, f1(w), f1(h), f1(w), f1(h), html.EscapeString(title))
	for i, br := range bars {
		yy := 4 + row*float64(i)
		bw := (w - left - right) * br.Value / maxV
		fmt.Fprintf(&b, `<text x="%s" y="%s" text-anchor="end" font-size="12" fill="#1f1f1f">%s</text>`, f1(left-6), f1(yy+12), html.EscapeString(br.Label))
		fmt.Fprintf(&b, `<rect x="%s" y="%s" width="%s" height="%s" fill="#0b57d0"/>`, f1(left), f1(yy+2), f1(math.Max(bw, 0)), f1(row-5))
		fmt.Fprintf(&b, `<text x="%s" y="%s" font-size="11" fill="#1f1f1f">%s</text>`, f1(left+math.Max(bw, 0)+4), f1(yy+12), html.EscapeString(br.Text))
	}
	b.WriteString(`</svg>`)
	return b.String()
}

// barsV draws vertical bars (a distribution: one bar per class).
func barsV(title string, bars []bar) string {
	const h, top, bottom, left = 220.0, 20.0, 56.0, 40.0
	col := 44.0
	if len(bars) > 10 {
		col = 32
	}
	w := left + col*float64(len(bars)) + 16
	var maxV float64
	for _, br := range bars {
		maxV = max(maxV, br.Value)
	}
	maxV = niceMax(maxV)
	ph := h - top - bottom
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %s %s" width="%s" height="%s" role="img"><title>%s</title>`, f1(w), f1(h), f1(w), f1(h), html.EscapeString(title))
	fmt.Fprintf(&b, `<line x1="%s" x2="%s" y1="%s" y2="%s" stroke="#5f6368"/>`, f1(left), f1(w-8), f1(top+ph), f1(top+ph))
	for i, br := range bars {
		bh := ph * br.Value / maxV
		xx := left + col*float64(i)
		fmt.Fprintf(&b, `<rect x="%s" y="%s" width="%s" height="%s" fill="#0b57d0"/>`, f1(xx+3), f1(top+ph-bh), f1(col-6), f1(bh))
		fmt.Fprintf(&b, `<text x="%s" y="%s" text-anchor="middle" font-size="11" fill="#1f1f1f">%s</text>`, f1(xx+col/2), f1(top+ph-bh-4), html.EscapeString(br.Text))
		fmt.Fprintf(&b, `<text x="%s" y="%s" text-anchor="end" font-size="10" fill="#1f1f1f" transform="rotate(-40 %s %s)">%s</text>`, f1(xx+col/2), f1(top+ph+14), f1(xx+col/2), f1(top+ph+14), html.EscapeString(br.Label))
	}
	b.WriteString(`</svg>`)
	return b.String()
}
