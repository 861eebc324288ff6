package profile

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/santhosh-tekuri/jsonschema/v5"
)

// Violation is one reason why a document does not match a schema.
//
// MessageEn is the library's own English message, except for a oneOf or
// anyOf reported with the schema's "x-message" (then both messages come from
// the schema) and for types merged across branches (see validate).
type Violation struct {
	Pointer   string // JSON pointer (RFC 6901) of the offending value in doc, "" for the root, e.g. "/resources/0/schema/fields/2/type"
	Keyword   string // the failing JSON Schema keyword, e.g. "required", "enum", "type", "pattern", "format", "oneOf"
	MessageJa string // Japanese
	MessageEn string // English
}

// validate runs sch on doc and turns the error tree of the library into a
// flat, sorted, de-duplicated list of violations.
//
// The library reports a failed oneOf or anyOf with one subtree per branch.
// When the schema object holding the oneOf/anyOf has an "x-message" with
// "en" and "ja" strings, that message is reported once at the instance, with
// the keyword "oneOf" or "anyOf". Otherwise, when every branch failed only on
// "type" at that instance, one "type" violation lists all the types;
// otherwise the branch that got deepest into the document (then the one
// with the fewest violations, then the first) is reported.
func validate(sch *jsonschema.Schema, docs rawDocs, doc any) []Violation {
	err := sch.Validate(doc)
	if err == nil {
		return nil
	}
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		// InvalidJSONTypeError (a Go value that JSON cannot hold) or
		// InfiniteLoopError (a schema that refers to itself forever).
		return []Violation{{
			MessageEn: err.Error(),
			MessageJa: "検証できませんでした: " + err.Error(),
		}}
	}
	w := walker{docs: docs, doc: doc}
	vs := w.walk(ve)
	slices.SortFunc(vs, compareViolations)
	return slices.Compact(vs)
}

type walker struct {
	docs rawDocs
	doc  any
}

func (w *walker) walk(ve *jsonschema.ValidationError) []Violation {
	kw := keywordOf(ve)
	if kw == "oneOf" || kw == "anyOf" {
		if en, ja, ok := w.docs.message(ve.AbsoluteKeywordLocation); ok {
			return []Violation{{Pointer: instancePointer(ve), Keyword: kw, MessageEn: en, MessageJa: ja}}
		}
		if len(ve.Causes) > 0 {
			return w.branches(ve)
		}
	}
	if len(ve.Causes) == 0 || kw == "minContains" {
		return []Violation{w.leaf(ve, kw)}
	}
	var out []Violation
	for _, c := range ve.Causes {
		out = append(out, w.walk(c)...)
	}
	return out
}

// branches reports a failed oneOf/anyOf that has no x-message.
func (w *walker) branches(ve *jsonschema.ValidationError) []Violation {
	ptr := instancePointer(ve)
	alts := make([][]Violation, len(ve.Causes))
	for i, c := range ve.Causes {
		alts[i] = w.walk(c)
	}
	if v, ok := mergeTypes(alts, ptr); ok {
		return []Violation{v}
	}
	best := 0
	for i := 1; i < len(alts); i++ {
		di, db := depth(alts[i]), depth(alts[best])
		if di > db || di == db && len(alts[i]) < len(alts[best]) {
			best = i
		}
	}
	return alts[best]
}

var typeMessage = regexp.MustCompile(`^expected (.+), but got (\S+)$`)

// mergeTypes turns branches that each failed only on "type" at ptr into one
// "type" violation listing every expected type.
func mergeTypes(alts [][]Violation, ptr string) (Violation, bool) {
	var want []string
	got := ""
	for _, alt := range alts {
		if len(alt) != 1 || alt[0].Keyword != "type" || alt[0].Pointer != ptr {
			return Violation{}, false
		}
		m := typeMessage.FindStringSubmatch(alt[0].MessageEn)
		if m == nil {
			return Violation{}, false
		}
		for _, t := range strings.Split(m[1], " or ") {
			if !slices.Contains(want, t) {
				want = append(want, t)
			}
		}
		got = m[2]
	}
	if len(want) == 0 {
		return Violation{}, false
	}
	return Violation{
		Pointer:   ptr,
		Keyword:   "type",
		MessageEn: fmt.Sprintf("expected %s, but got %s", strings.Join(want, " or "), got),
		MessageJa: fmt.Sprintf("型が違います: %s が必要ですが %s です", strings.Join(want, " または "), got),
	}, true
}

