// Package catalog reads the indicator catalogue of ichiran: the custom
// property "indicators" of datapackage.json, one entry for each of the 14
// indicators of the policy paper (active, pending 調整中, or not suited to
// per-municipality data), with the as-of rule that tells which date of data
// each edition of the list carries.
//
// An edition is named by the fiscal year it is published in, around 30
// June: edition 2026 is 令和8年度版.
package catalog

import (
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/ichiran-jp/ichiran/tools/profile"
)

// Text is a text in Japanese and English.
type Text struct {
	Ja string `json:"ja"`
	En string `json:"en"`
}

// Rule is an as-of rule: edition Y carries the data of day Day of month
// Month in fiscal year Y+FiscalYear. 当年度5月1日 is {0, 5, 1}; 前年度3月末
// is {-1, 3, 31}; 前々年度3月末 is {-2, 3, 31}.
type Rule struct {
	Ja         string `json:"ja"`
	En         string `json:"en"`
	FiscalYear int    `json:"fiscalYear"`
	Month      int    `json:"month"`
	Day        int    `json:"day"`
}

// Date is the as-of date the rule gives for edition y.
func (r Rule) Date(edition int) time.Time {
	y := edition + r.FiscalYear
	if r.Month < 4 { // January to March belong to the fiscal year before
		y++
	}
	return time.Date(y, time.Month(r.Month), r.Day, 0, 0, 0, 0, time.UTC)
}

// Exception replaces the rule's date for one edition.
type Exception struct {
	Edition int    `json:"edition"`
	Date    string `json:"date"`
	Note    *Text  `json:"note,omitempty"`
}

// Source is a publication the figures come from.
type Source struct {
	Title string `json:"title"`
	Path  string `json:"path,omitempty"`
}

// Consistency says that Field = Numerator ÷ Denominator × Scale, rounded to
// Decimals places by Rounding, as the ministry publishes it.
type Consistency struct {
	Field       string  `json:"field"`
	Numerator   string  `json:"numerator"`
	Denominator string  `json:"denominator"`
	Scale       float64 `json:"scale"`
	Decimals    int     `json:"decimals"`
	// Rounding is how the ministry rounds: "half-up" (四捨五入, the
	// default), "half-even" or "down" (切り捨て).
	Rounding string `json:"rounding,omitempty"`
}

// Bound says that the figure Part is at most the figure Whole of the same
// row: a count of some of the things Whole counts.
type Bound struct {
	Part  string `json:"part"`
	Whole string `json:"whole"`
}

// ChangeRules say how a change of an indicator's figures is read by
// ichiran diff: Percent fields are percentages (a jump is measured in
// points; other numbers are counts, a jump measured relatively), and
// Monotonic fields only rise from one date to the next for the same local
// government (a fall is flagged): cumulative figures such as the cards
// issued.
type ChangeRules struct {
	Percent   []string `json:"percent,omitempty"`
	Monotonic []string `json:"monotonic,omitempty"`
}

// Status values.
const (
	Active    = "active"
	Pending   = "pending"    // 調整中
	NotSuited = "not-suited" // 個別団体の取組の情報としては不適当
)

// Indicator is one entry of the catalogue.
type Indicator struct {
	ID          string        `json:"id"`
	Title       Text          `json:"title"`
	Chapter     Text          `json:"chapter"`
	KPI         *Text         `json:"kpi,omitempty"`
	Ministry    Text          `json:"ministry"`
	Frequency   Text          `json:"frequency"`
	AsOfRule    *Rule         `json:"asOf,omitempty"`
	Exceptions  []Exception   `json:"asOfExceptions,omitempty"`
	Status      string        `json:"status"`
	Since       int           `json:"since,omitempty"`
	Covers      []string      `json:"covers"`
	Schema      string        `json:"schema,omitempty"`
	Consistency []Consistency `json:"consistency,omitempty"`
	// Bounds are parts that cannot exceed their whole (cards issued ≤
	// population).
	Bounds []Bound `json:"bounds,omitempty"`
	// Changes say how ichiran diff reads a change of the indicator's
	// figures (see [ChangeRules]).
	Changes *ChangeRules `json:"changes,omitempty"`
	Sources []Source     `json:"sources"`
	Import  *ImportRules `json:"import,omitempty"`
	// Procedures are the procedures whose status the indicator records,
	// one field of its Table Schema each (see [Procedure]).
	Procedures []Procedure `json:"procedures,omitempty"`
	// Availability says, for an indicator with no figures in the
	// repository, why: no ministry file is available yet, or the sources
	// found measure something else.
	Availability *Text `json:"availability,omitempty"`
	// Notes say what people should know to read the figures: what each
	// source measures, and where sources disagree (neither is corrected
	// with the other).
	Notes *Text `json:"notes,omitempty"`
}

