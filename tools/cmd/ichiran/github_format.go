package main

import (
	"fmt"
	"io"

	"github.com/ichiran-jp/ichiran/tools/frictionless"
	"github.com/ichiran-jp/ichiran/tools/ghaction"
)

// writeGitHub writes a validation report as GitHub workflow commands: one
// per error, so that problems show inline in a pull request; a warning per
// resource that was stopped at a limit or not read; and the summary, as a
// notice (an error when the package is invalid). The engine knows nothing
// of GitHub or of this command: this is the command's rendering.
func writeGitHub(r *frictionless.Report, w io.Writer) error {
	for _, e := range r.Errors {
		a := ghaction.Annotation{Level: "error", File: e.Path, Line: e.Line, Col: e.Col, Title: e.Code, Message: e.Message()}
		if _, err := fmt.Fprintln(w, a.String()); err != nil {
			return err
		}
	}
	for _, rr := range r.Resources {
		if note := rr.Note(); note != "" {
			a := ghaction.Annotation{Level: "warning", File: rr.Path, Title: "ichiran validate", Message: note}
			if _, err := fmt.Fprintln(w, a.String()); err != nil {
				return err
			}
		}
	}
	level := "notice"
	if !r.Valid {
		level = "error"
	}
	_, err := fmt.Fprintln(w, ghaction.Annotation{Level: level, Title: "ichiran validate", Message: r.Summary()}.String())
	return err
}
