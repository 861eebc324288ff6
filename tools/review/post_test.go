package review

import (
	"errors"
	"io"
	"strings"
	"testing"
)

// TestPRNumber: the run's number, else pr.json's, and pr.json only when it
// is of the run.
func TestPRNumber(t *testing.T) {
	const sha = "0123456789abcdef0123456789abcdef01234567"
	pr := func(s string) io.Reader { return strings.NewReader(s) }
	for _, tc := range []struct {
		name   string
		number int
		file   io.Reader
		want   int
		err    string
	}{
		{"the run's", 7, nil, 7, ""},
		{"pr.json's", 0, pr(`{"number": 8, "headSha": "` + sha + `"}`), 8, ""},
		{"both, agreeing", 8, pr(`{"number": 8, "headSha": "` + sha + `"}`), 8, ""},
		{"another pull request", 7, pr(`{"number": 8, "headSha": "` + sha + `"}`), 0, "does not match the run"},
		{"another commit", 0, pr(`{"number": 8, "headSha": "` + strings.Repeat("f", 40) + `"}`), 0, "does not match the run"},
		{"not pr.json", 0, pr(`{"number": 8}x`), 0, "pr.json"},
		{"neither", 0, nil, 0, ErrNoPR.Error()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := PRNumber(tc.number, tc.file, sha)
			if got != tc.want || (err == nil) != (tc.err == "") || err != nil && !strings.Contains(err.Error(), tc.err) {
				t.Errorf("PRNumber() = %d, %v; want %d, %q", got, err, tc.want, tc.err)
			}
		})
	}
	if _, err := PRNumber(0, nil, sha); !errors.Is(err, ErrNoPR) {
		t.Errorf("PRNumber(nothing) = %v, want ErrNoPR", err)
	}
}
