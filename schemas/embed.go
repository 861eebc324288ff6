// Package schemas holds the JSON Schemas that ship inside the ichiran binary.
//
// profiles/ holds the Frictionless Data Package v2 profiles written for this
// project from the standard (datapackage.json, dataresource.json,
// tableschema.json and tabledialect.json); tools/profile compiles them. The
// folder will also hold the repository's own Table Schemas, the ones that
// describe ichiran's data, next to these profiles.
package schemas

import "embed"

// Profiles holds profiles/*.json, read as "profiles/datapackage.json" and so
// on.
//
//go:embed profiles/*.json
var Profiles embed.FS
