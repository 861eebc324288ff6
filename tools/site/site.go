// Package site builds the public web site of ichiran from the repository's
// data: a search over every municipality (name, reading in kana or romaji,
// code), a page per prefecture, per municipality and per indicator, and a
// downloads page for the release bundles.
//
// リポジトリのデータから公開用の静的サイトを作ります: 市区町村の検索 (名前・
// 読み (かな・ローマ字)・コード)、都道府県・市区町村・指標ごとのページ、
// 配布物のダウンロードのページ。
//
// The site is static and self-contained: plain HTML with inline SVG charts
// drawn at build time (each with a table as its text equivalent), one style
// sheet, two small scripts (the search over search.json and table sorting;
// every page is readable without them), no external requests. The output
// depends on the repository and [Options] only: the same inputs give the
// same bytes.
//
// # Rendering
//
// Every page is rendered by html/template, from the templates of
// templates/ (embedded, parsed once): layout.tmpl wraps each page's
// "content" in the head, navigation and footer every page shares;
// parts.tmpl holds what several pages show (cells, sources, lists); each
// page has its own file. A page's template is fed a plain view computed
// beforehand.
//
// A string of the data or the catalogue reaches HTML only through a
// template, which escapes it in its context. Values of type
// html/template.HTML, which a template writes as they are, are made in two
// ways only: by executing a template (renderer.fragment and
// renderer.cached), and joining such pieces one after the other (join),
// or into the rows of a table between constant <tr> markup (tbody); and as
// the shapes of the charts, which svg.go writes from constant markup and
// numbers only (type num), and the cells of numbers (numberCell), from
// constant markup and text of digits, points, commas, signs and slashes
// only (isNumber), which escaping leaves as it is. The charts' titles and
// labels are rendered by templates like the rest.
//
// # Speed
//
// The municipalities' pages are most of the site (1,741 pages, 110 MB).
// What they show alike is rendered once: the layout around the title and
// the content (layout-top, layout-bottom), each indicator's section up to
// its figures, the tables of peers around the municipality's name, the
// list of indicators; the cells of the tables are rendered once per
// distinct value and joined into rows, since each action of a template
// that writes a value costs about a microsecond, and allocates. The pages are rendered by one
// goroutine per processor, each with its renderer, from a model that is
// only read by then. [Write] writes each page as soon as it is rendered,
// from the renderer's buffer: the site (120 MB) is never held whole, and
// the memory a page used serves the next.
package site

import (
	"cmp"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ichiran-jp/ichiran/tools/bundle"
	"github.com/ichiran-jp/ichiran/tools/catalog"
	"github.com/ichiran-jp/ichiran/tools/github"
	"github.com/ichiran-jp/ichiran/tools/lgcode"
	"github.com/ichiran-jp/ichiran/tools/repo"
)

//go:embed assets
var assets embed.FS

// Options of a build.
type Options struct {
	// Edition is the latest edition shown; the site shows every edition
	// from the first up to it.
	Edition int
	// Bundle is not used: the downloads page gives the published
	// releases' own checksums (Published), never ones computed from this
	// commit.
	//
	// Deprecated: set Published.
	Bundle *bundle.Bundle
	// Published are the published releases, newest first: the downloads
	// page links each of their files and shows their checksums.
	Published []github.PublishedRelease
	// Time is the date the site states it was built from (the commit's
	// date); zero leaves it out.
	Time time.Time
	// Commit names the source revision in the footer ("" leaves it out).
	Commit string
	// Releases is where the bundles are published, written as text (not a
	// link) on the downloads page.
	Releases string
}

// Site is a built site: its files, sorted by name.
type Site struct {
	Files []bundle.File
}

// File returns the named file, or nil.
func (s *Site) File(name string) *bundle.File {
	for i := range s.Files {
		if s.Files[i].Name == name {
			return &s.Files[i]
		}
	}
	return nil
}

