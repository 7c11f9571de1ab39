package gitlab

import (
	"net/http"
	"testing"
	"time"
)

func TestRetryDelay(t *testing.T) {
	t.Parallel()
	now := time.Unix(1_700_000_000, 0)
	hdr := func(kv ...string) http.Header {
		h := http.Header{}
		for i := 0; i < len(kv); i += 2 {
			h.Set(kv[i], kv[i+1])
		}
		return h
	}
	tests := []struct {
		name    string
		header  http.Header
		attempt int
		want    time.Duration
	}{
		{"Retry-After seconds", hdr("Retry-After", "5"), 0, 5 * time.Second},
		{"Retry-After zero", hdr("Retry-After", "0"), 2, 0},
		{"Retry-After date", hdr("Retry-After", now.Add(9*time.Second).UTC().Format(http.TimeFormat)), 0, 9 * time.Second},
		{"Retry-After date in the past", hdr("Retry-After", now.Add(-time.Hour).UTC().Format(http.TimeFormat)), 0, 0},
		{"Retry-After capped", hdr("Retry-After", "86400"), 0, maxRetryWait},
		{"Retry-After before RateLimit-Reset", hdr("Retry-After", "2", "RateLimit-Reset", "1700000050"), 0, 2 * time.Second},
		{"RateLimit-Reset", hdr("RateLimit-Reset", "1700000030"), 0, 30 * time.Second},
		{"RateLimit-Reset capped", hdr("RateLimit-Reset", "1800000000"), 0, maxRetryWait},
		{"garbage falls back to backoff", hdr("Retry-After", "soon", "RateLimit-Reset", "x"), 1, 2 * time.Second},
		{"backoff first", nil, 0, time.Second},
		{"backoff third", nil, 2, 4 * time.Second},
		{"backoff capped", nil, 40, 30 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := retryDelay(tt.header, tt.attempt, now); got != tt.want {
				t.Errorf("retryDelay = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestRetryable(t *testing.T) {
	t.Parallel()
	tests := []struct {
		status     int
		idempotent bool
		want       bool
	}{
		{429, false, true},
		{429, true, true},
		{502, true, true},
		{502, false, false},
		{0, true, true},
		{0, false, false},
		{501, true, false},
		{400, true, false},
		{403, true, false},
		{404, true, false},
	}
	for _, tt := range tests {
		if got := retryable(tt.status, tt.idempotent); got != tt.want {
			t.Errorf("retryable(%d, idempotent=%v) = %v, want %v", tt.status, tt.idempotent, got, tt.want)
		}
	}
}
