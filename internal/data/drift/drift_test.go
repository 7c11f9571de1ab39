package drift

import (
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/mlgate/mlgate/internal/data/profile"
)

// Reference values from scipy 1.10 / numpy on the same normals(): PSI with
// empty bins at 1e-4, jensenshannon(base=2) and max |r-c| on 10 bins cut at
// the reference's quantiles (numpy method "lower") plus under/over bins.
// The profiles bin sketches (1% relative accuracy), hence the tolerances.
func TestNumericAgainstScipy(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name          string
		ref, cur      []float64
		psi, js, linf float64
		drifted       bool
	}{
		{"same distribution", normals(10000, 0, 1), normals(7000, 0, 1), 0, 0.007072, 0.0001, false},
		{"shift 0.5 sd", normals(10000, 0, 1), normals(10000, 0.5, 1), 0.237575, 0.205007, 0.117, true},
		{"shift 0.25 sd", normals(10000, 0, 1), normals(10000, 0.25, 1), 0.059724, 0.103959, 0.0511, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rep := compare(t, numbers("x", tt.ref), numbers("x", tt.cur), Options{})
			c := column(t, rep, "x")
			if c.Kind != KindNumeric || c.Method != MeasurePSI || c.Threshold != DefaultPSIThreshold {
				t.Errorf("kind %q method %q threshold %v, want numeric psi %v", c.Kind, c.Method, c.Threshold, DefaultPSIThreshold)
			}
			near(t, "PSI", c.PSI, tt.psi, 0.005)
			near(t, "JS", c.JS, tt.js, 0.005)
			near(t, "LInf", c.LInf, tt.linf, 0.005)
			if c.KSD != nil || c.KSP != nil {
				t.Errorf("KS computed on a large sample: %v %v", *c.KSD, *c.KSP)
			}
			if c.Drifted != tt.drifted || (rep.Drifted == 1) != tt.drifted {
				t.Errorf("drifted %v (report %d), want %v", c.Drifted, rep.Drifted, tt.drifted)
			}
			if c.Drifted != (c.Score > 1) {
				t.Errorf("score %v disagrees with drifted %v", c.Score, c.Drifted)
			}
			if len(c.Labels) != len(c.Ref) || len(c.Ref) != len(c.Cur) || len(c.Labels) != 13 {
				t.Errorf("chart: %d labels, %d ref, %d cur, want 13 (10 bins, max, under, over)", len(c.Labels), len(c.Ref), len(c.Cur))
			}
			for _, side := range [][]float64{c.Ref, c.Cur} {
				if s := sum(side); math.Abs(s-1) > 1e-9 {
					t.Errorf("proportions sum to %v", s)
				}
			}
		})
	}
}

func sum(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s
}

func TestRandomSameDistributionDoesNotDrift(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(1, 2))
	draw := func(n int) []float64 {
		xs := make([]float64, n)
		for i := range xs {
			xs[i] = 50 + 10*rng.NormFloat64()
		}
		return xs
	}
	rep := compare(t, numbers("x", draw(20000)), numbers("x", draw(20000)), Options{})
	c := column(t, rep, "x")
	if c.Drifted || *c.PSI > 0.01 {
		t.Errorf("two samples of one distribution: drifted %v, PSI %v", c.Drifted, *c.PSI)
	}
}

// scipy.stats.ks_2samp(normals(200,0,1), normals(200,s,1)): for s=0.5
// D=0.2, p=0.000649 exact, 0.000555 asymptotic; for s=0.1 D=0.04,
// p=0.997 exact, 0.995 asymptotic.
func TestSmallSampleDecidedByKS(t *testing.T) {
	t.Parallel()
	tests := []struct {
		shift, d float64
		pLo, pHi float64
		drifted  bool
	}{
		{0.5, 0.2, 0.0005, 0.0007, true},
		{0.1, 0.04, 0.99, 1, false},
	}
	for _, tt := range tests {
		t.Run(strconv.FormatFloat(tt.shift, 'g', -1, 64), func(t *testing.T) {
			t.Parallel()
			rep := compare(t, numbers("x", normals(200, 0, 1)), numbers("x", normals(200, tt.shift, 1)), Options{})
			c := column(t, rep, "x")
			if c.Method != MeasureKS || c.Threshold != 0.05 {
				t.Fatalf("method %q threshold %v, want ks 0.05", c.Method, c.Threshold)
			}
			near(t, "KS D", c.KSD, tt.d, 0.005)
			if p := *c.KSP; p < tt.pLo || p > tt.pHi {
				t.Errorf("KS p = %v, want in [%v, %v]", p, tt.pLo, tt.pHi)
			}
			if c.PSI == nil || c.JS == nil {
				t.Error("PSI and JS not reported next to KS")
			}
			if c.Drifted != tt.drifted || c.Drifted != (c.Score > 1) {
				t.Errorf("drifted %v score %v, want %v", c.Drifted, c.Score, tt.drifted)
			}
		})
	}
}

