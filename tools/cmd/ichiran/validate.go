package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/ichiran-jp/ichiran/tools/frictionless"
	"github.com/ichiran-jp/ichiran/tools/repo"
	"github.com/ichiran-jp/ichiran/tools/tablecsv"
)

const validateUsage = `使い方 / usage: ichiran validate [flags] [PATH]

データパッケージの記述子 (datapackage.json) と全リソースを Frictionless Data
Package v2 の仕様に沿って検証します。PATH を省略するとカレントディレクトリの
datapackage.json を検証します。PATH がディレクトリならその中の datapackage.json、
CSV ファイルならその表だけを検証します (-schema がなければ構造と文字コードのみ)。

Validates a data package descriptor (datapackage.json) and every resource
against the Frictionless Data Package v2 standard. Without PATH it validates
./datapackage.json; a directory means its datapackage.json; a CSV file is
validated alone (structure and encoding only, unless -schema is given).

フラグは PATH の前にも後にも置けます。 Flags may come before or after PATH:
  ichiran validate data/x.csv -schema schemas/x.json

問題は "path:line:col: メッセージ / message [code]" の形で 1 行ずつ出力します。
Each problem is printed as "path:line:col: message [code]".

終了コード / exit codes: 0 有効 valid, 1 問題あり problems found,
2 使い方の誤り usage error, 3 ツールの失敗 failure

flags:
`

// multi is a repeatable string flag.
type multi []string

func (m *multi) String() string     { return strings.Join(*m, ",") }
func (m *multi) Set(s string) error { *m = append(*m, s); return nil }

// parseInterspersed parses flags wherever they are among args, as in
// "ichiran validate x.csv -schema s.json", and returns the other arguments.
// After "--" everything is an argument.
func parseInterspersed(flags *flag.FlagSet, args []string) ([]string, error) {
	var rest []string
	for {
		if err := flags.Parse(args); err != nil {
			return nil, err
		}
		left := flags.Args()
		if n := len(args) - len(left); n > 0 && args[n-1] == "--" {
			return append(rest, left...), nil
		}
		if len(left) == 0 {
			return rest, nil
		}
		rest = append(rest, left[0])
		args = left[1:]
	}
}

// validateFormats are the values of ichiran validate -format.
var validateFormats = []outputFormat[*frictionless.Report]{
	{"text", (*frictionless.Report).WriteText},
	{"json", (*frictionless.Report).WriteJSON},
	{"github", writeGitHub},
}

