package lgcode

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/ichiran-jp/ichiran/tools/jatext"
)

// Named is a local government named in a change: its name as the record
// writes it and its code (the 5-digit 標準地域コード of the record with the
// check digit added; empty when the record gives none).
type Named struct {
	Name string
	Code Code
}

// ChangeKind is the kind of a change, in the words of the e-Stat records.
type ChangeKind string

// The kinds of change. Only ChangeNone leaves the codes as they were.
const (
	ChangeCityStatus ChangeKind = "市制施行"     // 町村が市に: From one, To one (new code)
	ChangeTownStatus ChangeKind = "町制施行"     // 村が町に
	ChangeRename     ChangeKind = "名称変更"     // same or new code
	ChangeCounty     ChangeKind = "郡の区域変更"   // a town or village moves to another county: new code
	ChangeArea       ChangeKind = "区域変更"     // (北海道の支庁) new code
	ChangeAbsorb     ChangeKind = "編入"       // From absorbed into To, which stays
	ChangeMerge      ChangeKind = "合併"       // From merged into a new To
	ChangeAbolish    ChangeKind = "廃止"       // From abolished
	ChangeCreate     ChangeKind = "新設"       // To created
	ChangeSplit      ChangeKind = "分離"       // To split off From, which stays
	ChangeDesignated ChangeKind = "政令指定都市施行" // a city's code changes as it becomes designated
	ChangeReorganise ChangeKind = "区の再編"     // wards From regrouped into To
	ChangeNone       ChangeKind = "コードの変更なし" // 中核市・特例市への移行、区の再編の見出し
	ChangeUnknown    ChangeKind = "不明"       // a sentence not read: for a person to read
)

// Change is one change of the municipal codes, read from one sentence of
// the e-Stat 廃置分合 history. It is a proposal: a person checks it before
// entries go into the table.
//
// e-Stat「市区町村の廃置分合」の 1 文から読んだ変更 (の提案)。
type Change struct {
	Date time.Time  // 施行年月日
	Kind ChangeKind // 変更の種類
	From []Named    // before: abolished, renamed, absorbed / 変更前
	To   []Named    // after: created, renamed, absorbing / 変更後
	Text string     // the sentence as written / 原文
}

// ErrChange is wrapped by the errors of [ParseChange] and
// [ReadEStatHistory] for a sentence they cannot read.
var ErrChange = errors.New("廃置分合の文を読めません / cannot read the change")

var (
	estatCodeRE  = regexp.MustCompile(`\((?:[^()、]*、)?(\d{5})\)`) // (40305), (すだまちょう、19403)
	estatParenRE = regexp.MustCompile(`\([^()]*\)`)
	estatStatus  = regexp.MustCompile(`^に(市制|町制|村制)施行$`)
	estatMergeRE = regexp.MustCompile(`^が(?:合併|統合)し、(.+)を新設$`)
	// The words that join a name to the one before it, longest first.
	estatJoins = []string{"が合併し、", "が統合し、", "から分離し、", "を分割し、", "、", "が", "を", "の", "と"}
)

