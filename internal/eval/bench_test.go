package eval

import (
	"context"
	"math/rand/v2"
	"testing"
)

// BenchmarkEvaluate1M: 1,000,000 binary predictions with continuous
// scores, one slice column with 5 values, 1,000 resamples, all metrics.
func BenchmarkEvaluate1M(b *testing.B) {
	label, pred, score, slice := genBinary(1_000_000, 1)
	p := memBinary(label, pred, score, slice, []string{"a", "b", "c", "d", "e"})
	b.ResetTimer()
	reportCPU(b, func() {
		if _, err := Evaluate(context.Background(), p, Options{Resamples: 1000}); err != nil {
			b.Fatal(err)
		}
	})
}

// BenchmarkCompareAccuracy: the paired bootstrap of the verdict rule on
// 5,000 examples (8 cells), 1,000 resamples.
func BenchmarkCompareAccuracy(b *testing.B) {
	cand, base := simulatedPair(5000, churn{loss: 0.03, gain: 0.03}, 1, 1)
	reportCPU(b, func() {
		if _, err := Compare(context.Background(), cand, base, Accuracy, Options{}); err != nil {
			b.Fatal(err)
		}
	})
}

// BenchmarkCompareAUC1M: the paired bootstrap of ROC AUC on 1,000,000
// examples with continuous scores, 1,000 resamples.
func BenchmarkCompareAUC1M(b *testing.B) {
	label, pred, score, _ := genBinary(1_000_000, 1)
	_, pred2, score2, _ := genBinary(1_000_000, 2)
	cand, base := memBinary(label, pred, score, nil, nil), memBinary(label, pred2, score2, nil, nil)
	b.ResetTimer()
	reportCPU(b, func() {
		if _, err := Compare(context.Background(), cand, base, ROCAUC, Options{}); err != nil {
			b.Fatal(err)
		}
	})
}

// BenchmarkEvaluateRegression100k: 100,000 regression predictions, one
// slice column with 5 values, 1,000 resamples, all metrics.
func BenchmarkEvaluateRegression100k(b *testing.B) {
	const n = 100_000
	rng := rand.New(rand.NewPCG(1, 2))
	p := &Predictions{
		cols:  Columns{Label: "y", Prediction: "yhat", Task: Regression, Slices: []string{"s"}},
		files: []string{"mem.csv"},
		y:     make([]float64, n), yhat: make([]float64, n),
		slice: [][]int32{make([]int32, n)}, sliceValues: [][]string{{"a", "b", "c", "d", "e"}},
		rowFile: make([]int32, n), rowLine: make([]int32, n),
	}
	for i := range n {
		p.y[i] = 10 + rng.NormFloat64()
		p.yhat[i] = p.y[i] + 0.3*rng.NormFloat64()
		p.slice[0][i] = int32(rng.IntN(5))
		p.rowLine[i] = int32(i + 2)
	}
	b.ResetTimer()
	reportCPU(b, func() {
		if _, err := Evaluate(context.Background(), p, Options{Resamples: 1000}); err != nil {
			b.Fatal(err)
		}
	})
}
