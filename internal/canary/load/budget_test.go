package load

import (
	"fmt"
	"testing"
	"time"
)

func TestBudgetCheck(t *testing.T) {
	t.Parallel()
	s := Stats{
		OK: 190, Errors: 5, Timeouts: 5,
		P50: 20 * time.Millisecond, P95: 152500 * time.Microsecond, P99: 300 * time.Millisecond,
	}
	for _, tc := range []struct {
		name string
		b    Budget
		want string
	}{
		{"within", Budget{P50: 20 * time.Millisecond, P95: 200 * time.Millisecond, P99: time.Second, MaxErrorRate: 0.025, MaxTimeoutRate: 0.03}, "[]"},
		{"zero latencies unchecked", Budget{MaxErrorRate: 1, MaxTimeoutRate: 1}, "[]"},
		{"p95 over", Budget{P95: 150 * time.Millisecond, MaxErrorRate: 1, MaxTimeoutRate: 1}, "[p95 152.5ms > 150ms]"},
		{"all latencies over", Budget{P50: time.Millisecond, P95: time.Millisecond, P99: 42 * time.Microsecond, MaxErrorRate: 1, MaxTimeoutRate: 1},
			"[p50 20ms > 1ms p95 152.5ms > 1ms p99 300ms > 0.042ms]"},
		{"zero budget allows no failures", Budget{}, "[error_rate 2.5% (5 of 200) > 0% timeout_rate 2.5% (5 of 200) > 0%]"},
		{"error rate over", Budget{MaxErrorRate: 0.01, MaxTimeoutRate: 0.1}, "[error_rate 2.5% (5 of 200) > 1%]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := fmt.Sprint(tc.b.Check(s)); got != tc.want {
				t.Errorf("Check = %s, want %s", got, tc.want)
			}
		})
	}
}

func TestBudgetCheckNothingCompleted(t *testing.T) {
	t.Parallel()
	// Only canceled arrivals: no evidence the budget holds, even a lax one.
	vs := Budget{MaxErrorRate: 1, MaxTimeoutRate: 1}.Check(Stats{Canceled: 3})
	if len(vs) != 1 || vs[0].Name != "requests" {
		t.Errorf("Check = %v, want one requests violation", vs)
	}
}

func TestFormatDuration(t *testing.T) {
	t.Parallel()
	for d, want := range map[time.Duration]string{
		0:                         "0ms",
		1500 * time.Microsecond:   "1.5ms",
		1234567 * time.Nanosecond: "1.235ms",
		2 * time.Second:           "2000ms",
	} {
		if got := FormatDuration(d); got != want {
			t.Errorf("FormatDuration(%v) = %q, want %q", d, got, want)
		}
	}
}
