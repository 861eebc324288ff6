package repo

import (
	"context"
	"errors"
	"sync"

	"github.com/ichiran-jp/ichiran/tools/frictionless"
)

// Validate validates the package whose descriptor is at path: the
// engine's checks of the standard, then, when the package is an ichiran
// repository with a sound descriptor, the domain checks and the files
// under data/ that no resource declares (those only when every resource
// is validated) — one report. A plain Data Package gets the engine's
// checks alone. dlim bounds the descriptor files; opt's limits bound the
// data files for both layers alike.
func Validate(ctx context.Context, path string, dlim frictionless.DescriptorLimits, opt frictionless.Options) (*frictionless.Report, error) {
	path = Path(path)
	pkg, errs, err := frictionless.LoadPackageWith(path, dlim)
	if err != nil {
		return nil, err
	}
	// The domain checks read the files on their own: they run beside the
	// engine's, and their errors follow the engine's in the report.
	var domain []*frictionless.Error
	var domainErr error
	var wg sync.WaitGroup
	if len(errs) == 0 {
		wg.Go(func() { domain, domainErr = checkDomain(ctx, pkg, opt) })
	}
	rep, err := pkg.Validate(ctx, opt)
	wg.Wait()
	if err != nil {
		return nil, err
	}
	if domainErr != nil {
		return nil, domainErr
	}
	rep.Errors = append(errs, rep.Errors...)
	rep.Errors = append(rep.Errors, domain...)
	rep.Valid = len(rep.Errors) == 0
	return rep, nil
}

// checkDomain is the repository's half of Validate.
func checkDomain(ctx context.Context, pkg *frictionless.Package, opt frictionless.Options) ([]*frictionless.Error, error) {
	r, problems, err := fromPackage(pkg, Limits{MaxFileBytes: opt.MaxFileBytes, MaxRows: opt.MaxRows, CSV: opt.CSV})
	switch {
	case errors.Is(err, ErrNotRepository):
		return nil, nil
	case err != nil:
		return nil, err
	case len(problems) > 0:
		return problems, nil
	}
	defer r.Close()
	maxErrors := opt.MaxErrors
	switch {
	case maxErrors == 0:
		maxErrors = frictionless.DefaultMaxErrors
	case maxErrors < 0:
		maxErrors = 0
	}
	out, err := r.Check(ctx, CheckOptions{Resources: opt.Resources, MaxErrors: maxErrors})
	if err != nil || len(opt.Resources) > 0 {
		return out, err
	}
	und, err := r.Undeclared()
	return append(out, und...), err
}
