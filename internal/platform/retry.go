package platform

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// BackoffCap bounds [Backoff].
const BackoffCap = 30 * time.Second

// maxRetryAfter bounds what [ParseRetryAfter] returns for an absurd delay;
// it still exceeds any sane wait limit of a caller.
const maxRetryAfter = 24 * time.Hour

// ParseRetryAfter reads a Retry-After header value: delay seconds or an
// HTTP date, measured from now. A date in the past is a wait of 0; a delay
// longer than a day is a day. ok is false for an empty, negative or
// unreadable value.
func ParseRetryAfter(v string, now time.Time) (d time.Duration, ok bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n < 0 {
			return 0, false
		}
		return time.Duration(min(n, int64(maxRetryAfter/time.Second))) * time.Second, true
	}
	if at, err := http.ParseTime(v); err == nil {
		return max(at.Sub(now), 0), true
	}
	return 0, false
}

// Backoff is the exponential wait before retry attempt+1 when the server
// gave no hint: one second, doubled per attempt, at most [BackoffCap].
func Backoff(attempt int) time.Duration {
	if attempt >= 5 {
		return BackoffCap
	}
	return min(time.Second<<max(attempt, 0), BackoffCap)
}
