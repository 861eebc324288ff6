package datadiff

import (
	"slices"

	"github.com/ichiran-jp/ichiran/tools/catalog"
)

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

// Thresholds are the jump thresholds per field kind:
//
//   - count: more than 50 % up or down, and by at least 10
//   - percent: more than 20 points up or down
//
// Which fields are percentages, and which only rise, the catalogue says
// of each indicator (its changes property, [catalog.ChangeRules]).
var Thresholds = map[Kind]Threshold{
	Count:   {Relative: 0.5, MinAbs: 10},
	Percent: {Points: 20},
}

// kindOf is the kind of a field of ind (nil: not in the catalogue), or ""
// when its changes are not measured: a percentage where the catalogue
// says so, else a count for an integer field.
func kindOf(ind *catalog.Indicator, field, typ string) Kind {
	if ind != nil && ind.Changes != nil && slices.Contains(ind.Changes.Percent, field) {
		return Percent
	}
	if typ == "integer" {
		return Count
	}
	return ""
}

// monotonic are the fields of ind that only rise.
func monotonic(ind *catalog.Indicator) []string {
	if ind == nil || ind.Changes == nil {
		return nil
	}
	return ind.Changes.Monotonic
}
