package eval

// passClasses is the pass of a classifier without scores: the confusion
// matrix of every group. Such cells are few (k*k per slice combination),
// so it needs no tricks.
func (e *engine) passClasses(s *stats, lo, hi int, wa *[chunkCells]uint32) {
	kk := e.k * e.k
	conf := e.conf[lo:hi]
	w := wa[:len(conf)]
	for j, c := range conf {
		s.conf[c] += uint64(w[j])
	}
	for _, sg := range e.slices {
		ids := sg.id[lo:hi]
		for j, c := range conf {
			s.conf[(sg.off+int(ids[j]>>1))*kk+int(c)] += uint64(w[j])
		}
	}
}
