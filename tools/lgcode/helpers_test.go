package lgcode

import (
	"os"
	"path/filepath"
	"testing"
)

var committedPath = filepath.Join("..", "..", "data", "local-governments.csv")

// committed loads the repository's table, data/local-governments.csv.
func committed(t *testing.T) *Table {
	t.Helper()
	f, err := os.Open(committedPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	tab, err := Load(f)
	if err != nil {
		t.Fatalf("Load(%q) error = %v", committedPath, err)
	}
	return tab
}
