package github

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestPublishedReleases: drafts and prereleases are left out; each
// published release carries its assets' download addresses and the
// checksums of its own SHA256SUMS, newest first.
func TestPublishedReleases(t *testing.T) {
	f := newFake(t)
	rel := func(id int, tag string, draft, pre bool, published string) string {
		return fmt.Sprintf(`{"id":%d,"tag_name":%q,"name":"ichiran %s","draft":%t,"prerelease":%t,"published_at":%q,"html_url":"https://github.com/ichiran-jp/ichiran/releases/tag/%s"}`,
			id, tag, tag, draft, pre, published, tag)
	}
	f.handle("GET "+releasesPath, acceptV3, func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "[%s,%s,%s,%s]", rel(1, "edition-2025.1", false, false, "2025-06-30T01:00:00Z"), rel(2, "edition-2026.1", true, false, "0001-01-01T00:00:00Z"),
			rel(3, "edition-2026.0", false, true, "2026-05-01T00:00:00Z"), rel(4, "edition-2026.2", false, false, "2026-06-30T01:00:00Z"))
	})
	asset := func(id int, name string, size int) string {
		return fmt.Sprintf(`{"id":%d,"name":%q,"size":%d,"browser_download_url":"https://github.com/ichiran-jp/ichiran/releases/download/x/%s"}`, id, name, size, name)
	}
	f.handle("GET "+releasesPath+"/1/assets", acceptV3, func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "[%s,%s]", asset(11, "ichiran-2025.csv", 100), asset(12, "SHA256SUMS", 90))
	})
	f.handle("GET "+releasesPath+"/4/assets", acceptV3, func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "[%s]", asset(41, "ichiran-2026.zip", 5))
	})
	f.handle("GET "+releasesPath+"/assets/12", "application/octet-stream", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "aa94447b2567fa73d78dec6b05a187116fa18558a27888410f57aecd3548bf50  ichiran-2025.csv\n")
	})
	got, err := f.client().PublishedReleases(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := []PublishedRelease{
		{Tag: "edition-2026.2", Name: "ichiran edition-2026.2", URL: "https://github.com/ichiran-jp/ichiran/releases/tag/edition-2026.2", Published: "2026-06-30",
			Assets: []Asset{{Name: "ichiran-2026.zip", URL: "https://github.com/ichiran-jp/ichiran/releases/download/x/ichiran-2026.zip", Size: 5}}, Sums: map[string]string{}},
		{Tag: "edition-2025.1", Name: "ichiran edition-2025.1", URL: "https://github.com/ichiran-jp/ichiran/releases/tag/edition-2025.1", Published: "2025-06-30",
			Assets: []Asset{{Name: "SHA256SUMS", URL: "https://github.com/ichiran-jp/ichiran/releases/download/x/SHA256SUMS", Size: 90},
				{Name: "ichiran-2025.csv", URL: "https://github.com/ichiran-jp/ichiran/releases/download/x/ichiran-2025.csv", Size: 100}},
			Sums: map[string]string{"ichiran-2025.csv": "aa94447b2567fa73d78dec6b05a187116fa18558a27888410f57aecd3548bf50"}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("PublishedReleases() (-want +got):\n%s", diff)
	}
}
