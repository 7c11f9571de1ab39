// Package judge decides whether a canary's metric (for example its request
// latency) is worse than the stable version's, in the manner of Kayenta's
// NetflixACAJudge with its Mann-Whitney metric classifier.
//
// # Mapping to Kayenta
//
// Kayenta's MannWhitneyClassifier classifies one metric as High, Low or Pass:
// High when the metric's direction is Increase (or Either) and the whole
// confidence interval of the Hodges-Lehmann shift between canary and
// control lies above a tolerance band; Low symmetrically. A High or Low
// metric fails the metric, and the judge's scorecard (the share of metrics
// that pass, against its pass and marginal thresholds) yields Pass,
// Marginal or Fail for the whole canary.
//
// mlgate judges one metric at a time with the same test, dual to Kayenta's
// confidence interval, and adds a marginal class between pass and fail so a
// reviewer sees partial evidence. With Mann-Whitney U tests ([stats.MannWhitneyU],
// scipy's mannwhitneyu) of canary against stable, one-sided in the bad
// direction, at level Alpha:
//
//   - fail (Kayenta's High/Low): the canary is significantly worse by more
//     than the tolerance, that is the test of the canary's values moved back
//     by Tolerance x |stable median| is significant (PTolerance < Alpha).
//     This is Kayenta's rule: the confidence interval of the shift lies
//     beyond the tolerance band (Kayenta's interval is two-sided at 95%,
//     that is one-sided at 2.5%; mlgate's level is Alpha, one-sided).
//   - marginal: the canary is significantly worse (P < Alpha) but not
//     significantly beyond the tolerance, or its median is beyond the
//     tolerance (RelChange) but the difference is not significant.
//   - pass: neither.
//
// Under no regression about Alpha of runs are marginal and almost none
// fail; a marginal verdict maps to a warning ([Verdict.Status]), which does
// not fail the gate. The tolerance is judged by a test rather than by the
// observed change of the median because the median of a few hundred
// latencies is noisy: with 300 lognormal latencies (sigma 0.5) per side,
// the observed median moves by more than 10% in about 3% of runs without any
// regression, and a rule on the point estimate then fails about 2.5% of
// healthy canaries. The price of the test is power: a canary 30% slower
// fails in 98.9% of such runs (99.9% with sigma 0.4), the rest being marginal.
//
// With Direction "either", each direction is judged with Alpha/2 (a
// two-sided level of Alpha) and the worse verdict is returned.
package judge

import (
	"fmt"
	"math"

	"github.com/mlgate/mlgate/internal/result"
	"github.com/mlgate/mlgate/internal/stats"
)

// Classifications of a [Verdict].
const (
	// Pass: no evidence that the canary is worse.
	Pass = "pass"
	// Marginal: the canary is significantly worse but not significantly
	// beyond the tolerance, or its median is beyond the tolerance but the
	// difference is not significant.
	Marginal = "marginal"
	// Fail: the canary is significantly worse by more than the tolerance.
	Fail = "fail"
	// Error: the samples or options could not be judged (Reason says why).
	Error = "error"
)

// Directions of a metric: the direction in which a change is bad.
const (
	// Increase: higher is worse (latency, error rate). The default.
	Increase = "increase"
	// Decrease: lower is worse (throughput, accuracy).
	Decrease = "decrease"
	// Either: a change in either direction is bad.
	Either = "either"
)

// Default option values, used for zero fields of [Options].
const (
	// DefaultAlpha is the significance level used when Options.Alpha is 0.
	DefaultAlpha = 0.05
	// DefaultTolerance is the tolerance of [DefaultOptions]. A zero
	// Options.Tolerance is honored as zero: any significant change fails.
	DefaultTolerance = 0.10
)

// Options configure [Judge].
type Options struct {
	// Alpha is the significance level of the Mann-Whitney test, in (0, 1);
	// 0 means [DefaultAlpha].
	Alpha float64
	// Tolerance is the allowed relative change of the median in the bad
	// direction, >= 0 (0.10: the canary's median may be up to 10% worse).
	Tolerance float64
	// Direction is the bad direction: [Increase] (the default when empty),
	// [Decrease] or [Either].
	Direction string
}

// DefaultOptions returns Alpha 0.05, Tolerance 0.10, Direction "increase".
func DefaultOptions() Options {
	return Options{Alpha: DefaultAlpha, Tolerance: DefaultTolerance, Direction: Increase}
}

// Verdict is the judgement of one metric.
type Verdict struct {
	// Classification is [Pass], [Marginal], [Fail] or [Error].
	Classification string
	// P is the one-sided Mann-Whitney p-value that the canary is worse
	// than stable (for Either, in the direction that decided the verdict).
	P float64
	// PTolerance is the one-sided Mann-Whitney p-value that the canary is
	// worse than stable by more than the tolerance: the test of the canary's
	// values moved back by Tolerance*|StableMedian| against stable's.
	PTolerance float64
	// Effect is the common-language effect size of canary over stable:
	// the probability that a canary value exceeds a stable one, ties
	// counting half (0.5: no difference; see [stats.MannWhitney]).
	Effect float64
	// CanaryMedian and StableMedian are the medians of the samples.
	CanaryMedian, StableMedian float64
	// RelChange is (CanaryMedian - StableMedian) / |StableMedian|; 0 when
	// the medians are equal and ±Inf when only the stable median is 0.
	RelChange float64
	// Reason explains the classification in one line of plain text.
	Reason string
}

