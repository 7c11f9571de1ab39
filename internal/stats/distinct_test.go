package stats

import (
	"encoding/json"
	"math"
	"strconv"
	"testing"
)

func TestDistinct(t *testing.T) {
	t.Parallel()
	a, b := NewDistinct(), NewDistinct()
	for i := range 60000 {
		a.Add(strconv.Itoa(i))
		b.Add(strconv.Itoa(i + 30000)) // half overlaps a
	}
	if est := a.Estimate(); math.Abs(est-60000)/60000 > 0.05 {
		t.Errorf("estimate %.0f of 60000 distinct", est)
	}
	a.Merge(b)
	if est := a.Estimate(); math.Abs(est-90000)/90000 > 0.05 {
		t.Errorf("merged estimate %.0f of 90000 distinct", est)
	}
	raw, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	var c Distinct
	if err := json.Unmarshal(raw, &c); err != nil {
		t.Fatal(err)
	}
	if c.Estimate() != a.Estimate() {
		t.Errorf("JSON round trip changed the estimate: %v != %v", c.Estimate(), a.Estimate())
	}
	small := NewDistinct()
	for _, s := range []string{"a", "b", "c", "a"} {
		small.Add(s)
	}
	if est := small.Estimate(); math.Round(est) != 3 {
		t.Errorf("3 distinct estimated as %v", est)
	}
}