// scipy on proportions [.4 .3 .2 .1 0] vs [.32 .24 .16 .08 .2]:
// PSI 1.564049, jensenshannon base 2 0.328682, L-inf 0.2.
func TestNewCategoryDrifts(t *testing.T) {
	t.Parallel()
	cities := []string{"Berlin", "Paris", "Rome", "Oslo"}
	ref := repeat("city", cities, []int{400, 300, 200, 100})
	cur := repeat("city", append(cities, "Lima"), []int{320, 240, 160, 80, 200})
	c := column(t, compare(t, ref, cur, Options{}), "city")
	if c.Kind != KindCategorical || c.Method != MeasureLInf || !c.Drifted {
		t.Fatalf("got kind %q method %q drifted %v, want categorical linf drift", c.Kind, c.Method, c.Drifted)
	}
	near(t, "LInf", c.LInf, 0.2, 1e-12)
	near(t, "PSI", c.PSI, 1.564049, 1e-6)
	near(t, "JS", c.JS, 0.328682, 1e-6)
	near(t, "score", &c.Score, 2, 1e-9)
	wantLabels := []string{"Berlin", "Paris", "Rome", "Oslo", "Lima"}
	if !slices.Equal(c.Labels, wantLabels) || !slices.Equal(c.Ref, []float64{0.4, 0.3, 0.2, 0.1, 0}) ||
		!slices.Equal(c.Cur, []float64{0.32, 0.24, 0.16, 0.08, 0.2}) {
		t.Errorf("chart %v %v %v", c.Labels, c.Ref, c.Cur)
	}
	same := column(t, compare(t, ref, repeat("city", cities, []int{40, 30, 20, 10}), Options{}), "city")
	if same.Drifted || *same.LInf != 0 {
		t.Errorf("same proportions: drifted %v LInf %v", same.Drifted, *same.LInf)
	}
}

func TestLowCardinalityIntegersAreCategories(t *testing.T) {
	t.Parallel()
	ref := repeat("label", []string{"0", "1"}, []int{5000, 5000})
	cur := repeat("label", []string{"0", "1"}, []int{3500, 6500})
	c := column(t, compare(t, ref, cur, Options{}), "label")
	if c.Kind != KindCategorical || !c.Drifted {
		t.Fatalf("kind %q drifted %v", c.Kind, c.Drifted)
	}
	near(t, "LInf", c.LInf, 0.15, 1e-12)
	// With the limit at 1 distinct value, the 0/1 column is numeric.
	n := column(t, compare(t, ref, cur, Options{Categories: 1}), "label")
	if n.Kind != KindNumeric {
		t.Errorf("Categories: 1: kind %q, want numeric", n.Kind)
	}
}

func TestConstantColumns(t *testing.T) {
	t.Parallel()
	constant := func(v string, n int) *profile.Profile { return repeat("x", []string{v}, []int{n}) }
	tests := []struct {
		name     string
		ref, cur *profile.Profile
		kind     string
		drifted  bool
	}{
		{"same float", constant("5.5", 5000), constant("5.5", 3000), KindNumeric, false},
		{"other float", constant("5.5", 5000), constant("7.25", 3000), KindNumeric, true},
		{"same small sample", constant("5.5", 50), constant("5.5", 80), KindNumeric, false},
		{"other small sample", constant("5.5", 50), constant("7.25", 80), KindNumeric, true},
		{"same integer", constant("5", 5000), constant("5", 3000), KindCategorical, false},
		{"other integer", constant("5", 5000), constant("6", 3000), KindCategorical, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := column(t, compare(t, tt.ref, tt.cur, Options{}), "x")
			if c.Kind != tt.kind || c.Drifted != tt.drifted {
				t.Errorf("kind %q drifted %v (method %q score %v), want %q %v", c.Kind, c.Drifted, c.Method, c.Score, tt.kind, tt.drifted)
			}
		})
	}
}

