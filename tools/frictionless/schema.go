package frictionless

import (
	"encoding/json"
	"fmt"
	"math/big"
	"slices"
	"strconv"
	"strings"

	"github.com/ichiran-jp/ichiran/tools/profile"
	"github.com/ichiran-jp/ichiran/tools/strptime"
)

// Schema is a compiled Table Schema.
type Schema struct {
	Fields        []*Field
	FieldsMatch   string // exact (default), equal, subset, superset, partial
	MissingValues []string
	PrimaryKey    []string
	UniqueKeys    [][]string
	ForeignKeys   []ForeignKey

	pk []int   // field indexes of the primary key
	uk [][]int // field indexes of each unique key

	doc *document // the descriptor it was read from, to locate errors (nil if none)
	ptr string    // its JSON pointer in doc
}

// errorAt makes an Error about the value at JSON pointer ptr of the schema.
func (s *Schema) errorAt(code, ptr, ja, en, resource string) *Error {
	if s.doc == nil {
		return &Error{Code: code, Resource: resource, Ja: ja, En: en}
	}
	return s.doc.errorAt(code, s.ptr+ptr, ja, en, resource)
}

// ForeignKey is one entry of a schema's foreignKeys.
type ForeignKey struct {
	Fields    []string
	Resource  string // "" = this resource (self-reference)
	RefFields []string

	fields []int // field indexes of Fields
	ref    []int // of a self-reference: field indexes of RefFields
}

// Field is a compiled Table Schema field.
type Field struct {
	Name   string
	Type   string // "any" when absent
	Format string // "default" when absent

	kind          kind
	missingValues []string
	required      bool
	unique        bool
	minLength     int // -1 = none
	maxLength     int
	minimum       *value
	maximum       *value
	exclusiveMin  *value
	exclusiveMax  *value
	pattern       *pattern
	enum          map[string]bool // canonical keys (appendKey)
	categories    map[string]bool
	jsonSchema    *profile.Schema
	layout        *strptime.Layout
	decimalChar   string
	groupChar     string
	bareNumber    bool
	trueValues    []string
	falseValues   []string
	delimiter     string
	item          *Field // list items

	constraintText map[string]string // constraint name → its JSON text, for messages
}

// issue is a descriptor problem found while compiling, located by a JSON
// pointer relative to the document it was found in.
type issue struct {
	code, ptr, ja, en string
}

func (s *Schema) fieldIndex(name string) int {
	for i, f := range s.Fields {
		if f.Name == name {
			return i
		}
	}
	return -1
}

// stringList accepts an array of strings or (v1) a single string.
func stringList(x any) ([]string, bool) {
	switch x := x.(type) {
	case string:
		return []string{x}, true
	case []any:
		out := make([]string, 0, len(x))
		for _, e := range x {
			s, ok := e.(string)
			if !ok {
				return nil, false
			}
			out = append(out, s)
		}
		return out, true
	}
	return nil, false
}

// missingList reads missingValues: strings, or (v2) {value, label} objects.
func missingList(x any, ptr string, v1 bool, code string) ([]string, []issue) {
	arr, ok := x.([]any)
	if !ok {
		return nil, []issue{{code, ptr, "missingValues は配列でなければなりません", "missingValues must be an array"}}
	}
	var out []string
	var issues []issue
	seenValue, seenLabel := map[string]bool{}, map[string]bool{}
	for i, e := range arr {
		p := ptr + "/" + strconv.Itoa(i)
		switch e := e.(type) {
		case string:
			out = append(out, e)
		case map[string]any:
			if v1 {
				issues = append(issues, issue{code, p, "オブジェクト形式の missingValues は Data Package v2 が必要です", "missing values in object form require Data Package v2"})
				continue
			}
			v, _ := e["value"].(string)
			if seenValue[v] {
				issues = append(issues, issue{code, p, fmt.Sprintf("欠損値 %q が重複しています", v), fmt.Sprintf("missing value %q is not unique", v)})
			}
			seenValue[v] = true
			if l, ok := e["label"].(string); ok {
				if seenLabel[l] {
					issues = append(issues, issue{code, p, fmt.Sprintf("欠損値のラベル %q が重複しています", l), fmt.Sprintf("missing value label %q is not unique", l)})
				}
				seenLabel[l] = true
			}
			out = append(out, v)
		default:
			issues = append(issues, issue{code, p, "欠損値は文字列か {value, label} でなければなりません", "a missing value must be a string or a {value, label} object"})
		}
	}
	return out, issues
}

