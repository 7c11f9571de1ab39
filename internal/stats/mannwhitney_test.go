package stats

import (
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
)

// Reference values computed once with Debian's python3-scipy 1.10.1:
//
//	a = ksSample(n1, phiFrac, 0, ties); b = ksSample(n2, sqrt2Frac, shift, ties)
//	for alt in ("two-sided", "less", "greater"):
//	    r = scipy.stats.mannwhitneyu(a, b, alternative=alt, method="auto")
//	print(r.statistic, p_two_sided, p_less, p_greater)
//
// exact marks the cases scipy's method='auto' computes exactly (the smaller
// sample has at most 8 values and there are no ties).
var mwCases = []struct {
	n1, n2                int
	shift                 float64
	ties, exact           bool
	u1                    float64
	pTwo, pLess, pGreater float64
}{
	{50, 60, 0.1, false, false, 1212.0, 0.08437203603832777, 0.042186018019163884, 0.9583513015213893},
	{500, 400, 0.05, false, false, 90177.0, 0.011252734716729057, 0.005626367358364528, 0.9943777756764501},
	{3000, 2000, 0.01, false, false, 2942252.0, 0.2481581970363037, 0.12407909851815185, 0.8759249968672009},
	{300, 300, 0.15, true, false, 32707.0, 6.049036208787813e-09, 3.0245181043939065e-09, 0.9999999969840244},
	{40, 30, 0.0, true, false, 614.5, 0.8673708890189612, 0.5710026568547876, 0.4336854445094806},
	{7, 5, 0.1, true, false, 15.0, 0.7444691233213082, 0.3722345616606541, 0.6875477328061641},
	{5, 7, 0.2, false, true, 9.0, 0.20202020202020204, 0.10101010101010102, 0.9255050505050504},
	{8, 8, 0.1, false, true, 28.0, 0.7209013209013208, 0.3604506604506604, 0.6773115773115771},
	{3, 100, 0.1, false, true, 141.0, 0.8753696614664319, 0.43768483073321596, 0.5695924818067184},
	{8, 600, 0.05, false, true, 2312.0, 0.8618938258334333, 0.43094691291671666, 0.5698344960351418},
	{1, 10, 0.0, false, true, 6.0, 0.9090909090909092, 0.6363636363636365, 0.4545454545454546},
	{9, 9, 0.1, false, false, 34.0, 0.5962416305866567, 0.29812081529332835, 0.7317502653402719},
	{4, 4, 0.5, false, true, 1.0, 0.05714285714285714, 0.02857142857142857, 0.9857142857142855},
	{8, 200, 0.9, false, true, 10.0, 3.5872449544734897e-12, 1.7936224772367448e-12, 0.9999999999987339},
	{6, 6, 2.0, false, true, 0.0, 0.0021645021645021645, 0.0010822510822510823, 1.0},
	{2, 3, -5.0, false, true, 6.0, 0.2, 1.0, 0.1},
	{100000, 100000, 0.001, false, false, 4989995505.0, 0.43837341603103785, 0.21918670801551893, 0.7808133148710008},
	{20000, 30000, 0.0, true, false, 300013000.0, 0.9934072011760603, 0.5032966529851367, 0.49670360058803015},
}

func closeRel(got, want, rel float64) bool {
	return math.Abs(got-want) <= rel*math.Abs(want) || math.Abs(got-want) < 1e-300
}

func TestMannWhitneyUMatchesScipy(t *testing.T) {
	t.Parallel()
	for _, c := range mwCases {
		a := ksSample(c.n1, phiFrac, 0, c.ties)
		b := ksSample(c.n2, sqrt2Frac, c.shift, c.ties)
		for _, alt := range []struct {
			name string
			p    float64
		}{{TwoSided, c.pTwo}, {Less, c.pLess}, {Greater, c.pGreater}} {
			r, err := MannWhitneyU(a, b, alt.name)
			if err != nil {
				t.Fatalf("(%d, %d, %v) %s: %v", c.n1, c.n2, c.shift, alt.name, err)
			}
			if r.U1 != c.u1 || r.U2 != float64(c.n1*c.n2)-c.u1 {
				t.Errorf("(%d, %d, %v): U1, U2 = %v, %v; want %v, %v", c.n1, c.n2, c.shift, r.U1, r.U2, c.u1, float64(c.n1*c.n2)-c.u1)
			}
			if r.Exact != c.exact {
				t.Errorf("(%d, %d, %v): exact = %v, want %v", c.n1, c.n2, c.shift, r.Exact, c.exact)
			}
			if !closeRel(r.P, alt.p, 1e-9) {
				t.Errorf("(%d, %d, %v) %s: p = %.17g, want %.17g (scipy)", c.n1, c.n2, c.shift, alt.name, r.P, alt.p)
			}
			if want := c.u1 / float64(c.n1*c.n2); r.Effect != want {
				t.Errorf("(%d, %d, %v): effect = %v, want U1/(n1 n2) = %v", c.n1, c.n2, c.shift, r.Effect, want)
			}
			if r.N1 != c.n1 || r.N2 != c.n2 {
				t.Errorf("N1, N2 = %d, %d; want %d, %d", r.N1, r.N2, c.n1, c.n2)
			}
		}
	}
}

