package stats

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"
)

// DefaultFrequenciesCap is the default number of distinct values that
// [Frequencies] counts exactly.
const DefaultFrequenciesCap = 1000

// maxFrequenciesCap bounds the cap of a decoded summary.
const maxFrequenciesCap = 1 << 20

// ValueCount is a value and its count. When Error is 0 the count is exact;
// otherwise the true count is in [Count-Error, Count].
type ValueCount struct {
	Value string `json:"value"`
	Count int64  `json:"count"`
	Error int64  `json:"error,omitempty"`
}

// Frequencies counts the values of a categorical column. Up to Cap distinct
// values every count is exact. Past the cap it becomes a Space-Saving
// summary (Metwally, Agrawal and El Abbadi 2005) of Cap counters: every
// reported count is an upper bound with an explicit error (the true count is
// in [Count-Error, Count]); on a single stream every error is at most
// Total/Cap and every value whose true count exceeds Total/Cap is reported. The distinct count is
// exact up to the cap, then a HyperLogLog estimate (standard error 1.6%).
//
// Merging is exact while the union stays under the cap; otherwise it follows
// the mergeable-summaries rule (Agarwal et al. 2012): counts stay upper
// bounds with the same [Count-Error, Count] bracket, and an error is at most
// the sum of the merged parts' smallest counts. Results are deterministic: they depend on the values and their
// order, never on map iteration.
//
// The zero value is an empty summary with [DefaultFrequenciesCap].
type Frequencies struct {
	cap   int
	total int64
	items []ValueCount
	idx   map[string]int
	// Space-Saving mode (over the cap): heap of item indices, min first,
	// pos[i] is the heap position of item i, and the distinct counter.
	heap []int
	pos  []int
	hll  *hll
}

// NewFrequencies returns an empty summary that counts up to capacity
// distinct values exactly (capacity < 1 means the default).
func NewFrequencies(capacity int) *Frequencies {
	f := &Frequencies{}
	f.init(capacity)
	return f
}

func (f *Frequencies) init(capacity int) {
	if capacity < 1 {
		capacity = DefaultFrequenciesCap
	}
	f.cap = capacity
	f.idx = make(map[string]int)
}

// Cap returns the number of distinct values counted exactly.
func (f *Frequencies) Cap() int {
	if f.idx == nil {
		return DefaultFrequenciesCap
	}
	return f.cap
}

// Total returns the number of values added.
func (f *Frequencies) Total() int64 { return f.total }

// Has reports whether s is one of the values counted.
func (f *Frequencies) Has(s string) bool {
	_, ok := f.idx[s]
	return ok
}

// Len returns the number of distinct values held (at most the cap).
func (f *Frequencies) Len() int { return len(f.items) }

// Exact reports whether every count is exact (the cap was never exceeded).
func (f *Frequencies) Exact() bool { return f.hll == nil }

// Add counts s. The summary keeps a copy of s, so s may alias a reused
// buffer.
func (f *Frequencies) Add(s string) {
	if f.idx == nil {
		f.init(0)
	}
	f.total++
	if i, ok := f.idx[s]; ok {
		f.items[i].Count++
		if f.hll != nil {
			f.down(f.pos[i])
		}
		return
	}
	if f.hll == nil && len(f.items) < f.cap {
		f.idx[strings.Clone(s)] = len(f.items)
		f.items = append(f.items, ValueCount{Value: strings.Clone(s), Count: 1})
		return
	}
	if f.hll == nil {
		f.startSpaceSaving()
	}
	f.hll.add(s)
	// Replace the value with the smallest count.
	i := f.heap[0]
	minCount := f.items[i].Count
	delete(f.idx, f.items[i].Value)
	v := strings.Clone(s)
	f.items[i] = ValueCount{Value: v, Count: minCount + 1, Error: minCount}
	f.idx[v] = i
	f.down(0)
}

