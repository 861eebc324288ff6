package datadiff

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/ichiran-jp/ichiran/tools/catalog"
	"github.com/ichiran-jp/ichiran/tools/frictionless"
	"github.com/ichiran-jp/ichiran/tools/lgcode"
	"github.com/ichiran-jp/ichiran/tools/tablecsv"
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

// CodesResource is the resource holding the code table.
const CodesResource = "local-governments"

// Git runs git in the package's directory, never through a shell and
// never checking anything out.
type Git struct {
	Dir string
}

func (g Git) run(ctx context.Context, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, "git", args...)
	cmd.Dir = g.Dir
	cmd.Env = append(os.Environ(), "GIT_PAGER=cat", "LC_ALL=C")
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

// Snapshot reads the data package at a commit into a temporary
// directory (with git ls-tree and git show, never checking out) and loads
// it.
func (g Git) Snapshot(ctx context.Context, commit, label string) (*Snapshot, error) {
	out, err := g.run(ctx, "ls-tree", "-r", "-z", "--name-only", commit)
	if err != nil {
		return nil, err
	}
	var files []string
	for _, f := range strings.Split(string(out), "\x00") {
		if f != "" {
			files = append(files, f)
		}
	}
	if !slices.Contains(files, "datapackage.json") {
		return nil, fmt.Errorf("%w: %s", ErrNoPackage, label)
	}
	tmp, err := os.MkdirTemp("", "ichiran-diff-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	show := func(p string) ([]byte, error) { return g.run(ctx, "show", commit+":./"+p) }
	raw, err := show("datapackage.json")
	if err != nil {
		return nil, err
	}
	refs := references(raw)
	want := map[string]bool{"datapackage.json": true}
	for _, r := range refs {
		want[r] = true
	}
	for _, f := range files {
		if !want[f] {
			continue
		}
		b, err := show(f)
		if err != nil {
			return nil, err
		}
		dst := filepath.Join(tmp, filepath.FromSlash(f))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return nil, err
		}
		if err := os.WriteFile(dst, b, 0o644); err != nil {
			return nil, err
		}
	}
	s, err := LoadDir(tmp, label)
	if err != nil {
		return nil, err
	}
	s.Files = packageFiles(refs, files)
	return s, nil
}

// references are the files a descriptor names: resource paths, schemas
// and dialects given as paths.
func references(raw []byte) []string {
	var d struct {
		Resources []struct {
			Path    json.RawMessage `json:"path"`
			Schema  json.RawMessage `json:"schema"`
			Dialect json.RawMessage `json:"dialect"`
		} `json:"resources"`
	}
	if json.Unmarshal(raw, &d) != nil {
		return nil
	}
	var out []string
	add := func(m json.RawMessage) {
		var s string
		var ss []string
		if json.Unmarshal(m, &s) == nil {
			ss = []string{s}
		} else {
			_ = json.Unmarshal(m, &ss)
		}
		for _, p := range ss {
			if frictionless.CheckPath(p) == nil {
				out = append(out, path.Clean(p))
			}
		}
	}
	for _, r := range d.Resources {
		add(r.Path)
		add(r.Schema)
		add(r.Dialect)
	}
	return out
}

// packageFiles are the files of the package among all files: the
// descriptor, those it names and the others in the top folders of those
// (a CSV under data/ that no resource names is a file of the package).
func packageFiles(refs, all []string) []string {
	tops := map[string]bool{}
	named := map[string]bool{"datapackage.json": true}
	for _, r := range refs {
		named[r] = true
		if i := strings.IndexByte(r, '/'); i > 0 {
			tops[r[:i]] = true
		}
	}
	var out []string
	for _, f := range all {
		i := strings.IndexByte(f, '/')
		if named[f] || i > 0 && tops[f[:i]] {
			out = append(out, f)
		}
	}
	slices.Sort(out)
	return out
}

