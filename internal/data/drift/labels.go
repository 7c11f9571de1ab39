package drift

import (
	"math"
	"slices"
	"strconv"

	"github.com/mlgate/mlgate/internal/stats"
)

// ChartCategories is how many categories a chart shows; the rest are
// summed into [OtherLabel].
const ChartCategories = 10

// OtherLabel labels the categories a chart does not show. It is in
// parentheses so that it cannot be mistaken for a value spelled "other".
const OtherLabel = "(other)"

// binLabels labels the bins of [stats.Histogram.Weights] on edges: the
// underflow bin "<a", the bins "a–b" (a bin holding one value, as the one
// [stats.QuantileEdges] adds for the maximum, is labelled by that value),
// and the overflow bin ">=z" (">m" above such a one-value bin). Numbers
// are printed with the fewest significant digits (at least 3) that keep
// the edges apart.
func binLabels(edges []float64) []string {
	point := func(i int) bool { // bin [edges[i], edges[i+1]) holds one float
		return edges[i+1] == math.Nextafter(edges[i], math.Inf(1))
	}
	prec := precision(edges, point)
	f := func(x float64) string { return strconv.FormatFloat(x, 'g', prec, 64) }
	k := len(edges)
	labels := make([]string, 0, k+1)
	labels = append(labels, "<"+f(edges[0]))
	for i := 0; i+1 < k; i++ {
		if point(i) {
			labels = append(labels, f(edges[i]))
		} else {
			labels = append(labels, f(edges[i])+"–"+f(edges[i+1]))
		}
	}
	if k >= 2 && point(k-2) {
		return append(labels, ">"+f(edges[k-2]))
	}
	return append(labels, ">="+f(edges[k-1]))
}

// precision returns the fewest significant digits, from 3, that print the
// edges apart (leaving out the upper edge of a one-value bin, which is only
// one float above the lower).
func precision(edges []float64, point func(int) bool) int {
	var keys []float64
	for i, e := range edges {
		if i > 0 && point(i-1) {
			continue
		}
		keys = append(keys, e)
	}
	for p := 3; p < 17; p++ {
		ok := true
		for i := 1; i < len(keys) && ok; i++ {
			ok = strconv.FormatFloat(keys[i-1], 'g', p, 64) != strconv.FormatFloat(keys[i], 'g', p, 64)
		}
		if ok {
			return p
		}
	}
	return 17
}

// categoryChart keeps the [ChartCategories] categories with the largest
// proportion on either side, in the alignment's order (the reference's
// most frequent first, then the current's new ones), and sums the rest,
// with the aligned [stats.OtherCategory] mass, into [OtherLabel].
func categoryChart(values []string, r, c []float64) (labels []string, rp, cp []float64) {
	idx := make([]int, 0, len(values))
	otherR, otherC := 0.0, 0.0
	for i, v := range values {
		if v == stats.OtherCategory {
			otherR += r[i]
			otherC += c[i]
			continue
		}
		idx = append(idx, i)
	}
	if len(idx) > ChartCategories {
		byMass := slices.Clone(idx)
		slices.SortStableFunc(byMass, func(a, b int) int {
			ma, mb := max(r[a], c[a]), max(r[b], c[b])
			switch {
			case ma > mb:
				return -1
			case ma < mb:
				return 1
			}
			return 0
		})
		for _, i := range byMass[ChartCategories:] {
			otherR += r[i]
			otherC += c[i]
		}
		idx = byMass[:ChartCategories]
		slices.Sort(idx)
	}
	for _, i := range idx {
		label := values[i]
		if label == "" {
			label = `""`
		}
		labels = append(labels, label)
		rp = append(rp, r[i])
		cp = append(cp, c[i])
	}
	if otherR > 0 || otherC > 0 {
		labels = append(labels, OtherLabel)
		rp = append(rp, otherR)
		cp = append(cp, otherC)
	}
	return labels, rp, cp
}
