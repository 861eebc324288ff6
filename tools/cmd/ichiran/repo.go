package main

import (
	"github.com/ichiran-jp/ichiran/tools/repo"
)

// openRepository opens the repository of a command's arguments: the
// positional argument (a descriptor, or a directory holding one), or the
// datapackage.json in the working directory. A descriptor with errors is
// refused: ichiran validate says what they are.
func openRepository(args []string) (*repo.Repository, error) {
	path := ""
	if len(args) > 0 {
		path = args[0]
	}
	return repo.Open(path, repo.Limits{})
}
