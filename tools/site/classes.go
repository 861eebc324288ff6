package site

import "math"

// class is one class of a distribution: [Lo, Hi) — the last one [Lo, Hi]
// — and its label.
type class struct {
	Lo, Hi float64
	Label  string
}

// classes divides [lo, hi] into at most max classes of one round width (1,
// 2, 2.5 or 5 times a power of ten, at least 1 for integers), starting at a
// multiple of the width, so that the labels are round and do not overlap:
// "20–30未満" (20 to under 30); integers "0–4", "5–9".
func classes(lo, hi float64, integer bool, max int) []class {
	if hi < lo || max < 1 {
		return nil
	}
	span := hi - lo
	step := 1.0
	if span > 0 {
		raw := span / float64(max)
		p := math.Pow(10, math.Floor(math.Log10(raw)))
		for _, m := range []float64{1, 2, 2.5, 5, 10} {
			step = m * p
			if math.Floor(hi/step+1e-9)-math.Floor(lo/step+1e-9)+1 <= float64(max) {
				break
			}
		}
	}
	if integer {
		step = math.Max(1, math.Round(step))
	}
	// Whole multiples of the width, counted as integers: no drift.
	first := int(math.Floor(lo/step + 1e-9))
	last := int(math.Floor(hi/step + 1e-9))
	var out []class
	for k := first; k <= last && len(out) <= 4*max; k++ {
		a, b := float64(k)*step, float64(k+1)*step
		c := class{Lo: a, Hi: b}
		if integer {
			c.Label = fmtNum(a, -1)
			if step > 1 {
				c.Label += "–" + fmtNum(b-1, -1)
			}
		} else {
			c.Label = fmtNum(a, -1) + "–" + fmtNum(b, -1) + "未満"
		}
		out = append(out, c)
	}
	return out
}

// classOf is the index of the class of v.
func classOf(cs []class, v float64) int {
	for i, c := range cs {
		if v < c.Hi {
			return i
		}
	}
	return len(cs) - 1
}
