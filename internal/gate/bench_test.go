package gate

import (
	"context"
	"testing"

	"github.com/mlgate/mlgate/internal/result"
)

func BenchmarkRun(b *testing.B) {
	opt := Options{CandidatePaths: []string{"testdata/candidate.json"}, BaselinePath: "testdata/baseline.json", Now: fakeClock(),
		Rules: []string{"accuracy >= 0.90", "f1: max_drop=0.01", "latency_ms <= 50", "eval.auc: max_drop_pct=2", "folds.1.auc > 0.9"}}
	for b.Loop() {
		if res := Run(context.Background(), opt); res.Status == result.Error {
			b.Fatal(res.Error)
		}
	}
}

func BenchmarkParseMetricsYAML(b *testing.B) {
	data := []byte("eval:\n  accuracy: 0.91\n  rmse: 1e-3\nfolds:\n  - auc: 0.8\n  - auc: 0.85\n")
	for b.Loop() {
		if _, err := ParseMetrics("m.yaml", data); err != nil {
			b.Fatal(err)
		}
	}
}
