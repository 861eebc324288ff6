// Package codeowners writes .github/CODEOWNERS from the indicator
// catalogue: each ministry's team owns its indicators' data folders and
// submission folders; the maintainers own everything else, and in
// particular .github/, schemas/ and tools/.
//
// GitHub reads CODEOWNERS from the base branch and lets the last matching
// pattern win, so the general rules come first.
package codeowners

import (
	"fmt"
	"slices"
	"strings"

	"github.com/ichiran-jp/ichiran/tools/catalog"
)

// Header is the first lines of the generated file.
const Header = `# 生成されたファイルです。手で編集せず datapackage.json の owners と indicators を直し、
# go test ./tools/codeowners -update で作り直してください。
# Generated from datapackage.json (owners, indicators): do not edit by hand; change the
# catalogue and run: go test ./tools/codeowners -update
`

// Generate returns the CODEOWNERS text for the catalogue; codeTable is the
// slash path of the code table, which the maintainers own.
func Generate(c *catalog.Catalog, codeTable string) ([]byte, error) {
	m := c.Owners.Maintainers
	if m == "" {
		return nil, fmt.Errorf("カタログに owners.maintainers がありません / the catalogue has no owners.maintainers")
	}
	var b strings.Builder
	b.WriteString(Header)
	fmt.Fprintf(&b, "\n# 保守者 / maintainers\n")
	for _, p := range []string{"*", "/.github/", "/schemas/", "/tools/", "/datapackage.json", "/" + codeTable} {
		fmt.Fprintf(&b, "%-40s %s\n", p, m)
	}
	ids := make([]*catalog.Indicator, 0, len(c.Indicators))
	for _, ind := range c.Indicators {
		if ind.Status == catalog.Active {
			ids = append(ids, ind)
		}
	}
	slices.SortFunc(ids, func(a, b *catalog.Indicator) int { return strings.Compare(a.ID, b.ID) })
	fmt.Fprintf(&b, "\n# 府省ごとの指標のデータと提出 / each ministry's data and submissions\n")
	for _, ind := range ids {
		team := c.Owners.Team(ind.Ministry.Ja)
		if team == "" {
			return nil, fmt.Errorf("府省 %q のチームがありません / ministry %q has no team", ind.Ministry.Ja, ind.Ministry.Ja)
		}
		for _, dir := range []string{"/data/" + ind.ID + "/", "/submissions/" + ind.ID + "/"} {
			fmt.Fprintf(&b, "%-40s %s %s\n", dir, team, m)
		}
	}
	return []byte(b.String()), nil
}
