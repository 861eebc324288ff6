package datadiff

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/ichiran-jp/ichiran/tools/frictionless"
	"github.com/ichiran-jp/ichiran/tools/repo"
)

// Errors of the git layer.
var (
	// ErrNotRepository: the directory is not in a git work tree (or git is
	// not installed).
	ErrNotRepository = errors.New("git のリポジトリではありません / not a git repository")
	// ErrRevision: a revision git does not know.
	ErrRevision = errors.New("不明なリビジョン / unknown revision")
	// ErrNoPackage: no datapackage.json at the revision.
	ErrNoPackage = errors.New("datapackage.json がありません / no datapackage.json")
)

// LoadError: one side of the diff cannot be read whole — its descriptor,
// catalogue or code table has problems, or a table cannot be read (a line
// that is not CSV, a file over a limit, a symbolic link). A diff of what
// could be read would tell the reviewer that rows were removed when they
// were only unreadable, so there is none.
type LoadError struct {
	Label string // the side, as in the diff: "HEAD~1 (1a2b3c4)", WorkingTree
	Err   error
	// tmp is the temporary directory a revision was read into: its path
	// means nothing to the reader and is left out of the message.
	tmp string
}

func (e *LoadError) Error() string {
	msg := e.Err.Error()
	if e.tmp != "" {
		msg = strings.ReplaceAll(msg, e.tmp+string(filepath.Separator), "")
	}
	return fmt.Sprintf("%s: 読めません / cannot be read: %s", e.Label, msg)
}

func (e *LoadError) Unwrap() error { return e.Err }

// Git runs git in the package's directory, never through a shell and
// never checking anything out.
type Git struct {
	Dir string
}

func (g Git) command(ctx context.Context, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, "git", args...)
	cmd.Dir = g.Dir
	cmd.Env = append(os.Environ(), "GIT_PAGER=cat", "LC_ALL=C")
	return cmd
}

