package cli

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"testing"
	"time"

	"github.com/mlgate/mlgate/internal/result"
)

// BenchmarkReport50x10000 runs the whole "mlgate report" command, reading
// and decoding 50 result files with 10,000 findings each, then rendering the
// Markdown, JUnit and OpenMetrics files.
func BenchmarkReport50x10000(b *testing.B) {
	dir := b.TempDir()
	results := filepath.Join(dir, "results")
	t0 := time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)
	for i := range 50 {
		r := result.Result{
			Version: result.Version, ID: fmt.Sprintf("gate-%02d", i), Gate: "data",
			Status: result.Fail, Summary: "10000 findings", StartedAt: t0, DurationMS: 1500,
			Tool: result.Tool{Name: "mlgate", Version: "bench"},
		}
		for j := range 10000 {
			r.Findings = append(r.Findings, result.Finding{
				Severity: result.SeverityError, Check: "type",
				Message:  fmt.Sprintf("row %d: column age: want integer, got %q", j+2, "n/a"),
				Location: &result.Location{File: "data/train.csv", Line: j + 2, Column: 3, Field: "age"},
			})
		}
		if _, err := result.Write(results, r); err != nil {
			b.Fatal(err)
		}
	}
	env := Env{
		Stdout: io.Discard, Stderr: io.Discard,
		Getenv: func(string) string { return "" },
		Now:    func() time.Time { return t0 },
	}
	args := []string{"report", "--results-dir", results, "--platform", "local",
		"--markdown", filepath.Join(dir, "r.md"), "--junit", filepath.Join(dir, "j.xml"),
		"--metrics", filepath.Join(dir, "m.txt")}
	b.ResetTimer()
	for b.Loop() {
		if code := Main(context.Background(), args, env); code != ExitFail {
			b.Fatalf("exit %d, want 1", code)
		}
	}
}
