package eval

import (
	"math"
	"slices"
)

// view is a set of examples (rows, or cells with counts) of one model.
type view struct {
	task        Task
	k           int
	label, pred []int32   // classification
	y, yhat     []float64 // regression
	score       []float64 // nil without scores
	slice       [][]int32 // per slice column: value index
	sliceN      []int     // per slice column: number of values
	count       []uint32  // multiplicity of each example
	meanY       float64   // mean label, to center regression sums
}

func (v *view) len() int { return len(v.count) }

// rowView is the view of p's rows, each of count 1.
func rowView(p *Predictions) *view {
	v := &view{task: p.cols.Task, k: len(p.classes), label: p.label, pred: p.pred,
		y: p.y, yhat: p.yhat, score: p.score, slice: p.slice}
	for _, vals := range p.sliceValues {
		v.sliceN = append(v.sliceN, len(vals))
	}
	v.count = make([]uint32, p.N())
	for i := range v.count {
		v.count[i] = 1
	}
	v.meanY = mean(p.y)
	return v
}

func mean(x []float64) float64 {
	if len(x) == 0 {
		return 0
	}
	var s float64
	for _, f := range x {
		s += f
	}
	return s / float64(len(x))
}

// sortKey compares examples on float columns, then integer columns.
type sortKey struct {
	f [][]float64
	i [][]int32
}

func (k *sortKey) add(f []float64) {
	if f != nil {
		k.f = append(k.f, f)
	}
}

func (k *sortKey) addInt(i []int32) {
	if i != nil {
		k.i = append(k.i, i)
	}
}

func (k *sortKey) cmp(a, b int32) int {
	for _, c := range k.f {
		if x, y := c[a], c[b]; x != y {
			if x < y {
				return -1
			}
			return 1
		}
	}
	for _, c := range k.i {
		if x, y := c[a], c[b]; x != y {
			if x < y {
				return -1
			}
			return 1
		}
	}
	return 0
}

// compress sorts the examples of v by key and merges identical ones into
// cells: it returns the first example of each cell and the cell counts
// (sums of v.count).
func compress(v *view, key *sortKey) (reps []int32, counts []uint32) {
	order := make([]int32, v.len())
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, key.cmp)
	for j, i := range order {
		if j > 0 && key.cmp(order[j-1], i) == 0 {
			counts[len(counts)-1] += v.count[i]
			continue
		}
		reps = append(reps, i)
		counts = append(counts, v.count[i])
	}
	return reps, counts
}

// cells compresses the rows of v into cells of identical (score, label,
// prediction, slices), in ascending score order.
func cells(v *view) *view {
	key := &sortKey{}
	key.add(v.score)
	key.add(v.y)
	key.add(v.yhat)
	key.addInt(v.label)
	key.addInt(v.pred)
	for _, s := range v.slice {
		key.addInt(s)
	}
	reps, counts := compress(v, key)
	return v.gather(reps, counts)
}

// gather returns the view of the examples at idx, with the given counts.
func (v *view) gather(idx []int32, counts []uint32) *view {
	c := &view{task: v.task, k: v.k, sliceN: v.sliceN, count: counts, meanY: v.meanY}
	c.label, c.pred = gatherInts(v.label, idx), gatherInts(v.pred, idx)
	c.y, c.yhat, c.score = gatherFloats(v.y, idx), gatherFloats(v.yhat, idx), gatherFloats(v.score, idx)
	for _, s := range v.slice {
		c.slice = append(c.slice, gatherInts(s, idx))
	}
	return c
}

func gatherInts(x []int32, idx []int32) []int32 {
	if x == nil {
		return nil
	}
	out := make([]int32, len(idx))
	for j, i := range idx {
		out[j] = x[i]
	}
	return out
}

func gatherFloats(x []float64, idx []int32) []float64 {
	if x == nil {
		return nil
	}
	out := make([]float64, len(idx))
	for j, i := range idx {
		out[j] = x[i]
	}
	return out
}

// scoreOrder returns the examples of v in ascending score order, the
// negatives first within a tie, as the ROC AUC pass needs; nil when v has
// no scores or is already in that order.
func scoreOrder(v *view) []int32 {
	if v.score == nil {
		return nil
	}
	key := &sortKey{f: [][]float64{v.score}, i: [][]int32{v.label}}
	order := make([]int32, v.len())
	for i := range order {
		order[i] = int32(i)
	}
	if slices.IsSortedFunc(order, key.cmp) {
		return nil
	}
	slices.SortStableFunc(order, key.cmp)
	return order
}

// newEngine prepares the cells of v, taken in the given order (nil: as
// they are), for weighted passes.
func newEngine(v *view, order []int32) *engine {
	n := v.len()
	at := func(j int) int {
		if order == nil {
			return j
		}
		return int(order[j])
	}
	e := &engine{task: v.task, k: v.k, n: n, hasScore: v.score != nil, src: order, ng: 1 + len(v.slice)}
	e.G = 1
	offsets := make([]int32, len(v.slice))
	for s, m := range v.sliceN {
		offsets[s] = int32(e.G)
		e.G += m
	}
	e.groups = make([]int32, n*e.ng)
	for j := range n {
		i := at(j)
		for s := range v.slice {
			e.groups[j*e.ng+1+s] = offsets[s] + v.slice[s][i]
		}
	}
	switch {
	case v.task == Regression:
		e.se, e.ae, e.ape = make([]float64, n), make([]float64, n), make([]float64, n)
		e.zero, e.yc = make([]bool, n), make([]float64, n)
		for j := range n {
			i := at(j)
			d := v.yhat[i] - v.y[i]
			e.se[j], e.ae[j] = d*d, math.Abs(d)
			if v.y[i] == 0 {
				e.zero[j] = true
			} else {
				e.ape[j] = math.Abs(d) / math.Abs(v.y[i])
			}
			e.yc[j] = v.y[i] - v.meanY
		}
	default:
		e.conf = make([]int32, n)
		for j := range n {
			i := at(j)
			e.conf[j] = v.label[i]*int32(v.k) + v.pred[i]
		}
		if e.hasScore {
			e.ll, e.br, e.block = make([]float64, n), make([]float64, n), make([]int32, n)
			block := int32(0)
			for j := range n {
				i := at(j)
				p, positive := v.score[i], v.label[i] == 1
				if j > 0 && p != v.score[at(j-1)] {
					block++
				}
				e.block[j] = block
				e.ll[j] = logLossTerm(positive, p)
				y := 0.0
				if positive {
					y = 1
				}
				e.br[j] = (p - y) * (p - y)
			}
		}
	}
	return e
}