// Procedure is one procedure of the annex of the plan (重点計画 別紙):
// its status per municipality and date is one field of the indicator's
// Table Schema, named by ID, holding one of [ProcedureStatuses]. Counts
// (online, applicable, flagged online) are derived from the statuses,
// never typed.
//
// 別紙の手続: 団体・時点ごとの状況 (online / not-online / not-applicable)
// をスキーマの項目 ID に持ちます。件数は状況から数え、入力しません。
type Procedure struct {
	ID string `json:"id"`
	// Name is the procedure's name as the annex writes it.
	Name string `json:"name"`
	// Group is the annex's group ("a" or "b"), Subgroup its sub-group
	// (ア.子育て関係 …) where it has one.
	Group    string `json:"group"`
	Subgroup string `json:"subgroup,omitempty"`
	// Flagged is the annex's ● (特に国民の利便性の向上に資する手続).
	Flagged bool `json:"flagged,omitempty"`
	// Revision names the plan revision that lists it; Since and Until
	// (YYYY-MM-DD, inclusive, optional) bound the as-of dates it applies
	// to, so that a later revision can add or drop procedures.
	Revision string `json:"revision"`
	Since    string `json:"since,omitempty"`
	Until    string `json:"until,omitempty"`
}

// The statuses of a procedure.
const (
	Online        = "online"
	NotOnline     = "not-online"
	NotApplicable = "not-applicable"
)

// ProcedureStatuses are the values a procedure's field holds.
var ProcedureStatuses = []string{Online, NotOnline, NotApplicable}

// AppliesAt reports whether the procedure is in the annex on date d.
func (p Procedure) AppliesAt(d time.Time) bool {
	day := d.Format(time.DateOnly)
	return (p.Since == "" || p.Since <= day) && (p.Until == "" || day <= p.Until)
}

// Procedure returns the procedure with the id, or nil.
func (ind *Indicator) Procedure(id string) *Procedure {
	for i := range ind.Procedures {
		if ind.Procedures[i].ID == id {
			return &ind.Procedures[i]
		}
	}
	return nil
}

// ProcedureCounts are the counts derived from one row's statuses.
type ProcedureCounts struct {
	Applicable int // procedures the municipality has (not not-applicable)
	Online     int
	// FlaggedApplicable and FlaggedOnline count the ● procedures.
	FlaggedApplicable, FlaggedOnline int
	Missing                          int // procedures with no status
}

// CountProcedures derives the counts of a row: status returns the value
// of a procedure's field ("" when none).
func (ind *Indicator) CountProcedures(d time.Time, status func(id string) string) ProcedureCounts {
	var c ProcedureCounts
	for _, p := range ind.Procedures {
		if !p.AppliesAt(d) {
			continue
		}
		switch status(p.ID) {
		case Online:
			c.Applicable++
			c.Online++
			if p.Flagged {
				c.FlaggedApplicable++
				c.FlaggedOnline++
			}
		case NotOnline:
			c.Applicable++
			if p.Flagged {
				c.FlaggedApplicable++
			}
		case NotApplicable:
		default:
			c.Missing++
		}
	}
	return c
}

