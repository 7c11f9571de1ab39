package eval

// passRegression is the pass of a regression: the error sums and the
// centered label sums of every group.
func (e *engine) passRegression(s *stats, lo, hi int, wa *[chunkCells]uint32) {
	w := wa[:hi-lo]
	se, ae, ape, yc, zero := e.se[lo:hi], e.ae[lo:hi], e.ape[lo:hi], e.yc[lo:hi], e.zero[lo:hi]
	add := func(gs *sums, j int, wi uint64) {
		// A zero weight adds nothing, and skipping it keeps an infinite
		// error out of the resamples that leave its cell out.
		if wi == 0 {
			return
		}
		wf := float64(wi)
		gs.n += wi
		gs.se += se[j] * wf
		gs.ae += ae[j] * wf
		if zero[j] {
			gs.zero += wi
		} else {
			gs.ape += ape[j] * wf
		}
		y := yc[j]
		gs.sy += wf * y
		gs.syy += wf * y * y
	}
	for j := range se {
		add(&s.g[0], j, uint64(w[j]))
	}
	for _, sg := range e.slices {
		ids := sg.id[lo:hi]
		for j, id := range ids {
			add(&s.g[sg.off+int(id>>1)], j, uint64(w[j]))
		}
	}
}
