package bundle

import (
	"time"

	"github.com/ichiran-jp/ichiran/tools/catalog"
	"github.com/ichiran-jp/ichiran/tools/macro"
	"github.com/ichiran-jp/ichiran/tools/repo"
)

// MacroInput is what [macro.Compute] needs of the repository for an
// edition: each indicator's rows at a date, read from its resources, and
// the populations of the card figures.
func MacroInput(repo *repo.Repository, edition int) (macro.Input, error) {
	in := macro.Input{Catalog: repo.Cat, Edition: edition, Rows: func(ind *catalog.Indicator, at time.Time) (macro.Table, error) {
		return macroTable(repo, ind, at.Format(time.DateOnly))
	}}
	if card := repo.Cat.Indicator("mynumber-card"); card != nil {
		t, err := macroTable(repo, card, "")
		if err != nil {
			return in, err
		}
		in.Populations = macro.Populations(t)
	}
	return in, nil
}

// macroTable is the rows of ind at date ("" for every date), in the
// field order of its first file.
func macroTable(repo *repo.Repository, ind *catalog.Indicator, date string) (macro.Table, error) {
	var out macro.Table
	for t, err := range repo.IndicatorTables(ind) {
		if err != nil {
			return out, err
		}
		if out.Header == nil {
			out.Header = t.Header
		}
		idx := t.Header.Indexes(out.Header)
		asOf := t.Header.Index(repoAsOf)
		for _, row := range t.Rows {
			if date == "" || asOf >= 0 && row.Get(asOf) == date {
				out.Rows = append(out.Rows, row.Pick(idx))
			}
		}
	}
	return out, nil
}

// Macro computes the macro view of an edition of the repository.
func Macro(repo *repo.Repository, edition int) (*macro.Report, error) {
	in, err := MacroInput(repo, edition)
	if err != nil {
		return nil, err
	}
	return macro.Compute(in)
}
