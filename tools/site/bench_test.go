package site

import (
	"path/filepath"
	"testing"

	"github.com/ichiran-jp/ichiran/tools/bundle"
	"github.com/ichiran-jp/ichiran/tools/repo"
)

// The site of the repository's own data, as `ichiran site` builds it:
// go test -run '^$' -bench . -benchmem ./tools/site (add -cpuprofile or
// -memprofile to see where the time goes).

func benchRepo(b *testing.B) (*repo.Repository, int) {
	repo := open(b, "../../datapackage.json")
	edition, err := bundle.LatestEdition(repo, stamp)
	if err != nil {
		b.Fatal(err)
	}
	return repo, edition
}

func BenchmarkBuild(b *testing.B) {
	repo, edition := benchRepo(b)
	for b.Loop() {
		if _, err := Build(repo, Options{Edition: edition, Time: stamp, Commit: "abc123", Published: published}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWrite is what ichiran site does: each page written as it is
// made.
func BenchmarkWrite(b *testing.B) {
	repo, edition := benchRepo(b)
	dir := b.TempDir()
	for b.Loop() {
		if _, err := Write(repo, Options{Edition: edition, Time: stamp, Commit: "abc123", Published: published}, filepath.Join(dir, "site")); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkWriteDir(b *testing.B) {
	repo, edition := benchRepo(b)
	s, err := Build(repo, Options{Edition: edition, Time: stamp, Commit: "abc123", Published: published})
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	for i := 0; b.Loop(); i++ {
		if err := s.WriteDir(filepath.Join(dir, "site")); err != nil {
			b.Fatal(err)
		}
	}
}