// compileSchema builds a Schema from a decoded Table Schema descriptor.
// It reports what the JSON Schema profile cannot: formats, constraint
// values, and references between fields.
func compileSchema(doc map[string]any, v1 bool) (*Schema, []issue) {
	s := &Schema{FieldsMatch: "exact", MissingValues: []string{""}}
	var issues []issue
	add := func(code, ptr, ja, en string) { issues = append(issues, issue{code, ptr, ja, en}) }

	if x, ok := doc["missingValues"]; ok {
		mv, is := missingList(x, "/missingValues", v1, CodeSchema)
		issues = append(issues, is...)
		if mv != nil || len(is) == 0 {
			s.MissingValues = mv
		}
		if s.MissingValues == nil {
			s.MissingValues = []string{}
		}
	}
	if x, ok := doc["fieldsMatch"].(string); ok {
		s.FieldsMatch = x
	}
	rawFields, _ := doc["fields"].([]any)
	for i, rf := range rawFields {
		ptr := "/fields/" + strconv.Itoa(i)
		m, ok := rf.(map[string]any)
		if !ok {
			add(CodeField, ptr, "フィールドはオブジェクトでなければなりません", "a field must be an object")
			continue
		}
		f, is := compileField(m, ptr, s.MissingValues, v1)
		issues = append(issues, is...)
		s.Fields = append(s.Fields, f)
	}

	// names reads a key's field names; the indexes are nil when a name is
	// not a field (reported), so that a broken key is never checked.
	names := func(x any, ptr, what string) ([]string, []int) {
		list, ok := stringList(x)
		if !ok {
			add(CodeSchema, ptr, what+" はフィールド名の配列でなければなりません", what+" must be an array of field names")
			return nil, nil
		}
		idx := make([]int, len(list))
		for i, n := range list {
			idx[i] = s.fieldIndex(n)
			if idx[i] < 0 {
				add(CodeSchema, ptr, fmt.Sprintf("%s のフィールド %q がスキーマにありません", what, n), fmt.Sprintf("%s names field %q, which the schema does not have", what, n))
				return list, nil
			}
		}
		return list, idx
	}
	if x, ok := doc["primaryKey"]; ok {
		s.PrimaryKey, s.pk = names(x, "/primaryKey", "primaryKey")
	}
	if x, ok := doc["uniqueKeys"].([]any); ok {
		for i, k := range x {
			list, idx := names(k, "/uniqueKeys/"+strconv.Itoa(i), "uniqueKeys")
			if len(idx) == 0 {
				continue
			}
			s.UniqueKeys = append(s.UniqueKeys, list)
			s.uk = append(s.uk, idx)
		}
	}
	if x, ok := doc["foreignKeys"].([]any); ok {
		for i, k := range x {
			ptr := "/foreignKeys/" + strconv.Itoa(i)
			m, _ := k.(map[string]any)
			ref, _ := m["reference"].(map[string]any)
			if m == nil || ref == nil {
				add(CodeSchema, ptr, "foreignKeys には fields と reference が必要です", "a foreign key needs fields and reference")
				continue
			}
			fk := ForeignKey{}
			fk.Fields, fk.fields = names(m["fields"], ptr+"/fields", "foreignKeys.fields")
			var ok bool
			if fk.RefFields, ok = stringList(ref["fields"]); !ok {
				add(CodeSchema, ptr+"/reference/fields", "reference.fields はフィールド名の配列でなければなりません", "reference.fields must be an array of field names")
			}
			fk.Resource, _ = ref["resource"].(string)
			if len(fk.Fields) != len(fk.RefFields) {
				add(CodeSchema, ptr, fmt.Sprintf("外部キーのフィールド数 (%d) と参照先のフィールド数 (%d) が違います", len(fk.Fields), len(fk.RefFields)),
					fmt.Sprintf("the foreign key has %d fields but its reference has %d", len(fk.Fields), len(fk.RefFields)))
				continue
			}
			broken := len(fk.fields) == 0
			if fk.Resource == "" {
				fk.ref = make([]int, len(fk.RefFields))
				for j, n := range fk.RefFields {
					if fk.ref[j] = s.fieldIndex(n); fk.ref[j] < 0 {
						add(CodeSchema, ptr+"/reference/fields/"+strconv.Itoa(j), fmt.Sprintf("参照先のフィールド %q がスキーマにありません", n), fmt.Sprintf("referenced field %q is not in the schema", n))
						broken = true
					}
				}
			}
			if !broken { // a broken key is reported, never checked
				s.ForeignKeys = append(s.ForeignKeys, fk)
			}
		}
	}
	return s, issues
}

