package importer

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/ichiran-jp/ichiran/tools/catalog"
)

// Provenance records where the rows of an import came from (see
// [catalog.Provenance]); License is the terms of a source.
type (
	Provenance = catalog.Provenance
	License    = catalog.License
)

// Licenses are the terms `ichiran import -license` knows.
var Licenses = map[string]License{
	"pdl-1.0": {Name: "pdl-1.0", Title: "公共データ利用規約 (第1.0版) (CC BY 4.0 互換) / Public Data License 1.0 (compatible with CC BY 4.0)",
		Path: "https://www.digital.go.jp/resources/open_data/public_data_license_v1.0"},
	"gsl-2.0": {Name: "gsl-2.0", Title: "政府標準利用規約 (第2.0版) (CC BY 4.0 互換) / Government of Japan Standard Terms of Use 2.0 (compatible with CC BY 4.0)"},
	"none":    {Name: "none", Title: "利用条件の記載なし / no terms of use stated"},
}

// ErrDescriptor is wrapped when datapackage.json cannot be updated.
var ErrDescriptor = errors.New("datapackage.json を更新できません / cannot update datapackage.json")

// member is one property of a JSON object, in the order written.
type member struct {
	Key   string
	Value json.RawMessage
}

// object is a JSON object that keeps the order of its members.
type object []member

func decodeObject(raw []byte) (object, error) {
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	t, err := d.Token()
	if err != nil {
		return nil, err
	}
	if t != json.Delim('{') {
		return nil, errors.New("not a JSON object")
	}
	var o object
	for d.More() {
		t, err := d.Token()
		if err != nil {
			return nil, err
		}
		var v json.RawMessage
		if err := d.Decode(&v); err != nil {
			return nil, err
		}
		o = append(o, member{t.(string), v})
	}
	return o, nil
}

func (o object) get(key string) json.RawMessage {
	for _, m := range o {
		if m.Key == key {
			return m.Value
		}
	}
	return nil
}

// set replaces the member key, or adds it after the member after (or at
// the end).
func (o object) set(key string, v any, after string) (object, error) {
	raw, err := marshal(v)
	if err != nil {
		return nil, err
	}
	for i := range o {
		if o[i].Key == key {
			o[i].Value = raw
			return o, nil
		}
	}
	i := slices.IndexFunc(o, func(m member) bool { return m.Key == after })
	if i < 0 {
		return append(o, member{key, raw}), nil
	}
	return slices.Insert(o, i+1, member{key, raw}), nil
}

func (o object) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, m := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := marshal(m.Key)
		b.Write(k)
		b.WriteByte(':')
		b.Write(m.Value)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// marshal is json.Marshal without HTML escaping.
func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	e := json.NewEncoder(&b)
	e.SetEscapeHTML(false)
	if err := e.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(b.Bytes(), "\n"), nil
}

// format writes a descriptor the way the repository keeps it: two spaces
// of indentation, members in their order, a final new line.
func format(o object) ([]byte, error) {
	raw, err := marshal(o)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := json.Indent(&b, raw, "", "  "); err != nil {
		return nil, err
	}
	b.WriteByte('\n')
	return b.Bytes(), nil
}

// Declaration is what an import changes in datapackage.json.
type Declaration struct {
	Resource string // the resource's name
	Added    bool   // the resource is new
	Changed  bool   // the descriptor changes
	Bytes    []byte // the new descriptor
}

