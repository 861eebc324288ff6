// The domain checks are the second layer of validation, over the
// Frictionless checks: what the data must mean for the list, not only its
// shape. They check that every code has its check digit and was in force on
// the row's as-of date, that each as-of date the rule expects covers every
// local government the indicator covers and nothing else (a row at another
// date is one error, not also a gap), that a file's year agrees with its
// rows, that as-of dates fit the indicator's rule, and that derived figures
// agree with the figures they derive from: exactly, digit for digit, as the
// catalogue's consistency rule rounds them ("half-up" 四捨五入 by default,
// "half-even", "down"), in exact decimal arithmetic (math/big), so that a
// tie such as 6.25 → 6.3 is decided by the rule and not by a float.
//
// Their problems are *frictionless.Error values with codes of their own,
// and messages that name the municipality, not just the code. They stream:
// memory grows with the codes and dates seen, not with the rows.
package repo

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"math/big"
	"math/bits"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ichiran-jp/ichiran/tools/catalog"
	"github.com/ichiran-jp/ichiran/tools/english"
	"github.com/ichiran-jp/ichiran/tools/frictionless"
	"github.com/ichiran-jp/ichiran/tools/lgcode"
)

// Error codes of the domain checks.
const (
	CodeCheckDigit   = "check-digit"       // the code's check digit is wrong
	CodeNotInForce   = "code-not-in-force" // no local government had the code on the as-of date
	CodeOutOfScope   = "out-of-scope"      // a ward, a northern village, or a kind the indicator does not cover
	CodeCoverage     = "coverage"          // in-scope local governments missing on an as-of date
	CodeFileYear     = "file-year"         // a row's as-of year differs from its file's year
	CodeAsOfRule     = "as-of-rule"        // an as-of date no edition asks for
	CodeInconsistent = "inconsistent"      // a derived figure disagrees with its inputs
	CodeImpossible   = "impossible"        // a part exceeds its whole (cards issued > population)
)

// MaxListed is how many missing local governments a coverage error names.
const MaxListed = 10

// CheckOptions narrow the domain checks.
type CheckOptions struct {
	// LastEdition bounds the editions an as-of date may belong to; 0 = the
	// edition due next after today.
	LastEdition int
	// Resources narrows the checks to these resources (all when empty).
	Resources []string
	// MaxErrors stops the checks of a file at this many errors (0: no
	// limit), as the engine stops at its own: a file of bad rows must not
	// hold a report of every one in memory.
	MaxErrors int
}

// Check runs the domain checks on every indicator resource of the
// repository, within its Limits: a file over MaxFileBytes is not read and
// no more than MaxRows rows of a file are (the engine has said so). Rows
// the shared reader cannot read end the file's checks; the engine's report
// says what is wrong with them.
func (r *Repository) Check(ctx context.Context, opt CheckOptions) ([]*frictionless.Error, error) {
	last := opt.LastEdition
	if last == 0 {
		last = catalog.NextEdition(time.Now())
	}
	var errs []*frictionless.Error
	for _, res := range r.Pkg.Resources {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		ind := r.IndicatorOf(res.Name)
		if ind == nil || len(res.Paths) != 1 || len(opt.Resources) > 0 && !slices.Contains(opt.Resources, res.Name) {
			continue
		}
		es, err := r.checkFile(res.Name, res.Paths[0], ind, last, opt.MaxErrors)
		if err != nil {
			return nil, err
		}
		errs = append(errs, es...)
	}
	return errs, nil
}

// row is what the checks read of one data row.
type row struct {
	num, line int
	code      string
	codeCol   int
	asOf      time.Time
	asOfText  string
	asOfCol   int
	values    []string // in the header's order
	cols      map[string]int
}

