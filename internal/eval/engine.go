package eval

import (
	"math"
)

// engine computes the weighted sums behind every metric of one model in
// one pass over cells. Cells are in ascending score order (negatives
// before positives within a tie) when the model has scores, so ROC AUC
// needs no sort per resample.
//
// The cell data is laid out as a structure of small arrays, read
// sequentially by the passes (pass_*.go).
type engine struct {
	task     Task
	k        int // classes (classification)
	n        int // cells
	hasScore bool
	// src maps a cell to the index of its weight; nil means the identity.
	src []int32

	conf []int32 // label*k + pred (classification without score)

	// Binary with score: one byte per cell (the code* bits) and the
	// per-cell log loss and Brier terms, all padded to whole chunks. The
	// terms stay float64: float32 would change the reported sums.
	code   []uint8
	ll, br []float64

	se, ae, ape []float64 // squared, absolute, relative absolute error (regression)
	zero        []bool    // the label is 0 (regression: MAPE undefined)
	yc          []float64 // label minus the mean label of all examples (regression)

	// The overall group is group 0; the values of slice column s are the
	// groups slices[s].off ... slices[s].off+slices[s].m-1.
	slices []sliceGroups
	G      int // number of groups
}

// sliceGroups are the groups of one slice column.
type sliceGroups struct {
	off, m int
	// id holds value<<1 of each cell (value < MaxSliceValues).
	id []uint16

	// Binary with score (passScored), in place of id:
	//
	// order lists the cells of each chunk of chunkCells cells group by
	// group, each as (index in the chunk)<<1, plus 1 at the first cell of
	// its group within a tie block of the score (the flag replaces
	// comparing tie-block ids per group in the pass); the group of value
	// g is at order[lo+bounds[c*(m+1)+g] : lo+bounds[c*(m+1)+g+1]] for
	// chunk c starting at cell lo.
	order  []uint16
	bounds []int32
	// conf is the index of each cell's confusion-matrix entry among the
	// column's groups: value*4 + label*2 + pred.
	conf []uint16
}

// Bits of engine.code.
const (
	codeLabel    = 1 << 0 // positive label
	codePred     = 1 << 1 // predicted positive
	codeNewBlock = 1 << 2 // first cell of a tie block of the score
)

// stats holds the weighted sums of every group; it is reused between
// resamples. Weights are integers, so counts are summed exactly in
// uint64 and converted once by finish.
type stats struct {
	k    int
	g    []sums              // per group
	conf []uint64            // G*k*k confusion matrices, [label][pred]
	buf  *[chunkCells]uint32 // accumulate's weights of one chunk
}

// sums are the weighted sums of one group.
type sums struct {
	scoredSums
	n           uint64 // total weight (regression; classification sums conf)
	zero        uint64 // weight of zero labels (MAPE undefined)
	se, ae, ape float64
	sy, syy     float64 // centered labels (R2)

	// Set by finish for the metrics.
	w, auc float64 // total weight, ROC AUC numerator
}

// scoredSums are the sums passScored keeps per group, passed by value so
// that they stay in registers through its loops.
type scoredSums struct {
	ll, br float64 // log loss, Brier
	// ROC AUC (see passScored): twice the numerator, the negatives so
	// far and at the start of the current tie block. All are exact
	// integers in uint64, where float64 sums stop being exact above 2^53
	// (auc2 <= total weight^2 / 2 fits up to a total weight of 6e9).
	auc2, neg, blockNeg uint64
}

func (e *engine) newStats() *stats {
	s := &stats{k: e.k, g: make([]sums, e.G)}
	if e.task.classification() {
		s.conf = make([]uint64, e.G*e.k*e.k)
	}
	return s
}

func (s *stats) reset() {
	clear(s.conf)
	clear(s.g)
}

// accumulate fills s with the sums of the cells weighted by w (indexed
// through src).
func (e *engine) accumulate(w []uint32, s *stats) {
	s.reset()
	if s.buf == nil {
		s.buf = new([chunkCells]uint32)
	}
	buf := s.buf
	for lo := 0; lo < e.n; lo += chunkCells {
		hi := min(lo+chunkCells, e.n)
		if e.src == nil {
			copy(buf[:], w[lo:hi])
		} else {
			// A gather into a small buffer, then sequential passes.
			for j, i := range e.src[lo:hi] {
				buf[j] = w[i]
			}
		}
		e.pass(s, lo, hi, buf)
	}
	e.finish(s)
}

// pass adds the cells of chunk [lo, hi) to s, cell lo+j weighted by w[j]:
// lo is a multiple of chunkCells and hi at most lo+chunkCells. Passes over
// consecutive chunks add up to one pass over all cells: each sum adds its
// terms in the same order.
func (e *engine) pass(s *stats, lo, hi int, w *[chunkCells]uint32) {
	switch {
	case e.task == Regression:
		e.passRegression(s, lo, hi, w)
	case e.hasScore:
		e.passScored(s, lo, hi, w)
	default:
		e.passClasses(s, lo, hi, w)
	}
}

// finish derives the totals the metrics read from the sums of a whole
// pass.
func (e *engine) finish(s *stats) {
	kk := e.k * e.k
	if e.hasScore && len(e.slices) > 0 {
		// passScored leaves the overall confusion matrix to the sum of
		// the first slice column's, which partitions the cells.
		sg := e.slices[0]
		for c := range s.conf[:kk] {
			s.conf[c] = 0
			for g := sg.off; g < sg.off+sg.m; g++ {
				s.conf[c] += s.conf[g*kk+c]
			}
		}
	}
	for g := range s.g {
		gs := &s.g[g]
		if e.task.classification() {
			gs.n = 0
			for _, c := range s.conf[g*kk : (g+1)*kk] {
				gs.n += c
			}
		}
		gs.w = float64(gs.n)
		gs.auc = float64(gs.auc2) / 2
	}
}

// logLossTerm is the log loss of one example with clipped probability p
// of the positive class, as scikit-learn computes it.
func logLossTerm(positive bool, p float64) float64 {
	const eps = 1e-15
	p = min(max(p, eps), 1-eps)
	q := 1 - p
	sum := p + q // scikit-learn renormalizes the two columns
	if positive {
		return -math.Log(p / sum)
	}
	return -math.Log(q / sum)
}
