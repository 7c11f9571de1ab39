package load

import (
	"errors"
	"math"
	"testing"
	"time"
)

func ms(n int) time.Duration { return time.Duration(n) * time.Millisecond }

func TestQuantileKnown(t *testing.T) {
	t.Parallel()
	hundred := make([]time.Duration, 100)
	for i := range hundred {
		hundred[i] = ms(i + 1)
	}
	for _, tc := range []struct {
		sorted []time.Duration
		q      float64
		want   time.Duration
	}{
		{hundred, 0.50, ms(50)},
		{hundred, 0.95, ms(95)},
		{hundred, 0.99, ms(99)},
		{hundred, 1, ms(100)},
		{hundred, 0, ms(1)},
		{hundred, 0.001, ms(1)},
		{hundred, 0.501, ms(51)},
		{hundred, 2, ms(100)},
		{hundred, -1, ms(1)},
		{hundred[:20], 0.95, ms(19)},
		{hundred[:1], 0.5, ms(1)},
		{nil, 0.5, 0},
	} {
		if got := Quantile(tc.sorted, tc.q); got != tc.want {
			t.Errorf("Quantile(n=%d, %v) = %v, want %v", len(tc.sorted), tc.q, got, tc.want)
		}
	}
}

// TestQuantileNearestRank checks the definition: the smallest value with at
// least q*n values at or below it, for q = p/1000 in exact integer arithmetic.
func TestQuantileNearestRank(t *testing.T) {
	t.Parallel()
	for n := 1; n <= 300; n++ {
		sorted := make([]time.Duration, n)
		for i := range sorted {
			sorted[i] = time.Duration(i + 1)
		}
		for p := 1; p <= 1000; p++ {
			rank := (p*n + 999) / 1000 // ceil(p*n/1000)
			if got := Quantile(sorted, float64(p)/1000); got != time.Duration(rank) {
				t.Fatalf("n=%d q=%v: got rank %d, want %d", n, float64(p)/1000, got, rank)
			}
		}
	}
}

func TestRecorderExact(t *testing.T) {
	t.Parallel()
	r := newRecorder(10)
	t0 := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range 10 {
		r.started(t0.Add(ms(100*i)), ms(i))
		o := outcomeOK
		switch i {
		case 7:
			o = outcomeError
		case 8:
			o = outcomeTimeout
		}
		r.finished(o, ms(10*(10-i)), errors.New("bad"))
	}
	r.finished(outcomeCanceled, 0, nil)
	s := r.stats(t0, ms(100))
	if s.Sent != 10 || s.OK != 8 || s.Errors != 1 || s.Timeouts != 1 || s.Canceled != 1 || s.Total() != 10 {
		t.Errorf("counts %+v", s)
	}
	if !s.Exact || len(s.Latencies) != 10 || s.Latencies[0] != ms(10) || s.Latencies[9] != ms(100) {
		t.Errorf("latencies %v exact %v, want 10ms..100ms sorted, exact", s.Latencies, s.Exact)
	}
	if s.P50 != ms(50) || s.P95 != ms(100) || s.Max != ms(100) || s.Mean != ms(55) {
		t.Errorf("p50 %v p95 %v max %v mean %v, want 50ms 100ms 100ms 55ms", s.P50, s.P95, s.Max, s.Mean)
	}
	if s.MaxLag != ms(9) || s.MeanLag != 4500*time.Microsecond {
		t.Errorf("lag max %v mean %v, want 9ms 4.5ms", s.MaxLag, s.MeanLag)
	}
	// 10 starts, the last at 900 ms, one arrival every 100 ms: exactly 10 rps.
	if s.Achieved != 10 {
		t.Errorf("achieved %v, want 10", s.Achieved)
	}
	if len(s.ErrorExamples) != 1 || s.ErrorExamples[0] != "bad" {
		t.Errorf("error examples %q, want only the error's, once", s.ErrorExamples)
	}
}

func TestRecorderErrorExamplesCapped(t *testing.T) {
	t.Parallel()
	r := newRecorder(10)
	for i := range 20 {
		r.finished(outcomeError, 0, errors.New(string(rune('a'+i))))
	}
	s := r.stats(time.Time{}, time.Second)
	if want := []string{"a", "b", "c", "d", "e"}; len(s.ErrorExamples) != len(want) || s.ErrorExamples[4] != "e" {
		t.Errorf("examples %q, want %q", s.ErrorExamples, want)
	}
}

func TestRecorderReservoirIsUniform(t *testing.T) {
	t.Parallel()
	const n, capacity = 100_000, 2_000
	r := newRecorder(capacity)
	// Increasing order is the worst case for a biased sample.
	for i := 1; i <= n; i++ {
		r.finished(outcomeOK, time.Duration(i), nil)
	}
	s := r.stats(time.Time{}, time.Second)
	if s.Exact || len(s.Latencies) != capacity {
		t.Fatalf("kept %d (exact %v), want a sample of %d", len(s.Latencies), s.Exact, capacity)
	}
	if s.Max != n || s.Mean != n/2 { // (n+1)/2 truncated
		t.Errorf("max %v mean %v, want the exact %d and %d", s.Max, s.Mean, n, n/2)
	}
	// A uniform sample's quantile q has a rank standard error of
	// sqrt(q(1-q)/capacity); allow 4 of them.
	for _, q := range []float64{0.5, 0.95, 0.99} {
		got := float64(Quantile(s.Latencies, q)) / n
		if tol := 4 * math.Sqrt(q*(1-q)/capacity); math.Abs(got-q) > tol {
			t.Errorf("sampled q%v at rank %.4f, want within %.4f", q, got, tol)
		}
	}
}
