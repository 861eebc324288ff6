package tablecsv

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// result is what one call of Read gave.
type result struct {
	Fields        []string // nil if there was no record; empty for a record with 0 fields
	Line, EndLine int
	Err           *errAt // nil if there was no error
}

// errAt is a *ParseError as a plain struct, so that cmp compares its fields
// (and its Err with errors.Is).
type errAt struct {
	Line, Col int
	Err       error
}

func (r result) String() string {
	s := "<nil>"
	if r.Fields != nil {
		s = fmt.Sprintf("%q@%d", r.Fields, r.Line)
		if r.EndLine != r.Line {
			s += fmt.Sprintf("-%d", r.EndLine)
		}
	}
	if r.Err != nil {
		s += " (" + (&ParseError{r.Err.Line, r.Err.Col, r.Err.Err}).Error() + ")"
	}
	return s
}

// row is a record without error on one line.
func row(line int, fields ...string) result {
	if fields == nil {
		fields = []string{}
	}
	return result{Fields: fields, Line: line, EndLine: line}
}

// rowErr is a record on one line with a recoverable error.
func rowErr(line int, err *errAt, fields ...string) result {
	r := row(line, fields...)
	r.Err = err
	return r
}

// bad is an error without a record.
func bad(line, col int, err error) result {
	return result{Err: perr(line, col, err)}
}

func perr(line, col int, err error) *errAt {
	return &errAt{Line: line, Col: col, Err: err}
}

// readAll reads r to its end. Errors other than *ParseError end the reading
// and are returned.
func readAll(r *Reader, maxReads int) ([]result, error) {
	var got []result
	for range maxReads {
		rec, err := r.Read()
		if err == io.EOF {
			if rec != nil {
				return got, errors.New("non-nil record with io.EOF")
			}
			return got, nil
		}
		var res result
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				return got, err
			}
			res.Err = &errAt{pe.Line, pe.Col, pe.Err}
		}
		if rec != nil {
			res.Fields = rec.Strings()
			res.Line, res.EndLine = rec.Line(), rec.EndLine()
		}
		got = append(got, res)
	}
	return got, fmt.Errorf("no io.EOF after %d reads", maxReads)
}

var cmpErrors = cmpopts.EquateErrors()

// readers are the ways in which the tests feed their input to the Reader.
var readers = []struct {
	name       string
	bufferSize int
	wrap       func(io.Reader) io.Reader
}{
	{"default", 0, func(r io.Reader) io.Reader { return r }},
	{"buf16", 16, func(r io.Reader) io.Reader { return r }},
	{"onebyte", 16, iotest.OneByteReader},
	{"half", 16, iotest.HalfReader},
	{"dataerr", 16, iotest.DataErrReader},
}

var (
	tab       = Dialect{Delimiter: '\t', QuoteChar: '"', DoubleQuote: true}
	semicolon = Dialect{Delimiter: ';', QuoteChar: '"', DoubleQuote: true}
	noDouble  = Dialect{Delimiter: ',', QuoteChar: '"'}
	backslash = Dialect{Delimiter: ',', QuoteChar: '"', DoubleQuote: true, EscapeChar: '\\'}
	escOnly   = Dialect{Delimiter: ',', QuoteChar: '"', EscapeChar: '\\'}
	noQuote   = Dialect{Delimiter: ','}
	single    = Dialect{Delimiter: ',', QuoteChar: '\'', DoubleQuote: true}
	skipSpace = Dialect{Delimiter: ',', QuoteChar: '"', DoubleQuote: true, SkipInitialSpace: true}
)

