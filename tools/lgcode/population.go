package lgcode

// PopulationClass is a band of population, the second half of what makes
// two municipalities peers (the first being their [Class]). The bounds are
// the population requirements of the Local Autonomy Act and the usual
// round figures between them: 50万 (指定都市), 20万 (中核市), 10万, 5万 (市),
// 1万.
//
// 人口階級。境界は地方自治法の人口要件 (指定都市 50 万、中核市 20 万、市 5 万)
// と 10 万・1 万。
type PopulationClass int

// The population classes, largest first.
const (
	Pop500k     PopulationClass = iota + 1 // 50万人以上
	Pop200k                                // 20万人以上50万人未満
	Pop100k                                // 10万人以上20万人未満
	Pop50k                                 // 5万人以上10万人未満
	Pop10k                                 // 1万人以上5万人未満
	PopUnder10k                            // 1万人未満
)

// PopulationClasses lists the classes, largest first.
var PopulationClasses = []PopulationClass{Pop500k, Pop200k, Pop100k, Pop50k, Pop10k, PopUnder10k}

var popClasses = map[PopulationClass]struct {
	min    int64
	id     string
	ja, en string
	short  string
}{
	Pop500k:     {500_000, "500k", "50万人以上", "500,000 or more", "50万以上"},
	Pop200k:     {200_000, "200k", "20万人以上50万人未満", "200,000 to 499,999", "20–50万"},
	Pop100k:     {100_000, "100k", "10万人以上20万人未満", "100,000 to 199,999", "10–20万"},
	Pop50k:      {50_000, "50k", "5万人以上10万人未満", "50,000 to 99,999", "5–10万"},
	Pop10k:      {10_000, "10k", "1万人以上5万人未満", "10,000 to 49,999", "1–5万"},
	PopUnder10k: {0, "under10k", "1万人未満", "under 10,000", "1万未満"},
}

// PopulationClassOf returns the class of a population; 0 for a negative
// one.
func PopulationClassOf(n int64) PopulationClass {
	if n < 0 {
		return 0
	}
	for _, c := range PopulationClasses {
		if n >= popClasses[c].min {
			return c
		}
	}
	return 0
}

// Label returns the class in Japanese (20万人以上50万人未満), "" for 0.
func (c PopulationClass) Label() string { return popClasses[c].ja }

// Short returns a short Japanese label (20–50万), "" for 0.
func (c PopulationClass) Short() string { return popClasses[c].short }

// English returns the class in English (200,000 to 499,999), "" for 0.
func (c PopulationClass) English() string { return popClasses[c].en }

// ID returns a short name fit for a file or an anchor (200k), "" for 0.
func (c PopulationClass) ID() string { return popClasses[c].id }
