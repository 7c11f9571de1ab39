package stats

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"

	"github.com/DataDog/sketches-go/ddsketch/mapping"
	"github.com/DataDog/sketches-go/ddsketch/store"
)

// SketchRelativeAccuracy is the relative accuracy of sketches made by
// [NewSketch].
const SketchRelativeAccuracy = 0.01

// SketchMaxBins bounds the bins of each half (positive, negative) of a
// sketch: with a 1% accuracy, 2048 bins span a ratio of about 4e17 between
// the smallest and the largest magnitude kept within the bound, so 16 KiB
// per half at most whatever the input size.
const SketchMaxBins = 2048

// Sketch is a mergeable quantile sketch: a DDSketch (Masson, Rim and Lee,
// VLDB 2019) from github.com/DataDog/sketches-go with the cubically
// interpolated index mapping (a logarithm approximated from the float's
// exponent bits and a cubic polynomial: 2.7x faster to Add than math.Log,
// with the same accuracy guarantee and about 1% more bins) and bounded
// dense stores.
//
// Why DDSketch: its error is relative to the value (not to the rank, as in
// KLL or t-digest), which suits the heavy-tailed columns of ML data; it is
// fully mergeable with no loss (merging is adding bin counts, so a merge of
// shard sketches equals the sketch of the whole); Add is a few float
// operations and an array increment (about 40 ns); and its state is a few integer arrays, which makes a
// compact, exact, deterministic JSON form.
//
// Error bound: for 0 <= q <= 1 over n non-NaN values, Quantile(q) returns a
// value within a relative error of [SketchRelativeAccuracy] (1%) of the
// value of 0-based rank floor(q*(n-1)) in sorted order (numpy's
// method="lower"), that is |estimate - exact| <= 0.01*|exact|. Zeros and
// infinities are exact. The bound does not hold for values of magnitude
// below about 1/4e17 of the largest magnitude on the same side of zero (they
// are collapsed into the lowest bin by the memory bound), nor below 2.3e-308
// (counted as zero); finite values of magnitude above the largest indexable
// one (about 1.3e308) are clamped to it.
//
// NaN values are counted (see [Sketch.NaN]) and take no part in quantiles.
//
// The zero value is an empty sketch ready to use.
type Sketch struct {
	mapping        *mapping.CubicallyInterpolatedMapping
	accuracy       float64 // as configured: the mapping's own recomputation rounds
	pos, neg       store.Store
	zero           float64
	nan            uint64
	posInf, negInf uint64
}

// NewSketch returns an empty sketch with the default accuracy.
func NewSketch() *Sketch {
	s := &Sketch{}
	s.init(SketchRelativeAccuracy)
	return s
}

func (s *Sketch) init(relativeAccuracy float64) {
	m, err := mapping.NewCubicallyInterpolatedMapping(relativeAccuracy)
	if err != nil {
		// Unreachable: the callers pass a validated accuracy in (0, 1).
		m, _ = mapping.NewCubicallyInterpolatedMapping(SketchRelativeAccuracy)
		relativeAccuracy = SketchRelativeAccuracy
	}
	s.mapping = m
	s.accuracy = relativeAccuracy
	s.pos = store.NewCollapsingLowestDenseStore(SketchMaxBins)
	s.neg = store.NewCollapsingLowestDenseStore(SketchMaxBins)
}

// Add adds x.
func (s *Sketch) Add(x float64) {
	if s.mapping == nil {
		s.init(SketchRelativeAccuracy)
	}
	m := s.mapping
	switch {
	case x > m.MinIndexableValue():
		if x > m.MaxIndexableValue() {
			if math.IsInf(x, 1) {
				s.posInf++
				return
			}
			x = m.MaxIndexableValue()
		}
		s.pos.Add(m.Index(x))
	case x < -m.MinIndexableValue():
		if x < -m.MaxIndexableValue() {
			if math.IsInf(x, -1) {
				s.negInf++
				return
			}
			x = -m.MaxIndexableValue()
		}
		s.neg.Add(m.Index(-x))
	case x == x: //nolint:gocritic // false only for NaN
		s.zero++
	default:
		s.nan++
	}
}