// ImportRules tell `ichiran import` how to read the ministry's own files of
// an indicator: which Japanese headings name which field of its Table
// Schema, and which ways of writing a value it accepts. Every rule is
// declared here, per indicator, so that nothing is rewritten silently.
//
// 府省のファイルを取り込む規則: 見出しと Table Schema の項目の対応、
// 値の書き方 (単位、欠損、○ など)。
type ImportRules struct {
	// Columns maps a field of the schema to the headings that name it
	// (compared after width folding, without spaces): "rate":
	// ["人口に対する交付枚数率", "交付率"].
	Columns map[string][]string `json:"columns"`
	// Prefecture and Name are the headings of the prefecture and the
	// local government's name, used to resolve or check codes.
	Prefecture []string `json:"prefecture,omitempty"`
	Name       []string `json:"name,omitempty"`
	// Units maps a field to the units that may follow its numbers ("%",
	// "人"): they are removed, and reported.
	Units map[string][]string `json:"units,omitempty"`
	// Missing are the marks that mean "no value" (「－」「…」「*」).
	// A blank cell is missing too.
	Missing []string `json:"missing,omitempty"`
	// Yes and No are the marks of boolean fields (〇, ○, ●, 済 / ×, 未).
	Yes []string `json:"yes,omitempty"`
	No  []string `json:"no,omitempty"`
	// Categories maps a field to its labels and the values they stand for.
	Categories map[string]map[string]string `json:"categories,omitempty"`
	// Statuses are the marks of the procedures' statuses (see
	// [Procedure]): status → marks (○ 〇 ◯ for online; ー － for not
	// applicable); Blank is the status of a blank cell (not-online in
	// the Digital Agency's workbook). A mark not listed is an error.
	Statuses map[string][]string `json:"statuses,omitempty"`
	Blank    string              `json:"blank,omitempty"`
	// Qualified maps a numeric field to the rules of its qualifiers: a
	// figure written 約1,000 (approximate) or a word (不明) instead of a
	// figure; the qualifier goes into another field.
	Qualified map[string]Qualifier `json:"qualified,omitempty"`
	// Selections maps a field to the answer (option label, or its
	// variants) of a multiple-choice question whose choice it records,
	// as true or false: the survey's dataset list.
	Selections map[string][]string `json:"selections,omitempty"`
	// Question gives (parts of) the heading of the multiple-choice
	// question whose answers the Selections fields record. The key ""
	// of Selections lists the options that select none of them.
	Question []string `json:"question,omitempty"`
}

// Qualifier is how a figure is qualified in the ministry's file.
type Qualifier struct {
	// Field is the field that records the qualifier (e.g. "precision").
	Field string `json:"field"`
	// Prefixes maps a prefix of the figure (約) to the qualifier's value
	// (approximate); Words maps a text written instead of a figure (不明)
	// to its value (unknown) — the figure is then missing.
	Prefixes map[string]string `json:"prefixes,omitempty"`
	Words    map[string]string `json:"words,omitempty"`
	// Exact and Blank are the values for a plain figure and a blank cell.
	Exact string `json:"exact"`
	Blank string `json:"blank,omitempty"`
}

// InEdition reports whether the edition carries figures of the indicator.
func (ind *Indicator) InEdition(edition int) bool {
	return ind.Status == Active && ind.AsOfRule != nil && edition >= max(ind.Since, FirstEdition)
}

// AsOf is the as-of date of the indicator's figures in an edition; ok is
// false when the edition carries none.
func (ind *Indicator) AsOf(edition int) (t time.Time, ok bool) {
	if !ind.InEdition(edition) {
		return time.Time{}, false
	}
	for _, e := range ind.Exceptions {
		if e.Edition == edition {
			t, err := time.Parse(time.DateOnly, e.Date)
			return t, err == nil
		}
	}
	return ind.AsOfRule.Date(edition), true
}

// Editions lists the editions whose as-of date is t.
func (ind *Indicator) Editions(t time.Time, last int) []int {
	var out []int
	for e := FirstEdition; e <= last; e++ {
		if d, ok := ind.AsOf(e); ok && d.Equal(t) {
			out = append(out, e)
		}
	}
	return out
}

// Covers reports whether kind ("municipality" or "prefecture") is covered.
func (ind *Indicator) CoversKind(kind string) bool { return slices.Contains(ind.Covers, kind) }

// FirstEdition is the first edition of the list: 令和元年度, published at
// the end of March 2020 with fiscal 2019 data.
const FirstEdition = 2019

// Deadline is the publication date an edition aims at: 30 June.
func Deadline(edition int) time.Time { return time.Date(edition, 6, 30, 0, 0, 0, 0, time.UTC) }

// NextEdition is the edition due next on day t: this year's until 30 June,
// then next year's.
func NextEdition(t time.Time) int {
	if t.Month() > time.June {
		return t.Year() + 1
	}
	return t.Year()
}

// Owners names the GitHub teams of the repository.
type Owners struct {
	Maintainers string          `json:"maintainers"`
	Ministries  []MinistryOwner `json:"ministries"`
}

// MinistryOwner is a ministry and its team.
type MinistryOwner struct {
	Ja   string `json:"ja"`
	En   string `json:"en"`
	Team string `json:"team"`
}

// Team is the team of the ministry named ja, or "".
func (o Owners) Team(ja string) string {
	for _, m := range o.Ministries {
		if m.Ja == ja {
			return m.Team
		}
	}
	return ""
}

