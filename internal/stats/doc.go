// Package stats holds the statistics shared by mlgate's gates: streaming
// summaries that are mergeable and JSON-serializable (so that shards profiled
// by parallel CI jobs can be combined), and the distances and tests used to
// detect drift and training/serving skew.
//
// # Summaries
//
//   - [Moments]: count, mean, variance (Welford's streaming update, merged with
//     the parallel formula of Chan, Golub and LeVeque), min and max.
//   - [Sketch]: a DDSketch quantile sketch (relative accuracy 1%, bounded memory).
//   - [Histogram]: counts on explicit, shared bin edges, with underflow and
//     overflow bins; [QuantileEdges] derives edges from a reference sketch.
//   - [Frequencies]: exact value counts up to a cap of distinct values, then a
//     Space-Saving summary with per-value error bounds and a HyperLogLog
//     estimate of the distinct count.
//
// # NaN and infinities
//
// A NaN is never silently dropped: every summary that takes float64 values
// counts NaN, +Inf and -Inf separately and keeps them out of the moments,
// the sketch's bins and the histogram's bins. Infinities still take part in
// quantiles (as the smallest and largest values) and in a histogram's
// underflow and overflow bins; NaNs take part in nothing but their count.
//
// # Distances and tests
//
// All distances take two aligned vectors of non-negative weights (counts or
// proportions; each is normalized by its own sum) over the same bins or
// categories. Conventional thresholds are exported as constants.
//
//   - [PSI], population stability index: sum of (c-r)*ln(c/r) over bins, with
//     empty bins smoothed to [PSIEpsilon] = 1e-4 (the convention of Evidently
//     and NannyML). Range [0, +inf). Reading: < 0.1 no significant shift,
//     0.1-0.25 moderate, > 0.25 significant ([PSIModerate], [PSISignificant]).
//   - [JensenShannon]: the Jensen-Shannon distance with base-2 logarithms,
//     i.e. the square root of the JS divergence, in [0, 1]; equal to
//     scipy.spatial.distance.jensenshannon(p, q, base=2). Evidently uses the
//     same distance with natural logarithms (range [0, sqrt(ln 2)]) and a
//     threshold of 0.1; we keep 0.1 on the base-2 scale
//     ([DefaultJSThreshold]), which is slightly more tolerant (0.1 base 2 is
//     0.083 base e).
//   - [LInfinity]: the largest absolute difference between category
//     proportions, in [0, 1]; TFDV's drift/skew comparator for categorical
//     features. TFDV has no default threshold (its examples use 0.01, which
//     fires on any large dataset); mlgate defaults to 0.1
//     ([DefaultLInfThreshold]): a category gaining or losing ten
//     percentage points.
//   - [KS2]: the two-sample Kolmogorov-Smirnov test (statistic D in [0, 1]
//     and a two-sided p-value), computed as scipy.stats.ks_2samp does with
//     method='auto': exact when both samples have at most 10,000 values,
//     asymptotic otherwise. Drift is conventionally flagged when
//     p < [DefaultKSAlpha] = 0.05 (Evidently's default for small samples).
//     KS is for small samples; on large ones it flags negligible shifts, so
//     PSI and Jensen-Shannon on shared bins are the default there.
package stats

// Conventional thresholds, documented in the package comment.
const (
	// PSIModerate is the PSI above which a shift is conventionally moderate.
	PSIModerate = 0.1
	// PSISignificant is the PSI above which a shift is conventionally significant.
	PSISignificant = 0.25
	// DefaultJSThreshold is the default drift threshold on the base-2
	// Jensen-Shannon distance.
	DefaultJSThreshold = 0.1
	// DefaultLInfThreshold is the default drift/skew threshold on the
	// L-infinity distance of categorical proportions.
	DefaultLInfThreshold = 0.1
	// DefaultKSAlpha is the default significance level of the KS test.
	DefaultKSAlpha = 0.05
)
