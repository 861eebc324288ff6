package github

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"
)

var opDownloadAsset = op{"リリースのファイルのダウンロード", "downloading a release asset", PermContents}

// PublishedRelease is a published release, as the public site links it:
// each asset's own download address, and the SHA-256 of each file as the
// release's SHA256SUMS lists it.
type PublishedRelease struct {
	Tag       string  `json:"tag"`
	Name      string  `json:"name"`
	URL       string  `json:"url"`       // the release's page
	Published string  `json:"published"` // YYYY-MM-DD
	Assets    []Asset `json:"assets"`
	// Sums maps a file name to its SHA-256 as the release's SHA256SUMS
	// says ("" when the release has no SHA256SUMS).
	Sums map[string]string `json:"sums"`
}

// Asset is a file of a release.
type Asset struct {
	Name string `json:"name"`
	URL  string `json:"url"` // the browser download address
	Size int64  `json:"size"`
}

// maxSums bounds the SHA256SUMS read from a release.
const maxSums = 1 << 20

// PublishedReleases lists the repository's published releases (drafts and
// prereleases left out), newest first, each with its assets and the
// checksums of its SHA256SUMS.
func (c *Client) PublishedReleases(ctx context.Context) ([]PublishedRelease, error) {
	if c.err != nil {
		return nil, c.err
	}
	var out []PublishedRelease
	for rel, err := range c.releases(ctx) {
		if err != nil {
			return nil, wrap(opListReleases, err)
		}
		if rel.GetDraft() || rel.GetPrerelease() {
			continue
		}
		pr := PublishedRelease{Tag: rel.GetTagName(), Name: rel.GetName(), URL: rel.GetHTMLURL(), Sums: map[string]string{}}
		if t := rel.GetPublishedAt(); !t.IsZero() {
			pr.Published = t.UTC().Format("2006-01-02")
		}
		assets, err := c.listAssets(ctx, rel.GetID())
		if err != nil {
			return nil, err
		}
		for _, a := range assets {
			pr.Assets = append(pr.Assets, Asset{Name: a.GetName(), URL: a.GetBrowserDownloadURL(), Size: int64(a.GetSize())})
			if a.GetName() == "SHA256SUMS" {
				if pr.Sums, err = c.sums(ctx, a.GetID()); err != nil {
					return nil, err
				}
			}
		}
		sort.Slice(pr.Assets, func(i, j int) bool { return pr.Assets[i].Name < pr.Assets[j].Name })
		out = append(out, pr)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Published > out[j].Published })
	return out, nil
}

// sums downloads a SHA256SUMS asset and reads it: "hash  name" per line.
func (c *Client) sums(ctx context.Context, id int64) (map[string]string, error) {
	rc, _, err := c.gh.Repositories.DownloadReleaseAsset(ctx, c.owner, c.repo, id, http.DefaultClient)
	if err != nil {
		return nil, wrap(opDownloadAsset, err)
	}
	defer rc.Close()
	out := map[string]string{}
	sc := bufio.NewScanner(io.LimitReader(rc, maxSums))
	for sc.Scan() {
		hash, name, ok := strings.Cut(sc.Text(), "  ")
		if !ok || len(hash) != 64 {
			return nil, fmt.Errorf("SHA256SUMS: 読めない行 / unreadable line %q", sc.Text())
		}
		out[strings.TrimPrefix(name, "*")] = hash
	}
	return out, sc.Err()
}