// Declare returns the descriptor raw with the resource of the file rel
// (slash path) declared for the indicator — added after the indicator's
// other resources when missing — and its provenance entry for the source
// file set (an entry of the same file, by SHA-256, is replaced). The rest
// of the descriptor is kept as it was, member order included.
func Declare(raw []byte, indicator, title, schema, rel string, p Provenance) (*Declaration, error) {
	doc, err := decodeObject(raw)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrDescriptor, err)
	}
	var resources []json.RawMessage
	if err := json.Unmarshal(doc.get("resources"), &resources); err != nil {
		return nil, fmt.Errorf("%w: resources: %v", ErrDescriptor, err)
	}
	dec := &Declaration{}
	at, last := -1, -1
	for i, r := range resources {
		var head struct {
			Name      string `json:"name"`
			Path      any    `json:"path"`
			Indicator string `json:"indicator"`
		}
		if err := json.Unmarshal(r, &head); err != nil {
			return nil, fmt.Errorf("%w: resources[%d]: %v", ErrDescriptor, i, err)
		}
		if head.Path == rel {
			at, dec.Resource = i, head.Name
		}
		if head.Indicator == indicator {
			last = i
		}
	}
	var res object
	if at < 0 {
		dec.Added = true
		year := strings.TrimSuffix(rel[strings.LastIndex(rel, "/")+1:], ".csv")
		dec.Resource = indicator + "-" + year
		res = object{}
		for _, m := range []struct {
			k string
			v any
		}{{"name", dec.Resource}, {"title", fmt.Sprintf("%s (%s年)", title, year)}, {"indicator", indicator}, {"type", "table"},
			{"path", rel}, {"format", "csv"}, {"mediatype", "text/csv"}, {"encoding", "utf-8"}, {"schema", schema}} {
			if res, err = res.set(m.k, m.v, ""); err != nil {
				return nil, err
			}
		}
		// After the indicator's last resource, or at the end.
		at = len(resources)
		if last >= 0 {
			at = last + 1
		}
		resources = slices.Insert(resources, at, nil)
	} else if res, err = decodeObject(resources[at]); err != nil {
		return nil, fmt.Errorf("%w: resources[%d]: %v", ErrDescriptor, at, err)
	}
	var prov []Provenance
	if v := res.get("provenance"); v != nil {
		if err := json.Unmarshal(v, &prov); err != nil {
			return nil, fmt.Errorf("%w: %s: provenance: %v", ErrDescriptor, dec.Resource, err)
		}
	}
	prov = slices.DeleteFunc(prov, func(q Provenance) bool { return q.SHA256 == p.SHA256 })
	prov = append(prov, p)
	slices.SortStableFunc(prov, func(a, b Provenance) int {
		if c := strings.Compare(a.AsOf, b.AsOf); c != 0 {
			return c
		}
		return strings.Compare(a.File, b.File)
	})
	if res, err = res.set("provenance", prov, "schema"); err != nil {
		return nil, err
	}
	// The standard property: the terms each source states.
	var lic []map[string]string
	for _, q := range prov {
		if q.License == nil || q.License.Name == "none" || q.License.Path == "" {
			continue
		}
		l := map[string]string{"path": q.License.Path, "title": q.License.Title}
		if !slices.ContainsFunc(lic, func(m map[string]string) bool { return m["path"] == l["path"] }) {
			lic = append(lic, l)
		}
	}
	if len(lic) > 0 {
		if res, err = res.set("licenses", lic, "schema"); err != nil {
			return nil, err
		}
	}
	if resources[at], err = marshal(res); err != nil {
		return nil, err
	}
	if doc, err = doc.set("resources", resources, ""); err != nil {
		return nil, err
	}
	if dec.Bytes, err = format(doc); err != nil {
		return nil, err
	}
	dec.Changed = !bytes.Equal(dec.Bytes, raw)
	return dec, nil
}

// RequestFor is the import that gives the rows p records again: the same
// file, sheet, options and publication (File is only the name: the
// caller sets the path of the file).
func RequestFor(p Provenance, indicator string) (Request, error) {
	req := Request{Indicator: indicator, File: p.File, Sheet: p.Sheet,
		Source: Provenance{Publisher: p.Publisher, Title: p.Title, Page: p.Page, Published: p.Published, License: p.License, Note: p.Note}}
	for i := 0; i < len(p.Options); i++ {
		opt := p.Options[i]
		arg := func() (string, error) {
			if i+1 >= len(p.Options) {
				return "", fmt.Errorf("%w: provenance option %s has no value", ErrDescriptor, opt)
			}
			i++
			return p.Options[i], nil
		}
		switch opt {
		case "-transpose":
			req.Transpose = true
		case "-in-code-order":
			req.InCodeOrder = true
		case "-name-over-code":
			req.NameOverCode = true
		case "-encoding":
			v, err := arg()
			if err != nil {
				return req, err
			}
			req.Encoding = v
		case "-as-of":
			v, err := arg()
			if err != nil {
				return req, err
			}
			t, err := time.Parse(time.DateOnly, v)
			if err != nil {
				return req, fmt.Errorf("%w: provenance option -as-of %q: %v", ErrDescriptor, v, err)
			}
			req.AsOf = t
		default:
			return req, fmt.Errorf("%w: unknown provenance option %q", ErrDescriptor, opt)
		}
	}
	return req, nil
}
