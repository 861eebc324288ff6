package github

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

const releasesPath = "/repos/ichiran-jp/ichiran/releases"

func releaseJSON(id int, tag string, draft bool) string {
	return fmt.Sprintf(`{"id":%d,"tag_name":%q,"name":"old","body":"old","draft":%t,"prerelease":false,"html_url":"https://github.com/ichiran-jp/ichiran/releases/tag/%s","upload_url":"https://uploads.github.com/repos/ichiran-jp/ichiran/releases/%d/assets{?name,label}"}`,
		id, tag, draft, tag, id)
}

func assetJSON(id int, name string) string {
	return fmt.Sprintf(`{"id":%d,"name":%q,"state":"uploaded","size":3,"browser_download_url":"https://github.com/ichiran-jp/ichiran/releases/download/edition-2026.1/%s"}`, id, name, name)
}

// bundle writes a few files of a release bundle and returns their paths.
func releaseBundle(t *testing.T) []string {
	t.Helper()
	dir := t.TempDir()
	files := []struct{ name, data string }{
		{"SHA256SUMS", "abc  ichiran-2026.zip\n"},
		{"ichiran-2026.csv", "団体コード,値\n011002,1\n"},
		{"ichiran-2026.zip", "PK\x03\x04zip"},
	}
	var paths []string
	for _, f := range files {
		p := filepath.Join(dir, f.name)
		if err := os.WriteFile(p, []byte(f.data), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	return paths
}

// uploads registers the upload endpoint of release id: it checks the
// headers and records each file's name, media type and content.
type releaseUploads struct {
	mu   sync.Mutex
	got  []string // "name type content"
	fail map[string]int
}

func (f *fake) releaseUploads(id int) *releaseUploads {
	u := &releaseUploads{fail: map[string]int{}}
	pattern := fmt.Sprintf("POST %s/%d/assets", releasesPath, id)
	f.mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		t := f.t
		if got := r.Header.Get("Authorization"); got != "Bearer "+testToken {
			t.Errorf("upload: Authorization = %q", got)
		}
		if got := r.Header.Get("Accept"); got != acceptV3 {
			t.Errorf("upload: Accept = %q", got)
		}
		q := r.URL.Query()
		name := q.Get("name")
		if len(q) != 1 || name == "" {
			t.Errorf("upload: query %v", q)
		}
		b, err := io.ReadAll(r.Body)
		if err != nil || int64(len(b)) != r.ContentLength {
			t.Errorf("upload %s: %d bytes, Content-Length %d, %v", name, len(b), r.ContentLength, err)
		}
		u.mu.Lock()
		defer u.mu.Unlock()
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		if u.fail[name] > 0 {
			u.fail[name]--
			write(w, http.StatusBadGateway, `{"message":"Bad Gateway"}`)
			return
		}
		u.got = append(u.got, fmt.Sprintf("%s %s %q", name, r.Header.Get("Content-Type"), b))
		write(w, http.StatusCreated, assetJSON(100+len(u.got), name))
	})
	return u
}

func (u *releaseUploads) list() string {
	u.mu.Lock()
	defer u.mu.Unlock()
	return strings.Join(u.got, "\n")
}

const releaseWantUploads = `SHA256SUMS application/octet-stream "abc  ichiran-2026.zip\n"
ichiran-2026.csv text/csv "団体コード,値\n011002,1\n"
ichiran-2026.zip application/zip "PK\x03\x04zip"`

func releaseNotFound(f *fake) {
	f.handle("GET "+releasesPath+"/tags/{tag}", acceptV3, func(w http.ResponseWriter, r *http.Request) {
		if r.PathValue("tag") != "edition-2026.1" {
			f.t.Errorf("tag %q", r.PathValue("tag"))
		}
		write(w, 404, `{"message":"Not Found"}`)
	})
}

func releaseList(f *fake, body string) {
	f.handle("GET "+releasesPath, acceptV3, func(w http.ResponseWriter, r *http.Request) {
		if q := r.URL.Query(); q.Get("per_page") != "100" {
			f.t.Errorf("list releases: query %v", q)
		}
		write(w, 200, body)
	})
}

