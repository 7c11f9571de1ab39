package github

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/mlgate/mlgate/internal/platform"
)

// Retry defaults.
const (
	defaultMaxRetries = 3
	defaultMaxWait    = 60 * time.Second
	// secondaryDefaultWait is GitHub's documented wait for a secondary rate
	// limit that names no time: "wait for at least one minute".
	secondaryDefaultWait = time.Minute
	// peekLimit bounds how much of an error body is read to recognise a rate limit.
	peekLimit = 64 << 10
)

// retryTransport retries GitHub API requests on server errors and rate
// limits, a bounded number of times, waiting as GitHub asks but never longer
// than maxWait for one retry.
type retryTransport struct {
	base       http.RoundTripper
	maxRetries int
	maxWait    time.Duration
	sleep      func(ctx context.Context, d time.Duration) error
	now        func() time.Time
	log        *logger
}

// noServerRetryKey marks a request whose server errors the caller retries
// itself: a POST that failed with a 5xx may still have taken effect.
type noServerRetryKey struct{}

// withoutServerRetries returns a context whose requests are retried on rate
// limits only, not on server errors.
func withoutServerRetries(ctx context.Context) context.Context {
	return context.WithValue(ctx, noServerRetryKey{}, true)
}

// RoundTrip implements [http.RoundTripper].
func (t *retryTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	for attempt := 0; ; attempt++ {
		r, err := replay(req, attempt)
		if err != nil {
			return nil, err
		}
		resp, err := t.base.RoundTrip(r)
		if err != nil {
			return nil, err
		}
		wait, why, retry := t.retryWait(resp, attempt)
		if !retry || (resp.StatusCode >= 500 && req.Context().Value(noServerRetryKey{}) != nil) {
			return resp, nil
		}
		what := req.Method + " " + req.URL.Path
		switch {
		case attempt >= t.maxRetries:
			t.log.infof("GitHub API %s: %s; giving up after %d retries", what, why, attempt)
			return resp, nil
		case wait > t.maxWait:
			t.log.warningf("GitHub API %s: %s and asks to wait %s, longer than the %s limit; giving up", what, why, wait, t.maxWait)
			return resp, nil
		case req.Body != nil && req.Body != http.NoBody && req.GetBody == nil:
			t.log.infof("GitHub API %s: %s; the request body cannot be replayed, not retrying", what, why)
			return resp, nil
		}
		drain(resp)
		t.log.infof("GitHub API %s: %s; retry %d of %d in %s", what, why, attempt+1, t.maxRetries, wait)
		if err := t.sleep(req.Context(), wait); err != nil {
			return nil, fmt.Errorf("waiting to retry %s: %w", what, err)
		}
	}
}

// replay returns the request for the given attempt: req itself first, then a
// clone with a fresh body from GetBody.
func replay(req *http.Request, attempt int) (*http.Request, error) {
	if attempt == 0 {
		return req, nil
	}
	r := req.Clone(req.Context())
	if req.Body != nil && req.Body != http.NoBody {
		body, err := req.GetBody()
		if err != nil {
			return nil, fmt.Errorf("replaying body of %s %s: %w", req.Method, req.URL.Path, err)
		}
		r.Body = body
	}
	return r, nil
}

// retryWait decides whether resp is worth a retry, how long to wait first,
// and why (for the log).
func (t *retryTransport) retryWait(resp *http.Response, attempt int) (time.Duration, string, bool) {
	code := resp.StatusCode
	if code != http.StatusForbidden && code != http.StatusTooManyRequests && code < 500 {
		return 0, "", false
	}
	status := fmt.Sprintf("HTTP %d", code)
	if d, ok := platform.ParseRetryAfter(resp.Header.Get("Retry-After"), t.now()); ok {
		return d, status + " with Retry-After", true
	}
	reset, hasReset := parseReset(resp.Header.Get("X-RateLimit-Reset"))
	if (code == http.StatusForbidden || code == http.StatusTooManyRequests) && hasReset &&
		strings.TrimSpace(resp.Header.Get("X-RateLimit-Remaining")) == "0" {
		return untilReset(reset, t.now()), status + " primary rate limit exceeded", true
	}
	if code >= 500 {
		return platform.Backoff(attempt), status, true
	}
	if secondaryLimit(resp) {
		if hasReset {
			return untilReset(reset, t.now()), status + " secondary rate limit", true
		}
		return secondaryDefaultWait, status + " secondary rate limit", true
	}
	if code == http.StatusTooManyRequests {
		return platform.Backoff(attempt), status, true
	}
	return 0, "", false // a 403 that is not a rate limit: permissions, not retried
}

// parseReset reads X-RateLimit-Reset, in UTC epoch seconds.
func parseReset(v string) (time.Time, bool) {
	n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	if err != nil || n <= 0 {
		return time.Time{}, false
	}
	return time.Unix(n, 0), true
}

// untilReset is the wait until a rate-limit window resets, plus one second
// because the reset time is rounded down to the second.
func untilReset(reset, now time.Time) time.Duration {
	return max(reset.Sub(now), 0) + time.Second
}

// secondaryLimit reports whether an error response is a secondary rate limit
// that came without timing headers, by its documented message. It leaves the
// body readable from the start.
func secondaryLimit(resp *http.Response) bool {
	if resp.Body == nil {
		return false
	}
	head, err := io.ReadAll(io.LimitReader(resp.Body, peekLimit))
	resp.Body = struct {
		io.Reader
		io.Closer
	}{io.MultiReader(bytes.NewReader(head), resp.Body), resp.Body}
	if err != nil {
		return false
	}
	return bytes.Contains(bytes.ToLower(head), []byte("secondary rate limit"))
}

// drain reads a little of a discarded response so the connection can be
// reused, then closes it.
func drain(resp *http.Response) {
	if resp.Body == nil {
		return
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, peekLimit))
	_ = resp.Body.Close()
}
