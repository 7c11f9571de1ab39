package stats

import (
	"fmt"
	"math"
	"slices"
)

// The alternatives of [MannWhitneyU], as scipy names them.
const (
	// TwoSided tests whether the distributions of a and b differ.
	TwoSided = "two-sided"
	// Less tests whether a is stochastically smaller than b.
	Less = "less"
	// Greater tests whether a is stochastically greater than b.
	Greater = "greater"
)

// mwExactMaxN is the size of the smaller sample up to which [MannWhitneyU]
// computes an exact p-value when there are no ties, as scipy's method='auto'.
const mwExactMaxN = 8

// mwExactMaxProduct caps n1*n2 for the exact p-value, whose computation
// takes O(n1*n2) memory; beyond it the normal approximation is used.
const mwExactMaxProduct = 1 << 23

// MannWhitney is the outcome of the two-sample Mann-Whitney U test
// (Wilcoxon rank-sum test) of samples a and b.
type MannWhitney struct {
	// U1 is the U statistic of a: the number of pairs (x from a, y from b)
	// with x > y, plus half the number with x == y. It equals R1 -
	// n1(n1+1)/2 with R1 the sum of a's mid-ranks in the pooled sample, and
	// scipy's reported statistic.
	U1 float64
	// U2 is the U statistic of b, n1*n2 - U1.
	U2 float64
	// Z is the standardized statistic of the normal approximation, as
	// scipy's _get_mwu_z computes it: (U - n1*n2/2 - 0.5) / sigma, with U =
	// U1 for "greater", U2 for "less" and max(U1, U2) for "two-sided", and
	// sigma the tie-corrected standard deviation of U. It is reported
	// whichever method gave P; it is -Inf when all values are equal.
	Z float64
	// P is the p-value for the requested alternative.
	P float64
	// N1 and N2 are the sizes of a and b.
	N1, N2 int
	// Effect is the common-language effect size of a over b, U1/(n1*n2):
	// the probability that a value drawn from a exceeds one drawn from b,
	// ties counting half. It is in [0, 1], 0.5 meaning no effect; the
	// rank-biserial correlation is 2*Effect - 1.
	Effect float64
	// Exact reports whether P is the exact p-value rather than the normal
	// approximation.
	Exact bool
}

// MannWhitneyU runs the Mann-Whitney U test on a and b (which it does not
// modify) for the alternative [TwoSided], [Less] (a is stochastically
// smaller than b) or [Greater], and returns the statistics and p-value of
// scipy.stats.mannwhitneyu(a, b, alternative=alternative, method='auto')
// (scipy 1.10, use_continuity=True):
//
//   - exact, by counting the orderings of the pooled sample, when the
//     smaller sample has at most 8 values and there are no ties (and
//     n1*n2 <= 2^23, a memory cap of ours beyond which scipy would still be
//     exact);
//   - otherwise the normal approximation with mid-ranks for ties, the tie
//     correction of the variance and a continuity correction of 0.5.
//
// Ranking sorts copies of the samples, so it takes O(n log n) time and
// O(n) memory. It returns an error when a sample is empty, holds NaN, or the
// alternative is unknown; infinities are ordinary values.
func MannWhitneyU(a, b []float64, alternative string) (MannWhitney, error) {
	n1, n2 := len(a), len(b)
	res := MannWhitney{N1: n1, N2: n2}
	if n1 == 0 || n2 == 0 {
		return res, fmt.Errorf("Mann-Whitney U test: a sample is empty (sizes %d and %d)", n1, n2)
	}
	if i := slices.IndexFunc(a, math.IsNaN); i >= 0 {
		return res, fmt.Errorf("Mann-Whitney U test: value %d of the first sample is NaN", i)
	}
	if i := slices.IndexFunc(b, math.IsNaN); i >= 0 {
		return res, fmt.Errorf("Mann-Whitney U test: value %d of the second sample is NaN", i)
	}
	if alternative != TwoSided && alternative != Less && alternative != Greater {
		return res, fmt.Errorf("Mann-Whitney U test: unknown alternative %q (want %q, %q or %q)",
			alternative, TwoSided, Less, Greater)
	}
	x, y := slices.Clone(a), slices.Clone(b)
	slices.Sort(x)
	slices.Sort(y)
	r1, tieTerm := rankSum(x, y)
	f1, f2 := float64(n1), float64(n2)
	res.U1 = r1 - f1*(f1+1)/2
	res.U2 = f1*f2 - res.U1
	res.Effect = res.U1 / (f1 * f2)

	u, factor := res.U1, 1.0
	switch alternative {
	case Less:
		u = res.U2
	case TwoSided:
		u, factor = max(res.U1, res.U2), 2
	}
	n := f1 + f2
	sigma := math.Sqrt(f1 * f2 / 12 * ((n + 1) - tieTerm/(n*(n-1))))
	res.Z = (u - f1*f2/2 - 0.5) / sigma // ±Inf when sigma is 0, as in scipy.

	var p float64
	if min(n1, n2) <= mwExactMaxN && tieTerm == 0 && n1*n2 <= mwExactMaxProduct {
		p = mwExactSF(int(u), min(n1, n2), max(n1, n2))
		res.Exact = true
	} else {
		p = 0.5 * math.Erfc(res.Z/math.Sqrt2) // the normal survival function
	}
	res.P = min(max(p*factor, 0), 1)
	return res, nil
}

