package eval

import (
	"testing"
)

// benchEngine is the engine of BenchmarkEvaluate1M's data: 1,000,000
// scored binary cells with one slice column of 5 values.
func benchEngine(b *testing.B) (*engine, []uint32) {
	b.Helper()
	label, pred, score, slice := genBinary(1_000_000, 1)
	c := cells(rowView(memBinary(label, pred, score, slice, []string{"a", "b", "c", "d", "e"})))
	return newEngine(c, nil), c.count
}

// BenchmarkPassScored1M: one weighted pass over 1,000,000 scored cells
// with a slice column (ns/op / 1e6 = ns per cell and resample).
func BenchmarkPassScored1M(b *testing.B) {
	e, counts := benchEngine(b)
	var s sampler
	s.seed(1, 0)
	w := make([]uint32, len(counts))
	s.draw(newWeights(counts), w)
	st := e.newStats()
	b.ResetTimer()
	reportCPU(b, func() { e.accumulate(w, st) })
}

// BenchmarkDraw1M: one resample's Poisson weights for 1,000,000 cells.
func BenchmarkDraw1M(b *testing.B) {
	_, counts := benchEngine(b)
	ws := newWeights(counts)
	var s sampler
	buf := make([]uint32, chunkCells)
	b.ResetTimer()
	reportCPU(b, func() {
		s.seed(1, 0)
		for lo := 0; lo < len(counts); lo += chunkCells {
			hi := min(lo+chunkCells, len(counts))
			s.fill(ws, lo, buf[:hi-lo])
		}
	})
}

// BenchmarkScoredChunk: the passes of one chunk of cells (in the cache,
// as in the bootstrap), per function; ns/op / chunkCells is the cost per
// cell and resample.
func BenchmarkScoredChunk(b *testing.B) {
	e, counts := benchEngine(b)
	var s sampler
	s.seed(1, 0)
	var w [chunkCells]uint32
	s.fill(newWeights(counts), 0, w[:])
	st := e.newStats()
	sg := e.slices[0]
	b.Run("overall", func(b *testing.B) {
		for b.Loop() {
			st.g[0].scoredSums = scoredOverall(st.g[0].scoredSums, e.code[:chunkCells], w[:], e.ll[:chunkCells], e.br[:chunkCells])
		}
	})
	b.Run("slice", func(b *testing.B) {
		for b.Loop() {
			scoredSlice(st.g[sg.off:sg.off+sg.m], sg.order[:chunkCells], sg.bounds[:sg.m+1],
				(*[chunkCells]uint8)(e.code), &w, (*[chunkCells]float64)(e.ll), (*[chunkCells]float64)(e.br))
		}
	})
	b.Run("conf", func(b *testing.B) {
		for b.Loop() {
			sliceConf(st.conf[sg.off*4:(sg.off+sg.m)*4], sg.conf[:chunkCells], w[:])
		}
	})
	b.Run("draw", func(b *testing.B) {
		ws := newWeights(counts)
		for b.Loop() {
			s.seed(1, 0)
			s.fill(ws, 0, w[:])
		}
	})
}