func depth(vs []Violation) int {
	d := 0
	for _, v := range vs {
		d = max(d, strings.Count(v.Pointer, "/"))
	}
	return d
}

// leaf turns one error of the library into a Violation.
func (w *walker) leaf(ve *jsonschema.ValidationError, kw string) Violation {
	ptr := instancePointer(ve)
	value, hasValue := lookup(w.doc, ptr)
	en, ja := w.describe(ve, kw, value, hasValue)
	return Violation{Pointer: ptr, Keyword: kw, MessageEn: en, MessageJa: ja}
}

var (
	quotedName  = regexp.MustCompile(`'((?:[^'\\]|\\.)*)'`)
	counts      = regexp.MustCompile(`\d+`)
	boundedBy   = regexp.MustCompile(`^must be [<>]=? (.+) but found (.+)$`)
	formatName  = regexp.MustCompile(`is not valid '((?:[^'\\]|\\.)*)'$`)
	patternText = regexp.MustCompile(`^does not match pattern '((?:[^'\\]|\\.)*)'$`)
)

// formatsJa explains the formats a person meets in descriptors.
var formatsJa = map[string]string{
	"date-time": "RFC 3339 の日時、例: 2024-06-01T09:00:00+09:00",
	"date":      "RFC 3339 の日付、例: 2024-06-01",
	"time":      "RFC 3339 の時刻、例: 09:00:00+09:00",
	"uri":       "スキームから始まる URI、例: https://example.com/",
	"email":     "メールアドレス",
	"uuid":      "UUID",
	"regex":     "正規表現",
}