// startSpaceSaving switches from exact counting to Space-Saving.
func (f *Frequencies) startSpaceSaving() {
	f.hll = newHLL()
	for _, it := range f.items {
		f.hll.add(it.Value)
	}
	f.buildHeap()
}

// less orders items by count, then value, so that the item evicted is the
// same whatever the heap's layout.
func (f *Frequencies) less(a, b int) bool {
	x, y := &f.items[a], &f.items[b]
	if x.Count != y.Count {
		return x.Count < y.Count
	}
	return x.Value < y.Value
}

func (f *Frequencies) buildHeap() {
	n := len(f.items)
	f.heap = make([]int, n)
	f.pos = make([]int, n)
	for i := range n {
		f.heap[i], f.pos[i] = i, i
	}
	for i := n/2 - 1; i >= 0; i-- {
		f.down(i)
	}
}

// down restores the heap below position p after the item there grew.
func (f *Frequencies) down(p int) {
	h := f.heap
	n := len(h)
	for {
		c := 2*p + 1
		if c >= n {
			return
		}
		if c+1 < n && f.less(h[c+1], h[c]) {
			c++
		}
		if !f.less(h[c], h[p]) {
			return
		}
		h[p], h[c] = h[c], h[p]
		f.pos[h[p]], f.pos[h[c]] = p, c
		p = c
	}
}

// floor is the largest possible true count of a value the summary does not
// report: 0 while exact, the smallest count otherwise.
func (f *Frequencies) floor() int64 {
	if f.hll == nil || len(f.heap) == 0 {
		return 0
	}
	return f.items[f.heap[0]].Count
}

// Top returns the k values with the largest counts (all of them when k < 0
// or k is larger), by decreasing count then increasing value.
func (f *Frequencies) Top(k int) []ValueCount {
	out := slices.Clone(f.items)
	sortValueCounts(out)
	if k >= 0 && k < len(out) {
		out = out[:k]
	}
	return out
}

func sortValueCounts(v []ValueCount) {
	slices.SortFunc(v, func(a, b ValueCount) int {
		if a.Count != b.Count {
			if a.Count > b.Count {
				return -1
			}
			return 1
		}
		return strings.Compare(a.Value, b.Value)
	})
}

// Distinct returns the number of distinct values and whether it is exact.
// Past the cap it is a HyperLogLog estimate, never below Cap()+1.
func (f *Frequencies) Distinct() (n int64, exact bool) {
	if f.hll == nil {
		return int64(len(f.items)), true
	}
	e := int64(math.Round(f.hll.estimate()))
	return max(e, int64(f.cap)+1), false
}

// Merge adds the values summarized by o; both must have the same cap.
func (f *Frequencies) Merge(o *Frequencies) error {
	if f.idx == nil {
		f.init(o.Cap())
	}
	if o.Cap() != f.cap {
		return fmt.Errorf("merging frequencies: cap %d differs from %d", o.Cap(), f.cap)
	}
	if o.idx == nil {
		return nil
	}
	fFloor, oFloor := f.floor(), o.floor()
	type bounds struct{ upper, lower int64 }
	union := make(map[string]bounds, len(f.items)+len(o.items))
	for _, it := range f.items {
		union[it.Value] = bounds{it.Count, it.Count - it.Error}
	}
	for v := range union {
		b := union[v]
		b.upper += oFloor
		union[v] = b
	}
	for _, it := range o.items {
		b, ok := union[it.Value]
		if !ok {
			b = bounds{upper: fFloor}
		} else {
			b.upper -= oFloor
		}
		b.upper += it.Count
		b.lower += it.Count - it.Error
		union[it.Value] = b
	}
	items := make([]ValueCount, 0, len(union))
	for v, b := range union {
		items = append(items, ValueCount{Value: v, Count: b.upper, Error: b.upper - b.lower})
	}
	sortValueCounts(items)
	summary := f.hll != nil || o.hll != nil || len(items) > f.cap
	var h *hll
	if summary {
		h = newHLL()
		for _, x := range []*Frequencies{f, o} {
			if x.hll != nil {
				h.merge(x.hll)
			} else {
				for _, it := range x.items {
					h.add(it.Value)
				}
			}
		}
		if len(items) > f.cap {
			items = items[:f.cap]
		}
	}
	f.total += o.total
	f.setItems(items, h)
	return nil
}