// Status maps the classification to a result status: pass to pass,
// marginal to warn, fail to fail, anything else to error.
func (v Verdict) Status() result.Status {
	switch v.Classification {
	case Pass:
		return result.Pass
	case Marginal:
		return result.Warn
	case Fail:
		return result.Fail
	}
	return result.Error
}

// Judge compares the canary's values of one metric with the stable
// version's (neither is modified) and classifies the canary as described
// in the package comment. It never panics: empty samples, NaN or infinite
// values and invalid options yield the classification [Error] with the reason.
func Judge(canary, stable []float64, opt Options) Verdict {
	if opt.Alpha == 0 {
		opt.Alpha = DefaultAlpha
	}
	if opt.Direction == "" {
		opt.Direction = Increase
	}
	if err := opt.validate(); err != nil {
		return Verdict{Classification: Error, Reason: err.Error()}
	}
	if len(canary) == 0 || len(stable) == 0 {
		return Verdict{Classification: Error, Reason: fmt.Sprintf(
			"no data to compare: %d canary and %d stable values", len(canary), len(stable))}
	}
	if err := checkFinite("canary", canary); err != nil {
		return Verdict{Classification: Error, Reason: err.Error()}
	}
	if err := checkFinite("stable", stable); err != nil {
		return Verdict{Classification: Error, Reason: err.Error()}
	}
	cm, err := stats.Median(canary)
	if err != nil {
		return Verdict{Classification: Error, Reason: fmt.Sprintf("canary values: %v", err)}
	}
	sm, err := stats.Median(stable)
	if err != nil {
		return Verdict{Classification: Error, Reason: fmt.Sprintf("stable values: %v", err)}
	}
	v := Verdict{CanaryMedian: cm, StableMedian: sm, RelChange: relChange(cm, sm)}
	if opt.Direction != Either {
		return judgeDirection(canary, stable, v, opt.Alpha, opt.Tolerance, opt.Direction == Increase)
	}
	up := judgeDirection(canary, stable, v, opt.Alpha/2, opt.Tolerance, true)
	down := judgeDirection(canary, stable, v, opt.Alpha/2, opt.Tolerance, false)
	if down.Status().Rank() > up.Status().Rank() ||
		(down.Status() == up.Status() && down.P < up.P) {
		return down
	}
	return up
}

func (o Options) validate() error {
	if !(o.Alpha > 0 && o.Alpha < 1) {
		return fmt.Errorf("invalid alpha %v: want a level in (0, 1)", o.Alpha)
	}
	if !(o.Tolerance >= 0) || math.IsInf(o.Tolerance, 1) {
		return fmt.Errorf("invalid tolerance %v: want a finite relative change >= 0", o.Tolerance)
	}
	switch o.Direction {
	case Increase, Decrease, Either:
		return nil
	}
	return fmt.Errorf("invalid direction %q: want %q, %q or %q", o.Direction, Increase, Decrease, Either)
}

// checkFinite returns an error naming the first NaN or infinite value.
func checkFinite(name string, values []float64) error {
	for i, x := range values {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return fmt.Errorf("%s value %d is %v: want finite values", name, i, x)
		}
	}
	return nil
}

// relChange returns (c - s) / |s|, defined as 0 when both are 0.
func relChange(c, s float64) float64 {
	if c == s {
		return 0
	}
	return (c - s) / math.Abs(s) // ±Inf when s is 0
}

// judgeDirection classifies v for one bad direction (higher is worse when
// up is set) at level alpha.
func judgeDirection(canary, stable []float64, v Verdict, alpha, tol float64, up bool) Verdict {
	alt, worse, change, margin := stats.Greater, "higher", v.RelChange, tol*math.Abs(v.StableMedian)
	if !up {
		alt, worse, change, margin = stats.Less, "lower", -v.RelChange, -margin
	}
	mw, err := stats.MannWhitneyU(canary, stable, alt)
	if err != nil { // samples were checked by Judge; kept for safety
		return Verdict{Classification: Error, Reason: err.Error()}
	}
	v.P, v.Effect, v.PTolerance = mw.P, mw.Effect, mw.P
	if margin != 0 {
		shifted := make([]float64, len(canary))
		for i, x := range canary {
			shifted[i] = x - margin
		}
		mwTol, err := stats.MannWhitneyU(shifted, stable, alt)
		if err != nil {
			return Verdict{Classification: Error, Reason: err.Error()}
		}
		v.PTolerance = mwTol.P
	}
	significant := v.P < alpha
	switch {
	case v.PTolerance < alpha:
		v.Classification = Fail
	case significant || change > tol:
		v.Classification = Marginal
	default:
		v.Classification = Pass
	}
	v.Reason = fmt.Sprintf("canary median %s vs stable %s (%s, tolerance %.1f%% %s); "+
		"one-sided Mann-Whitney p = %.3g (canary %s), p = %.3g (%s beyond the tolerance), alpha %g",
		num(v.CanaryMedian), num(v.StableMedian), pct(v.RelChange), 100*tol, worse,
		v.P, worse, v.PTolerance, worse, alpha)
	return v
}

// num formats a median compactly.
func num(x float64) string { return fmt.Sprintf("%.4g", x) }

// pct formats a relative change as a signed percentage.
func pct(x float64) string {
	if math.IsInf(x, 0) {
		return fmt.Sprintf("%+v", x)
	}
	return fmt.Sprintf("%+.1f%%", 100*x)
}
