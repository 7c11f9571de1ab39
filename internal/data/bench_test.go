package data

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/mlgate/mlgate/internal/data/table"
	"github.com/mlgate/mlgate/internal/result"
)

const benchSchema = `{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "type": "object",
  "properties": {
    "age": {"type": "integer", "minimum": 0, "maximum": 120},
    "income": {"type": "number", "minimum": 0},
    "city": {"type": "string", "enum": ["Berlin", "Lagos", "Lima", "New York", "Tokyo"]},
    "score": {"type": "number", "minimum": 0, "maximum": 1},
    "label": {"type": "integer", "enum": [0, 1]},
    "email": {"type": "string", "pattern": "^[^@]+@[^@]+$"},
    "g1": {"type": "number"}, "g2": {"type": "number"}, "g3": {"type": "number"}, "g4": {"type": "number"}
  },
  "required": ["age", "income", "city", "score", "label", "email", "g1", "g2", "g3", "g4"],
  "additionalProperties": false
}`

// writeBenchData writes rows like the benchmark data to dir.
func writeBenchData(tb testing.TB, dir string, rows int) (csvPath, schemaPath string) {
	tb.Helper()
	csvPath = filepath.Join(dir, "data.csv")
	schemaPath = filepath.Join(dir, "schema.json")
	f, err := os.Create(csvPath)
	if err != nil {
		tb.Fatal(err)
	}
	w := bufio.NewWriter(f)
	rng := rand.New(rand.NewPCG(1, 2))
	cities := []string{"Berlin", "Lagos", "Lima", "New York", "Tokyo"}
	fmt.Fprintln(w, "age,income,city,score,label,email,g1,g2,g3,g4")
	for i := range rows {
		fmt.Fprintf(w, "%d,%.2f,%s,%.4f,%d,user%d@example.com,%.5f,%.5f,%.5f,%.5f\n",
			rng.IntN(121), rng.ExpFloat64()*40000, cities[rng.IntN(5)], rng.Float64(), rng.IntN(2), i,
			rng.NormFloat64(), rng.NormFloat64(), rng.NormFloat64(), rng.NormFloat64())
	}
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	f.Close()
	if err := os.WriteFile(schemaPath, []byte(benchSchema), 0o644); err != nil {
		tb.Fatal(err)
	}
	return csvPath, schemaPath
}

func BenchmarkValidate100k(b *testing.B) {
	csvPath, schemaPath := writeBenchData(b, b.TempDir(), 100_000)
	b.ResetTimer()
	for b.Loop() {
		res := Validate(context.Background(), ValidateOptions{Data: []string{csvPath}, Schema: schemaPath, Now: time.Now})
		if res.Status != result.Pass {
			b.Fatalf("status %s: %s %+v", res.Status, res.Error, res.Findings)
		}
	}
	b.ReportMetric(100_000*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

func BenchmarkProfile100k(b *testing.B) {
	csvPath, _ := writeBenchData(b, b.TempDir(), 100_000)
	b.ResetTimer()
	for b.Loop() {
		if _, err := ProfileData(context.Background(), []string{csvPath}, table.Options{}, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(100_000*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}
