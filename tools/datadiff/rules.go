package datadiff

// Kind is what a numeric field measures, which decides when a change is a
// jump. 項目の種類 (件数・百分率)。急変の基準を決めます。
type Kind string

// Field kinds.
const (
	Count   Kind = "count"   // a number of things: people, cards, procedures
	Percent Kind = "percent" // a percentage, 0–100
)

// Threshold says when a change of a value of one kind is a jump: when the
// relative change |new − old| / |old| exceeds Relative and the change is at
// least MinAbs (so that 2 → 4 advisers is not a jump), or, for
// percentages, when it exceeds Points percentage points. From 0, any change
// of at least MinAbs is a jump.
//
// 急変の基準: 件数は増減率が Relative を超え、かつ差が MinAbs 以上。百分率は差が Points ポイントを超えるとき。
type Threshold struct {
	Relative float64 `json:"relative,omitempty"`
	MinAbs   float64 `json:"minAbs,omitempty"`
	Points   float64 `json:"points,omitempty"`
}

// Thresholds are the jump thresholds per field kind. They are declared here
// for now; a catalogue property can replace them later.
//
//   - count: more than 50 % up or down, and by at least 10
//   - percent: more than 20 points up or down
var Thresholds = map[Kind]Threshold{
	Count:   {Relative: 0.5, MinAbs: 10},
	Percent: {Points: 20},
}

// FieldKinds declares the kind of the numeric fields of each indicator.
// An integer field not listed is a count; other fields (dates, booleans,
// categories) are never jumps.
var FieldKinds = map[string]map[string]Kind{
	"mynumber-card":         {"population": Count, "issued": Count, "rate": Percent},
	"online-procedures":     {"procedures": Count, "online": Count},
	"mynaportal-procedures": {"procedures": Count, "available": Count},
	"standard-systems":      {"functions": Count},
	"government-cloud":      {"functions": Count},
	"platform-systems":      {"systems": Count},
	"open-data":             {"recommended_datasets": Count},
	"advisors":              {"dispatches": Count},
}

// Monotonic lists, per indicator, the fields that only rise from one as-of
// date to the next for the same local government: the number of cards
// issued and the issuance rate are cumulative. A fall is flagged.
//
// 時点が進むと下がらない項目 (累計の交付枚数と交付率)。下がれば指摘します。
var Monotonic = map[string][]string{
	"mynumber-card": {"issued", "rate"},
}

// kindOf is the kind of a field, or "" when its changes are not measured.
func kindOf(indicator, field, typ string) Kind {
	if k, ok := FieldKinds[indicator][field]; ok {
		return k
	}
	if typ == "integer" {
		return Count
	}
	return ""
}
