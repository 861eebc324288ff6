// Package status tells, for one edition of the list, where every indicator
// stands: its status, the as-of date the edition needs, the ministry,
// whether the data is in the repository and how much of the country it
// covers, and the days left to 30 June.
package status

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/ichiran-jp/ichiran/tools/catalog"
	"github.com/ichiran-jp/ichiran/tools/macro"
	"github.com/ichiran-jp/ichiran/tools/repo"
	"github.com/ichiran-jp/ichiran/tools/wareki"
)

// Report is the status of one edition.
type Report struct {
	Edition   int    `json:"edition"`
	EditionJa string `json:"editionJa"` // 令和8年度版
	Today     string `json:"today"`
	// Deadline is the date the edition was (or is due to be) published:
	// 30 June, or the catalogue's date for the edition, with its note.
	Deadline     string        `json:"deadline"`
	DeadlineNote *catalog.Text `json:"deadlineNote,omitempty"`
	DaysLeft     int           `json:"daysLeft"` // negative once the deadline has passed
	Indicators   []Indicator   `json:"indicators"`
	// Macro is the macro view of the edition (the KPIs computed from the
	// rows), when the caller computed it.
	Macro *macro.Report `json:"macro,omitempty"`
}

// Indicator is one row of the report.
type Indicator struct {
	ID       string       `json:"id"`
	Title    catalog.Text `json:"title"`
	Ministry catalog.Text `json:"ministry"`
	Status   string       `json:"status"`         // active, pending, not-suited, not-yet (active from a later edition)
	AsOf     string       `json:"asOf,omitempty"` // the date this edition needs
	File     string       `json:"file,omitempty"` // where its figures go
	Rows     int          `json:"rows"`           // rows at that date
	Covered  int          `json:"covered"`        // local governments in scope with a row
	Expected int          `json:"expected"`       // local governments in scope on that date
	Complete bool         `json:"complete"`       // every one in scope has a row
	// Availability says why the repository holds no figure of an
	// indicator that has none (no ministry file available yet …).
	Availability *catalog.Text `json:"availability,omitempty"`
	// Sources are where the rows of the file came from.
	Sources []catalog.Provenance `json:"sources,omitempty"`
}

// Status values beyond the catalogue's.
const (
	NotYet       = "not-yet"       // active from a later edition
	NotAvailable = "not-available" // active, but no ministry figure can be had yet
)

// Compute builds the report of edition for the repository r, on day today.
func Compute(r *repo.Repository, edition int, today time.Time) (*Report, error) {
	cat := r.Cat
	deadline := cat.Due(edition)
	day := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.UTC)
	rep := &Report{Edition: edition, EditionJa: wareki.Edition(edition), Today: day.Format(time.DateOnly),
		Deadline: deadline.Format(time.DateOnly), DeadlineNote: cat.DueNote(edition), DaysLeft: int(deadline.Sub(day).Hours() / 24)}
	for _, ind := range cat.Indicators {
		row := Indicator{ID: ind.ID, Title: ind.Title, Ministry: ind.Ministry, Status: ind.Status, Availability: ind.Availability}
		asOf, ok := ind.AsOf(edition)
		if !ok {
			if ind.Status == catalog.Active {
				row.Status = NotYet
			}
			rep.Indicators = append(rep.Indicators, row)
			continue
		}
		row.AsOf = asOf.Format(time.DateOnly)
		row.Expected = len(r.Covered(ind, asOf))
		for _, name := range cat.Resources[ind.ID] {
			res := r.Pkg.Resource(name)
			if res == nil || len(res.Paths) != 1 || path.Base(res.Paths[0]) != strconv.Itoa(asOf.Year())+".csv" {
				continue
			}
			row.File = res.Paths[0]
			for _, src := range cat.Provenance[name] {
				if src.AsOf == row.AsOf {
					row.Sources = append(row.Sources, src)
				}
			}
			n, codesAt, err := countRows(r, name, row.AsOf)
			if err != nil {
				return nil, err
			}
			row.Rows = n
			for code := range codesAt {
				if e, ok := r.Codes.Lookup(code, asOf); ok && repo.Covers(ind, e) {
					row.Covered++
				}
			}
		}
		if row.File == "" {
			row.File = fmt.Sprintf("data/%s/%d.csv", ind.ID, asOf.Year())
		}
		row.Complete = row.Expected > 0 && row.Covered == row.Expected
		if row.Rows == 0 && ind.Availability != nil {
			row.Status = NotAvailable
		}
		rep.Indicators = append(rep.Indicators, row)
	}
	return rep, nil
}

// countRows counts the rows of a resource whose as-of date is date, and
// their codes. A missing file has none.
func countRows(r *repo.Repository, resource, date string) (int, map[string]bool, error) {
	t, err := r.Table(resource)
	if errors.Is(err, fs.ErrNotExist) {
		return 0, nil, nil
	}
	if err != nil {
		return 0, nil, err
	}
	codeCol, asOfCol := t.Header.Index(repo.CodeField), t.Header.Index(repo.AsOfField)
	n, codes := 0, map[string]bool{}
	for _, row := range t.Rows {
		if codeCol < 0 || asOfCol < 0 || row.Get(asOfCol) != date {
			continue
		}
		n++
		codes[row.Get(codeCol)] = true
	}
	return n, codes, nil
}

// state renders an indicator's standing for a person.
func (r Indicator) state() (ja, en string) {
	switch r.Status {
	case catalog.Pending:
		return "調整中", "pending"
	case catalog.NotSuited:
		return "個別団体の情報になじまない", "not suited to per-municipality data"
	case NotYet:
		return "この版では対象外 (令和5年度以降)", "not in this edition"
	case NotAvailable:
		return "府省の数値を入手できていない", "no ministry figure available yet"
	}
	switch {
	case r.Complete:
		return "揃っています", "complete"
	case r.Rows == 0:
		return "未提出", "no data yet"
	}
	return fmt.Sprintf("一部 (%d / %d 団体)", r.Covered, r.Expected), fmt.Sprintf("partial (%d of %d)", r.Covered, r.Expected)
}

