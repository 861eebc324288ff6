// Command ichiran is the tool of the ichiran repository, which publishes
// 「市町村のデジタル化の取組に関する情報の一覧表」: the per-municipality list of
// digitalisation indicators of Japan.
//
// Usage:
//
//	ichiran <command> [flags] [args]
//
// Commands:
//
//	validate   validate the data package (or one CSV file)
//	status     where each indicator stands for an edition of the list
//	template   a ready-to-fill file for a ministry
//	import     a ministry's workbook or CSV into the indicator's CSV
//	diff       what changed in the data between two git revisions
//	review     validate and diff a pull request; post the report to it
//	track      keep the edition's tracking issue on GitHub up to date
//	build      build an edition's release bundle
//	verify     check a downloaded bundle
//	site       build the public static site
//	release    publish the built bundle as a GitHub release
//
// Exit codes: 0 valid / done, 1 data problems found, 2 usage error,
// 3 failure of the tool itself.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
)

// Exit codes.
const (
	exitOK      = 0
	exitInvalid = 1
	exitUsage   = 2
	exitFailure = 3
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

const usage = `ichiran — 市町村のデジタル化の取組に関する情報の一覧表のためのツール
ichiran — tools for the list of municipal digitalisation indicators

使い方 / usage:
  ichiran <command> [flags] [args]

コマンド / commands:
  validate   データパッケージ (または CSV ファイル 1 つ) を検証する
             validate the data package (or one CSV file)
  status     版ごとの各指標の状況 (時点・データの有無・網羅状況・期限)
             where each indicator stands for an edition
  import     府省の Excel・CSV を指標の正規の CSV にして検証する
             turn a ministry's workbook or CSV into the indicator's CSV
  template   府省が記入するファイル (ひな形、.xlsx / .csv) を作る
             write a ready-to-fill file (.xlsx / .csv) for a ministry
  diff       2 つのリビジョンのデータの差分と要注意点 (訂正・急変・減少・消えた団体)
             what changed in the data between two git revisions, and what to check
  review     プルリクエストの検証と差分の報告 (ジョブの要約・コメント・注釈)
             validate and diff a pull request; post the report to it
  track      版ごとの GitHub Issue を ichiran status の表で最新に保つ
             keep the edition's GitHub tracking issue up to date
  build      版の配布物 (CSV・Excel・SQLite・Data Package・zip・SHA256SUMS) を作る
             build an edition's release bundle, reproducible to the byte
  verify     ダウンロードした配布物を SHA256SUMS と datapackage.json で検査する
             check a downloaded bundle against SHA256SUMS and datapackage.json
  site       公開用の静的サイト (検索・市区町村・指標・ダウンロード) を作る
             build the public static site (search, municipality and indicator pages, downloads)
  release    配布物 (dist) を GitHub のリリースとして公開する (タグ edition-YYYY.N)
             publish the built bundle as a GitHub release (tag edition-YYYY.N)

各コマンドの説明 / help on a command:  ichiran <command> -h

終了コード / exit codes:
  0 正常 / valid, done   1 データに問題あり / data problems found
  2 使い方の誤り / usage error   3 ツールの失敗 / failure of the tool
`

// run is the whole command, with its streams and arguments passed in.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	switch args[0] {
	case "validate":
		return runValidate(ctx, args[1:], stdout, stderr)
	case "status":
		return runStatus(ctx, args[1:], stdout, stderr)
	case "import":
		return runImport(ctx, args[1:], stdin, stdout, stderr)
	case "diff":
		return runDiff(ctx, args[1:], stdout, stderr)
	case "review":
		return runReview(ctx, args[1:], stdout, stderr)
	case "release":
		return runRelease(ctx, args[1:], stdout, stderr)
	case "track":
		return runTrack(ctx, args[1:], stdout, stderr)
	case "template":
		return runTemplate(ctx, args[1:], stdout, stderr)
	case "build":
		return runBuild(ctx, args[1:], stdout, stderr)
	case "site":
		return runSite(ctx, args[1:], stdout, stderr)
	case "verify":
		return runVerify(ctx, args[1:], stdout, stderr)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return exitOK
	}
	fmt.Fprintf(stderr, "ichiran: 不明なコマンド %q / unknown command %q\n\n%s", args[0], args[0], usage)
	return exitUsage
}
