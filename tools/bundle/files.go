package bundle

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/ichiran-jp/ichiran/tools/atomicfile"
	"github.com/ichiran-jp/ichiran/tools/wareki"
)

// writeCSV writes rows as CSV; text columns (textCol[i]) are guarded.
func writeCSV(rows [][]string, textCol []bool, crlf bool) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.UseCRLF = crlf
	out := make([]string, 0, len(textCol))
	for i, r := range rows {
		out = out[:0]
		for j, v := range r {
			if i == 0 || j >= len(textCol) || textCol[j] {
				v = Guard(v)
			}
			out = append(out, v)
		}
		_ = w.Write(out) // a bytes.Buffer does not fail
	}
	w.Flush()
	return b.Bytes()
}

// listRows are the 一覧表 as text, header first.
func (m *model) listRows(cols []column) [][]string {
	rows := make([][]string, 0, len(m.munis)+1)
	h := make([]string, len(cols))
	for i, c := range cols {
		h[i] = c.Header
	}
	rows = append(rows, h)
	for _, e := range m.munis {
		r := make([]string, len(cols))
		for i, c := range cols {
			r[i] = listText(c.Type, c.raw(e))
		}
		rows = append(rows, r)
	}
	return rows
}

// listCSV is the 一覧表 in UTF-8 (LF) and in UTF-8 with a BOM (CRLF) for
// Excel.
func (m *model) listCSV() (plain, bom []byte) {
	cols := m.columns()
	text := make([]bool, len(cols))
	for i, c := range cols {
		text[i] = textType(c.Type) || c.Type == "boolean" // ○ and × are text
	}
	rows := m.listRows(cols)
	plain = writeCSV(rows, text, false)
	bom = append([]byte("\uFEFF"), writeCSV(rows, text, true)...)
	return plain, bom
}

// longCSVs are the per-indicator CSVs in long form (the repository's rows
// at the edition's as-of date) and the code table.
func (m *model) longCSVs() ([]File, error) {
	var files []File
	codesText := make([]bool, len(m.codesCSV[0]))
	for i, h := range m.codesCSV[0] {
		codesText[i] = !strings.HasPrefix(h, "valid_")
	}
	files = append(files, File{"data/" + codesResource + ".csv", writeCSV(m.codesCSV, codesText, false)})
	for _, x := range m.active() {
		head := make([]string, len(x.fields))
		text := make([]bool, len(x.fields))
		for i, f := range x.fields {
			head[i], text[i] = f.Name, textType(f.Type)
		}
		rows := append([][]string{head}, x.rows...)
		files = append(files, File{"data/" + x.ind.ID + ".csv", writeCSV(rows, text, false)})
	}
	return files, nil
}

// sum is the hex SHA-256 of data.
func sum(data []byte) string {
	h := sha256.Sum256(data)
	return hex.EncodeToString(h[:])
}