func TestEmptyAndNaNColumns(t *testing.T) {
	t.Parallel()
	col := func(vals ...string) *profile.Profile {
		rows := make([][]string, 0, 100*len(vals))
		for range 100 {
			for _, v := range vals {
				rows = append(rows, []string{v})
			}
		}
		return build([]string{"x"}, rows)
	}
	tests := []struct {
		name     string
		ref, cur *profile.Profile
		kind     string
		reason   string
		method   string
		missing  float64
		drifted  bool
	}{
		{"both empty", col(""), col(""), KindSkipped, "no values in reference", MeasureMissing, 0, false},
		{"current empty", col("1.5", "2.5"), col(""), KindSkipped, "no numeric values in current", MeasureMissing, 1, true},
		{"current empty categorical", col("a", "b"), col(""), KindSkipped, "no values in current", MeasureMissing, 1, true},
		{"reference empty", col(""), col("a"), KindSkipped, "no values in reference", MeasureMissing, 1, true},
		{"both NaN", col("NaN"), col("nan"), KindSkipped, "no finite numbers in reference", MeasureMissing, 0, false},
		{"current NaN", col("1.5", "2.5"), col("NaN"), KindSkipped, "no numeric values in current", MeasureMissing, 1, true},
		{"half missing", col("a", "b"), col("a", "b", "", ""), KindCategorical, "", MeasureMissing, 0.5, true},
		{"some infinite", col("1.5", "2.5", "3.5", "4.5"), col("1.5", "2.5", "3.5", "4.5", "inf"), KindNumeric, "", MeasureMissing, 0.2, true},
		{"NaN within threshold", col("1.5", "2.5", "3.5", "4.5", "5.5", "6.5", "7.5", "8.5", "9.5", "10.5", "11.5"),
			col("1.5", "2.5", "3.5", "4.5", "5.5", "6.5", "7.5", "8.5", "9.5", "10.5", "11.5", "NaN"), KindNumeric, "", MeasurePSI, 1.0 / 12, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rep := compare(t, tt.ref, tt.cur, Options{})
			c := column(t, rep, "x")
			if c.Kind != tt.kind || c.Reason != tt.reason || c.Method != tt.method || c.Drifted != tt.drifted {
				t.Errorf("got kind %q reason %q method %q drifted %v, want %q %q %q %v",
					c.Kind, c.Reason, c.Method, c.Drifted, tt.kind, tt.reason, tt.method, tt.drifted)
			}
			near(t, "missing shift", c.Missing, tt.missing, 1e-12)
			if rep.Compared != 1 {
				t.Errorf("compared %d, want 1", rep.Compared)
			}
		})
	}
}

func TestColumnsInOneProfileAndIgnored(t *testing.T) {
	t.Parallel()
	ref := build([]string{"a", "b", "gone"}, [][]string{{"x", "1", "q"}, {"y", "2", "q"}})
	cur := build([]string{"b", "a", "new", "skip"}, [][]string{{"1", "x", "z", "s"}, {"2", "y", "z", "s"}})
	rep := compare(t, ref, cur, Options{Ignore: []string{"b", "skip"}})
	want := map[string]string{"gone": "only in reference", "new": "only in current", "b": "ignored", "skip": "ignored"}
	for name, reason := range want {
		c := column(t, rep, name)
		if c.Kind != KindSkipped || c.Reason != reason || c.Drifted || c.Method != "" {
			t.Errorf("%s: kind %q reason %q drifted %v method %q, want skipped %q", name, c.Kind, c.Reason, c.Drifted, c.Method, reason)
		}
	}
	if rep.Compared != 1 || rep.Drifted != 0 || len(rep.Columns) != 5 {
		t.Errorf("compared %d drifted %d columns %d, want 1, 0, 5", rep.Compared, rep.Drifted, len(rep.Columns))
	}
	if rep.Columns[0].Column != "a" {
		t.Errorf("first column %q, want the compared one, a", rep.Columns[0].Column)
	}
}

