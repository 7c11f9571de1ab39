package load

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sync"
	"time"
)

// Request makes one call to the service under load; the caller binds the
// protocol and the example. It must honour ctx, which carries the arrival's
// timeout, and return an error for a failed call (a transport error, a bad
// status, an unreadable answer). It is called from many goroutines at once.
type Request func(ctx context.Context) error

// Run sends requests at opt.Rate for opt.Duration, at most opt.Concurrency at
// a time, and waits for every scheduled arrival to be answered, to fail or to
// time out. It returns an error for invalid options; when ctx ends first it
// stops scheduling, cancels the requests in flight and returns the stats
// gathered so far with an error wrapping ctx.Err().
func Run(ctx context.Context, opt Options, req Request) (Stats, error) {
	opt, err := opt.withDefaults()
	if err != nil {
		return Stats{}, err
	}
	if req == nil {
		return Stats{}, errors.New("load: no request function")
	}
	interval := time.Duration(min(float64(time.Second)/opt.Rate, float64(math.MaxInt64/2)))
	rec := newRecorder(opt.MaxSamples)
	arrivals := make(chan time.Time) // unbuffered: a send waits for a free slot
	var wg sync.WaitGroup
	for range opt.Concurrency {
		wg.Go(func() {
			for scheduled := range arrivals {
				serve(ctx, opt, req, rec, scheduled)
			}
		})
	}

	t0 := opt.Now()
	scheduled, sleepErr := schedule(ctx, opt, t0, arrivals)
	close(arrivals)
	wg.Wait()
	s := rec.stats(t0, interval)

	switch {
	case ctx.Err() != nil && (sleepErr != nil || s.Canceled > 0):
		return s, fmt.Errorf("load run interrupted after %d of %d arrivals: %w",
			scheduled, arrivalCount(opt), ctx.Err())
	case sleepErr != nil:
		return s, fmt.Errorf("load run: waiting for arrival %d: %w", scheduled+1, sleepErr)
	}
	return s, nil
}

// timerSlack is how early the scheduler wakes before an arrival. Go timers
// fire up to about a millisecond late (sub-millisecond sleeps round up to one
// when the process is idle), so sleeping to the exact time would add that
// delay to every latency measured from the schedule.
const timerSlack = time.Millisecond

// schedule hands arrival i to a worker at t0 + i/Rate until the schedule ends
// or ctx is done, and returns how many arrivals it handed over. The error is
// that of Sleep or of ctx.
func schedule(ctx context.Context, opt Options, t0 time.Time, arrivals chan<- time.Time) (int, error) {
	for i := 0; ; i++ {
		offset := float64(i) * float64(time.Second) / opt.Rate
		if offset >= float64(opt.Duration) {
			return i, nil
		}
		at := t0.Add(time.Duration(offset))
		if d := at.Sub(opt.Now()) - timerSlack; d > 0 {
			if err := opt.Sleep(ctx, d); err != nil {
				return i, err
			}
		}
		// Arrivals due within timerSlack are handed over without sleeping,
		// so a generator that woke late catches up instead of drifting.
		select {
		case arrivals <- at:
		case <-ctx.Done():
			return i, ctx.Err()
		}
	}
}

// arrivalCount returns the number of arrivals in the schedule: every i with
// i/Rate < Duration.
func arrivalCount(opt Options) int {
	n := int(math.Ceil(opt.Rate * opt.Duration.Seconds()))
	// Correct float rounding at the boundary the same way schedule decides it.
	for n > 0 && float64(n-1)*float64(time.Second)/opt.Rate >= float64(opt.Duration) {
		n--
	}
	for float64(n)*float64(time.Second)/opt.Rate < float64(opt.Duration) {
		n++
	}
	return n
}

// serve runs one arrival scheduled at the given time and records its outcome.
func serve(ctx context.Context, opt Options, req Request, rec *recorder, scheduled time.Time) {
	start := opt.Now()
	if ctx.Err() != nil {
		rec.finished(outcomeCanceled, 0, nil)
		return
	}
	// Latency counts from the scheduled time, or from the start of a request
	// sent up to timerSlack early.
	from := scheduled
	if start.Before(scheduled) {
		from = start
	}
	lag := start.Sub(from)
	remaining := opt.Timeout - lag
	if remaining <= 0 {
		// Its time ran out while it waited for a slot: never sent.
		rec.finished(outcomeTimeout, lag, nil)
		return
	}
	onTime := start // for Achieved, an early start counts as on time
	if onTime.Before(scheduled) {
		onTime = scheduled
	}
	rec.started(onTime, lag)
	rctx, cancel := context.WithTimeout(ctx, remaining)
	err := req(rctx)
	deadlineHit := errors.Is(rctx.Err(), context.DeadlineExceeded)
	cancel()
	latency := opt.Now().Sub(from)
	rec.finished(classify(ctx, err, deadlineHit, latency, opt.Timeout), latency, err)
}

// classify decides how a sent request ended.
func classify(ctx context.Context, err error, deadlineHit bool, latency, timeout time.Duration) outcome {
	switch {
	case err == nil && latency <= timeout:
		return outcomeOK
	case err != nil && ctx.Err() != nil:
		return outcomeCanceled
	case err == nil, deadlineHit, errors.Is(err, context.DeadlineExceeded):
		return outcomeTimeout
	}
	return outcomeError
}
