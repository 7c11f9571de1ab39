package stats

import (
	"errors"
	"fmt"
	"math"
	"slices"
)

// ksMaxAutoN is the sample size up to which [KS2] computes an exact p-value,
// as scipy.stats.ks_2samp's method='auto' does.
const ksMaxAutoN = 10000

// KS2 runs the two-sided two-sample Kolmogorov-Smirnov test on a and b
// (which it does not modify) and returns the statistic D, the largest
// distance between the two empirical CDFs, in [0, 1], and its p-value,
// computed as scipy.stats.ks_2samp(a, b, method='auto') (scipy 1.10):
//
//   - when both samples have at most 10,000 values, the exact p-value of the
//     Smirnov statistic by lattice-path counting (Hodges 1958; Viehmann 2021
//     for the stable recursion). D is then rounded to the lattice, h/lcm(n1,n2),
//     exactly as scipy does. Exact when there are no ties; with ties the test
//     is conservative (the p-value is too large), as in scipy.
//   - otherwise, or when the exact computation overflows, the asymptotic
//     p-value: the survival function of the one-sample Kolmogorov statistic
//     for n = round(n1*n2/(n1+n2)) (scipy.stats.kstwo.sf, Simard and
//     L'Ecuyer 2011): Durbin's matrix (Marsaglia, Tsang and Wang 2003) or
//     the Pelz-Good expansion depending on n and D, Smirnov's formula in the
//     tail. It agrees with scipy to about 1e-10.
//
// It returns an error when a sample is empty or holds a NaN (count NaNs
// separately and leave them out); infinities are ordinary values.
func KS2(a, b []float64) (d, p float64, err error) {
	if len(a) == 0 || len(b) == 0 {
		return 0, 0, errors.New("KS test: a sample is empty")
	}
	x, y := slices.Clone(a), slices.Clone(b)
	for _, s := range [][]float64{x, y} {
		if slices.ContainsFunc(s, math.IsNaN) {
			return 0, 0, errors.New("KS test: a sample holds NaN")
		}
		slices.Sort(s)
	}
	d = ksStatistic(x, y)
	n1, n2 := len(x), len(y)
	if max(n1, n2) <= ksMaxAutoN {
		if de, pe, ok := ksExact(n1, n2, d); ok {
			return de, pe, nil
		}
	}
	return d, ksAsymptotic(n1, n2, d), nil
}

// ksStatistic returns sup |F1 - F2| for sorted samples, with
// right-continuous ECDFs, computed with the same float operations as scipy.
func ksStatistic(x, y []float64) float64 {
	n1, n2 := float64(len(x)), float64(len(y))
	i, j := 0, 0
	maxS, minS := 0.0, 0.0
	for i < len(x) || j < len(y) {
		v := nextPooled(x, y, i, j)
		for i < len(x) && x[i] <= v {
			i++
		}
		for j < len(y) && y[j] <= v {
			j++
		}
		diff := float64(i)/n1 - float64(j)/n2
		maxS = max(maxS, diff)
		minS = max(minS, -diff)
	}
	return min(max(maxS, minS), 1)
}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// ksExact returns the lattice-rounded statistic and its exact two-sided
// p-value, or ok=false when the computation is not finite.
func ksExact(n1, n2 int, d float64) (float64, float64, bool) {
	g := gcd(n1, n2)
	lcm := (n1 / g) * n2
	h := int(math.RoundToEven(d * float64(lcm)))
	d = float64(h) / float64(lcm)
	if h == 0 {
		return d, 1, true
	}
	var p float64
	if n1 == n2 {
		p = probOutsideSquare(n1, h)
	} else {
		p = outerProbInside(n1, n2, g, h)
	}
	if !(p >= 0 && p <= 1) {
		return d, p, false
	}
	return d, p, true
}