func TestPerColumnOverrides(t *testing.T) {
	t.Parallel()
	ref := twoColumns(normals(10000, 0, 1), normals(10000, 0, 1))
	cur := twoColumns(normals(10000, 0.5, 1), normals(10000, 0.25, 1))
	rep := compare(t, ref, cur, Options{})
	if !column(t, rep, "a").Drifted || column(t, rep, "b").Drifted {
		t.Fatal("defaults: want a (0.5 sd) drifted, b (0.25 sd) not")
	}
	rep = compare(t, ref, cur, Options{Columns: map[string]Thresholds{
		"a": {PSI: 0.3},
		"b": {Measure: MeasureJS, JS: 0.08},
	}})
	a, b := column(t, rep, "a"), column(t, rep, "b")
	if a.Drifted || a.Threshold != 0.3 {
		t.Errorf("a with PSI threshold 0.3: drifted %v threshold %v", a.Drifted, a.Threshold)
	}
	if !b.Drifted || b.Method != MeasureJS || b.Threshold != 0.08 {
		t.Errorf("b decided by JS > 0.08: drifted %v method %q threshold %v", b.Drifted, b.Method, b.Threshold)
	}
	// A default override applies to every column; zero fields inherit.
	rep = compare(t, ref, cur, Options{Default: Thresholds{PSI: 0.05}, Columns: map[string]Thresholds{"a": {JS: 0.5}}})
	if a := column(t, rep, "a"); !a.Drifted || a.Threshold != 0.05 {
		t.Errorf("a inheriting PSI 0.05: drifted %v threshold %v", a.Drifted, a.Threshold)
	}
	if b := column(t, rep, "b"); !b.Drifted {
		t.Error("b with default PSI 0.05: not drifted")
	}
}

func twoColumns(a, b []float64) *profile.Profile {
	rows := make([][]string, len(a))
	for i := range a {
		rows[i] = []string{strconv.FormatFloat(a[i], 'g', -1, 64), strconv.FormatFloat(b[i], 'g', -1, 64)}
	}
	return build([]string{"a", "b"}, rows)
}

func TestInvalidOptions(t *testing.T) {
	t.Parallel()
	p := repeat("x", []string{"a"}, []int{3})
	tests := []struct {
		name string
		opt  Options
		want string
	}{
		{"negative psi", Options{Default: Thresholds{PSI: -1}}, "psi threshold -1"},
		{"alpha", Options{Columns: map[string]Thresholds{"x": {KSAlpha: 1.5}}}, `column "x": ks_alpha 1.5`},
		{"measure", Options{Default: Thresholds{Measure: "ks"}}, `measure "ks"`},
		{"NaN", Options{Default: Thresholds{LInf: math.NaN()}}, "linf threshold NaN"},
		{"bins", Options{Bins: -2}, "bins -2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := Compare(p, p, tt.opt)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one containing %q", err, tt.want)
			}
		})
	}
	if _, err := Compare(nil, p, Options{}); err == nil {
		t.Error("nil reference: no error")
	}
}

func TestDeterministicOrdering(t *testing.T) {
	t.Parallel()
	cols := []string{"n1", "n2", "c1", "same", "only"}
	mk := func(order []int, shifts []float64, city string) *profile.Profile {
		ref := normals(2000, 0, 1)
		rows := make([][]string, len(ref))
		for i, x := range ref {
			all := []string{
				strconv.FormatFloat(x+shifts[0], 'g', -1, 64),
				strconv.FormatFloat(x+shifts[1], 'g', -1, 64),
				[]string{"a", "b", city, "d"}[i%4],
				strconv.FormatFloat(x, 'g', -1, 64),
				"1",
			}
			for _, j := range order {
				rows[i] = append(rows[i], all[j])
			}
		}
		names := make([]string, len(order))
		for k, j := range order {
			names[k] = cols[j]
		}
		return build(names, rows)
	}
	ref := mk([]int{0, 1, 2, 3}, []float64{0, 0}, "c")
	cur1 := mk([]int{0, 1, 2, 3, 4}, []float64{0.5, 1}, "z")
	cur2 := mk([]int{4, 3, 2, 1, 0}, []float64{0.5, 1}, "z")
	r1, r2 := compare(t, ref, cur1, Options{}), compare(t, ref, cur2, Options{})
	if !reflect.DeepEqual(r1, r2) {
		t.Errorf("column order changed the report:\n%+v\n%+v", r1, r2)
	}
	var got []string
	for _, c := range r1.Columns {
		got = append(got, c.Column)
	}
	// n2 (1 sd) scores above n1 (0.5 sd); c1 (a category replaced, 25
	// points) is drifted too but scores by L-infinity/0.1 = 2.5.
	if want := []string{"n2", "c1", "n1", "same", "only"}; !slices.Equal(got, want) {
		for _, c := range r1.Columns {
			t.Logf("%s drifted %v score %v", c.Column, c.Drifted, c.Score)
		}
		t.Errorf("order %v, want %v", got, want)
	}
	if r1.Drifted != 3 || r1.Compared != 4 {
		t.Errorf("drifted %d compared %d, want 3 and 4", r1.Drifted, r1.Compared)
	}
}
