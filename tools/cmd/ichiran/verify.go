package main

import (
	"context"
	"fmt"
	"io"

	"github.com/ichiran-jp/ichiran/tools/bundle"
)

const verifyUsage = `使い方 / usage: ichiran verify DIR|ZIP

ダウンロードした配布物 (ディレクトリまたは zip) を SHA256SUMS と datapackage.json の
bytes・hash で検査します。終了コード: 0 一致、1 不一致 (ファイルを示す)、2 使い方の誤り、
3 読めない。

Checks a downloaded bundle (a directory or the zip) against its SHA256SUMS
and the bytes and hashes in its datapackage.json. Exit codes: 0 all match,
1 a mismatch (the file is named), 2 usage error, 3 cannot be read.
`

func runVerify(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("verify", verifyUsage, stderr) // no flags: the usage is verifyUsage alone
	if err := fs.Parse(args); err != nil {
		return parseFailed(fs, err, stdout)
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "ichiran verify: DIR か ZIP を 1 つ指定してください / give one DIR or ZIP")
		return exitUsage
	}
	ps, err := bundle.Verify(fs.Arg(0))
	if err != nil {
		fmt.Fprintf(stderr, "ichiran verify: %v\n", err)
		return exitFailure
	}
	for _, p := range ps {
		fmt.Fprintln(stdout, p.String())
	}
	if len(ps) > 0 {
		fmt.Fprintf(stdout, "%d 件の不一致 / %d mismatches\n", len(ps), len(ps))
		return exitInvalid
	}
	fmt.Fprintln(stdout, "OK: SHA256SUMS と datapackage.json に一致します / matches SHA256SUMS and datapackage.json")
	return exitOK
}
