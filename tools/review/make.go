package review

import (
	"context"
	"path/filepath"

	"github.com/ichiran-jp/ichiran/tools/datadiff"
	"github.com/ichiran-jp/ichiran/tools/frictionless"
	"github.com/ichiran-jp/ichiran/tools/repo"
)

// Differ diffs the package under review with its base: the diff and the
// two sides it compared.
type Differ func(context.Context) (d *datadiff.Result, base, head *datadiff.Snapshot, err error)

// Make reviews the package whose descriptor is at path: it validates it
// and, meanwhile, diffs it with diff, then puts the two together (Build,
// Locate, Summarize). A diff that fails is said in the report (diffErr);
// err is a validation that could not run.
func Make(ctx context.Context, path string, diff Differ) (rep *Report, diffErr error, err error) {
	// The validation and the diff each read every file, and neither needs
	// the other: on two cores they run side by side, and the review takes
	// little longer than the validation.
	type validated struct {
		rep *frictionless.Report
		err error
	}
	vc := make(chan validated, 1)
	go func() {
		r, err := repo.Validate(ctx, path, frictionless.DescriptorLimits{}, frictionless.Options{})
		vc <- validated{r, err}
	}()
	d, base, head, diffErr := diff(ctx)
	v := <-vc
	if v.err != nil {
		return nil, diffErr, v.err
	}
	var locate Locator
	if d != nil {
		locate = Locate(filepath.Dir(repo.Path(path)), head, d)
	}
	rep = Build(v.rep, d, diffErr, locate)
	rep.Summaries = Summarize(base, head, d)
	return rep, diffErr, nil
}