var readTests = []struct {
	name    string
	in      string
	dialect *Dialect // nil means DefaultDialect()
	opt     Options  // BufferSize is set by each of readers
	want    []result
}{
	// Records and lines.
	{name: "Empty", in: "", want: nil},
	{name: "Simple", in: "a,b\n", want: []result{row(1, "a", "b")}},
	{name: "NoFinalNewline", in: "a,b", want: []result{row(1, "a", "b")}},
	{name: "FinalEmptyLine", in: "a,b\n\n", want: []result{row(1, "a", "b"), row(2)}},
	{name: "FinalEmptyLines", in: "a,b\n\n\n", want: []result{row(1, "a", "b"), row(2), row(3)}},
	{name: "OnlyNewline", in: "\n", want: []result{row(1)}},
	{name: "OnlyNewlines", in: "\n\n", want: []result{row(1), row(2)}},
	{name: "LeadingEmptyLine", in: "\na", want: []result{row(1), row(2, "a")}},
	{name: "EmptyLineInMiddle", in: "a\n\nb\n", want: []result{row(1, "a"), row(2), row(3, "b")}},
	{name: "EmptyQuoted", in: "\"\"\n", want: []result{row(1, "")}},
	{name: "EmptyQuotedAtEOF", in: `""`, want: []result{row(1, "")}},
	{name: "Comma", in: ",\n", want: []result{row(1, "", "")}},
	{name: "CommaAtEOF", in: ",", want: []result{row(1, "", "")}},
	{name: "EmptyFields", in: "a,,b,\n", want: []result{row(1, "a", "", "b", "")}},
	{name: "SpacesKept", in: " a , b \n", want: []result{row(1, " a ", " b ")}},
	{name: "Japanese", in: "市町村,札幌市\n函館市,\n", want: []result{row(1, "市町村", "札幌市"), row(2, "函館市", "")}},
	{name: "CRLF", in: "a,b\r\nc\r\n", want: []result{row(1, "a", "b"), row(2, "c")}},
	{name: "CR", in: "a\rb\r", want: []result{row(1, "a"), row(2, "b")}},
	{name: "CRThenEmpty", in: "a\r\r", want: []result{row(1, "a"), row(2)}},
	{name: "CRLFEmptyLine", in: "a\r\n\r\nb", want: []result{row(1, "a"), row(2), row(3, "b")}},
	{name: "Mixed", in: "a\r\n\rb\n\r\nc", want: []result{row(1, "a"), row(2), row(3, "b"), row(4), row(5, "c")}},
	{name: "LFCR", in: "a\n\rb", want: []result{row(1, "a"), row(2), row(3, "b")}},
	{name: "WideRecord", in: "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20\n",
		want: []result{row(1, strings.Split("1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20", ",")...)}},
	{name: "LongField", in: strings.Repeat("x", 100) + ",y\n", want: []result{row(1, strings.Repeat("x", 100), "y")}},

	// Quoted fields.
	{name: "Quoted", in: `"a,b","c""d",""""` + "\n", want: []result{row(1, "a,b", `c"d`, `"`)}},
	{name: "QuotedAtEOF", in: `"a"`, want: []result{row(1, "a")}},
	{name: "QuotedCRLF", in: "\"a\"\r\n\"b\"", want: []result{row(1, "a"), row(2, "b")}},
	{name: "QuotedCR", in: "\"a\"\r\"b\"\r", want: []result{row(1, "a"), row(2, "b")}},
	{name: "QuotedThenEmptyLine", in: "\"x\"\n\n", want: []result{row(1, "x"), row(2)}},
	{name: "MultiLine", in: "\"a\nb\",c\nd\n", want: []result{
		{Fields: []string{"a\nb", "c"}, Line: 1, EndLine: 2}, row(3, "d")}},
	{name: "MultiLineCRLFKept", in: "\"a\r\nb\"\r\nc", want: []result{
		{Fields: []string{"a\r\nb"}, Line: 1, EndLine: 2}, row(3, "c")}},
	{name: "MultiLineCRKept", in: "\"a\rb\"\nc", want: []result{
		{Fields: []string{"a\rb"}, Line: 1, EndLine: 2}, row(3, "c")}},
	{name: "MultiLineMany", in: "x,\"\n\n\r\n\r\",y\nz", want: []result{
		{Fields: []string{"x", "\n\n\r\n\r", "y"}, Line: 1, EndLine: 5}, row(6, "z")}},
	{name: "QuotedJapanese", in: "\"札幌市,中央区\",\"北\n海道\"\n", want: []result{
		{Fields: []string{"札幌市,中央区", "北\n海道"}, Line: 1, EndLine: 2}}},

	// Lines that are not rows.
	{name: "BareQuote", in: "a\"b,c\nd\n", want: []result{bad(1, 2, ErrBareQuote), row(2, "d")}},
	{name: "BareQuoteJapanese", in: "市町村,札幌市\"x\nok\n", want: []result{bad(1, 8, ErrBareQuote), row(2, "ok")}},
	{name: "BareQuoteAfterSpace", in: "a, \"b\"\nc", want: []result{bad(1, 4, ErrBareQuote), row(2, "c")}},
	{name: "BareQuoteAtEOF", in: "a\"", want: []result{bad(1, 2, ErrBareQuote)}},
	{name: "BareQuoteCRLF", in: "a\"\r\nb", want: []result{bad(1, 2, ErrBareQuote), row(2, "b")}},
	{name: "BareQuoteCR", in: "a\"\rb", want: []result{bad(1, 2, ErrBareQuote), row(2, "b")}},
	{name: "BareQuoteAfterMultiLine", in: "\"a\nb\",c\nx\"y\nz", want: []result{
		{Fields: []string{"a\nb", "c"}, Line: 1, EndLine: 2}, bad(3, 2, ErrBareQuote), row(4, "z")}},
	{name: "BareQuoteInMultiLineRecord", in: "\"a\nb\",c\"\nz", want: []result{bad(2, 5, ErrBareQuote), row(3, "z")}},
	{name: "AfterQuote", in: "\"a\"b,c\nd", want: []result{bad(1, 4, ErrAfterQuote), row(2, "d")}},
	{name: "AfterQuoteSpace", in: "\"a\" ,b\nd", want: []result{bad(1, 4, ErrAfterQuote), row(2, "d")}},
	{name: "AfterQuoteJapanese", in: "\"札幌\"市\n次", want: []result{bad(1, 5, ErrAfterQuote), row(2, "次")}},
	{name: "AfterQuoteMultiLine", in: "1,\"a\nbc\"d\n2", want: []result{bad(2, 4, ErrAfterQuote), row(3, "2")}},
	{name: "AfterQuoteIsQuote", in: "\"a\"\"", want: []result{bad(1, 1, ErrQuote)}},
	{name: "OpenQuote", in: "a,\"bc\nd\n", want: []result{bad(1, 3, ErrQuote)}},
	{name: "OpenQuoteLater", in: "x\ny,\"abc", want: []result{row(1, "x"), bad(2, 3, ErrQuote)}},
	{name: "OpenQuoteJapanese", in: "名前,\"abc\n", want: []result{bad(1, 4, ErrQuote)}},
	{name: "OpenQuoteOnly", in: "\"", want: []result{bad(1, 1, ErrQuote)}},
	{name: "ErrorsInARow", in: "a\"\n\"b\"c\nd\"\ne", want: []result{
		bad(1, 2, ErrBareQuote), bad(2, 4, ErrAfterQuote), bad(3, 2, ErrBareQuote), row(4, "e")}},

	// Recoverable problems.
	{name: "BOM", in: "\ufeffa,b\nc", want: []result{rowErr(1, perr(1, 1, ErrBOM), "a", "b"), row(2, "c")}},
	{name: "BOMOnly", in: "\ufeff", want: []result{rowErr(1, perr(1, 1, ErrBOM))}},
	{name: "BOMEmptyLine", in: "\ufeff\nx", want: []result{rowErr(1, perr(1, 1, ErrBOM)), row(2, "x")}},
	{name: "BOMQuoted", in: "\ufeff\"a\",b", want: []result{rowErr(1, perr(1, 1, ErrBOM), "a", "b")}},
	{name: "BOMAndInvalid", in: "\ufeffa,\xff", want: []result{rowErr(1, perr(1, 1, ErrBOM), "a", "\xff")}},
	{name: "BOMColumns", in: "\ufeffa\"", want: []result{bad(1, 2, ErrBareQuote)}},
	{name: "BOMNotAtStart", in: "a\n\ufeffb", want: []result{row(1, "a"), row(2, "\ufeffb")}},
	{name: "PartialBOM", in: "\xef\xbba", want: []result{rowErr(1, perr(1, 1, ErrInvalidUTF8), "\xef\xbba")}},
	{name: "Invalid", in: "ab,c\xffd\nok", want: []result{rowErr(1, perr(1, 5, ErrInvalidUTF8), "ab", "c\xffd"), row(2, "ok")}},
	{name: "InvalidTruncatedJapanese", in: "札幌,\xe3\x81\n", want: []result{rowErr(1, perr(1, 4, ErrInvalidUTF8), "札幌", "\xe3\x81")}},
	{name: "InvalidTruncatedAtEOF", in: "札幌,\xe3\x81", want: []result{rowErr(1, perr(1, 4, ErrInvalidUTF8), "札幌", "\xe3\x81")}},
	{name: "InvalidSurrogate", in: "a\xed\xa0\x80", want: []result{rowErr(1, perr(1, 2, ErrInvalidUTF8), "a\xed\xa0\x80")}},
	{name: "InvalidOverlong", in: "\xe0\x80\x80", want: []result{rowErr(1, perr(1, 1, ErrInvalidUTF8), "\xe0\x80\x80")}},
	{name: "InvalidContinuation", in: "市\x80", want: []result{rowErr(1, perr(1, 2, ErrInvalidUTF8), "市\x80")}},
	{name: "InvalidFirstOnly", in: "\xff,\xfe\n", want: []result{rowErr(1, perr(1, 1, ErrInvalidUTF8), "\xff", "\xfe")}},
	{name: "InvalidQuotedMultiLine", in: "\"a\nb\xff\"\nc", want: []result{
		{Fields: []string{"a\nb\xff"}, Line: 1, EndLine: 2, Err: perr(2, 2, ErrInvalidUTF8)}, row(3, "c")}},
	{name: "ValidFourByte", in: "😀,a\n", want: []result{row(1, "😀", "a")}},
	{name: "ValidReplacementChar", in: "\ufffd", want: []result{row(1, "\ufffd")}},
	{name: "ValidTwoByte", in: "é,ü", want: []result{row(1, "é", "ü")}},
	{name: "NUL", in: "a,b\x00c\nd", want: []result{rowErr(1, perr(1, 4, ErrNUL), "a", "b\x00c"), row(2, "d")}},
	{name: "NULQuoted", in: "\"\x00\"", want: []result{rowErr(1, perr(1, 2, ErrNUL), "\x00")}},
	{name: "NULBeforeInvalid", in: "a\x00\xff", want: []result{rowErr(1, perr(1, 2, ErrNUL), "a\x00\xff")}},
	{name: "InvalidBeforeNUL", in: "\xff\x00", want: []result{rowErr(1, perr(1, 1, ErrInvalidUTF8), "\xff\x00")}},
	{name: "BareQuoteWinsOverInvalid", in: "\xff\"\nx", want: []result{bad(1, 2, ErrBareQuote), row(2, "x")}},

	// Dialects.
	{name: "Tab", in: "a\tb,c\t\"d\te\"\n", dialect: &tab, want: []result{row(1, "a", "b,c", "d\te")}},
	{name: "Semicolon", in: "a;\"b;c\";d\n", dialect: &semicolon, want: []result{row(1, "a", "b;c", "d")}},
	{name: "NoDoubleQuote", in: "\"a\"\"b\"\nc", dialect: &noDouble, want: []result{bad(1, 4, ErrAfterQuote), row(2, "c")}},
	{name: "NoDoubleQuoteEmpty", in: "\"\",x", dialect: &noDouble, want: []result{row(1, "", "x")}},
	{name: "EscapeInQuoted", in: `"a\"b","c\\","d""e"`, dialect: &backslash, want: []result{row(1, `a"b`, `c\`, `d"e`)}},
	{name: "EscapeOnlyInQuoted", in: `"a\"b",""`, dialect: &escOnly, want: []result{row(1, `a"b`, ``)}},
	{name: "EscapeUnquoted", in: `a\,b,c\\d,e\"f`, dialect: &backslash, want: []result{row(1, "a,b", `c\d`, `e"f`)}},
	{name: "EscapeNewline", in: "a\\\nb,c\nd", dialect: &backslash, want: []result{
		{Fields: []string{"a\nb", "c"}, Line: 1, EndLine: 2}, row(3, "d")}},
	{name: "EscapeCR", in: "a\\\rb\r\nd", dialect: &backslash, want: []result{
		{Fields: []string{"a\rb"}, Line: 1, EndLine: 2}, row(3, "d")}},
	{name: "EscapeCRLF", in: "a\\\r\nb", dialect: &backslash, want: []result{row(1, "a\r"), row(2, "b")}},
	{name: "EscapeNewlineInQuoted", in: "\"a\\\nb\"", dialect: &backslash, want: []result{
		{Fields: []string{"a\nb"}, Line: 1, EndLine: 2}}},
	{name: "EscapeJapanese", in: "\\札,\"\\幌\"", dialect: &backslash, want: []result{row(1, "札", "幌")}},
	{name: "EscapeNUL", in: "\\\x00", dialect: &backslash, want: []result{rowErr(1, perr(1, 2, ErrNUL), "\x00")}},
	{name: "EscapeInvalid", in: "a\\\xff", dialect: &backslash, want: []result{rowErr(1, perr(1, 3, ErrInvalidUTF8), "a\xff")}},
	{name: "EscapeAtEOF", in: "a,b\\", dialect: &backslash, want: []result{bad(1, 4, ErrEscape)}},
	{name: "EscapeAtEOFQuoted", in: "x\n\"ab\\", dialect: &backslash, want: []result{row(1, "x"), bad(2, 1, ErrQuote)}},
	{name: "EscapeAfterQuote", in: "\"a\"\\b\nc", dialect: &backslash, want: []result{bad(1, 4, ErrAfterQuote), row(2, "c")}},
	{name: "EscapeEscapedDelimiterAtEnd", in: "a\\,\n", dialect: &backslash, want: []result{row(1, "a,")}},
	{name: "NoQuote", in: "a\"b,\"c\"\n\"", dialect: &noQuote, want: []result{row(1, `a"b`, `"c"`), row(2, `"`)}},
	{name: "ZeroDialect", in: "a,\"b,c\"", dialect: &Dialect{}, want: []result{row(1, "a", `"b`, `c"`)}},
	{name: "SingleQuote", in: `'a,b','c''d',"e"`, dialect: &single, want: []result{row(1, "a,b", "c'd", `"e"`)}},
	{name: "SkipInitialSpace", in: "a,  b, \"c,d\"\n", dialect: &skipSpace, want: []result{row(1, "a", "b", "c,d")}},
	{name: "SkipInitialSpaceFirstField", in: "  a,b", dialect: &skipSpace, want: []result{row(1, "a", "b")}},
	{name: "SkipInitialSpaceOnlySpaces", in: "   \n  ", dialect: &skipSpace, want: []result{row(1, ""), row(2, "")}},
	{name: "SkipInitialSpaceTrailing", in: "a, \nb,", dialect: &skipSpace, want: []result{row(1, "a", ""), row(2, "b", "")}},
	{name: "SkipInitialSpaceKeepsTab", in: "a,\tb", dialect: &skipSpace, want: []result{row(1, "a", "\tb")}},
	{name: "SkipInitialSpaceKeepsInner", in: "a b ,c", dialect: &skipSpace, want: []result{row(1, "a b ", "c")}},
	{name: "SkipInitialSpaceEmptyLine", in: "a\n\nb", dialect: &skipSpace, want: []result{row(1, "a"), row(2), row(3, "b")}},
	{name: "SkipInitialSpaceAfterQuote", in: " \"a\" ,b\nc", dialect: &skipSpace, want: []result{bad(1, 5, ErrAfterQuote), row(2, "c")}},

	// Limits.
	{name: "MaxFieldBytes", in: "abc,abcd,x\nok\n", opt: Options{MaxFieldBytes: 3}, want: []result{bad(1, 5, ErrFieldTooLong), row(2, "ok")}},
	{name: "MaxFieldBytesLast", in: "abc\nabcd\nok", opt: Options{MaxFieldBytes: 3}, want: []result{row(1, "abc"), bad(2, 1, ErrFieldTooLong), row(3, "ok")}},
	{name: "MaxFieldBytesAtEOF", in: "abcd", opt: Options{MaxFieldBytes: 3}, want: []result{bad(1, 1, ErrFieldTooLong)}},
	{name: "MaxFieldBytesRunes", in: "市,札幌\n", opt: Options{MaxFieldBytes: 5}, want: []result{bad(1, 3, ErrFieldTooLong)}},
	{name: "MaxFieldBytesQuoted", in: "\"a\"\"b\",\"ab\"\"c\"\nok", opt: Options{MaxFieldBytes: 3},
		want: []result{bad(1, 8, ErrFieldTooLong), row(2, "ok")}},
	{name: "MaxFieldBytesBeforeBareQuote", in: "abcdef\"\nok", opt: Options{MaxFieldBytes: 3},
		want: []result{bad(1, 1, ErrFieldTooLong), row(2, "ok")}},
	{name: "MaxFieldBytesAfterBareQuote", in: "ab\"cdef\nok", opt: Options{MaxFieldBytes: 3},
		want: []result{bad(1, 3, ErrBareQuote), row(2, "ok")}},
	// The reader skips to the line after the byte that exceeds the limit,
	// here the "c" on line 2; line 3 is then a row.
	{name: "MaxFieldBytesMultiLine", in: "\"a\nbcd\ne\nf\",x\nz", opt: Options{MaxFieldBytes: 3},
		want: []result{bad(1, 1, ErrFieldTooLong), row(3, "e"), bad(4, 2, ErrBareQuote), row(5, "z")}},
	{name: "MaxFieldBytesEscaped", in: "ab\\cd,x", dialect: &backslash, opt: Options{MaxFieldBytes: 3},
		want: []result{bad(1, 1, ErrFieldTooLong)}},
	{name: "MaxFieldBytesEscapedFits", in: "ab\\c,x", dialect: &backslash, opt: Options{MaxFieldBytes: 3},
		want: []result{row(1, "abc", "x")}},
	{name: "MaxFieldBytesSpaces", in: "a,    b\nc", dialect: &skipSpace, opt: Options{MaxFieldBytes: 3},
		want: []result{bad(1, 3, ErrFieldTooLong), row(2, "c")}},
	{name: "MaxFields", in: "a,b,c\nd,e\n", opt: Options{MaxFields: 2}, want: []result{bad(1, 5, ErrTooManyFields), row(2, "d", "e")}},
	{name: "MaxFieldsEmpty", in: ",,\r\n,", opt: Options{MaxFields: 2}, want: []result{bad(1, 3, ErrTooManyFields), row(2, "", "")}},
	{name: "MaxFieldsQuoted", in: "\"a\nb\",c,\"d\ne\"\nf", opt: Options{MaxFields: 2},
		want: []result{bad(2, 6, ErrTooManyFields), bad(3, 2, ErrBareQuote), row(4, "f")}},
	{name: "MaxRecordBytes", in: "ab,cd\nabc,de\nok", opt: Options{MaxRecordBytes: 5},
		want: []result{row(1, "ab", "cd"), bad(2, 1, ErrRecordTooLong), row(3, "ok")}},
	{name: "MaxRecordBytesCRLF", in: "abc\r\nabcd\r\nok", opt: Options{MaxRecordBytes: 3},
		want: []result{row(1, "abc"), bad(2, 1, ErrRecordTooLong), row(3, "ok")}},
	{name: "MaxRecordBytesAtEOF", in: "abc,de", opt: Options{MaxRecordBytes: 5}, want: []result{bad(1, 1, ErrRecordTooLong)}},
	{name: "MaxRecordBytesEmptyFields", in: ",,,,\n,,,\n", opt: Options{MaxRecordBytes: 3},
		want: []result{bad(1, 1, ErrRecordTooLong), row(2, "", "", "", "")}},
	// The closing quote is the fourth byte: the record is one byte too long.
	{name: "MaxRecordBytesClosingQuote", in: "\"ab\"\nok", opt: Options{MaxRecordBytes: 3},
		want: []result{bad(1, 1, ErrRecordTooLong), row(2, "ok")}},
	// The byte beyond the limit is the second newline: reading goes on with
	// line 3, which is not a row.
	{name: "MaxRecordBytesMultiLine", in: "\"a\nb\nc\",x\nz", opt: Options{MaxRecordBytes: 4},
		want: []result{bad(1, 1, ErrRecordTooLong), bad(3, 2, ErrBareQuote), row(4, "z")}},
	// Whichever limit is exceeded at an earlier byte is reported: the field
	// "abcdef" exceeds 3 bytes at its fourth byte, offset 5 in the record.
	{name: "MaxRecordBytesFieldFirst", in: "x,abcdef\nok", opt: Options{MaxFieldBytes: 3, MaxRecordBytes: 5},
		want: []result{bad(1, 3, ErrFieldTooLong), row(2, "ok")}},
	{name: "MaxRecordBytesRecordFirst", in: "x,abcdef\nok", opt: Options{MaxFieldBytes: 3, MaxRecordBytes: 4},
		want: []result{bad(1, 1, ErrRecordTooLong), row(2, "ok")}},
	{name: "MaxRecordBytesSpaces", in: "x,     a\nok", dialect: &skipSpace, opt: Options{MaxRecordBytes: 4},
		want: []result{bad(1, 1, ErrRecordTooLong), row(2, "ok")}},
}

func TestRead(t *testing.T) {
	for _, tt := range readTests {
		for _, rd := range readers {
			t.Run(tt.name+"/"+rd.name, func(t *testing.T) {
				d := DefaultDialect()
				if tt.dialect != nil {
					d = *tt.dialect
				}
				opt := tt.opt
				opt.BufferSize = rd.bufferSize
				r := NewReader(rd.wrap(strings.NewReader(tt.in)), d, opt)
				got, err := readAll(r, len(tt.in)+2)
				if err != nil {
					t.Fatalf("Read(%q): %v", tt.in, err)
				}
				if diff := cmp.Diff(tt.want, got, cmpErrors); diff != "" {
					t.Errorf("Read(%q) = %v, want %v\ndiff (-want +got):\n%s", tt.in, got, tt.want, diff)
				}
			})
		}
	}
}

func TestPos(t *testing.T) {
	type pos struct{ Line, Col int }
	tests := []struct {
		name    string
		in      string
		dialect *Dialect
		want    [][]pos // for each record, the positions of its fields
	}{
		{"Simple", "a,bc,,d\n", nil, [][]pos{{{1, 1}, {1, 3}, {1, 6}, {1, 7}}}},
		{"Japanese", "市町村,札幌市,x\n北海道,\"函館\",y", nil, [][]pos{
			{{1, 1}, {1, 5}, {1, 9}},
			{{2, 1}, {2, 5}, {2, 10}}}},
		{"FourByte", "😀😀,a", nil, [][]pos{{{1, 1}, {1, 4}}}},
		{"Invalid", "\xff\xfe,a", nil, [][]pos{{{1, 1}, {1, 4}}}},
		{"Quoted", "\"a,b\",\"\",c", nil, [][]pos{{{1, 1}, {1, 7}, {1, 10}}}},
		{"MultiLine", "x,\"a\nbc\",d,\"e\r\nf\rg\",h\ni", nil, [][]pos{
			{{1, 1}, {1, 3}, {2, 5}, {2, 7}, {4, 4}},
			{{5, 1}}}},
		{"AfterEmptyLines", "\n\r\n\ra,b", nil, [][]pos{nil, nil, nil, {{4, 1}, {4, 3}}}},
		{"BOM", "\ufeffa,b", nil, [][]pos{{{1, 1}, {1, 3}}}},
		{"SkipInitialSpace", "  a,  \"b\", c", &skipSpace, [][]pos{{{1, 3}, {1, 7}, {1, 12}}}},
		{"EscapedNewline", "a\\\nb,c", &backslash, [][]pos{{{1, 1}, {2, 3}}}},
		{"EmptyLast", "a,", nil, [][]pos{{{1, 1}, {1, 3}}}},
	}
	for _, tt := range tests {
		for _, rd := range readers {
			t.Run(tt.name+"/"+rd.name, func(t *testing.T) {
				d := DefaultDialect()
				if tt.dialect != nil {
					d = *tt.dialect
				}
				r := NewReader(rd.wrap(strings.NewReader(tt.in)), d, Options{BufferSize: rd.bufferSize})
				var got [][]pos
				for {
					rec, err := r.Read()
					if err == io.EOF {
						break
					}
					if rec == nil {
						t.Fatalf("Read(%q): %v", tt.in, err)
					}
					var p []pos
					for i := range rec.Len() {
						l, c := rec.Pos(i)
						p = append(p, pos{l, c})
					}
					got = append(got, p)
				}
				if diff := cmp.Diff(tt.want, got); diff != "" {
					t.Errorf("Read(%q) positions = %v, want %v\ndiff (-want +got):\n%s", tt.in, got, tt.want, diff)
				}
			})
		}
	}
}

// errAfter returns the bytes of s, and then err.
type errAfter struct {
	s   string
	err error
}

func (r *errAfter) Read(p []byte) (int, error) {
	if r.s == "" {
		return 0, r.err
	}
	n := copy(p, r.s)
	r.s = r.s[n:]
	return n, nil
}

func TestReadIOError(t *testing.T) {
	errIO := errors.New("disk on fire")
	tests := []struct {
		name string
		r    func() io.Reader
		want []result // before the error
	}{
		{"ErrReader", func() io.Reader { return iotest.ErrReader(errIO) }, nil},
		{"AfterRecords", func() io.Reader { return &errAfter{"a,b\nc\n", errIO} }, []result{row(1, "a", "b"), row(2, "c")}},
		{"InUnquotedField", func() io.Reader { return &errAfter{"a,b\nc", errIO} }, []result{row(1, "a", "b")}},
		{"AfterDelimiter", func() io.Reader { return &errAfter{"a,", errIO} }, nil},
		{"InQuotedField", func() io.Reader { return &errAfter{"a\n\"b\nc", errIO} }, []result{row(1, "a")}},
		{"AfterClosingQuote", func() io.Reader { return &errAfter{"\"b\"", errIO} }, nil},
		{"AfterEscape", func() io.Reader { return &errAfter{"a\\", errIO} }, nil},
		{"AfterCR", func() io.Reader { return &errAfter{"a\r", errIO} }, []result{row(1, "a")}},
		{"InBOM", func() io.Reader { return &errAfter{"\xef\xbb", errIO} }, nil},
		{"AfterBOM", func() io.Reader { return &errAfter{"\ufeff", errIO} }, nil},
		{"WhileSkipping", func() io.Reader { return &errAfter{"a\"b", errIO} }, []result{bad(1, 2, ErrBareQuote)}},
		{"WithData", func() io.Reader { return iotest.TimeoutReader(strings.NewReader("a\nb\n")) }, []result{row(1, "a"), row(2, "b")}},
	}
	for _, tt := range tests {
		for _, bufferSize := range []int{0, 16} {
			t.Run(fmt.Sprint(tt.name, "/", bufferSize), func(t *testing.T) {
				wantErr := errIO
				if tt.name == "WithData" {
					wantErr = iotest.ErrTimeout
				}
				r := NewReader(tt.r(), backslash, Options{BufferSize: bufferSize})
				got, err := readAll(r, 20)
				if err != wantErr {
					t.Fatalf("Read = %v, %v, want error %v", got, err, wantErr)
				}
				if diff := cmp.Diff(tt.want, got, cmpErrors); diff != "" {
					t.Errorf("Read = %v, want %v\ndiff (-want +got):\n%s", got, tt.want, diff)
				}
				// The error is sticky.
				for range 2 {
					if rec, err := r.Read(); rec != nil || err != wantErr {
						t.Errorf("Read after error = %v, %v, want nil, %v", rec, err, wantErr)
					}
				}
			})
		}
	}
}

// zeroReader returns 0, nil forever.
type zeroReader struct{}

func (zeroReader) Read([]byte) (int, error) { return 0, nil }

// badCountReader returns more than it was asked for.
type badCountReader struct{}

func (badCountReader) Read(p []byte) (int, error) { return len(p) + 1, nil }

func TestReadBadReader(t *testing.T) {
	tests := []struct {
		name string
		r    io.Reader
		want error
	}{
		{"NoProgress", zeroReader{}, io.ErrNoProgress},
		{"BadCount", badCountReader{}, errBadCount},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := NewReader(tt.r, DefaultDialect(), Options{})
			if rec, err := r.Read(); rec != nil || err != tt.want {
				t.Errorf("Read() = %v, %v, want nil, %v", rec, err, tt.want)
			}
		})
	}
}

func TestDialectValidate(t *testing.T) {
	tests := []struct {
		d    Dialect
		want error
	}{
		{DefaultDialect(), nil},
		{Dialect{}, nil},
		{tab, nil},
		{backslash, nil},
		{skipSpace, nil},
		{Dialect{Delimiter: '\n'}, ErrInvalidDialect},
		{Dialect{Delimiter: '\r'}, ErrInvalidDialect},
		{Dialect{Delimiter: 0xE3}, ErrInvalidDialect},
		{Dialect{QuoteChar: '\n'}, ErrInvalidDialect},
		{Dialect{QuoteChar: ','}, ErrInvalidDialect},
		{Dialect{Delimiter: ';', QuoteChar: ';'}, ErrInvalidDialect},
		{Dialect{EscapeChar: '\r'}, ErrInvalidDialect},
		{Dialect{EscapeChar: ','}, ErrInvalidDialect},
		{Dialect{QuoteChar: '"', EscapeChar: '"'}, ErrInvalidDialect},
		{Dialect{QuoteChar: 0xFF}, ErrInvalidDialect},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%+v", tt.d), func(t *testing.T) {
			err := tt.d.Validate()
			if !errors.Is(err, tt.want) || (err == nil) != (tt.want == nil) {
				t.Errorf("%+v.Validate() = %v, want %v", tt.d, err, tt.want)
			}
			r := NewReader(strings.NewReader("a,b\n"), tt.d, Options{})
			for range 2 {
				rec, err := r.Read()
				if tt.want == nil {
					break
				}
				if rec != nil || !errors.Is(err, ErrInvalidDialect) {
					t.Errorf("Read() with dialect %+v = %v, %v, want nil, %v", tt.d, rec, err, ErrInvalidDialect)
				}
			}
		})
	}
}

