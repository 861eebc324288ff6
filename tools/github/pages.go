package github

import (
	"iter"

	gh "github.com/google/go-github/v60/github"
)

// all yields the items of a list call, page after page, until GitHub
// says there is no next page or a call fails; a failure is yielded once,
// with T's zero value, and ends the walk. list is given the page to fetch
// (0, the first, then each answer's NextPage).
func all[T any](list func(page int) ([]T, *gh.Response, error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		for page := 0; ; {
			items, resp, err := list(page)
			if err != nil {
				var zero T
				yield(zero, err)
				return
			}
			for _, it := range items {
				if !yield(it, nil) {
					return
				}
			}
			if resp == nil || resp.NextPage == 0 {
				return
			}
			page = resp.NextPage
		}
	}
}
