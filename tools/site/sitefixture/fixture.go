// Package sitefixture writes a small ichiran repository with figures, for
// the tests of the site: the repo package's test repository, with 伊達市 in
// both 北海道 and 福島県 added to the code table and two editions of
// figures (2024 and 2025) for its two indicators.
package sitefixture

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/ichiran-jp/ichiran/tools/repo"
)

// Write writes the fixture repository into dir (which must exist) and
// returns the path of its datapackage.json.
func Write(dir string) (string, error) {
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		return "", fmt.Errorf("sitefixture: no source location")
	}
	from := filepath.Join(filepath.Dir(file), "..", "..", "repo", "testdata", "repo")
	if err := copyDir(from, dir); err != nil {
		return "", err
	}
	// The titles of the repository's own schemas (the fields are the same).
	for _, id := range []string{"mynumber-card", "data-plan"} {
		b, err := os.ReadFile(filepath.Join(filepath.Dir(file), "..", "..", "..", "schemas", id+".json"))
		if err != nil {
			return "", err
		}
		var schema struct {
			Fields []struct {
				Name  string `json:"name"`
				Type  string `json:"type,omitempty"`
				Title string `json:"title,omitempty"`
			} `json:"fields"`
		}
		if err := json.Unmarshal(b, &schema); err != nil {
			return "", err
		}
		if b, err = json.Marshal(schema); err != nil {
			return "", err
		}
		if err := os.WriteFile(filepath.Join(dir, "schemas", id+".json"), b, 0o644); err != nil {
			return "", err
		}
	}
	codes := filepath.Join(dir, repo.DataDir, repo.CodesResource+".csv")
	b, err := os.ReadFile(codes)
	if err != nil {
		return "", err
	}
	extra := "012335,01,北海道,伊達市,,ダテシ,city,,,,\n070009,07,福島県,福島県,,フクシマケン,prefecture,,,,\n072133,07,福島県,伊達市,,ダテシ,city,,,,\n"
	if err := os.WriteFile(codes, []byte(sortLines(string(b)+extra)), 0o644); err != nil {
		return "", err
	}
	files := map[string]string{
		"data/mynumber-card/2024.csv": "code,as_of,population,population_date,issued,rate\n" +
			"011002,2024-05-01,1000,2023-01-01,400,40.0\n012335,2024-05-01,3000,2023-01-01,1500,50.0\n014036,2024-05-01,2000,2023-01-01,600,30.0\n072133,2024-05-01,5000,2023-01-01,3000,60.0\n131016,2024-05-01,3000,2023-01-01,1200,40.0\n",
		"data/mynumber-card/2025.csv": "code,as_of,population,population_date,issued,rate\n" +
			"011002,2025-05-01,1000,2024-01-01,500,50.0\n012335,2025-05-01,3000,2024-01-01,2100,70.0\n014036,2025-05-01,2000,2024-01-01,900,45.0\n072133,2025-05-01,5000,2024-01-01,3250,65.0\n131016,2025-05-01,3000,2024-01-01,1500,50.0\n",
		"data/data-plan/2024.csv": "code,as_of,formulated\n010006,2024-03-31,true\n011002,2024-03-31,true\n012335,2024-03-31,false\n014036,2024-03-31,false\n072133,2024-03-31,false\n",
		"data/data-plan/2025.csv": "code,as_of,formulated\n010006,2025-03-31,true\n011002,2025-03-31,true\n012335,2025-03-31,true\n014036,2025-03-31,false\n072133,2025-03-31,true\n131016,2025-03-31,false\n",
	}
	for name, s := range files {
		if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(name)), []byte(s), 0o644); err != nil {
			return "", err
		}
	}
	desc := filepath.Join(dir, "datapackage.json")
	raw, err := os.ReadFile(desc)
	if err != nil {
		return "", err
	}
	var doc map[string]any
	if err := json.Unmarshal(raw, &doc); err != nil {
		return "", err
	}
	res, _ := doc["resources"].([]any)
	for _, id := range []string{"mynumber-card", "data-plan"} {
		res = append(res, map[string]any{
			"name": id + "-2024", "title": id + " (2024年)", "indicator": id, "type": "table",
			"path": "data/" + id + "/2024.csv", "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
			"schema": "schemas/" + id + ".json",
		})
	}
	doc["resources"] = res
	out, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return "", err
	}
	return desc, os.WriteFile(desc, append(out, '\n'), 0o644)
}

// sortLines keeps the header first and sorts the rest by code (stable for
// the same code, so the history order is kept).
func sortLines(s string) string {
	lines := strings.Split(strings.TrimSuffix(s, "\n"), "\n")
	body := lines[1:]
	for i := 1; i < len(body); i++ { // insertion sort by the first field: stable
		for j := i; j > 0 && body[j][:6] < body[j-1][:6]; j-- {
			body[j], body[j-1] = body[j-1], body[j]
		}
	}
	return lines[0] + "\n" + strings.Join(body, "\n") + "\n"
}

func copyDir(from, to string) error {
	return filepath.WalkDir(from, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		target := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o644)
	})
}