// descriptor is the bundle's datapackage.json: the code table and one
// resource per indicator with figures, each with bytes and sha256 hash.
func (m *model) descriptor(opt Options, long []File) ([]byte, error) {
	raw, err := m.repo.ReadDescriptor()
	if err != nil {
		return nil, err
	}
	var src map[string]json.RawMessage
	if err := json.Unmarshal(raw, &src); err != nil {
		return nil, err
	}
	byName := map[string][]byte{}
	for _, f := range long {
		byName[f.Name] = f.Data
	}
	type resource struct {
		Name      string `json:"name"`
		Title     string `json:"title"`
		Type      string `json:"type"`
		Path      string `json:"path"`
		Format    string `json:"format"`
		Mediatype string `json:"mediatype"`
		Encoding  string `json:"encoding"`
		Bytes     int    `json:"bytes"`
		Hash      string `json:"hash"`
		Schema    any    `json:"schema,omitempty"`
	}
	mk := func(name, title, p string, schema any) resource {
		d := byName[p]
		return resource{Name: name, Title: title, Type: "table", Path: p, Format: "csv", Mediatype: "text/csv", Encoding: "utf-8",
			Bytes: len(d), Hash: "sha256:" + sum(d), Schema: schema}
	}
	var codesSchema any
	if r := m.repo.Pkg.Resource(codesResource); r != nil {
		var res []map[string]any
		var withRes struct {
			Resources []map[string]any `json:"resources"`
		}
		if err := json.Unmarshal(raw, &withRes); err == nil {
			res = withRes.Resources
		}
		for _, x := range res {
			if x["name"] == codesResource {
				switch s := x["schema"].(type) {
				case string:
					b, err := m.repo.ReadFile(s)
					if err == nil && json.Unmarshal(b, &codesSchema) != nil {
						codesSchema = nil
					}
				case map[string]any:
					codesSchema = s
				}
			}
		}
	}
	resources := []resource{mk(codesResource, "全国地方公共団体コード (履歴つき) / local government codes, with history", "data/"+codesResource+".csv", codesSchema)}
	for _, x := range m.active() {
		title := fmt.Sprintf("%s (%s、%s時点) / %s (as of %s)", x.ind.Title.Ja, editionJa(m.edition), wareki.Date(x.asOf), x.ind.Title.En, x.date())
		resources = append(resources, mk(x.ind.ID, title, "data/"+x.ind.ID+".csv", x.schema))
	}
	doc := struct {
		Schema      string          `json:"$schema"`
		Name        string          `json:"name"`
		Title       string          `json:"title"`
		Description string          `json:"description"`
		Version     string          `json:"version"`
		Created     string          `json:"created"`
		Homepage    string          `json:"homepage"`
		Licenses    json.RawMessage `json:"licenses,omitempty"`
		Sources     json.RawMessage `json:"sources,omitempty"`
		Resources   []resource      `json:"resources"`
	}{
		Schema: "https://datapackage.org/profiles/2.0/datapackage.json",
		Name:   baseName(m.edition), Title: fmt.Sprintf("市町村のデジタル化の取組に関する情報の一覧表 %s / List of municipal digitalisation indicators, edition %d", editionJa(m.edition), m.edition),
		Description: "指標ごとの縦長の表 (団体コード × 時点) と団体コード表。一覧表そのものは同梱の CSV・Excel・SQLite にあります。 / The indicators in long form (code × date) and the code table; the list itself is in the CSV, Excel and SQLite files of the bundle.",
		Version:     fmt.Sprintf("%d", m.edition), Created: opt.Time.Format(time.RFC3339), Homepage: homepage,
		Licenses: src["licenses"], Sources: src["sources"], Resources: resources,
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// homepage is the repository's address.
const homepage = "https://github.com/ichiran-jp/ichiran"

func editionJa(edition int) string { return wareki.Edition(edition) }

// checksums is SHA256SUMS of files, in `sha256sum -c` format.
func checksums(files []File) []byte {
	var b bytes.Buffer
	for _, f := range files {
		fmt.Fprintf(&b, "%s  %s\n", sum(f.Data), f.Name)
	}
	return b.Bytes()
}

// zipFiles zips files under the folder dir, in the given order, with a
// fixed time, fixed modes and the default deflate level.
func zipFiles(dir string, files []File, t time.Time) ([]byte, error) {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	sortFiles(files)
	for _, f := range files {
		h := &zip.FileHeader{Name: dir + "/" + f.Name, Method: zip.Deflate, Modified: t}
		h.SetMode(0o644)
		w, err := zw.CreateHeader(h)
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(f.Data); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// WriteDir writes the bundle's files into dir in two steps: every file is
// first written completely beside its target, then all are renamed into
// place. A failure while writing (a full disk, say) leaves every file of
// the previous build as it was; only an interruption during the renames,
// which take no space, can leave files of both builds (SHA256SUMS tells).
func (b *Bundle) WriteDir(dir string) error {
	var pending []*atomicfile.Pending
	abort := func() {
		for _, p := range pending {
			p.Abort()
		}
	}
	for _, f := range b.Files {
		if !cleanName(f.Name) {
			abort()
			return fmt.Errorf("ファイル名 %q は使えません / bad file name %q", f.Name, f.Name)
		}
		target := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			abort()
			return err
		}
		p, err := atomicfile.Prepare(target, f.Data, 0o644)
		if err != nil {
			abort()
			return err
		}
		pending = append(pending, p)
	}
	for i, p := range pending {
		if err := p.Commit(); err != nil {
			for _, q := range pending[i+1:] {
				q.Abort()
			}
			return err
		}
	}
	return nil
}
