package importer

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"

	"github.com/ichiran-jp/ichiran/tools/frictionless"
)

// maxListed bounds the lines the text report gives one kind of problem.
const maxListed = 50

// WriteText writes what the import did for people: the file read, its
// header and the rows skipped, the errors, the rules the file broke, then
// the merge, what was written (or why not) and the validation.
func (o *Outcome) WriteText(w io.Writer) error {
	var b bytes.Buffer
	o.text(&b)
	_, err := w.Write(b.Bytes())
	return err
}

func (o *Outcome) text(w *bytes.Buffer) {
	src, res := o.Source, o.Result
	where := src.Path
	switch {
	case src.Format == "xlsx":
		where += fmt.Sprintf(" (シート / sheet %q)", src.Sheet)
	default:
		where += fmt.Sprintf(" (CSV, %s)", src.Encoding)
	}
	fmt.Fprintf(w, "読んだファイル / read: %s\n", where)
	if len(res.Columns) > 0 {
		fmt.Fprintf(w, "見出し / header: %d 行目から %d 行 / row %d, %d row(s)\n", res.HeaderRow+1, res.HeaderDepth, res.HeaderRow+1, res.HeaderDepth)
		for _, k := range slices.Sorted(maps.Keys(res.Columns)) {
			fmt.Fprintf(w, "  %s ← %s\n", k, res.Columns[k])
		}
		for _, u := range res.Unused {
			fmt.Fprintf(w, "  (読まない列 / not read) %s\n", u)
		}
	}
	if len(res.Skipped) > 0 {
		fmt.Fprintf(w, "飛ばした行 / skipped rows: %d\n", len(res.Skipped))
		for _, s := range res.Skipped {
			fmt.Fprintf(w, "  %s: %s / %s: %s\n", s.Where, s.Ja, s.En, s.Text)
		}
	}
	for _, n := range res.Notes {
		fmt.Fprintf(w, "注意 / note: %s\n", n)
	}
	listCapped(w, res.Errors, func(e Problem) string { return fmt.Sprintf("エラー / error: %s", e) })
	if len(res.Breaks) > 0 {
		fmt.Fprintln(w, "機械判読可能なデータの表記方法の統一ルールに反している点 / machine-readability rules the file broke:")
		for _, b := range res.Breaks {
			ex := ""
			if len(b.Examples) > 0 {
				ex = fmt.Sprintf(" (例 / e.g. %q)", b.Examples)
			}
			fmt.Fprintf(w, "  - %s / %s: %d%s\n", b.Ja, b.En, b.Count, ex)
		}
	}
	if len(res.Errors) > 0 {
		fmt.Fprintf(w, "エラーが %d 件あるので何も書きませんでした / %d error(s): nothing written\n", len(res.Errors), len(res.Errors))
		return
	}
	if len(res.Rows) == 0 {
		fmt.Fprintln(w, "データの行がないので何も書きませんでした / no data rows: nothing written")
		return
	}
	m := o.Merged
	if m == nil {
		return
	}
	listCapped(w, m.Changes, func(c Change) string { return fmt.Sprintf("変更 / change: %s", c) })
	fmt.Fprintf(w, "%s: %d 行 (新規 %d、同じ %d、変更 %d 件、他の時点の行 %d はそのまま) / %d rows (%d new, %d unchanged, %d changes, %d rows of other dates kept)\n",
		o.Rel, len(res.Rows), m.Added, m.Same, len(m.Changes), m.Kept, len(res.Rows), m.Added, m.Same, len(m.Changes), m.Kept)
	switch {
	case o.Refused:
		fmt.Fprintf(w, "既存の %s の数値が変わるので書きませんでした。置き換えるには --replace をつけてください / figures of the existing %s would change: nothing written; use --replace to replace them\n", o.Rel, o.Rel)
		return
	case o.Unchanged:
		fmt.Fprintf(w, "変更なし: %s と出典の記録はすでに同じです / no change: %s and its provenance are already the same\n", o.Rel, o.Rel)
		return
	case o.DryRun:
		fmt.Fprintf(w, "--dry-run: 何も書いていません (以下は書いた場合の検証結果) / nothing written (below: how the file would validate)\n")
	case o.Written:
		fmt.Fprintf(w, "書きました / written: %s\n", o.Target)
	default:
		fmt.Fprintf(w, "検証で問題が見つかったので何も書きませんでした / the validation found problems: nothing written\n")
	}
	if d := o.Declaration; d != nil && d.Changed {
		ja, en := "出典を記録", "the provenance of "+d.Resource
		if d.Added {
			ja, en = "リソースを追加し、出典を記録", "the new resource "+d.Resource+" and its provenance"
		}
		if o.Written {
			fmt.Fprintf(w, "datapackage.json: %sしました (%s) / recorded %s\n", ja, d.Resource, en)
		} else {
			fmt.Fprintf(w, "datapackage.json: %sします (%s) / would record %s\n", ja, d.Resource, en)
		}
	}
	v := o.Validation
	if v == nil {
		return
	}
	listCapped(w, v.Errors, func(e *frictionless.Error) string { return e.Error() })
	// The domain checks: one line per kind, with the first places.
	byCode := map[string][]string{}
	var codes []string
	for _, e := range v.Domain {
		if byCode[e.Code] == nil {
			codes = append(codes, e.Code)
		}
		byCode[e.Code] = append(byCode[e.Code], e.Error())
	}
	for _, c := range codes {
		list := byCode[c]
		for _, s := range list[:min(3, len(list))] {
			fmt.Fprintln(w, s)
		}
		if len(list) > 3 {
			fmt.Fprintf(w, "… [%s] ほか %d 件 / and %d more\n", c, len(list)-3, len(list)-3)
		}
	}
	for i, e := range v.Notes {
		if i == 3 {
			fmt.Fprintf(w, "… ほか %d 件 / and %d more\n", len(v.Notes)-i, len(v.Notes)-i)
			break
		}
		fmt.Fprintf(w, "注意 (-partial) / note: %s\n", e.Error())
	}
	if len(v.Errors) == 0 && len(v.Domain) == 0 {
		fmt.Fprintf(w, "検証: 有効 / validation: valid (%s)\n", v.Resource)
	} else {
		fmt.Fprintf(w, "検証: 問題 %d 件 / validation: %d problem(s) (%s)\n", len(v.Errors)+len(v.Domain), len(v.Errors)+len(v.Domain), v.Resource)
	}
}