// Provenance records where the rows an import supplied came from: the
// publisher's file as received (name, size, SHA-256), its publication, its
// terms, and what is needed to import it again (sheet, options). It is
// kept on the resource, as the custom property "provenance", one entry per
// source file.
//
// 出典の記録: 受け取ったファイル (名前・大きさ・SHA-256)、公表元、利用条件、
// 取り込み直すのに要るもの (シート、オプション)。リソースの独自プロパティ
// provenance に、出典ファイルごとに一つ。
type Provenance struct {
	Publisher string   `json:"publisher"`
	Title     string   `json:"title"`
	Page      string   `json:"page,omitempty"`      // the publisher's page for it
	Published string   `json:"published,omitempty"` // YYYY-MM-DD, when known
	License   *License `json:"license"`
	File      string   `json:"file"` // its name as received
	Bytes     int64    `json:"bytes"`
	SHA256    string   `json:"sha256"`
	Sheet     string   `json:"sheet,omitempty"`
	// Options are the import's flags beyond the file, the indicator and
	// the package (e.g. "-transpose"), in order.
	Options []string `json:"options,omitempty"`
	AsOf    string   `json:"asOf"` // the as-of date of its rows
	Rows    int      `json:"rows"` // how many rows it supplied
	Note    string   `json:"note,omitempty"`
}

// License is the terms a source is published under. A source that states
// none has Name "none".
type License struct {
	Name  string `json:"name"`
	Title string `json:"title"`
	Path  string `json:"path,omitempty"`
}

// Catalog is the list of indicators.
type Catalog struct {
	Indicators []*Indicator
	// Resources maps each indicator id to the names of its resources.
	Resources map[string][]string
	// Owners are the GitHub teams that own the repository and each
	// ministry's indicators.
	Owners Owners
	// Provenance maps a resource's name to where its rows came from (the
	// resource's custom property "provenance", written by ichiran import).
	Provenance map[string][]Provenance
	// Editions are the editions whose publication date is not the rule's
	// 30 June (the custom property "editions").
	Editions []Edition
}

// Edition records when an edition was (or is due to be) published, where
// that is not 30 June: 令和元年度版 was published at the end of March 2020.
type Edition struct {
	Edition int    `json:"edition"`
	Due     string `json:"due"` // YYYY-MM-DD
	Note    *Text  `json:"note,omitempty"`
}

// Due is the date edition was (or is due to be) published: its entry in
// Editions, else [Deadline], 30 June.
func (c *Catalog) Due(edition int) time.Time {
	for _, e := range c.Editions {
		if e.Edition == edition {
			if t, err := time.Parse(time.DateOnly, e.Due); err == nil {
				return t
			}
		}
	}
	return Deadline(edition)
}

// DueNote is the note of an edition published off the rule, or nil.
func (c *Catalog) DueNote(edition int) *Text {
	for _, e := range c.Editions {
		if e.Edition == edition {
			return e.Note
		}
	}
	return nil
}

// Indicator returns the indicator with the id, or nil.
func (c *Catalog) Indicator(id string) *Indicator {
	for _, ind := range c.Indicators {
		if ind.ID == id {
			return ind
		}
	}
	return nil
}

// Problem is something wrong with the catalogue itself.
type Problem struct {
	Pointer string // JSON pointer in datapackage.json
	Ja, En  string
}

func (p Problem) Error() string { return p.Pointer + ": " + p.Ja + " / " + p.En }

// ErrInvalid is wrapped by the error Parse returns for a catalogue with
// problems; errors.As finds the *Problems.
var ErrInvalid = errors.New("invalid indicator catalogue")

// Problems is the list of problems Parse found.
type Problems []Problem

func (ps Problems) Error() string {
	s := make([]string, len(ps))
	for i, p := range ps {
		s[i] = p.Error()
	}
	return strings.Join(s, "\n")
}

func (ps Problems) Unwrap() error { return ErrInvalid }

// profileFS holds catalog.json, the JSON Schema of the catalogue: ichiran's
// own properties of datapackage.json, beside the code that reads them.
//
//go:embed catalog.json
var profileFS embed.FS

// catalogProfile is catalog.json, compiled once.
var catalogProfile = sync.OnceValues(func() (*profile.Set, error) {
	return profile.Load(profileFS, ".")
})