func TestParseError(t *testing.T) {
	err := error(&ParseError{Line: 3, Col: 7, Err: ErrBareQuote})
	if got, want := err.Error(), "line 3, column 7: "+ErrBareQuote.Error(); got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	if !errors.Is(err, ErrBareQuote) {
		t.Errorf("errors.Is(%v, ErrBareQuote) = false, want true", err)
	}
}

func TestRecord(t *testing.T) {
	r := NewReader(strings.NewReader("ab,c,\"d\"\"\"\n"), DefaultDialect(), Options{})
	rec, err := r.Read()
	if err != nil {
		t.Fatal(err)
	}
	if got, want := rec.Len(), 3; got != want {
		t.Fatalf("Len() = %d, want %d", got, want)
	}
	// Appending to a field must not change the next one.
	_ = append(rec.Field(0), 'x', 'y')
	if got, want := rec.Strings(), []string{"ab", "c", `d"`}; !cmp.Equal(got, want) {
		t.Errorf("Strings() after append to Field(0) = %q, want %q", got, want)
	}
	if got, want := string(rec.Field(2)), `d"`; got != want {
		t.Errorf("Field(2) = %q, want %q", got, want)
	}
}

// repeatReader returns the bytes of s again and again, without allocating.
type repeatReader struct {
	s   []byte
	off int
}

