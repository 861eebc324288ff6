package site

import "fmt"

// releases writes, for each published release (newest first), a link to
// each of its files — the release's own download addresses — with the
// SHA-256 its own SHA256SUMS gives; or says that none is published yet.
// Checksums are never computed here: a site built from a later commit
// would show figures that no longer match the release.
func (w *writer) releases(p *page) {
	p.w(`<h2>公開した版 <span lang="en">Published releases</span></h2>`)
	if len(w.opt.Published) == 0 {
		p.w(`<p>まだ公開した版はありません。リポジトリから <code>ichiran build</code> で作ることができます。 <span lang="en">No release is published yet; build one from the repository with <code>ichiran build</code>.</span></p>`)
		return
	}
	for _, r := range w.opt.Published {
		p.w(fmt.Sprintf(`<h3 id="%s"><a href="%s">%s</a> <span class="en" lang="en">%s</span></h3>`, esc(r.Tag), esc(r.URL), esc(r.Name), esc(r.Published)))
		p.w(`<div class="scroll" tabindex="0" role="region" aria-label="` + esc(r.Tag) + `"><table><caption>` + esc(r.Tag) + ` のファイルと SHA-256 (このリリースの SHA256SUMS による) <span lang="en">files and their SHA-256, from the release's own SHA256SUMS</span></caption>`)
		p.w(`<thead><tr><th scope="col">ファイル <span lang="en">file</span></th><th scope="col">バイト数 <span lang="en">bytes</span></th><th scope="col">SHA-256</th></tr></thead><tbody>`)
		for _, a := range r.Assets {
			sum := `<span class="note">SHA256SUMS にありません <span lang="en">not in SHA256SUMS</span></span>`
			if h, ok := r.Sums[a.Name]; ok {
				sum = `<code class="hash">` + esc(h) + `</code>`
			} else if a.Name == "SHA256SUMS" {
				sum = `—`
			}
			p.w(fmt.Sprintf(`<tr><th scope="row"><a href="%s"><code>%s</code></a></th><td class="num">%d</td><td>%s</td></tr>`, esc(a.URL), esc(a.Name), a.Size, sum))
		}
		p.w(`</tbody></table></div>`)
	}
}
