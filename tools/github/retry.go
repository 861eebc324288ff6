package github

import (
	"context"
	"io"
	"net/http"
	"strconv"
	"time"
)

// RetryPolicy bounds the retries of one request.
type RetryPolicy struct {
	MaxAttempts int           // attempts in all, the first included (default 5)
	MaxWait     time.Duration // total time spent waiting between attempts (default 2 minutes)
	BaseDelay   time.Duration // back-off before the second attempt, doubled each time (default 1s)
	MaxDelay    time.Duration // cap of one back-off without Retry-After (default 30s)

	// Now and Sleep are the clock; tests replace them. Sleep returns
	// ctx.Err() when ctx ends first.
	Now   func() time.Time
	Sleep func(ctx context.Context, d time.Duration) error
}

// DefaultRetryPolicy is the policy of New.
func DefaultRetryPolicy() RetryPolicy {
	return RetryPolicy{MaxAttempts: 5, MaxWait: 2 * time.Minute, BaseDelay: time.Second, MaxDelay: 30 * time.Second}
}

func (p RetryPolicy) withDefaults() RetryPolicy {
	d := DefaultRetryPolicy()
	if p.MaxAttempts <= 0 {
		p.MaxAttempts = d.MaxAttempts
	}
	if p.MaxWait <= 0 {
		p.MaxWait = d.MaxWait
	}
	if p.BaseDelay <= 0 {
		p.BaseDelay = d.BaseDelay
	}
	if p.MaxDelay <= 0 {
		p.MaxDelay = d.MaxDelay
	}
	if p.Now == nil {
		p.Now = time.Now
	}
	if p.Sleep == nil {
		p.Sleep = sleep
	}
	return p
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// retryTransport retries a request on 5xx answers and on rate limits (429,
// or 403 with X-RateLimit-Remaining: 0 or a Retry-After), waiting what
// Retry-After or X-RateLimit-Reset ask, else an exponential back-off. When
// the next wait would pass the policy's total, it gives up and returns the
// last answer, which go-github turns into its error.
type retryTransport struct {
	base   http.RoundTripper
	policy RetryPolicy
}

func (t *retryTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	p := t.policy
	var waited time.Duration
	for attempt := 1; ; attempt++ {
		r := req
		if attempt > 1 {
			if req.Body != nil && req.Body != http.NoBody {
				if req.GetBody == nil {
					return nil, errNoReplay
				}
				body, err := req.GetBody()
				if err != nil {
					return nil, err
				}
				r = req.Clone(ctx)
				r.Body = body
			}
		}
		resp, err := t.base.RoundTrip(r)
		if ctx.Err() != nil {
			if resp != nil {
				resp.Body.Close()
			}
			return nil, ctx.Err()
		}
		var delay time.Duration
		switch {
		case err != nil:
			// A failure of the connection: retry only what may be sent twice.
			if !idempotent(req.Method) {
				return nil, err
			}
			delay = t.backoff(attempt)
		case retryable(resp):
			delay = t.delay(resp, attempt)
		default:
			return resp, nil
		}
		if attempt >= p.MaxAttempts || waited+delay > p.MaxWait || (req.Body != nil && req.Body != http.NoBody && req.GetBody == nil) {
			return resp, err
		}
		if resp != nil {
			io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
			resp.Body.Close()
		}
		if err := p.Sleep(ctx, delay); err != nil {
			return nil, err
		}
		waited += delay
	}
}

type replayError struct{}

func (replayError) Error() string {
	return "要求の本文を再送できません / cannot resend the request body"
}

var errNoReplay error = replayError{}

func idempotent(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodPut, http.MethodDelete:
		return true
	}
	return false
}

// retryable: a server error, or a rate limit (primary or secondary).
func retryable(resp *http.Response) bool {
	switch {
	case resp.StatusCode >= 500 && resp.StatusCode != http.StatusNotImplemented:
		return true
	case resp.StatusCode == http.StatusTooManyRequests:
		return true
	case resp.StatusCode == http.StatusForbidden:
		return resp.Header.Get("X-RateLimit-Remaining") == "0" || resp.Header.Get("Retry-After") != ""
	}
	return false
}

// delay is how long to wait before the next attempt: Retry-After, else the
// reset of an exhausted rate limit, else the back-off.
func (t *retryTransport) delay(resp *http.Response, attempt int) time.Duration {
	now := t.policy.Now()
	if v := resp.Header.Get("Retry-After"); v != "" {
		if s, err := strconv.Atoi(v); err == nil && s >= 0 {
			return time.Duration(s) * time.Second
		}
		if when, err := http.ParseTime(v); err == nil {
			return max(when.Sub(now), 0)
		}
	}
	if resp.Header.Get("X-RateLimit-Remaining") == "0" {
		if s, err := strconv.ParseInt(resp.Header.Get("X-RateLimit-Reset"), 10, 64); err == nil {
			// One second more: the reset is a whole second and clocks differ.
			return max(time.Unix(s, 0).Sub(now), 0) + time.Second
		}
	}
	return t.backoff(attempt)
}

func (t *retryTransport) backoff(attempt int) time.Duration {
	d := t.policy.BaseDelay << (attempt - 1)
	if d > t.policy.MaxDelay || d <= 0 {
		d = t.policy.MaxDelay
	}
	return d
}
