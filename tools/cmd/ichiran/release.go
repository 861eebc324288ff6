package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/ichiran-jp/ichiran/tools/atomicfile"
	"github.com/ichiran-jp/ichiran/tools/catalog"
	"github.com/ichiran-jp/ichiran/tools/github"
	"github.com/ichiran-jp/ichiran/tools/wareki"
)

const releaseUsage = `使い方 / usage: ichiran release -tag TAG [-dir DIR] [-notes FILE] [-dry-run]

ichiran build が作った配布物 (DIR、既定は dist) の通常のファイルをすべて GitHub の
リリースにします。下書きとして作成し (前回の実行が残した下書きがあれば再利用)、ファイルを
アップロードし (同じ名前のファイルは置き換え)、最後に公開します。公開済みのリリースは
変更できないため、同じタグでの再実行は拒否します。

Publishes every regular file of DIR (default dist), the bundle ichiran build
wrote, as a GitHub release: created as a draft (or the draft an interrupted
run left is reused), the files uploaded (same-named ones replaced), then
published. Published releases are immutable: a tag already published is
refused.

タグ / tags: edition-YYYY.N — YYYY は版 (公表する年度)、N は同じ版の何回目の公表か
(1 が最初、2 以降は訂正版)。例: edition-2026.1 = 令和8年度版、edition-2026.2 = その訂正版。
YYYY is the edition (its fiscal year), N the issue of that edition (1 the
first publication, 2 and up corrected re-issues): edition-2026.1 is
令和8年度版, edition-2026.2 its first correction.

本文は -notes のファイル、なければ DIR の RELEASE-NOTES.md です。
The body is the -notes file, else the bundle's RELEASE-NOTES.md.

環境変数 / environment:
  GITHUB_TOKEN            トークン (権限 contents: write) / the token (contents: write)
  GITHUB_REPOSITORY       OWNER/NAME (-repo がなければ / when -repo is not given)
  ICHIRAN_GITHUB_API_URL  API の URL (テスト・GitHub Enterprise 用、既定は
                          GITHUB_API_URL、次に https://api.github.com/) /
                          the API root, for tests and GitHub Enterprise Server

flags:
`

// tagPattern is the scheme of release tags: edition-YYYY.N.
var tagPattern = regexp.MustCompile(`^edition-([0-9]{4})\.([1-9][0-9]*)$`)

// parseTag returns the edition and the issue of a release tag.
func parseTag(tag string) (edition, issue int, err error) {
	m := tagPattern.FindStringSubmatch(tag)
	if m == nil {
		return 0, 0, fmt.Errorf("タグは edition-YYYY.N です (例 edition-2026.1) / the tag must be edition-YYYY.N (e.g. edition-2026.1), not %q", tag)
	}
	edition, _ = strconv.Atoi(m[1])
	issue, err = strconv.Atoi(m[2])
	if err != nil {
		return 0, 0, fmt.Errorf("タグの版番号が大きすぎます / the tag's issue number is too large: %q", tag)
	}
	if edition < catalog.FirstEdition {
		return 0, 0, fmt.Errorf("最初の版は %d 年です / the first edition is %d: %q", catalog.FirstEdition, catalog.FirstEdition, tag)
	}
	return edition, issue, nil
}

// releaseName is the title of the release of an edition's issue.
func releaseName(edition, issue int) string {
	if issue == 1 {
		return fmt.Sprintf("%s (%d年版) / edition %d", wareki.Edition(edition), edition, edition)
	}
	return fmt.Sprintf("%s (%d年版) 訂正第%d版 / edition %d, corrected issue %d", wareki.Edition(edition), edition, issue, edition, issue)
}

// notesNames are the names the bundle's release notes may have.
var notesNames = []string{"RELEASE-NOTES.md", "RELEASE_NOTES.md", "release-notes.md"}

// maxReleaseBody is GitHub's limit on a release's body, in characters.
const maxReleaseBody = 125000

