package stats

import (
	"errors"
	"fmt"
	"math"
	"math/bits"
	"slices"
)

// MannKendall is the outcome of the Mann-Kendall trend test on a series
// x[0], x[1], ..., x[n-1] taken in time order.
type MannKendall struct {
	// N is the number of values.
	N int
	// S is the Mann-Kendall statistic: the number of pairs i < j with
	// x[j] > x[i] minus the number with x[j] < x[i]. Negative for a
	// decreasing series.
	S float64
	// VarS is the variance of S under no trend, corrected for ties:
	// (n(n-1)(2n+5) - sum over groups of equal values of t(t-1)(2t+5)) / 18.
	VarS float64
	// Z is the normal score with continuity correction: (S-1)/sqrt(VarS)
	// when S > 0, (S+1)/sqrt(VarS) when S < 0, and 0 when S = 0.
	Z float64
	// P is the two-sided p-value, 2*(1-Phi(|Z|)) (H1: any monotonic trend).
	P float64
	// PDecrease is the one-sided p-value Phi(Z) for H1: the series decreases.
	PDecrease float64
	// Tau is Kendall's tau-b between the values and time, S divided by
	// sqrt(n0*(n0-n1)) with n0 = n(n-1)/2 and n1 the tied value pairs;
	// it equals scipy.stats.kendalltau(range(n), x). It is 0 when all
	// values are equal (scipy returns NaN there).
	Tau float64
}

// MannKendallTest runs the Mann-Kendall test for a monotonic trend on x, in
// the form of Hipel and McLeod (1994) and pymannkendall's original_test:
// tie-corrected variance and a continuity-corrected normal approximation.
// It needs at least 3 values and no NaN (infinities are ordinary values,
// larger or smaller than all others). It runs in O(n log n) time, counting
// concordant and discordant pairs by merge sort (Knight 1966), so it is
// fit for long loss series. It does not modify x.
//
// The test assumes independent noise around the trend; positively
// autocorrelated noise makes small p-values more likely than nominal.
func MannKendallTest(x []float64) (MannKendall, error) {
	n := len(x)
	if n < 3 {
		return MannKendall{N: n}, fmt.Errorf("Mann-Kendall test: need at least 3 values, got %d", n)
	}
	if i := slices.IndexFunc(x, math.IsNaN); i >= 0 {
		return MannKendall{N: n}, fmt.Errorf("Mann-Kendall test: value %d is NaN", i)
	}
	buf := slices.Clone(x)
	tmp := make([]float64, n)
	inc, dec := countPairs(buf, tmp) // buf is now sorted.
	var tiePairs, tieVar float64
	for i := 0; i < n; {
		j := i + 1
		for j < n && buf[j] == buf[i] {
			j++
		}
		if t := float64(j - i); t > 1 {
			tiePairs += t * (t - 1) / 2
			tieVar += t * (t - 1) * (2*t + 5)
		}
		i = j
	}
	nf := float64(n)
	m := MannKendall{N: n, S: float64(inc - dec)}
	m.VarS = (nf*(nf-1)*(2*nf+5) - tieVar) / 18
	switch {
	case m.VarS <= 0 || m.S == 0:
		m.Z = 0
	case m.S > 0:
		m.Z = (m.S - 1) / math.Sqrt(m.VarS)
	default:
		m.Z = (m.S + 1) / math.Sqrt(m.VarS)
	}
	m.P = math.Erfc(math.Abs(m.Z) / math.Sqrt2)
	m.PDecrease = 0.5 * math.Erfc(-m.Z/math.Sqrt2)
	n0 := nf * (nf - 1) / 2
	if n0 > tiePairs {
		m.Tau = m.S / math.Sqrt(n0*(n0-tiePairs))
	}
	return m, nil
}

// countPairs sorts a (using tmp, of the same length, as scratch space) and
// returns the number of pairs i < j of the original order with a[i] < a[j]
// (increasing) and with a[i] > a[j] (decreasing).
func countPairs(a, tmp []float64) (inc, dec int64) {
	if len(a) < 2 {
		return 0, 0
	}
	mid := len(a) / 2
	i1, d1 := countPairs(a[:mid], tmp[:mid])
	i2, d2 := countPairs(a[mid:], tmp[mid:])
	inc, dec = i1+i2, d1+d2
	left, right := a[:mid], a[mid:]
	// For each value r of the right half (sorted), count the left values
	// below r (increasing pairs) and above r (decreasing pairs).
	lt, le := 0, 0
	for _, r := range right {
		for lt < len(left) && left[lt] < r {
			lt++
		}
		for le < len(left) && left[le] <= r {
			le++
		}
		inc += int64(lt)
		dec += int64(len(left) - le)
	}
	// Merge.
	i, j, k := 0, 0, 0
	for i < len(left) && j < len(right) {
		if left[i] <= right[j] {
			tmp[k] = left[i]
			i++
		} else {
			tmp[k] = right[j]
			j++
		}
		k++
	}
	k += copy(tmp[k:], left[i:])
	copy(tmp[k:], right[j:])
	copy(a, tmp)
	return inc, dec
}

