package eval

import (
	"cmp"
	mathbits "math/bits"
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
	order, same := packedSort(v.len(), key)
	if order == nil {
		order = make([]int32, v.len())
		for i := range order {
			order[i] = int32(i)
		}
		slices.SortFunc(order, key.cmp)
		same = func(j int) bool { return key.cmp(order[j-1], order[j]) == 0 }
	}
	for j, i := range order {
		if j > 0 && same(j) {
			counts[len(counts)-1] += v.count[i]
			continue
		}
		reps = append(reps, i)
		counts = append(counts, v.count[i])
	}
	return reps, counts
}

// packed is a sort key held by value: up to two float columns, then the
// integer columns packed into one word, most significant first.
type packed struct {
	f    [2]float64
	ints uint64
	i    int32 // the example
}

// packedSort sorts the examples by key as a stable sort by key.cmp
// would, several times faster: the keys are compared by value rather
// than through the columns. It returns the order and whether the example
// at position j equals the one before it, or nil when the key does not
// pack (more than two float columns, or integer columns wider than 64
// bits together).
func packedSort(n int, key *sortKey) (order []int32, same func(j int) bool) {
	if len(key.f) > 2 {
		return nil, nil
	}
	shifts := make([]uint, len(key.i))
	bits := uint(0)
	for c, col := range key.i {
		var hi int32
		for _, x := range col {
			if x < 0 {
				return nil, nil
			}
			hi = max(hi, x)
		}
		shifts[c] = uint(mathbits.Len32(uint32(hi)))
		bits += shifts[c]
	}
	if bits > 64 {
		return nil, nil
	}
	keys := make([]packed, n)
	for i := range keys {
		k := &keys[i]
		k.i = int32(i)
		for c, col := range key.f {
			k.f[c] = col[i]
		}
		for c, col := range key.i {
			k.ints = k.ints<<shifts[c] | uint64(col[i])
		}
	}
	cmpFloat := func(x, y float64) int { // as sortKey.cmp: -0 == 0
		switch {
		case x < y:
			return -1
		case x > y:
			return 1
		}
		return 0
	}
	compareKeys := func(a, b packed) int {
		if c := cmpFloat(a.f[0], b.f[0]); c != 0 {
			return c
		}
		if c := cmpFloat(a.f[1], b.f[1]); c != 0 {
			return c
		}
		return cmp.Compare(a.ints, b.ints)
	}
	// The example breaks ties: the sort is stable.
	slices.SortFunc(keys, func(a, b packed) int {
		if c := compareKeys(a, b); c != 0 {
			return c
		}
		return cmp.Compare(a.i, b.i)
	})
	order = make([]int32, n)
	for j, k := range keys {
		order[j] = k.i
	}
	return order, func(j int) bool { return compareKeys(keys[j-1], keys[j]) == 0 }
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
	if packedOrder, _ := packedSort(v.len(), key); packedOrder != nil {
		return packedOrder
	}
	slices.SortStableFunc(order, key.cmp)
	return order
}
