package frictionless

import (
	"regexp"
	"regexp/syntax"
	"unicode"
	"unicode/utf8"
)

// A pattern is a field's pattern constraint: a regular expression that must
// match the whole value.
//
// Most patterns in practice are simple: character classes with counts
// ("[0-9]{6}"), literals, and alternations of such sequences ("yes|no").
// Those are matched by a loop over the cell, without the regexp machinery;
// any other pattern falls back to package regexp. Both give the same answer
// (TestPatternAgrees, FuzzPattern).
type pattern struct {
	re   *regexp.Regexp // the pattern, anchored at both ends
	alts [][]piece      // the simple form (any alternative matches), nil if none

	// For each alternative of ASCII classes repeated a fixed number of
	// times ("[0-9]{6}", "[A-Z]{2}-[0-9]{4}"), the class of each byte of a
	// cell that matches it; nil for the others.
	fixed [][][2]uint64
}

// A piece is a character class repeated min to max times (max < 0: no
// limit).
type piece struct {
	ascii    [2]uint64 // the ASCII runes of the class, a bit each
	ranges   []rune    // the class: pairs of inclusive bounds, in order
	min, max int
}

// compilePattern compiles a Table Schema pattern, which must match the
// whole value.
func compilePattern(x string) (*pattern, error) {
	src := `^(?:` + x + `)$`
	re, err := regexp.Compile(src)
	if err != nil {
		return nil, err
	}
	p := &pattern{re: re}
	// regexp.Compile parses with syntax.Perl.
	if t, err := syntax.Parse(src, syntax.Perl); err == nil {
		p.alts = simpleForm(t)
	}
	for _, alt := range p.alts {
		p.fixed = append(p.fixed, fixedForm(alt))
	}
	return p, nil
}

// fixedForm returns the class of each byte of the cells that ps matches,
// when they are all of one length, and ASCII; nil otherwise.
func fixedForm(ps []piece) [][2]uint64 {
	bytes := [][2]uint64{}
	for _, p := range ps {
		if p.min != p.max || len(p.ranges) == 0 || p.ranges[len(p.ranges)-1] >= utf8.RuneSelf {
			return nil
		}
		for range p.min {
			bytes = append(bytes, p.ascii)
		}
	}
	return bytes
}

// match reports whether the pattern matches all of b.
func (p *pattern) match(b []byte) bool {
	if p.alts == nil {
		return p.re.Match(b)
	}
	for k, alt := range p.alts {
		if f := p.fixed[k]; f != nil {
			if matchFixed(f, b) {
				return true
			}
		} else if matchPieces(alt, b) {
			return true
		}
	}
	return false
}

// matchFixed matches b against the class of each of its bytes (fixedForm).
func matchFixed(f [][2]uint64, b []byte) bool {
	if len(b) != len(f) {
		return false
	}
	for i, c := range b {
		if c >= utf8.RuneSelf || f[i][c>>6]&(1<<(c&63)) == 0 {
			return false
		}
	}
	return true
}

// matchPieces matches b against a sequence of pieces, each taking as many
// runes as it can. That is exact because simpleForm only accepts sequences
// where a piece of variable length has a class disjoint from every piece
// after it: whatever it leaves, nothing after it could take.
func matchPieces(ps []piece, b []byte) bool {
	i := 0
	for k := range ps {
		p := &ps[k]
		n := 0
		for (p.max < 0 || n < p.max) && i < len(b) {
			r, size := rune(b[i]), 1
			if r >= utf8.RuneSelf {
				r, size = utf8.DecodeRune(b[i:]) // an invalid byte is U+FFFD, as for regexp
			}
			if !p.has(r) {
				break
			}
			i += size
			n++
		}
		if n < p.min {
			return false
		}
	}
	return i == len(b)
}

func (p *piece) has(r rune) bool {
	if r < utf8.RuneSelf {
		return p.ascii[r>>6]&(1<<(r&63)) != 0
	}
	for k := 0; k+1 < len(p.ranges); k += 2 {
		if r < p.ranges[k] {
			return false
		}
		if r <= p.ranges[k+1] {
			return true
		}
	}
	return false
}

