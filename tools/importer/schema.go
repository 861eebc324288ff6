package importer

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/ichiran-jp/ichiran/tools/catalog"
	"github.com/ichiran-jp/ichiran/tools/repo"
)

// Field is what the importer needs of a Table Schema field.
type Field struct {
	Name  string
	Type  string
	Title string
	// Categories maps each category value to its label ("adopted" →
	// "導入済み / adopted").
	Categories map[string]string
}

// LoadFields reads the fields of the indicator's Table Schema from the
// repository.
func LoadFields(r *repo.Repository, ind *catalog.Indicator) ([]Field, error) {
	raw, err := r.ReadFile(ind.Schema)
	if err != nil {
		return nil, err
	}
	fields, err := ParseFields(raw)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Join(r.Dir, filepath.FromSlash(ind.Schema)), err)
	}
	return fields, nil
}

// ParseFields reads the fields of a Table Schema.
func ParseFields(raw []byte) ([]Field, error) {
	var doc struct {
		Fields []struct {
			Name       string `json:"name"`
			Type       string `json:"type"`
			Title      string `json:"title"`
			Categories []struct {
				Value any    `json:"value"`
				Label string `json:"label"`
			} `json:"categories"`
		} `json:"fields"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		return nil, err
	}
	var out []Field
	for _, f := range doc.Fields {
		fd := Field{Name: f.Name, Type: f.Type, Title: f.Title}
		if fd.Type == "" {
			fd.Type = "any"
		}
		for _, c := range f.Categories {
			if fd.Categories == nil {
				fd.Categories = map[string]string{}
			}
			fd.Categories[fmt.Sprint(c.Value)] = c.Label
		}
		out = append(out, fd)
	}
	return out, nil
}

// titleJa is the Japanese part of a bilingual title, without its unit:
// "交付枚数 (枚) / cards issued (cards)" → "交付枚数".
func titleJa(t string) string {
	ja, _, _ := strings.Cut(t, " / ")
	if i := strings.LastIndex(ja, " ("); i > 0 {
		ja = ja[:i]
	}
	return strings.TrimSpace(ja)
}
