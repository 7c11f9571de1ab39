package stats

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"testing"
)

func relErr(got, want float64) float64 {
	if want == 0 {
		return math.Abs(got)
	}
	return math.Abs(got-want) / math.Abs(want)
}

func TestMomentsMatchNumpy(t *testing.T) {
	t.Parallel()
	// A large offset (1e9) with a small spread: the naive sum-of-squares
	// formula loses every digit here, Welford does not. Reference values
	// from numpy 1.24.2: x = [fmod(i*0.6180339887498949, 1)*1e6 + 1e9 for i
	// in 1..1000]; x.mean(), x.var(ddof=1).
	var m Moments
	for i := 1; i <= 1000; i++ {
		m.Add(math.Mod(float64(i)*phiFrac, 1)*1e6 + 1e9)
	}
	if e := relErr(m.Mean, 1000500011.3693223); e > 1e-14 {
		t.Errorf("mean %v, rel err %v", m.Mean, e)
	}
	if e := relErr(m.Variance(), 83400939898.75734); e > 1e-9 {
		t.Errorf("variance %v, rel err %v", m.Variance(), e)
	}
	if e := relErr(m.Std(), math.Sqrt(83400939898.75734)); e > 1e-9 {
		t.Errorf("std %v, rel err %v", m.Std(), e)
	}
}

func TestMomentsMergeEqualsSinglePass(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(1, 2))
	xs := make([]float64, 100001)
	for i := range xs {
		xs[i] = r.NormFloat64()*3 + 100
	}
	var all Moments
	for _, x := range xs {
		all.Add(x)
	}
	for _, cut := range []int{0, 1, 17, 50000, 100000, len(xs)} {
		var a, b Moments
		for _, x := range xs[:cut] {
			a.Add(x)
		}
		for _, x := range xs[cut:] {
			b.Add(x)
		}
		a.Merge(b)
		if a.N != all.N || a.Min != all.Min || a.Max != all.Max {
			t.Errorf("cut %d: N/min/max %v/%v/%v, single pass %v/%v/%v", cut, a.N, a.Min, a.Max, all.N, all.Min, all.Max)
		}
		if relErr(a.Mean, all.Mean) > 1e-12 || relErr(a.Variance(), all.Variance()) > 1e-12 {
			t.Errorf("cut %d: mean %v var %v, single pass %v %v", cut, a.Mean, a.Variance(), all.Mean, all.Variance())
		}
	}
}

func TestMomentsNonFinite(t *testing.T) {
	t.Parallel()
	var m Moments
	for _, x := range []float64{math.NaN(), 2, math.Inf(1), 4, math.Inf(-1), math.NaN()} {
		m.Add(x)
	}
	if m.N != 2 || m.NaN != 2 || m.PosInf != 1 || m.NegInf != 1 || m.Total() != 6 {
		t.Errorf("counts: %+v", m)
	}
	if m.Mean != 3 || m.Min != 2 || m.Max != 4 || m.Variance() != 2 {
		t.Errorf("finite moments: %+v var %v", m, m.Variance())
	}
	var empty Moments
	if !math.IsNaN(empty.Variance()) || !math.IsNaN(empty.PopulationVariance()) {
		t.Error("variance of nothing is not NaN")
	}
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	var back Moments
	if err := json.Unmarshal(b, &back); err != nil || back != m {
		t.Errorf("JSON round trip: %+v, %v (from %s)", back, err, b)
	}
}
