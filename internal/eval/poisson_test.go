package eval

import (
	"math"
	"testing"
)

// The table for Poisson(1) has each probability to within 1/65536.
func TestPoissonTable(t *testing.T) {
	t.Parallel()
	var hist [16]int
	for _, k := range poisson1 {
		hist[k]++
	}
	pk := math.Exp(-1)
	for k := range hist {
		if k > 0 {
			pk /= float64(k)
		}
		if got := float64(hist[k]) / (1 << 16); math.Abs(got-pk) > 1.0/(1<<16) {
			t.Errorf("P(%d) = %.7f, want %.7f", k, got, pk)
		}
	}
}

// Draws of every branch (table, small-mean inversion, PTRS) have the
// mean and variance of Poisson(lam), within 5 standard errors.
func TestPoissonMoments(t *testing.T) {
	t.Parallel()
	const n = 200_000
	for _, lam := range []float64{1, 2, 5, 9.9, 10, 37, 1000, 250_000} {
		var s sampler
		s.seed(42, int(lam))
		d := newDist(lam)
		var sum, sum2 float64
		for range n {
			var k float64
			if lam == 1 {
				k = float64(s.one())
			} else {
				k = float64(s.poisson(&d))
			}
			sum += k
			sum2 += k * k
		}
		mean := sum / n
		variance := sum2/n - mean*mean
		if se := math.Sqrt(lam / n); math.Abs(mean-lam) > 5*se {
			t.Errorf("Poisson(%g): mean %.4f", lam, mean)
		}
		// The variance of the sample variance is about (lam + 2 lam^2)/n.
		if se := math.Sqrt((lam + 2*lam*lam) / n); math.Abs(variance-lam) > 5*se {
			t.Errorf("Poisson(%g): variance %.4f", lam, variance)
		}
	}
}

// PTRS matches the Poisson probabilities of a mid-size mean (chi-square
// over the central values).
func TestPoissonPTRSDistribution(t *testing.T) {
	t.Parallel()
	const n, lam = 400_000, 20.0
	var s sampler
	s.seed(7, 0)
	d := newDist(lam)
	counts := map[uint32]int{}
	for range n {
		counts[s.poisson(&d)]++
	}
	chi2, cells := 0.0, 0
	for k := uint32(8); k <= 34; k++ {
		lg, _ := math.Lgamma(float64(k) + 1)
		want := n * math.Exp(float64(k)*math.Log(lam)-lam-lg)
		diff := float64(counts[k]) - want
		chi2 += diff * diff / want
		cells++
	}
	// 27 cells: the 99.99th percentile of chi-square(27) is about 61.
	if chi2 > 61 {
		t.Errorf("chi-square %.1f over %d cells", chi2, cells)
	}
}

// A resample's weights depend on (seed, resample) only.
func TestSamplerStreams(t *testing.T) {
	t.Parallel()
	ws := newWeights([]uint32{1, 1, 3, 1, 40, 1, 1})
	draw := func(seed uint64, r int) []uint32 {
		var s sampler
		s.seed(seed, r)
		w := make([]uint32, 7)
		s.draw(ws, w)
		return w
	}
	a, b := draw(1, 5), draw(1, 5)
	if !slicesEqual(a, b) {
		t.Fatalf("same seed, different weights: %v %v", a, b)
	}
	differ := 0
	for r := range 20 {
		if !slicesEqual(draw(1, r), draw(1, r+1)) {
			differ++
		}
	}
	if differ < 19 {
		t.Errorf("only %d of 20 neighbouring resamples differ", differ)
	}
}

func slicesEqual(a, b []uint32) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// Cells of small counts draw Poisson(c) as a sum of c table draws: fill
// gives them the mean and variance of Poisson(c), and the whole
// distribution of Poisson(3) (chi-square over 0..9).
func TestSummedCounts(t *testing.T) {
	t.Parallel()
	const n = 100_000
	for _, c := range []uint32{2, 3, 7, maxSummedCount} {
		counts := make([]uint32, n)
		for i := range counts {
			counts[i] = c
		}
		ws := newWeights(counts)
		w := make([]uint32, n)
		var s sampler
		s.seed(7, int(c))
		s.draw(ws, w)
		var sum, sum2 float64
		hist := make([]float64, 10)
		for _, k := range w {
			sum += float64(k)
			sum2 += float64(k) * float64(k)
			if k < 10 {
				hist[k]++
			}
		}
		lam := float64(c)
		mean, variance := sum/n, sum2/n-(sum/n)*(sum/n)
		if se := math.Sqrt(lam / n); math.Abs(mean-lam) > 5*se {
			t.Errorf("count %d: mean %.4f", c, mean)
		}
		if se := math.Sqrt((lam + 2*lam*lam) / n); math.Abs(variance-lam) > 5*se {
			t.Errorf("count %d: variance %.4f", c, variance)
		}
		if c != 3 {
			continue
		}
		chi2, pk := 0.0, math.Exp(-lam)
		for k := range hist {
			if k > 0 {
				pk *= lam / float64(k)
			}
			chi2 += (hist[k] - n*pk) * (hist[k] - n*pk) / (n * pk)
		}
		// 10 cells, 9 degrees of freedom: the 0.999 quantile is 27.9.
		if chi2 > 27.9 {
			t.Errorf("Poisson(3) by sums: chi-square %.1f over 0..9", chi2)
		}
	}
}
