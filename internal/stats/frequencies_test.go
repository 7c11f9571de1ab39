package stats

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

func TestFrequenciesExactUnderCap(t *testing.T) {
	t.Parallel()
	f := NewFrequencies(10)
	want := map[string]int64{}
	r := rand.New(rand.NewPCG(3, 4))
	for range 5000 {
		v := fmt.Sprint("city", r.IntN(10))
		f.Add(v)
		want[v]++
	}
	if n, exact := f.Distinct(); !exact || n != int64(len(want)) || !f.Exact() {
		t.Errorf("Distinct %d %v, want %d exact", n, exact, len(want))
	}
	top := f.Top(-1)
	for i, vc := range top {
		if vc.Count != want[vc.Value] || vc.Error != 0 {
			t.Errorf("%q: %d±%d, want %d", vc.Value, vc.Count, vc.Error, want[vc.Value])
		}
		if i > 0 && top[i-1].Count < vc.Count {
			t.Errorf("Top not sorted at %d", i)
		}
	}
	if len(f.Top(3)) != 3 || f.Total() != 5000 {
		t.Errorf("Top(3) %d items, Total %d", len(f.Top(3)), f.Total())
	}
}

// zipfStream returns a skewed stream over many values and its exact counts.
func zipfStream(seed uint64, n int, distinct uint64) ([]string, map[string]int64) {
	r := rand.New(rand.NewPCG(seed, 1))
	z := rand.NewZipf(r, 1.2, 1, distinct-1)
	xs := make([]string, n)
	counts := map[string]int64{}
	for i := range xs {
		xs[i] = fmt.Sprint("v", z.Uint64())
		counts[xs[i]]++
	}
	return xs, counts
}

func checkBracket(t *testing.T, name string, f *Frequencies, counts map[string]int64, maxErr int64) {
	t.Helper()
	listed := map[string]bool{}
	for _, vc := range f.Top(-1) {
		listed[vc.Value] = true
		if tr := counts[vc.Value]; tr < vc.Count-vc.Error || tr > vc.Count {
			t.Errorf("%s: %q true %d outside [%d, %d]", name, vc.Value, tr, vc.Count-vc.Error, vc.Count)
		}
		if vc.Error > maxErr {
			t.Errorf("%s: %q error %d > bound %d", name, vc.Value, vc.Error, maxErr)
		}
	}
	for v, c := range counts {
		if c > maxErr && !listed[v] {
			t.Errorf("%s: %q with count %d > %d is not reported", name, v, c, maxErr)
		}
	}
}

func TestFrequenciesOverCap(t *testing.T) {
	t.Parallel()
	const capacity = 100
	xs, counts := zipfStream(5, 200000, 50000)
	f := NewFrequencies(capacity)
	for _, x := range xs {
		f.Add(x)
	}
	if f.Exact() {
		t.Fatal("still exact over the cap")
	}
	checkBracket(t, "single stream", f, counts, f.Total()/capacity)
	n, exact := f.Distinct()
	if exact || math.Abs(float64(n)-float64(len(counts)))/float64(len(counts)) > 0.05 {
		t.Errorf("Distinct %d (exact %v), true %d: more than 5%% off (3 sigma)", n, exact, len(counts))
	}
}

func TestFrequenciesMerge(t *testing.T) {
	t.Parallel()
	// Under the cap: exact.
	a, b := NewFrequencies(10), NewFrequencies(10)
	for _, s := range []string{"x", "y", "x"} {
		a.Add(s)
	}
	for _, s := range []string{"y", "z"} {
		b.Add(s)
	}
	if err := a.Merge(b); err != nil {
		t.Fatal(err)
	}
	if got := a.Top(-1); len(got) != 3 || got[0] != (ValueCount{"x", 2, 0}) || got[1] != (ValueCount{"y", 2, 0}) || !a.Exact() {
		t.Errorf("exact merge: %v", got)
	}
	// Over the cap: the bracket still holds, the error is bounded by the
	// sum of the parts' bounds.
	const capacity = 50
	xs, counts := zipfStream(9, 100000, 20000)
	p1, p2 := NewFrequencies(capacity), NewFrequencies(capacity)
	for i, x := range xs {
		if i%2 == 0 {
			p1.Add(x)
		} else {
			p2.Add(x)
		}
	}
	bound := p1.Total()/capacity + p2.Total()/capacity
	if err := p1.Merge(p2); err != nil {
		t.Fatal(err)
	}
	checkBracket(t, "merged", p1, counts, bound)
	if p1.Total() != int64(len(xs)) {
		t.Errorf("merged total %d", p1.Total())
	}
	if err := p1.Merge(NewFrequencies(capacity + 1)); err == nil {
		t.Error("merging different caps: no error")
	}
}

func TestFrequenciesJSON(t *testing.T) {
	t.Parallel()
	xs, _ := zipfStream(2, 20000, 5000)
	for _, capacity := range []int{10000, 30} { // exact, then over the cap
		f := NewFrequencies(capacity)
		for _, x := range xs[:10000] {
			f.Add(x)
		}
		b, err := json.Marshal(f)
		if err != nil {
			t.Fatal(err)
		}
		var back Frequencies
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("cap %d: %v", capacity, err)
		}
		b2, _ := json.Marshal(&back)
		if !bytes.Equal(b, b2) {
			t.Errorf("cap %d: round trip changed the JSON", capacity)
		}
		// Continuing after a round trip gives the same summary as never
		// serializing: evictions do not depend on the in-memory layout.
		for _, x := range xs[10000:] {
			f.Add(x)
			back.Add(x)
		}
		b, _ = json.Marshal(f)
		b2, _ = json.Marshal(&back)
		if !bytes.Equal(b, b2) {
			t.Errorf("cap %d: adding after a round trip diverges", capacity)
		}
	}
	for _, bad := range []string{
		`{"cap":0,"total":0,"exact":true,"items":[]}`,
		`{"cap":2,"total":3,"exact":true,"items":[{"value":"a","count":2},{"value":"a","count":1}]}`,
		`{"cap":2,"total":5,"exact":true,"items":[{"value":"a","count":2}]}`,
		`{"cap":1,"total":5,"exact":false,"items":[{"value":"a","count":2}]}`,
		`{"cap":1,"total":5,"exact":true,"items":[{"value":"a","count":5,"error":1}]}`,
		`{"cap":1,"total":5,"exact":false,"items":[{"value":"a","count":5}],"hll":"AAAA"}`,
	} {
		var f Frequencies
		if err := json.Unmarshal([]byte(bad), &f); err == nil {
			t.Errorf("decoding %s: no error", bad)
		}
	}
}
