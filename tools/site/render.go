package site

import (
	"bytes"
	"embed"
	"html/template"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/ichiran-jp/ichiran/tools/bundle"
	"github.com/ichiran-jp/ichiran/tools/catalog"
)

//go:embed templates
var templateFS embed.FS

// pageTemplates are the page templates, by name: each is the layout and
// the parts every page shares (cells, charts, sources) with its own
// "content". All are parsed once, on the first build, not at start-up:
// every command of the tool would pay for them otherwise.
var pageTemplates = sync.OnceValue(func() map[string]*template.Template {
	// "" is the layout and the parts alone, cloned before any is run.
	base := template.Must(template.New("site").Funcs(template.FuncMap{
		// text pairs Japanese and English, for the "h1" and "both" parts.
		"text": func(ja, en string) catalog.Text { return catalog.Text{Ja: ja, En: en} },
	}).ParseFS(templateFS, "templates/layout.tmpl", "templates/parts.tmpl"))
	out := map[string]*template.Template{"": template.Must(base.Clone())}
	for _, name := range []string{"index", "indicators", "prefecture", "municipality", "indicator", "kind", "downloads", "macro", "compare"} {
		out[name] = template.Must(template.Must(base.Clone()).ParseFS(templateFS, "templates/"+name+".tmpl"))
	}
	return out
})

// layoutView is what the layout shows around a page's content.
type layoutView struct {
	TitleJa, TitleEn string
	Frame            frame
	Body             any // the view of the page's content
}

// frame is the layout around the title and the content of a page, the
// same for every page of a folder with the same scripts: rendered once.
type frame struct{ Top, Bottom template.HTML }

// frameView is what a frame shows.
type frameView struct {
	Root         string // the relative path to the site's root: "", "../"
	Date, Commit string // the data revision, "" when not known
	Scripts      []string
}

// renderer renders pages and fragments; each goroutine of a build has its
// own, with the files it made.
type renderer struct {
	opt  Options
	buf  bytes.Buffer
	frag bytes.Buffer
	svg  []byte // a chart being drawn
	memo map[memoKey]template.HTML
	// strs is memo for fragments of one string, the most of them (cells).
	strs map[strKey]template.HTML
	// frames are the layouts around pages; comparisons what comparisons
	// say of the prefectures (pages.go), by cheap keys.
	frames      map[frameKey]frame
	comparisons map[comparisonKey][2]template.HTML
	// out is where the files go as they are made; when it is nil they
	// are kept in files.
	out     *outDir
	files   []bundle.File
	written Written
	err     error
}

type strKey struct{ name, s string }

type memoKey struct {
	t    *template.Template
	name string
	data any
}

func newRenderer(opt Options) *renderer {
	return &renderer{opt: opt, memo: map[memoKey]template.HTML{}, strs: map[strKey]template.HTML{},
		frames: map[frameKey]frame{}, comparisons: map[comparisonKey][2]template.HTML{}}
}

// page renders the named page template (depth directories below the root)
// within the layout, as file name.
func (r *renderer) page(tmpl, name string, depth int, title [2]string, scripts []string, body any) {
	v := layoutView{TitleJa: title[0], TitleEn: title[1], Frame: r.frame(depth, scripts), Body: body}
	// Written out, the page is rendered into a buffer that the writer
	// takes, and gives back once written; kept, into the renderer's, and
	// copied.
	buf := &r.buf
	if r.out != nil {
		buf = bytes.NewBuffer(r.out.buffer())
	}
	buf.Reset()
	if err := pageTemplates()[tmpl].ExecuteTemplate(buf, "layout", v); err != nil {
		// A page cut short is not written: the build fails.
		if r.err == nil {
			r.err = err
		}
		return
	}
	if r.out != nil {
		r.emit(name, buf.Bytes(), r.out.give)
		return
	}
	r.emit(name, bytes.Clone(buf.Bytes()), nil)
}

