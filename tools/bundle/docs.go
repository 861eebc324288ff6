package bundle

import (
	"fmt"
	"strings"
	"time"

	"github.com/ichiran-jp/ichiran/tools/catalog"
	"github.com/ichiran-jp/ichiran/tools/mdtext"
	"github.com/ichiran-jp/ichiran/tools/wareki"
)

// citeText is how to cite the edition.
func (m *model) citeText() string {
	return fmt.Sprintf("出典: 「市町村のデジタル化の取組に関する情報の一覧表」%s (ichiran、%s) を加工して作成", editionJa(m.edition), homepage)
}

func (m *model) readme(opt Options) []byte {
	var b strings.Builder
	name := baseName(m.edition)
	fmt.Fprintf(&b, "# 市町村のデジタル化の取組に関する情報の一覧表 %s (%d年版)\n\n", editionJa(m.edition), m.edition)
	fmt.Fprintf(&b, "%s 時点の市区町村 %d 団体について、各府省が集計済みの指標を一覧にしたものです。\n", m.deadline.Format(time.DateOnly), len(m.munis))
	fmt.Fprintf(&b, "作成日時: %s", opt.Time.Format(time.RFC3339))
	if opt.Commit != "" {
		fmt.Fprintf(&b, " (コミット %s)", opt.Commit)
	}
	b.WriteString("\n\n## ファイル\n\n| ファイル | 内容 |\n|---|---|\n")
	fmt.Fprintf(&b, "| `%s.csv` | 一覧表 (CSV、UTF-8、改行 LF) |\n", name)
	fmt.Fprintf(&b, "| `%s-excel.csv` | 一覧表 (CSV、UTF-8 BOM つき、改行 CRLF。Excel でそのまま開けます) |\n", name)
	fmt.Fprintf(&b, "| `%s.xlsx` | 一覧表、指標ごとのシート (縦長)、各列の説明のシート |\n", name)
	fmt.Fprintf(&b, "| `%s-totals.csv` | 都道府県計・全国計 (市区町村の行から計算し直したもの: 件数は合計、率は合計から算出、はい・いいえは「はい」の数) |\n", name)
	fmt.Fprintf(&b, "| `%s-macro.csv` | マクロの視点: 各指標の KPI を市区町村の行から計算し直した値と式 (Excel のシート「マクロ」も) |\n", name)
	fmt.Fprintf(&b, "| `%s.sqlite` | SQLite: 指標ごとの表、団体コード表 `local_governments`、列の説明 `columns`、一覧表のビュー `ichiran` |\n", name)
	b.WriteString("| `datapackage.json`, `data/*.csv` | 指標ごとの縦長の CSV と団体コード表 (Frictionless Data Package。各リソースに bytes と sha256) |\n")
	b.WriteString("| `README.md`, `LICENSE.md`, `CITATION.cff`, `RELEASE-NOTES.md` | この説明、利用条件、引用情報、変更点 |\n")
	fmt.Fprintf(&b, "| `%s.zip` | 以上すべて (と中身の SHA256SUMS) |\n| `SHA256SUMS` | 各ファイルの SHA-256 (`sha256sum -c SHA256SUMS` で検査) |\n\n", name)
	b.WriteString("## 指標\n\n| 指標 | 府省 | 時点 | 状況 | 数値のある団体 |\n|---|---|---|---|---|\n")
	for _, x := range m.inds {
		asOf, state, n := "—", "", "—"
		if x.state == stateActive {
			asOf = x.date() + " (" + wareki.Date(x.asOf) + ")"
			state, _ = activeState(x, m.covered(x), len(m.munis))
			n = fmt.Sprintf("%d / %d", m.covered(x), len(m.munis))
		} else {
			_, state, _ = stateText(x)
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", mdtext.Text(x.ind.Title.Ja), mdtext.Text(x.ind.Ministry.Ja), asOf, state, n)
	}
	b.WriteString("\n## 出典 / Sources\n\n数値は次のファイルから `ichiran import` で取り込みました (SHA-256 は受け取ったファイルのもの)。\n" +
		"The figures were imported with `ichiran import` from these files (SHA-256 of the file as received).\n\n")
	for _, x := range m.active() {
		for _, p := range m.sourcesOf(x) {
			fmt.Fprintf(&b, "- %s (%s): %s\n", mdtext.Text(x.ind.Title.Ja), x.date(), sourceText(p))
		}
	}
	b.WriteString(`
## 読み方

- 1 行が 1 団体です。列の見出しに指標名、単位、時点があります。各列の意味と出典は Excel の「説明」シート
  (SQLite では表 ` + "`columns`" + `) にあります。
- 空欄は数値の提供がないことを示します (数値を補うことはしていません)。○ = はい、× = いいえ。
- 調整中の指標・個別団体の情報になじまない指標・この版の対象でない指標には列がありません (状況は上の表と
  Excel の「説明」シートにあります)。数値の列には数値だけが入ります。SQLite のビュー ` + "`ichiran`" + ` の列名は
  ASCII (例 ` + "`mynumber_card__rate`" + `) で、日本語の見出しは表 ` + "`columns`" + ` にあります。
  ` + "`local_governments_in_force`" + ` はこの版の時点で有効な団体コードだけのビューです。
- 数式の実行を防ぐため、CSV では = + - @ (またはタブ・改行) で始まる文字列の値の前に ' を付けています
  (数値の列には付けません)。Excel では文字列はすべて文字列のセルです。SQLite には値をそのまま入れています。

## 利用条件

数値の利用条件は出典ごとに違います (上の「出典」と LICENSE.md)。一覧表としての編集は政府標準利用規約 (第2.0版) に準拠します (CC BY 4.0 と互換)。引用の仕方は CITATION.cff を参照してください。

` + m.citeText() + `

---

# List of municipal digitalisation indicators, edition ` + fmt.Sprint(m.edition) + `

One row per municipality, one column group per indicator with the figures at the indicator's as-of
date (in the heading). Blank cells: no figure provided. Pending, not-suited and later indicators have
no column (their state is in the table above); numeric columns hold numbers only. The SQLite view
` + "`ichiran`" + ` has ASCII column names, explained in the table ` + "`columns`" + `; ` + "`local_governments_in_force`" + `
holds the codes in force on the edition's date. Every column is explained in the workbook's 説明 sheet and in the SQLite table
` + "`columns`" + `. Text values beginning with = + - @ (or a tab or CR) carry a leading ' in the CSVs so
that no spreadsheet runs them as formulas. Terms: each source's own, listed above and in LICENSE.md;
the compilation is under the Government of Japan Standard Terms of Use 2.0, compatible with CC BY 4.0. Check the download with ` + "`sha256sum -c SHA256SUMS`" + ` or
` + "`ichiran verify`" + `.
`)
	return []byte(b.String())
}

// activeState says how far an indicator with figures in the edition is
// filled: 掲載 (every municipality), 一部 (some), or why it has none.
func activeState(x *indicator, covered, all int) (ja, en string) {
	switch {
	case covered == all:
		return "掲載", "listed"
	case covered > 0:
		return fmt.Sprintf("一部 (%d 団体の数値なし)", all-covered), fmt.Sprintf("partial (%d without figures)", all-covered)
	case x.ind.Availability != nil:
		return "府省の数値を入手できていない: " + mdtext.Text(x.ind.Availability.Ja), "no ministry figure available yet"
	}
	return "未提出 (この版の数値はまだありません)", "no figures submitted yet"
}

// sourcesOf are the files the figures of x at the edition's date were
// imported from.
func (m *model) sourcesOf(x *indicator) []catalog.Provenance {
	var out []catalog.Provenance
	for _, name := range m.repo.Cat.Resources[x.ind.ID] {
		for _, p := range m.repo.Cat.Provenance[name] {
			if p.AsOf == x.date() {
				out = append(out, p)
			}
		}
	}
	return out
}

// sourceText describes a source file in Markdown, every value escaped.
func sourceText(p catalog.Provenance) string {
	pub := p.Published
	if pub == "" {
		pub = "公表日不明 / date unknown"
	}
	terms := "利用条件の記載なし / no terms stated"
	if p.License != nil {
		terms = p.License.Title
	}
	s := fmt.Sprintf("%s「%s」(%s) `%s` SHA-256 `%s`, %d 行 / rows; %s", mdtext.Text(p.Publisher), mdtext.Text(p.Title), pub, strings.ReplaceAll(p.File, "`", ""), p.SHA256, p.Rows, mdtext.Text(terms))
	if p.Page != "" {
		s += " — " + mdtext.Text(p.Page)
	}
	return s
}

// covered counts the listed municipalities with a row of x.
func (m *model) covered(x *indicator) int {
	n := 0
	for _, e := range m.munis {
		if _, ok := x.byCode[string(e.Code)]; ok {
			n++
		}
	}
	return n
}

func (m *model) license(opt Options) []byte {
	var src strings.Builder
	for _, x := range m.active() {
		for _, p := range m.sourcesOf(x) {
			terms := "利用条件の記載なし / no terms stated"
			if p.License != nil {
				terms = p.License.Title
				if p.License.Path != "" {
					terms += " " + p.License.Path
				}
			}
			fmt.Fprintf(&src, "- %s (%s): %s「%s」 — %s\n", x.ind.Title.Ja, x.date(), p.Publisher, p.Title, terms)
		}
	}
	return []byte(`# 利用条件 / Licence

## 数値の出典ごとの利用条件 / the terms of each source

数値は各府省 (またはその数値を加工した第三者) の公表資料によります。利用条件は出典ごとに次のとおりです。
利用条件の記載がない出典の数値は、その出典の条件を確かめてから利用してください。
The figures come from the ministries' publications (or third parties' renderings of them), each under its
own terms; where none are stated, check with the publisher before reuse.

` + src.String() + `
## 一覧表の編集 / the compilation

この一覧表の構成・編集は「政府標準利用規約 (第2.0版)」に準拠して提供します。政府標準利用規約 (第2.0版) は
クリエイティブ・コモンズ 表示 4.0 国際 (CC BY 4.0) と互換性があり、本データは CC BY 4.0 に従って
利用することもできます。複製、公衆送信、翻訳・変形等の翻案、商用利用を含め、自由に利用できます。

- 政府標準利用規約 (第2.0版): https://cio.go.jp/policy-opendata
- CC BY 4.0: https://creativecommons.org/licenses/by/4.0/legalcode.ja

利用の際は出典を記載してください。例:

    ` + m.citeText() + `

編集・加工した場合は、その旨を記載し、国・府省が作成したものであるかのような態様で公表しないでください。
数値は各府省の公表資料に基づきます (出典は README.md と Excel の「説明」シートにあります)。
第三者の権利を侵害しない範囲で利用してください。

---

This data is provided under the Government of Japan Standard Terms of Use (Version 2.0), which are
compatible with the Creative Commons Attribution 4.0 International licence (CC BY 4.0): you may
copy, publish, adapt and use it commercially, provided you cite the source, e.g.

    Source: List of municipal digitalisation indicators, edition ` + fmt.Sprint(m.edition) + ` (ichiran, ` + homepage + `)

State any changes you made, and do not present the result as made by the government.
`)
}

func yamlString(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

func (m *model) citation(opt Options) []byte {
	var b strings.Builder
	b.WriteString("cff-version: 1.2.0\n")
	b.WriteString("message: " + yamlString("このデータを利用する場合は次のとおり引用してください。 / If you use this data, please cite it as below.") + "\n")
	b.WriteString("type: dataset\n")
	b.WriteString("title: " + yamlString(fmt.Sprintf("市町村のデジタル化の取組に関する情報の一覧表 %s / List of municipal digitalisation indicators, edition %d", editionJa(m.edition), m.edition)) + "\n")
	b.WriteString("authors:\n  - name: " + yamlString("ichiran contributors") + "\n")
	fmt.Fprintf(&b, "version: %s\n", yamlString(fmt.Sprint(m.edition)))
	fmt.Fprintf(&b, "date-released: %s\n", opt.Time.Format(time.DateOnly))
	b.WriteString("license: CC-BY-4.0\n")
	b.WriteString("repository-code: " + yamlString(homepage) + "\n")
	if opt.Commit != "" {
		b.WriteString("commit: " + yamlString(opt.Commit) + "\n")
	}
	b.WriteString("keywords:\n  - " + yamlString("地方公共団体") + "\n  - " + yamlString("デジタル化") + "\n  - " + yamlString("open data") + "\n")
	return []byte(b.String())
}

// notes are the release notes: what the edition has and what is still
// missing, and the changes since the previous edition when given.
func (m *model) notes(opt Options) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s (%d年版) の変更点 / release notes\n\n## 掲載した指標 / in this edition\n\n", editionJa(m.edition), m.edition)
	var missing []string
	for _, x := range m.inds {
		if x.state != stateActive {
			_, ja, en := stateText(x)
			missing = append(missing, fmt.Sprintf("- %s: %s / %s", mdtext.Text(x.ind.Title.Ja), ja, en))
			continue
		}
		n := m.covered(x)
		fmt.Fprintf(&b, "- %s (%s時点): %d / %d 団体\n", mdtext.Text(x.ind.Title.Ja), wareki.Date(x.asOf), n, len(m.munis))
		if n < len(m.munis) {
			missing = append(missing, fmt.Sprintf("- %s: %d 団体の数値がまだありません / %d municipalities have no figures yet", mdtext.Text(x.ind.Title.Ja), len(m.munis)-n, len(m.munis)-n))
		}
	}
	b.WriteString("\n## まだないもの / still missing\n\n")
	if len(missing) == 0 {
		b.WriteString("なし / none\n")
	} else {
		b.WriteString(strings.Join(missing, "\n") + "\n")
	}
	b.WriteString("\n## 前の版からの変更 / changes since the previous edition\n\n")
	if opt.Changes == "" {
		b.WriteString("(比較していません / not compared)\n")
	} else {
		b.WriteString(opt.Changes)
		if !strings.HasSuffix(opt.Changes, "\n") {
			b.WriteString("\n")
		}
	}
	return []byte(b.String())
}