// rankSum returns the sum of the mid-ranks of x's values in the pooled
// sample of sorted x and y, and the tie term: the sum over groups of t equal
// values of t^3 - t.
func rankSum(x, y []float64) (r1, tieTerm float64) {
	i, j := 0, 0
	for i < len(x) || j < len(y) {
		v := nextPooled(x, y, i, j)
		start := float64(i + j) // values ranked so far
		ci, cj := 0, 0
		for i < len(x) && x[i] == v {
			i++
			ci++
		}
		for j < len(y) && y[j] == v {
			j++
			cj++
		}
		t := float64(ci + cj)
		r1 += float64(ci) * (start + (t+1)/2) // ranks start+1 .. start+t
		tieTerm += t*t*t - t
	}
	return r1, tieTerm
}

// nextPooled returns the smallest value not yet walked in the merge of
// sorted samples x and y, whose next values are x[i] and y[j]; at least one
// sample must have values left.
func nextPooled(x, y []float64, i, j int) float64 {
	switch {
	case j == len(y):
		return x[i]
	case i == len(x):
		return y[j]
	}
	return min(x[i], y[j])
}

// mwExactSF returns P(U >= u) under the null hypothesis for samples of
// sizes m <= n without ties. The counts of orderings with U = k are the
// coefficients of the Gaussian binomial [m+n choose m]_q, the product over
// i = 1..m of (1 - q^(n+i)) / (1 - q^i). By symmetry P(U >= u) = P(U <= mn-u);
// the shorter of that tail and its complement is summed.
func mwExactSF(u, m, n int) float64 {
	mn := m * n
	k := mn - u // P(U >= u) = P(U <= k)
	if k < 0 {
		return 0
	}
	if k >= mn {
		return 1
	}
	complement := k > mn/2
	last := k
	if complement { // P(U <= k) = 1 - P(U <= mn-k-1)
		last = mn - k - 1
	}
	c := make([]float64, last+1)
	c[0] = 1
	total := 1.0
	for i := 1; i <= m; i++ {
		for j := i; j <= last; j++ { // divide by 1 - q^i
			c[j] += c[j-i]
		}
		for j := last; j >= n+i; j-- { // multiply by 1 - q^(n+i)
			c[j] -= c[j-n-i]
		}
		total = total * float64(n+i) / float64(i) // C(n+i, i)
	}
	tail := 0.0
	for _, v := range c {
		tail += v
	}
	if complement {
		return 1 - tail/total
	}
	return tail / total
}