// Count returns the number of non-NaN values added (finite or infinite):
// the population of the quantiles.
func (s *Sketch) Count() float64 {
	if s.mapping == nil {
		return 0
	}
	return s.zero + s.pos.TotalCount() + s.neg.TotalCount() + float64(s.posInf+s.negInf)
}

// NaN returns the number of NaN values added.
func (s *Sketch) NaN() uint64 { return s.nan }

// Infinities returns the numbers of -Inf and +Inf values added.
func (s *Sketch) Infinities() (neg, pos uint64) { return s.negInf, s.posInf }

// RelativeAccuracy returns the sketch's relative accuracy.
func (s *Sketch) RelativeAccuracy() float64 {
	if s.mapping == nil {
		return SketchRelativeAccuracy
	}
	return s.accuracy
}

// Quantile returns an estimate of the q-quantile (see the error bound in
// the type's comment), or NaN when the sketch is empty or q is not in
// [0, 1].
func (s *Sketch) Quantile(q float64) float64 {
	n := s.Count()
	if n == 0 || !(q >= 0 && q <= 1) {
		return math.NaN()
	}
	// float64() forbids a fused multiply-add, for identical results on
	// every architecture.
	rank := math.Floor(float64(q * (n - 1)))
	return s.valueAtRank(rank)
}

// valueAtRank returns the estimate of the value of 0-based rank r (an
// integer in [0, Count()-1]).
func (s *Sketch) valueAtRank(r float64) float64 {
	if r < float64(s.negInf) {
		return math.Inf(-1)
	}
	r -= float64(s.negInf)
	nNeg := s.neg.TotalCount()
	if r < nNeg {
		return -s.mapping.Value(s.neg.KeyAtRank(nNeg - 1 - r))
	}
	r -= nNeg
	if r < s.zero {
		return 0
	}
	r -= s.zero
	if r < s.pos.TotalCount() {
		return s.mapping.Value(s.pos.KeyAtRank(r))
	}
	return math.Inf(1)
}

// Merge adds the values summarized by o. Both sketches must have the same
// relative accuracy.
func (s *Sketch) Merge(o *Sketch) error {
	if o == nil || o.mapping == nil {
		return nil
	}
	if s.mapping == nil {
		s.init(o.RelativeAccuracy())
	}
	if !s.mapping.Equals(o.mapping) {
		return fmt.Errorf("merging sketches: relative accuracy %g differs from %g",
			o.RelativeAccuracy(), s.RelativeAccuracy())
	}
	s.pos.MergeWith(o.pos)
	s.neg.MergeWith(o.neg)
	s.zero += o.zero
	s.nan += o.nan
	s.posInf += o.posInf
	s.negInf += o.negInf
	return nil
}

// forEachBin calls f for every non-empty bin in increasing order of value,
// with the bin's representative value (±Inf for infinities) and count.
func (s *Sketch) forEachBin(f func(value, count float64)) {
	if s.mapping == nil {
		return
	}
	if s.negInf > 0 {
		f(math.Inf(-1), float64(s.negInf))
	}
	if !s.neg.IsEmpty() {
		lo, _ := s.neg.MinIndex()
		hi, _ := s.neg.MaxIndex()
		counts := binCounts(s.neg, lo, hi)
		for i := len(counts) - 1; i >= 0; i-- {
			if counts[i] > 0 {
				f(-s.mapping.Value(lo+i), float64(counts[i]))
			}
		}
	}
	if s.zero > 0 {
		f(0, s.zero)
	}
	s.pos.ForEach(func(index int, count float64) bool {
		f(s.mapping.Value(index), count)
		return false
	})
	if s.posInf > 0 {
		f(math.Inf(1), float64(s.posInf))
	}
}

// sketchJSON is the JSON form of a Sketch.
type sketchJSON struct {
	Mapping          string    `json:"mapping"`
	RelativeAccuracy float64   `json:"relative_accuracy"`
	ZeroCount        uint64    `json:"zero_count"`
	Positive         *binsJSON `json:"positive,omitempty"`
	Negative         *binsJSON `json:"negative,omitempty"`
	NaN              uint64    `json:"nan,omitempty"`
	PosInf           uint64    `json:"pos_inf,omitempty"`
	NegInf           uint64    `json:"neg_inf,omitempty"`
}

