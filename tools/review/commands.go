package review

import (
	"fmt"
	"io"

	"github.com/ichiran-jp/ichiran/tools/ghaction"
)

// WriteCommands writes the annotations as workflow commands, one a line,
// escaped as the runner requires.
func (r *Report) WriteCommands(w io.Writer) error {
	for _, a := range r.Annotations {
		c := ghaction.Annotation{Level: a.Level, File: a.Path, Line: a.Line, Col: a.Col, Title: a.Title, Message: a.Message}
		if _, err := fmt.Fprintln(w, c.String()); err != nil {
			return err
		}
	}
	return nil
}
