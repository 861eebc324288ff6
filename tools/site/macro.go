package site

import (
	"github.com/ichiran-jp/ichiran/tools/bundle"
	"github.com/ichiran-jp/ichiran/tools/catalog"
	"github.com/ichiran-jp/ichiran/tools/macro"
)

// macroEdition is an edition of the macro view.
type macroEdition struct {
	Year       int
	Name       string
	Indicators []macro.Indicator
}

// macroPage writes macro.html: the paper's macro view, each indicator's
// KPI recomputed from the rows with its formula, for every edition with
// figures (newest first); each indicator has an anchor its page links to.
func (w *writer) macroPage(r *renderer) error {
	var eds []macroEdition
	for y := w.m.edition; y >= catalog.FirstEdition; y-- {
		rep, err := bundle.Macro(w.m.repo, y)
		if err != nil {
			return err
		}
		if len(rep.Indicators) > 0 {
			eds = append(eds, macroEdition{y, editionName(y), rep.Indicators})
		}
	}
	r.page("macro", "macro.html", 0, [2]string{"マクロの視点", "The macro view"}, nil, eds)
	return nil
}