func (r *repeatReader) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		c := copy(p[n:], r.s[r.off:])
		n += c
		r.off = (r.off + c) % len(r.s)
	}
	return n, nil
}

func TestReadAllocs(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		dialect Dialect
	}{
		{"Typical", "011002,2025-05-01,1973395,1234567,62.57,札幌市\n", DefaultDialect()},
		{"Mixed", "a,\"b,\"\"c\"\"\",\r\n\"multi\nline\"\r\n\n\"\"\rx", DefaultDialect()},
		{"Escapes", "a\\,b,\"c\\\"d\"\n  e,  f\n", Dialect{Delimiter: ',', QuoteChar: '"', EscapeChar: '\\', SkipInitialSpace: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := NewReader(&repeatReader{s: []byte(tt.in)}, tt.dialect, Options{BufferSize: 4096})
			read := func() {
				rec, err := r.Read()
				if err != nil {
					t.Fatalf("Read: %v", err)
				}
				if rec.Len() > 0 {
					rec.Pos(rec.Len() - 1)
				}
			}
			for range 1000 { // warm up
				read()
			}
			if allocs := testing.AllocsPerRun(10000, read); allocs != 0 {
				t.Errorf("Read allocates %v times per record, want 0", allocs)
			}
		})
	}
}

func TestReadBufferBoundaries(t *testing.T) {
	// Put a multi-byte character, an invalid one and a multi-line quoted
	// field at every possible place relative to the buffer boundaries.
	for shift := range 40 {
		pad := strings.Repeat("a", shift)
		in := pad + ",札幌\xe3\x81,\"x\r\n市\",y\n" + pad + "函館,\xff\r\nend"
		want := []result{
			{Fields: []string{pad, "札幌\xe3\x81", "x\r\n市", "y"}, Line: 1, EndLine: 2, Err: perr(1, shift+4, ErrInvalidUTF8)},
			rowErr(3, perr(3, shift+4, ErrInvalidUTF8), pad+"函館", "\xff"),
			row(4, "end"),
		}
		for _, rd := range readers {
			r := NewReader(rd.wrap(strings.NewReader(in)), DefaultDialect(), Options{BufferSize: rd.bufferSize})
			got, err := readAll(r, 10)
			if err != nil {
				t.Fatalf("Read(%q) with %s: %v", in, rd.name, err)
			}
			if diff := cmp.Diff(want, got, cmpErrors); diff != "" {
				t.Errorf("Read(%q) with %s = %v, want %v\ndiff (-want +got):\n%s", in, rd.name, got, want, diff)
			}
		}
	}
}

