package load

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// newServer starts a loopback server running h and returns it with a client
// that keeps enough idle connections for the rates under test.
func newServer(t *testing.T, h http.HandlerFunc) (*httptest.Server, *http.Client) {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	c := srv.Client()
	tr := c.Transport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = 512
	t.Cleanup(tr.CloseIdleConnections)
	return srv, &http.Client{Transport: tr}
}

// get returns a Request that GETs url and fails on a status other than 200.
func get(c *http.Client, url string) Request {
	return func(ctx context.Context) error {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			return err
		}
		resp, err := c.Do(req)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		if _, err := io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20)); err != nil {
			return fmt.Errorf("reading response: %w", err)
		}
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("status %d", resp.StatusCode)
		}
		return nil
	}
}

// within reports whether got is within frac of want.
func within(got, want, frac float64) bool {
	return math.Abs(got-want) <= frac*want
}

// inflight tracks the requests a server is handling at once.
type inflight struct {
	mu       sync.Mutex
	now, max int
}

func (f *inflight) enter() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.now++
	f.max = max(f.max, f.now)
}

func (f *inflight) leave() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.now--
}

func (f *inflight) peak() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.max
}

func TestRunRate(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var first, last time.Time
	var hits int
	srv, c := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		now := time.Now()
		mu.Lock()
		if hits == 0 {
			first = now
		}
		last = now
		hits++
		mu.Unlock()
	})
	s, err := Run(t.Context(), Options{Rate: 200, Duration: 2 * time.Second}, get(c, srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	if !within(float64(s.Sent), 400, 0.02) || s.OK != s.Sent || s.Errors+s.Timeouts+s.Canceled != 0 {
		t.Errorf("sent %d ok %d errors %d timeouts %d canceled %d, want 400 ±2%% sent, all ok",
			s.Sent, s.OK, s.Errors, s.Timeouts, s.Canceled)
	}
	if !within(s.Achieved, 200, 0.02) {
		t.Errorf("achieved %.2f rps, want 200 ±2%%", s.Achieved)
	}
	mu.Lock()
	defer mu.Unlock()
	if hits != s.Sent {
		t.Errorf("server saw %d requests, stats say %d sent", hits, s.Sent)
	}
	// Spread over the schedule, not sent in a burst: first to last is 1.995 s.
	if span := last.Sub(first); !within(span.Seconds(), 1.995, 0.02) {
		t.Errorf("requests reached the server over %v, want about 1.995s", span)
	}
	if len(s.Latencies) != s.Sent || !s.Exact {
		t.Errorf("kept %d latencies (exact %v) of %d", len(s.Latencies), s.Exact, s.Sent)
	}
}

func TestRunOpenLoop(t *testing.T) {
	t.Parallel()
	const service = 300 * time.Millisecond
	var f inflight
	srv, c := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		f.enter()
		defer f.leave()
		time.Sleep(service)
	})
	s, err := Run(t.Context(), Options{Rate: 50, Duration: time.Second}, get(c, srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	// A closed-loop client would wait for each answer and send about 4 requests
	// a second; open loop keeps sending at 50 rps, 15 at once at 300 ms each.
	if s.Sent != 50 || s.OK != 50 {
		t.Errorf("sent %d ok %d, want 50 and 50", s.Sent, s.OK)
	}
	if !within(s.Achieved, 50, 0.02) {
		t.Errorf("achieved %.2f rps, want 50 ±2%%", s.Achieved)
	}
	if p := f.peak(); p < 14 {
		t.Errorf("server saw at most %d requests at once, want about 15", p)
	}
	if s.Latencies[0] < service || s.P50 > service+100*time.Millisecond {
		t.Errorf("latencies from %v, p50 %v; want all >= %v, p50 near it", s.Latencies[0], s.P50, service)
	}
}

func TestRunConcurrencyCapCountsWaiting(t *testing.T) {
	t.Parallel()
	const service = 100 * time.Millisecond
	var f inflight
	srv, c := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		f.enter()
		defer f.leave()
		time.Sleep(service)
	})
	// 20 arrivals over 0.5 s, but 2 slots serve only 20 rps: the last arrival,
	// scheduled at 475 ms, starts near 900 ms and ends near 1 s.
	s, err := Run(t.Context(), Options{Rate: 40, Duration: 500 * time.Millisecond, Concurrency: 2}, get(c, srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	if p := f.peak(); p != 2 {
		t.Errorf("server saw at most %d requests at once, want the cap 2", p)
	}
	if s.Sent != 20 || s.OK != 20 {
		t.Errorf("sent %d ok %d, want 20 and 20", s.Sent, s.OK)
	}
	// Latency counts from the schedule, so the wait for a slot shows.
	if s.Max < 450*time.Millisecond || s.MaxLag < 350*time.Millisecond {
		t.Errorf("max latency %v, max lag %v; want >= 450ms and >= 350ms (service time is only %v)", s.Max, s.MaxLag, service)
	}
	if s.Achieved > 0.8*40 {
		t.Errorf("achieved %.1f rps, want well below the 40 scheduled (the cap allows 20)", s.Achieved)
	}
}

func TestRunTimeouts(t *testing.T) {
	t.Parallel()
	srv, c := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(2 * time.Second):
		case <-r.Context().Done():
		}
	})
	const timeout = 100 * time.Millisecond
	s, err := Run(t.Context(), Options{Rate: 20, Duration: 500 * time.Millisecond, Timeout: timeout}, get(c, srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	if s.Sent != 10 || s.Timeouts != 10 || s.OK+s.Errors+s.Canceled != 0 {
		t.Errorf("sent %d timeouts %d ok %d errors %d canceled %d, want 10 sent, 10 timeouts",
			s.Sent, s.Timeouts, s.OK, s.Errors, s.Canceled)
	}
	if s.TimeoutRate() != 1 || s.ErrorRate() != 0 {
		t.Errorf("timeout rate %v error rate %v, want 1 and 0", s.TimeoutRate(), s.ErrorRate())
	}
	if s.Latencies[0] < timeout || s.Max > timeout+150*time.Millisecond {
		t.Errorf("latencies %v..%v, want from %v to shortly after", s.Latencies[0], s.Max, timeout)
	}
}

func TestRunTimeoutWhileWaitingForSlot(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	// A request that ignores its context and answers late, holding the only slot.
	slow := func(ctx context.Context) error {
		calls.Add(1)
		time.Sleep(300 * time.Millisecond)
		return nil
	}
	s, err := Run(t.Context(), Options{Rate: 100, Duration: 100 * time.Millisecond, Concurrency: 1, Timeout: 100 * time.Millisecond}, slow)
	if err != nil {
		t.Fatal(err)
	}
	// The first answers after its timeout; the other 9 expire in the queue.
	if s.Sent != 1 || calls.Load() != 1 || s.Timeouts != 10 || s.OK != 0 {
		t.Errorf("sent %d (calls %d) timeouts %d ok %d, want 1 sent, 10 timeouts", s.Sent, calls.Load(), s.Timeouts, s.OK)
	}
	if s.Latencies[0] < 100*time.Millisecond {
		t.Errorf("shortest latency %v, want at least the timeout", s.Latencies[0])
	}
}

func TestRunErrors(t *testing.T) {
	t.Parallel()
	var n atomic.Int32
	srv, c := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1)%4 == 0 {
			http.Error(w, "boom", http.StatusInternalServerError)
		}
	})
	s, err := Run(t.Context(), Options{Rate: 200, Duration: 500 * time.Millisecond}, get(c, srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	if s.Sent != 100 || s.Errors != 25 || s.OK != 75 || s.Timeouts != 0 {
		t.Errorf("sent %d errors %d ok %d timeouts %d, want 100, 25, 75, 0", s.Sent, s.Errors, s.OK, s.Timeouts)
	}
	if s.ErrorRate() != 0.25 {
		t.Errorf("error rate %v, want 0.25", s.ErrorRate())
	}
	if len(s.ErrorExamples) != 1 || s.ErrorExamples[0] != "status 500" {
		t.Errorf("error examples %q, want [status 500]", s.ErrorExamples)
	}
}

func TestRunConnectionRefused(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close() // nothing listens there any more
	s, err := Run(t.Context(), Options{Rate: 100, Duration: 100 * time.Millisecond}, get(http.DefaultClient, url))
	if err != nil {
		t.Fatal(err)
	}
	if s.Errors != 10 || s.OK != 0 || len(s.ErrorExamples) == 0 || !strings.Contains(s.ErrorExamples[0], "refused") {
		t.Errorf("errors %d ok %d examples %q, want 10 connection refused", s.Errors, s.OK, s.ErrorExamples)
	}
}

func TestRunQuantiles(t *testing.T) {
	t.Parallel()
	var n atomic.Int32
	// Request k is delayed k ms, k = 1..100: the latency quantiles are known.
	srv, c := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(time.Duration(n.Add(1)) * time.Millisecond)
	})
	s, err := Run(t.Context(), Options{Rate: 100, Duration: time.Second}, get(c, srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	if s.OK != 100 {
		t.Fatalf("ok %d, want 100", s.OK)
	}
	const slack = 15 * time.Millisecond // loopback, scheduling and the race detector
	for _, q := range []struct {
		name      string
		got, want time.Duration
	}{
		{"p50", s.P50, 50 * time.Millisecond},
		{"p95", s.P95, 95 * time.Millisecond},
		{"p99", s.P99, 99 * time.Millisecond},
		{"max", s.Max, 100 * time.Millisecond},
		{"mean", s.Mean, 50500 * time.Microsecond},
	} {
		if q.got < q.want || q.got > q.want+slack {
			t.Errorf("%s = %v, want %v (+%v)", q.name, q.got, q.want, slack)
		}
	}
}

func TestRunCancel(t *testing.T) {
	t.Parallel()
	srv, c := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(5 * time.Second):
		case <-r.Context().Done():
		}
	})
	ctx, cancel := context.WithTimeout(t.Context(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	s, err := Run(ctx, Options{Rate: 100, Duration: 10 * time.Second}, get(c, srv.URL))
	if elapsed := time.Since(start); elapsed > time.Second {
		t.Errorf("Run returned %v after the context ended, want promptly", elapsed-200*time.Millisecond)
	}
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "of 1000 arrivals") {
		t.Errorf("err = %v, want an interruption wrapping the context's error", err)
	}
	if s.Canceled == 0 || s.Sent > 30 || s.OK != 0 {
		t.Errorf("sent %d canceled %d ok %d, want about 20 sent, in-flight ones canceled", s.Sent, s.Canceled, s.OK)
	}
}

