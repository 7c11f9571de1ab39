package stats

import (
	"math"
	"testing"
)

// ksSample reproduces, bit for bit, the samples of the reference script:
// v_i = fmod(i*mult, 1) + shift for i = 1..n, floored to one decimal when
// ties is set (so that the samples have heavy ties).
func ksSample(n int, mult, shift float64, ties bool) []float64 {
	out := make([]float64, n)
	for i := 1; i <= n; i++ {
		v := math.Mod(float64(i)*mult, 1)*1.0 + shift
		if ties {
			v = math.Floor(v*10) / 10
		}
		out[i-1] = v
	}
	return out
}

const (
	phiFrac   = 0.6180339887498949
	sqrt2Frac = 0.41421356237309503
)

// Reference values computed once with Debian's python3-scipy 1.10.1:
//
//	a = ksSample(n1, phiFrac, 0, ties); b = ksSample(n2, sqrt2Frac, shift, ties)
//	r = scipy.stats.ks_2samp(a, b, method='auto'); print(r.statistic, r.pvalue)
//
// Cases with max(n1, n2) <= 10000 take the exact path; the others (and
// (10000, 7), whose exact computation scipy gives up on) the asymptotic one.
var ks2Cases = []struct {
	n1, n2 int
	shift  float64
	ties   bool
	d, p   float64
}{
	{500, 400, 0.1, false, 0.106, 0.012602291175124083},
	{5000, 3000, 0.03, false, 0.031066666666666666, 0.05260142639826294},
	{300, 300, 0.15, true, 0.15333333333333332, 0.0017015674192205016},
	{20, 20, 0.0, false, 0.1, 0.9999923931635496},
	{20, 20, 0.3, false, 0.4, 0.08105771161340149},
	{30, 45, 0.1, false, 0.13333333333333333, 0.880200562153877},
	{200, 300, 0.05, false, 0.056666666666666664, 0.821203623563264},
	{1000, 1500, 0.02, true, 0.020666666666666667, 0.9565915053226159},
	{1000, 1000, 0.0, true, 0.001, 1.0},
	{12000, 9000, 0.01, false, 0.010333333333333306, 0.6383511361975978},
	{20000, 15000, 0.005, false, 0.005216666666666675, 0.9728745011420471},
	{100000, 50, 0.1, false, 0.13319999999999999, 0.3095227887131794},
	{15000, 15000, 0.0, true, 6.666666666671484e-05, 1.0},
	{10000, 7, 0.2, false, 0.32848571428571427, 0.35787165425831535},
}

func TestKS2MatchesScipy(t *testing.T) {
	t.Parallel()
	for _, c := range ks2Cases {
		a := ksSample(c.n1, phiFrac, 0, c.ties)
		b := ksSample(c.n2, sqrt2Frac, c.shift, c.ties)
		d, p, err := KS2(a, b)
		if err != nil {
			t.Fatalf("KS2(%d, %d): %v", c.n1, c.n2, err)
		}
		if math.Abs(d-c.d) > 1e-12 {
			t.Errorf("KS2(%d, %d, shift %v): D = %.17g, scipy %.17g", c.n1, c.n2, c.shift, d, c.d)
		}
		if math.Abs(p-c.p) > 1e-9*max(1, c.p) {
			t.Errorf("KS2(%d, %d, shift %v): p = %.17g, scipy %.17g (diff %.3g)", c.n1, c.n2, c.shift, p, c.p, p-c.p)
		}
	}
}

// Reference values: scipy.stats.kstwo.sf(x, n) (scipy 1.10.1), chosen to
// cover each branch of Simard and L'Ecuyer's algorithm.
var kolmogorovCases = []struct {
	n    int
	x, p float64
}{
	{5, 0.15, 0.9988},
	{5, 0.5, 0.112},
	{10, 0.05, 1.0},
	{10, 0.3, 0.27053557479999946},
	{10, 0.95, 1.9531250000000172e-13},
	{50, 0.1, 0.6623112704658186},
	{50, 0.25, 0.0030657620198693003},
	{100, 0.3, 1.7719869892662917e-08},
	{140, 0.05, 0.8576480297656114},
	{141, 0.05, 0.854845693009663},
	{500, 0.02, 0.9859871786857471},
	{500, 0.05, 0.15866260223815387},
	{500, 0.1, 8.342293067263533e-05},
	{1000, 0.03, 0.3226902143914636},
	{5000, 0.01, 0.6954557253913853},
	{100000, 0.002, 0.8178408363081542},
	{200000, 0.003, 0.0545369786611305},
	{1000000, 0.0012, 0.11215991901443556},
	{300, 0.4, 7.869569262280491e-44},
}

func TestKolmogorovSFMatchesScipy(t *testing.T) {
	t.Parallel()
	for _, c := range kolmogorovCases {
		got := KolmogorovSF(c.n, c.x)
		if math.Abs(got-c.p) > 1e-10*max(1e-3, c.p) {
			t.Errorf("KolmogorovSF(%d, %v) = %.17g, scipy %.17g", c.n, c.x, got, c.p)
		}
	}
}

func TestKS2Properties(t *testing.T) {
	t.Parallel()
	a := ksSample(50, phiFrac, 0, false)
	d, p, err := KS2(a, a)
	if err != nil || d != 0 || p != 1 {
		t.Errorf("KS2(a, a) = %v, %v, %v; want 0, 1, nil", d, p, err)
	}
	far := ksSample(50, sqrt2Frac, 10, false)
	d, p, err = KS2(a, far)
	if err != nil || d != 1 || p > 1e-20 {
		t.Errorf("KS2 of disjoint samples = %v, %v, %v; want 1, ~0, nil", d, p, err)
	}
	orig := a[0]
	d1, p1, _ := KS2(a, far[:10])
	d2, p2, _ := KS2(far[:10], a)
	if d1 != d2 || p1 != p2 || a[0] != orig {
		t.Errorf("KS2 is not symmetric or modified its input: %v,%v vs %v,%v", d1, p1, d2, p2)
	}
	if _, _, err := KS2(nil, a); err == nil {
		t.Error("KS2 with an empty sample: no error")
	}
	if _, _, err := KS2([]float64{1, math.NaN()}, a); err == nil {
		t.Error("KS2 with a NaN: no error")
	}
	inf := []float64{math.Inf(-1), 0, math.Inf(1)}
	if d, _, err := KS2(inf, inf); err != nil || d != 0 {
		t.Errorf("KS2 with infinities = %v, %v", d, err)
	}
}

func TestKSFromSketches(t *testing.T) {
	t.Parallel()
	// Far larger samples than the exact KS2 would want; the sketch
	// statistic must be close to the exact statistic.
	a := ksSample(200000, phiFrac, 0, false)
	b := ksSample(150000, sqrt2Frac, 0.02, false)
	sa, sb := NewSketch(), NewSketch()
	for _, x := range a {
		sa.Add(x)
	}
	for _, x := range b {
		sb.Add(x)
	}
	exact, _, err := KS2(a, b)
	if err != nil {
		t.Fatal(err)
	}
	approx, err := KSFromSketches(sa, sb)
	if err != nil {
		t.Fatal(err)
	}
	// Values move by at most 1% of themselves (<= 0.0102 here), so the CDFs
	// move by about that much at most: the bound is loose but checks scale.
	if math.Abs(approx-exact) > 0.011 {
		t.Errorf("KSFromSketches = %v, exact %v", approx, exact)
	}
	if _, err := KSFromSketches(NewSketch(), sb); err == nil {
		t.Error("KSFromSketches with an empty sketch: no error")
	}
}
