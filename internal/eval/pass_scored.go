package eval

// passScored is the pass of a binary model with scores: the confusion
// matrix, log loss, Brier score and the ROC AUC numerator (the weight of
// (positive, negative) pairs ranked right, a tie counting one half: the
// area under scikit-learn's trapezoid ROC curve times
// positives*negatives), for the overall group and every slice group.
//
// The ROC AUC sums are exact integers: a positive of weight w adds
// w*(2*below + tied) to twice the numerator, where below is the weight of
// negatives in earlier tie blocks and tied that of the negatives of its
// own block (negatives sort before positives within a tie). With neg the
// negatives so far and blockNeg its value when the block began, that is
// w*(blockNeg + neg).
//
// The loops are branch-free: the label, the tie blocks and zero weights
// are random, and mispredicted branches would cost more than the
// arithmetic. Integer masks (0 or all ones) and conditional moves select
// instead. Each loop is a function of its own, with few live variables,
// so that the compiler keeps them all in registers.
func (e *engine) passScored(s *stats, lo, hi int, w *[chunkCells]uint32) {
	code, ll, br, wr := e.code[lo:hi], e.ll[lo:hi], e.br[lo:hi], w[:hi-lo]
	s.g[0].scoredSums = scoredOverall(s.g[0].scoredSums, code, wr, ll, br)
	if len(e.slices) == 0 {
		scoredConf(s.conf[:4], code, wr)
		return
	}
	// With slices, finish adds up the first column's confusion matrices
	// for the overall group. The slice passes gather the cells of the
	// chunk by their index in it: as arrays of chunkCells (the cell data
	// is padded to whole chunks), indices masked to the chunk need no
	// bounds checks.
	ca := (*[chunkCells]uint8)(e.code[lo : lo+chunkCells])
	la := (*[chunkCells]float64)(e.ll[lo : lo+chunkCells])
	ba := (*[chunkCells]float64)(e.br[lo : lo+chunkCells])
	chunk := lo / chunkCells
	for _, sg := range e.slices {
		b := sg.bounds[chunk*(sg.m+1) : (chunk+1)*(sg.m+1)]
		scoredSlice(s.g[sg.off:sg.off+sg.m], sg.order[lo:hi], b, ca, w, la, ba)
		sliceConf(s.conf[sg.off*4:(sg.off+sg.m)*4], sg.conf[lo:hi], wr)
	}
}

// scoredOverall adds the cells to the overall group a, whose sums live in
// local variables (registers) for the whole range: the overall group
// needs no group id.
func scoredOverall(a scoredSums, code []uint8, w []uint32, ll, br []float64) scoredSums {
	w, ll, br = w[:len(code)], ll[:len(code)], br[:len(code)] // bounds-check elimination
	sll, sbr, auc2, neg, blockNeg := a.ll, a.br, a.auc2, a.neg, a.blockNeg
	for j, c := range code {
		wi := uint64(w[j])
		wf := float64(wi)
		sll += ll[j] * wf
		sbr += br[j] * wf
		if c&codeNewBlock != 0 { // a conditional move
			blockNeg = neg
		}
		wpos := wi & -uint64(c&codeLabel) // wi for a positive label, else 0
		auc2 += wpos * (blockNeg + neg)
		neg += wi - wpos
	}
	return scoredSums{sll, sbr, auc2, neg, blockNeg}
}

// scoredConf adds the cells to the confusion matrix conf, as four sums in
// registers: counting into conf[c] directly would chain the many
// consecutive cells of the same c through store-to-load forwarding.
func scoredConf(conf []uint64, code []uint8, w []uint32) {
	w = w[:len(code)]
	var wAll, wPos, wPred, wTP uint64
	for j, c := range code {
		wi := uint64(w[j])
		pos := -uint64(c & codeLabel)      // all ones for a positive label
		pred := -uint64(c & codePred >> 1) // all ones for a positive prediction
		wAll += wi
		wPos += wi & pos
		wPred += wi & pred
		wTP += wi & pos & pred
	}
	conf = conf[:4] // [label][pred]: TN, FP, FN, TP
	conf[0] += wAll - wPos - wPred + wTP
	conf[1] += wPred - wTP
	conf[2] += wPos - wTP
	conf[3] += wTP
}

// scoredSlice adds the cells to the groups of one slice column. order
// lists the cells of the range group by group (each group's in ascending
// order, as its sums need), the group of value g at
// order[bounds[g]:bounds[g+1]]: each group's sums then stay in registers
// like the overall group's, where updating the group of each cell in
// memory would chain the cells of a group through store-to-load
// forwarding.
func scoredSlice(groups []sums, order []uint16, bounds []int32, code *[chunkCells]uint8, w *[chunkCells]uint32, ll, br *[chunkCells]float64) {
	bounds = bounds[:len(groups)+1]
	for g := range groups {
		groups[g].scoredSums = scoredGroup(groups[g].scoredSums, order[bounds[g]:bounds[g+1]], code, w, ll, br)
	}
}

// sliceConf adds the cells to the confusion matrices of the groups of one
// slice column: key[j] is the index of cell j's entry in conf. Integer
// sums need no order, so one sequential loop does.
func sliceConf(conf []uint64, key []uint16, w []uint32) {
	w = w[:len(key)]
	for j, k := range key {
		conf[k] += uint64(w[j])
	}
}

// scoredGroup is scoredOverall for the cells seg of one group: seg holds
// (index in code)<<1, plus 1 at the group's first cell of a tie block.
func scoredGroup(a scoredSums, seg []uint16, code *[chunkCells]uint8, w *[chunkCells]uint32, ll, br *[chunkCells]float64) scoredSums {
	sll, sbr, auc2, neg, blockNeg := a.ll, a.br, a.auc2, a.neg, a.blockNeg
	_, _, _, _ = code[0], w[0], ll[0], br[0] // nil checks once, outside the loop
	for _, o := range seg {
		j := o >> 1 & (chunkCells - 1)
		c := code[j]
		wi := uint64(w[j])
		wf := float64(wi)
		sll += ll[j] * wf
		sbr += br[j] * wf
		if o&1 != 0 {
			blockNeg = neg
		}
		wpos := wi & -uint64(c&codeLabel)
		auc2 += wpos * (blockNeg + neg)
		neg += wi - wpos
	}
	return scoredSums{sll, sbr, auc2, neg, blockNeg}
}