func (c *Repository) checkFile(resource, rel string, ind *catalog.Indicator, last, maxErrors int) ([]*frictionless.Error, error) {
	file := c.display(rel)
	var errs []*frictionless.Error
	add := func(code string, r *row, col int, ja, en string) *frictionless.Error {
		e := &frictionless.Error{Code: code, Resource: resource, Path: file, Ja: ja, En: en}
		if r != nil {
			e.Row, e.Line, e.Col = r.num, r.line, 1
			if col >= 0 {
				e.FieldNumber, e.Col = col+1, 0
				for name, i := range r.cols {
					if i == col {
						e.Field = name
					}
				}
				e.Cell = r.cell(e.Field)
			}
		}
		errs = append(errs, e)
		return e
	}
	fileYear, _ := strconv.Atoi(strings.TrimSuffix(path.Base(rel), path.Ext(rel)))
	// Coverage is judged at the dates the rule expects in this file; a row
	// at another date is one error (as-of-rule, else file-year), not also
	// a gap at its date. / 網羅は規則どおりの時点についてだけ見ます。
	seen := map[time.Time]map[string]bool{}
	var dates []time.Time
	type strayRow struct {
		r   *row
		err *frictionless.Error
	}
	var strays []strayRow
	var cols map[string]int
	// A file has a few dates in many rows: each is parsed, and looked up
	// in the editions, once.
	asOfs := map[string]time.Time{}
	editionDates := map[time.Time]bool{}
	// stopped: not every row was read, so the gaps found are no gaps.
	stopped := false
rows:
	for rec, err := range c.Rows(resource) {
		var le *LimitError
		var re *ReadError
		switch {
		case maxErrors > 0 && len(errs) >= maxErrors, errors.As(err, &le):
			stopped = true
			break rows
		case errors.As(err, &re), errors.Is(err, fs.ErrNotExist), errors.Is(err, ErrNotRegular):
			// The engine reports the line it cannot read, the missing file
			// or the link; the rows before it are checked.
			break rows
		case err != nil:
			return nil, err
		case rec.Num == 0:
			cols = map[string]int{}
			for i, name := range rec.Values {
				cols[name] = i
			}
			continue
		}
		r := newRow(rec, cols, asOfs)
		if r.asOf.IsZero() || r.code == "" {
			continue // not a date or no code: the type checks report it
		}
		inEdition, ok := editionDates[r.asOf]
		if !ok {
			inEdition = len(ind.Editions(r.asOf, last)) > 0
			editionDates[r.asOf] = inEdition
		}
		switch {
		case !inEdition:
			e := add(CodeAsOfRule, r, r.asOfCol, fmt.Sprintf("時点 %s はどの版の「%s」にも当たりません (規則: %s)", r.asOfText, ind.Title.Ja, ruleJa(ind)),
				fmt.Sprintf("as-of date %s is not the date of any edition (rule: %s)", r.asOfText, ruleEn(ind)))
			strays = append(strays, strayRow{r, e})
		case fileYear > 0 && r.asOf.Year() != fileYear:
			e := add(CodeFileYear, r, r.asOfCol, fmt.Sprintf("時点 %s の年がファイル名の年 %d と違います", r.asOfText, fileYear),
				fmt.Sprintf("as-of date %s is not in the file's year %d", r.asOfText, fileYear))
			strays = append(strays, strayRow{r, e})
		default:
			if seen[r.asOf] == nil {
				seen[r.asOf] = map[string]bool{}
				dates = append(dates, r.asOf)
			}
			seen[r.asOf][r.code] = true
		}
		code, err := lgcode.Parse(r.code)
		var pe *lgcode.ParseError
		switch {
		case errors.As(err, &pe) && pe.Want != 0:
			add(CodeCheckDigit, r, r.codeCol, fmt.Sprintf("団体コード %q の検査数字が合いません (6 桁目は %c のはずです)", r.code, pe.Want),
				fmt.Sprintf("code %q has a wrong check digit: the sixth digit should be %c", r.code, pe.Want))
			continue
		case err != nil:
			add(CodeCheckDigit, r, r.codeCol, fmt.Sprintf("団体コード %q は 6 桁の数字ではありません", r.code), fmt.Sprintf("code %q is not 6 digits", r.code))
			continue
		}
		e, ok := c.Codes.Lookup(code.String(), r.asOf)
		if !ok {
			ja, en := fmt.Sprintf("団体コード %s の団体は %s に存在しません", r.code, r.asOfText), fmt.Sprintf("no local government had code %s on %s", r.code, r.asOfText)
			if h := c.Codes.History(code.String()); len(h) > 0 {
				ja += fmt.Sprintf(" (%s)", period(h))
				en += fmt.Sprintf(" (%s)", period(h))
			}
			add(CodeNotInForce, r, r.codeCol, ja, en)
			continue
		}
		if !Covers(ind, e) {
			add(CodeOutOfScope, r, r.codeCol, fmt.Sprintf("%s は「%s」の対象外です (%s)", e, ind.Title.Ja, kindJa[e.Kind]),
				fmt.Sprintf("%s is outside %s (%s)", e, ind.ID, e.Kind))
		}
		for _, k := range ind.Consistency {
			if ja, en, bad := inconsistent(k, r); bad {
				add(CodeInconsistent, r, r.cols[k.Field], fmt.Sprintf("%s: %s", e, ja), fmt.Sprintf("%s: %s", e, en))
			}
		}
		for _, b := range ind.Bounds {
			part, ok1 := decimal(r.cell(b.Part))
			whole, ok2 := decimal(r.cell(b.Whole))
			if ok1 && ok2 && part.Cmp(whole) > 0 {
				add(CodeImpossible, r, r.cols[b.Part], fmt.Sprintf("%s: %s (%s) が %s (%s) を超えています。部分が全体を超えることはありません", e, b.Part, r.cell(b.Part), b.Whole, r.cell(b.Whole)),
					fmt.Sprintf("%s: %s (%s) exceeds %s (%s): a part cannot exceed its whole", e, b.Part, r.cell(b.Part), b.Whole, r.cell(b.Whole)))
			}
		}
	}
	if stopped {
		if maxErrors > 0 && len(errs) > maxErrors {
			errs = errs[:maxErrors] // the last row may have added several
		}
		return errs, nil
	}
	slices.SortFunc(dates, func(a, b time.Time) int { return a.Compare(b) })
	// A stray row whose code has no row at exactly one of the expected
	// dates was most likely meant for it (2021-05-10 for 2021-05-01): say
	// so in its error, and do not report the gap again. Only when one
	// stray row of that code and one such date make it unambiguous.
	// 規則外の時点の行は、その団体の行がない時点が一つだけならその誤りとみなします。
	strayCount := map[string]int{}
	for _, st := range strays {
		strayCount[st.r.code]++
	}
	for _, st := range strays {
		var gaps []time.Time
		for _, d := range dates {
			if !seen[d][st.r.code] {
				gaps = append(gaps, d)
			}
		}
		if strayCount[st.r.code] != 1 || len(gaps) != 1 {
			continue
		}
		seen[gaps[0]][st.r.code] = true
		g := gaps[0].Format(time.DateOnly)
		st.err.Ja += fmt.Sprintf("。この団体の %s の行がないので、%s の誤りでしょう", g, g)
		st.err.En += fmt.Sprintf("; the row for %s is missing, so %s was probably meant", g, g)
	}
	for _, d := range dates {
		var missing []string
		for e := range c.Codes.EachInForce(d) {
			if Covers(ind, e) && !seen[d][string(e.Code)] {
				missing = append(missing, e.String())
			}
		}
		if len(missing) == 0 {
			continue
		}
		list := strings.Join(missing[:min(len(missing), MaxListed)], "、")
		more, moreEn := "", ""
		if len(missing) > MaxListed {
			more, moreEn = fmt.Sprintf(" ほか %d 団体", len(missing)-MaxListed), fmt.Sprintf(" and %d more", len(missing)-MaxListed)
		}
		add(CodeCoverage, nil, -1, fmt.Sprintf("時点 %s に %d 団体の行がありません: %s%s", d.Format(time.DateOnly), len(missing), list, more),
			fmt.Sprintf("%s no row for %s: %s%s", english.Count(len(missing), "local government has", "local governments have"), d.Format(time.DateOnly), list, moreEn))
	}
	return errs, nil
}

