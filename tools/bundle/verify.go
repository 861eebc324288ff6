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
func Verify(name string) ([]Problem, error) {
	fi, err := os.Stat(name)
	if err != nil {
		return nil, err
	}
	if fi.IsDir() {
		return VerifyFS(os.DirFS(name))
	}
	zr, err := zip.OpenReader(name)
	if err != nil {
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
	sub, err := fs.Sub(zr, root)
	if err != nil {
		return nil, err
	}
	return VerifyFS(sub)
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

// VerifyFS is Verify on a file system whose root is the bundle.
func VerifyFS(fsys fs.FS) ([]Problem, error) {
	var ps []Problem
	sums, err := fs.ReadFile(fsys, "SHA256SUMS")
	if errors.Is(err, fs.ErrNotExist) {
		return []Problem{missing("SHA256SUMS")}, nil
	}
	if err != nil {
		return nil, err
	}
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
		got, _, err := hashFile(fsys, name)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			ps = append(ps, missing(name))
		case err != nil:
			return nil, err
		case !strings.EqualFold(got, want):
			ps = append(ps, Problem{name, "SHA-256 が SHA256SUMS と違います: " + got, "the SHA-256 differs from SHA256SUMS: " + got})
		}
	}
	dp, err := fs.ReadFile(fsys, "datapackage.json")
	if errors.Is(err, fs.ErrNotExist) {
		return append(ps, missing("datapackage.json")), nil
	}
	if err != nil {
		return nil, err
	}
	var doc struct {
		Resources []struct {
			Path  any    `json:"path"`
			Bytes *int64 `json:"bytes"`
			Hash  string `json:"hash"`
		} `json:"resources"`
	}
	if err := json.Unmarshal(dp, &doc); err != nil {
		return append(ps, Problem{"datapackage.json", "JSON として読めません: " + err.Error(), "not JSON: " + err.Error()}), nil
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
			return nil, err
		}
		if r.Bytes != nil && *r.Bytes != n {
			ps = append(ps, Problem{p, fmt.Sprintf("バイト数が datapackage.json (%d) と違います: %d", *r.Bytes, n), fmt.Sprintf("%d bytes, datapackage.json says %d", n, *r.Bytes)})
		}
		if alg, want, ok := strings.Cut(r.Hash, ":"); ok && alg == "sha256" && !strings.EqualFold(want, got) {
			ps = append(ps, Problem{p, "SHA-256 が datapackage.json と違います: " + got, "the SHA-256 differs from datapackage.json: " + got})
		}
	}
	return ps, nil
}