func runValidate(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	flags := newFlagSet("validate", validateUsage, stderr)
	format := flags.String("format", "text", "出力形式 / output format: text, json, github")
	var resources multi
	flags.Var(&resources, "resource", "このリソースだけを検証 (繰り返し可) / validate only this resource (repeatable)")
	schemaFile := flags.String("schema", "", "CSV ファイルを検証する Table Schema (JSON) / Table Schema for a lone CSV file")
	maxErrors := flags.Int("max-errors", frictionless.DefaultMaxErrors, "リソースごとのエラー上限、0 で無制限 / errors per resource before stopping, 0 = no limit")
	var limits tablecsv.Options
	flags.IntVar(&limits.MaxFieldBytes, "max-cell-bytes", 16<<20, "セル 1 つの上限 (バイト) / largest cell, in bytes")
	flags.IntVar(&limits.MaxRecordBytes, "max-row-bytes", 64<<20, "1 行の上限 (バイト) / largest row, in bytes")
	flags.IntVar(&limits.MaxFields, "max-columns", 100000, "1 行の列数の上限 / most columns in a row")
	maxFileBytes := flags.Int64("max-file-bytes", 0, "データファイルの大きさの上限 (バイト、0 で無制限) / largest data file, in bytes (0 = no limit)")
	maxRows := flags.Int("max-rows", 0, "リソースごとの行数の上限 (0 で無制限) / most data rows per resource (0 = no limit)")
	var dlim frictionless.DescriptorLimits
	flags.IntVar(&dlim.MaxBytes, "max-descriptor-bytes", 16<<20, "記述子 (JSON) 1 つの大きさの上限 (バイト) / largest descriptor file (package, schema, dialect), in bytes")
	flags.IntVar(&dlim.MaxDepth, "max-descriptor-depth", 100, "記述子の配列・オブジェクトの入れ子の上限 / deepest nesting of arrays and objects in a descriptor")
	paths, err := parseInterspersed(flags, args)
	if err != nil {
		return parseFailed(flags, err, stdout)
	}
	write, ok := lookupFormat(stderr, "validate", *format, validateFormats...)
	if !ok {
		return exitUsage
	}
	if len(paths) > 1 {
		return complain(stderr, "validate", exitUsage, onePath)
	}
	path := "datapackage.json"
	if len(paths) == 1 {
		path = paths[0]
	}
	if limits.MaxFieldBytes <= 0 || limits.MaxRecordBytes <= 0 || limits.MaxFields <= 0 {
		fmt.Fprintln(stderr, "ichiran validate: -max-cell-bytes, -max-row-bytes, -max-columns は正の数です / must be positive")
		return exitUsage
	}
	if dlim.MaxBytes <= 0 || dlim.MaxDepth <= 0 {
		fmt.Fprintln(stderr, "ichiran validate: -max-descriptor-bytes と -max-descriptor-depth は正の数です / must be positive")
		return exitUsage
	}
	if *maxFileBytes < 0 || *maxRows < 0 {
		fmt.Fprintln(stderr, "ichiran validate: -max-file-bytes と -max-rows は 0 以上です / must not be negative")
		return exitUsage
	}
	opt := frictionless.Options{CSV: limits, MaxFileBytes: *maxFileBytes, MaxRows: *maxRows, MaxErrors: *maxErrors, Resources: resources}
	if *maxErrors == 0 {
		opt.MaxErrors = -1
	}
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		path = filepath.Join(path, "datapackage.json")
	}
	for _, p := range []string{path, *schemaFile} {
		if _, err := os.Stat(p); p != "" && errors.Is(err, fs.ErrNotExist) {
			fmt.Fprintf(stderr, "ichiran validate: %s がありません / no such file or directory: %s\n", p, p)
			return exitUsage
		}
	}

	var rep *frictionless.Report
	if isTable(path) {
		if len(resources) > 0 {
			fmt.Fprintln(stderr, "ichiran validate: -resource はデータパッケージにだけ使えます / -resource applies to a data package only")
			return exitUsage
		}
		rep, err = validateTable(ctx, path, *schemaFile, dlim, opt)
	} else {
		if *schemaFile != "" {
			fmt.Fprintln(stderr, "ichiran validate: -schema は CSV ファイルにだけ使えます / -schema applies to a CSV file only")
			return exitUsage
		}
		rep, err = repo.Validate(ctx, path, dlim, opt)
	}
	switch {
	case errors.Is(err, frictionless.ErrUnknownResource):
		fmt.Fprintf(stderr, "ichiran validate: そのようなリソースはありません / %v\n", err)
		return exitUsage
	case err != nil:
		fmt.Fprintf(stderr, "ichiran validate: %v\n", err)
		return exitFailure
	}
	if err := write(rep, stdout); err != nil {
		fmt.Fprintf(stderr, "ichiran validate: %v\n", err)
		return exitFailure
	}
	if !rep.Valid {
		return exitInvalid
	}
	return exitOK
}

// validatePackage validates a Data Package and, when it is an ichiran
// repository, runs the domain checks over it too.
func validatePackage(ctx context.Context, path string, opt frictionless.Options) (*frictionless.Report, error) {
	return repo.Validate(ctx, path, frictionless.DescriptorLimits{}, opt)
}

func isTable(path string) bool {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".csv", ".tsv", ".txt":
		return true
	}
	return false
}

// validateTable validates one CSV file, with a schema when one is given
// (read within lim).
func validateTable(ctx context.Context, path, schemaFile string, lim frictionless.DescriptorLimits, opt frictionless.Options) (*frictionless.Report, error) {
	var schema *frictionless.Schema
	if schemaFile != "" {
		s, errs, err := frictionless.LoadSchemaWith(schemaFile, lim)
		if err != nil {
			return nil, err
		}
		if len(errs) > 0 {
			return &frictionless.Report{Errors: errs}, nil
		}
		schema = s
	}
	// A .tsv file is read with a tab as delimiter.
	return frictionless.ValidateTable(ctx, path, schema, nil, opt)
}