// setItems replaces the contents with items and the distinct counter h (nil
// when exact).
func (f *Frequencies) setItems(items []ValueCount, h *hll) {
	f.items = items
	f.hll = h
	f.idx = make(map[string]int, len(items))
	for i, it := range items {
		f.idx[it.Value] = i
	}
	f.heap, f.pos = nil, nil
	if h != nil {
		f.buildHeap()
	}
}

// frequenciesJSON is the JSON form of Frequencies.
type frequenciesJSON struct {
	Cap   int          `json:"cap"`
	Total int64        `json:"total"`
	Exact bool         `json:"exact"`
	Items []ValueCount `json:"items"`
	HLL   *hll         `json:"hll,omitempty"`
}

// MarshalJSON encodes the summary as {"cap":..,"total":..,"exact":..,
// "items":[{"value":..,"count":..,"error":..}],"hll":"base64 registers"},
// items by decreasing count then value: equal contents give equal bytes.
func (f *Frequencies) MarshalJSON() ([]byte, error) {
	items := f.Top(-1)
	if items == nil {
		items = []ValueCount{}
	}
	return json.Marshal(frequenciesJSON{
		Cap: f.Cap(), Total: f.total, Exact: f.hll == nil, Items: items, HLL: f.hll,
	})
}

// UnmarshalJSON decodes and validates the form written by MarshalJSON.
func (f *Frequencies) UnmarshalJSON(b []byte) error {
	var j frequenciesJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return fmt.Errorf("decoding frequencies: %w", err)
	}
	if j.Cap < 1 || j.Cap > maxFrequenciesCap {
		return fmt.Errorf("decoding frequencies: cap %d is not in [1, %d]", j.Cap, maxFrequenciesCap)
	}
	if len(j.Items) > j.Cap {
		return fmt.Errorf("decoding frequencies: %d items, more than the cap %d", len(j.Items), j.Cap)
	}
	if j.Exact != (j.HLL == nil) {
		return fmt.Errorf("decoding frequencies: exact=%v needs hll %s", j.Exact, map[bool]string{true: "absent", false: "present"}[j.Exact])
	}
	if !j.Exact && len(j.Items) != j.Cap {
		return fmt.Errorf("decoding frequencies: an inexact summary has %d items, not its cap %d", len(j.Items), j.Cap)
	}
	seen := make(map[string]bool, len(j.Items))
	var sum int64
	for i, it := range j.Items {
		switch {
		case seen[it.Value]:
			return fmt.Errorf("decoding frequencies: item %d: value %q repeated", i, it.Value)
		case it.Count < 1 || it.Error < 0 || it.Error >= it.Count:
			return fmt.Errorf("decoding frequencies: item %d: count %d, error %d: want 0 <= error < count", i, it.Count, it.Error)
		case j.Exact && it.Error != 0:
			return fmt.Errorf("decoding frequencies: item %d: an exact summary has error %d", i, it.Error)
		}
		seen[it.Value] = true
		sum += it.Count - it.Error
		if sum < 0 || sum > j.Total {
			return fmt.Errorf("decoding frequencies: item counts exceed the total %d", j.Total)
		}
	}
	if j.Exact && sum != j.Total {
		return fmt.Errorf("decoding frequencies: item counts sum to %d, not the total %d", sum, j.Total)
	}
	var t Frequencies
	t.init(j.Cap)
	t.total = j.Total
	t.setItems(j.Items, j.HLL)
	*f = t
	return nil
}
