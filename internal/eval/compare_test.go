package eval

import (
	"context"
	"math"
	"strings"
	"testing"
)

func TestVerdictRule(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		higher bool
		lo, hi float64
		want   Verdict
	}{
		{true, -0.02, -0.01, Worse},         // accuracy fell by 1 to 2 points
		{true, -0.004, 0.003, Within},       // worsening at most 0.004
		{true, -0.008, 0.001, Inconclusive}, // straddles the limit
		{true, 0.01, 0.02, Within},          // better
		{false, 0.01, 0.02, Worse},          // a loss rose by 1 to 2 points
		{false, -0.02, 0.004, Within},
		{false, 0.003, 0.009, Inconclusive},
	} {
		c := Comparison{Lo: tc.lo, Hi: tc.hi, HigherIsBetter: tc.higher}
		if got := c.Verdict(0.005); got != tc.want {
			t.Errorf("higher=%v [%v, %v]: %s, want %s", tc.higher, tc.lo, tc.hi, got, tc.want)
		}
	}
}

func TestCompareIdenticalModels(t *testing.T) {
	t.Parallel()
	label, pred, score, _ := genBinary(2000, 5)
	a, b := memBinary(label, pred, score, nil, nil), memBinary(label, pred, score, nil, nil)
	for _, m := range Metrics(Binary, true) {
		c, err := Compare(context.Background(), a, b, m, Options{Resamples: 200})
		if err != nil {
			t.Fatal(err)
		}
		if c.Delta != 0 || c.Lo != 0 || c.Hi != 0 || c.Verdict(0) != Within || c.N != 2000 {
			t.Errorf("%s: %+v, want a zero delta and interval", m, c)
		}
	}
}

// A paired comparison is much tighter than two independent intervals: the
// candidate differs from the baseline on 2% of examples.
func TestComparePaired(t *testing.T) {
	t.Parallel()
	cand, base := simulatedPair(5000, churn{loss: 0.02, gain: 0}, 3, 0)
	c, err := Compare(context.Background(), cand, base, Accuracy, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(c.Delta+0.02) > 0.01 || !(c.Lo < c.Delta && c.Delta < c.Hi) {
		t.Errorf("delta %v in [%v, %v], want about -0.02 inside", c.Delta, c.Lo, c.Hi)
	}
	// Sd of the paired delta is about sqrt(0.02/5000) = 0.002; an unpaired
	// interval would be about 4 times wider.
	if w := c.Hi - c.Lo; w > 0.012 {
		t.Errorf("interval width %v: not paired", w)
	}
	if c.Verdict(0.005) != Worse {
		t.Errorf("verdict %s, want worse", c.Verdict(0.005))
	}
}

func TestComparePairsByKey(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cols := Columns{Label: "y", Prediction: "yhat", Key: "id"}
	load := func(name, text string) *Predictions {
		p, err := Load([]string{writeText(t, dir, name, text)}, cols)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	cand := load("cand.csv", "id,y,yhat\na,1,1\nb,0,0\nc,1,0\n")
	base := load("base.csv", "id,y,yhat\nc,1,1\na,1,1\nb,0,1\n") // same examples, shuffled
	c, err := Compare(context.Background(), cand, base, Accuracy, Options{Resamples: 50})
	if err != nil {
		t.Fatal(err)
	}
	if c.Candidate != 2.0/3 || c.Baseline != 2.0/3 || c.N != 3 {
		t.Errorf("%+v", c)
	}
	for _, tc := range []struct {
		name, cand, base string
		want             []string
	}{
		{"key missing in baseline", "id,y,yhat\na,1,1\nz,0,0\n", "id,y,yhat\na,1,1\nb,0,0\n", []string{"c1.csv:3", `"z"`, "not in the baseline"}},
		{"duplicate key", "id,y,yhat\na,1,1\nb,0,0\n", "id,y,yhat\na,1,1\na,0,0\n", []string{"b1.csv:3", "duplicate key", "b1.csv:2"}},
		{"label differs", "id,y,yhat\na,1,1\nb,0,0\n", "id,y,yhat\na,0,1\nb,0,0\n", []string{"c1.csv:2", "b1.csv:2", "label"}},
	} {
		c1, b1 := load("c1.csv", tc.cand), load("b1.csv", tc.base)
		_, err := Compare(context.Background(), c1, b1, Accuracy, Options{Resamples: 10})
		if err == nil {
			t.Errorf("%s: no error", tc.name)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: %q lacks %q", tc.name, err, w)
			}
		}
	}
}

func TestCompareByRowOrderErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cols := Columns{Label: "y", Prediction: "yhat"}
	cand, _ := Load([]string{writeText(t, dir, "c.csv", "y,yhat\n1,1\n0,0\n1,1\n")}, cols)
	base, _ := Load([]string{writeText(t, dir, "b.csv", "y,yhat\n1,1\n1,0\n1,1\n")}, cols)
	short, _ := Load([]string{writeText(t, dir, "s.csv", "y,yhat\n1,1\n")}, cols)
	if _, err := Compare(context.Background(), cand, base, Accuracy, Options{}); err == nil || !strings.Contains(err.Error(), "c.csv:3") || !strings.Contains(err.Error(), "b.csv:3") {
		t.Errorf("label mismatch: %v", err)
	}
	if _, err := Compare(context.Background(), cand, short, Accuracy, Options{}); err == nil || !strings.Contains(err.Error(), "3 rows") {
		t.Errorf("row count: %v", err)
	}
	if _, err := Compare(context.Background(), cand, cand, "auc", Options{}); err == nil || !strings.Contains(err.Error(), "roc_auc") {
		t.Errorf("unknown metric: %v", err)
	}
	if _, err := Compare(context.Background(), cand, cand, ROCAUC, Options{}); err == nil {
		t.Error("roc_auc without scores: no error")
	}
}

func TestDirection(t *testing.T) {
	t.Parallel()
	for _, task := range []Task{Binary, Multiclass, Regression} {
		for _, m := range Metrics(task, true) {
			higher, ok := Direction(m)
			lower := m == LogLoss || m == Brier || m == RMSE || m == MAE || m == MAPE
			if !ok || higher == lower {
				t.Errorf("%s: higher=%v ok=%v", m, higher, ok)
			}
		}
	}
	if _, ok := Direction("latency"); ok {
		t.Error("latency is not an eval metric")
	}
}
