package datadiff

import (
	"context"
	"testing"
)

// BenchmarkRepository diffs the repository's own data, the working tree
// against HEAD, as ichiran diff HEAD does (issue 17; profile with
// -cpuprofile). Loading each side is measured alone too, HEAD read from
// git both alone and beside the working tree.
func BenchmarkRepository(b *testing.B) {
	ctx := context.Background()
	g := Git{Dir: "../.."}
	if g.Check(ctx) != nil {
		b.Skip("not in a git work tree")
	}
	head, err := g.Resolve(ctx, "HEAD")
	if err != nil {
		b.Fatal(err)
	}
	wt, err := g.WorkingTree()
	if err != nil {
		b.Fatal(err)
	}
	b.Run("working tree", func(b *testing.B) {
		for b.Loop() {
			if _, err := g.WorkingTree(); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("HEAD alone", func(b *testing.B) {
		for b.Loop() {
			if _, err := g.Snapshot(ctx, head, "HEAD"); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("HEAD beside", func(b *testing.B) {
		for b.Loop() {
			if _, err := g.SnapshotBeside(ctx, head, "HEAD", wt); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("compare", func(b *testing.B) {
		base, err := g.SnapshotBeside(ctx, head, "HEAD", wt)
		if err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			Compare(base, wt, Options{})
		}
	})
	b.Run("diff", func(b *testing.B) {
		for b.Loop() {
			wt, err := g.WorkingTree()
			if err != nil {
				b.Fatal(err)
			}
			base, err := g.SnapshotBeside(ctx, head, "HEAD", wt)
			if err != nil {
				b.Fatal(err)
			}
			Compare(base, wt, Options{})
		}
	})
}