// probOutsideSquare returns Pr(D_{n,n} >= h/n), the proportion of lattice
// paths that leave the band |x-y| < h, by a Horner-like alternating sum.
func probOutsideSquare(n, h int) float64 {
	p := 0.0
	for k := n / h; k >= 0; k-- {
		p1 := 1.0
		for j := range h {
			p1 = float64(n-k*h-j) * p1 / float64(n+k*h+j+1)
		}
		p = p1 * (1 - p)
	}
	return 2 * p
}

// outerProbInside returns 1 - the proportion of lattice paths from (0,0) to
// (m,n) that stay strictly inside |x/m - y/n| < h/lcm(m,n) (Viehmann's
// recursion, which computes the complement directly), or NaN if the sliding
// window would leave its buffer.
func outerProbInside(m, n, g, h int) float64 {
	if m < n {
		m, n = n, m
	}
	mg, ng := m/g, n/g
	minj, maxj := 0, min(int(math.Ceil(float64(h)/float64(mg))), n+1)
	curlen := maxj - minj
	lenA := min(2*maxj+2, n+1)
	a := make([]float64, lenA)
	for i := range a {
		a[i] = 1
	}
	for i := minj; i < maxj && i < lenA; i++ {
		a[i] = 0
	}
	for i := 1; i <= m; i++ {
		lastminj, lastlen := minj, curlen
		minj = max(int(math.Floor(float64(ng*i-h)/float64(mg)))+1, 0)
		minj = min(minj, n)
		maxj = min(int(math.Ceil(float64(ng*i+h)/float64(mg))), n+1)
		if maxj <= minj {
			return 1
		}
		val := 1.0
		if minj == 0 {
			val = 0
		}
		for jj := range maxj - minj {
			j := jj + minj
			src := jj + minj - lastminj
			if src < 0 || src >= lenA || jj >= lenA {
				return math.NaN()
			}
			val = (a[src]*float64(i) + val*float64(j)) / float64(i+j)
			a[jj] = val
		}
		curlen = maxj - minj
		for k := curlen; k < curlen+(lastlen-curlen) && k < lenA; k++ {
			a[k] = 1
		}
	}
	return a[maxj-minj-1]
}

// ksAsymptotic returns scipy's asymptotic two-sided p-value:
// kstwo.sf(d, round(n1*n2/(n1+n2))).
func ksAsymptotic(n1, n2 int, d float64) float64 {
	m, n := float64(max(n1, n2)), float64(min(n1, n2))
	en := math.RoundToEven(m * n / (m + n))
	return min(max(KolmogorovSF(int(en), d), 0), 1)
}

// KSFromSketches returns an approximation of the two-sample KS statistic
// (the largest distance between the two CDFs) from two sketches, for samples
// too large to keep: the CDFs are compared at every bin of either sketch,
// so a value may be displaced by the sketches' relative accuracy. NaNs are
// left out; infinities take part. It returns an error when a sketch holds
// no non-NaN value.
func KSFromSketches(a, b *Sketch) (float64, error) {
	na, nb := a.Count(), b.Count()
	if na == 0 || nb == 0 {
		return 0, fmt.Errorf("KS from sketches: a sketch is empty (%v and %v values)", na, nb)
	}
	type bin struct{ v, c float64 }
	var xa, xb []bin
	a.forEachBin(func(v, c float64) { xa = append(xa, bin{v, c}) })
	b.forEachBin(func(v, c float64) { xb = append(xb, bin{v, c}) })
	i, j := 0, 0
	ca, cb, d := 0.0, 0.0, 0.0
	for i < len(xa) || j < len(xb) {
		var v float64
		switch {
		case j == len(xb):
			v = xa[i].v
		case i == len(xa):
			v = xb[j].v
		default:
			v = min(xa[i].v, xb[j].v)
		}
		for i < len(xa) && xa[i].v <= v {
			ca += xa[i].c
			i++
		}
		for j < len(xb) && xb[j].v <= v {
			cb += xb[j].c
			j++
		}
		d = max(d, math.Abs(ca/na-cb/nb))
	}
	return d, nil
}
