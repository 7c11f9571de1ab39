package load

import (
	"context"
	"testing"
	"time"
)

// BenchmarkRunDispatch measures the generator's own cost per arrival with a
// request that does nothing: scheduling, hand-off, timeout context, recording.
func BenchmarkRunDispatch(b *testing.B) {
	const rate = 1e7 // arrivals are always due: no sleeping
	opt := Options{Rate: rate, Duration: time.Duration(b.N) * 100 * time.Nanosecond, Concurrency: 64}
	b.ReportAllocs()
	b.ResetTimer()
	s, err := Run(context.Background(), opt, func(context.Context) error { return nil })
	if err != nil {
		b.Fatal(err)
	}
	if s.OK+s.Timeouts != b.N {
		b.Fatalf("completed %d of %d", s.OK+s.Timeouts, b.N)
	}
}

// BenchmarkRecorderFinished measures recording one outcome under contention,
// past the reservoir's capacity.
func BenchmarkRecorderFinished(b *testing.B) {
	r := newRecorder(1000)
	b.RunParallel(func(pb *testing.PB) {
		var d time.Duration
		for pb.Next() {
			d++
			r.finished(outcomeOK, d, nil)
		}
	})
}
