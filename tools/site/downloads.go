package site

import "github.com/ichiran-jp/ichiran/tools/github"

// release is a published release on the downloads page.
type release struct {
	github.PublishedRelease
	Files []releaseFile
}

// releaseFile is a file of a release: a link to the release's own
// download address, with the SHA-256 its own SHA256SUMS gives. Sum is ""
// and Listed false when SHA256SUMS does not list the file; Self marks
// SHA256SUMS itself.
type releaseFile struct {
	github.Asset
	Sum          string
	Listed, Self bool
}

// downloads writes the page on the release bundles: what they hold, how
// to verify them, and each published release (newest first), or that
// none is published yet. Checksums are never computed here: a site built
// from a later commit would show figures that no longer match the
// release.
func (w *writer) downloads(r *renderer) {
	v := struct {
		Releases  string
		Published []release
	}{Releases: w.opt.Releases}
	for _, p := range w.opt.Published {
		rel := release{PublishedRelease: p}
		for _, a := range p.Assets {
			sum, ok := p.Sums[a.Name]
			rel.Files = append(rel.Files, releaseFile{Asset: a, Sum: sum, Listed: ok, Self: a.Name == "SHA256SUMS"})
		}
		v.Published = append(v.Published, rel)
	}
	r.page("downloads", "downloads.html", 0, [2]string{"ダウンロード", "Downloads"}, nil, v)
}
