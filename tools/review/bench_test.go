package review

import (
	"context"
	"testing"

	"github.com/ichiran-jp/ichiran/tools/datadiff"
)

// BenchmarkRepository reviews the repository's own data against HEAD, as
// ichiran review -base HEAD does (issue 17: under 300 ms; profile with
// -cpuprofile).
func BenchmarkRepository(b *testing.B) {
	ctx := context.Background()
	g := datadiff.Git{Dir: "../.."}
	if g.Check(ctx) != nil {
		b.Skip("not in a git work tree")
	}
	head, err := g.Resolve(ctx, "HEAD")
	if err != nil {
		b.Fatal(err)
	}
	diff := func(ctx context.Context) (*datadiff.Result, *datadiff.Snapshot, *datadiff.Snapshot, error) {
		hs, err := g.WorkingTree()
		if err != nil {
			return nil, nil, nil, err
		}
		bs, err := g.SnapshotBeside(ctx, head, "HEAD", hs)
		if err != nil {
			return nil, nil, nil, err
		}
		return datadiff.Compare(bs, hs, datadiff.Options{}), bs, hs, nil
	}
	for b.Loop() {
		rep, diffErr, err := Make(ctx, "../../datapackage.json", diff)
		if err != nil || diffErr != nil {
			b.Fatal(err, diffErr)
		}
		rep.Markdown(MaxComment)
	}
}