// Build builds the site in memory.
func Build(repo *repo.Repository, opt Options) (*Site, error) {
	files, _, err := generate(repo, opt, nil)
	if err != nil {
		return nil, err
	}
	// Sorted by name, the files are the same whichever worker made them.
	slices.SortFunc(files, func(a, b bundle.File) int { return cmp.Compare(a.Name, b.Name) })
	return &Site{Files: files}, nil
}

// Written is what [Write] wrote.
type Written struct {
	Files int
	Bytes int64
}

// Write builds the site into dir, creating it, and writes each file as
// soon as it is made: the site is never held in memory whole. Files of an
// earlier build that the site no longer has are left alone. The bytes are
// those of [Build]. On an error the files written so far stay (a page
// that failed to render is not written): build into a new folder to
// publish only a whole site.
func Write(repo *repo.Repository, opt Options, dir string) (Written, error) {
	out := newOutDir(dir)
	_, w, err := generate(repo, opt, out)
	if cerr := out.close(); err == nil {
		err = cerr
	}
	return w, err
}

// generate makes the site's files: into out, or kept and returned when out is
// nil.
func generate(repo *repo.Repository, opt Options, out *outDir) ([]bundle.File, Written, error) {
	if opt.Edition < catalog.FirstEdition {
		return nil, Written{}, fmt.Errorf("版 %d は最初の版 %d より前です / edition %d is before the first, %d", opt.Edition, catalog.FirstEdition, opt.Edition, catalog.FirstEdition)
	}
	m, err := load(repo, opt.Edition)
	if err != nil {
		return nil, Written{}, err
	}
	w, err := newWriter(m, opt)
	if err != nil {
		return nil, Written{}, err
	}
	// The pages, in jobs that share nothing but the model, read only: the
	// longest first, so that the workers finish together.
	jobs := []func(*renderer) error{w.macroPage}
	for _, s := range m.series {
		jobs = append(jobs, func(r *renderer) error { w.indicator(r, s); return nil })
	}
	jobs = append(jobs, w.comparePage, w.searchIndex, w.assets)
	jobs = append(jobs, func(r *renderer) error {
		w.index(r)
		w.indicatorsPage(r)
		w.downloads(r)
		return nil
	})
	for _, p := range m.prefs {
		jobs = append(jobs, func(r *renderer) error { w.prefecture(r, p); return nil })
	}
	for _, e := range m.munis {
		jobs = append(jobs, func(r *renderer) error { w.municipality(r, e); return nil })
	}
	return run(opt, out, jobs)
}

// run runs the jobs on as many workers as there are processors, each
// with its renderer, and returns the files they made (none when they
// wrote them to out); the first error (in the jobs' order) stops it.
func run(opt Options, out *outDir, jobs []func(*renderer) error) ([]bundle.File, Written, error) {
	workers := min(runtime.GOMAXPROCS(0), len(jobs))
	var next atomic.Int64
	errs := make([]error, len(jobs))
	rs := make([]*renderer, workers)
	var wg sync.WaitGroup
	for k := range rs {
		rs[k] = newRenderer(opt)
		rs[k].out = out
		wg.Go(func() {
			r := rs[k]
			for {
				i := int(next.Add(1)) - 1
				if i >= len(jobs) {
					return
				}
				if errs[i] = jobs[i](r); errs[i] == nil && r.err != nil {
					errs[i], r.err = r.err, nil
				}
				if errs[i] != nil {
					next.Store(int64(len(jobs))) // stop
				}
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, Written{}, err
		}
	}
	var files []bundle.File
	var w Written
	for _, r := range rs {
		files = append(files, r.files...)
		w.Files += r.written.Files
		w.Bytes += r.written.Bytes
	}
	return files, w, nil
}

// inParallel calls f(0), …, f(n-1), on as many goroutines at once as
// there are processors.
func inParallel(n int, f func(i int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), n) {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				f(i)
			}
		})
	}
	wg.Wait()
}

