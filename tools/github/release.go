package github

import (
	"context"
	"errors"
	"fmt"
	"io"
	"iter"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	gh "github.com/google/go-github/v60/github"
)

var (
	opGetRelease     = op{"リリースの取得", "getting the release", PermContents}
	opListReleases   = op{"リリースの一覧", "listing releases", PermContents}
	opCreateRelease  = op{"リリースの作成", "creating the release", PermContents}
	opListAssets     = op{"リリースのファイルの一覧", "listing release assets", PermContents}
	opDeleteAsset    = op{"リリースのファイルの削除", "deleting a release asset", PermContents}
	opUploadAsset    = op{"リリースのファイルのアップロード", "uploading a release asset", PermContents}
	opPublishRelease = op{"リリースの公開", "publishing the release", PermContents}
)

// Release is what PublishRelease publishes.
type Release struct {
	Tag    string   // the git tag, e.g. edition-2026.1
	Name   string   // the release's title
	Body   string   // its notes, Markdown
	Target string   // commit or branch the tag is created from if it does not exist yet; empty: the default branch
	Assets []string // paths of the files to attach, uploaded in this order
}

// PublishedError is PublishRelease's refusal to touch a release that is
// already published: published releases are immutable; publish a new
// revision under a new tag instead.
type PublishedError struct {
	Tag, URL string
}

func (e *PublishedError) Error() string {
	return fmt.Sprintf("タグ %s のリリースは公開済みで変更できません。訂正は新しいタグ (次の版番号) で公開してください (%s) / "+
		"the release of tag %s is already published and immutable: publish a correction under a new tag (the next revision) (%s)",
		e.Tag, e.URL, e.Tag, e.URL)
}

// PublishRelease publishes r the way immutable releases require: it finds
// the draft release of r.Tag or creates one (Draft: true), removes the
// draft's existing assets (so a re-run replaces same-named files and leaves
// no stale ones), uploads every asset, then publishes the draft
// (Draft: false). A release of r.Tag that is already published is refused
// with a *PublishedError. It returns the published release's page.
//
// GitHub's "release by tag" endpoint does not return drafts, so a draft
// left by an earlier, interrupted run is found in the list of releases.
func (c *Client) PublishRelease(ctx context.Context, r Release) (string, error) {
	if c.err != nil {
		return "", c.err
	}
	if r.Tag == "" {
		return "", errors.New("リリースのタグがありません / the release has no tag")
	}
	// Check the files before touching GitHub.
	seen := map[string]bool{}
	for _, p := range r.Assets {
		st, err := os.Stat(p)
		if err != nil {
			return "", err
		}
		if !st.Mode().IsRegular() {
			return "", fmt.Errorf("%s: 通常のファイルではありません / not a regular file", p)
		}
		name := filepath.Base(p)
		if seen[name] {
			return "", fmt.Errorf("%s: 同じ名前のファイルが 2 つあります / two assets named %s", p, name)
		}
		seen[name] = true
	}

	rel, err := c.findRelease(ctx, r.Tag)
	if err != nil {
		return "", err
	}
	if rel != nil {
		assets, err := c.listAssets(ctx, rel.GetID())
		if err != nil {
			return "", err
		}
		for _, a := range assets {
			if _, err := c.gh.Repositories.DeleteReleaseAsset(ctx, c.owner, c.repo, a.GetID()); err != nil {
				return "", wrap(opDeleteAsset, fmt.Errorf("%s: %w", a.GetName(), err))
			}
		}
	} else {
		nr := &gh.RepositoryRelease{TagName: gh.String(r.Tag), Name: gh.String(r.Name), Body: gh.String(r.Body), Draft: gh.Bool(true)}
		if r.Target != "" {
			nr.TargetCommitish = gh.String(r.Target)
		}
		rel, _, err = c.gh.Repositories.CreateRelease(ctx, c.owner, c.repo, nr)
		if err != nil {
			return "", wrap(opCreateRelease, err)
		}
	}
	for _, p := range r.Assets {
		if err := c.uploadAsset(ctx, rel.GetID(), p); err != nil {
			return "", err
		}
	}
	// Name and body again: a reused draft may carry an earlier run's.
	pub, _, err := c.gh.Repositories.EditRelease(ctx, c.owner, c.repo, rel.GetID(), &gh.RepositoryRelease{
		Name: gh.String(r.Name), Body: gh.String(r.Body), Draft: gh.Bool(false),
	})
	if err != nil {
		return "", wrap(opPublishRelease, err)
	}
	return pub.GetHTMLURL(), nil
}

