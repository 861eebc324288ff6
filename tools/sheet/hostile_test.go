package sheet

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
)

// Hostile workbooks, built in a temporary directory: zip bombs (honest and
// lying about their size), sheets that cost memory far beyond their bytes,
// and external links. Each must be refused with a clear error, or read,
// with memory bounded and no network.

// plainBook is a small workbook written by Write, as bytes.
func plainBook(t testing.TB) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, Props{Title: "t"}, Sheet{Name: "Sheet1", Rows: [][]string{{"code", "n"}, {"011002", "1"}}}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// part is one zip entry to put in a rebuilt workbook: its content comes
// from write; raw, when set, writes it as it is with the header given
// (sizes and CRC may lie).
type part struct {
	name  string
	write func(w io.Writer) error
	raw   *zip.FileHeader
	data  []byte // raw: the compressed bytes
}

// rezip copies the workbook src, replacing or adding the parts given.
func rezip(t testing.TB, src []byte, parts ...part) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(src), int64(len(src)))
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]part{}
	for _, p := range parts {
		byName[p.name] = p
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	put := func(p part) {
		if p.raw != nil {
			w, err := zw.CreateRaw(p.raw)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := w.Write(p.data); err != nil {
				t.Fatal(err)
			}
			return
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: p.name, Method: zip.Deflate})
		if err != nil {
			t.Fatal(err)
		}
		if err := p.write(w); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range zr.File {
		if p, ok := byName[f.Name]; ok {
			put(p)
			delete(byName, f.Name)
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		put(part{name: f.Name, write: func(w io.Writer) error { _, err := w.Write(b); return err }})
	}
	for _, p := range parts {
		if _, ok := byName[p.name]; ok {
			put(p)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

const sheetPart = "xl/worksheets/sheet1.xml"

// sheetXML writes a worksheet whose sheetData is n times row (with %d the
// row number, 1-based; %[1]d to repeat it).
func sheetXML(n int, row string) func(w io.Writer) error {
	return func(w io.Writer) error {
		if _, err := io.WriteString(w, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`+
			`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`); err != nil {
			return err
		}
		for i := 1; i <= n; i++ {
			s := row
			if strings.Contains(row, "%") {
				s = fmt.Sprintf(row, i)
			}
			if _, err := io.WriteString(w, s); err != nil {
				return err
			}
		}
		_, err := io.WriteString(w, `</sheetData></worksheet>`)
		return err
	}
}

func save(t testing.TB, b []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "hostile.xlsx")
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// readAll opens the workbook and reads its first sheet, and measures the
// bytes allocated meanwhile.
func readAll(t testing.TB, path string) (rows [][]string, alloc uint64, err error) {
	t.Helper()
	runtime.GC()
	var m0, m1 runtime.MemStats
	runtime.ReadMemStats(&m0)
	defer func() {
		runtime.ReadMemStats(&m1)
		alloc = m1.TotalAlloc - m0.TotalAlloc
	}()
	b, err := Open(path)
	if err != nil {
		return nil, 0, err
	}
	defer b.Close()
	rows, err = b.Rows(b.Sheets()[0])
	return rows, 0, err
}

// TestZipBomb: a sheet part that unpacks to 300 MiB (past MaxUnzipSize)
// from a file of a few hundred KiB is refused by Open, before unpacking.
func TestZipBomb(t *testing.T) {
	if testing.Short() {
		t.Skip("short: compresses 300 MiB")
	}
	row := `<row><c t="inlineStr"><is><t>` + strings.Repeat("A", 64) + `</t></is></c></row>`
	n := 300 << 20 / len(row)
	path := save(t, rezip(t, plainBook(t), part{name: sheetPart, write: sheetXML(n, row)}))
	if fi, _ := os.Stat(path); fi.Size() > 2<<20 {
		t.Fatalf("the bomb is %d bytes; want a small file", fi.Size())
	}
	_, alloc, err := readAll(t, path)
	var se *Error
	if !errors.As(err, &se) || !strings.Contains(err.Error(), "unzip size exceeds") {
		t.Fatalf("err = %v; want a *sheet.Error for the unzip limit", err)
	}
	if alloc > 64<<20 {
		t.Errorf("refusing the bomb allocated %d MiB", alloc>>20)
	}
}

// TestLyingZipBomb: a sheet part whose header declares 1 KiB but that
// unpacks to 64 MiB. excelize reads a part up to its declared size, so
// without a check it read the first 1 KiB as the whole sheet, silently;
// Open now checks every part against its declared size and CRC first.
// Nothing near 64 MiB is held.
func TestLyingZipBomb(t *testing.T) {
	var raw bytes.Buffer
	row := `<row><c><v>1</v></c></row>`
	data := &bytes.Buffer{}
	sheetXML(64<<20/len(row), row)(data)
	fw, _ := flate.NewWriter(&raw, flate.BestSpeed)
	fw.Write(data.Bytes())
	fw.Close()
	hdr := &zip.FileHeader{Name: sheetPart, Method: zip.Deflate, CRC32: crc32.ChecksumIEEE(data.Bytes()),
		CompressedSize64: uint64(raw.Len()), UncompressedSize64: 1024}
	data = nil
	path := save(t, rezip(t, plainBook(t), part{name: sheetPart, raw: hdr, data: raw.Bytes()}))
	rows, alloc, err := readAll(t, path)
	if err == nil {
		t.Fatalf("read %d rows of a part that lies about its size; want an error", len(rows))
	}
	var se *Error
	if !errors.As(err, &se) || !errors.Is(err, zip.ErrFormat) {
		t.Errorf("err = %v; want a *sheet.Error wrapping zip.ErrFormat", err)
	}
	if alloc > 32<<20 {
		t.Errorf("reading the lying part allocated %d MiB", alloc>>20)
	}
}

// TestWideRows: 600 rows of one cell each at column XFD are 20 KiB of
// XML but 600 × 16,384 cells: Rows stops at MaxCells with ErrTooLarge.
func TestWideRows(t *testing.T) {
	path := save(t, rezip(t, plainBook(t), part{name: sheetPart, write: sheetXML(600, `<row r="%[1]d"><c r="XFD%[1]d"><v>1</v></c></row>`)}))
	_, alloc, err := readAll(t, path)
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("err = %v; want ErrTooLarge", err)
	}
	if !strings.Contains(err.Error(), fmt.Sprint(MaxCells)) {
		t.Errorf("err = %v; want the limit named", err)
	}
	// MaxCells strings (16 bytes each) and the slices that grew to them.
	if alloc > 1<<30 {
		t.Errorf("allocated %d MiB", alloc>>20)
	}
}

// TestManyRows: rows without numbers can pass Excel's 1,048,576; Rows
// stops at its limit (lowered here to keep the test quick).
func TestManyRows(t *testing.T) {
	path := save(t, rezip(t, plainBook(t), part{name: sheetPart, write: sheetXML(5000, `<row><c><v>1</v></c></row>`)}))
	b, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	b.maxRows = 4000
	if _, err := b.Rows("Sheet1"); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("err = %v; want ErrTooLarge", err)
	}
	b.maxRows = 5000
	rows, err := b.Rows("Sheet1")
	if err != nil || len(rows) != 5000 {
		t.Fatalf("at the limit: %d rows, %v; want 5000, nil", len(rows), err)
	}
}

// TestExternalLinks: a workbook with an external link (to a server that
// counts its requests) and a formula using it is read — the cached value —
// without the link being followed.
func TestExternalLinks(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer srv.Close()
	text := func(s string) func(w io.Writer) error {
		return func(w io.Writer) error { _, err := io.WriteString(w, s); return err }
	}
	src := plainBook(t)
	zr, _ := zip.NewReader(bytes.NewReader(src), int64(len(src)))
	read := func(name string) string {
		for _, f := range zr.File {
			if f.Name == name {
				rc, _ := f.Open()
				b, _ := io.ReadAll(rc)
				rc.Close()
				return string(b)
			}
		}
		t.Fatalf("no %s", name)
		return ""
	}
	rels := strings.Replace(read("xl/_rels/workbook.xml.rels"), "</Relationships>",
		`<Relationship Id="rIdX1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/externalLink" Target="externalLinks/externalLink1.xml"/></Relationships>`, 1)
	wb := read("xl/workbook.xml")
	wb = strings.Replace(wb, "</sheets>", `</sheets><externalReferences><externalReference r:id="rIdX1"/></externalReferences>`, 1)
	ct := strings.Replace(read("[Content_Types].xml"), "</Types>",
		`<Override PartName="/xl/externalLinks/externalLink1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.externalLink+xml"/></Types>`, 1)
	book := rezip(t, src,
		part{name: "xl/_rels/workbook.xml.rels", write: text(rels)},
		part{name: "xl/workbook.xml", write: text(wb)},
		part{name: "[Content_Types].xml", write: text(ct)},
		part{name: "xl/externalLinks/externalLink1.xml", write: text(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
			`<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
			`<externalBook r:id="rId1"><sheetNames><sheetName val="Sheet1"/></sheetNames></externalBook></externalLink>`)},
		part{name: "xl/externalLinks/_rels/externalLink1.xml.rels", write: text(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
			`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/externalLinkPath" Target="` + srv.URL + `/evil.xlsx" TargetMode="External"/></Relationships>`)},
		part{name: sheetPart, write: sheetXML(1, `<row r="1"><c r="A1" t="inlineStr"><is><t>011002</t></is></c><c r="B1"><f>[1]Sheet1!A1</f><v>42</v></c></row>`)},
	)
	rows, _, err := readAll(t, save(t, book))
	if err != nil {
		t.Fatalf("a workbook with an external link: %v; want it read", err)
	}
	if got := fmt.Sprint(rows); got != "[[011002 42]]" {
		t.Errorf("rows = %s; want the cached value [[011002 42]]", got)
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("the external link was fetched %d times", n)
	}
}