func runRelease(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fset := newFlagSet("release", releaseUsage, stderr)
	tag := fset.String("tag", "", "リリースのタグ edition-YYYY.N (必須) / the release tag edition-YYYY.N (required)")
	dir := fset.String("dir", "dist", "配布物のディレクトリ / the bundle's directory")
	notes := fset.String("notes", "", "本文のファイル (既定は DIR/RELEASE-NOTES.md) / the body's file (default: DIR/RELEASE-NOTES.md)")
	repoFlag := fset.String("repo", "", "OWNER/NAME (既定は GITHUB_REPOSITORY / default: GITHUB_REPOSITORY)")
	target := fset.String("target", "", "タグがまだないときに作る元のコミット (既定は既定のブランチ) / the commit to create the tag from if it does not exist (default: the default branch)")
	dryRun := fset.Bool("dry-run", false, "何をするか表示するだけで GitHub には送らない / print what would be released, do not call GitHub")
	list := fset.String("list", "", "公開済みのリリース (ファイルの URL と SHA256SUMS) を JSON で FILE に書いて終わる (ichiran site -releases 用) / write the published releases (asset addresses, SHA256SUMS) as JSON to FILE and stop (for ichiran site -releases)")
	if err := fset.Parse(args); err != nil {
		return parseFailed(fset, err, stdout)
	}
	fail := func(code int, format string, a ...any) int {
		return complain(stderr, "release", code, format, a...)
	}
	if *list != "" {
		gh, err := githubTargetFromEnv(*repoFlag, false)
		if err != nil {
			return fail(exitUsage, "%v", err)
		}
		base, upload := releaseAPI()
		rels, err := gh.client(ctx, base, upload).PublishedReleases(ctx)
		if err != nil {
			return fail(exitFailure, "%v", err)
		}
		data, err := json.MarshalIndent(rels, "", "  ")
		if err != nil {
			return fail(exitFailure, "%v", err)
		}
		if err := atomicfile.WriteFile(*list, append(data, '\n'), 0o644); err != nil {
			return fail(exitFailure, "%v", err)
		}
		fmt.Fprintf(stdout, "%s: %d 件の公開済みリリース / %d published releases\n", *list, len(rels), len(rels))
		return exitOK
	}
	if fset.NArg() > 0 {
		return fail(exitUsage, "引数は取りません (-dir を使ってください) / no arguments (use -dir): %q", fset.Args())
	}
	if *tag == "" {
		return fail(exitUsage, "-tag がありません / -tag is required")
	}
	edition, issue, err := parseTag(*tag)
	if err != nil {
		return fail(exitUsage, "%v", err)
	}
	gh, err := githubTargetFromEnv(*repoFlag, *dryRun)
	if err != nil {
		return fail(exitUsage, "%v", err)
	}

	assets, skipped, err := releaseAssets(*dir)
	if err != nil {
		return fail(exitFailure, "%v", err)
	}
	for _, s := range skipped {
		fmt.Fprintf(stderr, "ichiran release: 通常のファイルでないため除外します / not a regular file, skipped: %s\n", s)
	}
	if len(assets) == 0 {
		return fail(exitFailure, "%s にファイルがありません (先に ichiran build を実行してください) / no files in %s (run ichiran build first)", *dir, *dir)
	}
	body, err := releaseBody(*notes, *dir, edition)
	if err != nil {
		return fail(exitFailure, "%v", err)
	}
	rel := github.Release{Tag: *tag, Name: releaseName(edition, issue), Body: github.Truncate(body, maxReleaseBody), Target: *target, Assets: assets}

	if *dryRun {
		fmt.Fprintf(stdout, "tag:  %s\nname: %s\nassets:\n", rel.Tag, rel.Name)
		for _, p := range assets {
			st, err := os.Stat(p)
			if err != nil {
				return fail(exitFailure, "%v", err)
			}
			fmt.Fprintf(stdout, "  %s\t%d\t%s\n", filepath.Base(p), st.Size(), github.MediaType(p))
		}
		fmt.Fprintf(stdout, "body:\n%s\n", rel.Body)
		return exitOK
	}
	base, upload := releaseAPI()
	c := gh.client(ctx, base, upload)
	url, err := c.PublishRelease(ctx, rel)
	if err != nil {
		return fail(exitFailure, "%v", err)
	}
	fmt.Fprintf(stdout, "%s (%d files)\n", url, len(assets))
	return exitOK
}

// releaseAssets lists the regular files of dir, sorted by name; skipped
// are the entries that are not (directories, links).
func releaseAssets(dir string) (assets, skipped []string, err error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, nil, err
	}
	for _, e := range entries {
		p := filepath.Join(dir, e.Name())
		if e.Type().IsRegular() {
			assets = append(assets, p)
		} else {
			skipped = append(skipped, p)
		}
	}
	slices.Sort(assets) // os.ReadDir sorts too; the order is the upload order
	return assets, skipped, nil
}

// releaseBody is the release notes: the notes file, else the bundle's
// RELEASE-NOTES.md (in dir or one directory down), else a short text.
func releaseBody(notes, dir string, edition int) (string, error) {
	if notes != "" {
		b, err := os.ReadFile(notes)
		return string(b), err
	}
	var candidates []string
	for _, n := range notesNames {
		candidates = append(candidates, filepath.Join(dir, n))
	}
	for _, n := range notesNames {
		m, _ := filepath.Glob(filepath.Join(dir, "*", n))
		candidates = append(candidates, m...)
	}
	for _, p := range candidates {
		b, err := os.ReadFile(p)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return "", err
		}
		return string(b), nil
	}
	return fmt.Sprintf("市町村のデジタル化の取組に関する情報の一覧表 %s (%d年版)。\n"+
		"The list of municipal digitalisation indicators, edition %d.\n\n"+
		"確認 / verify: `sha256sum -c SHA256SUMS` または / or `ichiran verify`.\n",
		wareki.Edition(edition), edition, edition), nil
}

// releaseAPI is the API root and the upload root, empty for github.com.
// Uploads go to another host than the API: uploads.github.com for
// github.com (the client's default), HOST/api/uploads/ for GitHub
// Enterprise Server, whose API is HOST/api/v3/. ICHIRAN_GITHUB_API_URL (for
// tests) serves both, unless ICHIRAN_GITHUB_UPLOAD_URL is set.
func releaseAPI() (base, upload string) {
	if base = os.Getenv("ICHIRAN_GITHUB_API_URL"); base != "" {
		return base, os.Getenv("ICHIRAN_GITHUB_UPLOAD_URL")
	}
	base = strings.TrimSuffix(os.Getenv("GITHUB_API_URL"), "/")
	switch {
	case base == "" || base == "https://api.github.com":
		return "", ""
	case strings.HasSuffix(base, "/api/v3"):
		return base, strings.TrimSuffix(base, "/v3") + "/uploads"
	}
	return base, base
}
