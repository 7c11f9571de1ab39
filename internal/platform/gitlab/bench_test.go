package gitlab

import (
	"context"
	"errors"
	"strconv"
	"testing"
	"time"

	"github.com/mlgate/mlgate/internal/clock"

	"github.com/mlgate/mlgate/internal/platform"
	"github.com/mlgate/mlgate/internal/platform/gitlab/gitlabtest"
	"github.com/mlgate/mlgate/internal/result"
)

// BenchmarkPublishUpdate measures one publish that scans 10 pages of notes
// (1,000 notes, ours the oldest) and finds the note unchanged.
func BenchmarkPublishUpdate(b *testing.B) {
	h := newHarness(b)
	h.fake.AddNote(botUser, platform.Marker(DefaultKey)+"\nsame", false)
	for i := range 999 {
		h.fake.AddNote("reviewer", "comment "+strconv.Itoa(i), false)
	}
	p := h.publisher(nil)
	r := report(result.Pass, "same")
	b.ResetTimer()
	for b.Loop() {
		if err := p.Publish(context.Background(), r); err != nil {
			b.Fatal(err)
		}
	}
}

func TestSleepTimerStopsOnCancel(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := clock.Sleep(ctx, time.Hour); !errors.Is(err, context.Canceled) {
		t.Errorf("clock.Sleep on a canceled context = %v, want context.Canceled", err)
	}
	if err := clock.Sleep(context.Background(), time.Millisecond); err != nil {
		t.Errorf("clock.Sleep = %v, want nil", err)
	}
}

func TestPublishStopsWhenSleepFails(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.fake.Inject("list", gitlabtest.Fault{Status: 503})
	p := h.publisher(func(o *Options) {
		o.Sleep = func(ctx context.Context, _ time.Duration) error { return context.Canceled }
	})
	err := p.Publish(context.Background(), report(result.Pass, "x"))
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Publish error = %v, want context.Canceled from the wait", err)
	}
	if got := h.fake.Count("GET", "/notes"); got != 1 {
		t.Errorf("list requests = %d, want 1 (no retry after a failed wait)", got)
	}
}
