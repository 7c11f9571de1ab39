package smoke

import (
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mlgate/mlgate/internal/result"
)

var update = flag.Bool("update", false, "rewrite golden files")

// decay returns n points of 2*exp(-t/(n/3)) + 0.5 with a deterministic
// wiggle of amplitude amp.
func decay(n int, amp float64) []float64 {
	y := make([]float64, n)
	for t := range y {
		y[t] = 2*math.Exp(-float64(t)/(float64(n)/3)) + 0.5 + amp*math.Sin(float64(t)*2.1)
	}
	return y
}

func steps(n int, every int64) []int64 {
	s := make([]int64, n)
	for i := range s {
		s[i] = int64(i+1) * every
	}
	return s
}

func TestDecidePass(t *testing.T) {
	t.Parallel()
	y := decay(50, 0.05)
	v := Decide(y, steps(50, 10), Options{})
	if v.Status != result.Pass || len(v.Reasons) != 0 {
		t.Fatalf("status %s, reasons %q; want pass", v.Status, v.Reasons)
	}
	if !(v.MK.PDecrease < DefaultAlpha) || !(v.Slope < 0) || !(v.RelDecrease >= DefaultMinDecrease) {
		t.Errorf("verdict numbers do not support a pass: %+v", v)
	}
	// Window 0.3 of 50 = 15 points.
	wantStart := median(y[:15])
	wantEnd := median(y[35:])
	if v.StartMedian != wantStart || v.EndMedian != wantEnd {
		t.Errorf("medians %g, %g; want %g, %g", v.StartMedian, v.EndMedian, wantStart, wantEnd)
	}
	if want := (wantStart - wantEnd) / wantStart; math.Abs(v.RelDecrease-want) > 1e-15 {
		t.Errorf("RelDecrease = %g, want %g", v.RelDecrease, want)
	}
	// The slope is per step: steps are 10 apart, so it is a tenth of the
	// slope per point.
	perPoint := Decide(y, nil, Options{}).Slope
	if math.Abs(v.Slope-perPoint/10) > 1e-12 {
		t.Errorf("slope per step %g, want %g", v.Slope, perPoint/10)
	}
	if v.Options != (Options{}).WithDefaults() {
		t.Errorf("Options = %+v, want the defaults", v.Options)
	}
}

func median(v []float64) float64 {
	s := append([]float64(nil), v...)
	for i := range s { // insertion sort: tiny inputs
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
	n := len(s)
	return (s[(n-1)/2] + s[n/2]) / 2
}

func TestDecideNegativeLoss(t *testing.T) {
	t.Parallel()
	// A negative loss (a negative log-likelihood can be) that goes down.
	y := decay(40, 0.01)
	for i := range y {
		y[i] -= 3
	}
	if v := Decide(y, nil, Options{}); v.Status != result.Pass {
		t.Errorf("decreasing negative loss: %s %q", v.Status, v.Reasons)
	}
	// Rising from -1 to 20 diverges: above -1 + 9*|-1| = 8.
	y = []float64{-1, -1, -1, -1, 0, 5, 20, 20, 20, 20}
	v := Decide(y, nil, Options{})
	if v.Status != result.Fail || !strings.Contains(strings.Join(v.Reasons, "\n"), "diverged: 20 at step 6 exceeds 8, the start median -1 plus 9× its magnitude") {
		t.Errorf("rising negative loss: %s %q", v.Status, v.Reasons)
	}
}

func TestDecideNonFinite(t *testing.T) {
	t.Parallel()
	for _, bad := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		y := decay(30, 0)
		y[12], y[20] = bad, bad
		v := Decide(y, steps(30, 5), Options{})
		if v.Status != result.Fail || v.FirstBad == nil || *v.FirstBad != 65 {
			t.Fatalf("%g: status %s, FirstBad %v; want fail at step 65", bad, v.Status, v.FirstBad)
		}
		want := fmt.Sprintf("loss is %s at step 65 (point 13 of 30); 2 of 30 values are NaN or infinite", result.Float(bad))
		if len(v.Reasons) != 1 || v.Reasons[0] != want {
			t.Errorf("reasons %q, want %q", v.Reasons, want)
		}
	}
	// NaN fails even when there are too few points to judge the trend.
	if v := Decide([]float64{1, math.NaN()}, nil, Options{}); v.Status != result.Fail || *v.FirstBad != 1 {
		t.Errorf("short series with NaN: %s %v", v.Status, v.FirstBad)
	}
}

