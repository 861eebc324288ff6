package tablecsv

import (
	"bytes"
	"encoding/csv"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

// csvRecord is a record with the positions of its fields, as both readers
// give them.
type csvRecord struct {
	Fields []string
	Pos    [][2]int // line and column (in runes) of each field
}

// readEncodingCSV reads in with encoding/csv. Its columns, which count bytes,
// are turned into columns that count runes.
func readEncodingCSV(in []byte) ([]csvRecord, error) {
	lines := bytes.Split(in, []byte("\n"))
	r := csv.NewReader(bytes.NewReader(in))
	r.FieldsPerRecord = -1
	var recs []csvRecord
	for {
		fields, err := r.Read()
		if err == io.EOF {
			return recs, nil
		}
		if err != nil {
			return recs, err
		}
		rec := csvRecord{Fields: fields}
		for i := range fields {
			line, col := r.FieldPos(i)
			col = 1 + utf8.RuneCount(lines[line-1][:col-1])
			rec.Pos = append(rec.Pos, [2]int{line, col})
		}
		recs = append(recs, rec)
	}
}

// readTablecsv reads in with the default dialect, leaving out empty lines
// (which encoding/csv skips) and turning "\r\n" in fields into "\n" (as
// encoding/csv does). It stops at the first error.
func readTablecsv(in []byte) ([]csvRecord, error) {
	r := NewReader(bytes.NewReader(in), DefaultDialect(), Options{})
	var recs []csvRecord
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return recs, nil
		}
		if err != nil {
			return recs, err
		}
		if rec.Len() == 0 {
			continue
		}
		var c csvRecord
		for i := range rec.Len() {
			c.Fields = append(c.Fields, strings.ReplaceAll(string(rec.Field(i)), "\r\n", "\n"))
			line, col := rec.Pos(i)
			c.Pos = append(c.Pos, [2]int{line, col})
		}
		recs = append(recs, c)
	}
}

