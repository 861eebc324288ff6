package frictionless

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/ichiran-jp/ichiran/tools/english"
)

// MarshalJSON gives an Error the report's JSON shape. Every error has
// code, resource, path, row, field and message, null where they do not
// apply; label and cell appear where they do.
func (e *Error) MarshalJSON() ([]byte, error) {
	type out struct {
		Code        string  `json:"code"`
		Resource    *string `json:"resource"`
		Path        *string `json:"path"`
		Line        int     `json:"line,omitempty"`
		Col         int     `json:"col,omitempty"`
		Row         *int    `json:"row"`
		FieldNumber int     `json:"fieldNumber,omitempty"`
		Field       *string `json:"field"`
		Label       *string `json:"label,omitempty"`
		Cell        *string `json:"cell,omitempty"`
		Message     string  `json:"message"`
		MessageJa   string  `json:"messageJa"`
		MessageEn   string  `json:"messageEn"`
	}
	o := out{Code: e.Code, Line: e.Line, Col: e.Col, FieldNumber: e.FieldNumber,
		Message: e.Message(), MessageJa: e.Ja, MessageEn: e.En}
	if e.Resource != "" {
		o.Resource = &e.Resource
	}
	if e.Path != "" {
		o.Path = &e.Path
	}
	if e.Row > 0 {
		o.Row = &e.Row
	}
	if e.Field != "" {
		o.Field = &e.Field
	}
	switch e.Code {
	case CodeBlankLabel, CodeDuplicateLabel, CodeExtraLabel, CodeIncorrectLabel:
		o.Label = &e.Label
	}
	if e.Cell != "" || e.Code == CodeType || e.Code == CodeConstraint {
		o.Cell = &e.Cell
	}
	return json.Marshal(o)
}

// WriteJSON writes the report as one JSON object.
func (r *Report) WriteJSON(w io.Writer) error {
	out := *r
	if out.Errors == nil {
		out.Errors = []*Error{}
	}
	if out.Resources == nil {
		out.Resources = []ResourceReport{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

// WriteText writes one "path:line:col: message [code]" line per error and
// a summary.
func (r *Report) WriteText(w io.Writer) error {
	for _, e := range r.Errors {
		if _, err := fmt.Fprintln(w, e.Error()); err != nil {
			return err
		}
	}
	for _, rr := range r.Resources {
		if rr.Stopped {
			fmt.Fprintf(w, "%s: %s\n", rr.Path, stoppedMessage(rr))
		}
		if rr.Skipped {
			fmt.Fprintf(w, "%s: %s\n", rr.Path, skippedMessage)
		}
	}
	_, err := fmt.Fprintln(w, r.Summary())
	return err
}

func stoppedMessage(rr ResourceReport) string {
	return fmt.Sprintf("上限 (エラー件数・行数・ファイルの大きさ) に達したため検証を打ち切りました (エラー %d 件) / stopped at a limit (errors, rows or file size) after %s", rr.Errors, english.Count(rr.Errors, "error"))
}

const skippedMessage = "記述子にエラーがあるためデータは検証していません / data not validated: its descriptor has errors"

// Summary is a one-line verdict with counts, in Japanese and English.
func (r *Report) Summary() string {
	rows := 0
	for _, rr := range r.Resources {
		rows += rr.Rows
	}
	if r.Valid {
		return fmt.Sprintf("有効: %d リソース、%d 行 / valid: %s, %s", len(r.Resources), rows, english.Count(len(r.Resources), "resource"), english.Count(rows, "row"))
	}
	return fmt.Sprintf("無効: %d 件のエラー (%d リソース、%d 行) / invalid: %s (%s, %s)",
		len(r.Errors), len(r.Resources), rows, english.Count(len(r.Errors), "error"), english.Count(len(r.Resources), "resource"), english.Count(rows, "row"))
}

// Note says why a resource's rows were not all validated: stopped at a
// limit, or not read because the descriptor has errors; "" otherwise.
func (rr ResourceReport) Note() string {
	switch {
	case rr.Stopped:
		return stoppedMessage(rr)
	case rr.Skipped:
		return skippedMessage
	}
	return ""
}
