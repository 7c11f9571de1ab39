package load

import (
	"math/rand/v2"
	"slices"
	"sync"
	"time"
)

// outcome is how one arrival ended.
type outcome int

const (
	outcomeOK outcome = iota
	outcomeError
	outcomeTimeout
	outcomeCanceled
)

// recorder accumulates the outcomes of a run; it is safe for concurrent use.
type recorder struct {
	mu       sync.Mutex
	rng      *rand.Rand
	capacity int
	seen     int // latencies offered to the reservoir
	sample   []time.Duration
	sum      time.Duration
	max      time.Duration
	counts   [4]int
	sent     int
	lagSum   time.Duration
	lagMax   time.Duration
	last     time.Time // latest start
	errors   []string  // distinct error messages, at most maxErrorExamples
}

// maxErrorExamples caps [Stats.ErrorExamples].
const maxErrorExamples = 5

func newRecorder(capacity int) *recorder {
	return &recorder{
		// A fixed seed: runs are reproducible given the same outcomes, and no
		// global random state is touched.
		rng:      rand.New(rand.NewPCG(0x6d6c67617465, 0x6c6f6164)),
		capacity: capacity,
		sample:   make([]time.Duration, 0, min(capacity, 1<<16)),
	}
}

// started records a request started at t, lag after its scheduled time.
func (r *recorder) started(t time.Time, lag time.Duration) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.sent++
	r.lagSum += lag
	r.lagMax = max(r.lagMax, lag)
	if t.After(r.last) {
		r.last = t
	}
}

// finished records how an arrival ended, the error of a failed request and,
// unless the arrival was canceled, its latency from its scheduled time.
func (r *recorder) finished(o outcome, latency time.Duration, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.counts[o]++
	if o == outcomeError && err != nil && len(r.errors) < maxErrorExamples {
		if msg := err.Error(); !slices.Contains(r.errors, msg) {
			r.errors = append(r.errors, msg)
		}
	}
	if o == outcomeCanceled {
		return
	}
	r.sum += latency
	r.max = max(r.max, latency)
	r.seen++
	// Algorithm R: after the reservoir is full, the k-th latency replaces a
	// random slot with probability capacity/k, keeping a uniform sample.
	if len(r.sample) < r.capacity {
		r.sample = append(r.sample, latency)
	} else if j := r.rng.IntN(r.seen); j < r.capacity {
		r.sample[j] = latency
	}
}

// stats summarises the run whose first arrival was scheduled at t0, with
// interval between arrivals.
func (r *recorder) stats(t0 time.Time, interval time.Duration) Stats {
	r.mu.Lock()
	defer r.mu.Unlock()
	s := Stats{
		Sent:          r.sent,
		OK:            r.counts[outcomeOK],
		Errors:        r.counts[outcomeError],
		Timeouts:      r.counts[outcomeTimeout],
		Canceled:      r.counts[outcomeCanceled],
		Max:           r.max,
		MaxLag:        r.lagMax,
		Latencies:     append([]time.Duration(nil), r.sample...),
		ErrorExamples: slices.Clone(r.errors),
		Exact:         r.seen <= r.capacity,
	}
	if r.seen > 0 {
		s.Mean = r.sum / time.Duration(r.seen)
	}
	if r.sent > 0 {
		s.MeanLag = r.lagSum / time.Duration(r.sent)
		if window := r.last.Sub(t0) + interval; window > 0 {
			s.Achieved = float64(r.sent) / window.Seconds()
		}
	}
	s.fillQuantiles()
	return s
}
