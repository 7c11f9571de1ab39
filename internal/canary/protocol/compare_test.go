package protocol

import (
	"math"
	"strings"
	"testing"
)

func TestCompare(t *testing.T) {
	t.Parallel()
	nan, inf := math.NaN(), math.Inf(1)
	tests := []struct {
		name       string
		want, got  Prediction
		atol, rtol float64
		ok         bool
		why        string
	}{
		{name: "equal labels", want: Prediction{Label: sp("a")}, got: Prediction{Label: sp("a"), Scores: []float64{1}}, ok: true},
		{name: "different labels", want: Prediction{Label: sp("a")}, got: Prediction{Label: sp("A")}, why: `label: want "a", got "A"`},
		{name: "missing label", want: Prediction{Label: sp("1")}, got: Prediction{Scores: []float64{1}}, why: `label: want "1", got none`},
		{name: "label not wanted", want: Prediction{Scores: []float64{0.5}}, got: Prediction{Label: sp("x"), Scores: []float64{0.5}}, ok: true},
		{name: "within atol", want: Prediction{Scores: []float64{0.5, 0.5}}, got: Prediction{Scores: []float64{0.5001, 0.4999}}, atol: 1e-3, ok: true},
		{name: "beyond atol", want: Prediction{Scores: []float64{0.5, 0.5, 0.5}}, got: Prediction{Scores: []float64{0.5, 0.52, 0.53}}, atol: 1e-3,
			why: "scores: 2 of 3 differ beyond tolerance; scores[1]: want 0.5, got 0.52 (|diff| 0.020000000000000018 > 0.001)"},
		// rtol scales with |want|, as in numpy.isclose: got 110 for want 100
		// passes with rtol 0.1 (10 <= 10), got 100 for want 90 fails (10 > 9).
		{name: "rtol relative to want", want: Prediction{Scores: []float64{100}}, got: Prediction{Scores: []float64{110}}, rtol: 0.1, ok: true},
		{name: "rtol asymmetric", want: Prediction{Scores: []float64{90}}, got: Prediction{Scores: []float64{100}}, rtol: 0.1,
			why: "scores[0]: want 90, got 100 (|diff| 10 > 9)"},
		{name: "NaN equals NaN", want: Prediction{Scores: []float64{nan, inf}}, got: Prediction{Scores: []float64{nan, inf}}, ok: true},
		{name: "NaN vs number", want: Prediction{Scores: []float64{nan}}, got: Prediction{Scores: []float64{0}}, atol: 1, why: "want NaN, got 0"},
		{name: "number vs NaN", want: Prediction{Scores: []float64{0}}, got: Prediction{Scores: []float64{nan}}, atol: 1, why: "want 0, got NaN"},
		{name: "opposite infinities", want: Prediction{Scores: []float64{inf}}, got: Prediction{Scores: []float64{-inf}}, atol: 1, why: "want Infinity, got -Infinity"},
		{name: "huge vs infinity", want: Prediction{Scores: []float64{1e308}}, got: Prediction{Scores: []float64{inf}}, rtol: 1, why: "scores[0]"},
		{name: "length", want: Prediction{Scores: []float64{1, 2}}, got: Prediction{Scores: []float64{1}}, why: "scores: want 2 values, got 1"},
		{name: "negative tolerance is zero", want: Prediction{Scores: []float64{1}}, got: Prediction{Scores: []float64{1}}, atol: -1, rtol: -1, ok: true},
		{name: "nothing wanted", want: Prediction{}, got: Prediction{}, ok: true},
	}
	for _, tt := range tests {
		ok, why := Compare(tt.want, tt.got, tt.atol, tt.rtol)
		if ok != tt.ok || (tt.ok && why != "") || !strings.Contains(why, tt.why) {
			t.Errorf("%s: Compare = %v, %q; want %v, %q", tt.name, ok, why, tt.ok, tt.why)
		}
	}
}

func BenchmarkCompare(b *testing.B) {
	want := Prediction{Label: sp("x"), Scores: make([]float64, 1000)}
	got := Prediction{Label: sp("x"), Scores: make([]float64, 1000)}
	for i := range want.Scores {
		want.Scores[i] = float64(i) / 1000
		got.Scores[i] = want.Scores[i] + 1e-9
	}
	for b.Loop() {
		if ok, _ := Compare(want, got, 1e-6, 1e-6); !ok {
			b.Fatal("mismatch")
		}
	}
}
