package eval

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"strconv"
	"testing"
)

// python returns Debian's python3 with scikit-learn, or skips the test
// (fails it when MLGATE_E2E_REQUIRE=1).
func python(t *testing.T) string {
	t.Helper()
	const py = "/usr/bin/python3"
	if err := exec.Command(py, "-c", "import sklearn").Run(); err != nil {
		if os.Getenv("MLGATE_E2E_REQUIRE") == "1" {
			t.Fatalf("%s with scikit-learn is required (MLGATE_E2E_REQUIRE=1): %v", py, err)
		}
		t.Skipf("no scikit-learn for %s: %v", py, err)
	}
	return py
}

// TestMatchesScikitLearn compares every point estimate, overall and per
// slice, with scikit-learn's on generated files, to 1e-9.
func TestMatchesScikitLearn(t *testing.T) {
	t.Parallel()
	py := python(t)
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(3, 4))

	label, pred, score, slice := genBinary(3000, 11)
	groups := []string{"A", "B", "C", "D", ""} // "" is a missing slice value
	rows := [][]string{{"y", "yhat", "p", "g"}}
	for i := range label {
		p := score[i]
		switch i {
		case 5:
			p = 0 // clipped by log loss
		case 9:
			p = 1
		}
		rows = append(rows, []string{strconv.Itoa(int(label[i])), strconv.Itoa(int(pred[i])), ftoa(p), groups[slice[i]]})
	}
	writeCSV(t, dir, "binary.csv", rows)

	classes := []string{"cat", "dog", "emu", "fox"}
	rows = [][]string{{"y", "yhat"}}
	for range 2000 {
		y := rng.IntN(4)
		yhat := y
		if rng.Float64() < 0.35 {
			yhat = rng.IntN(3) // never predicts "fox"
		}
		rows = append(rows, []string{classes[y], classes[yhat]})
	}
	writeCSV(t, dir, "multiclass.csv", rows)

	rows = [][]string{{"y", "yhat"}}
	for range 2000 {
		y := 50 + 20*rng.NormFloat64()
		if math.Abs(y) < 1 {
			y = 1
		}
		rows = append(rows, []string{ftoa(y), ftoa(y + 5*rng.NormFloat64() + 1)})
	}
	writeCSV(t, dir, "regression.csv", rows)

	var stdout, stderr bytes.Buffer
	cmd := exec.Command(py, "testdata/sklearn_metrics.py", dir)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("sklearn_metrics.py: %v\n%s", err, stderr.String())
	}
	var want struct {
		Binary       map[string]float64
		BinarySlices map[string]map[string]float64 `json:"binary_slices"`
		Multiclass   map[string]float64
		Regression   map[string]float64
	}
	if err := json.Unmarshal(stdout.Bytes(), &want); err != nil {
		t.Fatal(err)
	}

	eval := func(file string, cols Columns) *Report {
		t.Helper()
		p, err := Load([]string{dir + "/" + file}, cols)
		if err != nil {
			t.Fatal(err)
		}
		r, err := Evaluate(context.Background(), p, Options{Resamples: 20})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	check := func(what string, got []Estimate, want map[string]float64) {
		t.Helper()
		if len(got) != len(want) {
			t.Errorf("%s: %d metrics, scikit-learn has %d", what, len(got), len(want))
		}
		for _, e := range got {
			w, ok := want[e.Name]
			if !ok {
				t.Errorf("%s: %s not computed by scikit-learn", what, e.Name)
				continue
			}
			if math.Abs(e.Value-w) > 1e-9 {
				t.Errorf("%s: %s = %.12g, scikit-learn %.12g", what, e.Name, e.Value, w)
			}
		}
	}

	r := eval("binary.csv", Columns{Label: "y", Prediction: "yhat", Score: "p", Slices: []string{"g"}})
	if r.Task != Binary {
		t.Fatalf("binary.csv: task %s", r.Task)
	}
	check("binary", r.Metrics, want.Binary)
	if len(r.Slices) != 1 || len(r.Slices[0].Groups) != len(want.BinarySlices) {
		t.Fatalf("slices: %+v", r.Slices)
	}
	for _, g := range r.Slices[0].Groups {
		check("binary slice "+g.Value, g.Metrics, want.BinarySlices[g.Value])
	}

	r = eval("multiclass.csv", Columns{Label: "y", Prediction: "yhat"})
	if r.Task != Multiclass {
		t.Fatalf("multiclass.csv: task %s", r.Task)
	}
	check("multiclass", r.Metrics, want.Multiclass)

	r = eval("regression.csv", Columns{Label: "y", Prediction: "yhat"})
	if r.Task != Regression {
		t.Fatalf("regression.csv: task %s", r.Task)
	}
	check("regression", r.Metrics, want.Regression)
}
