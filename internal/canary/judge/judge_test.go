package judge

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/mlgate/mlgate/internal/result"
)

// latencies returns n lognormal latencies with the given median (ms) and
// log-scale spread sigma, a common model of request latency.
func latencies(r *rand.Rand, n int, median, sigma float64) []float64 {
	xs := make([]float64, n)
	for i := range xs {
		xs[i] = median * math.Exp(sigma*r.NormFloat64())
	}
	return xs
}

// simulate runs trials canary judgements on fresh samples of 300 latencies
// each (stable median 100 ms, canary median 100*ratio ms, log-scale sigma
// 0.4, so p99 is 2.5 times p50) and counts the classifications and the runs
// significant at alpha. Measured power for a 30% slower canary with the
// default options: 99.9% at sigma 0.4, 98.9% at sigma 0.5 (5000 runs each).
func simulate(seed uint64, trials int, ratio float64) (counts map[string]int, significant int) {
	r := rand.New(rand.NewPCG(seed, 2024))
	counts = map[string]int{}
	opt := DefaultOptions()
	for range trials {
		stable := latencies(r, 300, 100, 0.4)
		canary := latencies(r, 300, 100*ratio, 0.4)
		v := Judge(canary, stable, opt)
		counts[v.Classification]++
		if v.P < opt.Alpha {
			significant++
		}
	}
	return counts, significant
}

func TestJudgeSameDistributionRarelyFails(t *testing.T) {
	t.Parallel()
	const trials = 1000
	counts, significant := simulate(1, trials, 1)
	t.Logf("same distribution, %d trials: %v, significant at 0.05: %d", trials, counts, significant)
	if ok := counts[Pass] + counts[Marginal]; ok < 990 {
		t.Errorf("only %d of %d runs without a regression did not fail (want >= 99%%): %v", ok, trials, counts)
	}
	if counts[Error] != 0 {
		t.Errorf("%d errors", counts[Error])
	}
	// The test is calibrated: about alpha = 5% of runs are significant
	// (binomial 1000 x 0.05: mean 50, sd 6.9; bounds at ±3 sd).
	if significant < 29 || significant > 71 {
		t.Errorf("%d of %d runs significant at alpha 0.05, want about 50", significant, trials)
	}
	if counts[Pass] < 900 {
		t.Errorf("only %d of %d runs passed outright: %v", counts[Pass], trials, counts)
	}
}

func TestJudgeThirtyPercentSlowerFails(t *testing.T) {
	t.Parallel()
	const trials = 1000
	counts, _ := simulate(2, trials, 1.3)
	t.Logf("canary 30%% slower, %d trials: %v", trials, counts)
	if counts[Fail] < 990 {
		t.Errorf("only %d of %d runs with a 30%% slower canary failed (want >= 99%%): %v", counts[Fail], trials, counts)
	}
}

func TestJudgeDirections(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(3, 3))
	stable := latencies(r, 300, 100, 0.3)
	higher := latencies(r, 300, 140, 0.3)
	lower := latencies(r, 300, 70, 0.3)
	for _, c := range []struct {
		name           string
		canary         []float64
		direction      string
		want           string
		wantRelChange  float64 // sign only
		wantEffectHigh bool
	}{
		{"higher, increase is bad", higher, Increase, Fail, 1, true},
		{"higher, default direction", higher, "", Fail, 1, true},
		{"lower, increase is bad", lower, Increase, Pass, -1, false},
		{"lower, decrease is bad", lower, Decrease, Fail, -1, false},
		{"higher, decrease is bad", higher, Decrease, Pass, 1, true},
		{"higher, either", higher, Either, Fail, 1, true},
		{"lower, either", lower, Either, Fail, -1, false},
	} {
		v := Judge(c.canary, stable, Options{Alpha: 0.05, Tolerance: 0.1, Direction: c.direction})
		if v.Classification != c.want {
			t.Errorf("%s: %s (%s), want %s", c.name, v.Classification, v.Reason, c.want)
		}
		if math.Signbit(v.RelChange) != math.Signbit(c.wantRelChange) {
			t.Errorf("%s: relative change %v has the wrong sign", c.name, v.RelChange)
		}
		if (v.Effect > 0.5) != c.wantEffectHigh {
			t.Errorf("%s: effect %v on the wrong side of 0.5", c.name, v.Effect)
		}
	}
}

func TestJudgeMarginal(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(4, 4))
	// A 4% slowdown on 20,000 requests each: significant, within 10%.
	stable := latencies(r, 20000, 100, 0.5)
	canary := latencies(r, 20000, 104, 0.5)
	v := Judge(canary, stable, DefaultOptions())
	if v.Classification != Marginal || v.P >= 0.05 || v.RelChange > 0.1 || v.PTolerance < 0.05 {
		t.Errorf("significant within tolerance: %+v, want marginal", v)
	}
	// Medians 200 vs 150 (+33%) on three values each: beyond tolerance, but
	// the smallest one-sided exact p-value for 3 vs 3 is 1/20 = 0.05.
	v = Judge([]float64{160, 200, 300}, []float64{100, 150, 170}, DefaultOptions())
	if v.Classification != Marginal || v.P < 0.05 || math.Abs(v.RelChange-1.0/3) > 1e-12 {
		t.Errorf("beyond tolerance, not significant: %+v, want marginal", v)
	}
	if v.Status() != result.Warn {
		t.Errorf("marginal maps to %s, want warn", v.Status())
	}
}

