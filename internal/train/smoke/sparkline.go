package smoke

import (
	"math"
	"strings"
)

// SparklineWidth is the most characters [Sparkline] draws.
const SparklineWidth = 30

var bars = []rune("▁▂▃▄▅▆▇█")

// Sparkline draws values as at most [SparklineWidth] block characters
// (▁ lowest to █ highest, scaled between the smallest and largest finite
// value). Longer series are cut into SparklineWidth equal buckets drawn at
// their mean. A bucket holding a NaN or an infinity is drawn as a space, so
// a blow-up is never averaged away. A constant series is drawn at mid
// height; no values give "".
func Sparkline(values []float64) string {
	n := len(values)
	if n == 0 {
		return ""
	}
	w := min(n, SparklineWidth)
	level := make([]float64, w)
	lo, hi := math.Inf(1), math.Inf(-1)
	for b := range w {
		from, to := b*n/w, (b+1)*n/w
		sum := 0.0
		for _, x := range values[from:to] {
			sum += x
		}
		mean := sum / float64(to-from)
		if math.IsNaN(mean) || math.IsInf(mean, 0) {
			mean = math.NaN()
		} else {
			lo, hi = min(lo, mean), max(hi, mean)
		}
		level[b] = mean
	}
	var sb strings.Builder
	for _, m := range level {
		switch {
		case math.IsNaN(m):
			sb.WriteByte(' ')
		case hi == lo:
			sb.WriteRune(bars[len(bars)/2-1])
		default:
			k := int((m - lo) / (hi - lo) * float64(len(bars)))
			sb.WriteRune(bars[min(k, len(bars)-1)])
		}
	}
	return sb.String()
}
