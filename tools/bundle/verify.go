package bundle

import (
	"archive/zip"
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"strings"
)

// Problem is a mismatch found by Verify: the file and what is wrong.
type Problem struct {
	File   string
	Ja, En string
}

func (p Problem) String() string { return p.File + ": " + p.Ja + " / " + p.En }

// Verify checks a bundle — a directory or a zip — against its SHA256SUMS
// and the bytes and hashes of its datapackage.json. The error is for a
// bundle that cannot be read at all; mismatches are Problems.
//
// A zip is also refused, with a Problem, when an entry's name is there
// twice (also in another letter case: unzip would write one over the
// other, and the reader would hash only one of them), when an entry is not
// listed in SHA256SUMS or lies outside the bundle's folder, when a name is
// not a plain relative path, and when an entry is not a regular file.
//
// Verify proves only that the files agree with the SHA256SUMS beside them:
// whoever made the files could have made SHA256SUMS too. Only the build's
// provenance attestation (gh attestation verify) proves who built them.
func Verify(name string) ([]Problem, error) {
	fi, err := os.Stat(name)
	if err != nil {
		return nil, err
	}
	if fi.IsDir() {
		ps, _, err := verifyFS(os.DirFS(name))
		return ps, err
	}
	zr, err := zip.OpenReader(name)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return nil, err
	}
	defer zr.Close()
	// The files are in one folder (ichiran-2026/) or at the top.
	root := "."
	for _, f := range zr.File {
		if path.Base(f.Name) == "SHA256SUMS" && strings.Count(f.Name, "/") <= 1 {
			root = path.Dir(f.Name)
			break
		}
	}
	ps := zipEntries(zr.File, root)
	sub, err := fs.Sub(zr, root)
	if err != nil {
		return nil, err
	}
	more, listed, err := verifyFS(sub)
	if err != nil {
		return nil, err
	}
	ps = append(ps, more...)
	if listed != nil {
		for _, f := range zr.File {
			rel, ok := under(f.Name, root)
			if ok && !strings.HasSuffix(f.Name, "/") && rel != "SHA256SUMS" && !listed[rel] {
				ps = append(ps, Problem{f.Name, "SHA256SUMS にない項目です", "an entry SHA256SUMS does not list"})
			}
		}
	}
	return ps, nil
}

// under is name relative to root (".": the top), and whether it is inside.
func under(name, root string) (string, bool) {
	if root == "." {
		return name, true
	}
	rel, ok := strings.CutPrefix(name, root+"/")
	return rel, ok && rel != ""
}

// zipEntries are the problems of the zip's entries themselves: names
// twice, unsafe names, entries outside root, entries that are not files
// or folders.
func zipEntries(files []*zip.File, root string) []Problem {
	var ps []Problem
	seen := map[string]string{}
	for _, f := range files {
		name := strings.TrimSuffix(f.Name, "/")
		if !fs.ValidPath(name) || strings.Contains(f.Name, `\`) || strings.ContainsAny(f.Name, "\x00\r\n") {
			ps = append(ps, Problem{f.Name, "項目の名前が安全な相対パスではありません", "the entry's name is not a plain relative path"})
			continue
		}
		key := strings.ToLower(name)
		if first, ok := seen[key]; ok {
			ps = append(ps, Problem{f.Name, "項目が 2 回あります (" + first + ")", "the entry is in the zip twice (" + first + ")"})
			continue
		}
		seen[key] = f.Name
		if _, ok := under(f.Name, root); !ok && f.Name != root+"/" {
			ps = append(ps, Problem{f.Name, "配布物のフォルダ " + root + "/ の外の項目です", "an entry outside the bundle's folder " + root + "/"})
		}
		if m := f.Mode(); !m.IsRegular() && !m.IsDir() {
			ps = append(ps, Problem{f.Name, "通常のファイルではありません (" + m.Type().String() + ")", "not a regular file (" + m.Type().String() + ")"})
		}
	}
	return ps
}

// hashFile is the hex SHA-256 and size of a file of fsys.
func hashFile(fsys fs.FS, name string) (string, int64, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return "", 0, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	return hex.EncodeToString(h.Sum(nil)), n, err
}

func missing(name string) Problem {
	return Problem{name, "ファイルがありません", "the file is missing"}
}

// VerifyFS is Verify on a file system whose root is the bundle (a
// directory: files that SHA256SUMS does not list are not looked at).
func VerifyFS(fsys fs.FS) ([]Problem, error) {
	ps, _, err := verifyFS(fsys)
	return ps, err
}

// verifyFS is VerifyFS, and the names SHA256SUMS lists (nil without it).
func verifyFS(fsys fs.FS) ([]Problem, map[string]bool, error) {
	var ps []Problem
	sums, err := fs.ReadFile(fsys, "SHA256SUMS")
	if errors.Is(err, fs.ErrNotExist) {
		return []Problem{missing("SHA256SUMS")}, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	listed := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(sums))
	for line := 1; sc.Scan(); line++ {
		text := sc.Text()
		if text == "" {
			continue
		}
		want, name, ok := strings.Cut(text, "  ")
		if !ok {
			want, name, ok = strings.Cut(text, " *")
		}
		if _, herr := hex.DecodeString(want); !ok || herr != nil || len(want) != 64 || !fs.ValidPath(name) {
			ps = append(ps, Problem{"SHA256SUMS", fmt.Sprintf("%d 行目を読めません", line), fmt.Sprintf("line %d cannot be read", line)})
			continue
		}
		if listed[name] {
			ps = append(ps, Problem{"SHA256SUMS", fmt.Sprintf("%d 行目: %s が 2 回あります", line, name), fmt.Sprintf("line %d: %s is listed twice", line, name)})
			continue
		}
		listed[name] = true
		got, _, err := hashFile(fsys, name)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			ps = append(ps, missing(name))
		case err != nil:
			return nil, nil, err
		case !strings.EqualFold(got, want):
			ps = append(ps, Problem{name, "SHA-256 が SHA256SUMS と違います: " + got, "the SHA-256 differs from SHA256SUMS: " + got})
		}
	}
	dp, err := fs.ReadFile(fsys, "datapackage.json")
	if errors.Is(err, fs.ErrNotExist) {
		return append(ps, missing("datapackage.json")), listed, nil
	}
	if err != nil {
		return nil, nil, err
	}
	var doc struct {
		Resources []struct {
			Path  any    `json:"path"`
			Bytes *int64 `json:"bytes"`
			Hash  string `json:"hash"`
		} `json:"resources"`
	}
	if err := json.Unmarshal(dp, &doc); err != nil {
		return append(ps, Problem{"datapackage.json", "JSON として読めません: " + err.Error(), "not JSON: " + err.Error()}), listed, nil
	}
	for _, r := range doc.Resources {
		p, ok := r.Path.(string)
		if !ok || !fs.ValidPath(p) {
			continue
		}
		got, n, err := hashFile(fsys, p)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			ps = append(ps, missing(p))
			continue
		case err != nil:
			return nil, nil, err
		}
		if r.Bytes != nil && *r.Bytes != n {
			ps = append(ps, Problem{p, fmt.Sprintf("バイト数が datapackage.json (%d) と違います: %d", *r.Bytes, n), fmt.Sprintf("%d bytes, datapackage.json says %d", n, *r.Bytes)})
		}
		if alg, want, ok := strings.Cut(r.Hash, ":"); ok && alg == "sha256" && !strings.EqualFold(want, got) {
			ps = append(ps, Problem{p, "SHA-256 が datapackage.json と違います: " + got, "the SHA-256 differs from datapackage.json: " + got})
		}
	}
	return ps, listed, nil
}
