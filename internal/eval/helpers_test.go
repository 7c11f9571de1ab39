package eval

import (
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// memBinary builds binary predictions in memory: labels and predictions
// are 0/1 (1 positive), score may be nil, slice may be nil.
func memBinary(label, pred []int32, score []float64, slice []int32, sliceValues []string) *Predictions {
	p := &Predictions{
		cols:    Columns{Label: "y", Prediction: "yhat", Task: Binary, Positive: "1"},
		files:   []string{"mem.csv"},
		classes: []string{"0", "1"},
		label:   label, pred: pred, score: score,
	}
	if score != nil {
		p.cols.Score = "p"
	}
	if slice != nil {
		p.cols.Slices = []string{"s"}
		p.slice = [][]int32{slice}
		p.sliceValues = [][]string{sliceValues}
	}
	p.rowFile = make([]int32, len(label))
	p.rowLine = make([]int32, len(label))
	for i := range p.rowLine {
		p.rowLine[i] = int32(i + 2)
	}
	return p
}

// genBinary draws n binary examples with scores from a noisy logistic
// model; a fraction of scores are rounded to create ties.
func genBinary(n int, seed uint64) (label, pred []int32, score []float64, slice []int32) {
	rng := rand.New(rand.NewPCG(seed, 7))
	label, pred = make([]int32, n), make([]int32, n)
	score, slice = make([]float64, n), make([]int32, n)
	for i := range n {
		s := int32(rng.IntN(5))
		y := int32(0)
		if rng.Float64() < 0.3+0.08*float64(s) {
			y = 1
		}
		z := 1.5*(2*float64(y)-1) + rng.NormFloat64()*1.3
		p := 1 / (1 + math.Exp(-z))
		if i%7 == 0 {
			p = math.Round(p*20) / 20 // ties
		}
		label[i], score[i], slice[i] = y, p, s
		if p >= 0.5 {
			pred[i] = 1
		}
	}
	return label, pred, score, slice
}

// writeCSV writes rows (first row the header) to dir/name.
func writeCSV(t testing.TB, dir, name string, rows [][]string) string {
	t.Helper()
	var b strings.Builder
	for _, r := range rows {
		b.WriteString(strings.Join(r, ","))
		b.WriteByte('\n')
	}
	return writeText(t, dir, name, b.String())
}

func writeText(t testing.TB, dir, name, text string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func ftoa(f float64) string { return fmt.Sprintf("%.17g", f) }
