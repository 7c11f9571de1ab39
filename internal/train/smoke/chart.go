package smoke

import (
	"math"
	"strconv"

	"github.com/mlgate/mlgate/internal/result"
)

// DefaultChartPoints is the number of points [Chart] keeps when maxPoints <= 0.
const DefaultChartPoints = 200

// Chart returns the loss curve as a chart titled "Loss", with the steps as
// x labels (0, 1, 2, ... when steps is nil or does not match values). When
// there are more than maxPoints values (DefaultChartPoints when maxPoints
// <= 0; at least 2) it keeps the first and the last, and from each of
// (maxPoints-2)/2 equal buckets in between the smallest and the largest
// value, in step order, so spikes and dips survive downsampling. A NaN
// counts as larger than everything, so it is kept where it appears.
func Chart(values []float64, steps []int64, maxPoints int) result.Chart {
	if maxPoints <= 0 {
		maxPoints = DefaultChartPoints
	}
	maxPoints = max(maxPoints, 2)
	if len(steps) != len(values) {
		steps = nil
	}
	idx := downsample(values, maxPoints)
	c := result.Chart{Title: "Loss", XLabel: "step", YLabel: "loss",
		X: make([]string, len(idx)), Series: []result.Series{{Name: "loss", Values: make([]result.Float, len(idx))}}}
	for k, i := range idx {
		s := int64(i)
		if steps != nil {
			s = steps[i]
		}
		c.X[k] = strconv.FormatInt(s, 10)
		c.Series[0].Values[k] = result.Float(values[i])
	}
	return c
}

// downsample returns the indices of the points to keep, increasing.
func downsample(values []float64, maxPoints int) []int {
	n := len(values)
	idx := make([]int, 0, min(n, maxPoints))
	if n <= maxPoints {
		for i := range n {
			idx = append(idx, i)
		}
		return idx
	}
	idx = append(idx, 0)
	buckets := (maxPoints - 2) / 2
	inner := n - 2
	for b := range buckets {
		lo := 1 + b*inner/buckets
		hi := 1 + (b+1)*inner/buckets
		if lo >= hi {
			continue
		}
		iMin, iMax := lo, lo
		for i := lo + 1; i < hi; i++ {
			if less(values[i], values[iMin]) {
				iMin = i
			}
			if less(values[iMax], values[i]) {
				iMax = i
			}
		}
		idx = append(idx, min(iMin, iMax))
		if iMin != iMax {
			idx = append(idx, max(iMin, iMax))
		}
	}
	return append(idx, n-1)
}

// less orders values with NaN above +Inf.
func less(a, b float64) bool {
	if math.IsNaN(a) {
		return false
	}
	return math.IsNaN(b) || a < b
}
