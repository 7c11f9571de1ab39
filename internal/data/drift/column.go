package drift

import (
	"fmt"
	"math"

	"github.com/mlgate/mlgate/internal/data/profile"
	"github.com/mlgate/mlgate/internal/stats"
)

// compareColumn compares a column present in both profiles.
func compareColumn(rc, cc *profile.Column, th Thresholds, opt Options) (ColumnDrift, error) {
	cd := ColumnDrift{Column: rc.Name}
	kind, reason := classify(rc, cc, opt.Categories)
	var err error
	switch kind {
	case KindNumeric:
		err = compareNumeric(&cd, rc, cc, th, opt)
	case KindCategorical:
		err = compareCategorical(&cd, rc, cc, th)
	default:
		cd.Kind, cd.Reason = KindSkipped, reason
	}
	if err != nil {
		return cd, err
	}
	if miss, ok := missingShift(rc, cc); ok {
		cd.Missing = &miss
		// The missing share decides when the distribution did not drift (or
		// could not be compared) and the share moved past the threshold.
		if !cd.Drifted && (miss > th.LInf || cd.Method == "") {
			decide(&cd, MeasureMissing, miss, th.LInf)
		}
	}
	return cd, nil
}

// classify returns the kind of comparison for a column, or KindSkipped and
// the reason.
func classify(rc, cc *profile.Column, categories int) (kind, reason string) {
	present := rc.Present()
	if present == 0 {
		return KindSkipped, "no values in reference"
	}
	nonFinite := rc.NaN + rc.PosInf + rc.NegInf
	if (rc.Numbers+nonFinite)*10 < present*9 {
		return KindCategorical, ""
	}
	if rc.Numbers == 0 {
		return KindSkipped, "no finite numbers in reference"
	}
	if rc.Integers == rc.Numbers && exact(rc.Values) && rc.Values.Len() <= categories && exact(cc.Values) {
		return KindCategorical, ""
	}
	return KindNumeric, ""
}

// exact reports whether f counts every value exactly.
func exact(f *stats.Frequencies) bool { return f != nil && f.Exact() }

// missingShift returns the larger absolute change, between the profiles,
// of the share of missing values and of the share of NaN/infinite values
// over all rows; ok is false when a side has no rows.
func missingShift(rc, cc *profile.Column) (shift float64, ok bool) {
	rt := float64(rc.Present() + rc.Missing())
	ct := float64(cc.Present() + cc.Missing())
	if rt == 0 || ct == 0 {
		return 0, false
	}
	share := func(n int64, total float64) float64 { return float64(n) / total }
	dm := math.Abs(share(cc.Missing(), ct) - share(rc.Missing(), rt))
	dn := math.Abs(share(cc.NaN+cc.PosInf+cc.NegInf, ct) - share(rc.NaN+rc.PosInf+rc.NegInf, rt))
	return max(dm, dn), true
}

// compareNumeric compares the finite numbers of two columns on bins cut at
// the reference's quantiles, or by KS on small samples.
func compareNumeric(cd *ColumnDrift, rc, cc *profile.Column, th Thresholds, opt Options) error {
	cd.Kind = KindNumeric
	edges := stats.QuantileEdges(rc.Sketch, opt.Bins)
	if edges == nil {
		cd.Kind, cd.Reason = KindSkipped, "no finite numbers in reference"
		return nil
	}
	if cc.Sketch == nil || cc.Sketch.Count() == 0 {
		cd.Kind, cd.Reason = KindSkipped, "no numeric values in current"
		return nil
	}
	rh, err := rc.Sketch.Histogram(edges)
	if err != nil {
		return fmt.Errorf("binning reference: %w", err)
	}
	ch, err := cc.Sketch.Histogram(edges)
	if err != nil {
		return fmt.Errorf("binning current: %w", err)
	}
	r, c := rh.Weights(), ch.Weights()
	if err := distances(cd, r, c); err != nil {
		return err
	}
	cd.Labels, cd.Ref, cd.Cur = binLabels(edges), normalize(r), normalize(c)
	n, m := rc.Sketch.Count(), cc.Sketch.Count()
	if min(n, m) < float64(opt.SmallSample) {
		d, err := stats.KSFromSketches(rc.Sketch, cc.Sketch)
		if err != nil {
			return err
		}
		p := stats.KolmogorovSF(effectiveN(n, m), d)
		cd.KSD, cd.KSP = &d, &p
		cd.Method, cd.Threshold, cd.Drifted = MeasureKS, th.KSAlpha, p < th.KSAlpha
		cd.Score = MaxScore
		if p > 0 {
			cd.Score = min(th.KSAlpha/p, MaxScore)
		}
		return nil
	}
	measure := th.Measure
	if measure == "" {
		measure = MeasurePSI
	}
	decide(cd, measure, measureValue(cd, measure), th.threshold(measure))
	return nil
}

// effectiveN is the sample size of the asymptotic two-sample KS p-value,
// round(n*m/(n+m)) as in scipy.stats.ks_2samp, at least 1.
func effectiveN(n, m float64) int {
	hi, lo := max(n, m), min(n, m)
	return max(int(math.RoundToEven(hi*lo/(hi+lo))), 1)
}

// compareCategorical compares the exact value frequencies of two columns.
func compareCategorical(cd *ColumnDrift, rc, cc *profile.Column, th Thresholds) error {
	cd.Kind = KindCategorical
	switch {
	case !exact(rc.Values):
		cd.Kind, cd.Reason = KindSkipped, "high cardinality: no exact frequencies in reference"
		return nil
	case !exact(cc.Values):
		cd.Kind, cd.Reason = KindSkipped, "high cardinality: no exact frequencies in current"
		return nil
	case cc.Values.Total() == 0:
		cd.Kind, cd.Reason = KindSkipped, "no values in current"
		return nil
	}
	values, r, c := stats.AlignCategories(rc.Values, cc.Values)
	if err := distances(cd, r, c); err != nil {
		return err
	}
	cd.Labels, cd.Ref, cd.Cur = categoryChart(values, normalize(r), normalize(c))
	measure := th.Measure
	if measure == "" {
		measure = MeasureLInf
	}
	decide(cd, measure, measureValue(cd, measure), th.threshold(measure))
	return nil
}

// distances sets PSI, JS and L-infinity of two aligned weight vectors.
func distances(cd *ColumnDrift, r, c []float64) error {
	psi, err := stats.PSI(r, c)
	if err != nil {
		return err
	}
	js, err := stats.JensenShannon(r, c)
	if err != nil {
		return err
	}
	linf, err := stats.LInfinity(r, c)
	if err != nil {
		return err
	}
	cd.PSI, cd.JS, cd.LInf = &psi, &js, &linf
	return nil
}

func measureValue(cd *ColumnDrift, measure string) float64 {
	switch measure {
	case MeasurePSI:
		return *cd.PSI
	case MeasureJS:
		return *cd.JS
	}
	return *cd.LInf
}

// decide records the deciding measure: drifted when v > threshold.
func decide(cd *ColumnDrift, measure string, v, threshold float64) {
	cd.Method, cd.Threshold = measure, threshold
	cd.Score = min(v/threshold, MaxScore)
	cd.Drifted = v > threshold
}

// normalize returns w divided by its sum (zeros when the sum is zero).
func normalize(w []float64) []float64 {
	sum := 0.0
	for _, x := range w {
		sum += x
	}
	out := make([]float64, len(w))
	if sum == 0 {
		return out
	}
	for i, x := range w {
		out[i] = x / sum
	}
	return out
}