// fakeClock is a clock that moves only when slept on.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	return ctx.Err()
}

func TestRunSchedule(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		rate     float64
		duration time.Duration
		want     []time.Duration
	}{
		{4, time.Second, []time.Duration{0, 250 * time.Millisecond, 500 * time.Millisecond, 750 * time.Millisecond}},
		{3, time.Second, []time.Duration{0, 333333333, 666666666}},
		{2.5, time.Second, []time.Duration{0, 400 * time.Millisecond, 800 * time.Millisecond}},
		{0.5, time.Second, []time.Duration{0}},
	} {
		t.Run(fmt.Sprint(tc.rate), func(t *testing.T) {
			t.Parallel()
			clock := &fakeClock{now: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}
			t0 := clock.now
			var got []time.Duration
			done := make(chan struct{}, 1)
			req := func(ctx context.Context) error {
				got = append(got, clock.Now().Sub(t0))
				done <- struct{}{}
				return nil
			}
			// Time moves on only once the previous request has started, so
			// each request sees the clock at its own scheduled time.
			sleep := func(ctx context.Context, d time.Duration) error {
				<-done
				return clock.Sleep(ctx, d)
			}
			s, err := Run(t.Context(), Options{Rate: tc.rate, Duration: tc.duration, Concurrency: 1, Now: clock.Now, Sleep: sleep}, req)
			if err != nil {
				t.Fatal(err)
			}
			// The scheduler wakes timerSlack early and sends at once.
			want := make([]time.Duration, len(tc.want))
			for i, w := range tc.want {
				want[i] = max(0, w-timerSlack)
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("requests at %v, want %v", got, want)
			}
			if n := arrivalCount(Options{Rate: tc.rate, Duration: tc.duration}); n != len(tc.want) {
				t.Errorf("arrivalCount = %d, want %d", n, len(tc.want))
			}
			if !within(s.Achieved, tc.rate, 1e-6) || s.MaxLag != 0 {
				t.Errorf("achieved %v max lag %v, want %v exactly on time", s.Achieved, s.MaxLag, tc.rate)
			}
		})
	}
}

