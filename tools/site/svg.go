package site

import (
	"html/template"
	"math"
	"strconv"
	"strings"
)

// Charts are inline SVG drawn at build time. Each has a <title> (its
// accessible name, pointing at the table that is its text equivalent);
// colours meet 3:1 against white and the lines differ by dash and marker
// as well as colour.
//
// A chart is HTML made here of two kinds of pieces only: shapes, whose
// markup is a constant of this file filled with numbers only ([num]; the
// colours are constants too), and the texts that come from the data or
// the catalogue (the title, names, labels), each rendered by a template of
// parts.tmpl, which escapes it.

// num is a number of a chart, written with d decimals (-1: as fmtNum).
type num struct {
	v float64
	d int
}

// c is a coordinate: one decimal.
func c(v float64) num { return num{v, 1} }

// svgText is a <text> of a chart: its attributes, from numbers and
// constants only, and its text, escaped by the "svg-text" template.
type svgText struct {
	Attrs template.HTMLAttr
	Text  string
}

// drawing is a chart being drawn.
type drawing struct {
	r *renderer
	b []byte
}

// newDrawing starts a chart of w × h (given as width and height too when
// sized) named title.
func newDrawing(r *renderer, w, h num, sized bool, title string) *drawing {
	d := &drawing{r: r, b: r.svg[:0]}
	if sized {
		d.shape(`<svg class="chart" viewBox="0 0 {} {}" width="{}" height="{}" role="img">`, w, h, w, h)
	} else {
		d.shape(`<svg class="chart" viewBox="0 0 {} {}" role="img">`, w, h)
	}
	d.b = append(d.b, r.fragment("", "svg-title", title)...)
	return d
}

// shape appends markup: format, a constant, with each {} replaced by the
// next number.
func (d *drawing) shape(format string, nums ...num) {
	d.b = appendNums(d.b, format, nums)
}

func appendNums(b []byte, format string, nums []num) []byte {
	for _, n := range nums {
		i := strings.Index(format, "{}")
		b = append(b, format[:i]...)
		format = format[i+2:]
		if n.d >= 0 {
			b = strconv.AppendFloat(b, n.v, 'f', n.d, 64)
			continue
		}
		b = append(b, fmtNum(n.v, -1)...)
	}
	return append(b, format...)
}

// label appends a text from the data: its attributes (format and nums as
// for shape) and the text, which the template escapes.
func (d *drawing) label(text, format string, nums ...num) {
	attrs := template.HTMLAttr(appendNums(nil, format, nums))
	d.b = append(d.b, d.r.cached("", "svg-text", svgText{attrs, text})...)
}

// done ends the chart; its markup is drawn in the renderer's buffer, and
// copied out once.
func (d *drawing) done() template.HTML {
	d.b = append(d.b, "</svg>"...)
	d.r.svg = d.b
	return template.HTML(d.b)
}

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

// lineStyles are the lines' colour, dash and marker, each marker's markup
// in that colour (a constant: {} are its position).
var lineStyles = []struct{ colour, dash, marker string }{
	{"#0b57d0", "", `<circle cx="{}" cy="{}" r="3.5" fill="#0b57d0"/>`},
	{"#b3261e", "6 3", `<rect x="{}" y="{}" width="7" height="7" fill="#b3261e"/>`},
	{"#3c4043", "2 3", `<path d="M{} {}l4 4-4 4-4-4z" fill="#3c4043"/>`},
}

// marker draws style k's marker centred on x, y.
func (d *drawing) marker(k int, x, y float64) {
	switch k {
	case 1: // a square
		d.shape(lineStyles[k].marker, c(x-3.5), c(y-3.5))
	case 2: // a diamond, from its top
		d.shape(lineStyles[k].marker, c(x), c(y-4))
	default: // a circle
		d.shape(lineStyles[k].marker, c(x), c(y))
	}
}