// The JSON form of an Outcome: every list whole (the text report cuts
// them at maxListed), and the source's rows left out.
type (
	outcomeJSON struct {
		Source      sourceJSON       `json:"source"`
		Header      *headerJSON      `json:"header"` // null: no header found
		Skipped     []problemJSON    `json:"skipped"`
		Notes       []problemJSON    `json:"notes"`
		Errors      []problemJSON    `json:"errors"`
		Breaks      []breakJSON      `json:"breaks"`
		Rows        int              `json:"rows"`             // converted
		File        string           `json:"file,omitempty"`   // the slash path in the repository
		Target      string           `json:"target,omitempty"` // the same, as a path of this system
		Merge       *mergeJSON       `json:"merge"`            // null: not merged
		DryRun      bool             `json:"dryRun"`
		Refused     bool             `json:"refused"`
		Unchanged   bool             `json:"unchanged"`
		Written     bool             `json:"written"`
		OK          bool             `json:"ok"`
		Declaration *declarationJSON `json:"declaration"` // null: not reached
		Validation  *validationJSON  `json:"validation"`  // null: not validated
	}
	sourceJSON struct {
		Path     string `json:"path"`
		Format   string `json:"format"`             // xlsx or csv
		Sheet    string `json:"sheet,omitempty"`    // xlsx
		Encoding string `json:"encoding,omitempty"` // csv
	}
	headerJSON struct {
		Row     int               `json:"row"` // 1-based
		Depth   int               `json:"depth"`
		Columns map[string]string `json:"columns"` // field or role → heading read
		Unused  []string          `json:"unused"`
	}
	problemJSON struct {
		Where string `json:"where"`
		Text  string `json:"text,omitempty"`
		Ja    string `json:"ja"`
		En    string `json:"en"`
	}
	breakJSON struct {
		Key      string   `json:"key"`
		Ja       string   `json:"ja"`
		En       string   `json:"en"`
		Count    int      `json:"count"`
		Examples []string `json:"examples"`
	}
	mergeJSON struct {
		Exists  bool         `json:"exists"` // the file was there
		Added   int          `json:"added"`
		Same    int          `json:"same"`
		Kept    int          `json:"kept"` // rows of other as-of dates
		Changes []changeJSON `json:"changes"`
	}
	changeJSON struct {
		Kind  string `json:"kind"` // changed or removed
		Code  string `json:"code"`
		AsOf  string `json:"asOf"`
		Name  string `json:"name,omitempty"`
		Field string `json:"field,omitempty"`
		Old   string `json:"old,omitempty"`
		New   string `json:"new,omitempty"`
	}
	declarationJSON struct {
		Resource string `json:"resource"`
		Added    bool   `json:"added"`   // a new resource
		Changed  bool   `json:"changed"` // the descriptor changes
	}
	validationJSON struct {
		Resource string                `json:"resource"`
		Valid    bool                  `json:"valid"`
		Errors   []*frictionless.Error `json:"errors"` // the engine's
		Domain   []*frictionless.Error `json:"domain"` // the repository's checks
		Notes    []*frictionless.Error `json:"notes"`  // domain problems -partial let through
	}
)

