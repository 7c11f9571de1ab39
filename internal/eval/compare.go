package eval

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
)

// Comparison is the paired bootstrap comparison of two models on the same
// examples: Delta = metric(candidate) - metric(baseline) and its
// percentile interval [Lo, Hi] at Level.
type Comparison struct {
	Metric                                    string
	Candidate, Baseline, Delta, Lo, Hi, Level float64
	N, Resamples                              int
	HigherIsBetter                            bool
}

// Verdict is the outcome of [Comparison.Verdict].
type Verdict int

// Verdicts.
const (
	// Within: the whole interval of the worsening lies within the limit.
	Within Verdict = iota
	// Inconclusive: the interval straddles the limit; it is noise, and passes.
	Inconclusive
	// Worse: the whole interval of the worsening lies beyond the limit: a
	// real drop.
	Worse
)

// String returns "within", "inconclusive" or "worse".
func (v Verdict) String() string {
	switch v {
	case Within:
		return "within"
	case Inconclusive:
		return "inconclusive"
	case Worse:
		return "worse"
	}
	return fmt.Sprintf("Verdict(%d)", int(v))
}

// Worsening returns the interval of how much worse the candidate is than
// the baseline, in the metric's units (negative: better).
func (c Comparison) Worsening() (lo, hi float64) {
	if c.HigherIsBetter {
		return -c.Hi, -c.Lo
	}
	return c.Lo, c.Hi
}

// Verdict applies the documented decision rule for a change limit maxDrop >= 0 (in the metric's
// units): Worse when the whole interval of the worsening lies beyond maxDrop (a real drop);
// Within when the whole interval lies within maxDrop; Inconclusive otherwise (noise: passes).
func (c Comparison) Verdict(maxDrop float64) Verdict {
	lo, hi := c.Worsening()
	switch {
	case lo > maxDrop:
		return Worse
	case hi <= maxDrop:
		return Within
	}
	return Inconclusive
}

// Compare judges candidate against baseline on the same examples with a paired Poisson bootstrap:
// the same weights are applied to both models' predictions in each resample, and the interval is
// that of delta = metric(candidate) - metric(baseline). Examples are paired by Key when set,
// otherwise by row order; a key missing on one side, a duplicate key, or (without a key) a label
// that differs at a row is an error naming the file and line.
//
// Slices are ignored. The metric must be one of [Metrics] of the task
// (both files must have the same task and, for a binary task, the same
// positive class), defined on both models; a delta undefined in more than
// half of the resamples is an error.
func Compare(ctx context.Context, cand, base *Predictions, metric string, opt Options) (Comparison, error) {
	opt, err := opt.withDefaults()
	if err != nil {
		return Comparison{}, err
	}
	def, ok := metricDefs[metric]
	if !ok {
		return Comparison{}, fmt.Errorf("unknown metric %q (known: %s)", metric, strings.Join(knownMetrics(), ", "))
	}
	if cand.cols.Task != base.cols.Task {
		return Comparison{}, fmt.Errorf("the candidate's task is %s but the baseline's is %s", cand.cols.Task, base.cols.Task)
	}
	offered := Metrics(cand.cols.Task, cand.score != nil && base.score != nil)
	if !slices.Contains(offered, metric) {
		return Comparison{}, fmt.Errorf("metric %q is not computed for a %s task (with these columns: %s)", metric, cand.cols.Task, strings.Join(offered, ", "))
	}
	cv, bv, err := pair(cand, base)
	if err != nil {
		return Comparison{}, err
	}
	ce, be := newEngine(cv, scoreOrder(cv)), newEngine(bv, scoreOrder(bv))
	cs, bs := ce.newStats(), be.newStats()
	ce.accumulate(cv.count, cs)
	be.accumulate(bv.count, bs)
	c := Comparison{Metric: metric, Candidate: def.compute(cs, 0), Baseline: def.compute(bs, 0),
		Level: opt.Level, N: cand.N(), Resamples: opt.Resamples, HigherIsBetter: def.higher}
	c.Delta = c.Candidate - c.Baseline
	if math.IsNaN(c.Delta) {
		return c, fmt.Errorf("%s is undefined on the candidate (%v) or the baseline (%v)", metric, c.Candidate, c.Baseline)
	}
	deltas := make([]float64, opt.Resamples)
	err = resample(ctx, cv.count, opt.Resamples, opt.Seed, func() func(int, []uint32) {
		cs, bs := ce.newStats(), be.newStats()
		return func(r int, w []uint32) {
			ce.accumulate(w, cs)
			be.accumulate(w, bs)
			deltas[r] = def.compute(cs, 0) - def.compute(bs, 0)
		}
	})
	if err != nil {
		return c, fmt.Errorf("comparing %s: %w", metric, err)
	}
	c.Lo, c.Hi = percentileInterval(deltas, opt.Resamples, opt.Level)
	if math.IsNaN(c.Lo) {
		return c, fmt.Errorf("the change of %s is undefined in most bootstrap resamples", metric)
	}
	return c, nil
}
