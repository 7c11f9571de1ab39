package eval

import (
	"fmt"
	"math"
	"strings"

	"github.com/mlgate/mlgate/internal/fileerr"
)

// pair lines up the examples of two models and returns their views over
// the same cells: cell i of both views holds the same examples, so the
// same weight applies to both models.
func pair(cand, base *Predictions) (cv, bv *view, err error) {
	baseRow, err := pairRows(cand, base)
	if err != nil {
		return nil, nil, err
	}
	n := cand.N()
	joint := &view{task: cand.cols.Task, count: make([]uint32, n)}
	for i := range joint.count {
		joint.count[i] = 1
	}
	var bpred []int32
	var byhat, bscore []float64
	switch {
	case cand.cols.Task == Regression:
		joint.y, joint.yhat, byhat = cand.y, cand.yhat, make([]float64, n)
		for i, j := range baseRow {
			if cand.y[i] != base.y[j] {
				return nil, nil, labelMismatch(cand, base, i, int(j), fmt.Sprint(cand.y[i]), fmt.Sprint(base.y[j]))
			}
			byhat[i] = base.yhat[j]
		}
		joint.meanY = mean(cand.y)
	default:
		classes, candIdx, baseIdx, err := unionClasses(cand, base)
		if err != nil {
			return nil, nil, err
		}
		joint.k = len(classes)
		joint.label, joint.pred, bpred = make([]int32, n), make([]int32, n), make([]int32, n)
		for i, j := range baseRow {
			l, bl := candIdx[cand.label[i]], baseIdx[base.label[j]]
			if l != bl {
				return nil, nil, labelMismatch(cand, base, i, int(j), classes[l], classes[bl])
			}
			joint.label[i], joint.pred[i], bpred[i] = l, candIdx[cand.pred[i]], baseIdx[base.pred[j]]
		}
		if cand.score != nil && base.score != nil {
			joint.score, bscore = cand.score, make([]float64, n)
			for i, j := range baseRow {
				bscore[i] = base.score[j]
			}
		}
	}
	reps, counts := compressPairs(joint, bpred, bscore, byhat)
	cv = joint.gather(reps, counts)
	other := *joint
	other.pred, other.yhat, other.score = bpred, byhat, bscore
	bv = other.gather(reps, counts)
	return cv, bv, nil
}

// pairRows returns, for each candidate row, the baseline row of the same
// example.
func pairRows(cand, base *Predictions) ([]int32, error) {
	if (cand.key == nil) != (base.key == nil) {
		return nil, fmt.Errorf("pair by key: the candidate's key column is %q and the baseline's is %q; both need one", cand.cols.Key, base.cols.Key)
	}
	out := make([]int32, cand.N())
	if cand.key == nil {
		if cand.N() != base.N() {
			return nil, fmt.Errorf("without a key column, examples are paired by row, but the candidate (%s) has %d rows and the baseline (%s) %d",
				strings.Join(cand.files, ", "), cand.N(), strings.Join(base.files, ", "), base.N())
		}
		for i := range out {
			out[i] = int32(i)
		}
		return out, nil
	}
	if _, err := keyIndex(cand); err != nil {
		return nil, err
	}
	index, err := keyIndex(base)
	if err != nil {
		return nil, err
	}
	used := make([]bool, base.N())
	for i, k := range cand.key {
		j, ok := index[k]
		if !ok {
			return nil, cand.at(i, "column %q: key %q is not in the baseline (%s)", cand.cols.Key, k, strings.Join(base.files, ", "))
		}
		out[i], used[j] = j, true
	}
	for j, u := range used {
		if !u {
			return nil, base.at(j, "column %q: key %q is not in the candidate (%s)", base.cols.Key, base.key[j], strings.Join(cand.files, ", "))
		}
	}
	return out, nil
}

// keyIndex maps each key of p to its row; a duplicate key is an error.
func keyIndex(p *Predictions) (map[string]int32, error) {
	index := make(map[string]int32, p.N())
	for i, k := range p.key {
		if j, dup := index[k]; dup {
			return nil, p.at(i, "column %q: duplicate key %q (first at %s)", p.cols.Key, k, p.where(int(j)))
		}
		index[k] = int32(i)
	}
	return index, nil
}

func labelMismatch(cand, base *Predictions, i, j int, cl, bl string) error {
	return &fileerr.Error{File: cand.files[cand.rowFile[i]], Line: int(cand.rowLine[i]),
		Err: fmt.Errorf("column %q: label %q differs from %q at %s in the baseline: the files do not hold the same examples in the same order (set a key column to pair by key)",
			cand.cols.Label, cl, bl, base.where(j))}
}

// unionClasses maps both models' class indices to one class list.
func unionClasses(cand, base *Predictions) (classes []string, candIdx, baseIdx []int32, err error) {
	if cand.cols.Task == Binary && cand.cols.Positive != base.cols.Positive {
		return nil, nil, nil, fmt.Errorf("the candidate's positive class is %q but the baseline's is %q", cand.cols.Positive, base.cols.Positive)
	}
	index := map[string]int32{}
	add := func(cs []string) []int32 {
		idx := make([]int32, len(cs))
		for i, c := range cs {
			j, ok := index[c]
			if !ok {
				j = int32(len(classes))
				index[c] = j
				classes = append(classes, c)
			}
			idx[i] = j
		}
		return idx
	}
	candIdx, baseIdx = add(cand.classes), add(base.classes)
	if cand.cols.Task == Binary && len(classes) > 2 {
		return nil, nil, nil, fmt.Errorf("the candidate's classes %s and the baseline's %s make more than two", listClasses(cand.classes), listClasses(base.classes))
	}
	return classes, candIdx, baseIdx, nil
}

// pairKey identifies a cell of paired examples: the label, both
// predictions and both scores.
type pairKey struct {
	f [3]uint64 // float bits: the scores, or the label and both predictions
	i [3]int32  // the label and both predicted classes
}

// compressPairs merges identical paired examples (by hashing: one pass)
// and returns the first example of each cell and the cell counts.
func compressPairs(joint *view, bpred []int32, bscore, byhat []float64) (reps []int32, counts []uint32) {
	bits := func(x []float64, i int) uint64 {
		if x == nil || x[i] == 0 { // -0 and 0 are one value
			return 0
		}
		return math.Float64bits(x[i])
	}
	index := map[pairKey]int32{}
	for i := range joint.count {
		var k pairKey
		if joint.task == Regression {
			k.f = [3]uint64{bits(joint.y, i), bits(joint.yhat, i), bits(byhat, i)}
		} else {
			k.f = [3]uint64{bits(joint.score, i), bits(bscore, i), 0}
			k.i = [3]int32{joint.label[i], joint.pred[i], bpred[i]}
		}
		c, ok := index[k]
		if !ok {
			c = int32(len(reps))
			index[k] = c
			reps = append(reps, int32(i))
			counts = append(counts, 0)
		}
		counts[c] += joint.count[i]
	}
	return reps, counts
}
