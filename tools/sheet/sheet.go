// Package sheet reads spreadsheet workbooks (.xlsx): the list of sheets and
// each sheet's cells as text, row by row.
//
// It is the only package of the repository that imports
// github.com/xuri/excelize/v2; everything else reads workbooks through it.
//
// 表計算のブック (.xlsx) を読みます。シートの一覧と、
// 各シートのセルを行ごとに文字列として返します。excelize を読み込むのはこのパッケージだけです。
//
// # Limits against zip bombs / 展開サイズの上限
//
// An .xlsx file is a zip archive, so a small file can unpack to gigabytes.
// Open refuses a workbook whose parts declare more than [MaxUnzipSize]
// (256 MiB) in all once unpacked; archive/zip also refuses a part that
// unpacks to more than it declares, so the declared sizes can be trusted.
// A worksheet or shared-string part larger than [MaxUnzipXMLSize] (64 MiB)
// is unpacked to a temporary file instead of memory, and removed by Close.
//
// .xlsx は zip なので、小さなファイルが巨大に展開されることがあります。Open
// は展開後の合計が [MaxUnzipSize] (256 MiB) を超えるブックを読みません。
// [MaxUnzipXMLSize] (64 MiB) を超えるシートや共有文字列は、
// メモリではなく一時ファイルに展開され、Close で削除されます。
//
// Book.Rows reads at most [MaxRows] rows and [MaxCells] cells of a sheet,
// so that a small sheet part cannot fill memory with blank cells.
// Book.Rows が読むのは 1 シート [MaxRows] 行・[MaxCells] セルまでです。
//
// The text of the cells is bounded too: [MaxCellBytes] a cell and
// [MaxTextBytes] a sheet, checked by Open on the XML (shared strings
// included) before any cell is decoded. / セルの文字も 1 セル
// [MaxCellBytes]、1 シート [MaxTextBytes] までで、Open がセルを展開する前に
// XML で確かめます。
package sheet

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"
)

// The unpacking limits that Open sets. / Open が設定する展開の上限。
const (
	// MaxUnzipSize bounds the unpacked size of the whole workbook.
	MaxUnzipSize = 256 << 20
	// MaxUnzipXMLSize bounds the part of one worksheet or of the shared
	// strings kept in memory; larger parts go to a temporary file.
	MaxUnzipXMLSize = 64 << 20
	// MaxRows bounds the rows of one sheet that Rows reads: Excel's own
	// limit, which a hand-made sheet without row numbers could pass.
	MaxRows = 1 << 20
	// MaxCells bounds the cells of one sheet that Rows returns, counting
	// the blank cells before the last one of each row: a few bytes of XML
	// (a cell at column XFD) cost 16,384 cells of memory.
	MaxCells = 8 << 20
)

// ErrTooLarge is wrapped by the error of [Book.Rows] when a sheet has more
// than [MaxRows] rows or [MaxCells] cells. / シートが大きすぎるとき。
var ErrTooLarge = errors.New("シートが大きすぎます / the sheet is too large")

// ErrNoSheet is wrapped by the error of [Book.Rows] when the workbook has no
// sheet of that name. / 指定した名前のシートがないとき。
var ErrNoSheet = errors.New("シートがありません / no such sheet")

// Error is the error of this package: which workbook (and sheet) could not
// be read, and why.
type Error struct {
	Path  string // the workbook's file / ブックのファイル
	Sheet string // the sheet, when the problem is in one / シート (該当する場合)
	Err   error  // the cause / 原因
}

func (e *Error) Error() string {
	if e.Sheet != "" {
		return fmt.Sprintf("%s: シート「%s」を読めません / cannot read sheet %q: %v", e.Path, e.Sheet, e.Sheet, e.Err)
	}
	return fmt.Sprintf("%s: ブックを読めません / cannot read the workbook: %v", e.Path, e.Err)
}

func (e *Error) Unwrap() error { return e.Err }

// Book is an open workbook. Close it when done.
type Book struct {
	path              string
	f                 *excelize.File
	maxRows, maxCells int
	text              textLimits
}

// Open opens the .xlsx workbook at path, with the limits above.
func Open(path string) (*Book, error) {
	return open(path, MaxUnzipSize, MaxUnzipXMLSize)
}

// Options are per-call limits for [OpenWith]. A field that is zero (or
// negative) takes the default of [Open].
//
// OpenWith の上限。0 以下の項目は Open と同じ既定値です。
type Options struct {
	// MaxUnzipSize bounds the unpacked size of the whole workbook, as
	// [MaxUnzipSize] does for Open. Parts kept in memory are bounded by the
	// smaller of it and [MaxUnzipXMLSize].
	MaxUnzipSize int64
}