// WriteDir writes the site into dir, creating it; files of an earlier
// build that the site no longer has are left alone.
func (s *Site) WriteDir(dir string) error {
	for _, f := range s.Files {
		if err := checkName(f.Name); err != nil {
			return err // before any file is written
		}
	}
	out := newOutDir(dir)
	for _, f := range s.Files {
		if out.put(f.Name, f.Data) != nil {
			break
		}
	}
	return out.close()
}

// writer makes the pages of a model. What several pages show alike is
// computed once, before the pages: after newWriter, the writer and the
// model are only read, by several goroutines.
type writer struct {
	m   *model
	opt Options
	// toc and heads are the parts of the municipalities' pages that are
	// the same on each: the indicators, and each indicator's section up
	// to its figures.
	toc   template.HTML
	heads map[*series]template.HTML
	// rowHeads begin each municipality's row in the tables of every
	// municipality (an indicator's, a kind's): code, prefecture, linked
	// name, for pages one and two folders below the root.
	rowHeads map[lgcode.Code][2]template.HTML
}

func newWriter(m *model, opt Options) (*writer, error) {
	w := &writer{m: m, opt: opt, heads: map[*series]template.HTML{}}
	// The figures of the prefectures and of the country, and the peers,
	// of every edition: the model keeps them once computed. A series per
	// goroutine: each writes its own cache (the peers' is locked).
	inParallel(len(m.series), func(i int) {
		s := m.series[i]
		if s.head < 0 {
			return
		}
		for _, ed := range s.withData() {
			for _, p := range m.prefs {
				m.agg(s, ed, s.head, p.PrefCode)
			}
			m.agg(s, ed, s.head, "")
			if f := s.fields[s.head]; f.numeric() || f.Type == "boolean" {
				m.peers(s, ed)
			}
		}
	})
	// Each municipality's row heads, half of them on each processor.
	rowHeads := make([][2]template.HTML, len(m.munis))
	parts := runtime.GOMAXPROCS(0)
	errs := make([]error, parts)
	inParallel(parts, func(k int) {
		r := newRenderer(opt)
		for i := k; i < len(m.munis); i += parts {
			e := m.munis[i]
			for depth := range rowHeads[i] {
				root := strings.Repeat("../", depth+1)
				rowHeads[i][depth] = r.fragment("", "muni-head", muniHead{root, string(e.Code), e.PrefCode, e.Prefecture, e.Name})
			}
		}
		errs[k] = r.err
	})
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	w.rowHeads = make(map[lgcode.Code][2]template.HTML, len(m.munis))
	for i, e := range m.munis {
		w.rowHeads[e.Code] = rowHeads[i]
	}
	r := newRenderer(opt)
	var inds []*catalog.Indicator
	for _, s := range m.series {
		inds = append(inds, s.ind)
		h := sectionHead{ID: s.ind.ID, Title: s.ind.Title, State: stateText(s.ind), Ministry: s.ind.Ministry, Rule: ruleText(s.ind),
			Sources: sources(s.ind, m.repo.Cat, false), HasData: len(s.withData()) > 0}
		for _, f := range s.fields {
			// A procedure's status is listed once, for the latest
			// edition, below the table: the table keeps the counts
			// derived from them.
			if s.ind.Procedure(f.Name) == nil {
				h.Fields = append(h.Fields, f)
			}
		}
		w.heads[s] = r.fragment("municipality", "section-head", h)
	}
	w.toc = r.fragment("municipality", "toc", inds)
	return w, r.err
}

// assets adds the style sheet and the scripts.
func (w *writer) assets(r *renderer) error {
	for _, name := range []string{"style.css", "search.js", "sort.js", "csv.js", "compare.js"} {
		b, err := assets.ReadFile("assets/" + name)
		if err != nil {
			return err
		}
		r.add(name, b)
	}
	return nil
}
