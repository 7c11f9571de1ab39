package stats

import (
	"bytes"
	"encoding/json"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

var testQuantiles = []float64{0, 0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 1}

func distributions() map[string][]float64 {
	r := rand.New(rand.NewPCG(7, 11))
	gen := func(n int, f func() float64) []float64 {
		xs := make([]float64, n)
		for i := range xs {
			xs[i] = f()
		}
		return xs
	}
	return map[string][]float64{
		"uniform":    gen(50000, func() float64 { return r.Float64() * 1000 }),
		"normal":     gen(50000, func() float64 { return r.NormFloat64()*10 + 3 }),
		"lognormal":  gen(50000, func() float64 { return math.Exp(r.NormFloat64() * 3) }),
		"discrete":   gen(50000, func() float64 { return float64(r.IntN(5)) }),
		"negatives":  gen(50000, func() float64 { return -math.Exp(r.Float64() * 20) }),
		"zero-heavy": gen(50000, func() float64 { return float64(max(0, r.IntN(10)-6)) * r.Float64() }),
	}
}

// lowerQuantile is numpy.quantile(xs, q, method="lower") for sorted xs.
func lowerQuantile(sorted []float64, q float64) float64 {
	return sorted[int(math.Floor(q*float64(len(sorted)-1)))]
}

func checkAccuracy(t *testing.T, name string, s *Sketch, xs []float64) {
	t.Helper()
	sorted := slices.Clone(xs)
	slices.Sort(sorted)
	for _, q := range testQuantiles {
		want := lowerQuantile(sorted, q)
		got := s.Quantile(q)
		if math.Abs(got-want) > SketchRelativeAccuracy*math.Abs(want)*(1+1e-9) {
			t.Errorf("%s: Quantile(%v) = %v, exact %v: relative error %v > %v",
				name, q, got, want, relErr(got, want), SketchRelativeAccuracy)
		}
	}
}

func TestSketchAccuracy(t *testing.T) {
	t.Parallel()
	for name, xs := range distributions() {
		s := NewSketch()
		for _, x := range xs {
			s.Add(x)
		}
		if s.Count() != float64(len(xs)) {
			t.Errorf("%s: Count %v, want %d", name, s.Count(), len(xs))
		}
		checkAccuracy(t, name, s, xs)
	}
}

func TestSketchMergeEqualsUnion(t *testing.T) {
	t.Parallel()
	for name, xs := range distributions() {
		whole, a, b := NewSketch(), NewSketch(), &Sketch{} // zero value usable
		for i, x := range xs {
			whole.Add(x)
			if i%3 == 0 {
				a.Add(x)
			} else {
				b.Add(x)
			}
		}
		if err := a.Merge(b); err != nil {
			t.Fatal(err)
		}
		checkAccuracy(t, name+" merged", a, xs)
		// Merging adds bin counts: the merged sketch is the sketch of the
		// union, byte for byte.
		ja, _ := json.Marshal(a)
		jw, _ := json.Marshal(whole)
		if !bytes.Equal(ja, jw) {
			t.Errorf("%s: merge(A,B) differs from sketch(A∪B)", name)
		}
	}
}

func TestSketchJSONRoundTrip(t *testing.T) {
	t.Parallel()
	s := NewSketch()
	for _, x := range []float64{-3, -3, -0.5, 0, 0, 1, 2.5, 1e6, math.NaN(), math.Inf(1), math.Inf(-1), math.Inf(-1)} {
		s.Add(x)
	}
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	var back Sketch
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatalf("decoding %s: %v", b, err)
	}
	b2, _ := json.Marshal(&back)
	if !bytes.Equal(b, b2) {
		t.Errorf("round trip changed the JSON:\n%s\n%s", b, b2)
	}
	for _, q := range testQuantiles {
		if got, want := back.Quantile(q), s.Quantile(q); got != want {
			t.Errorf("Quantile(%v) after round trip %v, before %v", q, got, want)
		}
	}
	if back.NaN() != 1 || back.Count() != 11 {
		t.Errorf("NaN %d, Count %v; want 1, 11", back.NaN(), back.Count())
	}
	if s.Quantile(0) != math.Inf(-1) || s.Quantile(1) != math.Inf(1) || s.Quantile(0.5) != 0 {
		t.Errorf("quantiles 0, 0.5, 1: %v %v %v", s.Quantile(0), s.Quantile(0.5), s.Quantile(1))
	}
}

func TestSketchEdgeCases(t *testing.T) {
	t.Parallel()
	s := NewSketch()
	if !math.IsNaN(s.Quantile(0.5)) {
		t.Error("quantile of an empty sketch is not NaN")
	}
	s.Add(math.MaxFloat64)
	s.Add(-math.MaxFloat64)
	s.Add(5e-324)
	if s.Count() != 3 || !math.IsNaN(s.Quantile(1.5)) || !math.IsNaN(s.Quantile(math.NaN())) {
		t.Errorf("count %v; out-of-range q must give NaN", s.Count())
	}
	if got := s.Quantile(1); got < 1e308 || math.IsInf(got, 0) {
		t.Errorf("clamped max: %v", got)
	}
	other := &Sketch{}
	other.init(0.05)
	other.Add(1)
	if err := s.Merge(other); err == nil {
		t.Error("merging sketches of different accuracy: no error")
	}
	for _, bad := range []string{
		`{"mapping":"bogus","relative_accuracy":0.01,"zero_count":0}`,
		`{"mapping":"cubic","relative_accuracy":1.5,"zero_count":0}`,
		`{"mapping":"cubic","relative_accuracy":0.01,"zero_count":0,"positive":{"offset":1000000000,"counts":[1]}}`,
		`{"mapping":"cubic","relative_accuracy":0.01,"zero_count":0,"positive":{"offset":0,"counts":[-1]}}`,
		`{"mapping":"cubic","relative_accuracy":0.01,"zero_count":0,"negative":{"offset":0,"counts":[` +
			string(bytes.Repeat([]byte("1,"), SketchMaxBins)) + `1]}}`,
		`[]`,
	} {
		var x Sketch
		if err := json.Unmarshal([]byte(bad), &x); err == nil {
			t.Errorf("decoding %.80s: no error", bad)
		}
	}
}
