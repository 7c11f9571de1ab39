package gate

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/mlgate/mlgate/internal/result"
)

// TestFairnessGapIsCaught is the verdict-quality target for slices:
// a 10-point recall gap on one slice of 1,000 examples is caught by
// "recall: slice=group, max_gap=0.05" in at least 95% of 1,000 simulated
// evaluations (fixed seed).
//
// Each simulation draws four slices of 1,000 examples with balanced labels;
// the model's recall is 0.80 on three slices and 0.70 on one, and it has a
// false-positive rate of 0.1 everywhere. The per-slice recall is computed
// from the draws and written as mlgate eval writes it; the gate judges it.
// For contrast, with no real gap the rule must fail far less often. It
// does fail sometimes (about 18% here): max_gap judges point estimates, and
// the range of four recalls measured on ~500 positives each is often above
// 0.05 by chance alone; docs/gate.md says so.
func TestFairnessGapIsCaught(t *testing.T) {
	t.Parallel()
	const sims = 1000
	dir := t.TempDir()
	caught := simulateGap(t, dir, sims, 0.70, 1)
	passedEven := sims - simulateGap(t, dir, sims, 0.80, 2)
	t.Logf("10-point gap caught in %d of %d; no gap passed in %d of %d", caught, sims, passedEven, sims)
	if caught < sims*95/100 {
		t.Errorf("10-point recall gap caught in %d of %d simulations; want at least 95%%", caught, sims)
	}
	if passedEven < sims*75/100 {
		t.Errorf("equal recall passed in only %d of %d simulations; want at least 75%%", passedEven, sims)
	}
}

// simulateGap returns in how many of sims simulations the gap rule failed,
// with recall weak on slice "d" and 0.80 on the others.
func simulateGap(t *testing.T, dir string, sims int, weak float64, seed uint64) int {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	failed := 0
	path := filepath.Join(dir, fmt.Sprintf("eval-%d.json", seed))
	for range sims {
		slices := map[string]any{}
		for _, g := range []string{"a", "b", "c", "d"} {
			recall := 0.80
			if g == "d" {
				recall = weak
			}
			var tp, fn int
			for range 1000 {
				if rng.IntN(2) == 0 {
					continue // a negative example: recall does not count it
				}
				if rng.Float64() < recall {
					tp++
				} else {
					fn++
				}
			}
			slices[g] = map[string]any{"n": 1000, "recall": float64(tp) / float64(tp+fn)}
		}
		data, err := json.Marshal(map[string]any{"slices": map[string]any{"group": slices}})
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		res := Run(context.Background(), Options{CandidatePaths: []string{path}, Rules: []string{"recall: slice=group, max_gap=0.05"}})
		switch res.Status {
		case result.Fail:
			failed++
		case result.Pass:
		default:
			t.Fatalf("status %s: %s %v", res.Status, res.Error, res.Metrics)
		}
	}
	return failed
}