func releasePublish(f *fake, id int, name, body string) {
	f.handle(fmt.Sprintf("PATCH %s/%d", releasesPath, id), acceptV3, func(w http.ResponseWriter, r *http.Request) {
		m := decode(f.t, r)
		keys(f.t, "publish", m, "name", "body", "draft")
		if m["name"] != name || m["body"] != body || m["draft"] != false {
			f.t.Errorf("publish: %v", m)
		}
		write(w, 200, strings.Replace(releaseJSON(id, "edition-2026.1", false), `"draft":false`, `"draft":false,"published_at":"2026-06-30T00:00:00Z"`, 1))
	})
}

var testRelease = Release{Tag: "edition-2026.1", Name: "令和8年度版", Body: "notes"}

func TestPublishReleaseFresh(t *testing.T) {
	f := newFake(t)
	releaseNotFound(f)
	releaseList(f, `[`+releaseJSON(3, "edition-2025.1", false)+`]`)
	f.handle("POST "+releasesPath, acceptV3, func(w http.ResponseWriter, r *http.Request) {
		m := decode(t, r)
		keys(t, "create release", m, "tag_name", "name", "body", "draft", "target_commitish")
		if m["tag_name"] != "edition-2026.1" || m["name"] != "令和8年度版" || m["body"] != "notes" || m["draft"] != true || m["target_commitish"] != "0123abc" {
			t.Errorf("create: %v", m)
		}
		write(w, 201, releaseJSON(7, "edition-2026.1", true))
	})
	up := f.releaseUploads(7)
	releasePublish(f, 7, "令和8年度版", "notes")
	r := testRelease
	r.Target = "0123abc"
	r.Assets = releaseBundle(t)
	url, err := f.client().PublishRelease(context.Background(), r)
	if err != nil || url != "https://github.com/ichiran-jp/ichiran/releases/tag/edition-2026.1" {
		t.Fatalf("PublishRelease = %q, %v", url, err)
	}
	if got := up.list(); got != releaseWantUploads {
		t.Errorf("uploads:\n%s\nwant:\n%s", got, releaseWantUploads)
	}
	want := `GET /repos/ichiran-jp/ichiran/releases/tags/edition-2026.1
GET /repos/ichiran-jp/ichiran/releases?per_page=100
POST /repos/ichiran-jp/ichiran/releases
POST /repos/ichiran-jp/ichiran/releases/7/assets?name=SHA256SUMS
POST /repos/ichiran-jp/ichiran/releases/7/assets?name=ichiran-2026.csv
POST /repos/ichiran-jp/ichiran/releases/7/assets?name=ichiran-2026.zip
PATCH /repos/ichiran-jp/ichiran/releases/7`
	if got := f.callList(); got != want {
		t.Errorf("calls:\n%s", got)
	}
}

// A re-run finds the draft left by an interrupted run (GitHub's "by tag"
// answers 404 for drafts) and replaces its assets.
func TestPublishReleaseRerunOnDraft(t *testing.T) {
	f := newFake(t)
	releaseNotFound(f)
	releaseList(f, `[`+releaseJSON(9, "edition-2026.1", true)+`,`+releaseJSON(3, "edition-2025.1", false)+`]`)
	f.handle(fmt.Sprintf("GET %s/9/assets", releasesPath), acceptV3, func(w http.ResponseWriter, r *http.Request) {
		if q := r.URL.Query(); q.Get("per_page") != "100" {
			t.Errorf("list assets: query %v", q)
		}
		write(w, 200, `[`+assetJSON(50, "ichiran-2026.zip")+`]`)
	})
	f.handle("DELETE "+releasesPath+"/assets/{id}", acceptV3, func(w http.ResponseWriter, r *http.Request) {
		if r.PathValue("id") != "50" {
			t.Errorf("deleted asset %s", r.PathValue("id"))
		}
		w.WriteHeader(http.StatusNoContent)
	})
	up := f.releaseUploads(9)
	releasePublish(f, 9, "令和8年度版", "notes")
	r := testRelease
	r.Assets = releaseBundle(t)
	if _, err := f.client().PublishRelease(context.Background(), r); err != nil {
		t.Fatal(err)
	}
	if got := up.list(); got != releaseWantUploads {
		t.Errorf("uploads:\n%s", got)
	}
	want := `GET /repos/ichiran-jp/ichiran/releases/tags/edition-2026.1
GET /repos/ichiran-jp/ichiran/releases?per_page=100
GET /repos/ichiran-jp/ichiran/releases/9/assets?per_page=100
DELETE /repos/ichiran-jp/ichiran/releases/assets/50
POST /repos/ichiran-jp/ichiran/releases/9/assets?name=SHA256SUMS
POST /repos/ichiran-jp/ichiran/releases/9/assets?name=ichiran-2026.csv
POST /repos/ichiran-jp/ichiran/releases/9/assets?name=ichiran-2026.zip
PATCH /repos/ichiran-jp/ichiran/releases/9`
	if got := f.callList(); got != want {
		t.Errorf("calls:\n%s", got)
	}
}