// TheilSenMaxPoints is the number of points above which [TheilSenXY]
// estimates the slope from an evenly spaced subsample of that many points
// (always including the first and the last), keeping the O(n^2) pairwise
// slopes at about two million.
const TheilSenMaxPoints = 2000

// TheilSen returns the Theil-Sen estimate of the line y = intercept +
// slope*x with x = 0, 1, ..., n-1; see [TheilSenXY].
func TheilSen(y []float64) (slope, intercept float64) {
	x := make([]float64, len(y))
	for i := range x {
		x[i] = float64(i)
	}
	return TheilSenXY(x, y)
}

// TheilSenXY returns the Theil-Sen estimate of the line y = intercept +
// slope*x: the slope is the median of the slopes (y[j]-y[i])/(x[j]-x[i])
// over all pairs with x[i] != x[j], and the intercept is median(y) -
// slope*median(x), as scipy.stats.theilslopes computes them.
//
// Above [TheilSenMaxPoints] points the slope is the median over the pairs
// of an evenly spaced, deterministic subsample of TheilSenMaxPoints points
// (indices round(k*(n-1)/(m-1))); the intercept still uses all points.
//
// It returns NaN, NaN when the lengths differ, when a value is NaN or
// infinite, or when there are no two distinct x values. It does not modify
// its arguments.
func TheilSenXY(x, y []float64) (slope, intercept float64) {
	nan := math.NaN()
	n := len(y)
	if len(x) != n || n < 2 {
		return nan, nan
	}
	finite := func(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
	for i := range n {
		if !finite(x[i]) || !finite(y[i]) {
			return nan, nan
		}
	}
	idx := subsample(n, TheilSenMaxPoints)
	slopes := make([]float64, 0, len(idx)*(len(idx)-1)/2)
	for a, i := range idx {
		for _, j := range idx[a+1:] {
			if dx := x[j] - x[i]; dx != 0 {
				slopes = append(slopes, (y[j]-y[i])/dx)
			}
		}
	}
	if len(slopes) == 0 {
		return nan, nan
	}
	slope = median(slopes)
	return slope, median(slices.Clone(y)) - slope*median(slices.Clone(x))
}

// subsample returns the indices 0..n-1 when n <= m, and otherwise m evenly
// spaced indices from 0 to n-1.
func subsample(n, m int) []int {
	if n <= m {
		idx := make([]int, n)
		for i := range idx {
			idx[i] = i
		}
		return idx
	}
	idx := make([]int, m)
	for k := range idx {
		idx[k] = int((int64(k)*int64(n-1)*2 + int64(m-1)) / (2 * int64(m-1))) // round(k*(n-1)/(m-1))
	}
	return idx
}

// median returns the median of v, reordering v; v must not be empty.
func median(v []float64) float64 {
	n := len(v)
	hi := selectKth(v, n/2)
	if n%2 == 1 {
		return hi
	}
	lo := slices.Max(v[:n/2]) // selectKth left the smaller half before n/2.
	return (lo + hi) / 2      // as numpy.median
}

// selectKth reorders v so that v[k] is the value a sort would put there,
// with no larger value before it and no smaller one after, and returns
// v[k]. It is Hoare's quickselect with a median-of-three pivot, falling
// back to a sort if the partitions stop shrinking, so it takes linear time
// on average and O(n log n) at worst. v must not hold NaN.
func selectKth(v []float64, k int) float64 {
	lo, hi := 0, len(v)-1
	for budget := 2 * bits.Len(uint(len(v))); hi > lo; budget-- {
		if budget == 0 {
			slices.Sort(v[lo : hi+1])
			break
		}
		mid := lo + (hi-lo)/2
		a, b, c := v[lo], v[mid], v[hi]
		pivot := max(min(a, b), min(max(a, b), c))
		i, j := lo, hi
		for i <= j {
			for v[i] < pivot {
				i++
			}
			for v[j] > pivot {
				j--
			}
			if i <= j {
				v[i], v[j] = v[j], v[i]
				i++
				j--
			}
		}
		switch {
		case k <= j:
			hi = j
		case k >= i:
			lo = i
		default:
			return v[k]
		}
	}
	return v[k]
}

// Median returns the median of the values (the mean of the two middle ones
// for an even count), without modifying them. It returns an error when
// there are no values or a value is NaN.
func Median(values []float64) (float64, error) {
	if len(values) == 0 {
		return 0, errors.New("median of no values")
	}
	if i := slices.IndexFunc(values, math.IsNaN); i >= 0 {
		return 0, fmt.Errorf("median: value %d is NaN", i)
	}
	return median(slices.Clone(values)), nil
}
