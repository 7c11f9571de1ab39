package eval

import (
	"math"
)

// engine computes the weighted sums behind every metric of one model in
// one pass over cells. Cells are in ascending score order (negatives
// before positives within a tie) when the model has scores, so ROC AUC
// needs no sort per resample.
type engine struct {
	task     Task
	k        int // classes (classification)
	n        int // cells
	hasScore bool
	// src maps a cell to the index of its weight; nil means the identity.
	src []int32

	conf  []int32   // label*k + pred (classification)
	ll    []float64 // log loss of one example (binary with score)
	br    []float64 // squared error of the probability (binary with score)
	block []int32   // tie block of the score: cells with equal scores share it

	se, ae, ape []float64 // squared, absolute, relative absolute error (regression)
	zero        []bool    // the label is 0 (regression: MAPE undefined)
	yc          []float64 // label minus the mean label of all examples (regression)

	ng     int     // groups per cell: the overall group 0, then one per slice column
	groups []int32 // cell i belongs to groups[i*ng : (i+1)*ng]
	G      int     // number of groups
}

// stats holds the weighted sums of every group; it is reused between
// resamples.
type stats struct {
	k    int
	g    []sums    // per group
	conf []float64 // G*k*k confusion matrices, [label][pred]
}

// sums are the weighted sums of one group, kept together so that one
// cell's update touches one cache line.
type sums struct {
	w              float64 // total weight
	ll, br, auc    float64 // log loss, Brier, ROC AUC numerator
	negLess, negEq float64 // ROC AUC pass: negatives below and tied with the current score
	block          int32   // ROC AUC pass: the current tie block
	se, ae, ape    float64
	zero           float64 // weight of zero labels (MAPE undefined)
	sy, syy        float64 // centered labels (R2)
}

func (e *engine) newStats() *stats {
	s := &stats{k: e.k, g: make([]sums, e.G)}
	if e.task.classification() {
		s.conf = make([]float64, e.G*e.k*e.k)
	}
	return s
}

func (s *stats) reset() {
	clear(s.conf)
	for i := range s.g {
		s.g[i] = sums{block: -1}
	}
}

// accumulate fills s with the sums of the cells weighted by w (indexed
// through src).
func (e *engine) accumulate(w []uint32, s *stats) {
	s.reset()
	switch {
	case e.task == Regression:
		e.accRegression(w, s)
	case e.hasScore:
		e.accScored(w, s)
	default:
		e.accClasses(w, s)
	}
}

func (e *engine) weight(w []uint32, i int) float64 {
	if e.src != nil {
		return float64(w[e.src[i]])
	}
	return float64(w[i])
}

func (e *engine) accClasses(w []uint32, s *stats) {
	kk := int32(e.k * e.k)
	for i := range e.n {
		wi := e.weight(w, i)
		if wi == 0 {
			continue
		}
		c := e.conf[i]
		for _, g := range e.groups[i*e.ng : (i+1)*e.ng] {
			s.g[g].w += wi
			s.conf[g*kk+c] += wi
		}
	}
}

// accScored is accClasses plus log loss, Brier score and the ROC AUC
// numerator: the weight of (positive, negative) pairs ranked right, a tie
// counting one half, which is the area under scikit-learn's trapezoid ROC
// curve times positives*negatives.
func (e *engine) accScored(w []uint32, s *stats) {
	kk := int32(e.k * e.k)
	// Branch-free on the label and on zero weights: both are random, and
	// mispredicted branches would cost more than the arithmetic.
	for i := range e.n {
		wi := e.weight(w, i)
		c, b := e.conf[i], e.block[i]
		pos := float64(c >> 1) // 1 for a positive label (k = 2)
		ll, br := e.ll[i]*wi, e.br[i]*wi
		wpos, wneg := pos*wi, wi-pos*wi
		for _, g := range e.groups[i*e.ng : (i+1)*e.ng] {
			gs := &s.g[g]
			gs.w += wi
			gs.ll += ll
			gs.br += br
			s.conf[g*kk+c] += wi
			if gs.block != b { // a new tie block for this group
				gs.negLess += gs.negEq
				gs.negEq = 0
				gs.block = b
			}
			gs.auc += wpos * (gs.negLess + 0.5*gs.negEq)
			gs.negEq += wneg
		}
	}
}

func (e *engine) accRegression(w []uint32, s *stats) {
	for i := range e.n {
		wi := e.weight(w, i)
		if wi == 0 {
			continue
		}
		se, ae, ape, y := e.se[i]*wi, e.ae[i]*wi, e.ape[i]*wi, e.yc[i]
		for _, g := range e.groups[i*e.ng : (i+1)*e.ng] {
			gs := &s.g[g]
			gs.w += wi
			gs.se += se
			gs.ae += ae
			if e.zero[i] {
				gs.zero += wi
			} else {
				gs.ape += ape
			}
			gs.sy += wi * y
			gs.syy += wi * y * y
		}
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
