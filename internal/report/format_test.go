package report

import (
	"math"
	"testing"

	"github.com/mlgate/mlgate/internal/result"
)

func TestFormatNum(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		v    float64
		want string
	}{
		{0, "0"}, {0.87, "0.87"}, {0.871234, "0.8712"}, {123.456, "123.5"}, {12345.6, "12346"}, {-0.04, "-0.04"},
		{0.99996, "1"}, {1.5e-5, "1.5e-05"}, {2.5e7, "2.5e+07"}, {math.NaN(), "NaN"}, {math.Inf(1), "+Inf"}, {math.Inf(-1), "-Inf"},
	} {
		if got := formatNum(tt.v); got != tt.want {
			t.Errorf("formatNum(%v) = %q, want %q", tt.v, got, tt.want)
		}
	}
}

func TestFormatDuration(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		ms   float64
		want string
	}{
		{0, "—"}, {-5, "—"}, {math.NaN(), "—"}, {0.4, "&lt;1 ms"}, {340, "340 ms"}, {999.4, "999 ms"}, {999.6, "1.0 s"},
		{1234, "1.2 s"}, {59_940, "59.9 s"}, {59_960, "1 m 0 s"}, {125_000, "2 m 5 s"}, {3_600_000 + 125_000, "1 h 2 m"}, {1e300, "2.778e+293 h"},
	} {
		if got := formatDuration(tt.ms); got != tt.want {
			t.Errorf("formatDuration(%v) = %q, want %q", tt.ms, got, tt.want)
		}
	}
}

func TestFormatDelta(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		m    result.Metric
		want string
	}{
		{result.Metric{Value: result.F(0.87), Baseline: result.F(0.91)}, "-0.04 (-4.4%)"},
		{result.Metric{Value: result.F(2), Baseline: result.F(1), Unit: "ms"}, "+1 ms (+100.0%)"},
		{result.Metric{Delta: result.F(0.5), Baseline: result.F(0)}, "+0.5"},
		{result.Metric{Value: result.F(1)}, "—"},
		{result.Metric{Value: result.F(math.Inf(1)), Baseline: result.F(1)}, "+Inf"},
	} {
		if got := formatDelta(tt.m); got != tt.want {
			t.Errorf("formatDelta(%+v) = %q, want %q", tt.m, got, tt.want)
		}
	}
}
