package site

import (
	"html/template"
	"slices"
	"strings"

	"github.com/ichiran-jp/ichiran/tools/catalog"
)

// tiles places the 47 prefectures on a grid shaped like Japan (column,
// row): a tile grid map, where every prefecture has the same size so
// that small ones are seen.
var tiles = map[string][2]int{
	"01": {12, 0}, "02": {11, 1}, "05": {10, 2}, "03": {11, 2},
	"17": {7, 3}, "16": {8, 3}, "15": {9, 3}, "06": {10, 3}, "04": {11, 3},
	"18": {6, 4}, "21": {7, 4}, "20": {8, 4}, "10": {9, 4}, "09": {10, 4}, "07": {11, 4},
	"32": {2, 5}, "31": {3, 5}, "28": {4, 5}, "26": {5, 5}, "25": {6, 5}, "23": {7, 5}, "19": {8, 5}, "11": {9, 5}, "08": {10, 5},
	"35": {1, 6}, "34": {2, 6}, "33": {3, 6}, "27": {4, 6}, "29": {5, 6}, "24": {6, 6}, "22": {7, 6}, "14": {8, 6}, "13": {9, 6}, "12": {10, 6},
	"41": {0, 7}, "40": {1, 7}, "38": {3, 7}, "37": {4, 7}, "30": {5, 7},
	"42": {0, 8}, "43": {1, 8}, "44": {2, 8}, "39": {3, 8}, "36": {4, 8},
	"46": {1, 9}, "45": {2, 9},
	"47": {0, 10},
}

// palette is a sequential blue scale, light to dark, with the text colour
// that reads on each (contrast 4.5:1 or more).
var palette = [][2]string{{"#deebf7", "#000"}, {"#9ecae1", "#000"}, {"#6baed6", "#000"}, {"#2171b5", "#fff"}, {"#08306b", "#fff"}}

// tileMap draws the prefectures' figures as a choropleth tile map: five
// classes of equal count (quintiles), a legend, and the same figures in
// the table that follows it (its text equivalent); "" for no figures.
func tileMap(r *renderer, title string, values map[string]float64, names map[string]string, decimals int) template.HTML {
	if len(values) == 0 {
		return ""
	}
	var vs []float64
	for _, v := range values {
		vs = append(vs, v)
	}
	slices.Sort(vs)
	// Quintile bounds: the value at each fifth of the prefectures.
	var bounds []float64
	for k := 1; k < len(palette); k++ {
		bounds = append(bounds, vs[min(len(vs)-1, k*len(vs)/len(palette))])
	}
	class := func(v float64) int {
		k := 0
		for k < len(bounds) && v >= bounds[k] {
			k++
		}
		return k
	}
	const size, gap = 46, 2
	i := func(v int) num { return num{float64(v), 0} }
	d := newDrawing(r, i(13*(size+gap)), i(11*(size+gap)+40), false, title)
	codes := make([]string, 0, len(tiles))
	for c := range tiles {
		codes = append(codes, c)
	}
	slices.Sort(codes)
	for _, c := range codes {
		pos := tiles[c]
		x, y := pos[0]*(size+gap), pos[1]*(size+gap)
		k := -1
		if v, ok := values[c]; ok {
			k = class(v)
		}
		name := []rune(names[c])
		short := string(name)
		if len(name) > 2 && (strings.HasSuffix(short, "県") || strings.HasSuffix(short, "府") || strings.HasSuffix(short, "都")) {
			short = string(name[:len(name)-1])
		}
		if k < 0 { // no figure
			d.shape(`<g><rect x="{}" y="{}" width="{}" height="{}" fill="#f0f0f0" stroke="#555" stroke-width="0.5"/>`, i(x), i(y), i(size), i(size))
			d.label(short, `x="{}" y="{}" font-size="11" text-anchor="middle" fill="#000"`, i(x+size/2), i(y+18))
			d.shape(`<text x="{}" y="{}" font-size="10" text-anchor="middle" fill="#000">—</text></g>`, i(x+size/2), i(y+34))
			continue
		}
		p := palette[k]
		d.shape(`<g><rect x="{}" y="{}" width="{}" height="{}" fill="`+p[0]+`" stroke="#555" stroke-width="0.5"/>`, i(x), i(y), i(size), i(size))
		d.label(short, `x="{}" y="{}" font-size="11" text-anchor="middle" fill="`+p[1]+`"`, i(x+size/2), i(y+18))
		d.shape(`<text x="{}" y="{}" font-size="10" text-anchor="middle" fill="`+p[1]+`">{}</text></g>`, i(x+size/2), i(y+34), num{values[c], decimals})
	}
	// Legend: the classes' lower bounds.
	ly := 11*(size+gap) + 8
	for k, p := range palette {
		lo := vs[0]
		if k > 0 {
			lo = bounds[k-1]
		}
		d.shape(`<rect x="{}" y="{}" width="14" height="14" fill="`+p[0]+`" stroke="#555" stroke-width="0.5"/><text x="{}" y="{}" font-size="11">{}〜</text>`,
			i(k*110), i(ly), i(k*110+18), i(ly+12), num{lo, decimals})
	}
	return d.done()
}

// mapView is the tile map of the prefectures' figures, with the same
// figures as a table (north to south) as its text equivalent.
type mapView struct {
	Chart        template.HTML
	Field        catalog.Text
	AggJa, AggEn string
	Rows         []mapRow
}

type mapRow struct{ Name, Text string }

// prefectureMap is the tile map of the prefectures' figures; nil when
// there are none.
func (w *writer) prefectureMap(r *renderer, f field, values map[string]float64, decimals int, aggJa, aggEn string) *mapView {
	names := map[string]string{}
	for _, pr := range w.m.prefs {
		names[pr.PrefCode] = pr.Name
	}
	title := "都道府県の" + f.Ja + " (" + aggJa + ") の地図。色が濃いほど高い (5 階級、各階級に約 9 都道府県)。数値は次の表のとおり。 / Map of " + f.En + " by prefecture (" + aggEn + "): darker is higher (five classes of about nine prefectures); the figures are in the table that follows."
	c := tileMap(r, title, values, names, decimals)
	if c == "" {
		return nil
	}
	v := &mapView{Chart: c, Field: catalog.Text{Ja: f.Ja, En: f.En}, AggJa: aggJa, AggEn: aggEn}
	for _, pr := range w.m.prefs {
		text := "—"
		if x, ok := values[pr.PrefCode]; ok {
			text = fmtNum(x, decimals)
		}
		v.Rows = append(v.Rows, mapRow{pr.Name, text})
	}
	return v
}
