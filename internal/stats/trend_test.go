package stats

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// Reference values computed once with Debian's python3-numpy 1.24 and
// python3-scipy 1.10 (pymannkendall is not installed, so S and VarS are
// computed by hand as in Hipel and McLeod 1994):
//
//	s = sum(np.sign(x[i+1:] - x[i]).sum() for i in range(n-1))
//	_, t = np.unique(x, return_counts=True)
//	v = (n*(n-1)*(2*n+5) - (t*(t-1)*(2*t+5)).sum()) / 18
//	z = 0 if s == 0 else (s - np.sign(s)) / np.sqrt(v)
//	p, pdec = 2*norm.sf(abs(z)), norm.cdf(z)
//	tau = scipy.stats.kendalltau(np.arange(n), x).statistic
//	r = scipy.stats.theilslopes(x)  # r.slope, r.intercept
var trendCases = []struct {
	name                     string
	x                        []float64
	s, varS, z, p, pDec, tau float64
	slope, intercept         float64
}{
	{
		name: "ties",
		x:    []float64{5, 3, 4, 2, 2, 1, 3, 0.5, 0.5, 0.2},
		s:    -34, varS: 122, z: -2.9876796194031114, p: 0.0028110405915931177, pDec: 0.0014055202957965589,
		tau: -0.7820743005880014, slope: -0.4166666666666667, intercept: 3.875,
	},
	{
		// np.round(rng.normal(size=40) - 0.02*np.arange(40), 1), rng = default_rng(42)
		name: "rounded noise",
		x: []float64{0.3, -1.1, 0.7, 0.9, -2.0, -1.4, 0.0, -0.5, -0.2, -1.0, 0.7, 0.6, -0.2, 0.9, 0.2, -1.2, 0.0, -1.3, 0.5, -0.4,
			-0.6, -1.1, 0.8, -0.6, -0.9, -0.9, 0.0, -0.2, -0.1, -0.1, 1.5, -1.0, -1.2, -1.5, -0.1, 0.4, -0.8, -1.6, -1.6, -0.1},
		s: -110, varS: 7342.666666666667, z: -1.272036553294796, p: 0.20336013206324377, pDec: 0.10168006603162189,
		tau: -0.14286919170318607, slope: -0.014285714285714287, intercept: 0.07857142857142857,
	},
	{
		name: "increasing",
		x:    []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10},
		s:    45, varS: 125, z: 3.9354796403996297, p: 8.303070332644974e-05, pDec: 0.9999584846483368,
		tau: 1, slope: 1, intercept: 1,
	},
	{
		name: "three",
		x:    []float64{3, 1, 2},
		s:    -1, varS: 3.6666666666666665, z: 0, p: 1, pDec: 0.5,
		tau: -0.33333333333333337, slope: -0.5, intercept: 2.5,
	},
}

func near(got, want, tol float64) bool {
	return math.Abs(got-want) <= tol*math.Max(1, math.Abs(want))
}

func TestMannKendallReference(t *testing.T) {
	t.Parallel()
	for _, c := range trendCases {
		m, err := MannKendallTest(c.x)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if m.N != len(c.x) || m.S != c.s || !near(m.VarS, c.varS, 1e-12) {
			t.Errorf("%s: N, S, VarS = %d, %g, %g; want %d, %g, %g", c.name, m.N, m.S, m.VarS, len(c.x), c.s, c.varS)
		}
		for _, f := range []struct {
			what      string
			got, want float64
		}{{"Z", m.Z, c.z}, {"P", m.P, c.p}, {"PDecrease", m.PDecrease, c.pDec}, {"Tau", m.Tau, c.tau}} {
			if !near(f.got, f.want, 1e-12) {
				t.Errorf("%s: %s = %.17g, want %.17g", c.name, f.what, f.got, f.want)
			}
		}
	}
}

func TestTheilSenReference(t *testing.T) {
	t.Parallel()
	for _, c := range trendCases {
		slope, icpt := TheilSen(c.x)
		if !near(slope, c.slope, 1e-12) || !near(icpt, c.intercept, 1e-12) {
			t.Errorf("%s: TheilSen = %.17g, %.17g; want %.17g, %.17g", c.name, slope, icpt, c.slope, c.intercept)
		}
	}
	// scipy.stats.theilslopes(y, x) with a repeated x (the pair is skipped).
	x := []float64{0.5, 1, 1, 2, 3.5, 4, 7, 8}
	y := []float64{1, 2.5, 3, 2, 7, 8, 8.5, 20}
	if slope, icpt := TheilSenXY(x, y); slope != 2 || icpt != -0.5 {
		t.Errorf("TheilSenXY = %g, %g; want 2, -0.5", slope, icpt)
	}
}

// bruteS computes S from its definition, in O(n^2).
func bruteS(x []float64) (s float64) {
	for i := range x {
		for j := i + 1; j < len(x); j++ {
			switch {
			case x[j] > x[i]:
				s++
			case x[j] < x[i]:
				s--
			}
		}
	}
	return s
}

