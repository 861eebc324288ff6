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

// IsData tells whether a path of the repository is data that a review may
// change without its report losing trust: under data/ or schemas/, or
// datapackage.json.
func IsData(path string) bool {
	return path == "datapackage.json" ||
		(strings.HasPrefix(path, "data/") || strings.HasPrefix(path, "schemas/")) && SafePath(path)
}

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
	b.WriteString("このプルリクエストはフォークからのもので、data/、schemas/、datapackage.json 以外も変更しています。" +
		"検証はプルリクエスト自身のワークフローとツールで行われたため、その結果は表示しません。メンテナーが変更を確認してください。\n\n" +
		"This pull request comes from a fork and changes more than data/, schemas/ and datapackage.json. " +
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