func TestDecideErrors(t *testing.T) {
	t.Parallel()
	y := decay(20, 0)
	for _, c := range []struct {
		name   string
		values []float64
		steps  []int64
		opt    Options
		want   string
	}{
		{"empty", nil, nil, Options{}, "only 0 loss values, at least 5 are needed"},
		{"too few", y[:4], nil, Options{}, "only 4 loss values, at least 5 are needed"},
		{"min points", y, nil, Options{MinPoints: 50}, "only 20 loss values, at least 50 are needed"},
		{"steps length", y, steps(19, 1), Options{}, "20 loss values but 19 steps"},
		{"steps backwards", y[:3], []int64{10, 20, 15}, Options{}, "steps go backwards: step 15 (point 3) follows step 20"},
		{"alpha", y, nil, Options{Alpha: 1.5}, "alpha 1.5: want a value in (0, 1)"},
		{"alpha NaN", y, nil, Options{Alpha: math.NaN()}, "alpha NaN"},
		{"min decrease", y, nil, Options{MinDecrease: -0.1}, "min-decrease -0.1"},
		{"window", y, nil, Options{Window: 0.7}, "window 0.7"},
		{"diverge", y, nil, Options{DivergeFactor: 0.5}, "diverge factor 0.5"},
		{"min points low", y, nil, Options{MinPoints: 2}, "min points 2: want at least 3"},
	} {
		v := Decide(c.values, c.steps, c.opt)
		if v.Status != result.Error || len(v.Reasons) != 1 || !strings.Contains(v.Reasons[0], c.want) {
			t.Errorf("%s: %s %q; want error %q", c.name, v.Status, v.Reasons, c.want)
		}
		if v.FirstBad != nil {
			t.Errorf("%s: FirstBad set", c.name)
		}
	}
}

func TestDecideEqualSteps(t *testing.T) {
	t.Parallel()
	// A resumed run can log a step twice; that is allowed.
	y := decay(30, 0.02)
	s := steps(30, 1)
	s[10] = s[9]
	if v := Decide(y, s, Options{}); v.Status != result.Pass {
		t.Errorf("%s %q", v.Status, v.Reasons)
	}
}

// TestDecideReasons records the explanations of typical failures in a
// golden file, so that a change of wording is reviewed.
func TestDecideReasons(t *testing.T) {
	t.Parallel()
	flat := make([]float64, 40)
	rising := make([]float64, 40)
	slow := decay(40, 0)
	for i := range flat {
		flat[i] = 1 + 0.01*math.Sin(float64(i)*2.1)
		rising[i] = 1 + 0.02*float64(i)
		slow[i] = 1 - 0.001*float64(i)
	}
	spike := decay(40, 0.01)
	spike[25] = 40
	zero := []float64{0, 0, 0, 0, -1, -1, -1, -1, -1, -1}
	cases := []struct {
		name   string
		values []float64
	}{
		{"flat", flat}, {"rising", rising}, {"slow", slow}, {"spike", spike}, {"zero start", zero},
		{"constant", []float64{2, 2, 2, 2, 2, 2}},
	}
	var b strings.Builder
	for _, c := range cases {
		v := Decide(c.values, nil, Options{})
		fmt.Fprintf(&b, "%s: %s\n", c.name, v.Status)
		for _, r := range v.Reasons {
			fmt.Fprintf(&b, "  - %s\n", r)
		}
		if v.Status != result.Fail || len(v.Reasons) == 0 {
			t.Errorf("%s: %s %q; want fail with reasons", c.name, v.Status, v.Reasons)
		}
	}
	golden(t, "reasons.golden", b.String())
}

// golden compares got with testdata/name; regenerate with
// go test ./internal/train/smoke -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create)", err)
	}
	if got != string(want) {
		t.Errorf("differs from %s (run with -update to accept):\n%s", path, got)
	}
}

func BenchmarkDecide2000(b *testing.B) {
	y := decay(2000, 0.05)
	s := steps(2000, 1)
	b.ReportAllocs()
	for b.Loop() {
		Decide(y, s, Options{})
	}
}