func TestMannKendallMatchesBruteForce(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(7, 7))
	for trial := range 200 {
		n := 3 + r.IntN(300)
		x := make([]float64, n)
		levels := 1 + r.IntN(50) // few levels: heavy ties
		for i := range x {
			x[i] = float64(r.IntN(levels)) - 0.01*float64(i)*float64(trial%3)
		}
		if trial%10 == 0 {
			x[r.IntN(n)] = math.Inf(1)
			x[r.IntN(n)] = math.Inf(-1)
		}
		orig := append([]float64(nil), x...)
		m, err := MannKendallTest(x)
		if err != nil {
			t.Fatal(err)
		}
		if want := bruteS(x); m.S != want {
			t.Fatalf("trial %d (n=%d): S = %g, brute force %g", trial, n, m.S, want)
		}
		for i := range x {
			if x[i] != orig[i] {
				t.Fatalf("trial %d: input modified at %d", trial, i)
			}
		}
	}
}

func TestMannKendallEdgeCases(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		x    []float64
		want string
	}{
		{nil, "at least 3 values, got 0"},
		{[]float64{1, 2}, "at least 3 values, got 2"},
		{[]float64{1, math.NaN(), 2}, "value 1 is NaN"},
	} {
		_, err := MannKendallTest(c.x)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("MannKendallTest(%v) error = %v, want %q", c.x, err, c.want)
		}
	}
	m, err := MannKendallTest([]float64{2, 2, 2, 2})
	if err != nil {
		t.Fatal(err)
	}
	if m.S != 0 || m.VarS != 0 || m.Z != 0 || m.P != 1 || m.PDecrease != 0.5 || m.Tau != 0 {
		t.Errorf("constant series: %+v, want S=VarS=Z=Tau=0, P=1, PDecrease=0.5", m)
	}
}

func TestTheilSenEdgeCases(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name string
		x, y []float64
	}{
		{"one point", []float64{1}, []float64{1}},
		{"length mismatch", []float64{1, 2}, []float64{1, 2, 3}},
		{"NaN", []float64{1, 2, 3}, []float64{1, math.NaN(), 3}},
		{"Inf", []float64{1, 2, 3}, []float64{1, math.Inf(1), 3}},
		{"equal x", []float64{4, 4, 4}, []float64{1, 2, 3}},
	} {
		if s, i := TheilSenXY(c.x, c.y); !math.IsNaN(s) || !math.IsNaN(i) {
			t.Errorf("%s: got %g, %g; want NaN, NaN", c.name, s, i)
		}
	}
}

func TestTheilSenSubsample(t *testing.T) {
	t.Parallel()
	// An exact line survives the subsample; outliers in one point of ten
	// do not move the slope (the intercept, median(y) - slope*median(x),
	// does move, as in scipy).
	n := 5*TheilSenMaxPoints + 3
	y := make([]float64, n)
	for i := range y {
		y[i] = 1 - 0.25*float64(i)
	}
	if slope, icpt := TheilSen(y); slope != -0.25 || !near(icpt, 1, 1e-12) {
		t.Errorf("exact line: %g, %g; want -0.25, 1", slope, icpt)
	}
	for i := 3; i < n; i += 10 {
		y[i] += 1e6
	}
	if slope, _ := TheilSen(y); slope != -0.25 {
		t.Errorf("with outliers: slope = %g, want -0.25", slope)
	}
	idx := subsample(n, TheilSenMaxPoints)
	if len(idx) != TheilSenMaxPoints || idx[0] != 0 || idx[len(idx)-1] != n-1 {
		t.Errorf("subsample: %d indices from %d to %d", len(idx), idx[0], idx[len(idx)-1])
	}
}

func TestMedian(t *testing.T) {
	t.Parallel()
	v := []float64{3, 1, 2, 10}
	if m, err := Median(v); err != nil || m != 2.5 || v[0] != 3 {
		t.Errorf("Median = %g, %v (input %v); want 2.5 and an unmodified input", m, err, v)
	}
	r := rand.New(rand.NewPCG(3, 3))
	for trial := range 300 {
		w := make([]float64, 1+r.IntN(200))
		for i := range w {
			w[i] = float64(r.IntN(1 + trial%20)) // heavy ties in early trials
		}
		sorted := slices.Sorted(slices.Values(w))
		n := len(sorted)
		want := (sorted[(n-1)/2] + sorted[n/2]) / 2
		if got, _ := Median(w); got != want {
			t.Fatalf("trial %d: Median(%v) = %g, want %g", trial, w, got, want)
		}
	}
	if _, err := Median(nil); err == nil {
		t.Error("Median(nil): want an error")
	}
	if _, err := Median([]float64{1, math.NaN()}); err == nil {
		t.Error("Median with NaN: want an error")
	}
}

func BenchmarkMannKendall100k(b *testing.B) {
	x := benchValues(100_000)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := MannKendallTest(x); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkTheilSen2000(b *testing.B) {
	y := benchValues(TheilSenMaxPoints)
	b.ReportAllocs()
	for b.Loop() {
		TheilSen(y)
	}
}
