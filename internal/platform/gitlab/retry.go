package gitlab

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/mlgate/mlgate/internal/platform"
)

// maxRetryWait caps one wait between retries, whatever the server asks.
const maxRetryWait = time.Minute

// apiError is a failed API call: what was being done and the HTTP status
// (0 when no response arrived).
type apiError struct {
	op     string
	status int
	header http.Header // response headers, nil when no response arrived
	err    error
}

func (e *apiError) Error() string { return e.op + ": " + e.err.Error() }
func (e *apiError) Unwrap() error { return e.err }

// apiCall is one API request; it returns the response whenever one arrived,
// also with an error, so call can read its status and headers.
type apiCall func(ctx context.Context) (*response, error)

// call runs fn, retrying 429 always and 5xx or transport errors only when the
// request is idempotent, at most cfg.maxRetries times. op describes the call
// for errors and log lines.
func (p *Publisher) call(ctx context.Context, op string, idempotent bool, fn apiCall) error {
	for attempt := 0; ; attempt++ {
		resp, err := fn(ctx)
		if err == nil {
			return nil
		}
		status, header := 0, http.Header(nil)
		if resp != nil {
			status, header = resp.status, resp.header
		}
		if ctx.Err() != nil || attempt >= p.cfg.maxRetries || !retryable(status, idempotent) {
			return &apiError{op: op, status: status, header: header, err: err}
		}
		d := retryDelay(header, attempt, p.now())
		p.log.infof("%s: %s; retry %d of %d in %s", op, describeStatus(status), attempt+1, p.cfg.maxRetries, d)
		if err := p.sleep(ctx, d); err != nil {
			return &apiError{op: op, status: status, err: fmt.Errorf("waiting to retry: %w", err)}
		}
	}
}

// retryable reports whether a failed request may be sent again. A 429 was
// rejected before any processing, so it is always safe; a 5xx or a lost
// connection may hide a request that took effect, so only idempotent requests
// are retried blindly. 501 Not Implemented is permanent.
func retryable(status int, idempotent bool) bool {
	switch {
	case status == http.StatusTooManyRequests:
		return true
	case status == 0, status >= 500 && status != http.StatusNotImplemented:
		return idempotent
	}
	return false
}

// isServerError reports whether status is a retryable 5xx.
func isServerError(status int) bool {
	return status >= 500 && status != http.StatusNotImplemented
}

// retryDelay is how long to wait before retry number attempt+1, given the
// failed response's headers: Retry-After (seconds or an HTTP date), else
// RateLimit-Reset (a Unix time, sent by GitLab's rate limiter), else
// exponential backoff from one second. The wait is capped at maxRetryWait.
func retryDelay(header http.Header, attempt int, now time.Time) time.Duration {
	if header != nil {
		if d, ok := platform.ParseRetryAfter(header.Get("Retry-After"), now); ok {
			return clampWait(d)
		}
		if v := strings.TrimSpace(header.Get("RateLimit-Reset")); v != "" {
			if reset, err := strconv.ParseInt(v, 10, 64); err == nil && reset > 0 {
				return clampWait(time.Unix(reset, 0).Sub(now))
			}
		}
	}
	return platform.Backoff(attempt)
}

func clampWait(d time.Duration) time.Duration {
	return max(0, min(d, maxRetryWait))
}

// describeStatus names an HTTP status for a log line.
func describeStatus(status int) string {
	if status == 0 {
		return "no response"
	}
	return fmt.Sprintf("HTTP %d %s", status, http.StatusText(status))
}