func TestJudgeToleranceZero(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(5, 5))
	stable := latencies(r, 20000, 100, 0.5)
	canary := latencies(r, 20000, 104, 0.5)
	v := Judge(canary, stable, Options{Alpha: 0.05, Direction: Increase})
	if v.Classification != Fail {
		t.Errorf("tolerance 0, significant 4%% slowdown: %s (%s), want fail", v.Classification, v.Reason)
	}
}

func TestJudgeIdenticalSamplesPass(t *testing.T) {
	t.Parallel()
	xs := []float64{12, 15, 11, 19, 14, 13, 30, 12}
	v := Judge(xs, xs, DefaultOptions())
	if v.Classification != Pass || v.RelChange != 0 || v.Effect != 0.5 {
		t.Errorf("identical samples: %+v, want pass with no change", v)
	}
	if v.CanaryMedian != 13.5 || v.StableMedian != 13.5 {
		t.Errorf("medians %v, %v; want 13.5", v.CanaryMedian, v.StableMedian)
	}
}

func TestJudgeStableMedianZero(t *testing.T) {
	t.Parallel()
	v := Judge([]float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, []float64{0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, DefaultOptions())
	if !math.IsInf(v.RelChange, 1) || v.Classification != Fail {
		t.Errorf("stable all zero: %+v, want fail with +Inf change", v)
	}
	if !strings.Contains(v.Reason, "+Inf") {
		t.Errorf("reason %q does not show the infinite change", v.Reason)
	}
}

func TestJudgeReason(t *testing.T) {
	t.Parallel()
	v := Judge([]float64{130, 131, 132, 133, 134, 135, 136, 137, 138},
		[]float64{100, 101, 102, 103, 104, 105, 106, 107, 108}, DefaultOptions())
	for _, want := range []string{"canary median 134", "stable 104", "+28.8%", "beyond", "alpha 0.05", "p = "} {
		if !strings.Contains(v.Reason, want) {
			t.Errorf("reason %q lacks %q", v.Reason, want)
		}
	}
	if v.Classification != Fail || v.Status() != result.Fail {
		t.Errorf("%s / %s, want fail", v.Classification, v.Status())
	}
	if !(v.PTolerance < 0.05 && v.P <= v.PTolerance) {
		t.Errorf("p = %v, p beyond tolerance = %v; want p <= p beyond tolerance < 0.05", v.P, v.PTolerance)
	}
	t.Log(v.Reason)
}

func TestJudgeErrors(t *testing.T) {
	t.Parallel()
	ok := []float64{1, 2, 3}
	for _, c := range []struct {
		name           string
		canary, stable []float64
		opt            Options
		want           string
	}{
		{"empty canary", nil, ok, DefaultOptions(), "0 canary and 3 stable"},
		{"empty stable", ok, []float64{}, DefaultOptions(), "3 canary and 0 stable"},
		{"NaN", []float64{1, math.NaN()}, ok, DefaultOptions(), "canary value 1 is NaN"},
		{"Inf", ok, []float64{math.Inf(1)}, DefaultOptions(), "stable value 0 is +Inf"},
		{"alpha", ok, ok, Options{Alpha: 1.5}, "invalid alpha 1.5"},
		{"alpha NaN", ok, ok, Options{Alpha: math.NaN()}, "invalid alpha NaN"},
		{"tolerance", ok, ok, Options{Tolerance: -0.1}, "invalid tolerance -0.1"},
		{"tolerance Inf", ok, ok, Options{Tolerance: math.Inf(1)}, "invalid tolerance +Inf"},
		{"direction", ok, ok, Options{Direction: "up"}, `invalid direction "up"`},
	} {
		v := Judge(c.canary, c.stable, c.opt)
		if v.Classification != Error || v.Status() != result.Error {
			t.Errorf("%s: classification %q, want error", c.name, v.Classification)
		}
		if !strings.Contains(v.Reason, c.want) {
			t.Errorf("%s: reason %q, want it to mention %q", c.name, v.Reason, c.want)
		}
	}
}

func TestJudgeDefaultsAlpha(t *testing.T) {
	t.Parallel()
	v := Judge([]float64{5, 6, 7}, []float64{1, 2, 3}, Options{Tolerance: 0.1})
	if !strings.Contains(v.Reason, "alpha 0.05") {
		t.Errorf("reason %q, want the default alpha 0.05", v.Reason)
	}
}

func TestJudgeDoesNotModifyInput(t *testing.T) {
	t.Parallel()
	c, s := []float64{5, 1, 9, 3}, []float64{8, 2, 7}
	Judge(c, s, Options{Direction: Either})
	if c[0] != 5 || c[2] != 9 || s[0] != 8 || s[2] != 7 {
		t.Errorf("inputs reordered: %v %v", c, s)
	}
}

func BenchmarkJudge(b *testing.B) {
	r := rand.New(rand.NewPCG(6, 6))
	stable := latencies(r, 100000, 100, 0.5)
	canary := latencies(r, 100000, 110, 0.5)
	b.ReportAllocs()
	for b.Loop() {
		Judge(canary, stable, DefaultOptions())
	}
}