// OpenWith opens the .xlsx workbook at path, with the limits of opt.
func OpenWith(path string, opt Options) (*Book, error) {
	unzip := opt.MaxUnzipSize
	if unzip <= 0 {
		unzip = MaxUnzipSize
	}
	return open(path, unzip, min(unzip, MaxUnzipXMLSize))
}

func open(path string, unzip, unzipXML int64) (*Book, error) {
	if err := checkParts(path, unzip); err != nil {
		return nil, &Error{Path: path, Err: err}
	}
	if err := checkText(path, defaultText); err != nil {
		return nil, &Error{Path: path, Err: err}
	}
	f, err := excelize.OpenFile(path, excelize.Options{
		UnzipSizeLimit:    unzip,
		UnzipXMLSizeLimit: unzipXML,
	})
	if err != nil {
		if f != nil {
			f.Close()
		}
		return nil, &Error{Path: path, Err: err}
	}
	return &Book{path: path, f: f, maxRows: MaxRows, maxCells: MaxCells, text: defaultText}, nil
}

// Sheets returns the names of the sheets, in the workbook's order.
func (b *Book) Sheets() []string {
	return b.f.GetSheetList()
}

// Rows returns the cells of the named sheet as text (formatted as the
// workbook shows them), one slice per row from the first row on. Empty rows
// are kept as empty slices so that row i is line i+1 of the sheet; trailing
// empty cells of a row are dropped, so rows may differ in length.
//
// シートのセルを表示どおりの文字列で、1 行目から行ごとに返します。空の行も
// (長さ 0 で) 残すので、i 番目はシートの i+1 行目です。
// 行末の空のセルは省かれます。
func (b *Book) Rows(sheet string) ([][]string, error) {
	idx, err := b.f.GetSheetIndex(sheet)
	if err != nil || idx < 0 {
		if err == nil {
			err = ErrNoSheet
		}
		return nil, &Error{Path: b.path, Sheet: sheet, Err: err}
	}
	it, err := b.f.Rows(sheet)
	if err != nil {
		return nil, &Error{Path: b.path, Sheet: sheet, Err: err}
	}
	var out [][]string
	last, cells := 0, 0
	var text int64
	for it.Next() {
		row, err := it.Columns()
		if err != nil {
			it.Close()
			return nil, &Error{Path: b.path, Sheet: sheet, Err: err}
		}
		for _, c := range row {
			if n := int64(len(c)); n > b.text.cell {
				it.Close()
				return nil, &Error{Path: b.path, Sheet: sheet, Err: tooLong("セル / a cell", n, b.text.cell)}
			}
			if text += int64(len(c)); text > b.text.text {
				it.Close()
				return nil, &Error{Path: b.path, Sheet: sheet, Err: fmt.Errorf("%w: %d バイトを超えます / more than %d bytes", ErrTextTooLarge, b.text.text, b.text.text)}
			}
		}
		cells += len(row)
		if len(out) >= b.maxRows || cells > b.maxCells {
			it.Close()
			return nil, &Error{Path: b.path, Sheet: sheet, Err: fmt.Errorf("%w: %d 行・%d セルまで読みます / at most %d rows and %d cells are read",
				ErrTooLarge, b.maxRows, b.maxCells, b.maxRows, b.maxCells)}
		}
		out = append(out, row)
		if len(row) > 0 {
			last = len(out)
		}
	}
	if err := it.Error(); err != nil {
		it.Close()
		return nil, &Error{Path: b.path, Sheet: sheet, Err: err}
	}
	if err := it.Close(); err != nil {
		return nil, &Error{Path: b.path, Sheet: sheet, Err: err}
	}
	return out[:last], nil
}

// Close releases the workbook and removes its temporary files.
func (b *Book) Close() error {
	if err := b.f.Close(); err != nil {
		return &Error{Path: b.path, Err: err}
	}
	return nil
}

// checkParts unpacks every part of the archive at path once, without
// keeping it, up to the size it declares: excelize ignores the errors of
// a part that unpacks to more than it declares or whose CRC is wrong, and
// would read it cut short or corrupt, silently. The declared sizes are
// checked against limit first. A file that is not a zip archive is left
// to excelize to report.
func checkParts(path string, limit int64) error {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return nil
	}
	defer zr.Close()
	var total uint64
	for _, f := range zr.File {
		total += f.UncompressedSize64
		if f.UncompressedSize64 > uint64(limit) || total > uint64(limit) {
			return fmt.Errorf("展開後の大きさが上限 %d バイトを超えます / unzip size exceeds the %d bytes limit", limit, limit)
		}
	}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			return fmt.Errorf("%s: %w", f.Name, err)
		}
		_, err = io.Copy(io.Discard, io.LimitReader(rc, int64(f.UncompressedSize64)+1))
		rc.Close()
		if err != nil {
			return fmt.Errorf("%s: 壊れています / the part is corrupt: %w", f.Name, err)
		}
	}
	return nil
}