// kindJa says in Japanese why a kind is out of an indicator's scope.
var kindJa = map[lgcode.Kind]string{
	lgcode.KindPrefecture:      "都道府県",
	lgcode.KindWard:            "指定都市の区 (地方公共団体ではありません)",
	lgcode.KindNorthernVillage: "北方領土の村 (一覧の対象外)",
}

func period(h []lgcode.Entry) string {
	var parts []string
	for _, e := range h {
		from, to := "", ""
		if !e.ValidFrom.IsZero() {
			from = e.ValidFrom.Format(time.DateOnly)
		}
		if !e.ValidTo.IsZero() {
			to = e.ValidTo.Format(time.DateOnly)
		}
		parts = append(parts, fmt.Sprintf("%s %s〜%s", e, from, to))
	}
	return strings.Join(parts, "; ")
}

func ruleJa(ind *catalog.Indicator) string {
	if ind.AsOfRule == nil {
		return "なし"
	}
	return ind.AsOfRule.Ja
}

func ruleEn(ind *catalog.Indicator) string {
	if ind.AsOfRule == nil {
		return "none"
	}
	return ind.AsOfRule.En
}

// inconsistent checks Field = Numerator ÷ Denominator × Scale rounded to
// Decimals places by the consistency's Rounding (half-up when empty), in
// exact decimal arithmetic: the published figure must be that value exactly,
// digit for digit (27.2, not 27.17 or 27.3).
func inconsistent(k catalog.Consistency, r *row) (ja, en string, bad bool) {
	if consistentInt(k, r.cell(k.Numerator), r.cell(k.Denominator), r.cell(k.Field)) {
		return "", "", false
	}
	return inconsistentExact(k, r)
}