// ParseChange reads one sentence of the e-Stat 廃置分合 history, such as
// 「那珂川町(40305)が那珂川市(40231)に市制施行」, 「篠山市(28221)が丹波篠山市
// (28221)に名称変更」 or 「A町(xxxxx)、B村(xxxxx)がC市(xxxxx)に編入」. Half-
// and full-width brackets and digits are both read; remarks in brackets
// without a code are dropped. A sentence that changes no code gives Kind
// [ChangeNone]; one it cannot read, Kind [ChangeUnknown] and an error
// wrapping [ErrChange].
//
// 廃置分合の 1 文を読みます。全角・半角のかっこと数字のどちらも可。
func ParseChange(date time.Time, sentence string) (Change, error) {
	c := Change{Date: day(date), Kind: ChangeUnknown, Text: sentence}
	s := strings.TrimSpace(jatext.Fold(sentence))
	locs := estatCodeRE.FindAllStringSubmatchIndex(s, -1)
	if len(locs) == 0 {
		return c, fmt.Errorf("%w: コードがありません / no code: %q", ErrChange, sentence)
	}
	var items []Named
	joins := make([]string, len(locs))
	prev := 0
	for i, loc := range locs {
		seg := estatParenRE.ReplaceAllString(s[prev:loc[0]], "")
		for _, j := range estatJoins {
			if rest, ok := strings.CutPrefix(seg, j); ok && i > 0 {
				seg, joins[i] = rest, j
				break
			}
		}
		name := strings.TrimSpace(seg)
		code := s[loc[2]:loc[3]]
		if name == "" {
			return c, fmt.Errorf("%w: %s の名前がありません / no name before %s: %q", ErrChange, code, code, sentence)
		}
		items = append(items, Named{Name: name, Code: Code(code + string(checkDigit(code)))})
		prev = loc[1]
	}
	tail := strings.TrimSpace(estatParenRE.ReplaceAllString(s[prev:], ""))
	n := len(items)
	last := joins[n-1]
	set := func(k ChangeKind, from, to []Named) (Change, error) {
		c.Kind, c.From, c.To = k, from, to
		return c, nil
	}
	// One to one, or pairwise: A(…)、B(…)がC(…)、D(…)に郡の区域変更.
	oneToOne := n%2 == 0 && joins[n/2] == "が" && !slices.Contains(joins[1:n/2], "が")
	half := n / 2
	switch m := estatMergeRE.FindStringSubmatch(tail); {
	case m != nil:
		return set(ChangeMerge, items, []Named{{Name: strings.TrimSpace(m[1])}})
	case estatStatus.MatchString(tail) && n == 2 && last == "が":
		if strings.HasPrefix(tail, "に市制") {
			return set(ChangeCityStatus, items[:1], items[1:])
		}
		return set(ChangeTownStatus, items[:1], items[1:])
	case tail == "に名称変更" && oneToOne:
		return set(ChangeRename, items[:half], items[half:])
	case tail == "に郡の区域変更" && oneToOne:
		return set(ChangeCounty, items[:half], items[half:])
	case tail == "に区域変更" && oneToOne:
		return set(ChangeArea, items[:half], items[half:])
	case tail == "に編入" && n >= 2 && last == "が":
		return set(ChangeAbsorb, items[:n-1], items[n-1:])
	case tail == "を新設" && n >= 2 && (last == "が合併し、" || last == "が統合し、"):
		return set(ChangeMerge, items[:n-1], items[n-1:])
	case tail == "を新設" && slices.Contains(joins, "を分割し、"):
		k := slices.Index(joins, "を分割し、")
		return set(ChangeSplit, items[:k], items[k:])
	case tail == "を新設" && slices.Contains(joins, "から分離し、"):
		k := slices.Index(joins, "から分離し、")
		return set(ChangeSplit, nil, items[k:])
	case tail == "の廃止":
		return set(ChangeAbolish, items, nil)
	case tail == "の新設":
		return set(ChangeCreate, nil, items)
	case (tail == "への政令指定都市施行" || tail == "への政令指定都市移行") && n == 2 && last == "の":
		return set(ChangeDesignated, items[:1], items[1:])
	case tail == "に再編" && n >= 2 && last == "を":
		return set(ChangeReorganise, items[:n-1], items[n-1:])
	case strings.HasSuffix(tail, "に移行") && n == 1, strings.HasPrefix(tail, "の区の再編") && n == 1:
		return set(ChangeNone, nil, nil)
	}
	return c, fmt.Errorf("%w: %q", ErrChange, sentence)
}