func compileField(m map[string]any, ptr string, schemaMissing []string, v1 bool) (*Field, []issue) {
	var issues []issue
	add := func(p, ja, en string) { issues = append(issues, issue{CodeField, ptr + p, ja, en}) }
	f := &Field{Type: "any", Format: "default", minLength: -1, maxLength: -1,
		missingValues: schemaMissing, decimalChar: ".", bareNumber: true, delimiter: ",",
		trueValues: []string{"true", "True", "TRUE", "1"}, falseValues: []string{"false", "False", "FALSE", "0"}}
	f.Name, _ = m["name"].(string)
	if t, ok := m["type"].(string); ok {
		f.Type = t
	}
	k, ok := kindNames[f.Type]
	if !ok {
		// The JSON Schema profile reports the type, with those allowed.
		f.Type, k = "any", kindAny
	}
	f.kind = k
	if _, ok := m["required"]; ok {
		add("/required", "\"required\" は \"constraints.required\" に書いてください", `"required" should be set as "constraints.required"`)
	}
	if fm, ok := m["format"].(string); ok && fm != "" {
		f.Format = strings.TrimPrefix(fm, "fmt:")
	}
	switch k {
	case kindDate, kindTime, kindDatetime:
		if f.Format != "default" && f.Format != "any" {
			l, err := strptime.Compile(f.Format)
			if err != nil {
				add("/format", fmt.Sprintf("書式 %q を解釈できません: %v", f.Format, err), fmt.Sprintf("format %q cannot be used: %v", f.Format, err))
			} else {
				f.layout = l
			}
		}
	default:
		if f.Format != "default" && !slices.Contains(formats[k], f.Format) {
			add("/format", fmt.Sprintf("型 %s に書式 %q はありません", f.Type, f.Format), fmt.Sprintf("type %s has no format %q", f.Type, f.Format))
		}
	}
	if x, ok := m["missingValues"]; ok {
		mv, is := missingList(x, ptr+"/missingValues", v1, CodeField)
		issues = append(issues, is...)
		f.missingValues = mv
		if f.missingValues == nil {
			f.missingValues = []string{}
		}
	}
	if x, ok := m["decimalChar"].(string); ok && x != "" {
		f.decimalChar = x
	}
	if x, ok := m["groupChar"].(string); ok {
		f.groupChar = x
	}
	if x, ok := m["bareNumber"].(bool); ok {
		f.bareNumber = x
	}
	if x, ok := stringList(m["trueValues"]); ok {
		f.trueValues = x
	}
	if x, ok := stringList(m["falseValues"]); ok {
		f.falseValues = x
	}
	if k == kindList {
		if x, ok := m["delimiter"].(string); ok && x != "" {
			f.delimiter = x
		}
		it, _ := m["itemType"].(string)
		if it == "" {
			it = "string"
		}
		f.item = &Field{Name: f.Name, Type: it, Format: "default", kind: kindNames[it], decimalChar: ".", bareNumber: true,
			trueValues: f.trueValues, falseValues: f.falseValues}
		switch it {
		case "string", "integer", "boolean", "number", "datetime", "date", "time":
		default:
			add("/itemType", fmt.Sprintf("list の itemType に %q は使えません", it), fmt.Sprintf("itemType %q is not allowed for a list", it))
			f.item.Type, f.item.kind = "string", kindString
		}
	}
	if x, ok := m["categories"].([]any); ok {
		if k != kindString && k != kindInteger {
			add("/categories", "categories は string か integer のフィールドにだけ使えます", "categories apply to string and integer fields only")
		}
		f.categories = map[string]bool{}
		for i, c := range x {
			if o, ok := c.(map[string]any); ok {
				c = o["value"]
			}
			key, err := f.literalKey(c)
			if err != nil {
				add("/categories/"+strconv.Itoa(i), fmt.Sprintf("カテゴリ %v は %s ではありません", c, f.Type), fmt.Sprintf("category %v is not a valid %s", c, f.Type))
				continue
			}
			f.categories[key] = true
		}
	}
	c, _ := m["constraints"].(map[string]any)
	issues = append(issues, f.compileConstraints(c, ptr+"/constraints")...)
	if x, ok := m["categories"]; ok {
		b, _ := json.Marshal(x)
		f.constraintText["categories"] = string(b)
	}
	return f, issues
}

// literal casts a constraint value from the descriptor: a string in the
// field's lexical form, or (v2) a JSON value of the field's logical type.
// An any field compares cells as written, so a JSON number or boolean
// stands for its lexical form there.
func (f *Field) literal(x any) (*value, error) {
	v := &value{}
	if f.kind == kindAny {
		switch y := x.(type) {
		case json.Number:
			x = y.String()
		case bool:
			x = strconv.FormatBool(y)
		}
	}
	switch x := x.(type) {
	case string:
		err := f.cast([]byte(x), v) // a copy: v may alias it
		return v, err
	case json.Number:
		switch f.kind {
		case kindInteger, kindYear:
			i, ok := integral(x)
			if !ok {
				return nil, errLexical
			}
			v.i = i
			return v, nil
		case kindNumber:
			fl, err := x.Float64()
			v.f = fl
			return v, err
		}
		return nil, errLexical
	case bool:
		if f.kind != kindBoolean {
			return nil, errLexical
		}
		if x {
			v.i = 1
		}
		return v, nil
	case map[string]any, []any:
		b, _ := json.Marshal(x)
		err := f.cast(b, v)
		return v, err
	}
	return nil, errLexical
}

