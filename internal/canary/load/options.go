package load

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/mlgate/mlgate/internal/clock"
)

// Defaults applied by [Run] to zero [Options] fields.
const (
	DefaultConcurrency = 256
	DefaultTimeout     = 10 * time.Second
	DefaultMaxSamples  = 100_000
	// MaxArrivals bounds Rate*Duration, the number of arrivals one run may schedule.
	MaxArrivals = 100_000_000
)

// Options configures one load run.
type Options struct {
	// Rate is the arrival rate in requests per second. Arrival i is scheduled
	// at t0 + i/Rate for every i with i/Rate < Duration, so a run schedules
	// ceil(Rate*Duration) arrivals. Arrivals do not wait for responses.
	Rate float64
	// Duration is the length of the arrival schedule. The run lasts longer by
	// at most Timeout, while the last arrivals are answered.
	Duration time.Duration
	// Concurrency caps the requests in flight; 0 means [DefaultConcurrency].
	// An arrival that finds no free slot waits for one, and its latency (and
	// its timeout) still count from its scheduled time.
	Concurrency int
	// Timeout is how long an arrival may wait for its answer, counted from its
	// scheduled time, so time spent waiting for a slot counts; 0 means
	// [DefaultTimeout]. An arrival whose time is up before a slot frees is a
	// timeout without being sent. This bounds a run to Duration + Timeout.
	Timeout time.Duration
	// MaxSamples caps the latencies kept for quantiles and [Stats.Latencies];
	// 0 means [DefaultMaxSamples].
	MaxSamples int
	// Now returns the current time; nil means time.Now. It is called from
	// many goroutines and must be safe for concurrent use.
	Now func() time.Time
	// Sleep waits for d or until ctx is done, returning ctx.Err() then; nil
	// means a time.Timer-based sleep.
	Sleep func(ctx context.Context, d time.Duration) error
}

// withDefaults validates o and fills its zero fields.
func (o Options) withDefaults() (Options, error) {
	var errs []error
	if !(o.Rate > 0) || math.IsInf(o.Rate, 0) {
		errs = append(errs, fmt.Errorf("rate must be a positive number of requests per second, got %v", o.Rate))
	}
	if o.Duration <= 0 {
		errs = append(errs, fmt.Errorf("duration must be positive, got %v", o.Duration))
	}
	if o.Concurrency < 0 {
		errs = append(errs, fmt.Errorf("concurrency must be 0 (default %d) or positive, got %d", DefaultConcurrency, o.Concurrency))
	}
	if o.Timeout < 0 {
		errs = append(errs, fmt.Errorf("timeout must be 0 (default %v) or positive, got %v", DefaultTimeout, o.Timeout))
	}
	if o.MaxSamples < 0 {
		errs = append(errs, fmt.Errorf("max samples must be 0 (default %d) or positive, got %d", DefaultMaxSamples, o.MaxSamples))
	}
	if len(errs) == 0 && o.Rate*o.Duration.Seconds() > MaxArrivals {
		errs = append(errs, fmt.Errorf("rate %v for %v schedules more than %d arrivals", o.Rate, o.Duration, MaxArrivals))
	}
	if len(errs) > 0 {
		return o, fmt.Errorf("load options: %w", errors.Join(errs...))
	}
	o.Concurrency = cmp.Or(o.Concurrency, DefaultConcurrency)
	o.Timeout = cmp.Or(o.Timeout, DefaultTimeout)
	o.MaxSamples = cmp.Or(o.MaxSamples, DefaultMaxSamples)
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Sleep == nil {
		o.Sleep = clock.Sleep
	}
	return o, nil
}
