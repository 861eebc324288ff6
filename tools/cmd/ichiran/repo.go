package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/ichiran-jp/ichiran/tools/catalog"
	"github.com/ichiran-jp/ichiran/tools/domaincheck"
	"github.com/ichiran-jp/ichiran/tools/frictionless"
	"github.com/ichiran-jp/ichiran/tools/lgcode"
)

// codesResource is the resource that holds the local-government codes.
const codesResource = "local-governments"

// repository is an ichiran data package: a Data Package whose descriptor
// also holds the indicator catalogue and which has the code table.
type repository struct {
	pkg   *frictionless.Package
	cat   *catalog.Catalog
	codes *lgcode.Table
}

// errNotRepository: the package has no catalogue or no code table, so it is
// a plain Data Package.
var errNotRepository = errors.New("not an ichiran data package (no indicator catalogue or no local-governments resource)")

// openRepository loads the catalogue and the code table of a loaded
// package. Catalogue problems come back as Errors.
func openRepository(p *frictionless.Package) (*repository, []*frictionless.Error, error) {
	r := p.Resource(codesResource)
	if r == nil || len(r.Paths) != 1 || !hasCatalogue(p.Path) {
		return nil, nil, errNotRepository
	}
	cat, err := catalog.Load(p.Path)
	var problems catalog.Problems
	switch {
	case errors.As(err, &problems):
		var errs []*frictionless.Error
		for _, pr := range problems {
			errs = append(errs, &frictionless.Error{Code: frictionless.CodePackage, Path: p.Path, Ja: pr.Ja, En: pr.En + " (" + pr.Pointer + ")"})
		}
		return nil, errs, nil
	case err != nil:
		return nil, nil, err
	case len(cat.Indicators) == 0:
		return nil, nil, errNotRepository
	}
	file := filepath.Join(p.Dir, filepath.FromSlash(r.Paths[0]))
	codes, err := lgcode.LoadFile(file)
	if err != nil {
		// The Frictionless layer reports what is wrong with the table.
		return nil, []*frictionless.Error{{Code: frictionless.CodeSource, Resource: codesResource, Path: file,
			Ja: "団体コード表を読めないため、ドメインの検査をしていません: " + err.Error(),
			En: "the code table cannot be read, so the domain checks did not run: " + err.Error()}}, nil
	}
	return &repository{pkg: p, cat: cat, codes: codes}, nil, nil
}

// hasCatalogue reports whether the descriptor has the indicator catalogue
// (a release bundle, say, is a plain Data Package with the code table).
func hasCatalogue(descriptor string) bool {
	raw, err := os.ReadFile(descriptor)
	if err != nil {
		return false
	}
	var top map[string]json.RawMessage
	if json.Unmarshal(raw, &top) != nil {
		return false
	}
	_, ok := top["indicators"]
	return ok
}

// descriptorPath is the datapackage.json a command works on: the
// positional argument (a file, or a directory holding one), or the one in
// the working directory.
func descriptorPath(args []string) string {
	path := "datapackage.json"
	if len(args) > 0 {
		path = args[0]
	}
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		path = filepath.Join(path, "datapackage.json")
	}
	return path
}

// loadRepository loads the package at path as an ichiran repository. A
// descriptor with errors is refused: ichiran validate says what they are.
func loadRepository(path string) (*repository, error) {
	p, errs, err := frictionless.LoadPackage(path)
	if err == nil && len(errs) > 0 {
		err = fmt.Errorf("記述子にエラーがあります。ichiran validate で確認してください / the descriptor has errors; run ichiran validate: %v", errs[0])
	}
	if err != nil {
		return nil, err
	}
	repo, errs, err := openRepository(p)
	if err == nil && len(errs) > 0 {
		err = errs[0]
	}
	return repo, err
}

// domainErrors runs the domain checks when the package is an ichiran
// repository; for any other Data Package there are none.
func domainErrors(ctx context.Context, p *frictionless.Package, opt frictionless.Options) ([]*frictionless.Error, error) {
	resources := opt.Resources
	repo, errs, err := openRepository(p)
	switch {
	case errors.Is(err, errNotRepository):
		return nil, nil
	case err != nil:
		return nil, err
	case errs != nil:
		return errs, nil
	}
	c := &domaincheck.Checker{Package: repo.pkg, Catalog: repo.cat, Codes: repo.codes, Resources: resources, MaxFileBytes: opt.MaxFileBytes, MaxRows: opt.MaxRows}
	out, err := c.Check(ctx)
	if err != nil || len(resources) > 0 {
		return out, err
	}
	// The whole repository: a data file no resource declares is an error.
	und, err := domaincheck.Undeclared(repo.pkg)
	return append(out, und...), err
}
