package lgcode

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestParseChange(t *testing.T) {
	d := Date(2018, time.October, 1)
	tests := []struct {
		in   string
		kind ChangeKind
		from []Named
		to   []Named
	}{
		{"那珂川町(40305)が那珂川市(40231)に市制施行", ChangeCityStatus,
			[]Named{{"那珂川町", "403059"}}, []Named{{"那珂川市", "402311"}}},
		{"篠山市(28221)が丹波篠山市(28221)に名称変更", ChangeRename,
			[]Named{{"篠山市", "282219"}}, []Named{{"丹波篠山市", "282219"}}},
		{"筑紫郡(40300)の廃止", ChangeAbolish, []Named{{"筑紫郡", "403008"}}, nil},
		{"甲町（０１９０１）、乙村（01902）が丙市(01903)に編入", ChangeAbsorb,
			[]Named{{"甲町", "019011"}, {"乙村", "019020"}}, []Named{{"丙市", "019038"}}},
		{"ときがわ町(11349)が小川町(11343)に編入", ChangeAbsorb,
			[]Named{{"ときがわ町", "113492"}}, []Named{{"小川町", "113433"}}},
		{"甲町(01901)、乙村(01902)が合併し、丙市(01903)を新設", ChangeMerge,
			[]Named{{"甲町", "019011"}, {"乙村", "019020"}}, []Named{{"丙市", "019038"}}},
		{"甲市(01901)、乙村(01902)が合併し、甲市を新設", ChangeMerge,
			[]Named{{"甲市", "019011"}, {"乙村", "019020"}}, []Named{{"甲市", ""}}},
		{"甲村(01901)が甲町(01903)に町制施行", ChangeTownStatus,
			[]Named{{"甲村", "019011"}}, []Named{{"甲町", "019038"}}},
		{"白石区(01104)から分離し、厚別区(01108)を新設", ChangeSplit,
			nil, []Named{{"厚別区", "011088"}}},
		{"中央区(01101)、北区(01102)の新設", ChangeCreate,
			nil, []Named{{"中央区", "011011"}, {"北区", "011029"}}},
		{"札幌市(01201)の札幌市(01100)への政令指定都市施行", ChangeDesignated,
			[]Named{{"札幌市", "012017"}}, []Named{{"札幌市", "011002"}}},
		{"甲郡乙町(01901)が丙郡乙町(01903)に郡の区域変更", ChangeCounty,
			[]Named{{"甲郡乙町", "019011"}}, []Named{{"丙郡乙町", "019038"}}},
		{"中区（22131）、北区（22135）（一部／甲町、乙町）を中央区（22138）に再編", ChangeReorganise,
			[]Named{{"中区", "221317"}, {"北区", "221350"}}, []Named{{"中央区", "221384"}}},
		{"浜松市（22130）の区の再編（７区から３区へ再編）", ChangeNone, nil, nil},
		{"甲郡乙町(01901)、丙町(01902)が丁郡乙町(01903)、丙町(01904)に郡の区域変更", ChangeCounty,
			[]Named{{"甲郡乙町", "019011"}, {"丙町", "019020"}}, []Named{{"丁郡乙町", "019038"}, {"丙町", "019046"}}},
		{"甲町(こうまち、01901)が甲町(きのえまち、01901)に名称変更", ChangeRename,
			[]Named{{"甲町", "019011"}}, []Named{{"甲町", "019011"}}},
		{"北区(27101)と大淀区(27112)が統合し、北区(27127)を新設", ChangeMerge,
			[]Named{{"北区", "271012"}, {"大淀区", "271128"}}, []Named{{"北区", "271276"}}},
		{"小倉区(40102)を分割し、小倉北区(40106)、小倉南区(40107)を新設", ChangeSplit,
			[]Named{{"小倉区", "401021"}}, []Named{{"小倉北区", "401064"}, {"小倉南区", "401072"}}},
		{"港北区(14109)、緑区(14113)から分離し、青葉区(14117)、都筑区(14118)を新設", ChangeSplit,
			nil, []Named{{"青葉区", "141178"}, {"都筑区", "141186"}}},
		{"甲市(01901)が特例市から中核市に移行", ChangeNone, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseChange(d, tt.in)
			if err != nil {
				t.Fatalf("ParseChange(%q) error = %v", tt.in, err)
			}
			want := Change{Date: d, Kind: tt.kind, From: tt.from, To: tt.to, Text: tt.in}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("ParseChange(%q) (-want +got):\n%s", tt.in, diff)
			}
		})
	}
	for _, in := range []string{"", "区の再編", "甲町(01901)が乙市(01902)に何か", "(01901)の廃止", "甲町(01901)と乙村(01902)大字丙が丁市(01903)に編入"} {
		t.Run("error/"+in, func(t *testing.T) {
			got, err := ParseChange(d, in)
			if !errors.Is(err, ErrChange) || got.Kind != ChangeUnknown {
				t.Errorf("ParseChange(%q) = %+v, %v, want Kind ChangeUnknown, ErrChange", in, got, err)
			}
			if p := got.Propose(); p != nil {
				t.Errorf("ParseChange(%q).Propose() = %v, want nil", in, p)
			}
		})
	}
}