func (rep *Report) heading() (ja, en string) {
	left := rep.DaysLeft
	if left >= 0 {
		ja, en = fmt.Sprintf("%s (%d年版) — 公表目標 %s まであと %d 日", rep.EditionJa, rep.Edition, wareki.Date(mustDate(rep.Deadline)), left),
			fmt.Sprintf("edition %d — %d days left to %s", rep.Edition, left, rep.Deadline)
	} else {
		ja, en = fmt.Sprintf("%s (%d年版) — 公表目標 %s を %d 日過ぎています", rep.EditionJa, rep.Edition, wareki.Date(mustDate(rep.Deadline)), -left),
			fmt.Sprintf("edition %d — %d days past %s", rep.Edition, -left, rep.Deadline)
	}
	if n := rep.DeadlineNote; n != nil {
		ja, en = ja+" ("+n.Ja+")", en+" ("+n.En+")"
	}
	return ja, en
}

// sourceLine describes a source for people, on one line.
func sourceLine(p catalog.Provenance) (ja, en string) {
	pub := p.Published
	if pub == "" {
		pub = "公表日不明"
	}
	lic := "—"
	if p.License != nil {
		lic = p.License.Title
	}
	ja = fmt.Sprintf("出典 %s「%s」(%s) %s, %d 行, SHA-256 %.12s…; 利用条件 %s", p.Publisher, p.Title, pub, p.File, p.Rows, p.SHA256, lic)
	en = fmt.Sprintf("source: %s, %s (%s) %s, %d rows, SHA-256 %.12s…", p.Publisher, p.Title, cmpOr(p.Published, "date unknown"), p.File, p.Rows, p.SHA256)
	return ja, en
}

func cmpOr(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}

func mustDate(s string) time.Time {
	t, _ := time.Parse(time.DateOnly, s)
	return t
}

// WriteText writes the report as aligned text.
func (rep *Report) WriteText(w io.Writer) error {
	ja, en := rep.heading()
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n%s\n\n", ja, en)
	for _, r := range rep.Indicators {
		sja, sen := r.state()
		asOf := "—"
		if r.AsOf != "" {
			asOf = r.AsOf + " (" + wareki.Date(mustDate(r.AsOf)) + ")"
		}
		fmt.Fprintf(&b, "%-28s %s / %s\n", r.ID, r.Title.Ja, r.Ministry.Ja)
		fmt.Fprintf(&b, "%-28s 時点 as of %s: %s / %s\n", "", asOf, sja, sen)
		if r.Status == NotAvailable && r.Availability != nil {
			fmt.Fprintf(&b, "%-28s %s\n%-28s %s\n", "", r.Availability.Ja, "", r.Availability.En)
		}
		for _, src := range r.Sources {
			sja, _ := sourceLine(src)
			fmt.Fprintf(&b, "%-28s %s\n", "", sja)
		}
	}
	if _, err := io.WriteString(w, b.String()); err != nil || rep.Macro == nil || len(rep.Macro.Indicators) == 0 {
		return err
	}
	if _, err := io.WriteString(w, "\n"); err != nil {
		return err
	}
	return rep.Macro.WriteText(w)
}

// WriteJSON writes the report as one JSON object.
func (rep *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(rep)
}

// WriteMarkdown writes the report as a Markdown table, Japanese first.
func (rep *Report) WriteMarkdown(w io.Writer) error {
	ja, en := rep.heading()
	var b strings.Builder
	fmt.Fprintf(&b, "## %s\n\n%s\n\n", ja, en)
	b.WriteString("| 指標 / indicator | 府省 / ministry | 時点 / as of | 状況 / status | 団体 / coverage |\n|---|---|---|---|---|\n")
	for _, r := range rep.Indicators {
		sja, sen := r.state()
		asOf, cov := "—", "—"
		if r.AsOf != "" {
			asOf = r.AsOf + "<br>" + wareki.Date(mustDate(r.AsOf))
			cov = fmt.Sprintf("%d / %d", r.Covered, r.Expected)
		}
		note := ""
		if r.Status == NotAvailable && r.Availability != nil {
			note = "<br>" + md(r.Availability.Ja)
		}
		for _, src := range r.Sources {
			sja, _ := sourceLine(src)
			note += "<br>" + md(sja)
		}
		fmt.Fprintf(&b, "| %s<br>`%s` | %s | %s | %s / %s%s | %s |\n", md(r.Title.Ja), r.ID, md(r.Ministry.Ja), asOf, sja, sen, note, cov)
	}
	if m := rep.Macro; m != nil && len(m.Indicators) > 0 {
		b.WriteString("\n### マクロの視点 (KPI、市区町村の行から計算) / the macro view\n\n| 指標 / indicator | 数値 / figure | 値 / value | 式 / formula |\n|---|---|---|---|\n")
		for _, x := range m.Indicators {
			if x.Why != nil {
				fmt.Fprintf(&b, "| `%s` | %s | — | — |\n", x.ID, md(x.Why.Ja))
			}
			for _, f := range x.Figures {
				fmt.Fprintf(&b, "| `%s` | %s | %s %s (%s / %s) | %s |\n", x.ID, md(f.Name.Ja), md(f.Value), md(f.Unit), f.Numerator, f.Denominator, md(f.Formula.Ja))
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// md escapes the characters that would break a Markdown table cell.
func md(s string) string { return strings.NewReplacer("|", `\|`, "\n", " ").Replace(s) }