// WriteJSON writes what the import did as one JSON object (see the
// manual's ichiran import for its members).
func (o *Outcome) WriteJSON(w io.Writer) error {
	src, res := o.Source, o.Result
	j := outcomeJSON{
		Source: sourceJSON{Path: src.Path, Format: src.Format, Sheet: src.Sheet, Encoding: src.Encoding},
		Rows:   len(res.Rows), File: o.Rel, Target: o.Target,
		DryRun: o.DryRun, Refused: o.Refused, Unchanged: o.Unchanged, Written: o.Written, OK: o.OK(),
		Skipped: []problemJSON{}, Notes: problemsJSON(res.Notes), Errors: problemsJSON(res.Errors), Breaks: []breakJSON{},
	}
	if len(res.Columns) > 0 {
		j.Header = &headerJSON{Row: res.HeaderRow + 1, Depth: res.HeaderDepth, Columns: res.Columns, Unused: orEmpty(res.Unused)}
	}
	for _, s := range res.Skipped {
		j.Skipped = append(j.Skipped, problemJSON{Where: s.Where, Text: s.Text, Ja: s.Ja, En: s.En})
	}
	for _, b := range res.Breaks {
		j.Breaks = append(j.Breaks, breakJSON{Key: b.Key, Ja: b.Ja, En: b.En, Count: b.Count, Examples: orEmpty(b.Examples)})
	}
	if m := o.Merged; m != nil {
		j.Merge = &mergeJSON{Exists: m.Exists, Added: m.Added, Same: m.Same, Kept: m.Kept, Changes: []changeJSON{}}
		for _, c := range m.Changes {
			j.Merge.Changes = append(j.Merge.Changes, changeJSON{Kind: c.Kind, Code: c.Code, AsOf: c.AsOf, Name: c.Name, Field: c.Field, Old: c.Old, New: c.New})
		}
	}
	if d := o.Declaration; d != nil {
		j.Declaration = &declarationJSON{Resource: d.Resource, Added: d.Added, Changed: d.Changed}
	}
	if v := o.Validation; v != nil {
		j.Validation = &validationJSON{Resource: v.Resource, Valid: len(v.Errors) == 0 && len(v.Domain) == 0,
			Errors: orEmpty(v.Errors), Domain: orEmpty(v.Domain), Notes: orEmpty(v.Notes)}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(j)
}

func problemsJSON(ps []Problem) []problemJSON {
	out := []problemJSON{}
	for _, p := range ps {
		out = append(out, problemJSON{Where: p.Where, Text: p.Text, Ja: p.Ja, En: p.En})
	}
	return out
}

// orEmpty is s, or an empty list for nil: a JSON list is never null.
func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// listCapped writes a line for each of the first maxListed items, then
// how many more there are.
func listCapped[T any](w io.Writer, items []T, line func(T) string) {
	for i, x := range items {
		if i == maxListed {
			fmt.Fprintf(w, "… ほか %d 件 / and %d more\n", len(items)-i, len(items)-i)
			return
		}
		fmt.Fprintln(w, line(x))
	}
}
