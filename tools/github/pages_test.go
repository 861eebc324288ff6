package github

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	gh "github.com/google/go-github/v60/github"
)

func TestAll(t *testing.T) {
	errList := errors.New("list failed")
	// Three pages: 0 → 2 → 5, then none; failAt fails that page instead.
	tests := []struct {
		name      string
		failAt    int // page that fails, -1 for none
		stopAfter int // items taken before breaking, 0 for all
		wantItems []string
		wantPages []int
		wantErr   bool
	}{
		{name: "every page", failAt: -1, wantItems: []string{"a", "b", "c", "d", "e"}, wantPages: []int{0, 2, 5}},
		{name: "failure ends", failAt: 2, wantItems: []string{"a", "b"}, wantPages: []int{0, 2}, wantErr: true},
		{name: "first page fails", failAt: 0, wantPages: []int{0}, wantErr: true},
		{name: "break stops fetching", failAt: -1, stopAfter: 3, wantItems: []string{"a", "b", "c"}, wantPages: []int{0, 2}},
	}
	pages := map[int]struct {
		items []string
		next  int
	}{0: {[]string{"a", "b"}, 2}, 2: {[]string{"c", "d"}, 5}, 5: {[]string{"e"}, 0}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var asked []int
			list := func(page int) ([]string, *gh.Response, error) {
				asked = append(asked, page)
				if page == tt.failAt {
					return nil, nil, errList
				}
				p := pages[page]
				return p.items, &gh.Response{NextPage: p.next}, nil
			}
			var got []string
			var gotErr error
			for it, err := range all(list) {
				if err != nil {
					gotErr = err
					continue // all must not yield after a failure
				}
				got = append(got, it)
				if len(got) == tt.stopAfter {
					break
				}
			}
			if diff := cmp.Diff(tt.wantItems, got); diff != "" {
				t.Errorf("all items (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantPages, asked); diff != "" {
				t.Errorf("all pages asked (-want +got):\n%s", diff)
			}
			if (gotErr != nil) != tt.wantErr || (gotErr != nil && !errors.Is(gotErr, errList)) {
				t.Errorf("all error = %v, want error %v", gotErr, tt.wantErr)
			}
		})
	}
}
