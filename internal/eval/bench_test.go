package eval

import (
	"context"
	"testing"
)

// BenchmarkEvaluate1M: 1,000,000 binary predictions with continuous
// scores, one slice column with 5 values, 1,000 resamples, all metrics.
func BenchmarkEvaluate1M(b *testing.B) {
	label, pred, score, slice := genBinary(1_000_000, 1)
	p := memBinary(label, pred, score, slice, []string{"a", "b", "c", "d", "e"})
	b.ResetTimer()
	for b.Loop() {
		if _, err := Evaluate(context.Background(), p, Options{Resamples: 1000}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCompareAccuracy: the paired bootstrap of the verdict rule on
// 5,000 examples (8 cells), 1,000 resamples.
func BenchmarkCompareAccuracy(b *testing.B) {
	cand, base := simulatedPair(5000, churn{loss: 0.03, gain: 0.03}, 1, 1)
	for b.Loop() {
		if _, err := Compare(context.Background(), cand, base, Accuracy, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCompareAUC1M: the paired bootstrap of ROC AUC on 1,000,000
// examples with continuous scores, 1,000 resamples.
func BenchmarkCompareAUC1M(b *testing.B) {
	label, pred, score, _ := genBinary(1_000_000, 1)
	_, pred2, score2, _ := genBinary(1_000_000, 2)
	cand, base := memBinary(label, pred, score, nil, nil), memBinary(label, pred2, score2, nil, nil)
	b.ResetTimer()
	for b.Loop() {
		if _, err := Compare(context.Background(), cand, base, ROCAUC, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
