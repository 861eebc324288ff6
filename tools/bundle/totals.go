package bundle

import (
	"math/big"
	"strconv"

	"github.com/ichiran-jp/ichiran/tools/catalog"
)

// totals are the prefecture and national totals of the edition, header
// first, recomputed from the municipalities' rows and labelled as such:
// counts (integer fields, and the counts derived from statuses and
// answers) are summed; a figure with a consistency rule (the card rate) is
// recomputed from the sums; yes/no fields give the number of yes. Other
// fields (dates, categories) have no total.
func (m *model) totals() [][]string {
	header := []string{"code", "name", "kind", "indicator", "as_of", "figure", "value", "municipalities", "how"}
	out := [][]string{header}
	type group struct{ code, name, kind string }
	groups := []group{{"000000", "全国 / Japan", "national"}}
	prefOf := map[string]int{}
	for _, e := range m.munis {
		if _, ok := prefOf[e.PrefCode]; !ok {
			prefOf[e.PrefCode] = len(groups)
			groups = append(groups, group{e.PrefCode + "0000", e.Prefecture, "prefecture"})
		}
	}
	for _, x := range m.active() {
		if m.covered(x) == 0 {
			continue
		}
		derived := x.ind.Derived()
		type acc struct {
			sums []*big.Int
			n    []int
		}
		width := len(x.fields) + len(derived)
		accs := make([]acc, len(groups))
		for i := range accs {
			accs[i] = acc{sums: make([]*big.Int, width), n: make([]int, width)}
			for j := range accs[i].sums {
				accs[i].sums[j] = new(big.Int)
			}
		}
		for _, e := range m.munis {
			row, ok := x.byCode[string(e.Code)]
			if !ok {
				continue
			}
			vals := append([]string(nil), row...)
			if len(derived) > 0 {
				vals = append(vals, x.ind.Derive(x.asOf, func(name string) string {
					for k, f := range x.fields {
						if f.Name == name {
							return row[k]
						}
					}
					return ""
				})...)
			}
			for _, g := range []int{0, prefOf[e.PrefCode]} {
				for j, v := range vals {
					typ := "integer"
					if j < len(x.fields) {
						typ = x.fields[j].Type
					}
					switch {
					case typ == "integer":
						if n, ok := new(big.Int).SetString(v, 10); ok {
							accs[g].sums[j].Add(accs[g].sums[j], n)
							accs[g].n[j]++
						}
					case typ == "boolean" && (v == "true" || v == "false"):
						if v == "true" {
							accs[g].sums[j].Add(accs[g].sums[j], big.NewInt(1))
						}
						accs[g].n[j]++
					}
				}
			}
		}
		name := func(j int) (string, string) {
			if j < len(x.fields) {
				return x.fields[j].Title, x.fields[j].Type
			}
			return derived[j-len(x.fields)].Title.Ja, "integer"
		}
		for gi, g := range groups {
			a := accs[gi]
			for j := 2; j < width; j++ {
				if a.n[j] == 0 {
					continue
				}
				title, typ := name(j)
				how := "市区町村の合計 / sum of the municipalities"
				if typ == "boolean" {
					how = "「はい」の市区町村の数 / municipalities answering yes"
				}
				out = append(out, []string{g.code, g.name, g.kind, x.ind.ID, x.date(), title, a.sums[j].String(), strconv.Itoa(a.n[j]), how})
			}
			for _, k := range x.ind.Consistency {
				num, den := -1, -1
				for j, f := range x.fields {
					switch f.Name {
					case k.Numerator:
						num = j
					case k.Denominator:
						den = j
					}
				}
				if num < 0 || den < 0 || a.sums[den].Sign() == 0 {
					continue
				}
				out = append(out, []string{g.code, g.name, g.kind, x.ind.ID, x.date(), k.Field + " (" + fieldTitle(x, k.Field) + ")",
					ratio(a.sums[num], a.sums[den], k), strconv.Itoa(a.n[num]),
					"合計から算出: Σ" + k.Numerator + " ÷ Σ" + k.Denominator + " / recomputed from the sums"})
			}
		}
	}
	return out
}

func fieldTitle(x *indicator, name string) string {
	for _, f := range x.fields {
		if f.Name == name {
			return f.Title
		}
	}
	return name
}

// ratio is n ÷ d × scale, rounded half-up to the rule's decimals.
func ratio(n, d *big.Int, k catalog.Consistency) string {
	r := new(big.Rat).SetFrac(n, d)
	r.Mul(r, new(big.Rat).SetFloat64(k.Scale))
	return roundHalfUp(r, k.Decimals)
}

// roundHalfUp writes a non-negative rational rounded half-up.
func roundHalfUp(r *big.Rat, decimals int) string {
	scale := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(decimals)), nil)
	x := new(big.Rat).Mul(r, new(big.Rat).SetInt(scale))
	x.Add(x, big.NewRat(1, 2))
	q := new(big.Int).Quo(x.Num(), x.Denom())
	s := q.String()
	if decimals == 0 {
		return s
	}
	for len(s) <= decimals {
		s = "0" + s
	}
	return s[:len(s)-decimals] + "." + s[len(s)-decimals:]
}
