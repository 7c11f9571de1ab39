package stats

import (
	"encoding/json"
	"math"
	"slices"
	"testing"
)

func TestHistogramBins(t *testing.T) {
	t.Parallel()
	h, err := NewHistogram([]float64{0, 1, 2, 4})
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range []float64{-1, math.Inf(-1), 0, 0.5, 1, 1.999, 2, 3.9, 4, 5, math.Inf(1), math.NaN()} {
		h.Add(x)
	}
	want := Histogram{Edges: []float64{0, 1, 2, 4}, Counts: []int64{2, 2, 2}, Under: 2, Over: 3, NaN: 1}
	if !slices.Equal(h.Counts, want.Counts) || h.Under != want.Under || h.Over != want.Over || h.NaN != want.NaN {
		t.Errorf("got %+v, want %+v", *h, want)
	}
	if h.Total() != 11 || !slices.Equal(h.Weights(), []float64{2, 2, 2, 2, 3}) {
		t.Errorf("Total %d, Weights %v", h.Total(), h.Weights())
	}
	o, _ := NewHistogram([]float64{0, 1, 2, 4})
	o.Add(0.1)
	if err := h.Merge(o); err != nil || h.Counts[0] != 3 {
		t.Errorf("merge: %v, counts %v", err, h.Counts)
	}
	p, _ := NewHistogram([]float64{0, 1, 2, 5})
	if err := h.Merge(p); err == nil {
		t.Error("merging different edges: no error")
	}
	b, _ := json.Marshal(h)
	var back Histogram
	if err := json.Unmarshal(b, &back); err != nil || back.Validate() != nil || !slices.Equal(back.Counts, h.Counts) {
		t.Errorf("JSON round trip: %v %+v", err, back)
	}
	for _, bad := range [][]float64{nil, {1}, {1, 1}, {2, 1}, {0, math.NaN()}, {0, math.Inf(1)}} {
		if _, err := NewHistogram(bad); err == nil {
			t.Errorf("NewHistogram(%v): no error", bad)
		}
	}
	if (&Histogram{Edges: []float64{0, 1}, Counts: []int64{1, 2}}).Validate() == nil {
		t.Error("Validate accepts a wrong number of counts")
	}
}

func TestQuantileEdges(t *testing.T) {
	t.Parallel()
	// Continuous: 10 bins, each holding about a tenth of the reference.
	s := NewSketch()
	for i := range 10000 {
		s.Add(float64(i) + 1)
	}
	edges := QuantileEdges(s, 10)
	if len(edges) != 12 {
		t.Fatalf("edges %v: want 11 quantiles + 1", edges)
	}
	h, err := s.Histogram(edges)
	if err != nil {
		t.Fatal(err)
	}
	if h.Under != 0 || h.Over != 0 {
		t.Errorf("reference mass outside its own edges: %+v", h)
	}
	for i, c := range h.Counts[:10] {
		if c < 800 || c > 1200 {
			t.Errorf("bin %d holds %d of 10000, want about 1000", i, c)
		}
	}
	// Discrete with heavy ties: one bin per value.
	d := NewSketch()
	for i := range 1000 {
		d.Add(float64(i % 3))
	}
	edges = QuantileEdges(d, 20)
	if len(edges) != 4 {
		t.Fatalf("discrete edges %v: want 3 values + 1", edges)
	}
	h, _ = d.Histogram(edges)
	if !slices.Equal(h.Counts, []int64{334, 333, 333}) {
		t.Errorf("discrete counts %v", h.Counts)
	}
	// Constant column.
	c := NewSketch()
	c.Add(7)
	if e := QuantileEdges(c, 10); len(e) != 2 || !(e[0] < e[1]) {
		t.Errorf("constant edges %v", e)
	}
	if QuantileEdges(NewSketch(), 10) != nil || QuantileEdges(s, 0) != nil {
		t.Error("edges of nothing are not nil")
	}
}
