package load

import (
	"math"
	"slices"
	"time"
)

// Stats summarises one load run.
//
// Every arrival of the schedule ends as exactly one of OK, Errors, Timeouts
// or Canceled. Latencies, quantiles and Mean cover the completed arrivals
// (OK, Errors and Timeouts), each measured from its scheduled time (or from
// when it was sent, for a request sent up to a millisecond early: see the
// package doc); a timeout's latency is the time it was waited for, at least
// the timeout.
type Stats struct {
	// Sent counts requests actually started.
	Sent int
	// OK counts requests that returned no error within the timeout.
	OK int
	// Errors counts requests that returned an error before the timeout.
	Errors int
	// Timeouts counts arrivals not answered within the timeout of their
	// scheduled time, including those whose time ran out before a slot freed
	// (these were never sent).
	Timeouts int
	// Canceled counts arrivals interrupted because the run's context ended.
	Canceled int
	// P50, P95 and P99 are nearest-rank latency quantiles.
	P50, P95, P99 time.Duration
	// Max and Mean are the largest and the mean latency, always exact.
	Max, Mean time.Duration
	// Achieved is the rate at which requests were actually started, per
	// second: Sent over the time from the first scheduled arrival to the last
	// start, plus one arrival interval. It equals Rate when every arrival
	// started on time.
	Achieved float64
	// MaxLag and MeanLag measure how late requests started relative to their
	// scheduled time, waiting for a slot or for the generator itself.
	MaxLag, MeanLag time.Duration
	// Latencies holds the latencies the quantiles were computed from, sorted
	// ascending: all of them, or a uniform random sample of
	// [Options.MaxSamples] when more arrivals completed (see Exact).
	Latencies []time.Duration
	// Exact reports whether Latencies holds every completed arrival, so the
	// quantiles are exact.
	Exact bool
	// ErrorExamples holds up to 5 distinct messages of failed requests (not
	// timeouts), in order of first occurrence. They are the Request's own
	// errors: a Request must not put secrets in them.
	ErrorExamples []string
}

// Total returns the number of completed arrivals: OK + Errors + Timeouts.
func (s Stats) Total() int { return s.OK + s.Errors + s.Timeouts }

// ErrorRate returns Errors / Total, or 0 when nothing completed.
func (s Stats) ErrorRate() float64 { return ratio(s.Errors, s.Total()) }

// TimeoutRate returns Timeouts / Total, or 0 when nothing completed.
func (s Stats) TimeoutRate() float64 { return ratio(s.Timeouts, s.Total()) }

func ratio(n, d int) float64 {
	if d == 0 {
		return 0
	}
	return float64(n) / float64(d)
}

// Quantile returns the nearest-rank q-quantile of sorted, an ascending slice:
// the smallest value with at least q of the values at or below it. It returns
// 0 for an empty slice; q is clamped to [0, 1].
func Quantile(sorted []time.Duration, q float64) time.Duration {
	n := len(sorted)
	if n == 0 {
		return 0
	}
	// The epsilon keeps q*n that is an integer in exact arithmetic (0.95*100)
	// from rounding up to the next rank.
	i := int(math.Ceil(q*float64(n)-1e-9)) - 1
	return sorted[max(0, min(i, n-1))]
}

// fillQuantiles sorts s.Latencies and sets the quantiles from it.
func (s *Stats) fillQuantiles() {
	slices.Sort(s.Latencies)
	s.P50 = Quantile(s.Latencies, 0.50)
	s.P95 = Quantile(s.Latencies, 0.95)
	s.P99 = Quantile(s.Latencies, 0.99)
}
