package catalog

import (
	"os"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

// paper is the policy paper the catalogue follows (beside the repository;
// the test skips its own check of the quotes when it is absent).
const paper = "../../../shared/seeds/000_23a4f65aaf597a1e.txt"

// row quotes one row of the paper's table 「市町村のデジタル化の取組に関する
// 情報の一覧表のとりまとめ時点」: the chapter of the plan (目次, two levels
// where the paper has two), the KPI (マクロの視点), the indicator (ミクロの
// 視点; 「—」 or 「調整中」 where the paper has no indicator), the ministry,
// the frequency and the as-of date. A cell the paper leaves to the row
// above (a merged cell) is quoted from that row.
type row struct {
	id                        string
	top, sub                  string
	kpi, indicator            string
	ministry, frequency, asOf string
}

var paperRows = []row{
	{"mynumber-card", "地方公共 団体の行政 手続の オンライン 化の推進", "マイナンバーカードの普及", "令和5年度までにほとんどの住民が保有 (デジガバ閣僚会議決定)", "マイナンバーカード交付率", "総務省", "月1回 (毎月月上旬)", "当年度5月1日時点"},
	{"online-procedures", "地方公共 団体の行政 手続の オンライン 化の推進", "優先的に取り組むべき手続の オンライン化の推進", "処理件数が多く住民等の利便性の上場や業務の効率化効果が高いと考えられる手続のオンライン利用率", "デジガバ実行計画別紙4a)に記載された行政手続のオンライン化状況", "総務省", "年1回 (3月下旬)", "前々年度3月末時点"},
	{"mynaportal-procedures", "地方公共 団体の行政 手続の オンライン 化の推進", "優先的に取り組むべき手続の オンライン化の推進", "住民のライフイベントに際し、多数存在する手続をワンストップで行うために必要と考えられる手続のマイナポータル利用の人口カバー率", "デジガバ実行計画別紙4b)に記載された行政手続のマイナポータルでの利用可能手続の状況", "内閣府", "年4回 (3末、6末、9末、12末)", "前年度3月末時点"},
	{"mynaportal-other-procedures", "地方公共 団体の行政 手続の オンライン 化の推進", "様々な手続のオンライン化の 推進", "デジガバ実行計画別紙4に記載された行政手続以外の手続をマイナポータルを利用してオンライン化した団体数", "デジガバ実行計画別紙4b)に記載された行政手続以外の手続のマイナポータルの利用可能手続数", "内閣府", "調整中", "調整中"},
	{"standard-systems", "地方公共 団体にお ける情報 システム 等の共同 利用の推 進", "地方公共団体における業務プロセス・情報システムの標準化の推進", "標準仕様が作成された業務における当該標準仕様が利用された情報システムを利用する地方公共団体の割合", "標準仕様が利用された情報システムを利用する業務数", "内閣官房", "年1回", "前年度3月末時点"},
	{"government-cloud", "地方公共 団体にお ける情報 システム 等の共同 利用の推 進", "地方公共団体における業務プロセス・情報システムの標準化の推進", "標準仕様が作成された業務における当該標準仕様が利用された情報システムを利用する地方公共団体の割合", "ガバメントクラウドにリフトアップした業務数", "内閣官房", "年1回", "前年度3月末時点"},
	{"dx-plan", "地方公共 団体にお ける情報 システム 等の共同 利用の推 進", "地方公共団体におけるデジタル・トランスフォーメーションの推進", "「自治体DX推進計画」に基づく、地方公共団体のデジタル化の取組状況", "調整中", "総務省", "調整中", "調整中"},
	{"platform-systems", "地方公共 団体にお ける情報 システム 等の共同 利用の推 進", "地方公共団体における地域情報プラットフォーム準拠製品の導入及び中間標準レイアウトの利用の推進", "地方公共団体における準拠製品の導入率 (地域情報プラットフォーム)", "地域情報プラットフォーム準拠システム数", "総務省", "年1回 (3月下旬)", "前年度4月1日時点"},
	{"standard-layout", "地方公共 団体にお ける情報 システム 等の共同 利用の推 進", "地方公共団体における地域情報プラットフォーム準拠製品の導入及び中間標準レイアウトの利用の推進", "地方公共団体における利用率 (中間標準レイアウト)", "—", "総務省", "—", "—"},
	{"security", "地方公共団体における適正な情報セキュリティ対策", "", "地方公共団体における新たな情報セキュリティ対策の検討", "—", "総務省", "—", "—"},
	{"ai-rpa", "地方公共団体におけるAI・RPA等による業務効率化の推進", "", "AI、RPAなどの革新的ビッグデータ処理技術を活用する地域数", "AI・RPAの導入状況", "総務省", "年1回 (詳細時期未定)", "前々年度3月末時点"},
	{"open-data", "地方公共団体におけるオープンデータの推進", "", "地方公共団体のオープンデータの質の評価", "オープンデータの推奨データセット取組状況", "内閣官房", "年1回 (1~2月頃)", "前年度12月末時点"},
	{"advisors", "地方公共団体のガバナンス強化と人材確保・育成", "", "地域情報化アドバイザーの派遣団体数", "地域情報化アドバイザーの派遣回数", "総務省", "年1回 (詳細時期未定)", "前年度3月末時点"},
	{"data-plan", "地方公共団体のデジタル・ガバメントの構築に向けた地方公共団体の官民データ活用推進計画策定の推進", "", "都道府県における官民データ活用推進計画の策定状況", "官民データ活用推進計画策定状況", "内閣官房", "年1回 (4月頃)", "前年度3月末時点"},
}

// corrected are the paper's typos, and the catalogue's wording of them.
var corrected = strings.NewReplacer("利便性の上場", "利便性の向上", "毎月月上旬", "毎月上旬", "1~2月頃", "1〜2月頃")

// same compares texts as written, apart from width, spacing (the paper's
// cells wrap inside words) and the typos above.
func same(paperText, catalogueText string) bool {
	f := func(s string) string {
		s = norm.NFKC.String(corrected.Replace(s))
		return strings.Join(strings.Fields(s), "")
	}
	return f(paperText) == f(catalogueText)
}

// TestCatalogueQuotesThePaper: every catalogue text of the paper's table —
// chapter, KPI, indicator, ministry, frequency, as-of rule — is the
// paper's, and every quote here is in the paper. An indicator the paper
// leaves as 「—」 or 「調整中」 keeps that in its title.
func TestCatalogueQuotesThePaper(t *testing.T) {
	text, err := os.ReadFile(paper)
	if err != nil {
		t.Log("the paper is not present: the catalogue is checked against the quotes only")
	}
	c := repoCatalog(t)
	if len(paperRows) != len(c.Indicators) {
		t.Fatalf("%d rows quoted, %d indicators", len(paperRows), len(c.Indicators))
	}
	for i, r := range paperRows {
		ind := c.Indicators[i]
		if ind.ID != r.id {
			t.Fatalf("indicator %d is %s, the paper's row is %s", i, ind.ID, r.id)
		}
		if text != nil {
			for _, q := range []string{r.top, r.sub, r.kpi, r.indicator, r.frequency, r.asOf} {
				if !strings.Contains(string(text), q) {
					t.Errorf("%s: %q is not in the paper", r.id, q)
				}
			}
		}
		chapter := r.top
		if r.sub != "" {
			chapter += " — " + r.sub
		}
		// The catalogue drops the paper's 地方公共団体における at the head of a
		// sub-chapter under its chapter.
		if !same(chapter, ind.Chapter.Ja) && !same(strings.Replace(chapter, "— 地方公共団体における", "— ", 1), ind.Chapter.Ja) {
			t.Errorf("%s: chapter %q, the paper's %q", r.id, ind.Chapter.Ja, chapter)
		}
		if ind.KPI == nil || !same(r.kpi, ind.KPI.Ja) {
			t.Errorf("%s: KPI %v, the paper's %q", r.id, ind.KPI, r.kpi)
		}
		switch r.indicator {
		case "—":
			if !strings.HasPrefix(ind.Title.Ja, "—") || ind.Status != NotSuited {
				t.Errorf("%s: title %q, status %s; the paper has no indicator (—): not suited", r.id, ind.Title.Ja, ind.Status)
			}
		case "調整中":
			if ind.Status != Pending {
				t.Errorf("%s: status %s; the paper's indicator is 調整中", r.id, ind.Status)
			}
		default:
			if !same(r.indicator, ind.Title.Ja) {
				t.Errorf("%s: title %q, the paper's %q", r.id, ind.Title.Ja, r.indicator)
			}
		}
		if !same(r.ministry, ind.Ministry.Ja) {
			t.Errorf("%s: ministry %q, the paper's %q", r.id, ind.Ministry.Ja, r.ministry)
		}
		if r.frequency != "—" && !same(r.frequency, ind.Frequency.Ja) {
			t.Errorf("%s: frequency %q, the paper's %q", r.id, ind.Frequency.Ja, r.frequency)
		}
		switch {
		case ind.AsOfRule == nil:
		case r.asOf == "調整中":
			// A rule the catalogue chose where the paper has none must say so.
			if !strings.Contains(ind.AsOfRule.Ja, "論文では調整中") {
				t.Errorf("%s: as-of %q does not say that the paper leaves it 調整中", r.id, ind.AsOfRule.Ja)
			}
		case !strings.HasPrefix(norm.NFKC.String(ind.AsOfRule.Ja), norm.NFKC.String(r.asOf)):
			t.Errorf("%s: as-of %q, the paper's %q", r.id, ind.AsOfRule.Ja, r.asOf)
		}
	}
}
