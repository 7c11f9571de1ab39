package smoke

import (
	"fmt"
	"math"
	"strconv"

	"github.com/mlgate/mlgate/internal/result"
	"github.com/mlgate/mlgate/internal/stats"
)

// Verdict is the decision over a loss series, with the numbers behind it.
type Verdict struct {
	// Status is pass, fail (NaN/Inf, divergence, no real decrease) or error
	// (bad options, too few points, steps not matching the values).
	Status result.Status
	// Reasons explain a fail or an error, one sentence per unmet condition,
	// with numbers; empty on a pass.
	Reasons []string
	// Options are the options applied, with defaults filled in.
	Options Options
	// MK is the Mann-Kendall test over the values in order.
	MK stats.MannKendall
	// Slope is the Theil-Sen slope of loss against step (per step).
	Slope float64
	// StartMedian and EndMedian are the medians of the first and last
	// windows of points.
	StartMedian, EndMedian float64
	// RelDecrease is (StartMedian - EndMedian) / |StartMedian|; positive
	// when the loss went down.
	RelDecrease float64
	// FirstBad is the step of the first NaN or infinite value, if any.
	FirstBad *int64
}

// Decide judges a loss series: values in training order, and their steps
// (nil numbers the values 0, 1, 2, ...). Steps must not decrease; equal
// steps are allowed. The numeric fields are NaN where they could not be
// computed. Decide never panics.
func Decide(values []float64, steps []int64, opt Options) Verdict {
	nan := math.NaN()
	v := Verdict{Options: opt.WithDefaults(), Slope: nan, StartMedian: nan, EndMedian: nan, RelDecrease: nan}
	v.MK = stats.MannKendall{N: len(values), S: nan, VarS: nan, Z: nan, P: nan, PDecrease: nan, Tau: nan}
	o := v.Options
	errorf := func(format string, a ...any) Verdict {
		v.Status = result.Error
		v.Reasons = []string{fmt.Sprintf(format, a...)}
		return v
	}
	if err := opt.Validate(); err != nil {
		return errorf("smoke options: %v", err)
	}
	if steps != nil && len(steps) != len(values) {
		return errorf("%d loss values but %d steps", len(values), len(steps))
	}
	step := func(i int) int64 {
		if steps == nil {
			return int64(i)
		}
		return steps[i]
	}
	for i := 1; i < len(steps); i++ {
		if steps[i] < steps[i-1] {
			return errorf("steps go backwards: step %d (point %d) follows step %d", steps[i], i+1, steps[i-1])
		}
	}

	// A NaN or an infinity fails whatever the rest looks like.
	bad, first := 0, -1
	for i, x := range values {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			if bad == 0 {
				first = i
			}
			bad++
		}
	}
	if bad > 0 {
		s := step(first)
		v.FirstBad = &s
		v.Status = result.Fail
		v.Reasons = []string{fmt.Sprintf("loss is %s at step %d (point %d of %d); %d of %d values are NaN or infinite",
			result.Float(values[first]), s, first+1, len(values), bad, len(values))}
		return v
	}
	if len(values) < o.MinPoints {
		return errorf("only %d loss values, at least %d are needed to judge the trend", len(values), o.MinPoints)
	}

	n := len(values)
	w := max(1, int(math.Round(o.Window*float64(n))))
	v.StartMedian, _ = stats.Median(values[:w])
	v.EndMedian, _ = stats.Median(values[n-w:])
	if v.StartMedian != 0 {
		v.RelDecrease = (v.StartMedian - v.EndMedian) / math.Abs(v.StartMedian)
	}
	x := make([]float64, n)
	for i := range x {
		x[i] = float64(step(i))
	}
	v.Slope, _ = stats.TheilSenXY(x, values)
	if mk, err := stats.MannKendallTest(values); err == nil {
		v.MK = mk
	} else {
		return errorf("%v", err) // unreachable: n >= 3 and no NaN
	}

	var reasons []string
	if v.StartMedian != 0 {
		limit := v.StartMedian + (o.DivergeFactor-1)*math.Abs(v.StartMedian)
		for i, y := range values {
			if y > limit {
				how := fmt.Sprintf("%g× the start median %s", o.DivergeFactor, g(v.StartMedian))
				if v.StartMedian < 0 {
					how = fmt.Sprintf("the start median %s plus %g× its magnitude", g(v.StartMedian), o.DivergeFactor-1)
				}
				reasons = append(reasons, fmt.Sprintf("loss diverged: %s at step %d exceeds %s, %s", g(y), step(i), g(limit), how))
				break
			}
		}
	}
	if !(v.MK.PDecrease < o.Alpha) {
		reasons = append(reasons, fmt.Sprintf("no significant downward trend: Mann-Kendall p = %s (one-sided, decrease) is not below alpha %g (S = %g, tau = %.3f, n = %d)",
			g(v.MK.PDecrease), o.Alpha, v.MK.S, v.MK.Tau, n))
	}
	if !(v.Slope < 0) {
		reasons = append(reasons, fmt.Sprintf("Theil-Sen slope %s per step is not negative", g(v.Slope)))
	}
	switch {
	case v.StartMedian == 0:
		reasons = append(reasons, fmt.Sprintf("the start median (first %d values) is 0, so a relative decrease cannot be measured", w))
	case !(v.RelDecrease >= o.MinDecrease):
		reasons = append(reasons, fmt.Sprintf("loss went from %s to %s (medians of the first and last %d values): %s, less than the required %s decrease",
			g(v.StartMedian), g(v.EndMedian), w, change(v.RelDecrease), pct(o.MinDecrease)))
	}
	v.Status = result.Pass
	if len(reasons) > 0 {
		v.Status, v.Reasons = result.Fail, reasons
	}
	return v
}

// g formats a number with 4 significant digits.
func g(f float64) string { return strconv.FormatFloat(f, 'g', 4, 64) }

// pct formats a fraction as a percentage.
func pct(f float64) string { return strconv.FormatFloat(100*f, 'f', -1, 64) + "%" }

// change describes a relative decrease as a decrease or an increase.
func change(dec float64) string {
	if dec < 0 {
		return "an increase of " + strconv.FormatFloat(-100*dec, 'f', 1, 64) + "%"
	}
	return "a decrease of " + strconv.FormatFloat(100*dec, 'f', 1, 64) + "%"
}
