package review

import (
	"fmt"
	"strings"

	"github.com/ichiran-jp/ichiran/tools/mdtext"
)

// A pull request from a fork runs its own review.yml and tools/ in the
// review job, so its report.json is whatever the fork wants. It is trusted
// only when the pull request changes nothing but data: then the review job
// ran the base branch's workflow and tools on the fork's data.

// IsData tells whether a path of the repository is data that a pull
// request may change without its review's report losing trust: a CSV file
// under data/, a Table Schema directly in schemas/ (schemas/*.json), or
// datapackage.json. Everything else may change what runs: Go files
// anywhere (schemas/embed.go is compiled into the tool), the profiles
// under schemas/profiles/ (embedded in the tool: they are the validator's
// rules), workflows, go.mod, .gitattributes.
func IsData(path string) bool {
	if path == "datapackage.json" {
		return true
	}
	if !SafePath(path) {
		return false
	}
	if rest, ok := strings.CutPrefix(path, "data/"); ok {
		return strings.HasSuffix(rest, ".csv") && !strings.HasPrefix(pathBase(rest), ".")
	}
	if rest, ok := strings.CutPrefix(path, "schemas/"); ok {
		return !strings.Contains(rest, "/") && strings.HasSuffix(rest, ".json") && !strings.HasPrefix(rest, ".")
	}
	return false
}

func pathBase(p string) string { return p[strings.LastIndexByte(p, '/')+1:] }

// CodeChanges are the paths of changed that are not data (see IsData).
func CodeChanges(changed []string) []string {
	var code []string
	for _, p := range changed {
		if !IsData(p) {
			code = append(code, p)
		}
	}
	return code
}

// Neutral titles the check of a pull request whose report is not trusted.
const NeutralTitle = "コードの変更: メンテナーの確認が必要 / code changes: review by a maintainer"

// maxListed is how many changed paths the untrusted summary names.
const maxListed = 50

// UntrustedMarkdown is the comment and check summary of a fork's pull
// request that changes code (code, as the API lists it; complete false
// when GitHub could not list every file): no verdict, since the report
// came from the pull request's own code.
func UntrustedMarkdown(code []string, complete bool) string {
	var b strings.Builder
	b.WriteString("## ichiran review: ⚠️ " + NeutralTitle + "\n\n")
	b.WriteString("このプルリクエストはフォークからのもので、データ (data/ の CSV、schemas/*.json、datapackage.json) 以外も変更しています。" +
		"検証はプルリクエスト自身のワークフローとツールで行われたため、その結果は表示しません。メンテナーが変更を確認してください。\n\n" +
		"This pull request comes from a fork and changes more than data (the CSV files under data/, schemas/*.json, datapackage.json). " +
		"Its review ran the pull request's own workflow and tools, so its verdict is not shown. A maintainer must review the changes.\n\n")
	if !complete {
		b.WriteString("- GitHub がすべてのファイルを一覧にできませんでした / GitHub could not list every changed file\n")
	}
	for i, p := range code {
		if i == maxListed {
			fmt.Fprintf(&b, "- ほか %d 件 / %d more\n", len(code)-i, len(code)-i)
			break
		}
		b.WriteString("- " + mdtext.Code(p) + "\n")
	}
	return b.String()
}

// RevalidatedHeading introduces, after UntrustedMarkdown, the review of the
// pull request's data made by the base's tool on files fetched through the
// API.
const RevalidatedHeading = "\n---\n\n**ベースのツールでの再検証 / re-validated with the base's tool:** " +
	"プルリクエストのデータ (data/ の CSV、schemas/*.json、datapackage.json) を API で取得し、ベースブランチのツールで検証しました。" +
	"The pull request's data (CSV under data/, schemas/*.json, datapackage.json) was fetched through the API and validated by the base branch's tool.\n\n"

// RevalidationFailed says, after UntrustedMarkdown, that the data could
// not be re-validated, and why.
func RevalidationFailed(err error) string {
	return "\n---\n\n**ベースのツールでの再検証ができませんでした / could not re-validate with the base's tool:** " + mdtext.Text(err.Error()) + "\n"
}
