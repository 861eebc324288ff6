package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/ichiran-jp/ichiran/tools/catalog"
)

// commands are the commands of ichiran, as run dispatches them.
var commands = []string{"validate", "status", "template", "import", "diff", "review", "track", "build", "verify", "release", "site"}

var flagLine = regexp.MustCompile(`(?m)^  -([a-z0-9-]+)`)

// TestManual keeps the docs from drifting from the code: every command's
// -h goes to stdout once, MANUAL.md has a section for it that names each
// of its flags, and README.md and the command's own usage name every
// command.
func TestManual(t *testing.T) {
	raw, err := os.ReadFile("MANUAL.md")
	if err != nil {
		t.Fatal(err)
	}
	manual := string(raw)
	readme, err := os.ReadFile("../../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, cmd := range commands {
		t.Run(cmd, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if code := run(context.Background(), []string{cmd, "-h"}, strings.NewReader(""), &stdout, &stderr); code != exitOK {
				t.Fatalf("ichiran %s -h: exit %d, want 0", cmd, code)
			}
			help := stdout.String()
			if n := strings.Count(help, "使い方 / usage:"); n != 1 {
				t.Errorf("ichiran %s -h: the usage %d times on stdout, want once", cmd, n)
			}
			if strings.Contains(stderr.String(), "usage:") {
				t.Errorf("ichiran %s -h: the help on stderr too:\n%s", cmd, stderr.String())
			}
			section := manualSection(manual, cmd)
			if section == "" {
				t.Fatalf("MANUAL.md has no section for ichiran %s", cmd)
			}
			for _, m := range flagLine.FindAllStringSubmatch(help, -1) {
				if !regexp.MustCompile(`-` + regexp.QuoteMeta(m[1]) + `\b`).MatchString(section) {
					t.Errorf("MANUAL.md, ichiran %s: flag -%s is not mentioned", cmd, m[1])
				}
			}
			if !strings.Contains(string(readme), "`"+cmd+"`") || !strings.Contains(usage, cmd) {
				t.Errorf("README.md or the usage does not name the command %s", cmd)
			}
		})
	}
}

// manualSection is the part of the manual under the heading that names
// ichiran cmd ("## ichiran build / verify" names build and verify).
func manualSection(manual, cmd string) string {
	parts := strings.Split(manual, "\n## ")
	for _, p := range parts[1:] {
		head, _, _ := strings.Cut(p, "\n")
		for _, f := range strings.FieldsFunc(head, func(r rune) bool { return r == ' ' || r == '/' }) {
			if f == cmd && strings.HasPrefix(head, "ichiran ") {
				return p
			}
		}
	}
	return ""
}

// TestReadmeData: README's first screen names every indicator with
// figures and every as-of date the repository holds, so that it stays
// true as figures are imported.
func TestReadmeData(t *testing.T) {
	readme, err := os.ReadFile("../../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	desc, err := os.ReadFile("../../../datapackage.json")
	if err != nil {
		t.Fatal(err)
	}
	cat, err := catalog.Parse(desc)
	if err != nil {
		t.Fatal(err)
	}
	for _, ind := range cat.Indicators {
		for _, name := range cat.Resources[ind.ID] {
			for _, p := range cat.Provenance[name] {
				if !bytes.Contains(readme, []byte("`"+ind.ID+"`")) || !bytes.Contains(readme, []byte(p.AsOf)) {
					t.Errorf("README.md does not say that it holds %s as of %s (%s)", ind.ID, p.AsOf, p.File)
				}
			}
		}
	}
}

// TestStatusMacroJSON: `ichiran status -edition 2022 -format json` on the
// repository carries the national card rate recomputed from the rows
// (Σ cards ÷ Σ population: 44.0 % on 2022-05-01).
func TestStatusMacroJSON(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"status", "-edition", "2022", "-today", "2026-12-04", "-format", "json", "../../.."}, strings.NewReader(""), &stdout, &stderr); code != exitOK {
		t.Fatalf("ichiran status: exit %d: %s", code, stderr.String())
	}
	var rep struct {
		Macro struct {
			Indicators []struct {
				ID      string `json:"id"`
				Figures []struct {
					Value, Numerator, Denominator string
					KPI                           bool
				} `json:"figures"`
			} `json:"indicators"`
		} `json:"macro"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Macro.Indicators) == 0 || rep.Macro.Indicators[0].ID != "mynumber-card" || len(rep.Macro.Indicators[0].Figures) == 0 {
		t.Fatalf("status JSON macro = %+v, want the card rate", rep.Macro)
	}
	f := rep.Macro.Indicators[0].Figures[0]
	if f.Value != "44.0" || f.Numerator != "55765137" || f.Denominator != "126654244" || !f.KPI {
		t.Errorf("national card rate 2022 = %+v, want 44.0 = 55765137 / 126654244, the KPI", f)
	}
}