// TestMannWhitneyUCountsPairs checks U1 against its definition, a count of
// pairs, on random samples with ties and infinities.
func TestMannWhitneyUCountsPairs(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(7, 11))
	for trial := range 50 {
		a := make([]float64, 1+r.IntN(40))
		b := make([]float64, 1+r.IntN(40))
		for _, s := range [][]float64{a, b} {
			for i := range s {
				s[i] = float64(r.IntN(12))
				switch r.IntN(20) {
				case 0:
					s[i] = math.Inf(1)
				case 1:
					s[i] = math.Inf(-1)
				}
			}
		}
		var want float64
		for _, x := range a {
			for _, y := range b {
				switch {
				case x > y:
					want++
				case x == y:
					want += 0.5
				}
			}
		}
		res, err := MannWhitneyU(a, b, TwoSided)
		if err != nil {
			t.Fatal(err)
		}
		if res.U1 != want {
			t.Errorf("trial %d: U1 = %v, want %v pairs", trial, res.U1, want)
		}
		if res.P < 0 || res.P > 1 {
			t.Errorf("trial %d: p = %v out of [0, 1]", trial, res.P)
		}
	}
}

// TestMannWhitneyExactDistribution checks the exact null distribution
// against full enumeration of the orderings of small samples.
func TestMannWhitneyExactDistribution(t *testing.T) {
	t.Parallel()
	for m := 1; m <= 5; m++ {
		for n := m; n <= 7; n++ {
			// counts[k] = number of m-subsets of {0..m+n-1} (positions of the
			// first sample in the pooled order) with U = k.
			counts := make([]float64, m*n+1)
			total := 0.0
			for mask := 0; mask < 1<<(m+n); mask++ {
				if popcount(mask) != m {
					continue
				}
				u, below := 0, 0 // below: second-sample values seen so far
				for pos := range m + n {
					if mask&(1<<pos) != 0 {
						u += below
					} else {
						below++
					}
				}
				counts[u]++
				total++
			}
			sf := 0.0
			for u := m * n; u >= 0; u-- {
				sf += counts[u] / total
				if got := mwExactSF(u, m, n); math.Abs(got-sf) > 1e-12 {
					t.Errorf("m=%d n=%d: P(U >= %d) = %v, want %v", m, n, u, got, sf)
				}
			}
		}
	}
}

func popcount(x int) int {
	n := 0
	for ; x != 0; x &= x - 1 {
		n++
	}
	return n
}

func TestMannWhitneyUAllEqual(t *testing.T) {
	t.Parallel()
	r, err := MannWhitneyU([]float64{3, 3, 3, 3, 3, 3, 3, 3, 3, 3}, []float64{3, 3, 3, 3, 3, 3, 3, 3, 3}, TwoSided)
	if err != nil {
		t.Fatal(err)
	}
	if r.P != 1 || r.Effect != 0.5 || !math.IsInf(r.Z, -1) {
		t.Errorf("all equal: p = %v, effect = %v, z = %v; want 1, 0.5, -Inf", r.P, r.Effect, r.Z)
	}
}

func TestMannWhitneyUErrors(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		a, b []float64
		alt  string
		want string
	}{
		{nil, []float64{1}, TwoSided, "empty"},
		{[]float64{1}, []float64{}, TwoSided, "empty"},
		{[]float64{1, math.NaN()}, []float64{1}, TwoSided, "value 1 of the first sample is NaN"},
		{[]float64{1}, []float64{math.NaN()}, Less, "value 0 of the second sample is NaN"},
		{[]float64{1}, []float64{2}, "bigger", `unknown alternative "bigger"`},
	} {
		_, err := MannWhitneyU(c.a, c.b, c.alt)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("MannWhitneyU(%v, %v, %q) error = %v, want it to mention %q", c.a, c.b, c.alt, err, c.want)
		}
	}
}

func TestMannWhitneyUDoesNotModifyInput(t *testing.T) {
	t.Parallel()
	a, b := []float64{3, 1, 2}, []float64{9, 0, 5, 4}
	if _, err := MannWhitneyU(a, b, Greater); err != nil {
		t.Fatal(err)
	}
	if a[0] != 3 || a[1] != 1 || b[0] != 9 || b[1] != 0 {
		t.Errorf("inputs were reordered: %v %v", a, b)
	}
}

func BenchmarkMannWhitneyU(b *testing.B) {
	for _, n := range []int{1000, 100000} {
		x, y := mwBenchSample(n, 1), mwBenchSample(n, 2)
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := MannWhitneyU(x, y, TwoSided); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkMannWhitneyUExact(b *testing.B) {
	x, y := mwBenchSample(8, 1), mwBenchSample(100000, 2)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := MannWhitneyU(x, y, Greater); err != nil {
			b.Fatal(err)
		}
	}
}

// mwBenchSample returns n lognormal latencies drawn with the given seed.
func mwBenchSample(n int, seed uint64) []float64 {
	r := rand.New(rand.NewPCG(seed, 3))
	xs := make([]float64, n)
	for i := range xs {
		xs[i] = 100 * math.Exp(0.5*r.NormFloat64())
	}
	return xs
}
