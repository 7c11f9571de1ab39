package smoke

import (
	"math"
	"strconv"
	"testing"

	"github.com/mlgate/mlgate/internal/result"
)

func TestChartSmallKeepsAll(t *testing.T) {
	t.Parallel()
	y := []float64{3, 2, math.NaN(), 1}
	c := Chart(y, []int64{10, 20, 30, 40}, 10)
	if c.Title != "Loss" || len(c.Series) != 1 || len(c.X) != 4 || len(c.Series[0].Values) != 4 {
		t.Fatalf("chart %+v", c)
	}
	for i, want := range []string{"10", "20", "30", "40"} {
		if c.X[i] != want {
			t.Errorf("X[%d] = %s, want %s", i, c.X[i], want)
		}
	}
	if !math.IsNaN(float64(c.Series[0].Values[2])) || c.Series[0].Values[3] != 1 {
		t.Errorf("values %v", c.Series[0].Values)
	}
	// Without steps (or mismatched steps) the points are numbered from 0.
	if c := Chart(y, []int64{1}, 0); c.X[3] != "3" {
		t.Errorf("mismatched steps: X = %v", c.X)
	}
}

func TestChartDownsample(t *testing.T) {
	t.Parallel()
	const n = 10_000
	y := decay(n, 0.01)
	y[1234] = 50 // a spike
	y[7777] = -5 // a dip
	y[4321] = math.NaN()
	s := steps(n, 1)
	for _, maxPoints := range []int{2, 3, 60, 200, 1001} {
		c := Chart(y, s, maxPoints)
		got := c.Series[0].Values
		if len(got) > maxPoints || len(got) != len(c.X) {
			t.Fatalf("maxPoints %d: %d values, %d labels", maxPoints, len(got), len(c.X))
		}
		if c.X[0] != "1" || c.X[len(c.X)-1] != strconv.Itoa(n) {
			t.Errorf("maxPoints %d: first/last step %s, %s", maxPoints, c.X[0], c.X[len(c.X)-1])
		}
		prev := int64(0)
		for k, x := range c.X {
			step, _ := strconv.ParseInt(x, 10, 64)
			if step <= prev {
				t.Fatalf("maxPoints %d: steps not increasing at %d", maxPoints, k)
			}
			prev = step
			if got[k] != result.Float(y[step-1]) && !math.IsNaN(y[step-1]) {
				t.Fatalf("maxPoints %d: value at step %d is %v, want %v", maxPoints, step, got[k], y[step-1])
			}
		}
		if maxPoints >= 60 {
			for _, want := range []string{"1235", "7778", "4322"} {
				if !contains(c.X, want) {
					t.Errorf("maxPoints %d: step %s (spike, dip or NaN) was dropped", maxPoints, want)
				}
			}
		}
	}
	if c := Chart(y, s, 0); len(c.X) > DefaultChartPoints || len(c.X) < DefaultChartPoints-2 {
		t.Errorf("default: %d points, want about %d", len(c.X), DefaultChartPoints)
	}
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

func TestSparkline(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name   string
		values []float64
		want   string
	}{
		{"empty", nil, ""},
		{"ramp down", []float64{8, 7, 6, 5, 4, 3, 2, 1}, "█▇▆▅▄▃▂▁"},
		{"constant", []float64{2, 2, 2}, "▄▄▄"},
		{"NaN and Inf", []float64{3, math.NaN(), 2, math.Inf(1), 1}, "█ ▅ ▁"},
	} {
		if got := Sparkline(c.values); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
	// A long series is drawn in SparklineWidth buckets; a NaN in one of them
	// leaves a gap instead of being averaged away.
	y := decay(1000, 0)
	y[500] = math.NaN()
	got := []rune(Sparkline(y))
	if len(got) != SparklineWidth || got[0] != '█' || got[len(got)-1] != '▁' || got[15] != ' ' {
		t.Errorf("long series: %q", string(got))
	}
}
