package score

import (
	"fmt"
	"io"
	"testing"

	"github.com/mlgate/mlgate/internal/result"
)

// BenchmarkComputeAndMarkdown scores 200 results (the report does this on
// every run) and renders the PR comment section.
func BenchmarkComputeAndMarkdown(b *testing.B) {
	kinds := []string{"data", "smoke", "repro", "gate", "canary", "monitor"}
	var results []result.Result
	for i := range 200 {
		results = append(results, res(fmt.Sprintf("r%03d", i), kinds[i%len(kinds)], result.Pass))
	}
	manual := []Manual{{Test: "model-1", Evidence: "https://wiki.example.com/review"}}
	b.ReportAllocs()
	for b.Loop() {
		s, err := Compute(results, manual)
		if err != nil {
			b.Fatal(err)
		}
		if err := Markdown(io.Discard, s); err != nil {
			b.Fatal(err)
		}
	}
}
