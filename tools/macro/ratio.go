package macro

import (
	"math/big"
	"strings"
)

// Ratio is n ÷ d × scale rounded half-up (四捨五入) to decimals places, as
// text ("44.0"); "" when d is zero. It is the rounding of the national
// card rate (see the card figures of [Compute]), for any scale and number
// of places, so that a figure recomputed elsewhere from the rows (the
// review of a pull request) is the same figure.
//
// n ÷ d × scale を小数第 decimals 位に四捨五入した文字列。d が 0 なら ""。
func Ratio(n, d *big.Int, scale int64, decimals int) string {
	if d.Sign() == 0 {
		return ""
	}
	decimals = max(decimals, 0)
	p := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(decimals)), nil)
	num := new(big.Int).Mul(n, big.NewInt(scale))
	num.Mul(num, p)
	r := new(big.Rat).SetFrac(num, d)
	neg := r.Sign() < 0
	r.Abs(r)
	r.Add(r, big.NewRat(1, 2)) // half-up, away from zero: floor(|x| + 1/2)
	q := new(big.Int).Quo(r.Num(), r.Denom())
	s := q.String()
	if decimals > 0 {
		if len(s) <= decimals {
			s = strings.Repeat("0", decimals-len(s)+1) + s
		}
		s = s[:len(s)-decimals] + "." + s[len(s)-decimals:]
	}
	if neg && strings.Trim(s, "0.") != "" {
		s = "-" + s
	}
	return s
}