func TestReadLarge(t *testing.T) {
	in := benchInput()
	for _, bufferSize := range []int{0, 16, 1000} {
		r := NewReader(bytes.NewReader(in), DefaultDialect(), Options{BufferSize: bufferSize})
		n := 0
		for {
			rec, err := r.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("Read: %v", err)
			}
			n++
			if rec.Len() != 6 || rec.Line() != n || rec.EndLine() != n {
				t.Fatalf("Read() = %q on lines %d-%d, want 6 fields on line %d", rec.Strings(), rec.Line(), rec.EndLine(), n)
			}
		}
		if n != benchRows {
			t.Errorf("read %d records, want %d", n, benchRows)
		}
	}
}

func TestReadBigField(t *testing.T) {
	big := strings.Repeat("札幌市", 100000)
	in := "a," + big + ",\"" + big + "\"\nb"
	r := NewReader(iotest.HalfReader(strings.NewReader(in)), DefaultDialect(), Options{BufferSize: 16})
	got, err := readAll(r, 10)
	if err != nil {
		t.Fatal(err)
	}
	want := []result{row(1, "a", big, big), row(2, "b")}
	if !cmp.Equal(got, want, cmpErrors) {
		t.Errorf("Read(%.20q...) gave %d records, want [a big big] [b]", in, len(got))
	}
}

