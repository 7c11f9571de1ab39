package eval

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"
)

// The report is the same whatever the number of goroutines.
func TestEvaluateDeterministic(t *testing.T) {
	t.Parallel()
	label, pred, score, slice := genBinary(3000, 9)
	p := memBinary(label, pred, score, slice, []string{"a", "b", "c", "d", "e"})
	var first []byte
	for _, workers := range []int{1, 2, 5} {
		r, err := evaluate(context.Background(), p, Options{Resamples: 300}, workers)
		if err != nil {
			t.Fatal(err)
		}
		js, _ := r.MarshalJSON()
		if first == nil {
			first = js
		} else if string(js) != string(first) {
			t.Errorf("%d workers: a different report", workers)
		}
	}
}

// The accuracy interval has the width the binomial standard error
// predicts, and every interval holds its point estimate.
func TestEvaluateIntervals(t *testing.T) {
	t.Parallel()
	label, pred, score, _ := genBinary(20000, 3)
	r, err := Evaluate(context.Background(), memBinary(label, pred, score, nil, nil), Options{})
	if err != nil {
		t.Fatal(err)
	}
	acc, _ := r.Metric(Accuracy)
	se := math.Sqrt(acc.Value * (1 - acc.Value) / 20000)
	if w := acc.Hi - acc.Lo; math.Abs(w-2*1.96*se) > 0.15*2*1.96*se {
		t.Errorf("accuracy interval width %.5f, want about %.5f", w, 2*1.96*se)
	}
	for _, e := range r.Metrics {
		if !(e.Lo <= e.Value && e.Value <= e.Hi) {
			t.Errorf("%s = %v outside [%v, %v]", e.Name, e.Value, e.Lo, e.Hi)
		}
	}
}

// A metric undefined on a slice is null there, with no interval; the
// overall undefined metrics come with a warning.
func TestEvaluateUndefinedIsNull(t *testing.T) {
	t.Parallel()
	label := []int32{0, 0, 1, 1, 0, 0}
	pred := []int32{0, 1, 1, 0, 0, 0}
	slice := []int32{0, 0, 0, 0, 1, 1} // slice "neg" has no positives, and no positive predictions
	r, err := Evaluate(context.Background(), memBinary(label, pred, nil, slice, []string{"mixed", "neg"}), Options{Resamples: 50})
	if err != nil {
		t.Fatal(err)
	}
	js, _ := r.MarshalJSON()
	var m map[string]any
	if err := json.Unmarshal(js, &m); err != nil {
		t.Fatalf("%v\n%s", err, js)
	}
	neg := m["slices"].(map[string]any)["s"].(map[string]any)["neg"].(map[string]any)
	for _, k := range []string{"recall", "precision", "f1"} {
		if v, ok := neg[k]; !ok || v != nil {
			t.Errorf("slice neg: %s = %v (present %v), want null", k, v, ok)
		}
		if iv := neg["intervals"].(map[string]any)[k]; iv != nil {
			t.Errorf("slice neg: interval of %s = %v, want null", k, iv)
		}
	}
	if neg["accuracy"] != 1.0 || neg["n"] != 2.0 {
		t.Errorf("slice neg: accuracy %v n %v", neg["accuracy"], neg["n"])
	}
}

func TestReportGolden(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := writeText(t, dir, "preds.csv", `y,yhat,p,g
1,1,0.9,F
0,0,0.2,M
1,0,0.4,F
0,1,0.7,
1,1,0.8,M
0,0,0.1,F
1,1,0.6,M
0,0,0.3,F
`)
	p, err := Load([]string{path}, Columns{Label: "y", Prediction: "yhat", Score: "p", Slices: []string{"g"}})
	if err != nil {
		t.Fatal(err)
	}
	r, err := Evaluate(context.Background(), p, Options{Resamples: 100, Seed: 3, Level: 0.9})
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := r.MarshalJSON()
	var indented map[string]any
	if err := json.Unmarshal(raw, &indented); err != nil {
		t.Fatal(err)
	}
	got, _ := json.MarshalIndent(json.RawMessage(raw), "", "  ")
	golden := filepath.Join("testdata", "report.golden.json")
	if *update {
		if err := os.WriteFile(golden, append(got, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/eval -update)", err)
	}
	if string(want) != string(got)+"\n" {
		t.Errorf("report differs from %s (run go test ./internal/eval -update and review the diff):\n%s", golden, got)
	}
}
