package eval

import (
	"context"
	"math/rand/v2"
	"runtime"
	"sync"
	"testing"
)

// Verdict quality of the rule "accuracy: max_drop=0.005, significance=0.95",
// i.e. Compare(...).Verdict(0.005) failing only on Worse.
//
// Two versions of one training pipeline are strongly correlated, so the
// simulation draws the joint outcome of each example: the baseline is
// right with probability 0.85; the candidate disagrees with it on about
// 6% of the examples, gains (baseline wrong, candidate right) and losses
// (baseline right, candidate wrong) equally likely, 3% each. The "2
// points worse" candidate has the same churn plus 2 points of extra
// losses (5% losses, 3% gains). Labels are balanced binary classes and a
// wrong prediction is the other class.
type churn struct{ loss, gain float64 }

// simulate returns the fraction of n comparisons of 5,000 examples that
// are Worse under the rule.
func simulate(t *testing.T, c churn, n int, seed uint64) float64 {
	t.Helper()
	const examples, maxDrop = 5000, 0.005
	var mu sync.Mutex
	worse := 0
	var wg sync.WaitGroup
	jobs := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for sim := range jobs {
				cand, base := simulatedPair(examples, c, seed, uint64(sim))
				cmp, err := Compare(context.Background(), cand, base, Accuracy, Options{Seed: uint64(sim) + 1})
				if err != nil {
					t.Error(err)
					return
				}
				if cmp.Verdict(maxDrop) == Worse {
					mu.Lock()
					worse++
					mu.Unlock()
				}
			}
		}()
	}
	for sim := range n {
		jobs <- sim
	}
	close(jobs)
	wg.Wait()
	return float64(worse) / float64(n)
}

// simulatedPair draws the predictions of a baseline and a candidate on
// the same examples.
func simulatedPair(n int, c churn, seed, sim uint64) (cand, base *Predictions) {
	rng := rand.New(rand.NewPCG(seed, sim))
	label := make([]int32, n)
	cp, bp := make([]int32, n), make([]int32, n)
	for i := range n {
		x := rng.Uint64()
		y := int32(x & 1)
		u := float64(x>>11) * 0x1p-53 // uniform in [0, 1), independent of y
		var baseRight, candRight bool
		switch {
		case u < c.loss: // baseline right, candidate wrong
			baseRight = true
		case u < c.loss+c.gain: // baseline wrong, candidate right
			candRight = true
		case u < 0.85+c.gain: // both right
			baseRight, candRight = true, true
		} // else both wrong
		label[i], bp[i], cp[i] = y, 1-y, 1-y
		if baseRight {
			bp[i] = y
		}
		if candRight {
			cp[i] = y
		}
	}
	return memBinary(label, cp, nil, nil, nil), memBinary(label, bp, nil, nil, nil)
}

func TestVerdictSameModelPasses(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("2,000 paired bootstraps: about 1 s of CPU, 15 s under -race")
	}
	rate := simulate(t, churn{loss: 0.03, gain: 0.03}, 1000, 1)
	t.Logf("same model: %.1f%% of 1000 comparisons Worse", 100*rate)
	if pass := 1 - rate; pass < 0.99 {
		t.Errorf("same model passes %.1f%% of comparisons, want >= 99%%", 100*pass)
	}
}

func TestVerdictTwoPointsWorseFails(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("2,000 paired bootstraps: about 1 s of CPU, 15 s under -race")
	}
	rate := simulate(t, churn{loss: 0.05, gain: 0.03}, 1000, 2)
	t.Logf("2 points worse: %.1f%% of 1000 comparisons Worse", 100*rate)
	if rate < 0.95 {
		t.Errorf("a 2-point drop is Worse in %.1f%% of comparisons, want >= 95%%", 100*rate)
	}
}