// Parse reads the catalogue from the bytes of a datapackage.json and
// checks it against catalog.json and the rules JSON Schema cannot state.
// The repository's descriptor is read through tools/repo, which parses it
// once (repo.Repository.Cat).
func Parse(raw []byte) (*Catalog, error) {
	var doc any
	d := json.NewDecoder(strings.NewReader(string(raw)))
	d.UseNumber()
	if err := d.Decode(&doc); err != nil {
		return nil, fmt.Errorf("datapackage.json: %w", err)
	}
	profiles, err := catalogProfile()
	if err != nil {
		return nil, err
	}
	var ps Problems
	for _, v := range profiles.Validate("catalog", doc) {
		ps = append(ps, Problem{v.Pointer, v.MessageJa, v.MessageEn})
	}
	if len(ps) > 0 {
		return nil, ps
	}
	var pkg struct {
		Owners     Owners       `json:"owners"`
		Indicators []*Indicator `json:"indicators"`
		Editions   []Edition    `json:"editions"`
		Resources  []struct {
			Name       string       `json:"name"`
			Indicator  string       `json:"indicator"`
			Schema     any          `json:"schema"`
			Provenance []Provenance `json:"provenance"`
		} `json:"resources"`
	}
	if err := json.Unmarshal(raw, &pkg); err != nil {
		return nil, err
	}
	c := &Catalog{Indicators: pkg.Indicators, Resources: map[string][]string{}, Owners: pkg.Owners, Provenance: map[string][]Provenance{}, Editions: pkg.Editions}
	for i, e := range pkg.Editions {
		if _, err := time.Parse(time.DateOnly, e.Due); err != nil {
			ps = append(ps, Problem{fmt.Sprintf("/editions/%d/due", i), "日付ではありません", "not a date"})
		}
	}
	for i, ind := range c.Indicators {
		if len(c.Owners.Ministries) > 0 && c.Owners.Team(ind.Ministry.Ja) == "" {
			ps = append(ps, Problem{fmt.Sprintf("/indicators/%d/ministry", i), fmt.Sprintf("府省 %q のチームが owners.ministries にありません", ind.Ministry.Ja),
				fmt.Sprintf("ministry %q has no team in owners.ministries", ind.Ministry.Ja)})
		}
	}
	seen := map[string]bool{}
	for i, ind := range c.Indicators {
		ptr := fmt.Sprintf("/indicators/%d", i)
		if seen[ind.ID] {
			ps = append(ps, Problem{ptr + "/id", fmt.Sprintf("指標 ID %q が重複しています", ind.ID), fmt.Sprintf("indicator id %q is not unique", ind.ID)})
		}
		seen[ind.ID] = true
		if r := ind.AsOfRule; r != nil && r.Day > daysIn(r.Month) {
			ps = append(ps, Problem{ptr + "/asOf", fmt.Sprintf("%d月%d日は存在しません", r.Month, r.Day), fmt.Sprintf("month %d has no day %d", r.Month, r.Day)})
		}
		if im := ind.Import; im != nil {
			for _, f := range sortedKeys(im.Columns) {
				if len(im.Columns[f]) == 0 {
					ps = append(ps, Problem{ptr + "/import/columns/" + f, "見出しが一つもありません", "no heading given"})
				}
			}
			for f := range im.Units {
				if _, ok := im.Columns[f]; !ok {
					ps = append(ps, Problem{ptr + "/import/units/" + f, fmt.Sprintf("項目 %q は columns にありません", f), fmt.Sprintf("field %q is not in columns", f)})
				}
			}
			for f := range im.Categories {
				if _, ok := im.Columns[f]; !ok {
					ps = append(ps, Problem{ptr + "/import/categories/" + f, fmt.Sprintf("項目 %q は columns にありません", f), fmt.Sprintf("field %q is not in columns", f)})
				}
			}
		}
		pids := map[string]bool{}
		for j, p := range ind.Procedures {
			if pids[p.ID] {
				ps = append(ps, Problem{fmt.Sprintf("%s/procedures/%d/id", ptr, j), fmt.Sprintf("手続 ID %q が重複しています", p.ID), fmt.Sprintf("procedure id %q is not unique", p.ID)})
			}
			pids[p.ID] = true
			if p.Since != "" && p.Until != "" && p.Until < p.Since {
				ps = append(ps, Problem{fmt.Sprintf("%s/procedures/%d/until", ptr, j), "until が since より前です", "until is before since"})
			}
		}
		for j, e := range ind.Exceptions {
			if _, err := time.Parse(time.DateOnly, e.Date); err != nil {
				ps = append(ps, Problem{fmt.Sprintf("%s/asOfExceptions/%d/date", ptr, j), "日付ではありません", "not a date"})
			}
		}
	}
	for i, r := range pkg.Resources {
		if r.Indicator == "" {
			continue
		}
		ind := c.Indicator(r.Indicator)
		ptr := fmt.Sprintf("/resources/%d/indicator", i)
		switch {
		case ind == nil:
			ps = append(ps, Problem{ptr, fmt.Sprintf("指標 %q はカタログにありません", r.Indicator), fmt.Sprintf("indicator %q is not in the catalogue", r.Indicator)})
		case ind.Status != Active:
			ps = append(ps, Problem{ptr, fmt.Sprintf("指標 %q は %s なのでデータを持ちません", r.Indicator, ind.Status), fmt.Sprintf("indicator %q is %s and has no data", r.Indicator, ind.Status)})
		case r.Schema != ind.Schema:
			ps = append(ps, Problem{fmt.Sprintf("/resources/%d/schema", i), fmt.Sprintf("リソース %q のスキーマは指標の %q であるべきです", r.Name, ind.Schema), fmt.Sprintf("resource %q must use its indicator's schema %q", r.Name, ind.Schema)})
		}
		c.Resources[r.Indicator] = append(c.Resources[r.Indicator], r.Name)
		if len(r.Provenance) > 0 {
			c.Provenance[r.Name] = r.Provenance
		}
	}
	if len(ps) > 0 {
		return nil, ps
	}
	return c, nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func daysIn(month int) int {
	switch month {
	case 2:
		return 29
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// Derived is a figure counted from the other fields of a row, never
// typed: the procedures online, or the datasets published.
type Derived struct {
	Name  string
	Title Text
}

// Derived lists the figures derived from the indicator's rows: for an
// indicator with procedures, those online, those the municipality has
// (not not-applicable), and, when the annex flags some (●), those of them
// online; for one with a multiple-choice question, the options chosen.
func (ind *Indicator) Derived() []Derived {
	var out []Derived
	if len(ind.Procedures) > 0 {
		out = append(out,
			Derived{"procedures_online", Text{"オンライン化済み手続数 (手続)", "procedures online (procedures)"}},
			Derived{"procedures_applicable", Text{"該当する手続数 (手続)", "procedures the municipality has (procedures)"}})
		if slices.ContainsFunc(ind.Procedures, func(p Procedure) bool { return p.Flagged }) {
			out = append(out, Derived{"flagged_online", Text{"● の手続のうちオンライン化済み (手続)", "flagged (●) procedures online (procedures)"}},
				Derived{"flagged_applicable", Text{"● の手続のうち該当するもの (手続)", "flagged (●) procedures the municipality has (procedures)"}})
		}
	}
	if ind.Import != nil && len(ind.Import.Selections) > 0 {
		out = append(out, Derived{"selections_chosen", Text{"公開している推奨データセット数 (種類)", "recommended datasets published (datasets)"}})
	}
	return out
}

// Derive computes the derived figures of one row (in the order of
// [Indicator.Derived]) dated at, from value, which returns a field's
// value ("" when none). A count is "" when a value it counts is missing:
// nothing is counted from a row that does not say.
func (ind *Indicator) Derive(at time.Time, value func(field string) string) []string {
	var out []string
	if len(ind.Procedures) > 0 {
		c := ind.CountProcedures(at, value)
		if c.Missing > 0 {
			out = append(out, "", "")
		} else {
			out = append(out, strconv.Itoa(c.Online), strconv.Itoa(c.Applicable))
		}
		if slices.ContainsFunc(ind.Procedures, func(p Procedure) bool { return p.Flagged }) {
			if c.Missing > 0 {
				out = append(out, "", "")
			} else {
				out = append(out, strconv.Itoa(c.FlaggedOnline), strconv.Itoa(c.FlaggedApplicable))
			}
		}
	}
	if ind.Import != nil && len(ind.Import.Selections) > 0 {
		n, missing := 0, false
		for _, f := range slices.Sorted(maps.Keys(ind.Import.Selections)) {
			if f == "" {
				continue
			}
			switch value(f) {
			case "true":
				n++
			case "false":
			default:
				missing = true
			}
		}
		if missing {
			out = append(out, "")
		} else {
			out = append(out, strconv.Itoa(n))
		}
	}
	return out
}
