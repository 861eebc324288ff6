package site

// statusMark is how a procedure's status is shown: the workbook's own mark
// with its meaning.
var statusMark = map[string]string{
	"online":         "○ オンライン可 <span lang=\"en\">online</span>",
	"not-online":     "× 未 <span lang=\"en\">not online</span>",
	"not-applicable": "ー 該当なし <span lang=\"en\">no such procedure</span>",
}

// procedureStatuses lists, for the latest edition with a row of the
// municipality, the status of each procedure of the indicator.
func (w *writer) procedureStatuses(p *page, s *series, data []edition, code string) {
	if len(s.ind.Procedures) == 0 {
		return
	}
	for i := len(data) - 1; i >= 0; i-- {
		row := data[i].rows[code]
		if row == nil {
			continue
		}
		p.w(`<details><summary>手続ごとの状況 (` + esc(editionName(data[i].Year)) + `) <span lang="en">Status of each procedure</span></summary><ul class="procedures">`)
		for j, f := range s.fields {
			pr := s.ind.Procedure(f.Name)
			if pr == nil || row[j] == "" {
				continue
			}
			flag := ""
			if pr.Flagged {
				flag = "● "
			}
			mark, ok := statusMark[row[j]]
			if !ok {
				mark = esc(row[j])
			}
			p.w(`<li>` + flag + esc(pr.Name) + `: ` + mark + `</li>`)
		}
		p.w(`</ul></details>`)
		return
	}
}
