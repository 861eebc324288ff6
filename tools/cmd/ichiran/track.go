package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/ichiran-jp/ichiran/tools/catalog"
	"github.com/ichiran-jp/ichiran/tools/github"
	"github.com/ichiran-jp/ichiran/tools/status"
)

const trackUsage = `使い方 / usage: ichiran track [flags] [PATH]

版ごとに 1 つの GitHub Issue (ラベル edition-YEAR) を ichiran status の表と、各府省が
6月30日までに提出するもの (府省のチームへのメンション付き) で最新に保ちます。最初の実行で
作成し、その後は本文が変わったときだけ編集し、有効な指標がすべて揃うと閉じます。

Keeps one GitHub issue per edition (label edition-YEAR) up to date with the
ichiran status table and what each ministry still owes for 30 June,
mentioning its team: created on the first run, edited afterwards only when
the body changed, closed once every active indicator is complete.

環境変数 / environment:
  GITHUB_TOKEN            トークン (権限 issues: write) / the token (issues: write)
  GITHUB_REPOSITORY       OWNER/NAME (-repo がなければ / when -repo is not given)
  ICHIRAN_GITHUB_API_URL  API の URL (テスト・GitHub Enterprise 用、既定は
                          GITHUB_API_URL、次に https://api.github.com/) /
                          the API root, for tests and GitHub Enterprise Server

flags:
`

func runTrack(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("track", trackUsage, stderr)
	edition := fs.Int("edition", 0, "版 (公表する年度) / edition (its fiscal year); default: the one due next")
	repoFlag := fs.String("repo", "", "OWNER/NAME (既定は GITHUB_REPOSITORY / default: GITHUB_REPOSITORY)")
	dryRun := fs.Bool("dry-run", false, "本文を表示するだけで GitHub には送らない / print the body, do not call GitHub")
	todayArg := fs.String("today", "", "今日の日付 (YYYY-MM-DD、既定は実際の今日) / today's date (default: the clock)")
	if err := fs.Parse(args); err != nil {
		return parseFailed(fs, err, stdout)
	}
	fail := func(code int, format string, a ...any) int {
		return complain(stderr, "track", code, format, a...)
	}
	today, ok := todayFlag(stderr, "track", "-today", *todayArg)
	if !ok {
		return exitUsage
	}
	if *edition == 0 {
		*edition = catalog.NextEdition(today)
	}
	if beforeFirstEdition(stderr, "track", *edition) {
		return exitUsage
	}
	if fs.NArg() > 1 {
		return fail(exitUsage, onePath)
	}
	gh, err := githubTargetFromEnv(*repoFlag, *dryRun)
	if err != nil {
		return fail(exitUsage, "%v", err)
	}

	r, err := openRepository(fs.Args())
	if err != nil {
		return fail(exitFailure, "%v", err)
	}
	defer r.Close()
	rep, err := status.Compute(r, *edition, today)
	if err != nil {
		return fail(exitFailure, "%v", err)
	}
	body, complete, err := trackingBody(rep, r.Cat.Owners.Team)
	if err != nil {
		return fail(exitFailure, "%v", err)
	}
	title := fmt.Sprintf("%s (%d年版) の状況 / edition %d status", rep.EditionJa, rep.Edition, rep.Edition)
	marker := fmt.Sprintf("edition-%d", rep.Edition)
	if *dryRun {
		fmt.Fprintf(stdout, "# %s\n\n%s\n%s", title, github.Marker(marker), body)
		if complete {
			fmt.Fprintln(stderr, "ichiran track: すべて揃っているため Issue を閉じます / every active indicator is complete: the issue would be closed")
		}
		return exitOK
	}
	c := gh.client(ctx, apiURL(), "")
	n, err := c.UpsertIssue(ctx, title, marker, body, []string{marker}, complete)
	if err != nil {
		return fail(exitFailure, "%v", err)
	}
	state := "open"
	if complete {
		state = "closed"
	}
	fmt.Fprintf(stdout, "%s/%s#%d (%s)\n", gh.owner, gh.name, n, state)
	return exitOK
}

// trackingBody is the tracking issue's body: the status table, then, for
// each ministry, what it still owes for the edition's 30 June, mentioning
// its team (team, from the catalogue's owners). complete: every active
// indicator is.
func trackingBody(rep *status.Report, team func(ministry string) string) (body string, complete bool, err error) {
	var b strings.Builder
	if err := rep.WriteMarkdown(&b); err != nil {
		return "", false, err
	}
	var ministries []string
	owes := map[string][]status.Indicator{}
	active := 0
	for _, ind := range rep.Indicators {
		if ind.Status != catalog.Active {
			continue
		}
		active++
		if ind.Complete {
			continue
		}
		if _, ok := owes[ind.Ministry.Ja]; !ok {
			ministries = append(ministries, ind.Ministry.Ja)
		}
		owes[ind.Ministry.Ja] = append(owes[ind.Ministry.Ja], ind)
	}
	complete = active > 0 && len(ministries) == 0
	fmt.Fprintf(&b, "\n### %s までに各府省が提出するもの / what each ministry still owes for %s\n\n", rep.Deadline, rep.Deadline)
	if complete {
		b.WriteString("この版の有効な指標はすべて揃いました。 / Every active indicator of this edition is complete.\n")
	}
	for _, m := range ministries {
		inds := owes[m]
		heading := m
		if en := inds[0].Ministry.En; en != "" {
			heading += " / " + en
		}
		if t := team(m); t != "" {
			heading += " — " + t
		}
		fmt.Fprintf(&b, "#### %s\n\n", heading)
		for _, ind := range inds {
			var ja, en string
			if ind.Rows == 0 || ind.Covered == 0 {
				ja, en = "未提出", "no data yet"
			} else {
				ja = fmt.Sprintf("一部 (%d / %d 団体)", ind.Covered, ind.Expected)
				en = fmt.Sprintf("partial (%d of %d)", ind.Covered, ind.Expected)
			}
			fmt.Fprintf(&b, "- [ ] %s / %s (`%s`) — %s 時点 / as of %s: %s / %s → `%s`\n",
				ind.Title.Ja, ind.Title.En, ind.ID, ind.AsOf, ind.AsOf, ja, en, ind.File)
		}
		b.WriteString("\n")
	}
	b.WriteString("\n<sub>ichiran track が更新します。手で編集しないでください。 / Kept up to date by ichiran track; edits by hand are overwritten.</sub>\n")
	return b.String(), complete, nil
}
