package drift

import (
	"math"
	"slices"
	"strconv"
	"testing"
)

func TestBinLabels(t *testing.T) {
	t.Parallel()
	up := func(x float64) float64 { return math.Nextafter(x, math.Inf(1)) }
	tests := []struct {
		edges []float64
		want  []string
	}{
		{[]float64{0, 0.5, 1.25, 9.8, up(9.8)}, []string{"<0", "0–0.5", "0.5–1.25", "1.25–9.8", "9.8", ">9.8"}},
		{[]float64{100.1, 100.2, 100.3}, []string{"<100.1", "100.1–100.2", "100.2–100.3", ">=100.3"}},
		{[]float64{5.5, up(5.5)}, []string{"<5.5", "5.5", ">5.5"}},
		{[]float64{-2e6, 1234567, up(1234567)}, []string{"<-2e+06", "-2e+06–1.23e+06", "1.23e+06", ">1.23e+06"}},
	}
	for _, tt := range tests {
		if got := binLabels(tt.edges); !slices.Equal(got, tt.want) {
			t.Errorf("binLabels(%v) = %q, want %q", tt.edges, got, tt.want)
		}
	}
}

func TestCategoryChartKeepsTheLargest(t *testing.T) {
	t.Parallel()
	var values []string
	var r, c []float64
	for i := range 15 {
		values = append(values, "v"+strconv.Itoa(i))
		r = append(r, float64(15-i)/120) // 15/120 down to 1/120
		c = append(c, 0)
	}
	values = append(values, "new", "")
	r = append(r, 0, 0)
	c = append(c, 0.5, 0.5)
	labels, rp, cp := categoryChart(values, r, c)
	want := []string{"v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "new", `""`, OtherLabel}
	if !slices.Equal(labels, want) {
		t.Fatalf("labels %q, want %q", labels, want)
	}
	if math.Abs(sum(rp)-1) > 1e-12 || math.Abs(sum(cp)-1) > 1e-12 {
		t.Errorf("proportions sum to %v and %v, want 1", sum(rp), sum(cp))
	}
	if other := rp[len(rp)-1]; math.Abs(other-(7+6+5+4+3+2+1)/120.0) > 1e-12 {
		t.Errorf("other share %v", other)
	}
}
