package table

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

const benchRows = 100_000

type benchRow struct {
	Age    int64   `parquet:"age"`
	Income float64 `parquet:"income"`
	City   string  `parquet:"city"`
	Score  float64 `parquet:"score"`
	Label  int64   `parquet:"label"`
	Email  string  `parquet:"email"`
	G1     float64 `parquet:"g1"`
	G2     float64 `parquet:"g2"`
	G3     float64 `parquet:"g3"`
	G4     float64 `parquet:"g4"`
}

// benchData generates rows like the benchmark data: an int 0-120, a
// non-negative float, a 5-value city enum, a float in [0,1], a 0/1 label,
// an email and 4 Gaussian floats.
func benchData(n int) []benchRow {
	rng := rand.New(rand.NewPCG(1, 2))
	cities := []string{"Paris", "Berlin", "Madrid", "Rome", "Lisbon"}
	rows := make([]benchRow, n)
	for i := range rows {
		rows[i] = benchRow{
			Age: rng.Int64N(121), Income: rng.ExpFloat64() * 30000, City: cities[rng.IntN(5)],
			Score: rng.Float64(), Label: rng.Int64N(2), Email: fmt.Sprintf("user%d@example.com", rng.IntN(1e6)),
			G1: rng.NormFloat64(), G2: rng.NormFloat64(), G3: rng.NormFloat64(), G4: rng.NormFloat64(),
		}
	}
	return rows
}

func fmtFloat(f float64) string { return strconv.FormatFloat(f, 'f', 6, 64) }

func writeBenchCSV(b *testing.B) string {
	b.Helper()
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	_ = w.Write([]string{"age", "income", "city", "score", "label", "email", "g1", "g2", "g3", "g4"})
	for _, r := range benchData(benchRows) {
		_ = w.Write([]string{strconv.FormatInt(r.Age, 10), fmtFloat(r.Income), r.City, fmtFloat(r.Score),
			strconv.FormatInt(r.Label, 10), r.Email, fmtFloat(r.G1), fmtFloat(r.G2), fmtFloat(r.G3), fmtFloat(r.G4)})
	}
	w.Flush()
	p := filepath.Join(b.TempDir(), "bench.csv")
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		b.Fatal(err)
	}
	return p
}

func writeBenchJSONL(b *testing.B) string {
	b.Helper()
	var buf bytes.Buffer
	for _, r := range benchData(benchRows) {
		fmt.Fprintf(&buf, `{"age":%d,"income":%s,"city":%q,"score":%s,"label":%d,"email":%q,"g1":%s,"g2":%s,"g3":%s,"g4":%s}`+"\n",
			r.Age, fmtFloat(r.Income), r.City, fmtFloat(r.Score), r.Label, r.Email, fmtFloat(r.G1), fmtFloat(r.G2), fmtFloat(r.G3), fmtFloat(r.G4))
	}
	p := filepath.Join(b.TempDir(), "bench.jsonl")
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		b.Fatal(err)
	}
	return p
}

func reportRows(b *testing.B) {
	b.ReportMetric(float64(benchRows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkBareEncodingCSV is the baseline: a bare encoding/csv loop with
// ReuseRecord over the same file as BenchmarkCSV.
func BenchmarkBareEncodingCSV(b *testing.B) {
	p := writeBenchCSV(b)
	b.ResetTimer()
	for b.Loop() {
		f, err := os.Open(p)
		if err != nil {
			b.Fatal(err)
		}
		r := csv.NewReader(f)
		r.ReuseRecord = true
		n := 0
		for {
			_, err := r.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		f.Close()
		if n != benchRows+1 {
			b.Fatalf("%d records", n)
		}
	}
	reportRows(b)
}

func benchReader(b *testing.B, p string) { benchReaderOpt(b, p, Options{}) }

func benchReaderOpt(b *testing.B, p string, opt Options) {
	b.Helper()
	b.ResetTimer()
	for b.Loop() {
		r, err := Open(context.Background(), []string{p}, opt)
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for {
			_, err := r.Read()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		r.Close()
		if n != benchRows {
			b.Fatalf("%d rows", n)
		}
	}
	reportRows(b)
}

// BenchmarkCSV reads the same file as BenchmarkBareEncodingCSV into Rows.
func BenchmarkCSV(b *testing.B) { benchReader(b, writeBenchCSV(b)) }

// BenchmarkJSONL reads the same rows as JSON Lines.
func BenchmarkJSONL(b *testing.B) { benchReader(b, writeBenchJSONL(b)) }

// BenchmarkParquet reads the same rows from Parquet (snappy, default
// row groups).
func BenchmarkParquet(b *testing.B) {
	p := filepath.Join(b.TempDir(), "bench.parquet")
	writeParquet(b, p, benchData(benchRows))
	benchReader(b, p)
}

// BenchmarkCSVBorrow is BenchmarkCSV with Options.BorrowText, as the
// parallel validation of one file reads it.
func BenchmarkCSVBorrow(b *testing.B) { benchReaderOpt(b, writeBenchCSV(b), Options{BorrowText: true}) }
