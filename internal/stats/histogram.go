package stats

import (
	"errors"
	"fmt"
	"math"
)

// Histogram counts values on explicit bin edges, so that two datasets binned
// on the same edges can be compared (PSI, Jensen-Shannon). Bin i holds the
// values x with Edges[i] <= x < Edges[i+1] (every bin is half-open, the last
// one too); Under counts x < Edges[0] (including -Inf), Over counts
// x >= Edges[len(Edges)-1] (including +Inf), and NaN counts NaNs. Field
// names are the JSON form.
type Histogram struct {
	// Edges are finite and strictly increasing; there are at least two.
	Edges []float64 `json:"edges"`
	// Counts has len(Edges)-1 entries.
	Counts []int64 `json:"counts"`
	Under  int64   `json:"under"`
	Over   int64   `json:"over"`
	NaN    int64   `json:"nan,omitempty"`
}

// NewHistogram returns an empty histogram on a copy of edges, or an error
// when the edges are not at least two finite, strictly increasing values.
func NewHistogram(edges []float64) (*Histogram, error) {
	if err := checkEdges(edges); err != nil {
		return nil, err
	}
	return &Histogram{
		Edges:  append([]float64(nil), edges...),
		Counts: make([]int64, len(edges)-1),
	}, nil
}

func checkEdges(edges []float64) error {
	if len(edges) < 2 {
		return fmt.Errorf("histogram needs at least 2 edges, got %d", len(edges))
	}
	for i, e := range edges {
		if math.IsNaN(e) || math.IsInf(e, 0) {
			return fmt.Errorf("histogram edge %d is %v, not finite", i, e)
		}
		if i > 0 && e <= edges[i-1] {
			return fmt.Errorf("histogram edges %d and %d are not increasing (%v, %v)", i-1, i, edges[i-1], e)
		}
	}
	return nil
}

// Validate checks a decoded histogram: valid edges, one count per bin, and
// no negative count.
func (h *Histogram) Validate() error {
	if err := checkEdges(h.Edges); err != nil {
		return err
	}
	if len(h.Counts) != len(h.Edges)-1 {
		return fmt.Errorf("histogram has %d counts for %d bins", len(h.Counts), len(h.Edges)-1)
	}
	if h.Under < 0 || h.Over < 0 || h.NaN < 0 {
		return errors.New("histogram has a negative count")
	}
	for i, c := range h.Counts {
		if c < 0 {
			return fmt.Errorf("histogram bin %d has a negative count %d", i, c)
		}
	}
	return nil
}

// Add counts x.
func (h *Histogram) Add(x float64) { h.AddN(x, 1) }

// AddN counts x n times.
func (h *Histogram) AddN(x float64, n int64) {
	e := h.Edges
	switch {
	case x < e[0]:
		h.Under += n
	case x >= e[len(e)-1]:
		h.Over += n
	case x == x: //nolint:gocritic // false only for NaN
		// Binary search for the last edge <= x.
		lo, hi := 0, len(e)-1 // e[lo] <= x < e[hi]
		for hi-lo > 1 {
			mid := int(uint(lo+hi) >> 1)
			if e[mid] <= x {
				lo = mid
			} else {
				hi = mid
			}
		}
		h.Counts[lo] += n
	default:
		h.NaN += n
	}
}

// Merge adds o's counts; the edges must be equal.
func (h *Histogram) Merge(o *Histogram) error {
	if len(o.Edges) != len(h.Edges) || len(o.Counts) != len(h.Counts) {
		return fmt.Errorf("merging histograms: %d edges differ from %d", len(o.Edges), len(h.Edges))
	}
	for i, e := range h.Edges {
		if o.Edges[i] != e {
			return fmt.Errorf("merging histograms: edge %d is %v, not %v", i, o.Edges[i], e)
		}
	}
	for i, c := range o.Counts {
		h.Counts[i] += c
	}
	h.Under += o.Under
	h.Over += o.Over
	h.NaN += o.NaN
	return nil
}

// Total returns the number of non-NaN values counted.
func (h *Histogram) Total() int64 {
	t := h.Under + h.Over
	for _, c := range h.Counts {
		t += c
	}
	return t
}

// Weights returns the counts as the vector [Under, Counts..., Over], the
// input of [PSI] and [JensenShannon] (which normalize it).
func (h *Histogram) Weights() []float64 {
	w := make([]float64, 0, len(h.Counts)+2)
	w = append(w, float64(h.Under))
	for _, c := range h.Counts {
		w = append(w, float64(c))
	}
	return append(w, float64(h.Over))
}

// QuantileEdges returns bin edges for drift histograms from a reference
// sketch: the sketch's q-quantiles for q = 0, 1/n, ..., 1, deduplicated (so
// discrete data with heavy ties gets fewer, wider bins), with one more edge
// just above the maximum so that the maximum has a bin of its own (bins are
// half-open). It returns nil when the sketch has no finite value or n < 1.
//
// The edges are sketch values (within 1% of the data's), so bin both sides
// of a comparison the same way: with [Sketch.Histogram] for two sketches.
func QuantileEdges(s *Sketch, n int) []float64 {
	if s == nil || n < 1 || s.Count() == 0 {
		return nil
	}
	edges := make([]float64, 0, n+2)
	for i := 0; i <= n; i++ {
		v := s.Quantile(float64(i) / float64(n))
		if math.IsInf(v, 0) {
			continue
		}
		if len(edges) == 0 || v > edges[len(edges)-1] {
			edges = append(edges, v)
		}
	}
	if len(edges) == 0 {
		// Only infinities: no finite edge can separate them.
		return nil
	}
	last := edges[len(edges)-1]
	return append(edges, math.Nextafter(last, math.Inf(1)))
}

// Histogram bins the sketch's contents on edges: each sketch bin's count
// goes to the histogram bin of its representative value, so values are
// placed within the sketch's relative accuracy. NaNs are carried over.
func (s *Sketch) Histogram(edges []float64) (*Histogram, error) {
	h, err := NewHistogram(edges)
	if err != nil {
		return nil, err
	}
	s.forEachBin(func(v, c float64) { h.AddN(v, int64(c)) })
	h.NaN = int64(s.nan)
	return h, nil
}
