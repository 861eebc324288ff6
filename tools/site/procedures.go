package site

import "html/template"

// procedureList is the status of each procedure of an indicator, in the
// latest edition with a row of the municipality.
type procedureList struct {
	Edition string
	Items   template.HTML
}

// procedureItem is a procedure's status; the template shows the
// workbook's own mark with its meaning.
type procedureItem struct {
	Flagged      bool
	Name, Status string
}

// procedureStatuses lists, for the latest edition with a row of the
// municipality, the status of each procedure of the indicator; nil when
// it has no procedures or no row.
func procedureStatuses(r *renderer, s *series, data []edition, code string) *procedureList {
	if len(s.ind.Procedures) == 0 {
		return nil
	}
	for i := len(data) - 1; i >= 0; i-- {
		row := data[i].rows[code]
		if row == nil {
			continue
		}
		var items []template.HTML
		for j, f := range s.fields {
			pr := s.ind.Procedure(f.Name)
			if pr == nil || row[j] == "" {
				continue
			}
			items = append(items, r.cached("municipality", "procedure", procedureItem{pr.Flagged, pr.Name, row[j]}))
		}
		return &procedureList{Edition: editionName(data[i].Year), Items: join(items...)}
	}
	return nil
}
