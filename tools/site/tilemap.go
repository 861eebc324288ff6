package site

import (
	"fmt"
	"slices"
	"strings"
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
// the table that follows it (its text equivalent).
func tileMap(title string, values map[string]float64, names map[string]string, decimals int) string {
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
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %d %d" role="img"><title>%s</title>`, 13*(size+gap), 11*(size+gap)+40, esc(title))
	codes := make([]string, 0, len(tiles))
	for c := range tiles {
		codes = append(codes, c)
	}
	slices.Sort(codes)
	for _, c := range codes {
		pos := tiles[c]
		x, y := pos[0]*(size+gap), pos[1]*(size+gap)
		fill, ink, label := "#f0f0f0", "#000", "—"
		if v, ok := values[c]; ok {
			k := class(v)
			fill, ink, label = palette[k][0], palette[k][1], fmtNum(v, decimals)
		}
		name := []rune(names[c])
		short := string(name)
		if len(name) > 2 && (strings.HasSuffix(short, "県") || strings.HasSuffix(short, "府") || strings.HasSuffix(short, "都")) {
			short = string(name[:len(name)-1])
		}
		fmt.Fprintf(&b, `<g><rect x="%d" y="%d" width="%d" height="%d" fill="%s" stroke="#555" stroke-width="0.5"/>`, x, y, size, size, fill)
		fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="11" text-anchor="middle" fill="%s">%s</text>`, x+size/2, y+18, ink, esc(short))
		fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="10" text-anchor="middle" fill="%s">%s</text></g>`, x+size/2, y+34, ink, esc(label))
	}
	// Legend: the classes' lower bounds.
	ly := 11*(size+gap) + 8
	for k, c := range palette {
		lo := vs[0]
		if k > 0 {
			lo = bounds[k-1]
		}
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="14" height="14" fill="%s" stroke="#555" stroke-width="0.5"/><text x="%d" y="%d" font-size="11">%s〜</text>`,
			k*110, ly, c[0], k*110+18, ly+12, esc(fmtNum(lo, decimals)))
	}
	b.WriteString(`</svg>`)
	return b.String()
}

// ps2map turns a list into a map by key.
func ps2map[T any](xs []T, kv func(T) (string, float64)) map[string]float64 {
	out := make(map[string]float64, len(xs))
	for _, x := range xs {
		k, v := kv(x)
		out[k] = v
	}
	return out
}

// prefectureMap writes the tile map of the prefectures' figures, with the
// same figures as a table (north to south) as its text equivalent.
func (w *writer) prefectureMap(p *page, f field, values map[string]float64, decimals int, aggJa, aggEn string) {
	names := map[string]string{}
	for _, pr := range w.m.prefs {
		names[pr.PrefCode] = pr.Name
	}
	title := fmt.Sprintf("都道府県の%s (%s) の地図。色が濃いほど高い (5 階級、各階級に約 9 都道府県)。数値は次の表のとおり。 / Map of %s by prefecture (%s): darker is higher (five classes of about nine prefectures); the figures are in the table that follows.", f.Ja, aggJa, f.En, aggEn)
	svg := tileMap(title, values, names, decimals)
	if svg == "" {
		return
	}
	p.w(`<h3>地図 <span lang="en">Map</span></h3><figure>` + svg)
	p.w(`<figcaption>都道府県ごとの` + esc(aggJa) + ` <span lang="en">` + esc(aggEn) + ` by prefecture</span></figcaption>`)
	p.w(`<details><summary>地図の数値 (北から) <span lang="en">The map's figures, north to south</span></summary>` + scrollBox("地図の数値 / The map's figures") + `<table><caption>地図の数値 <span lang="en">The map's figures</span></caption><thead><tr><th scope="col">都道府県 <span lang="en">prefecture</span></th><th scope="col">` + esc(f.Ja) + ` <span lang="en">` + esc(f.En) + `</span></th></tr></thead><tbody>`)
	for _, pr := range w.m.prefs {
		v, ok := values[pr.PrefCode]
		text := "—"
		if ok {
			text = fmtNum(v, decimals)
		}
		p.w(`<tr><th scope="row">` + esc(pr.Name) + `</th><td class="num">` + text + `</td></tr>`)
	}
	p.w(`</tbody></table></div></details></figure>`)
}