// integral reads a JSON number that is an integer, such as 3, 3.0 or 3e2.
func integral(n json.Number) (int64, bool) {
	if i, err := n.Int64(); err == nil {
		return i, true
	}
	s := string(n)
	if i := strings.IndexAny(s, "eE"); i >= 0 {
		// No integer of 64 bits needs a larger exponent; big.Rat would
		// spend its time on one.
		if e, err := strconv.Atoi(s[i+1:]); err != nil || e < -400 || e > 400 {
			return 0, false
		}
	}
	r, ok := new(big.Rat).SetString(s)
	if !ok || !r.IsInt() || !r.Num().IsInt64() {
		return 0, false
	}
	return r.Num().Int64(), true
}

func (f *Field) literalKey(x any) (string, error) {
	v, err := f.literal(x)
	if err != nil {
		return "", err
	}
	return string(appendKey(nil, f.kind, v)), nil
}

func (f *Field) compileConstraints(c map[string]any, ptr string) []issue {
	var issues []issue
	add := func(name, ja, en string) { issues = append(issues, issue{CodeField, ptr + "/" + name, ja, en}) }
	f.constraintText = map[string]string{}
	for name, x := range c {
		b, _ := json.Marshal(x)
		f.constraintText[name] = string(b)
	}
	f.required, _ = c["required"].(bool)
	f.unique, _ = c["unique"].(bool)
	for _, name := range []string{"minLength", "maxLength"} {
		x, ok := c[name]
		if !ok {
			continue
		}
		if !f.kind.sized() {
			add(name, fmt.Sprintf("%s は型 %s には使えません", name, f.Type), fmt.Sprintf("%s does not apply to type %s", name, f.Type))
			continue
		}
		n, _ := x.(json.Number)
		i, ok := integral(n)
		if !ok || i < 0 {
			continue // the profile reports it
		}
		if name == "minLength" {
			f.minLength = int(i)
		} else {
			f.maxLength = int(i)
		}
	}
	for _, b := range []struct {
		name string
		dst  **value
	}{{"minimum", &f.minimum}, {"maximum", &f.maximum}, {"exclusiveMinimum", &f.exclusiveMin}, {"exclusiveMaximum", &f.exclusiveMax}} {
		x, ok := c[b.name]
		if !ok {
			continue
		}
		if !f.kind.ordered() {
			add(b.name, fmt.Sprintf("%s は型 %s には使えません", b.name, f.Type), fmt.Sprintf("%s does not apply to type %s", b.name, f.Type))
			continue
		}
		v, err := f.literal(x)
		if err != nil {
			add(b.name, fmt.Sprintf("%s の値 %s は %s ではありません", b.name, f.constraintText[b.name], f.Type), fmt.Sprintf("%s %s is not a valid %s", b.name, f.constraintText[b.name], f.Type))
			continue
		}
		*b.dst = v
	}
	if x, ok := c["pattern"].(string); ok {
		// Spec: the pattern is an XML Schema regular expression that must
		// match the whole value. Go's RE2 syntax covers the usual subset.
		re, err := compilePattern(x)
		if err != nil {
			add("pattern", fmt.Sprintf("pattern %q は正規表現として使えません: %v", x, err), fmt.Sprintf("pattern %q is not a usable regular expression: %v", x, err))
		} else {
			f.pattern = re
		}
	}
	if x, ok := c["enum"].([]any); ok {
		f.enum = map[string]bool{}
		for i, e := range x {
			key, err := f.literalKey(e)
			if err != nil {
				add("enum/"+strconv.Itoa(i), fmt.Sprintf("enum の値 %v は %s ではありません", e, f.Type), fmt.Sprintf("enum value %v is not a valid %s", e, f.Type))
				continue
			}
			f.enum[key] = true
			if f.categories != nil && !f.categories[key] {
				add("enum/"+strconv.Itoa(i), fmt.Sprintf("enum の値 %v が categories にありません", e), fmt.Sprintf("enum value %v is not one of the categories", e))
			}
		}
	}
	if x, ok := c["jsonSchema"]; ok {
		if f.kind != kindObject && f.kind != kindArray {
			add("jsonSchema", "jsonSchema は object か array のフィールドにだけ使えます", "jsonSchema applies to object and array fields only")
		} else if sch, err := profile.Compile(x); err != nil {
			add("jsonSchema", fmt.Sprintf("jsonSchema をコンパイルできません: %v", err), fmt.Sprintf("jsonSchema cannot be compiled: %v", err))
		} else {
			f.jsonSchema = sch
		}
	}
	return issues
}
