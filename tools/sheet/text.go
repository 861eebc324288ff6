package sheet

import (
	"archive/zip"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Limits on the text that cells decode to. / セルの文字の上限。
//
// A cell of type "s" holds only the index of a shared string, so a few
// bytes of sheet XML can stand for megabytes of text each: a 22 KB
// workbook whose cells all point at one 4 MiB shared string decodes to
// gigabytes, far under [MaxUnzipSize]. Open reads the shared strings and
// every worksheet once, as a stream, and refuses such a workbook before
// any cell is decoded. Rows checks the same limits on what it returns.
//
// 共有文字列を指すセルは数バイトで長い文字列を表せるので、Open は共有文字列と
// 各シートを一度ストリームとして読み、上限を超えるブックはセルを展開する前に
// 拒否します。
const (
	// MaxCellBytes bounds the text of one cell: Excel's own limit is
	// 32,767 characters, at most 4 bytes each in UTF-8.
	MaxCellBytes = 32767 * 4
	// MaxTextBytes bounds the text of all the cells of one sheet.
	MaxTextBytes = 64 << 20
	// MaxFormatBytes bounds a number format's code (Excel's limit is 255
	// characters), which the text of every cell using it may repeat.
	MaxFormatBytes = 255 * 4
)

// ErrCellTooLong is wrapped by the error of [Open] or [Book.Rows] when a
// cell (or a shared string, or a number format) is longer than its limit.
var ErrCellTooLong = errors.New("セルの文字が長すぎます / a cell's text is too long")

// ErrTextTooLarge is wrapped by the error of [Open] or [Book.Rows] when
// the cells of a sheet decode to more than [MaxTextBytes].
var ErrTextTooLarge = errors.New("シートのセルの文字が多すぎます / the cells of a sheet hold too much text")

// textLimits are the limits checkText applies.
type textLimits struct{ cell, text, format int64 }

var defaultText = textLimits{MaxCellBytes, MaxTextBytes, MaxFormatBytes}

// checkText reads the XML parts of the workbook at path by their root
// element (wherever the relationships put them): the lengths of the shared
// strings, the number formats, then the text each worksheet's cells
// decode to. A file that is not a zip archive is left to excelize.
func checkText(path string, lim textLimits) error {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return nil
	}
	defer zr.Close()
	var sst []int64 // the length of each shared string, the longest of any table
	var sheets []*zip.File
	for _, f := range zr.File {
		if !strings.HasSuffix(strings.ToLower(f.Name), ".xml") {
			continue
		}
		err := withRoot(f, func(root string, d *xml.Decoder) error {
			switch root {
			case "sst":
				return sharedStrings(d, &sst, lim)
			case "styleSheet":
				return numFormats(d, lim)
			case "worksheet":
				sheets = append(sheets, f)
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("%s: %w", f.Name, err)
		}
	}
	for _, f := range sheets {
		if err := withRoot(f, func(_ string, d *xml.Decoder) error { return cellText(d, sst, lim) }); err != nil {
			return fmt.Errorf("%s: %w", f.Name, err)
		}
	}
	return nil
}

// withRoot opens part f and calls fn with the name of its root element and
// the decoder just past it. A part that is not XML is left to excelize.
func withRoot(f *zip.File, fn func(root string, d *xml.Decoder) error) error {
	rc, err := f.Open()
	if err != nil {
		return nil // checkParts reports it
	}
	defer rc.Close()
	d := xml.NewDecoder(rc)
	d.Strict = false
	for {
		tok, err := d.RawToken()
		if err != nil {
			return nil
		}
		if se, ok := tok.(xml.StartElement); ok {
			return fn(se.Name.Local, d)
		}
	}
}

func tooLong(what string, n, limit int64) error {
	return fmt.Errorf("%w: %s %d バイト (上限 %d) / %s of %d bytes (limit %d)", ErrCellTooLong, what, n, limit, what, n, limit)
}

// sharedStrings records the length of the text of each <si> of a shared
// string table (every <t> in it, phonetic runs too: an overestimate).
func sharedStrings(d *xml.Decoder, sst *[]int64, lim textLimits) error {
	i := -1
	inT := false
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return nil // excelize reports broken XML
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "si":
				i++
				if i >= len(*sst) {
					*sst = append(*sst, 0)
				}
			case "t":
				inT = true
			}
		case xml.EndElement:
			if t.Name.Local == "t" {
				inT = false
			}
		case xml.CharData:
			if inT && i >= 0 {
				(*sst)[i] += int64(len(t))
				if (*sst)[i] > lim.cell {
					return tooLong(fmt.Sprintf("共有文字列 %d / shared string", i), (*sst)[i], lim.cell)
				}
			}
		}
	}
}

// numFormats checks the length of every number format code.
func numFormats(d *xml.Decoder, lim textLimits) error {
	for {
		tok, err := d.RawToken()
		if err != nil {
			return nil
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "numFmt" {
			for _, a := range se.Attr {
				if a.Name.Local == "formatCode" && int64(len(a.Value)) > lim.format {
					return tooLong("表示形式 / number format", int64(len(a.Value)), lim.format)
				}
			}
		}
	}
}

// cellText adds up the text the cells of a worksheet decode to: a shared
// string's length for a cell of type "s", else the text of its value or
// inline string.
func cellText(d *xml.Decoder, sst []int64, lim textLimits) error {
	var total, cell int64
	shared, inValue := false, false
	var index []byte
	end := func() error {
		if cell > lim.cell {
			return tooLong("セル / a cell", cell, lim.cell)
		}
		total += cell
		if total > lim.text {
			return fmt.Errorf("%w: %d バイトを超えます / more than %d bytes", ErrTextTooLarge, lim.text, lim.text)
		}
		return nil
	}
	for {
		tok, err := d.RawToken()
		if err != nil {
			return nil
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "c":
				cell, shared, index = 0, false, index[:0]
				for _, a := range t.Attr {
					if a.Name.Local == "t" && a.Value == "s" {
						shared = true
					}
				}
			case "v", "t":
				inValue = true
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "v", "t":
				inValue = false
			case "c":
				if shared {
					if n, err := strconv.Atoi(strings.TrimSpace(string(index))); err == nil && n >= 0 && n < len(sst) {
						cell += sst[n]
					}
				}
				if err := end(); err != nil {
					return err
				}
			}
		case xml.CharData:
			if !inValue {
				continue
			}
			if shared {
				if len(index) < 32 {
					index = append(index, t...)
				}
				continue
			}
			cell += int64(len(t))
		}
	}
}
