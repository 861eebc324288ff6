// Package english writes the English half of the tools' bilingual
// messages correctly: a count with its noun in the singular or the plural
// ("1 error", "2 errors", "1 local government", "0 files").
package english

import "strconv"

// Count writes n and the noun: the singular for exactly one, else the
// plural, which is the singular with "s" unless given.
func Count(n int, singular string, plural ...string) string {
	if n == 1 {
		return "1 " + singular
	}
	p := singular + "s"
	if len(plural) > 0 {
		p = plural[0]
	}
	return strconv.Itoa(n) + " " + p
}
