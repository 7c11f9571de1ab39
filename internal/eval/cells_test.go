package eval

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// The packed sort orders examples exactly as a stable sort by
// sortKey.cmp, and finds the same runs of equal keys, with ties, -0 and
// several integer columns.
func TestPackedSortIsStableSort(t *testing.T) {
	t.Parallel()
	const n = 5000
	rng := rand.New(rand.NewPCG(1, 1))
	f := make([]float64, n)
	a, b := make([]int32, n), make([]int32, n)
	for i := range n {
		f[i] = math.Round(rng.Float64()*40) / 40
		if f[i] == 0 && i%2 == 0 {
			f[i] = math.Copysign(0, -1)
		}
		a[i], b[i] = int32(rng.IntN(3)), int32(rng.IntN(700))
	}
	key := &sortKey{f: [][]float64{f}, i: [][]int32{a, b}}
	got, same := packedSort(n, key)
	if got == nil {
		t.Fatal("the key did not pack")
	}
	want := make([]int32, n)
	for i := range want {
		want[i] = int32(i)
	}
	slices.SortStableFunc(want, key.cmp)
	if !slices.Equal(got, want) {
		t.Fatal("packed order differs from the stable sort")
	}
	for j := 1; j < n; j++ {
		if same(j) != (key.cmp(want[j-1], want[j]) == 0) {
			t.Fatalf("position %d: same = %v", j, same(j))
		}
	}
	// Integer columns wider than 64 bits together, or three float
	// columns, fall back to the generic sort.
	wide := &sortKey{i: [][]int32{{1 << 30}, {1 << 30}, {1 << 30}}}
	if o, _ := packedSort(1, wide); o != nil {
		t.Error("93 bits of integer columns packed")
	}
	if o, _ := packedSort(1, &sortKey{f: [][]float64{{1}, {2}, {3}}}); o != nil {
		t.Error("three float columns packed")
	}
}