// inconsistentExact is [inconsistent] in exact rational arithmetic.
func inconsistentExact(k catalog.Consistency, r *row) (ja, en string, bad bool) {
	num, ok1 := decimal(r.cell(k.Numerator))
	den, ok2 := decimal(r.cell(k.Denominator))
	got, ok3 := decimal(r.cell(k.Field))
	scale, ok4 := decimal(strconv.FormatFloat(k.Scale, 'f', -1, 64))
	if !ok1 || !ok2 || !ok3 || !ok4 || den.Sign() == 0 {
		return "", "", false // the type checks report unreadable cells
	}
	x := new(big.Rat).Quo(num, den)
	x.Mul(x, scale)
	want, err := Round(x, k.Decimals, k.Rounding)
	if err != nil || got.Cmp(want) == 0 {
		return "", "", false // an unknown rounding is the catalogue's error
	}
	rounding := k.Rounding
	if rounding == "" {
		rounding = RoundHalfUp
	}
	w := want.FloatString(k.Decimals)
	exact := approx(x, k.Decimals+3)
	return fmt.Sprintf("%s は %s ÷ %s × %g = %s を%sで小数第%d位までにした %s のはずですが %s です",
			k.Field, k.Numerator, k.Denominator, k.Scale, exact, roundingJa[rounding], k.Decimals, w, r.cell(k.Field)),
		fmt.Sprintf("%s should be %s ÷ %s × %g = %s rounded %s to %d decimal places, %s, not %s",
			k.Field, k.Numerator, k.Denominator, k.Scale, exact, rounding, k.Decimals, w, r.cell(k.Field)), true
}

// consistentInt reports whether figure got is numerator ÷ denominator ×
// scale rounded as k says, when that can be decided in int64 arithmetic:
// whole numerator and denominator of at most 18 digits, a whole scale, a
// plain decimal figure, a known rounding. false means inconsistent or
// undecided: [inconsistent] then works it out exactly, with big.Rat. The
// rows that agree, nearly all, are decided here without allocating.
func consistentInt(k catalog.Consistency, numerator, denominator, got string) bool {
	num, ok1 := digits(numerator)
	den, ok2 := digits(denominator)
	if !ok1 || !ok2 || den == 0 || k.Decimals < 0 || k.Decimals > 6 || k.Scale < 1 || k.Scale > 1e6 || k.Scale != math.Trunc(k.Scale) {
		return false
	}
	p10 := uint64(1)
	for range k.Decimals {
		p10 *= 10
	}
	// n = num × scale × 10^decimals, which must fit in 63 bits.
	hi, n := bits.Mul64(num, uint64(k.Scale)*p10)
	if hi != 0 || n > math.MaxInt64 {
		return false
	}
	q, rem := n/den, n%den
	switch k.Rounding {
	case "", RoundHalfUp:
		if 2*rem >= den {
			q++
		}
	case RoundHalfEven:
		if 2*rem > den || 2*rem == den && q%2 == 1 {
			q++
		}
	case RoundDown:
	default:
		return false
	}
	// got, in units of 10^-decimals: digits, then at most decimals
	// fraction digits (more only as trailing zeros).
	whole, frac, _ := strings.Cut(got, ".")
	frac = strings.TrimRight(frac, "0")
	if len(frac) > k.Decimals || whole == "" && frac == "" {
		return false
	}
	w, ok := digits(cmp.Or(whole, "0"))
	f, okf := digits(frac + strings.Repeat("0", k.Decimals-len(frac)))
	if !ok || !okf && k.Decimals > 0 {
		return false
	}
	hi, g := bits.Mul64(w, p10)
	return hi == 0 && g+f >= g && g+f == q
}

