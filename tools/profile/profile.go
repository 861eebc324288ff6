// Package profile validates Frictionless descriptors against the JSON Schema
// profiles of the standard (standard/, embedded: datapackage, dataresource,
// tableschema, tabledialect), validates other descriptors against profiles
// handed to it ([Load]: the indicator catalogue's lives with tools/catalog),
// and compiles the JSON Schemas that a Table Schema may carry in a field's
// `jsonSchema` constraint.
//
// It is the only package of the repository that imports
// github.com/santhosh-tekuri/jsonschema/v5. The compiler it sets up never
// touches the network or the file system: a schema may refer only to the
// schemas handed to it (and to the JSON Schema meta-schemas built into the
// library); any other $ref or $schema URL is refused with ErrExternalRef.
//
// Documents are validated as decoded by encoding/json with UseNumber (or by
// tools/jsondoc): map[string]any, []any, json.Number, string, bool and nil.
// Numbers are compared exactly (as big.Rat), so 1.0 is an integer, as JSON
// Schema says.
//
// A schema object that holds a oneOf or anyOf may carry an annotation
// "x-message": {"en": "...", "ja": "..."}; a failure of that oneOf/anyOf is
// then reported as one Violation with those messages, rather than as the
// failures of each branch (see Violation).
//
// A Set and a Schema are safe for concurrent use.
package profile

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v5"
)

// standard holds the profiles of the Frictionless Data Package v2
// standard, written for this project from the standard.
//
//go:embed standard/*.json
var standard embed.FS

// ErrExternalRef is wrapped by the error that compiling returns when a schema
// refers to a URL that was not handed to the compiler (a remote schema, a
// file, an unknown meta-schema).
var ErrExternalRef = errors.New("reference to a schema outside the compiled set")

// Set is the compiled set of Frictionless profiles.
type Set struct {
	schemas map[string]*jsonschema.Schema // by profile name, e.g. "datapackage"
	docs    rawDocs                       // the schema documents, for x-message
}

// Load compiles every *.json file of the folder dir of fsys. A profile is
// named after its file without ".json" ("datapackage" for datapackage.json).
// Each file is registered under its "$id" (or, without one, under a made-up
// https://ichiran.invalid/ URL), so the files may refer to each other by
// relative $ref. Formats are asserted (draft 2020-12 otherwise treats them as
// annotations) and the draft is 2020-12 unless a file says otherwise.
func Load(fsys fs.FS, dir string) (*Set, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("profile: %w", err)
	}
	c := newCompiler()
	docs := rawDocs{}
	urls := map[string]string{} // profile name -> URL
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".json") {
			continue
		}
		file := path.Join(dir, e.Name())
		data, err := fs.ReadFile(fsys, file)
		if err != nil {
			return nil, fmt.Errorf("profile: %w", err)
		}
		doc, err := decode(data)
		if err != nil {
			return nil, fmt.Errorf("profile: %s: %w", file, err)
		}
		url := "https://ichiran.invalid/load/" + file
		if m, ok := doc.(map[string]any); ok {
			if id, ok := m["$id"].(string); ok && id != "" {
				url = strings.TrimSuffix(id, "#")
			}
		}
		if err := c.AddResource(url, bytes.NewReader(data)); err != nil {
			return nil, fmt.Errorf("profile: %s: %w", file, err)
		}
		docs[url] = doc
		urls[strings.TrimSuffix(e.Name(), ".json")] = url
	}
	if len(urls) == 0 {
		return nil, fmt.Errorf("profile: no *.json schema in %s", dir)
	}
	set := &Set{schemas: map[string]*jsonschema.Schema{}, docs: docs}
	for _, name := range sortedKeys(urls) {
		s, err := c.Compile(urls[name])
		if err != nil {
			return nil, fmt.Errorf("profile: compiling %s: %w", name, err)
		}
		set.schemas[name] = s
	}
	return set, nil
}

// Default returns the standard's profiles (standard/*.json), compiled on
// the first call; later calls return the same Set.
func Default() (*Set, error) { return loadDefault() }

var loadDefault = sync.OnceValues(func() (*Set, error) {
	return Load(standard, "standard")
})

// The standard profiles are compiled on a goroutine of their own from the
// package's initialisation: nearly every command validates a descriptor
// first, and on a second processor the compilation (about 10 ms) overlaps
// the initialisation of the packages after this one and the command's
// start instead of following them. Default waits for it.
func init() { go loadDefault() }

// Names lists the profiles of the set, sorted.
func (s *Set) Names() []string {
	return sortedKeys(s.schemas)
}

// Validate checks doc (a value decoded by encoding/json with UseNumber, i.e.
// map[string]any, []any, json.Number, string, bool, nil) against the named
// profile: "datapackage", "dataresource", "tableschema", "tabledialect". It
// returns nil when doc is valid, else the violations sorted by Pointer,
// Keyword and message. Validate panics on a name that is not in the set: the
// names are constants of the calling code, never user input.
func (s *Set) Validate(name string, doc any) []Violation {
	sch, ok := s.schemas[name]
	if !ok {
		panic(fmt.Sprintf("profile: no profile named %q (have %s)", name, strings.Join(s.Names(), ", ")))
	}
	return validate(sch, s.docs, doc)
}

// Schema is a compiled user-supplied JSON Schema.
type Schema struct {
	s    *jsonschema.Schema
	docs rawDocs
}

// inlineURL is the base URL of a schema given to Compile: a relative $ref in
// it resolves under https://ichiran.invalid/ and is refused.
const inlineURL = "https://ichiran.invalid/inline/jsonschema.json"

// Compile compiles a user-supplied JSON Schema (the Table Schema `jsonSchema`
// constraint), given as a decoded JSON value (an object, or a boolean). The
// draft is 2020-12 unless its "$schema" names another draft the library
// knows (draft 4, 6, 7, 2019-09). Formats are asserted. Any $ref, or a
// "$schema", to a URL outside the schema itself is refused: there is no
// network and no file system access. Patterns must be RE2 syntax (Go's
// regexp), not ECMA 262: a lookahead makes the schema fail to compile.
func Compile(schema any) (*Schema, error) {
	data, err := json.Marshal(schema)
	if err != nil {
		return nil, fmt.Errorf("profile: the schema is not JSON: %w", err)
	}
	doc, err := decode(data)
	if err != nil {
		return nil, fmt.Errorf("profile: %w", err)
	}
	c := newCompiler()
	if err := c.AddResource(inlineURL, bytes.NewReader(data)); err != nil {
		return nil, fmt.Errorf("profile: %w", err)
	}
	s, err := c.Compile(inlineURL)
	if err != nil {
		return nil, fmt.Errorf("profile: invalid JSON Schema: %w", err)
	}
	return &Schema{s: s, docs: rawDocs{inlineURL: doc}}, nil
}

// Validate checks doc (decoded as for Set.Validate) against the schema and
// returns nil when it is valid.
func (s *Schema) Validate(doc any) []Violation {
	return validate(s.s, s.docs, doc)
}

// newCompiler returns a compiler that cannot load anything that was not
// added to it with AddResource.
func newCompiler() *jsonschema.Compiler {
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft2020
	c.AssertFormat = true
	c.LoadURL = func(url string) (io.ReadCloser, error) {
		return nil, fmt.Errorf("%w: refusing to load %s (no network or file access)", ErrExternalRef, url)
	}
	return c
}

// decode parses JSON as the library does (UseNumber), refusing trailing data.
func decode(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("trailing data after the JSON value")
	}
	return v, nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
