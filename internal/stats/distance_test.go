package stats

import (
	"math"
	"testing"
)

func TestPSIHandValues(t *testing.T) {
	t.Parallel()
	// By hand: r = (0.5, 0.5), c = (0.25, 0.75):
	// (0.25-0.5)ln(0.5) + (0.75-0.5)ln(1.5) = 0.25 ln 3 = 0.27465307...
	got, err := PSI([]float64{1, 1}, []float64{1, 3})
	if err != nil || math.Abs(got-0.25*math.Log(3)) > 1e-15 {
		t.Errorf("PSI = %v, %v; want 0.25 ln 3", got, err)
	}
	// An empty bin takes the proportion 1e-4: r = (1, 0), c = (0.5, 0.5):
	// (0.5-1)ln(0.5) + (0.5-1e-4)ln(0.5/1e-4).
	got, _ = PSI([]float64{4, 0}, []float64{2, 2})
	want := -0.5*math.Log(0.5) + (0.5-1e-4)*math.Log(0.5/1e-4)
	if math.Abs(got-want) > 1e-12 {
		t.Errorf("PSI with an empty bin = %v, want %v", got, want)
	}
	if got, _ := PSI([]float64{3, 5, 2}, []float64{30, 50, 20}); got != 0 {
		t.Errorf("PSI of equal proportions = %v", got)
	}
	for _, bad := range [][2][]float64{{{1}, {1, 2}}, {{}, {}}, {{0, 0}, {1, 1}}, {{-1, 2}, {1, 1}}, {{math.NaN(), 1}, {1, 1}}, {{math.Inf(1), 1}, {1, 1}}} {
		if _, err := PSI(bad[0], bad[1]); err == nil {
			t.Errorf("PSI(%v, %v): no error", bad[0], bad[1])
		}
	}
}

// Reference values: scipy.spatial.distance.jensenshannon(p, q, base=2),
// scipy 1.10.1.
func TestJensenShannonMatchesScipy(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		p, q []float64
		want float64
	}{
		{[]float64{1, 2, 3, 4}, []float64{4, 3, 2, 1}, 0.3918681606471551},
		{[]float64{0.5, 0.5, 0}, []float64{0, 0.5, 0.5}, 0.7071067811865476},
		{[]float64{1, 0}, []float64{0, 1}, 1.0},
		{[]float64{10, 20, 30, 0, 5}, []float64{12, 18, 29, 1, 4}, 0.10003255436449511},
		{[]float64{1, 1, 1}, []float64{1, 1, 1}, 0.0},
	} {
		got, err := JensenShannon(c.p, c.q)
		if err != nil || math.Abs(got-c.want) > 1e-12 {
			t.Errorf("JensenShannon(%v, %v) = %v, %v; scipy %v", c.p, c.q, got, err, c.want)
		}
	}
}

func TestLInfinityAndAlign(t *testing.T) {
	t.Parallel()
	ref, cur := NewFrequencies(10), NewFrequencies(10)
	for _, s := range []string{"a", "a", "b", "c"} {
		ref.Add(s)
	}
	for _, s := range []string{"a", "b", "b", "d"} {
		cur.Add(s)
	}
	values, r, c := AlignCategories(ref, cur)
	want := []string{"a", "b", "c", "d", OtherCategory}
	if len(values) != len(want) {
		t.Fatalf("values %q, want %q", values, want)
	}
	for i := range want {
		if values[i] != want[i] {
			t.Fatalf("values %q, want %q", values, want)
		}
	}
	// Proportions a: .5/.25, b: .25/.5, c: .25/0, d: 0/.25.
	if d, err := LInfinity(r, c); err != nil || d != 0.25 {
		t.Errorf("LInfinity = %v, %v; want 0.25", d, err)
	}
	if d, _ := LInfinity([]float64{1, 0}, []float64{0, 1}); d != 1 {
		t.Errorf("LInfinity of disjoint = %v", d)
	}
}