// digits reads a whole number of 1 to 18 decimal digits, no sign.
func digits(s string) (uint64, bool) {
	if len(s) == 0 || len(s) > 18 {
		return 0, false
	}
	var n uint64
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + uint64(c-'0')
	}
	return n, true
}

// The roundings a consistency rule may name (catalog.Consistency.Rounding).
const (
	RoundHalfUp   = "half-up"   // 四捨五入: ties away from zero
	RoundHalfEven = "half-even" // 偶数丸め: ties to the even digit
	RoundDown     = "down"      // 切り捨て: toward zero
)

var roundingJa = map[string]string{RoundHalfUp: "四捨五入", RoundHalfEven: "偶数丸め", RoundDown: "切り捨て"}

// Round rounds x to decimals places by rounding (RoundHalfUp when empty),
// exactly: Round(6.25, 1, "half-up") is 6.3, Round(6.25, 1, "half-even")
// 6.2. Negative numbers are rounded by their magnitude (-6.25 half-up is
// -6.3). An unknown rounding is an error.
//
// x を小数第 decimals 位までに丸めます (厳密な有理数演算)。
func Round(x *big.Rat, decimals int, rounding string) (*big.Rat, error) {
	if decimals < 0 {
		return nil, fmt.Errorf("decimals %d < 0", decimals)
	}
	unit := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(decimals)), nil)
	// m = |x| × 10^decimals = q + f/d, 0 ≤ f < d
	m := new(big.Rat).Abs(x)
	m.Mul(m, new(big.Rat).SetInt(unit))
	q, f := new(big.Int).QuoRem(m.Num(), m.Denom(), new(big.Int))
	twice := new(big.Int).Lsh(f, 1).Cmp(m.Denom()) // 2f vs d: the fraction against ½
	switch rounding {
	case "", RoundHalfUp:
		if twice >= 0 {
			q.Add(q, big.NewInt(1))
		}
	case RoundHalfEven:
		if twice > 0 || twice == 0 && q.Bit(0) == 1 {
			q.Add(q, big.NewInt(1))
		}
	case RoundDown:
	default:
		return nil, fmt.Errorf("丸め方 %q を知りません / unknown rounding %q", rounding, rounding)
	}
	if x.Sign() < 0 {
		q.Neg(q)
	}
	return new(big.Rat).SetFrac(q, unit), nil
}

// approx writes x with at most n decimals: exactly when it has no more
// (6.25), else cut with an ellipsis (33.333…).
func approx(x *big.Rat, n int) string {
	scaled := new(big.Rat).Mul(x, new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(n)), nil)))
	if scaled.IsInt() {
		s := x.FloatString(n)
		if strings.Contains(s, ".") {
			s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
		}
		return s
	}
	t, _ := Round(x, n, RoundDown)
	return t.FloatString(n) + "…"
}

// decimal reads a decimal number exactly (1234, 27.2, -0.5); no exponents,
// thousands separators or spaces: the type checks have read the cell.
func decimal(s string) (*big.Rat, bool) {
	if s == "" || strings.ContainsAny(s, "eE/ _,") {
		return nil, false
	}
	return new(big.Rat).SetString(s)
}

// cell is the value of the named column ("" when the row lacks it).
func (r *row) cell(name string) string {
	if i, ok := r.cols[name]; ok && i < len(r.values) {
		return r.values[i]
	}
	return ""
}

// newRow is what the checks read of a data row; its number is the
// engine's (the header is row 1). dates are the as-of dates parsed so
// far, by text.
func newRow(rec Row, cols map[string]int, dates map[string]time.Time) *row {
	r := &row{num: rec.Num + 1, line: rec.Line, values: rec.Values, cols: cols, codeCol: -1, asOfCol: -1}
	if i, ok := cols[CodeField]; ok {
		r.code, r.codeCol = r.cell(CodeField), i
	}
	if i, ok := cols[AsOfField]; ok {
		r.asOfText, r.asOfCol = r.cell(AsOfField), i
		d, ok := dates[r.asOfText]
		if !ok {
			d, _ = time.Parse(time.DateOnly, r.asOfText)
			dates[r.asOfText] = d
		}
		r.asOf = d
	}
	return r
}