// findRelease returns the draft release of tag, nil if there is none, or a
// *PublishedError if the tag's release is published.
func (c *Client) findRelease(ctx context.Context, tag string) (*gh.RepositoryRelease, error) {
	rel, _, err := c.gh.Repositories.GetReleaseByTag(ctx, c.owner, c.repo, tag)
	switch {
	case err == nil && !rel.GetDraft():
		return nil, &PublishedError{Tag: tag, URL: rel.GetHTMLURL()}
	case err == nil:
		return rel, nil
	case !isNotFound(err):
		return nil, wrap(opGetRelease, err)
	}
	for rel, err := range c.releases(ctx) {
		switch {
		case err != nil:
			return nil, wrap(opListReleases, err)
		case rel.GetTagName() != tag:
			continue
		case !rel.GetDraft():
			return nil, &PublishedError{Tag: tag, URL: rel.GetHTMLURL()}
		}
		return rel, nil
	}
	return nil, nil
}

// releases yields the repository's releases, drafts included.
func (c *Client) releases(ctx context.Context) iter.Seq2[*gh.RepositoryRelease, error] {
	return all(func(page int) ([]*gh.RepositoryRelease, *gh.Response, error) {
		return c.gh.Repositories.ListReleases(ctx, c.owner, c.repo, &gh.ListOptions{PerPage: 100, Page: page})
	})
}

func isNotFound(err error) bool {
	var er *gh.ErrorResponse
	return errors.As(err, &er) && er.Response != nil && er.Response.StatusCode == http.StatusNotFound
}

func (c *Client) listAssets(ctx context.Context, id int64) ([]*gh.ReleaseAsset, error) {
	var assets []*gh.ReleaseAsset
	listed := all(func(page int) ([]*gh.ReleaseAsset, *gh.Response, error) {
		return c.gh.Repositories.ListReleaseAssets(ctx, c.owner, c.repo, id, &gh.ListOptions{PerPage: 100, Page: page})
	})
	for a, err := range listed {
		if err != nil {
			return nil, wrap(opListAssets, err)
		}
		assets = append(assets, a)
	}
	return assets, nil
}

// uploadAsset is Repositories.UploadReleaseAsset with a body that can be
// sent again: the file is reopened for each attempt, so the retrying
// transport retries an upload that met a 5xx answer like any other call
// (UploadReleaseAsset's bare *os.File could be sent only once).
func (c *Client) uploadAsset(ctx context.Context, id int64, path string) error {
	name := filepath.Base(path)
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	u := fmt.Sprintf("repos/%s/%s/releases/%d/assets?name=%s", c.owner, c.repo, id, url.QueryEscape(name))
	req, err := c.gh.NewUploadRequest(u, f, st.Size(), MediaType(name))
	if err != nil {
		return wrap(opUploadAsset, fmt.Errorf("%s: %w", name, err))
	}
	req.GetBody = func() (io.ReadCloser, error) { return os.Open(path) }
	if _, err := c.gh.Do(ctx, req, new(gh.ReleaseAsset)); err != nil {
		return wrap(opUploadAsset, fmt.Errorf("%s: %w", name, err))
	}
	return nil
}

// MediaType is the Content-Type an asset is uploaded with, by the
// extension of its name.
func MediaType(name string) string {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".zip":
		return "application/zip"
	case ".csv":
		return "text/csv"
	case ".xlsx":
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	case ".json":
		return "application/json"
	case ".sqlite":
		return "application/vnd.sqlite3"
	case ".md":
		return "text/markdown"
	case ".txt":
		return "text/plain"
	}
	return "application/octet-stream"
}