// simpleForm returns the alternatives of the anchored pattern t as
// sequences of pieces, or nil when t is not simple.
func simpleForm(t *syntax.Regexp) [][]piece {
	// ^(?:x)$ parses as a concatenation that starts with BeginText and
	// ends with EndText.
	if t.Op != syntax.OpConcat || len(t.Sub) < 2 || t.Sub[0].Op != syntax.OpBeginText || t.Sub[len(t.Sub)-1].Op != syntax.OpEndText {
		return nil
	}
	body := t.Sub[1 : len(t.Sub)-1]
	// The pattern's own anchors, at its very start and end, change nothing.
	for len(body) > 0 && body[0].Op == syntax.OpBeginText {
		body = body[1:]
	}
	for len(body) > 0 && body[len(body)-1].Op == syntax.OpEndText {
		body = body[:len(body)-1]
	}
	if len(body) == 1 {
		alt := body[0]
		for alt.Op == syntax.OpCapture {
			alt = alt.Sub[0]
		}
		if alt.Op == syntax.OpAlternate {
			var alts [][]piece
			for _, sub := range alt.Sub {
				ps, ok := appendPieces(nil, sub)
				if !ok || !greedyExact(ps) {
					return nil
				}
				alts = append(alts, ps)
			}
			return alts
		}
	}
	var ps []piece
	for _, sub := range body {
		var ok bool
		if ps, ok = appendPieces(ps, sub); !ok {
			return nil
		}
	}
	if !greedyExact(ps) {
		return nil
	}
	return [][]piece{ps}
}

// appendPieces appends the pieces of t, if it is a sequence of repeated
// character classes.
func appendPieces(ps []piece, t *syntax.Regexp) ([]piece, bool) {
	switch t.Op {
	case syntax.OpEmptyMatch:
		return ps, true
	case syntax.OpCapture:
		return appendPieces(ps, t.Sub[0])
	case syntax.OpConcat:
		for _, sub := range t.Sub {
			var ok bool
			if ps, ok = appendPieces(ps, sub); !ok {
				return nil, false
			}
		}
		return ps, true
	case syntax.OpLiteral:
		if t.Flags&syntax.FoldCase != 0 {
			return nil, false
		}
		for _, r := range t.Rune {
			ps = append(ps, newPiece([]rune{r, r}, 1, 1))
		}
		return ps, true
	case syntax.OpStar, syntax.OpPlus, syntax.OpQuest, syntax.OpRepeat:
		class, ok := classOf(t.Sub[0])
		if !ok {
			return nil, false
		}
		min, max := t.Min, t.Max
		switch t.Op {
		case syntax.OpStar:
			min, max = 0, -1
		case syntax.OpPlus:
			min, max = 1, -1
		case syntax.OpQuest:
			min, max = 0, 1
		}
		// Whether greedy or not, a repetition that must match the whole
		// value matches the same cells.
		return append(ps, newPiece(class, min, max)), true
	}
	if class, ok := classOf(t); ok {
		return append(ps, newPiece(class, 1, 1)), true
	}
	return nil, false
}

// classOf returns the runes that t, a single-rune expression, matches.
func classOf(t *syntax.Regexp) ([]rune, bool) {
	switch t.Op {
	case syntax.OpLiteral:
		if len(t.Rune) != 1 || t.Flags&syntax.FoldCase != 0 {
			return nil, false
		}
		return []rune{t.Rune[0], t.Rune[0]}, true
	case syntax.OpCharClass:
		return t.Rune, true
	case syntax.OpAnyCharNotNL:
		return []rune{0, '\n' - 1, '\n' + 1, unicode.MaxRune}, true
	case syntax.OpAnyChar:
		return []rune{0, unicode.MaxRune}, true
	}
	return nil, false
}

func newPiece(ranges []rune, min, max int) piece {
	p := piece{ranges: ranges, min: min, max: max}
	for k := 0; k+1 < len(ranges); k += 2 {
		for r := ranges[k]; r <= ranges[k+1] && r < utf8.RuneSelf; r++ {
			p.ascii[r>>6] |= 1 << (r & 63)
		}
	}
	return p
}

// greedyExact reports whether every piece of variable length has a class
// disjoint from those of all the pieces after it.
func greedyExact(ps []piece) bool {
	for i := range ps {
		if ps[i].min == ps[i].max {
			continue
		}
		for j := i + 1; j < len(ps); j++ {
			if overlap(ps[i].ranges, ps[j].ranges) {
				return false
			}
		}
	}
	return true
}

func overlap(a, b []rune) bool {
	for i := 0; i+1 < len(a); i += 2 {
		for j := 0; j+1 < len(b); j += 2 {
			if a[i] <= b[j+1] && b[j] <= a[i+1] {
				return true
			}
		}
	}
	return false
}
