package stats

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

func benchValues(n int) []float64 {
	r := rand.New(rand.NewPCG(1, 1))
	xs := make([]float64, n)
	for i := range xs {
		xs[i] = r.NormFloat64()*100 + 50
	}
	return xs
}

func BenchmarkSketchAdd(b *testing.B) {
	xs := benchValues(1 << 16)
	s := NewSketch()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		s.Add(xs[i&(1<<16-1)])
	}
}

func BenchmarkMomentsAdd(b *testing.B) {
	xs := benchValues(1 << 16)
	var m Moments
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		m.Add(xs[i&(1<<16-1)])
	}
}

func BenchmarkHistogramAdd(b *testing.B) {
	xs := benchValues(1 << 16)
	s := NewSketch()
	for _, x := range xs {
		s.Add(x)
	}
	h, err := NewHistogram(QuantileEdges(s, 20))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		h.Add(xs[i&(1<<16-1)])
	}
}

func benchFrequencies(b *testing.B, distinct int) {
	vals := make([]string, 1<<16)
	r := rand.New(rand.NewPCG(2, 2))
	for i := range vals {
		vals[i] = fmt.Sprintf("value-%d", r.IntN(distinct))
	}
	f := NewFrequencies(DefaultFrequenciesCap)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		f.Add(vals[i&(1<<16-1)])
	}
}

func BenchmarkFrequenciesAddEnum5(b *testing.B)           { benchFrequencies(b, 5) }
func BenchmarkFrequenciesAddHighCardinality(b *testing.B) { benchFrequencies(b, 1000000) }

func BenchmarkKS2Exact(b *testing.B) {
	x, y := benchValues(5000), benchValues(4000)
	for b.Loop() {
		if _, _, err := KS2(x, y); err != nil {
			b.Fatal(err)
		}
	}
}