// lineChart draws how the lines developed over the years.
func lineChart(r *renderer, title string, years []int, lines []line) template.HTML {
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
		if len(years) == 1 {
			return left + pw/2
		}
		return left + pw*float64(i)/float64(len(years)-1)
	}
	y := func(v float64) float64 { return top + ph - ph*v/maxV }
	d := newDrawing(r, c(w), c(h), true, title)
	for _, t := range []float64{0, 0.5, 1} {
		yy := y(maxV * t)
		d.shape(`<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#c4c7c5"/>`, c(left), c(w-right), c(yy), c(yy))
		d.shape(`<text x="{}" y="{}" text-anchor="end" font-size="11" fill="#1f1f1f">{}</text>`, c(left-6), c(yy+4), num{maxV * t, -1})
	}
	for i, yr := range years {
		d.shape(`<text x="{}" y="{}" text-anchor="middle" font-size="11" fill="#1f1f1f">{}</text>`, c(x(i)), c(top+ph+16), num{float64(yr), 0})
	}
	for k, l := range lines {
		k %= len(lineStyles)
		st := lineStyles[k]
		polyline := `<polyline points="{}" fill="none" stroke="` + st.colour + `" stroke-width="2"/>`
		if st.dash != "" {
			polyline = `<polyline points="{}" fill="none" stroke="` + st.colour + `" stroke-width="2" stroke-dasharray="` + st.dash + `"/>`
		}
		// Each run of values without a gap is a polyline.
		var pts []num
		flush := func() {
			if len(pts) > 2 {
				d.shape(strings.Replace(polyline, "{}", strings.Repeat("{},{} ", len(pts)/2-1)+"{},{}", 1), pts...)
			}
			pts = pts[:0]
		}
		for i, v := range l.Vals {
			if !l.OK[i] {
				flush()
				continue
			}
			pts = append(pts, c(x(i)), c(y(v)))
		}
		flush()
		for i, v := range l.Vals {
			if l.OK[i] {
				d.marker(k, x(i), y(v))
			}
		}
		// legend
		lx := left + float64(k)*170
		ly := h - 16
		d.marker(k, lx+4, ly-4)
		d.label(l.Label, `x="{}" y="{}" font-size="12" fill="#1f1f1f"`, c(lx+14), c(ly))
	}
	return d.done()
}

// bar is one bar of a bar chart.
type bar struct {
	Label string
	Value num // written beside or above the bar
}

// barsH draws horizontal bars, one a row, in the order given (a ranking).
func barsH(r *renderer, title string, bars []bar) template.HTML {
	const w, left, right, row = 560.0, 96.0, 64.0, 18.0
	h := row*float64(len(bars)) + 8
	var maxV float64
	for _, br := range bars {
		maxV = max(maxV, br.Value.v)
	}
	maxV = niceMax(maxV)
	d := newDrawing(r, c(w), c(h), true, title)
	for i, br := range bars {
		yy := 4 + row*float64(i)
		bw := math.Max((w-left-right)*br.Value.v/maxV, 0)
		d.label(br.Label, `x="{}" y="{}" text-anchor="end" font-size="12" fill="#1f1f1f"`, c(left-6), c(yy+12))
		d.shape(`<rect x="{}" y="{}" width="{}" height="{}" fill="#0b57d0"/>`, c(left), c(yy+2), c(bw), c(row-5))
		d.shape(`<text x="{}" y="{}" font-size="11" fill="#1f1f1f">{}</text>`, c(left+bw+4), c(yy+12), br.Value)
	}
	return d.done()
}

// barsV draws vertical bars (a distribution: one bar per class).
func barsV(r *renderer, title string, bars []bar) template.HTML {
	const h, top, bottom, left = 220.0, 20.0, 56.0, 40.0
	col := 44.0
	if len(bars) > 10 {
		col = 32
	}
	w := left + col*float64(len(bars)) + 16
	var maxV float64
	for _, br := range bars {
		maxV = max(maxV, br.Value.v)
	}
	maxV = niceMax(maxV)
	ph := h - top - bottom
	d := newDrawing(r, c(w), c(h), true, title)
	d.shape(`<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#5f6368"/>`, c(left), c(w-8), c(top+ph), c(top+ph))
	for i, br := range bars {
		bh := ph * br.Value.v / maxV
		xx := left + col*float64(i)
		d.shape(`<rect x="{}" y="{}" width="{}" height="{}" fill="#0b57d0"/>`, c(xx+3), c(top+ph-bh), c(col-6), c(bh))
		d.shape(`<text x="{}" y="{}" text-anchor="middle" font-size="11" fill="#1f1f1f">{}</text>`, c(xx+col/2), c(top+ph-bh-4), br.Value)
		d.label(br.Label, `x="{}" y="{}" text-anchor="end" font-size="10" fill="#1f1f1f" transform="rotate(-40 {} {})"`, c(xx+col/2), c(top+ph+14), c(xx+col/2), c(top+ph+14))
	}
	return d.done()
}

// Text is the bar's value as written.
func (b bar) Text() string { return fmtNum(b.Value.v, b.Value.d) }
