package smoke

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/mlgate/mlgate/internal/result"
)

// The verdict-quality acceptance test of issue 4: of 1,000 noisy decreasing
// curves at least 99% pass, and of 1,000 flat, noisy-flat or rising curves at
// least 99% fail, with the default options. The simulation is deterministic
// (fixed PCG seeds).
//
// Why these ranges are realistic for a smoke run (a short training run of a
// few dozen to a few hundred logged steps):
//
//   - n, 30-200 points: `--max-steps 50` to a few hundred, logged every step
//     or every few steps.
//   - L(t) = a*exp(-t/tau) + c: the classic shape of a training loss. The
//     floor c is 10-50% of the initial loss L0 = a + c (a short run does not
//     reach the irreducible loss); tau is 0.1n-1n, i.e. the run covers at
//     least one time constant, which is what a smoke run is sized to show
//     (at tau = n the reducible part is 63% gone). L0 is log-uniform in
//     0.1-10: the decision must not depend on the loss's scale.
//   - AR(1) noise with marginal sd 2-10% of L0 and phi 0.3-0.7: mini-batch
//     loss noise is a few percent of the loss, and it is positively
//     autocorrelated because consecutive logged values share optimizer
//     state and are often running averages over a few batches.
//
// The negatives are one third each: flat (sd 0-1% of L0, a fifth of them
// exactly constant, like a learning rate of 0), noisy-flat (sd 2-10%, phi
// 0.3-0.7, the hard case: autocorrelated noise makes the Mann-Kendall test
// see trends that are not there, which the required decrease guards
// against) and rising (exponential rise of 5-100% of L0 plus the same noise).

type curve struct {
	kind   string
	values []float64
}

// ar1 returns n values of stationary AR(1) noise with marginal sd sd.
func ar1(r *rand.Rand, n int, sd, phi float64) []float64 {
	e := make([]float64, n)
	if n == 0 {
		return e
	}
	e[0] = r.NormFloat64() * sd
	innov := sd * math.Sqrt(1-phi*phi)
	for i := 1; i < n; i++ {
		e[i] = phi*e[i-1] + r.NormFloat64()*innov
	}
	return e
}

func uniform(r *rand.Rand, lo, hi float64) float64 { return lo + (hi-lo)*r.Float64() }

func decreasingCurve(r *rand.Rand) curve {
	n := 30 + r.IntN(171)
	l0 := math.Pow(10, uniform(r, -1, 1))
	c := uniform(r, 0.1, 0.5) * l0
	a := l0 - c
	tau := uniform(r, 0.1, 1) * float64(n)
	y := ar1(r, n, uniform(r, 0.02, 0.1)*l0, uniform(r, 0.3, 0.7))
	for t := range y {
		y[t] += a*math.Exp(-float64(t)/tau) + c
	}
	return curve{"decreasing", y}
}

func negativeCurve(r *rand.Rand, i int) curve {
	n := 30 + r.IntN(171)
	l0 := math.Pow(10, uniform(r, -1, 1))
	phi := uniform(r, 0.3, 0.7)
	switch i % 3 {
	case 0:
		sd := uniform(r, 0, 0.01) * l0
		if i%5 == 0 {
			sd = 0
		}
		y := ar1(r, n, sd, phi)
		for t := range y {
			y[t] += l0
		}
		return curve{"flat", y}
	case 1:
		y := ar1(r, n, uniform(r, 0.02, 0.1)*l0, phi)
		for t := range y {
			y[t] += l0
		}
		return curve{"noisy-flat", y}
	default:
		rise := uniform(r, 0.05, 1) * l0
		tau := uniform(r, 0.1, 1) * float64(n)
		y := ar1(r, n, uniform(r, 0.02, 0.1)*l0, phi)
		for t := range y {
			y[t] += l0 + rise*(1-math.Exp(-float64(t)/tau))
		}
		return curve{"rising", y}
	}
}

func TestVerdictQuality(t *testing.T) {
	t.Parallel()
	const trials = 1000
	type tally struct{ n, pass int }
	rates := map[string]*tally{}
	count := func(c curve) {
		v := Decide(c.values, nil, Options{})
		if v.Status == result.Error {
			t.Fatalf("%s curve of %d points: error %v", c.kind, len(c.values), v.Reasons)
		}
		tl := rates[c.kind]
		if tl == nil {
			tl = &tally{}
			rates[c.kind] = tl
		}
		tl.n++
		if v.Status == result.Pass {
			tl.pass++
		}
	}
	rd := rand.New(rand.NewPCG(2024, 4))
	for range trials {
		count(decreasingCurve(rd))
	}
	rn := rand.New(rand.NewPCG(2024, 5))
	for i := range trials {
		count(negativeCurve(rn, i))
	}

	dec := rates["decreasing"]
	passRate := float64(dec.pass) / float64(dec.n)
	t.Logf("decreasing: %d/%d pass (%.1f%%)", dec.pass, dec.n, 100*passRate)
	if passRate < 0.99 {
		t.Errorf("decreasing curves pass %.1f%%, want at least 99%%", 100*passRate)
	}
	negN, negFail := 0, 0
	for _, kind := range []string{"flat", "noisy-flat", "rising"} {
		tl := rates[kind]
		fail := tl.n - tl.pass
		negN, negFail = negN+tl.n, negFail+fail
		t.Logf("%s: %d/%d fail (%.1f%%)", kind, fail, tl.n, 100*float64(fail)/float64(tl.n))
	}
	failRate := float64(negFail) / float64(negN)
	t.Logf("flat, noisy-flat or rising: %d/%d fail (%.1f%%)", negFail, negN, 100*failRate)
	if negN != trials || failRate < 0.99 {
		t.Errorf("negative curves fail %.1f%% of %d, want at least 99%% of %d", 100*failRate, negN, trials)
	}
}

// TestVerdictQualityNoisyFlat holds the hardest negative alone to the 99%
// bar, on a sample large enough to estimate a rate near 1% (3,000 curves:
// the standard error at 1% is 0.18 points).
func TestVerdictQualityNoisyFlat(t *testing.T) {
	t.Parallel()
	const trials = 3000
	r := rand.New(rand.NewPCG(2024, 6))
	fail := 0
	for i := range trials {
		c := negativeCurve(r, 3*i+1) // i%3 == 1: noisy-flat
		if c.kind != "noisy-flat" {
			t.Fatalf("curve %d is %s", i, c.kind)
		}
		if Decide(c.values, nil, Options{}).Status != result.Pass {
			fail++
		}
	}
	rate := float64(fail) / trials
	t.Logf("noisy-flat: %d/%d fail (%.2f%%)", fail, trials, 100*rate)
	if rate < 0.99 {
		t.Errorf("noisy-flat curves fail %.2f%%, want at least 99%%", 100*rate)
	}
}
