package stats

import (
	"fmt"
	"math"
)

// PSIEpsilon replaces an empty bin's proportion in [PSI], as Evidently and
// NannyML do, so that a bin empty on one side gives a large but finite term.
const PSIEpsilon = 1e-4

// proportions normalizes two aligned weight vectors by their sums.
func proportions(name string, ref, cur []float64) (r, c []float64, err error) {
	if len(ref) != len(cur) {
		return nil, nil, fmt.Errorf("%s: reference has %d bins, current %d", name, len(ref), len(cur))
	}
	if len(ref) == 0 {
		return nil, nil, fmt.Errorf("%s: no bins", name)
	}
	norm := func(side string, w []float64) ([]float64, error) {
		sum := 0.0
		for i, x := range w {
			if !(x >= 0) || math.IsInf(x, 1) {
				return nil, fmt.Errorf("%s: %s weight %d is %v, not a finite non-negative number", name, side, i, x)
			}
			sum += x
		}
		if sum == 0 {
			return nil, fmt.Errorf("%s: %s weights are all zero", name, side)
		}
		p := make([]float64, len(w))
		for i, x := range w {
			p[i] = x / sum
		}
		return p, nil
	}
	if r, err = norm("reference", ref); err != nil {
		return nil, nil, err
	}
	if c, err = norm("current", cur); err != nil {
		return nil, nil, err
	}
	return r, c, nil
}

// PSI returns the population stability index of cur against ref, two
// aligned vectors of bin weights (counts or proportions, each normalized by
// its sum): the sum over bins of (c-r)*ln(c/r), where a zero proportion is
// replaced by [PSIEpsilon]. It is symmetric, 0 for identical distributions,
// and unbounded above. It returns an error when the vectors differ in
// length, are empty, hold a negative or non-finite weight, or sum to zero.
func PSI(ref, cur []float64) (float64, error) {
	r, c, err := proportions("PSI", ref, cur)
	if err != nil {
		return 0, err
	}
	psi := 0.0
	for i := range r {
		ri, ci := r[i], c[i]
		if r[i] == 0 {
			ri = PSIEpsilon
		}
		if c[i] == 0 {
			ci = PSIEpsilon
		}
		psi += (ci - ri) * math.Log(ci/ri)
	}
	return psi, nil
}

// JensenShannon returns the Jensen-Shannon distance between ref and cur
// (aligned weights, each normalized by its sum) with base-2 logarithms:
// sqrt((KL(r||m) + KL(c||m))/2) with m = (r+c)/2, in [0, 1], equal to
// scipy.spatial.distance.jensenshannon(ref, cur, base=2). It is a metric:
// 0 for identical distributions, 1 for disjoint supports. Errors are as for
// [PSI].
func JensenShannon(ref, cur []float64) (float64, error) {
	r, c, err := proportions("Jensen-Shannon", ref, cur)
	if err != nil {
		return 0, err
	}
	d := 0.0
	for i := range r {
		m := (r[i] + c[i]) / 2
		if r[i] > 0 {
			d += r[i] * math.Log2(r[i]/m)
		}
		if c[i] > 0 {
			d += c[i] * math.Log2(c[i]/m)
		}
	}
	// Rounding can make the divergence a hair negative or above 1.
	return math.Sqrt(min(max(d/2, 0), 1)), nil
}

// LInfinity returns the largest absolute difference between the
// proportions of ref and cur (aligned weights, each normalized by its sum),
// in [0, 1]: TFDV's comparator for categorical drift and skew. Errors are as
// for [PSI].
func LInfinity(ref, cur []float64) (float64, error) {
	r, c, err := proportions("L-infinity", ref, cur)
	if err != nil {
		return 0, err
	}
	d := 0.0
	for i := range r {
		d = max(d, math.Abs(r[i]-c[i]))
	}
	return d, nil
}

// OtherCategory labels, in [AlignCategories], the mass of the values a
// summary does not list.
const OtherCategory = "\x00other"

// AlignCategories aligns two frequency summaries for [LInfinity] or
// [JensenShannon]: the union of their listed values (the reference's by
// decreasing count then value, then the current-only ones in the same
// order), with each side's count
// (0 when a side does not list the value), then one [OtherCategory] entry
// with the mass not listed (Total minus the listed counts; non-zero only for
// summaries over their cap). Over the cap, listed counts are upper bounds
// and the result is approximate within the summaries' errors.
func AlignCategories(ref, cur *Frequencies) (values []string, r, c []float64) {
	refTop, curTop := ref.Top(-1), cur.Top(-1)
	rc := make(map[string]int64, len(refTop))
	cc := make(map[string]int64, len(curTop))
	var rSum, cSum int64
	for _, v := range refTop {
		rc[v.Value] = v.Count
		rSum += v.Count
		values = append(values, v.Value)
	}
	for _, v := range curTop {
		cc[v.Value] = v.Count
		cSum += v.Count
		if _, ok := rc[v.Value]; !ok {
			values = append(values, v.Value)
		}
	}
	for _, v := range values {
		r = append(r, float64(rc[v]))
		c = append(c, float64(cc[v]))
	}
	values = append(values, OtherCategory)
	r = append(r, float64(max(ref.Total()-rSum, 0)))
	c = append(c, float64(max(cur.Total()-cSum, 0)))
	return values, r, c
}