// randomCSV returns a valid RFC 4180 input made of random fields.
func randomCSV(rng *rand.Rand) []byte {
	pieces := []string{"a", "bc", "1", ",", "\"", "\n", "\r\n", " ", "é", "札幌市", "😀", ""}
	newlines := []string{"\n", "\r\n"}
	var b bytes.Buffer
	rows := rng.IntN(5)
	for row := range rows {
		if row > 0 {
			b.WriteString(newlines[rng.IntN(2)])
		}
		for f := range rng.IntN(5) {
			if f > 0 {
				b.WriteByte(',')
			}
			var field strings.Builder
			for range rng.IntN(4) {
				field.WriteString(pieces[rng.IntN(len(pieces))])
			}
			s := field.String()
			if strings.ContainsAny(s, ",\"\r\n") || rng.IntN(4) == 0 {
				s = `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
			}
			b.WriteString(s)
		}
	}
	if rows > 0 && rng.IntN(2) == 0 {
		b.WriteString(newlines[rng.IntN(2)])
	}
	return b.Bytes()
}

var differentialInputs = []string{
	"",
	"a,b,c\n",
	"a,b,c",
	"a,b\r\nc,d\r\n",
	"\"a,b\",\"c\"\"d\",\"\"\n",
	"\"multi\nline\",x\ny\n",
	"\"multi\r\nline\",x\r\ny\r\n",
	"a\n\nb\n\n\n",
	"\n\na",
	",\n,,\n",
	"\"\"\n\"\",\"\"",
	" a , b \n",
	"市町村,札幌市\n北海道,\"函館,市\"\n",
	"😀,é\n",
	"a,\"b\n\nc\",d\n",
}

func TestDifferential(t *testing.T) {
	inputs := differentialInputs
	rng := rand.New(rand.NewPCG(1, 2))
	for range 3000 {
		inputs = append(inputs, string(randomCSV(rng)))
	}
	for _, in := range inputs {
		want, err := readEncodingCSV([]byte(in))
		if err != nil {
			t.Fatalf("encoding/csv: Read(%q): %v", in, err)
		}
		got, err := readTablecsv([]byte(in))
		if err != nil {
			t.Errorf("Read(%q): %v", in, err)
			continue
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("Read(%q) = %v, want %v (from encoding/csv)\ndiff (-want +got):\n%s", in, got, want, diff)
		}
	}
}

func FuzzRead(f *testing.F) {
	for _, tt := range readTests {
		d := DefaultDialect()
		if tt.dialect != nil {
			d = *tt.dialect
		}
		f.Add([]byte(tt.in), d.Delimiter, d.QuoteChar, d.EscapeChar, d.DoubleQuote, d.SkipInitialSpace, uint16(tt.opt.MaxFieldBytes), uint8(tt.opt.MaxFields), uint8(tt.opt.MaxRecordBytes))
	}
	for _, in := range differentialInputs {
		f.Add([]byte(in), byte(','), byte('"'), byte(0), true, false, uint16(0), uint8(0), uint8(0))
	}
	// Real-world tables when the shared corpus is there (never copied).
	for _, glob := range []string{"../../../shared/corpus/frictionless/data/*.csv", "../../../shared/corpus/realdata/*/*.csv"} {
		files, _ := filepath.Glob(glob)
		for _, name := range files {
			if b, err := os.ReadFile(name); err == nil && len(b) <= 64<<10 {
				f.Add(b, byte(','), byte('"'), byte(0), true, false, uint16(0), uint8(0), uint8(0))
			}
		}
	}
	f.Fuzz(func(t *testing.T, in []byte, delim, quote, esc byte, doubleQuote, skipSpace bool, maxFieldBytes uint16, maxFields, maxRecordBytes uint8) {
		d := Dialect{Delimiter: delim, QuoteChar: quote, DoubleQuote: doubleQuote, EscapeChar: esc, SkipInitialSpace: skipSpace}
		opt := Options{MaxFieldBytes: int(maxFieldBytes), MaxFields: int(maxFields), MaxRecordBytes: int(maxRecordBytes)}
		if err := d.Validate(); err != nil {
			if _, err := NewReader(bytes.NewReader(in), d, opt).Read(); err == nil {
				t.Fatalf("Read with invalid dialect %+v: no error", d)
			}
			return
		}

		// Read the whole input (in which every Read must make progress), and
		// read it again one byte at a time: the results must not depend on
		// how the input is read.
		got, err := readAll(NewReader(bytes.NewReader(in), d, opt), len(in)+2)
		if err != nil {
			t.Fatalf("Read(%q) with %+v: %v", in, d, err)
		}
		opt.BufferSize = 16
		got1, err := readAll(NewReader(iotest.OneByteReader(bytes.NewReader(in)), d, opt), len(in)+2)
		if err != nil {
			t.Fatalf("Read(%q) with %+v, one byte at a time: %v", in, d, err)
		}
		if diff := cmp.Diff(got, got1, cmpErrors); diff != "" {
			t.Fatalf("Read(%q) with %+v = %v, but %v when read one byte at a time\ndiff:\n%s", in, d, got, got1, diff)
		}

		// Fields come from the input, and positions are within it.
		lines := 1 + bytes.Count(in, []byte("\n")) + bytes.Count(in, []byte("\r")) - bytes.Count(in, []byte("\r\n"))
		total, lastLine := 0, 1
		for _, res := range got {
			if res.Fields != nil {
				if res.Line < lastLine || res.EndLine < res.Line || res.EndLine > lines {
					t.Fatalf("Read(%q) with %+v: record %v on lines %d-%d, after line %d of %d", in, d, res.Fields, res.Line, res.EndLine, lastLine, lines)
				}
				lastLine = res.EndLine
				for _, f := range res.Fields {
					total += len(f)
				}
			}
			if e := res.Err; e != nil && (e.Line < 1 || e.Line > lines || e.Col < 1 || e.Col > len(in)+1) {
				t.Fatalf("Read(%q) with %+v: error position %d:%d out of the input", in, d, e.Line, e.Col)
			}
		}
		if total > len(in) {
			t.Fatalf("Read(%q) with %+v: %d bytes of fields from %d bytes of input", in, d, total, len(in))
		}

		// With the default dialect, valid inputs that encoding/csv can read
		// must give the same records.
		if d != DefaultDialect() || opt.MaxFieldBytes != 0 || opt.MaxFields != 0 || opt.MaxRecordBytes != 0 ||
			!utf8.Valid(in) || bytes.ContainsAny(in, "\r\x00") || bytes.HasPrefix(in, bom) {
			return
		}
		want, err := readEncodingCSV(in)
		if err != nil {
			if _, err := readTablecsv(in); err == nil {
				t.Fatalf("Read(%q): no error, but encoding/csv: %v", in, err)
			}
			return
		}
		got2, err := readTablecsv(in)
		if err != nil {
			t.Fatalf("Read(%q): %v, but encoding/csv reads it", in, err)
		}
		if diff := cmp.Diff(want, got2); diff != "" {
			t.Fatalf("Read(%q) = %v, want %v (from encoding/csv)\ndiff (-want +got):\n%s", in, got2, want, diff)
		}
	})
}
