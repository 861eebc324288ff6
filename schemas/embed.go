// Package schemas holds the JSON Schemas that ship inside the ichiran binary.
//
// profiles/ holds the Frictionless Data Package v2 profiles written for this
// project from the standard (datapackage.json, dataresource.json,
// tableschema.json and tabledialect.json) and catalog.json, which checks the
// indicator catalogue (ichiran's custom properties of datapackage.json);
// tools/profile compiles them. Beside profiles/, the folder holds the Table
// Schemas of the repository's data, one per indicator and one for the
// local-government codes.
package schemas

import "embed"

// Profiles holds profiles/*.json, read as "profiles/datapackage.json" and so
// on.
//
//go:embed profiles/*.json
var Profiles embed.FS