// limitedRepeat returns n bytes of s repeated, then suffix.
func limitedRepeat(s string, n int64, suffix string) io.Reader {
	s = strings.Repeat(s, 4096/len(s)+1) // so that repeatReader copies big chunks
	return io.MultiReader(io.LimitReader(&repeatReader{s: []byte(s)}, n), strings.NewReader(suffix))
}

func TestReadMemoryBound(t *testing.T) {
	const (
		size       = 10 << 20 // a 10 MiB hostile line
		bufferSize = 4096
		limit      = 1000
	)
	tests := []struct {
		name    string
		r       io.Reader
		dialect Dialect
		err     error
	}{
		{"LongField", limitedRepeat("a", size, "\nok"), DefaultDialect(), ErrFieldTooLong},
		{"LongQuoted", limitedRepeat("\"\"", size, "\nok"), DefaultDialect(), ErrFieldTooLong},
		{"LongEscaped", limitedRepeat("\\\\", size, "\nok"), backslash, ErrFieldTooLong},
		{"ManyFields", limitedRepeat(",", size, "\nok"), DefaultDialect(), ErrTooManyFields},
		{"ManyQuotedFields", limitedRepeat("\"\",", size, "\nok"), DefaultDialect(), ErrTooManyFields},
		{"Spaces", limitedRepeat(" ", size, "\nok"), skipSpace, ErrFieldTooLong},
		{"LongRecord", limitedRepeat("ab,", size, "\nok"), DefaultDialect(), ErrRecordTooLong},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opt := Options{BufferSize: bufferSize, MaxFieldBytes: limit, MaxFields: limit}
			if tt.err == ErrRecordTooLong {
				opt = Options{BufferSize: bufferSize, MaxRecordBytes: limit}
			}
			r := NewReader(tt.r, tt.dialect, opt)
			got, err := readAll(r, 10)
			if err != nil {
				t.Fatal(err)
			}
			want := []result{bad(1, 1, tt.err), row(2, "ok")}
			if tt.name == "ManyFields" {
				want[0] = bad(1, limit+1, tt.err)
			} else if tt.name == "ManyQuotedFields" {
				want[0] = bad(1, 3*limit+1, tt.err)
			}
			if diff := cmp.Diff(want, got, cmpErrors); diff != "" {
				t.Errorf("Read = %v, want %v\ndiff (-want +got):\n%s", got, want, diff)
			}
			if len(r.buf) > 4*limit+bufferSize {
				t.Errorf("buffer grew to %d bytes, want at most %d", len(r.buf), 4*limit+bufferSize)
			}
		})
	}
}

// TestTerminator: each record says which line ending ended it.
func TestTerminator(t *testing.T) {
	r := NewReader(strings.NewReader("a\r\nb\nc\rd"), DefaultDialect(), Options{})
	var got []string
	for {
		rec, err := r.Read()
		if err != nil {
			break
		}
		got = append(got, rec.Terminator())
	}
	want := []string{"\r\n", "\n", "\r", ""}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("Terminator() = %q, want %q", got, want)
	}
}

// TestRaw checks that Raw gives each record's bytes as they are in the
// input, terminator included, so that reading them again gives the record.
func TestRaw(t *testing.T) {
	const in = "a,\"b\nc\",日本\r\nx,y,z\n\"q\"\"\",,"
	want := []string{"a,\"b\nc\",日本\r\n", "x,y,z\n", "\"q\"\"\",,"}
	r := NewReader(strings.NewReader(in), DefaultDialect(), Options{BufferSize: 4})
	var got []string
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, string(rec.Raw()))
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Raw of each record differs (-want +got):\n%s", diff)
	}
}
