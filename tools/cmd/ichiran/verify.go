package main

import (
	"context"
	"fmt"
	"io"

	"github.com/ichiran-jp/ichiran/tools/bundle"
)

const verifyUsage = `使い方 / usage: ichiran verify DIR|ZIP

ダウンロードした配布物 (ディレクトリまたは zip) を SHA256SUMS と datapackage.json の
bytes・hash で検査します。zip では、同じ名前の項目が 2 つあるもの、SHA256SUMS にない項目、
フォルダの外の項目、安全でない名前、通常のファイルでない項目も不一致にします。
終了コード: 0 一致、1 不一致 (ファイルを示す)、2 使い方の誤り、3 読めない。

Checks a downloaded bundle (a directory or the zip) against its SHA256SUMS
and the bytes and hashes in its datapackage.json. In a zip, an entry there
twice, an entry SHA256SUMS does not list, an entry outside the bundle's
folder, an unsafe name or an entry that is not a file is a mismatch too.
Exit codes: 0 all match, 1 a mismatch (the file is named), 2 usage error,
3 cannot be read.

` + provenanceNote + `
`

// provenanceNote says what verify does not prove.
const provenanceNote = `注意: 一致するのはファイルが隣の SHA256SUMS と食い違わないことだけです。ファイルを作った人は
SHA256SUMS も作れます。誰がビルドしたかを証明するのはビルドの来歴証明 (attestation) だけです:
  gh attestation verify FILE --repo ichiran-jp/ichiran
Note: a match shows only that the files agree with the SHA256SUMS beside
them; whoever made the files could have made SHA256SUMS too. Only the build
provenance attestation proves who built a download:
  gh attestation verify FILE --repo ichiran-jp/ichiran`

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
	fmt.Fprintln(stdout, provenanceNote)
	return exitOK
}
