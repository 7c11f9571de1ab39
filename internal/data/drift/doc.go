// Package drift compares a reference profile (the training data) with a
// current one (new data, or the data a model sees in serving) and reports,
// per column, whether its distribution has drifted: data drift between two
// batches, or training/serving skew between training and serving data.
//
// # Column kinds
//
// A column is numeric when at least 90% of the reference's present values
// are numbers (NaN and infinities count as numbers here), unless all of
// them are integers with at most [Options.Categories] distinct values and
// both profiles count their values exactly: such a column (a 0/1 label, a
// rating) is compared as categories. Any other column is categorical.
//
// # Measures
//
// Numeric columns are binned on edges from the reference's quantile sketch
// ([stats.QuantileEdges], [Options.Bins] bins plus an underflow and an
// overflow bin), and both sketches are counted on those shared bins.
// Categorical columns are aligned on the union of their values
// ([stats.AlignCategories]); a category unseen in the reference is drift
// mass. On both kinds PSI, Jensen-Shannon and L-infinity are computed and
// reported; one of them decides ([Thresholds.Measure]): PSI for numeric
// columns and L-infinity for categorical ones by default.
//
// Small numeric samples (fewer than [Options.SmallSample] finite values on
// either side) are judged by the two-sample Kolmogorov-Smirnov test
// instead, since binned distances are noisy there. Profiles keep sketches,
// not samples, so the statistic D is approximated from the sketches
// ([stats.KSFromSketches]: values are placed within the sketch's 1%
// relative accuracy) and its p-value is the asymptotic one that
// scipy.stats.ks_2samp(method="asymp") reports: the survival function of
// the one-sample Kolmogorov statistic ([stats.KolmogorovSF]) for the
// effective size round(n*m/(n+m)). It is close to the exact p-value for
// the sizes at hand (within about 0.01 for 200 against 200 values) and
// slightly conservative with heavy ties.
//
// # Missing values
//
// Whatever the kind, the share of missing values (absent or null) and the
// share of NaN/infinite values are compared too: when either changes by
// more than the column's L-infinity threshold, the column has drifted with
// method "missing" (unless its distribution already decided).
//
// # Thresholds
//
// The defaults are [DefaultPSIThreshold] (0.2), [stats.DefaultJSThreshold]
// (0.1, base-2 Jensen-Shannon distance), [stats.DefaultLInfThreshold] (0.1)
// and [stats.DefaultKSAlpha] (0.05). A column drifts when its deciding
// measure is strictly above the threshold (for KS: p strictly below alpha).
package drift