// Propose returns the table rows the change calls for, as far as the record
// tells them: for a code that ends, its name, ValidTo (the day before the
// change) and Successor (when the change has one code after it); for a code
// that begins, its name and ValidFrom. Prefecture, reading and kind are left
// for a person to fill in. Counties abolished (筑紫郡(40300)の廃止) are not
// in the table and give nothing.
//
// 変更から参照表の行を提案します (都道府県・読み・種類は人が補います)。
func (c Change) Propose() []Entry {
	if c.Kind == ChangeNone || c.Kind == ChangeUnknown {
		return nil
	}
	last := c.Date.AddDate(0, 0, -1)
	var successor Code
	if len(c.To) == 1 {
		successor = c.To[0].Code
	}
	var out []Entry
	for i, f := range c.From {
		if strings.HasSuffix(f.Name, "郡") && c.Kind == ChangeAbolish {
			continue
		}
		successor := successor
		if len(c.From) == len(c.To) && len(c.To) > 1 && c.Kind != ChangeReorganise {
			successor = c.To[i].Code // pairwise
		}
		same := slices.ContainsFunc(c.To, func(t Named) bool { return t.Code == f.Code })
		if same && c.Kind != ChangeRename {
			continue // the code goes on (編入: the absorbing one)
		}
		out = append(out, Entry{Code: f.Code, PrefCode: f.Code.Pref(), Name: f.Name, ValidTo: last, Successor: successor})
	}
	if c.Kind == ChangeAbsorb {
		return out
	}
	for _, t := range c.To {
		if t.Code == "" {
			continue
		}
		out = append(out, Entry{Code: t.Code, PrefCode: t.Code.Pref(), Name: t.Name, ValidFrom: c.Date})
	}
	return out
}

// estatColumns are the columns of the e-Stat CSV download.
var estatColumns = []string{"標準地域コード", "都道府県", "政令市・郡・支庁・振興局等", "政令市・郡・支庁・振興局等（ふりがな）", "市区町村", "市区町村（ふりがな）", "廃置分合等施行年月日", "改正事由"}

// ReadEStatHistory reads the CSV of e-Stat「市区町村の廃置分合」
// (https://www.e-stat.go.jp/municipalities/cities/absorption-separation-of-municipalities,
// UTF-8) and returns its changes, one per sentence: a record repeats its
// text for every code it affects, and the repeats are read once. The
// 改正事由 is split into sentences at line breaks and ideographic spaces.
// Changes are in the order of their dates, then of their first appearance.
// A sentence that [ParseChange] cannot read (a part of a village absorbed by
// 大字, say) is kept with Kind [ChangeUnknown] for a person to read; the
// error is for a file that is not the e-Stat CSV.
//
// e-Stat の廃置分合の CSV を読み、文ごとの変更を返します (同じ文は 1 回)。
func ReadEStatHistory(r io.Reader) ([]Change, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = len(estatColumns)
	head, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrChange, err)
	}
	if len(head) > 0 {
		head[0] = strings.TrimPrefix(head[0], "\ufeff")
	}
	if !slices.Equal(head, estatColumns) {
		return nil, fmt.Errorf("%w: 見出しが e-Stat の廃置分合の CSV と違います / not the header of the e-Stat CSV: %q", ErrChange, head)
	}
	type key struct {
		date time.Time
		text string
	}
	seen := map[key]bool{}
	var out []Change
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrChange, err)
		}
		line, _ := cr.FieldPos(0)
		date, err := time.Parse(dateLayout, rec[6])
		if err != nil {
			return nil, fmt.Errorf("%w: %d 行目 / line %d: %v", ErrChange, line, line, err)
		}
		for _, s := range strings.FieldsFunc(rec[7], func(r rune) bool { return r == '\n' || r == '\r' || r == '\u3000' }) {
			if s = strings.TrimSpace(s); s == "" || seen[key{date, s}] {
				continue
			}
			seen[key{date, s}] = true
			c, _ := ParseChange(date, s) // unread: Kind ChangeUnknown
			out = append(out, c)
		}
	}
	slices.SortStableFunc(out, func(a, b Change) int { return a.Date.Compare(b.Date) })
	return out, nil
}
