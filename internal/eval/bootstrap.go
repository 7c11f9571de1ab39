package eval

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
)

// Options configures the bootstrap of [Evaluate] and [Compare].
type Options struct {
	// Resamples is the number of bootstrap resamples; 0 means 1000.
	Resamples int
	// Seed makes the resamples reproducible; 0 means 1.
	Seed uint64
	// Level is the confidence level of the intervals, in (0, 1); 0 means 0.95.
	Level float64
}

// withDefaults fills in the defaults and checks the ranges.
func (o Options) withDefaults() (Options, error) {
	if o.Resamples == 0 {
		o.Resamples = 1000
	}
	if o.Seed == 0 {
		o.Seed = 1
	}
	if o.Level == 0 {
		o.Level = 0.95
	}
	if o.Resamples < 0 {
		return o, fmt.Errorf("resamples must be positive, got %d", o.Resamples)
	}
	if !(o.Level > 0 && o.Level < 1) {
		return o, fmt.Errorf("confidence level must be in (0, 1), got %v", o.Level)
	}
	return o, nil
}

// resample runs resamples [0, n) on all cores. work returns, once per
// goroutine, the function that consumes the weights of resample r; the
// weights of cell i are Poisson(counts[i]) from a stream seeded from
// (seed, r) only, so the results do not depend on scheduling.
func resample(ctx context.Context, counts []uint32, n int, seed uint64, work func() func(r int, w []uint32)) error {
	return resampleOn(ctx, runtime.GOMAXPROCS(0), counts, n, seed, work)
}

// resampleOn is resample on the given number of goroutines.
func resampleOn(ctx context.Context, workers int, counts []uint32, n int, seed uint64, work func() func(r int, w []uint32)) error {
	workers = max(1, min(workers, n))
	ws := newWeights(counts)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fn := work()
			w := make([]uint32, len(counts))
			var s sampler
			for {
				r := int(next.Add(1) - 1)
				if r >= n || ctx.Err() != nil {
					return
				}
				s.seed(seed, r)
				s.draw(ws, w)
				fn(r, w)
			}
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("bootstrap: %w", err)
	}
	return nil
}

// Resamples run in batches over chunks of cells: a worker passes each
// resample of its batch over one chunk before moving to the next chunk,
// so the chunk's cell data is read from memory once per batch rather than
// once per resample.
const (
	chunkCells = 2048 // cells per chunk; a chunk's data fits in the L2 cache
	batchSize  = 8    // resamples per batch
)

// sliceGroups.order holds an index in the chunk in 15 bits.
var _ [1<<15 - chunkCells]struct{}

// bootstrap runs resamples [0, n) of e on the given number of
// goroutines; done gets the sums of resample r (which it must not keep).
// The weights of cell i are Poisson(counts[i]) from a stream seeded from
// (seed, r) only, drawn in cell order, so the results do not depend on
// scheduling.
func (e *engine) bootstrap(ctx context.Context, workers int, counts []uint32, n int, seed uint64, done func(r int, s *stats)) error {
	workers = max(1, min(workers, (n+batchSize-1)/batchSize))
	ws := newWeights(counts)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var (
				st  [batchSize]*stats
				smp [batchSize]sampler
				buf [chunkCells]uint32
			)
			for b := range st {
				st[b] = e.newStats()
			}
			for {
				r0 := int(next.Add(batchSize) - batchSize)
				if r0 >= n || ctx.Err() != nil {
					return
				}
				m := min(batchSize, n-r0)
				for b := range m {
					st[b].reset()
					smp[b].seed(seed, r0+b)
				}
				for lo := 0; lo < e.n; lo += chunkCells {
					hi := min(lo+chunkCells, e.n)
					for b := range m {
						smp[b].fill(ws, lo, buf[:hi-lo])
						e.pass(st[b], lo, hi, &buf)
					}
				}
				for b := range m {
					e.finish(st[b])
					done(r0+b, st[b])
				}
			}
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("bootstrap: %w", err)
	}
	return nil
}

// percentileInterval returns the central interval of the given level of
// the defined (non-NaN) values, which it sorts in place, with the
// quantiles interpolated linearly (numpy's default). It is undefined
// (NaN, NaN) when fewer than half of the total values are defined.
func percentileInterval(values []float64, total int, level float64) (lo, hi float64) {
	values = slices.DeleteFunc(values, math.IsNaN)
	if len(values) == 0 || 2*len(values) < total {
		return math.NaN(), math.NaN()
	}
	slices.Sort(values)
	alpha := (1 - level) / 2
	return quantile(values, alpha), quantile(values, 1-alpha)
}

// quantile of sorted x with linear interpolation.
func quantile(x []float64, q float64) float64 {
	h := q * float64(len(x)-1)
	i := int(math.Floor(h))
	if i >= len(x)-1 {
		return x[len(x)-1]
	}
	return x[i] + (h-float64(i))*(x[i+1]-x[i])
}