// describe returns the English and Japanese messages of a leaf error. The
// English one is the library's own message, except where it lists property
// names in random order (additionalProperties), which are sorted here.
func (w *walker) describe(ve *jsonschema.ValidationError, kw string, value any, hasValue bool) (en, ja string) {
	en = ve.Message
	val := "値"
	if hasValue {
		val = show(value)
	}
	if en == "not allowed" {
		if kw == "additionalProperties" || kw == "unevaluatedProperties" {
			return en, "このプロパティは使用できません"
		}
		return en, "この位置に値は使用できません"
	}
	n := counts.FindAllString(en, -1)
	num := func(i int) string {
		if i < len(n) {
			return n[i]
		}
		return "?"
	}
	switch kw {
	case "type":
		if m := typeMessage.FindStringSubmatch(en); m != nil {
			return en, fmt.Sprintf("型が違います: %s が必要ですが %s です", strings.ReplaceAll(m[1], " or ", " または "), m[2])
		}
	case "required":
		return en, fmt.Sprintf("必須のプロパティ %s がありません", strings.Join(quotedNames(en), ", "))
	case "dependentRequired", "dependencies":
		if names := quotedNames(en); len(names) == 2 {
			return en, fmt.Sprintf("プロパティ %s がある場合は %s も必要です", names[1], names[0])
		}
	case "additionalProperties":
		if strings.HasPrefix(en, "additionalProperties ") {
			names := quotedNames(en)
			slices.Sort(names)
			list := strings.Join(names, ", ")
			return "additionalProperties " + list + " not allowed", fmt.Sprintf("プロパティ %s は使用できません", list)
		}
	case "enum":
		if allowed, ok := w.docs.at(ve.AbsoluteKeywordLocation); ok {
			if list, ok := allowed.([]any); ok {
				shown := make([]string, len(list))
				for i, a := range list {
					shown[i] = show(a)
				}
				return en, fmt.Sprintf("%s は使用できる値ではありません (使用可: %s)", val, strings.Join(shown, ", "))
			}
		}
		return en, fmt.Sprintf("%s は使用できる値ではありません", val)
	case "const":
		if c, ok := w.docs.at(ve.AbsoluteKeywordLocation); ok {
			return en, fmt.Sprintf("値は %s でなければなりません (%s ではなく)", show(c), val)
		}
		return en, fmt.Sprintf("%s は指定された値と違います", val)
	case "pattern":
		if m := patternText.FindStringSubmatch(en); m != nil {
			return en, fmt.Sprintf("%s はパターン %s に一致しません", val, unquote(m[1]))
		}
	case "format":
		if m := formatName.FindStringSubmatch(en); m != nil {
			f := unquote(m[1])
			if d, ok := formatsJa[f]; ok {
				return en, fmt.Sprintf("%s は %s の形式として正しくありません (%s)", val, f, d)
			}
			return en, fmt.Sprintf("%s は %s の形式として正しくありません", val, f)
		}
	case "minItems":
		return en, fmt.Sprintf("要素が少なすぎます: %s 個以上必要ですが %s 個です", num(0), num(1))
	case "maxItems":
		return en, fmt.Sprintf("要素が多すぎます: %s 個までですが %s 個あります", num(0), num(1))
	case "minLength":
		return en, fmt.Sprintf("文字数が少なすぎます: %s 文字以上必要ですが %s 文字です", num(0), num(1))
	case "maxLength":
		return en, fmt.Sprintf("文字数が多すぎます: %s 文字までですが %s 文字あります", num(0), num(1))
	case "minProperties":
		return en, fmt.Sprintf("プロパティが少なすぎます: %s 個以上必要ですが %s 個です", num(0), num(1))
	case "maxProperties":
		return en, fmt.Sprintf("プロパティが多すぎます: %s 個までですが %s 個あります", num(0), num(1))
	case "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum":
		limit := "?"
		if l, ok := w.docs.at(ve.AbsoluteKeywordLocation); ok {
			limit = show(l)
		} else if m := boundedBy.FindStringSubmatch(en); m != nil {
			limit = m[1]
		}
		switch kw {
		case "minimum":
			return en, fmt.Sprintf("値が小さすぎます: %s 以上が必要ですが %s です", limit, val)
		case "exclusiveMinimum":
			return en, fmt.Sprintf("値が小さすぎます: %s より大きい値が必要ですが %s です", limit, val)
		case "maximum":
			return en, fmt.Sprintf("値が大きすぎます: %s 以下が必要ですが %s です", limit, val)
		default:
			return en, fmt.Sprintf("値が大きすぎます: %s 未満が必要ですが %s です", limit, val)
		}
	case "multipleOf":
		if m, ok := w.docs.at(ve.AbsoluteKeywordLocation); ok {
			return en, fmt.Sprintf("%s は %s の倍数ではありません", val, show(m))
		}
	case "uniqueItems":
		return en, fmt.Sprintf("要素 %s と %s が同じです: 重複は使用できません", num(0), num(1))
	case "contains", "minContains":
		return en, fmt.Sprintf("条件に合う要素が %s 個以上必要ですが %s 個です", num(0), num(1))
	case "maxContains":
		return en, fmt.Sprintf("条件に合う要素は %s 個までですが %s 個あります", num(0), num(1))
	case "oneOf":
		if strings.HasPrefix(en, "valid against schemas") {
			return en, fmt.Sprintf("選択肢 %s と %s の両方に一致します: どれか一つだけに一致しなければなりません", num(0), num(1))
		}
		return en, "どの選択肢にも一致しません"
	case "anyOf":
		return en, "どの選択肢にも一致しません"
	case "not":
		return en, fmt.Sprintf("%s は使用できません (not の条件に一致しています)", val)
	case "additionalItems":
		return en, fmt.Sprintf("要素が多すぎます: %s 個までですが %s 個あります", num(0), num(1))
	case "contentEncoding", "contentMediaType", "contentSchema":
		return en, fmt.Sprintf("文字列の内容が正しくありません (%s)", kw)
	}
	return en, fmt.Sprintf("スキーマの条件 %s を満たしていません: %s", kw, en)
}

// keywordOf names the keyword that produced ve: the last token of its
// keyword location, "dependentRequired" for ".../dependentRequired/a/0", and
// "false" for a false schema (whose location ends in the property name).
func keywordOf(ve *jsonschema.ValidationError) string {
	toks := strings.Split(ve.KeywordLocation, "/")
	last := toks[len(toks)-1]
	if n := len(toks); n >= 3 && (toks[n-3] == "dependentRequired" || toks[n-3] == "dependencies") {
		return toks[n-3]
	}
	if ve.Message == "not allowed" && len(ve.Causes) == 0 {
		switch last {
		case "unevaluatedProperties", "unevaluatedItems", "additionalProperties", "additionalItems", "items", "not":
			return last
		}
		return "false"
	}
	return last
}