// binsJSON holds the counts of consecutive bins: Counts[i] is the count of
// bin Offset+i of the index mapping (bin k holds the magnitudes whose
// approximate logarithm to the base g = (1+a)/(1-a), a the relative
// accuracy, has floor k).
type binsJSON struct {
	Offset int      `json:"offset"`
	Counts []uint64 `json:"counts"`
}

const mappingCubic = "cubic"

// MarshalJSON encodes the sketch as
// {"mapping":"cubic","relative_accuracy":0.01,"zero_count":N,
// "positive":{"offset":K,"counts":[...]},"negative":{...},"nan":N,
// "pos_inf":N,"neg_inf":N}; empty parts are omitted. The form is canonical:
// equal contents give equal bytes.
func (s *Sketch) MarshalJSON() ([]byte, error) {
	if s.mapping == nil {
		s.init(SketchRelativeAccuracy)
	}
	j := sketchJSON{
		Mapping:          mappingCubic,
		RelativeAccuracy: s.RelativeAccuracy(),
		ZeroCount:        uint64(s.zero),
		Positive:         storeJSON(s.pos),
		Negative:         storeJSON(s.neg),
		NaN:              s.nan,
		PosInf:           s.posInf,
		NegInf:           s.negInf,
	}
	return json.Marshal(j)
}

func binCounts(st store.Store, lo, hi int) []uint64 {
	counts := make([]uint64, hi-lo+1)
	st.ForEach(func(index int, count float64) bool {
		counts[index-lo] = uint64(count)
		return false
	})
	return counts
}

func storeJSON(st store.Store) *binsJSON {
	if st.IsEmpty() {
		return nil
	}
	lo, _ := st.MinIndex()
	hi, _ := st.MaxIndex()
	return &binsJSON{Offset: lo, Counts: binCounts(st, lo, hi)}
}

// UnmarshalJSON decodes the form written by MarshalJSON, validating it:
// a bad sketch is an error, never a panic or an unbounded allocation.
func (s *Sketch) UnmarshalJSON(b []byte) error {
	var j sketchJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return fmt.Errorf("decoding sketch: %w", err)
	}
	if j.Mapping != mappingCubic {
		return fmt.Errorf("decoding sketch: mapping %q is not %q", j.Mapping, mappingCubic)
	}
	if !(j.RelativeAccuracy > 0 && j.RelativeAccuracy < 1) {
		return fmt.Errorf("decoding sketch: relative_accuracy %g is not in (0, 1)", j.RelativeAccuracy)
	}
	var t Sketch
	t.init(j.RelativeAccuracy)
	for _, part := range []struct {
		name string
		bins *binsJSON
		st   store.Store
	}{{"positive", j.Positive, t.pos}, {"negative", j.Negative, t.neg}} {
		if err := t.decodeBins(part.bins, part.st); err != nil {
			return fmt.Errorf("decoding sketch: %s: %w", part.name, err)
		}
	}
	t.zero = float64(j.ZeroCount)
	t.nan, t.posInf, t.negInf = j.NaN, j.PosInf, j.NegInf
	*s = t
	return nil
}

func (s *Sketch) decodeBins(b *binsJSON, st store.Store) error {
	if b == nil {
		return nil
	}
	if len(b.Counts) > SketchMaxBins {
		return fmt.Errorf("%d bins, more than the maximum %d", len(b.Counts), SketchMaxBins)
	}
	lo := s.mapping.Index(s.mapping.MinIndexableValue())
	hi := s.mapping.Index(s.mapping.MaxIndexableValue())
	if b.Offset < lo || b.Offset > hi-len(b.Counts)+1 {
		return fmt.Errorf("bins %d to %d are outside the indexable range %d to %d",
			b.Offset, b.Offset+len(b.Counts)-1, lo, hi)
	}
	for i, c := range b.Counts {
		if c > 1<<53 {
			return errors.New("a bin count exceeds 2^53")
		}
		st.AddWithCount(b.Offset+i, float64(c))
	}
	return nil
}
