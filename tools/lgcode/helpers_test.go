package lgcode

import (
	"path/filepath"
	"testing"
)

var committedPath = filepath.Join("..", "..", "data", "local-governments.csv")

// committed loads the repository's table, data/local-governments.csv.
func committed(t *testing.T) *Table {
	t.Helper()
	tab, err := LoadFile(committedPath)
	if err != nil {
		t.Fatalf("LoadFile(%q) error = %v", committedPath, err)
	}
	return tab
}
