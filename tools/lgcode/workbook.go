package lgcode

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/ichiran-jp/ichiran/tools/jatext"
	"github.com/ichiran-jp/ichiran/tools/sheet"
)

// Workbook is what [ReadWorkbook] reads from the Ministry's code list.
type Workbook struct {
	// AsOf is the date the workbook is as of, from its sheet names
	// ("R6.1.1現在の団体" gives 2024-01-01); zero when they carry none.
	AsOf time.Time
	// Entries are the prefectures, municipalities and designated-city
	// wards, sorted by code, with no validity period.
	Entries []Entry
}

// ErrWorkbook is wrapped by the errors of [ReadWorkbook] when the workbook
// is not laid out as the Ministry's. / 総務省のブックの形ではないとき。
var ErrWorkbook = errors.New("全国地方公共団体コードのブックの形ではありません / not laid out as the Ministry's code list")

// ReadWorkbook reads 総務省「全国地方公共団体コード」 (.xlsx, as published at
// https://www.soumu.go.jp/denshijiti/code.html): a first sheet of the local
// governments (団体コード, 都道府県名（漢字）, 市区町村名（漢字）, 都道府県名
// （カナ）, 市区町村名（カナ）), and a second of the designated cities and
// their wards, where a ward is written with its city (札幌市中央区,
// ｻｯﾎﾟﾛｼﾁｭｳｵｳｸ). Readings are half-width katakana; cells and rows may be
// padded with spaces and blank rows. Names are kept as written (trimmed);
// readings are normalised by [NormalizeReading]; a ward's name and reading
// lose their city's; kinds are told as [ReadJPLocalGov] tells them.
//
// 総務省「全国地方公共団体コード」のブックを読みます。1 枚目は団体、2
// 枚目は政令指定都市とその区 (区名は市名つき)。読みは半角カナ。
// 区の名称と読みから市の部分を除き、読みは全角カタカナにします。
func ReadWorkbook(path string) (*Workbook, error) {
	b, err := sheet.Open(path)
	if err != nil {
		return nil, err
	}
	defer b.Close()
	names := b.Sheets()
	if len(names) < 2 {
		return nil, fmt.Errorf("%s: %w: シートが %d 枚 / %d sheets, want 2", path, ErrWorkbook, len(names), len(names))
	}
	wb := &Workbook{AsOf: sheetDate(names[0])}
	main, err := b.Rows(names[0])
	if err != nil {
		return nil, err
	}
	byCode := map[Code]int{}
	for i, row := range main {
		c, cells, ok, err := workbookRow(row)
		if err != nil {
			return nil, fmt.Errorf("%s: シート「%s」%d 行目 / sheet %q row %d: %w", path, names[0], i+1, names[0], i+1, err)
		}
		if !ok {
			continue
		}
		e := Entry{Code: c, PrefCode: c.Pref(), Prefecture: cells[1], Name: cells[2], Reading: NormalizeReading(cells[4])}
		if c.IsPrefecture() {
			e.Name, e.Reading = cells[1], NormalizeReading(cells[3])
		}
		e.Kind = kindOfName(c, e.Name)
		if e.Kind == "" || e.Name == "" || e.Reading == "" {
			return nil, fmt.Errorf("%s: シート「%s」%d 行目 / sheet %q row %d: %w: %q", path, names[0], i+1, names[0], i+1, ErrWorkbook, row)
		}
		e.County = counties[c] + northernVillages[c]
		byCode[c] = len(wb.Entries)
		wb.Entries = append(wb.Entries, e)
	}
	wards, err := b.Rows(names[1])
	if err != nil {
		return nil, err
	}
	var city *Entry
	for i, row := range wards {
		c, cells, ok, err := workbookRow(row)
		if err != nil {
			return nil, fmt.Errorf("%s: シート「%s」%d 行目 / sheet %q row %d: %w", path, names[1], i+1, names[1], i+1, err)
		}
		if !ok {
			continue
		}
		if j, ok := byCode[c]; ok {
			e := wb.Entries[j] // a designated city, listed before its wards
			city = &e
			continue
		}
		var name, reading string
		ok = city != nil && city.Code.Pref() == c.Pref()
		if ok {
			var ok1, ok2 bool
			name, ok1 = strings.CutPrefix(cells[2], city.Name)
			reading, ok2 = strings.CutPrefix(NormalizeReading(cells[4]), city.Reading)
			ok = ok1 && ok2 && name != "" && reading != ""
		}
		if !ok {
			return nil, fmt.Errorf("%s: シート「%s」%d 行目 / sheet %q row %d: %w: 区の前に市がありません / a ward not under its city: %q",
				path, names[1], i+1, names[1], i+1, ErrWorkbook, row)
		}
		wb.Entries = append(wb.Entries, Entry{Code: c, PrefCode: c.Pref(), Prefecture: cells[1], Name: name,
			Reading: reading, Kind: KindWard, Parent: city.Code})
	}
	SortEntries(wb.Entries)
	return wb, nil
}

// workbookRow reads one row: ok is false for a row that holds no code (the
// header, blank or padding rows); a row whose first cell looks like a code
// but is not one is an error.
func workbookRow(row []string) (Code, [5]string, bool, error) {
	var cells [5]string
	for i := range min(len(row), 5) {
		cells[i] = strings.TrimSpace(jatext.Fold(row[i]))
	}
	if cells[0] == "" || !allDigits(cells[0]) {
		return "", cells, false, nil
	}
	c, err := ParseLostZero(cells[0]) // a numeric cell may have lost its zero
	if err != nil {
		return "", cells, false, err
	}
	return c, cells, true, nil
}

var sheetDateRE = regexp.MustCompile(`(R|H|令和|平成)\s*(\d+|元)[.．年](\d+)[.．月](\d+)`)

// sheetDate reads a 和暦 date such as R6.1.1 (令和6年1月1日) or H31.5.1 in a
// sheet's name.
func sheetDate(name string) time.Time {
	m := sheetDateRE.FindStringSubmatch(jatext.Fold(name))
	if m == nil {
		return time.Time{}
	}
	y := 1
	if m[2] != "元" {
		y, _ = strconv.Atoi(m[2])
	}
	mo, _ := strconv.Atoi(m[3])
	d, _ := strconv.Atoi(m[4])
	switch m[1] {
	case "R", "令和":
		y += 2018
	default:
		y += 1988
	}
	t := Date(y, time.Month(mo), d)
	if t.Month() != time.Month(mo) || t.Day() != d {
		return time.Time{}
	}
	return t
}