// frame is the frame of the pages depth folders below the root with the
// scripts (csv.js added), rendered on the first.
func (r *renderer) frame(depth int, scripts []string) frame {
	k := frameKey{depth, strings.Join(scripts, " ")}
	if f, ok := r.frames[k]; ok {
		return f
	}
	v := frameView{Root: strings.Repeat("../", depth), Commit: r.opt.Commit, Scripts: append(slices.Clip(scripts), "csv.js")}
	if !r.opt.Time.IsZero() {
		v.Date = r.opt.Time.UTC().Format(time.DateOnly)
	}
	f := frame{r.fragment("", "layout-top", v), r.fragment("", "layout-bottom", v)}
	r.frames[k] = f
	return f
}

type frameKey struct {
	depth   int
	scripts string
}

// emit writes the file with write, or keeps it when write is nil.
func (r *renderer) emit(name string, data []byte, write func(string, []byte) error) {
	r.written.Files++
	r.written.Bytes += int64(len(data))
	if write == nil {
		r.files = append(r.files, bundle.File{Name: name, Data: data})
		return
	}
	if err := write(name, data); err != nil && r.err == nil {
		r.err = err
	}
}

// fragment renders template name of page tmpl ("" for the shared parts)
// for a page's view. Its output is HTML escaped by the template engine, so
// it may be given to another template as such.
func (r *renderer) fragment(tmpl, name string, data any) template.HTML {
	t := pageTemplates()[tmpl]
	r.frag.Reset()
	if err := t.ExecuteTemplate(&r.frag, name, data); err != nil && r.err == nil {
		r.err = err
	}
	return template.HTML(r.frag.String())
}

// cached is [renderer.fragment] rendered once per distinct data (which
// must be comparable): the cells of the big tables repeat their values
// many times.
func (r *renderer) cached(tmpl, name string, data any) template.HTML {
	k := memoKey{pageTemplates()[tmpl], name, data}
	if h, ok := r.memo[k]; ok {
		return h
	}
	h := r.fragment(tmpl, name, data)
	r.memo[k] = h
	return h
}

// cachedString is [renderer.cached] of a fragment of the shared parts
// whose data is a string, with a cheaper key.
func (r *renderer) cachedString(name, s string) template.HTML {
	k := strKey{name, s}
	if h, ok := r.strs[k]; ok {
		return h
	}
	h := r.fragment("", name, s)
	r.strs[k] = h
	return h
}

// tbody is the body of a table, built a row at a time: each cell is a
// fragment rendered by a template, and the markup around a row ("\n<tr>",
// "</tr>") is constant. A template writes the whole body with one action,
// where a range over the rows would take an action per row.
type tbody struct {
	b    strings.Builder
	rows int // expected, to size the body once its first row is known
}

// maxTbodyGrow caps what a table's first row makes it reserve (a long
// first row must not reserve for every row of a big table).
const maxTbodyGrow = 4 << 20

// newTbody starts the body of a table of about rows rows.
func newTbody(rows int) *tbody { return &tbody{rows: rows} }

// row adds a row of cells.
func (t *tbody) row(cells ...template.HTML) {
	start := t.b.Len()
	t.b.WriteString("\n<tr>")
	for _, c := range cells {
		t.b.WriteString(string(c))
	}
	t.b.WriteString("</tr>")
	if start == 0 && t.rows > 1 {
		// A big table grown by doubling copies itself several times, each
		// time into memory the process touches for the first time: most
		// of what it costs.
		t.b.Grow(min((t.rows-1)*t.b.Len()*9/8, maxTbodyGrow))
	}
}

// html is the rows added so far.
func (t *tbody) html() template.HTML { return template.HTML(t.b.String()) }

// join puts fragments one after the other (cells into a row): HTML joined
// to HTML stays HTML escaped by the engine.
func join(hs ...template.HTML) template.HTML {
	n := 0
	for _, h := range hs {
		n += len(h)
	}
	var b strings.Builder
	b.Grow(n)
	for _, h := range hs {
		b.WriteString(string(h))
	}
	return template.HTML(b.String())
}

// add adds a file that is not a page.
func (r *renderer) add(name string, data []byte) {
	if r.out != nil {
		r.emit(name, data, r.out.put)
		return
	}
	r.emit(name, data, nil)
}