func TestPropose(t *testing.T) {
	tests := []struct {
		date time.Time
		in   string
		want []Entry
	}{
		{Date(2018, time.October, 1), "那珂川町(40305)が那珂川市(40231)に市制施行", []Entry{
			{Code: "403059", PrefCode: "40", Name: "那珂川町", ValidTo: Date(2018, time.September, 30), Successor: "402311"},
			{Code: "402311", PrefCode: "40", Name: "那珂川市", ValidFrom: Date(2018, time.October, 1)},
		}},
		{Date(2018, time.October, 1), "筑紫郡(40300)の廃止", nil},
		{Date(2019, time.May, 1), "篠山市(28221)が丹波篠山市(28221)に名称変更", []Entry{
			{Code: "282219", PrefCode: "28", Name: "篠山市", ValidTo: Date(2019, time.April, 30), Successor: "282219"},
			{Code: "282219", PrefCode: "28", Name: "丹波篠山市", ValidFrom: Date(2019, time.May, 1)},
		}},
		{Date(2005, time.January, 1), "甲町(01901)、乙村(01902)が丙市(01903)に編入", []Entry{
			{Code: "019011", PrefCode: "01", Name: "甲町", ValidTo: Date(2004, time.December, 31), Successor: "019038"},
			{Code: "019020", PrefCode: "01", Name: "乙村", ValidTo: Date(2004, time.December, 31), Successor: "019038"},
		}},
		{Date(2005, time.January, 1), "甲市(01901)、乙村(01902)が合併し、甲市を新設", []Entry{
			{Code: "019011", PrefCode: "01", Name: "甲市", ValidTo: Date(2004, time.December, 31)},
			{Code: "019020", PrefCode: "01", Name: "乙村", ValidTo: Date(2004, time.December, 31)},
		}},
		{Date(2005, time.January, 1), "甲市(01901)が特例市から中核市に移行", nil},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			c, err := ParseChange(tt.date, tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, c.Propose()); diff != "" {
				t.Errorf("ParseChange(%q).Propose() (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

var realEStat = filepath.Join("..", "..", "..", "shared", "corpus", "realdata", "estat-haichi-history", "estat-haichi.csv")

// TestEStatHistory reads the e-Stat 廃置分合 history when the corpus is
// there: every sentence must be read, and from 2018-10-01 on, what it
// proposes must be what the committed table holds, and the other way round.
func TestEStatHistory(t *testing.T) {
	f, err := os.Open(realEStat)
	if err != nil {
		t.Skipf("実データがありません / real data absent: %v", err)
	}
	defer f.Close()
	changes, err := ReadEStatHistory(f)
	if err != nil {
		t.Fatalf("ReadEStatHistory(%q) error = %v", realEStat, err)
	}
	if len(changes) < 1000 {
		t.Fatalf("ReadEStatHistory(%q) = %d changes, want more than 1,000", realEStat, len(changes))
	}
	unknown := 0
	for _, c := range changes {
		if c.Kind == ChangeUnknown {
			unknown++
			if !c.Date.Before(HistoryStart) {
				t.Errorf("unread change since %s: %s %q", HistoryStart.Format(dateLayout), c.Date.Format(dateLayout), c.Text)
			}
		}
	}
	if unknown*100 > len(changes) {
		t.Errorf("ReadEStatHistory(%q): %d of %d sentences unread, want under 1%%", realEStat, unknown, len(changes))
	}
	// What the committed table says happened since HistoryStart: every row
	// with a period, by code and name.
	type key struct {
		code Code
		name string
	}
	type period struct {
		from, to  time.Time
		successor Code
	}
	tab := committed(t)
	want := map[key]period{}
	for _, e := range tab.Entries() {
		if !e.ValidFrom.IsZero() || !e.ValidTo.IsZero() {
			want[key{e.Code, e.Name}] = period{e.ValidFrom, e.ValidTo, e.Successor}
		}
	}
	got := map[key]period{}
	successors := map[key][]Code{}
	for _, c := range changes {
		if c.Date.Before(HistoryStart) {
			continue
		}
		for _, e := range c.Propose() {
			k := key{e.Code, e.Name}
			p := got[k]
			if !e.ValidFrom.IsZero() {
				p.from = e.ValidFrom
			}
			if !e.ValidTo.IsZero() {
				p.to = e.ValidTo
				successors[k] = append(successors[k], e.Successor)
			}
			got[k] = p
		}
	}
	// A ward split between two (浜松市北区) has two successors proposed:
	// take the one the table chose when it is among them.
	for k, p := range got {
		if ss := successors[k]; len(ss) > 0 {
			p.successor = ss[0]
			for _, s := range ss {
				if s == want[k].successor {
					p.successor = s
				}
			}
			got[k] = p
		}
	}
	if diff := cmp.Diff(want, got, cmp.AllowUnexported(key{}, period{})); diff != "" {
		t.Errorf("history since %s: committed table vs e-Stat proposals (-table +e-Stat):\n%s", HistoryStart.Format(dateLayout), diff)
	}
}