// instancePointer is the RFC 6901 pointer of ve's instance. The library
// escapes each token as a URL path segment as well ("°C" as "%C2%B0C").
func instancePointer(ve *jsonschema.ValidationError) string {
	p, err := url.PathUnescape(ve.InstanceLocation)
	if err != nil {
		return ve.InstanceLocation
	}
	return p
}

// quotedNames returns the single-quoted names of a library message.
func quotedNames(msg string) []string {
	var names []string
	for _, m := range quotedName.FindAllStringSubmatch(msg, -1) {
		names = append(names, "'"+unquote(m[1])+"'")
	}
	return names
}

// unquote reverses the library's quoting (Go %q with single quotes).
func unquote(s string) string {
	s = strings.ReplaceAll(s, `\'`, `'`)
	s = strings.ReplaceAll(s, `"`, `\"`)
	if u, err := strconv.Unquote(`"` + s + `"`); err == nil {
		return u
	}
	return s
}

// show formats a JSON value for a message: strings in single quotes, other
// values as JSON, long ones cut.
func show(v any) string {
	var s string
	if str, ok := v.(string); ok {
		s = "'" + str + "'"
	} else if b, err := json.Marshal(v); err == nil {
		s = string(b)
	} else {
		s = fmt.Sprint(v)
	}
	const limit = 60
	if utf8.RuneCountInString(s) > limit {
		s = string([]rune(s)[:limit]) + "…"
	}
	return s
}

// lookup returns the value at an RFC 6901 pointer of a decoded document.
func lookup(doc any, ptr string) (any, bool) {
	if ptr == "" {
		return doc, true
	}
	if !strings.HasPrefix(ptr, "/") {
		return nil, false
	}
	cur := doc
	for _, tok := range strings.Split(ptr[1:], "/") {
		tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
		switch c := cur.(type) {
		case map[string]any:
			v, ok := c[tok]
			if !ok {
				return nil, false
			}
			cur = v
		case []any:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(c) {
				return nil, false
			}
			cur = c[i]
		default:
			return nil, false
		}
	}
	return cur, true
}

// rawDocs holds the schema documents by the URL they were compiled under, so
// that keyword values and x-message annotations can be read back.
type rawDocs map[string]any

// at returns the schema value at an absolute keyword location such as
// "https://ichiran.invalid/profiles/2.0/tableschema.json#/$defs/field/properties/type/enum".
func (d rawDocs) at(absLoc string) (any, bool) {
	base, frag, ok := strings.Cut(absLoc, "#")
	if !ok {
		return nil, false
	}
	doc, ok := d[base]
	if !ok {
		return nil, false
	}
	frag, err := url.PathUnescape(frag)
	if err != nil {
		return nil, false
	}
	return lookup(doc, frag)
}

// message returns the x-message of the schema object holding the keyword at
// absLoc (a oneOf or anyOf).
func (d rawDocs) message(absLoc string) (en, ja string, ok bool) {
	i := strings.LastIndexByte(absLoc, '/')
	if i < 0 || !strings.Contains(absLoc[:i+1], "#") {
		return "", "", false
	}
	parent, ok := d.at(absLoc[:i])
	if !ok {
		return "", "", false
	}
	obj, _ := parent.(map[string]any)
	m, _ := obj["x-message"].(map[string]any)
	en, _ = m["en"].(string)
	ja, _ = m["ja"].(string)
	return en, ja, en != "" && ja != ""
}

// compareViolations orders by pointer (array indices numerically), keyword
// and messages.
func compareViolations(a, b Violation) int {
	if c := comparePointers(a.Pointer, b.Pointer); c != 0 {
		return c
	}
	if c := strings.Compare(a.Keyword, b.Keyword); c != 0 {
		return c
	}
	if c := strings.Compare(a.MessageEn, b.MessageEn); c != 0 {
		return c
	}
	return strings.Compare(a.MessageJa, b.MessageJa)
}

func comparePointers(a, b string) int {
	if a == b {
		return 0
	}
	ta, tb := strings.Split(a, "/"), strings.Split(b, "/")
	for i := 0; i < len(ta) && i < len(tb); i++ {
		if ta[i] == tb[i] {
			continue
		}
		na, ea := strconv.Atoi(ta[i])
		nb, eb := strconv.Atoi(tb[i])
		if ea == nil && eb == nil && na != nb {
			return cmp.Compare(na, nb)
		}
		return strings.Compare(ta[i], tb[i])
	}
	return cmp.Compare(len(ta), len(tb))
}