func TestRunSleepError(t *testing.T) {
	t.Parallel()
	boom := errors.New("clock broke")
	_, err := Run(t.Context(), Options{Rate: 10, Duration: time.Second,
		Sleep: func(context.Context, time.Duration) error { return boom }},
		func(context.Context) error { return nil })
	if !errors.Is(err, boom) || !strings.Contains(err.Error(), "arrival 2") {
		t.Errorf("err = %v, want it to wrap the sleep error and name arrival 2", err)
	}
}

func TestRunInvalidOptions(t *testing.T) {
	t.Parallel()
	ok := func(context.Context) error { return nil }
	for _, tc := range []struct {
		name string
		opt  Options
		req  Request
		want string
	}{
		{"zero rate", Options{Duration: time.Second}, ok, "rate must be a positive"},
		{"negative rate", Options{Rate: -1, Duration: time.Second}, ok, "rate must be a positive"},
		{"NaN rate", Options{Rate: math.NaN(), Duration: time.Second}, ok, "rate must be a positive"},
		{"infinite rate", Options{Rate: math.Inf(1), Duration: time.Second}, ok, "rate must be a positive"},
		{"zero duration", Options{Rate: 1}, ok, "duration must be positive"},
		{"negative concurrency", Options{Rate: 1, Duration: time.Second, Concurrency: -1}, ok, "concurrency must be"},
		{"negative timeout", Options{Rate: 1, Duration: time.Second, Timeout: -1}, ok, "timeout must be"},
		{"negative samples", Options{Rate: 1, Duration: time.Second, MaxSamples: -1}, ok, "max samples must be"},
		{"too many arrivals", Options{Rate: 1e9, Duration: time.Hour}, ok, "more than 100000000 arrivals"},
		{"nil request", Options{Rate: 1, Duration: time.Second}, nil, "no request function"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := Run(t.Context(), tc.opt, tc.req)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want one containing %q", err, tc.want)
			}
		})
	}
}