func TestPublishReleaseRefusesPublished(t *testing.T) {
	f := newFake(t)
	f.handle("GET "+releasesPath+"/tags/{tag}", acceptV3, func(w http.ResponseWriter, r *http.Request) {
		write(w, 200, releaseJSON(3, "edition-2026.1", false))
	})
	r := testRelease
	r.Assets = releaseBundle(t)
	_, err := f.client().PublishRelease(context.Background(), r)
	var pe *PublishedError
	if !errors.As(err, &pe) || pe.Tag != "edition-2026.1" || !strings.Contains(err.Error(), "immutable") {
		t.Fatalf("err = %v", err)
	}
	if got := f.callList(); got != "GET /repos/ichiran-jp/ichiran/releases/tags/edition-2026.1" {
		t.Errorf("calls:\n%s", got)
	}
}

func TestPublishReleaseForbidden(t *testing.T) {
	f := newFake(t)
	releaseNotFound(f)
	releaseList(f, `[]`)
	f.handle("POST "+releasesPath, acceptV3, func(w http.ResponseWriter, r *http.Request) {
		write(w, 403, `{"message":"Resource not accessible by integration"}`)
	})
	r := testRelease
	r.Assets = releaseBundle(t)
	_, err := f.client().PublishRelease(context.Background(), r)
	var pe *PermissionError
	if !errors.As(err, &pe) || pe.StatusCode != 403 || pe.Permission != "contents: write" || !strings.Contains(err.Error(), "contents: write") {
		t.Fatalf("err = %v", err)
	}
}

// An upload that meets a 502 is sent again, whole.
func TestPublishReleaseUploadRetried(t *testing.T) {
	f := newFake(t)
	releaseNotFound(f)
	releaseList(f, `[]`)
	f.handle("POST "+releasesPath, acceptV3, func(w http.ResponseWriter, r *http.Request) {
		write(w, 201, releaseJSON(7, "edition-2026.1", true))
	})
	up := f.releaseUploads(7)
	up.fail["ichiran-2026.zip"] = 1
	releasePublish(f, 7, "令和8年度版", "notes")
	r := testRelease
	r.Assets = releaseBundle(t)
	if _, err := f.client().PublishRelease(context.Background(), r); err != nil {
		t.Fatal(err)
	}
	if got := up.list(); got != releaseWantUploads {
		t.Errorf("uploads:\n%s", got)
	}
	if n := strings.Count(f.callList(), "assets?name=ichiran-2026.zip"); n != 2 {
		t.Errorf("zip sent %d times", n)
	}
	if fmt.Sprint(f.sleeps) != "[1s]" {
		t.Errorf("sleeps %v", f.sleeps)
	}
}

func TestPublishReleaseBadAsset(t *testing.T) {
	f := newFake(t)
	r := testRelease
	r.Assets = []string{t.TempDir()}
	if _, err := f.client().PublishRelease(context.Background(), r); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Fatalf("err = %v", err)
	}
	if got := f.callList(); got != "" {
		t.Errorf("calls %s", got)
	}
}

func TestMediaType(t *testing.T) {
	for name, want := range map[string]string{
		"a.zip": "application/zip", "a.CSV": "text/csv", "a.json": "application/json",
		"a.xlsx":   "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
		"a.sqlite": "application/vnd.sqlite3", "SHA256SUMS": "application/octet-stream", "a.parquet": "application/octet-stream",
	} {
		if got := MediaType(name); got != want {
			t.Errorf("MediaType(%q) = %q, want %q", name, got, want)
		}
	}
}
