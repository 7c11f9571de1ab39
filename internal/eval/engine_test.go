package eval

import (
	"math"
	"math/rand/v2"
	"testing"
)

// referenceSums are the sums of one group as a plain per-cell loop
// computes them: float64 sums in cell order, ties found by comparing
// scores. The engine must give the same numbers, bit for bit.
type referenceSums struct {
	w, ll, br, auc float64
	conf           [4]float64
	negLess, negEq float64
	lastScore      float64
	started        bool
}

// referenceScored is the straightforward pass of a binary model with
// scores over the cells of c (in score order) weighted by w.
func referenceScored(c *view, w []uint32, groups int) []referenceSums {
	ref := make([]referenceSums, groups)
	for i := range c.count {
		wi := float64(w[i])
		g := []int{0}
		off := 1
		for s, m := range c.sliceN {
			g = append(g, off+int(c.slice[s][i]))
			off += m
		}
		p, label := c.score[i], c.label[i]
		y := float64(label)
		for _, gi := range g {
			r := &ref[gi]
			r.w += wi
			r.ll += logLossTerm(label == 1, p) * wi
			r.br += (p - y) * (p - y) * wi
			r.conf[label*2+c.pred[i]] += wi
			if !r.started || p != r.lastScore {
				r.negLess += r.negEq
				r.negEq = 0
				r.lastScore, r.started = p, true
			}
			if label == 1 {
				r.auc += wi * (r.negLess + 0.5*r.negEq)
			} else {
				r.negEq += wi
			}
		}
	}
	return ref
}

// The chunked, branch-free scored pass gives exactly the sums of the
// plain loop: over several chunks, with ties, cells of count > 1, zero
// weights and two slice columns.
func TestPassScoredMatchesReference(t *testing.T) {
	t.Parallel()
	const n = 3*chunkCells + 123
	rng := rand.New(rand.NewPCG(5, 6))
	label, pred, score, slice := genBinary(n, 4)
	for i := range score {
		if i%3 == 0 {
			score[i] = math.Round(score[i]*10) / 10 // long ties across groups
		}
	}
	other := make([]int32, n)
	for i := range other {
		other[i] = int32(rng.IntN(300)) // many groups, a few cells each per chunk
	}
	p := memBinary(label, pred, score, slice, []string{"a", "b", "c", "d", "e"})
	p.cols.Slices = append(p.cols.Slices, "t")
	p.slice = append(p.slice, other)
	vals := make([]string, 300)
	for i := range vals {
		vals[i] = string(rune('A'+i%26)) + string(rune('a'+i/26))
	}
	p.sliceValues = append(p.sliceValues, vals)

	c := cells(rowView(p))
	if c.len() == n {
		t.Fatalf("no cell merged %d examples: the test needs counts > 1", n)
	}
	checkScoredReference(t, c)
	// Without slices, the overall confusion matrix has a loop of its own.
	checkScoredReference(t, cells(rowView(memBinary(label, pred, score, nil, nil))))
}

// checkScoredReference compares the engine's sums on the cells c with
// referenceScored's in three resamples.
func checkScoredReference(t *testing.T, c *view) {
	t.Helper()
	e := newEngine(c, nil)
	var s sampler
	for r := range 3 {
		w := make([]uint32, c.len())
		s.seed(9, r)
		s.draw(newWeights(c.count), w)
		st := e.newStats()
		e.accumulate(w, st)
		ref := referenceScored(c, w, e.G)
		for g, want := range ref {
			got := st.g[g]
			if got.w != want.w || got.ll != want.ll || got.br != want.br || got.auc != want.auc {
				t.Fatalf("resample %d group %d: w %v ll %v br %v auc %v, want %v %v %v %v",
					r, g, got.w, got.ll, got.br, got.auc, want.w, want.ll, want.br, want.auc)
			}
			for k := range 4 {
				if st.cell(g, k/2, k%2) != want.conf[k] {
					t.Fatalf("resample %d group %d: confusion %d = %v, want %v", r, g, k, st.cell(g, k/2, k%2), want.conf[k])
				}
			}
		}
	}
}

// Filling consecutive ranges draws the same weights as one draw, with
// cells of count > 1 anywhere, including at range ends.
func TestFillInRangesIsDraw(t *testing.T) {
	t.Parallel()
	counts := make([]uint32, 5000)
	for i := range counts {
		counts[i] = 1
		if i%97 == 0 || i == 4 || i == 5 || i == 2048 {
			counts[i] = uint32(2 + i%50)
		}
	}
	ws := newWeights(counts)
	var a, b sampler
	a.seed(3, 1)
	b.seed(3, 1)
	whole := make([]uint32, len(counts))
	a.draw(ws, whole)
	parts := make([]uint32, len(counts))
	for lo, step := 0, 1; lo < len(counts); lo, step = lo+step, step%13+1 {
		hi := min(lo+step, len(counts))
		b.fill(ws, lo, parts[lo:hi])
	}
	if !slicesEqual(whole, parts) {
		t.Error("filling ranges gave other weights than one draw")
	}
}

// The chunked regression pass gives exactly the sums of a plain loop
// over the cells, with zero labels, zero weights and a slice column.
func TestPassRegressionMatchesReference(t *testing.T) {
	t.Parallel()
	const n = 2*chunkCells + 77
	rng := rand.New(rand.NewPCG(8, 8))
	p := &Predictions{
		cols:  Columns{Label: "y", Prediction: "yhat", Task: Regression, Slices: []string{"s"}},
		files: []string{"mem.csv"},
		y:     make([]float64, n), yhat: make([]float64, n),
		slice: [][]int32{make([]int32, n)}, sliceValues: [][]string{{"a", "b", "c"}},
		rowFile: make([]int32, n), rowLine: make([]int32, n),
	}
	for i := range n {
		p.y[i] = math.Round(rng.NormFloat64() * 3) // whole numbers: zeros, and repeated cells
		p.yhat[i] = p.y[i] + math.Round(rng.NormFloat64())
		p.slice[0][i] = int32(rng.IntN(3))
	}
	c := cells(rowView(p))
	e := newEngine(c, nil)
	w := make([]uint32, c.len())
	var s sampler
	s.seed(2, 2)
	s.draw(newWeights(c.count), w)
	st := e.newStats()
	e.accumulate(w, st)

	type ref struct{ w, se, ae, ape, zero, sy, syy float64 }
	want := make([]ref, e.G)
	for i := range c.count {
		wi := float64(w[i])
		if wi == 0 {
			continue
		}
		d := c.yhat[i] - c.y[i]
		yc := c.y[i] - c.meanY
		for _, g := range []int{0, 1 + int(c.slice[0][i])} {
			r := &want[g]
			r.w += wi
			r.se += d * d * wi
			r.ae += math.Abs(d) * wi
			if c.y[i] == 0 {
				r.zero += wi
			} else {
				r.ape += math.Abs(d) / math.Abs(c.y[i]) * wi
			}
			r.sy += wi * yc
			r.syy += wi * yc * yc
		}
	}
	for g, r := range want {
		got := st.g[g]
		if got.w != r.w || got.se != r.se || got.ae != r.ae || got.ape != r.ape || float64(got.zero) != r.zero || got.sy != r.sy || got.syy != r.syy {
			t.Errorf("group %d: %+v, want %+v", g, got, r)
		}
	}
	if want[0].zero == 0 {
		t.Error("no zero label: the test needs some")
	}
}
