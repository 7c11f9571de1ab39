package eval

import "math"

// newEngine prepares the cells of v, taken in the given order (nil: as
// they are), for weighted passes. A slice column has at most
// MaxSliceValues values (its ids are 15 bits).
func newEngine(v *view, order []int32) *engine {
	n := v.len()
	at := func(j int) int {
		if order == nil {
			return j
		}
		return int(order[j])
	}
	e := &engine{task: v.task, k: v.k, n: n, hasScore: v.score != nil, src: order, G: 1}
	for s, m := range v.sliceN {
		sg := sliceGroups{off: e.G, m: m, id: make([]uint16, n)}
		for j := range n {
			sg.id[j] = uint16(v.slice[s][at(j)]) << 1
		}
		e.slices = append(e.slices, sg)
		e.G += m
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
	case v.score != nil:
		e.scoredCells(v, at)
	default:
		e.conf = make([]int32, n)
		for j := range n {
			i := at(j)
			e.conf[j] = v.label[i]*int32(v.k) + v.pred[i]
		}
	}
	return e
}

// scoredCells fills the per-cell data of a binary model with scores,
// cells in ascending score order: the code byte, the log loss and Brier
// terms, and the tie-block flags overall and per slice group.
func (e *engine) scoredCells(v *view, at func(int) int) {
	n := e.n
	// Padded to whole chunks (see passScored).
	padded := (n + chunkCells - 1) / chunkCells * chunkCells
	e.code, e.ll, e.br = make([]uint8, padded), make([]float64, padded), make([]float64, padded)
	for s := range e.slices {
		e.slices[s].conf = make([]uint16, n)
	}
	// seen[g] is the tie block in which group g last had a cell.
	seen := make([]int, e.G)
	for g := range seen {
		seen[g] = -1
	}
	block := 0
	for j := range n {
		i := at(j)
		p, positive := v.score[i], v.label[i] == 1
		if j > 0 && p != v.score[at(j-1)] {
			block++
		}
		c := uint8(v.label[i] | v.pred[i]<<1)
		if seen[0] != block {
			c |= codeNewBlock
			seen[0] = block
		}
		e.code[j] = c
		for s := range e.slices {
			sg := &e.slices[s]
			sg.conf[j] = sg.id[j]<<1 | uint16(v.label[i]<<1|v.pred[i])
			if g := sg.off + int(sg.id[j]>>1); seen[g] != block {
				sg.id[j] |= 1
				seen[g] = block
			}
		}
		e.ll[j] = logLossTerm(positive, p)
		y := 0.0
		if positive {
			y = 1
		}
		e.br[j] = (p - y) * (p - y)
	}
	for s := range e.slices {
		e.slices[s].groupChunks(n)
	}
}

// groupChunks turns sg.id, value<<1 plus the tie-block flag per cell,
// into sg.order and sg.bounds (see sliceGroups).
func (sg *sliceGroups) groupChunks(n int) {
	order := make([]uint16, n)
	sg.bounds = make([]int32, 0, (n/chunkCells+1)*(sg.m+1))
	for lo := 0; lo < n; lo += chunkCells {
		hi := min(lo+chunkCells, n)
		// A counting sort of the chunk's cells by value: stable.
		start := make([]int32, sg.m+1)
		for _, id := range sg.id[lo:hi] {
			start[id>>1+1]++
		}
		for g := range sg.m {
			start[g+1] += start[g]
		}
		sg.bounds = append(sg.bounds, start...)
		for j, id := range sg.id[lo:hi] {
			g := id >> 1
			order[lo+int(start[g])] = uint16(j)<<1 | id&1
			start[g]++
		}
	}
	sg.order, sg.id = order, nil
}