// WorkingTree reads the data package as it is on disk.
func (g Git) WorkingTree() (*Snapshot, error) {
	raw, err := os.ReadFile(filepath.Join(g.Dir, "datapackage.json"))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w: %s", ErrNoPackage, WorkingTree)
	}
	if err != nil {
		return nil, err
	}
	s, err := LoadDir(g.Dir, WorkingTree)
	if err != nil {
		return nil, err
	}
	refs := references(raw)
	var all []string
	tops := map[string]bool{}
	for _, r := range refs {
		if i := strings.IndexByte(r, '/'); i > 0 {
			tops[r[:i]] = true
		}
		if _, err := os.Stat(filepath.Join(g.Dir, filepath.FromSlash(r))); err == nil {
			all = append(all, r)
		}
	}
	all = append(all, "datapackage.json")
	for top := range tops {
		_ = filepath.WalkDir(filepath.Join(g.Dir, top), func(p string, d fs.DirEntry, err error) error {
			if err == nil && d.Type().IsRegular() {
				rel, _ := filepath.Rel(g.Dir, p)
				all = append(all, filepath.ToSlash(rel))
			}
			return nil
		})
	}
	slices.Sort(all)
	s.Files = packageFiles(refs, slices.Compact(all))
	return s, nil
}

// LoadDir loads the data package whose datapackage.json is in dir. Files is
// left empty. Resources that cannot be read are left out; the descriptor's
// problems are validate's to report.
func LoadDir(dir, label string) (*Snapshot, error) {
	desc := filepath.Join(dir, "datapackage.json")
	p, _, err := frictionless.LoadPackage(desc)
	if err != nil {
		return nil, err
	}
	s := &Snapshot{Label: label}
	if raw, err := os.ReadFile(desc); err == nil {
		if cat, err := catalog.Parse(raw); err == nil {
			s.Catalog = cat
		}
	}
	indicator := map[string]string{}
	if s.Catalog != nil {
		for id, names := range s.Catalog.Resources {
			for _, n := range names {
				indicator[n] = id
			}
		}
	}
	for _, r := range p.Resources {
		if len(r.Paths) == 0 || !r.Tabular && r.Format != "csv" && !strings.HasSuffix(r.Paths[0], ".csv") {
			continue
		}
		t := &Table{Resource: r.Name, Indicator: indicator[r.Name], Path: strings.Join(r.Paths, ", ")}
		if r.Schema != nil {
			for _, f := range r.Schema.Fields {
				t.Fields = append(t.Fields, Field{f.Name, f.Type})
			}
			t.PrimaryKey = r.Schema.PrimaryKey
		}
		dialect := tablecsv.DefaultDialect()
		if r.Dialect != nil {
			dialect = r.Dialect.CSV
		}
		ok := true
		for _, rel := range r.Paths {
			f, err := os.Open(filepath.Join(p.Dir, filepath.FromSlash(rel)))
			if err != nil {
				ok = false
				break
			}
			err = readCSV(f, dialect, t)
			f.Close()
			if err != nil {
				ok = false
				break
			}
		}
		if !ok {
			continue
		}
		if r.Schema == nil {
			for _, h := range t.Header {
				t.Fields = append(t.Fields, Field{Name: h})
			}
		}
		s.Tables = append(s.Tables, t)
		if r.Name == CodesResource && len(r.Paths) == 1 {
			if codes, err := lgcode.LoadFile(filepath.Join(p.Dir, filepath.FromSlash(r.Paths[0]))); err == nil {
				s.Codes = codes
			}
		}
	}
	return s, nil
}

// readCSV appends the rows of one file to t; the first record is the
// header. Lines that do not parse are skipped (validate reports them).
func readCSV(r io.Reader, d tablecsv.Dialect, t *Table) error {
	rd := tablecsv.NewReader(r, d, tablecsv.Options{})
	first := true
	for {
		rec, err := rd.Read()
		if err == io.EOF {
			return nil
		}
		var pe *tablecsv.ParseError
		if err != nil && !errors.As(err, &pe) {
			return err
		}
		if rec == nil || rec.Len() == 0 {
			continue
		}
		if first {
			first = false
			if t.Header == nil {
				t.Header = rec.Strings()
			}
			continue
		}
		t.Rows = append(t.Rows, rec.Strings())
	}
}