func (g Git) run(ctx context.Context, args ...string) ([]byte, error) {
	cmd := g.command(ctx, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return out, fmt.Errorf("git %s: %w: %s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return out, nil
}

// Check reports ErrNotRepository when Dir is not inside a work tree.
func (g Git) Check(ctx context.Context) error {
	out, err := g.run(ctx, "rev-parse", "--is-inside-work-tree")
	if err != nil || strings.TrimSpace(string(out)) != "true" {
		return fmt.Errorf("%w: %s", ErrNotRepository, g.Dir)
	}
	return nil
}

// Resolve returns the commit a revision names, or an error wrapping
// ErrRevision.
func (g Git) Resolve(ctx context.Context, rev string) (string, error) {
	if strings.HasPrefix(rev, "-") {
		return "", fmt.Errorf("%w: %q", ErrRevision, rev)
	}
	out, err := g.run(ctx, "rev-parse", "--verify", "--quiet", "--end-of-options", rev+"^{commit}")
	if err != nil {
		return "", fmt.Errorf("%w: %q", ErrRevision, rev)
	}
	return strings.TrimSpace(string(out)), nil
}

// MergeBase is the merge base of two revisions.
func (g Git) MergeBase(ctx context.Context, a, b string) (string, error) {
	out, err := g.run(ctx, "merge-base", a, b)
	if err != nil {
		return "", err
	}
	return strings.TrimSpace(string(out)), nil
}

// Label is how a revision is shown: "HEAD~1 (1a2b3c4)".
func Label(rev, commit string) string {
	if len(commit) > 7 {
		commit = commit[:7]
	}
	if rev == commit {
		return commit
	}
	return fmt.Sprintf("%s (%s)", rev, commit)
}

// WorkingTree is the label of the working tree.
const WorkingTree = "作業ツリー / working tree"

// entry is a file of a git tree, as git ls-tree gives it.
type entry struct {
	mode, object, path string
}

// regular reports whether the entry is a regular file (not a symbolic
// link, 120000, nor a submodule, 160000).
func (e entry) regular() bool { return e.mode == "100644" || e.mode == "100755" }

// tree lists the files of a commit under Dir, paths relative to it.
func (g Git) tree(ctx context.Context, commit string) (map[string]entry, error) {
	out, err := g.run(ctx, "ls-tree", "-r", "-z", commit)
	if err != nil {
		return nil, err
	}
	files := map[string]entry{}
	for line := range strings.SplitSeq(string(out), "\x00") {
		// "<mode> SP <type> SP <object> TAB <path>"
		meta, p, ok := strings.Cut(line, "\t")
		if f := strings.Fields(meta); ok && len(f) == 3 {
			files[p] = entry{mode: f[0], object: f[2], path: p}
		}
	}
	return files, nil
}

// catFile reads blobs from one git cat-file process, one at a time, so
// that what to read next may depend on what was read.
type catFile struct {
	cmd    *exec.Cmd
	in     io.WriteCloser
	out    *bufio.Reader
	stderr bytes.Buffer
}

func (g Git) catFile(ctx context.Context) (*catFile, error) {
	b := &catFile{cmd: g.command(ctx, "cat-file", "--batch")}
	b.cmd.Stderr = &b.stderr
	var err error
	if b.in, err = b.cmd.StdinPipe(); err != nil {
		return nil, err
	}
	out, err := b.cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	b.out = bufio.NewReaderSize(out, 1<<16)
	if err := b.cmd.Start(); err != nil {
		return nil, err
	}
	return b, nil
}

// read returns the content of the blob object.
func (b *catFile) read(object string) ([]byte, error) {
	if _, err := fmt.Fprintln(b.in, object); err != nil {
		return nil, b.fail(err)
	}
	header, err := b.out.ReadString('\n')
	if err != nil {
		return nil, b.fail(err)
	}
	// "<object> SP <type> SP <size> LF <content> LF", or "<object> SP missing LF".
	f := strings.Fields(header)
	if len(f) != 3 || f[1] != "blob" {
		return nil, fmt.Errorf("git cat-file: %s: %s", object, strings.TrimSpace(header))
	}
	n, err := strconv.ParseInt(f[2], 10, 64)
	if err != nil {
		return nil, fmt.Errorf("git cat-file: %s: %s", object, strings.TrimSpace(header))
	}
	content := make([]byte, n+1)
	if _, err := io.ReadFull(b.out, content); err != nil {
		return nil, b.fail(err)
	}
	return content[:n], nil
}

func (b *catFile) fail(err error) error {
	return fmt.Errorf("git cat-file: %w: %s", err, strings.TrimSpace(b.stderr.String()))
}

func (b *catFile) close() error {
	b.in.Close()
	return b.cmd.Wait()
}

// Snapshot reads the data package at a commit into a temporary directory
// (one git ls-tree, then one git cat-file for the files the descriptor
// names; nothing is checked out) and loads it as LoadDir does. A file the
// descriptor names that is committed as a symbolic link, or under one, is
// refused (repo.ErrNotRegular): a link is not data, whatever it points to.
func (g Git) Snapshot(ctx context.Context, commit, label string) (*Snapshot, error) {
	return g.SnapshotBeside(ctx, commit, label, nil)
}

// SnapshotBeside is Snapshot for comparing with other (nil: none): a file
// with the same content in other is not read again. When the descriptor
// and every file it names are the same, the snapshot is other's under
// another label; otherwise a table whose file is the same shares other's
// rows. The commonest review, a pull request that changes one file,
// reads that file alone.
func (g Git) SnapshotBeside(ctx context.Context, commit, label string, other *Snapshot) (*Snapshot, error) {
	files, err := g.tree(ctx, commit)
	if err != nil {
		return nil, err
	}
	desc, ok := files[repo.Descriptor]
	if !ok {
		return nil, fmt.Errorf("%w: %s", ErrNoPackage, label)
	}
	if !desc.regular() {
		return nil, &LoadError{Label: label, Err: &fs.PathError{Op: "open", Path: repo.Descriptor, Err: repo.ErrNotRegular}}
	}
	var regular []string
	ids := map[string]string{}
	for p, e := range files {
		if e.regular() {
			regular = append(regular, p)
			ids[p] = e.object
		}
	}
	slices.Sort(regular)
	same := func(p string) bool { return other != nil && other.blobs[p] != "" && other.blobs[p] == ids[p] }
	if same(repo.Descriptor) && !slices.ContainsFunc(other.refs, func(p string) bool { return !same(p) && (files[p] != entry{} || other.blobs[p] != "") }) {
		// Nothing the descriptor names differs: neither does the package.
		return &Snapshot{Label: label, Files: packageFiles(other.refs, regular), Tables: other.Tables, Codes: other.Codes, Catalog: other.Catalog,
			blobs: other.blobs, refs: other.refs}, nil
	}
	tmp, err := os.MkdirTemp("", "ichiran-diff-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	bl, err := g.catFile(ctx)
	if err != nil {
		return nil, err
	}
	// The tables other has read need not be read again (but for the
	// code table, which opening the repository reads).
	reuse := map[string]*Table{}
	if other != nil {
		for _, t := range other.Tables {
			if len(t.Paths) == 1 && same(t.Paths[0]) {
				reuse[t.Paths[0]] = t
			}
		}
	}
	d, err := materialise(tmp, files, bl, func(p string) bool { return reuse[p] == nil })
	if cerr := bl.close(); err == nil && cerr != nil {
		err = bl.fail(cerr)
	}
	if err != nil {
		var le *LoadError
		if errors.As(err, &le) {
			le.Label = label
		}
		return nil, err
	}
	keep := map[string]string{}
	for _, p := range append(d.refs, repo.Descriptor) {
		if b, ok := ids[p]; ok {
			keep[p] = b
		}
	}
	s, err := load(tmp, label, keep, reuse)
	if err != nil {
		var le *LoadError
		if errors.As(err, &le) {
			le.tmp = tmp
		}
		return nil, err
	}
	s.Files = packageFiles(d.refs, regular)
	s.refs = d.refs
	return s, nil
}

// materialise writes the descriptor and the files it names that want
// accepts from the tree into dir, and says what it names.
func materialise(dir string, files map[string]entry, bl *catFile, want func(string) bool) (described, error) {
	write := func(p string, b []byte) error {
		dst := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		return os.WriteFile(dst, b, 0o644)
	}
	raw, err := bl.read(files[repo.Descriptor].object)
	if err != nil {
		return described{}, err
	}
	if err := write(repo.Descriptor, raw); err != nil {
		return described{}, err
	}
	d := describe(raw)
	for _, p := range d.refs {
		// Every step of the path: a linked folder leads elsewhere as
		// surely as a linked file.
		for step := p; step != "."; step = path.Dir(step) {
			if e, ok := files[step]; ok && !e.regular() {
				return described{}, &LoadError{Err: &fs.PathError{Op: "open", Path: p, Err: repo.ErrNotRegular}}
			}
		}
		e, ok := files[p]
		if !ok || !want(p) && p != d.codes {
			continue // a missing file: the load says so, if it is read
		}
		b, err := bl.read(e.object)
		if err != nil {
			return described{}, err
		}
		if err := write(p, b); err != nil {
			return described{}, err
		}
	}
	return d, nil
}

// described is what a descriptor names: the files of its resources,
// schemas and dialects given as paths (refs, sorted), and the code
// table's file among them.
type described struct {
	refs  []string
	codes string
}

func describe(raw []byte) described {
	var d struct {
		Resources []struct {
			Name    string          `json:"name"`
			Path    json.RawMessage `json:"path"`
			Schema  json.RawMessage `json:"schema"`
			Dialect json.RawMessage `json:"dialect"`
		} `json:"resources"`
	}
	if json.Unmarshal(raw, &d) != nil {
		return described{}
	}
	var out described
	add := func(m json.RawMessage) []string {
		var s string
		var ss []string
		if json.Unmarshal(m, &s) == nil {
			ss = []string{s}
		} else {
			_ = json.Unmarshal(m, &ss)
		}
		var added []string
		for _, p := range ss {
			if frictionless.CheckPath(p) == nil {
				added = append(added, path.Clean(p))
			}
		}
		out.refs = append(out.refs, added...)
		return added
	}
	for _, r := range d.Resources {
		if ps := add(r.Path); r.Name == repo.CodesResource && len(ps) == 1 {
			out.codes = ps[0]
		}
		add(r.Schema)
		add(r.Dialect)
	}
	slices.Sort(out.refs)
	out.refs = slices.Compact(out.refs)
	return out
}

// packageFiles are the files of the package among all files: the
// descriptor, those it names and the others in the top folders of those
// (a CSV under data/ that no resource names is a file of the package).
func packageFiles(refs, all []string) []string {
	tops := map[string]bool{}
	named := map[string]bool{repo.Descriptor: true}
	for _, r := range refs {
		named[r] = true
		if top, _, ok := strings.Cut(r, "/"); ok {
			tops[top] = true
		}
	}
	var out []string
	for _, f := range all {
		top, _, ok := strings.Cut(f, "/")
		if named[f] || ok && tops[top] {
			out = append(out, f)
		}
	}
	slices.Sort(out)
	return out
}

// WorkingTree reads the data package as it is on disk.
func (g Git) WorkingTree() (*Snapshot, error) {
	r, err := open(g.Dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w: %s", ErrNoPackage, WorkingTree)
	}
	if err != nil {
		return nil, &LoadError{Label: WorkingTree, Err: err}
	}
	defer r.Close()
	fail := func(err error) (*Snapshot, error) { return nil, &LoadError{Label: WorkingTree, Err: err} }
	raw, err := r.ReadFile(repo.Descriptor)
	if err != nil {
		return fail(err)
	}
	d := describe(raw)
	// The blob ids, for SnapshotBeside to know what git has the same.
	blobs := map[string]string{repo.Descriptor: blobID(raw)}
	all := []string{repo.Descriptor}
	tops := map[string]bool{}
	for _, ref := range d.refs {
		if top, _, ok := strings.Cut(ref, "/"); ok && !tops[top] {
			tops[top] = true
			files, err := r.Files(top)
			if err != nil {
				return fail(err)
			}
			all = append(all, files...)
		}
		if b, err := r.ReadFile(ref); err == nil {
			blobs[ref] = blobID(b)
			all = append(all, ref)
		}
	}
	s, err := snapshot(r, WorkingTree, blobs, nil)
	if err != nil {
		return nil, err
	}
	slices.Sort(all)
	s.Files = packageFiles(d.refs, slices.Compact(all))
	s.refs = d.refs
	return s, nil
}

// blobID is the id git gives a file of content b.
func blobID(b []byte) string {
	h := sha1.New()
	fmt.Fprintf(h, "blob %d\x00", len(b))
	h.Write(b)
	return hex.EncodeToString(h.Sum(nil))
}

// LoadDir loads the data package whose datapackage.json is in dir, through
// the repository's door (package repo): an ichiran repository with its
// catalogue and code table, or a plain Data Package (a release bundle, a
// revision from before the catalogue) with its tables alone. Files is left
// empty. Anything that cannot be read is a *LoadError.
func LoadDir(dir, label string) (*Snapshot, error) {
	return load(dir, label, nil, nil)
}

func load(dir, label string, blobs map[string]string, reuse map[string]*Table) (*Snapshot, error) {
	r, err := open(dir)
	if err != nil {
		return nil, &LoadError{Label: label, Err: err}
	}
	defer r.Close()
	return snapshot(r, label, blobs, reuse)
}

// open opens the package in dir as a repository, or, when it is a plain
// Data Package, as the door to its files alone.
func open(dir string) (*repo.Repository, error) {
	r, err := repo.Open(dir, repo.Limits{})
	if !errors.Is(err, repo.ErrNotRepository) {
		return r, err
	}
	pkg, errs, err := frictionless.LoadPackage(repo.Path(dir))
	if err != nil {
		return nil, err
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("記述子にエラーがあります (%d 件)。ichiran validate で確認してください / the descriptor has errors (%d); run ichiran validate: %w", len(errs), len(errs), errs[0])
	}
	return repo.New(pkg, nil, nil, repo.Limits{})
}

// snapshot reads every CSV resource of the repository whole (see
// repo.Repository.Table), but for those whose file is in reuse, already
// read; blobs are the git blob ids of the files, when known.
func snapshot(r *repo.Repository, label string, blobs map[string]string, reuse map[string]*Table) (*Snapshot, error) {
	s := &Snapshot{Label: label, Catalog: r.Cat, Codes: r.Codes, blobs: blobs}
	indicator := map[string]string{}
	if r.Cat != nil {
		for id, names := range r.Cat.Resources {
			for _, n := range names {
				indicator[n] = id
			}
		}
	}
	fail := func(err error) (*Snapshot, error) { return nil, &LoadError{Label: label, Err: err} }
	for _, res := range r.Pkg.Resources {
		if len(res.Paths) == 0 || !res.Tabular && res.Format != "csv" && !strings.HasSuffix(res.Paths[0], ".csv") {
			continue
		}
		// The one reader reads one file in the canonical dialect.
		switch {
		case len(res.Paths) > 1:
			return fail(fmt.Errorf("リソース %s は複数のファイルからなるため比べられません / resource %s has several files and cannot be compared", res.Name, res.Name))
		case res.Dialect != nil && !reflect.DeepEqual(res.Dialect, frictionless.DefaultDialect()):
			return fail(fmt.Errorf("リソース %s は既定以外の CSV の形式 (dialect) のため比べられません / resource %s has a dialect other than the default and cannot be compared", res.Name, res.Name))
		}
		tab := &Table{Resource: res.Name, Indicator: indicator[res.Name], Paths: slices.Clone(res.Paths), blob: blobs[res.Paths[0]]}
		if t := reuse[res.Paths[0]]; t != nil {
			tab.Header, tab.Rows, tab.Lines = t.Header, t.Rows, t.Lines
		} else {
			t, err := r.Table(res.Name)
			if err != nil {
				return fail(err)
			}
			tab.Header, tab.Rows, tab.Lines = t.Header, make([][]string, len(t.Rows)), make([]int, len(t.Rows))
			for i, row := range t.Rows {
				tab.Rows[i], tab.Lines[i] = row.Values, row.Line
			}
		}
		if res.Schema != nil {
			for _, f := range res.Schema.Fields {
				tab.Fields = append(tab.Fields, Field{f.Name, f.Type})
			}
			tab.PrimaryKey = res.Schema.PrimaryKey
		} else {
			for _, h := range tab.Header {
				tab.Fields = append(tab.Fields, Field{Name: h})
			}
		}
		s.Tables = append(s.Tables, tab)
	}
	return s, nil
}

// FromRepository reads the tables of a repository already open, as LoadDir
// does. Files is left empty.
func FromRepository(r *repo.Repository, label string) (*Snapshot, error) {
	return snapshot(r, label, nil, nil)
}
