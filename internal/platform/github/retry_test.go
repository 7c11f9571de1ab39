package github

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sethvargo/go-githubactions"
)

// canned is one scripted response.
type canned struct {
	status int
	header map[string]string
	body   string
}

// scripted serves the given responses in turn, then 200, and records bodies.
type scripted struct {
	mu     sync.Mutex
	resps  []canned
	bodies []string
}

func (s *scripted) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	s.mu.Lock()
	s.bodies = append(s.bodies, string(b))
	var c *canned
	if len(s.resps) > 0 {
		c, s.resps = &s.resps[0], s.resps[1:]
	}
	s.mu.Unlock()
	if c == nil {
		c = &canned{status: 200, body: `{"ok":true}`}
	}
	for k, v := range c.header {
		w.Header().Set(k, v)
	}
	w.WriteHeader(c.status)
	_, _ = io.WriteString(w, c.body)
}

// retryRun sends one POST through a retryTransport and returns the final
// status, the waits, the bodies the server saw and the log.
func retryRun(t *testing.T, now time.Time, maxRetries int, maxWait time.Duration, resps ...canned) (int, []time.Duration, []string, string) {
	t.Helper()
	srv := &scripted{resps: resps}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	var log bytes.Buffer
	var waits []time.Duration
	rt := &retryTransport{
		base:       ts.Client().Transport,
		maxRetries: maxRetries,
		maxWait:    maxWait,
		sleep: func(_ context.Context, d time.Duration) error {
			waits = append(waits, d)
			return nil
		},
		now: func() time.Time { return now },
		log: &logger{a: githubactions.New(githubactions.WithWriter(&log), githubactions.WithGetenv(func(string) string { return "" }))},
	}
	req, err := http.NewRequest(http.MethodPost, ts.URL+"/repos/o/r/issues/1/comments", strings.NewReader(`{"body":"hello"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := (&http.Client{Transport: rt}).Do(req)
	if err != nil {
		t.Fatalf("Do: %v", err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 && len(body) == 0 && len(resps) > 0 && resps[len(resps)-1].body != "" {
		t.Errorf("the final error response lost its body")
	}
	return resp.StatusCode, waits, srv.bodies, log.String()
}

func TestRetryTransport(t *testing.T) {
	t.Parallel()
	now := time.Date(2025, 3, 3, 12, 0, 0, 0, time.UTC)
	reset := strconv.FormatInt(now.Add(20*time.Second).Unix(), 10)
	cases := []struct {
		name       string
		resps      []canned
		maxRetries int
		maxWait    time.Duration
		wantStatus int
		wantWaits  []time.Duration
		wantLog    string
	}{
		{
			name:       "Retry-After as an HTTP date",
			resps:      []canned{{status: 503, header: map[string]string{"Retry-After": now.Add(10 * time.Second).Format(http.TimeFormat)}}},
			wantStatus: 200, wantWaits: []time.Duration{10 * time.Second},
		},
		{
			name:       "Retry-After date in the past",
			resps:      []canned{{status: 429, header: map[string]string{"Retry-After": now.Add(-time.Hour).Format(http.TimeFormat)}}},
			wantStatus: 200, wantWaits: []time.Duration{0},
		},
		{
			name: "primary rate limit waits for the reset",
			resps: []canned{{status: 403, header: map[string]string{"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": reset},
				body: `{"message":"API rate limit exceeded for installation ID 1."}`}},
			wantStatus: 200, wantWaits: []time.Duration{21 * time.Second},
		},
		{
			name: "primary rate limit longer than MaxWait gives up",
			resps: []canned{{status: 403, header: map[string]string{"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": reset},
				body: `{"message":"API rate limit exceeded"}`}},
			maxWait:    10 * time.Second,
			wantStatus: 403,
			wantLog:    "::warning::GitHub API POST /repos/o/r/issues/1/comments: HTTP 403 primary rate limit exceeded and asks to wait 21s, longer than the 10s limit; giving up",
		},
		{
			name:       "secondary rate limit with X-RateLimit-Reset",
			resps:      []canned{{status: 403, header: map[string]string{"X-RateLimit-Remaining": "4000", "X-RateLimit-Reset": reset}, body: secondaryBody}},
			wantStatus: 200, wantWaits: []time.Duration{21 * time.Second},
		},
		{
			name:       "403 without rate limit is not retried",
			resps:      []canned{{status: 403, header: map[string]string{"X-RateLimit-Remaining": "4999"}, body: `{"message":"Resource not accessible by integration"}`}},
			wantStatus: 403,
		},
		{
			name:       "404 is not retried",
			resps:      []canned{{status: 404, body: `{"message":"Not Found"}`}},
			wantStatus: 404,
		},
		{
			name:       "429 without headers backs off",
			resps:      []canned{{status: 429}, {status: 429}},
			wantStatus: 200, wantWaits: []time.Duration{time.Second, 2 * time.Second},
		},
		{
			name:       "5xx backoff is capped",
			resps:      []canned{{status: 500}, {status: 502}, {status: 503}, {status: 504}, {status: 500}, {status: 500}, {status: 500}},
			maxRetries: 7,
			wantStatus: 200,
			wantWaits:  []time.Duration{1 * time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 16 * time.Second, 30 * time.Second, 30 * time.Second},
		},
		{
			name:       "no retries",
			resps:      []canned{{status: 502, body: "bad gateway"}},
			maxRetries: -1,
			wantStatus: 502,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			maxRetries := tc.maxRetries
			if maxRetries == 0 {
				maxRetries = 3
			}
			if maxRetries < 0 {
				maxRetries = 0
			}
			maxWait := tc.maxWait
			if maxWait == 0 {
				maxWait = time.Minute
			}
			status, waits, bodies, log := retryRun(t, now, maxRetries, maxWait, tc.resps...)
			if status != tc.wantStatus {
				t.Errorf("status = %d, want %d", status, tc.wantStatus)
			}
			if fmt.Sprint(waits) != fmt.Sprint(tc.wantWaits) {
				t.Errorf("waits = %v, want %v", waits, tc.wantWaits)
			}
			if len(bodies) != len(tc.wantWaits)+1 {
				t.Errorf("%d requests, want %d", len(bodies), len(tc.wantWaits)+1)
			}
			for i, b := range bodies {
				if b != `{"body":"hello"}` {
					t.Errorf("request %d body = %q, want the original body replayed", i+1, b)
				}
			}
			if tc.wantLog != "" && !strings.Contains(log, tc.wantLog) {
				t.Errorf("log does not contain %q:\n%s", tc.wantLog, log)
			}
		})
	}
}

func TestRetryTransportStopsOnCancelledSleep(t *testing.T) {
	t.Parallel()
	ts := httptest.NewServer(&scripted{resps: []canned{{status: 502}}})
	defer ts.Close()
	rt := &retryTransport{
		base: ts.Client().Transport, maxRetries: 3, maxWait: time.Minute,
		sleep: func(context.Context, time.Duration) error { return context.Canceled },
		now:   time.Now,
		log:   &logger{a: githubactions.New(githubactions.WithWriter(io.Discard))},
	}
	req, _ := http.NewRequest(http.MethodGet, ts.URL, nil)
	_, err := (&http.Client{Transport: rt}).Do(req)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}
