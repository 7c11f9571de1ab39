package repro

import (
	"fmt"
	"math"
)

// Tolerance says when two numbers count as equal:
// |a-b| <= Atol + Rtol*|b|, as numpy.isclose (b is the second run, the
// reference). NaN equals NaN (a reproducible NaN is reproduced), and an
// infinity equals only the same infinity. The zero Tolerance asks for
// exact equality.
type Tolerance struct {
	Atol, Rtol float64
}

// Validate reports a negative or non-finite tolerance.
func (t Tolerance) Validate() error {
	if t.Atol < 0 || math.IsNaN(t.Atol) || math.IsInf(t.Atol, 0) {
		return fmt.Errorf("atol %v: want a finite number >= 0", t.Atol)
	}
	if t.Rtol < 0 || math.IsNaN(t.Rtol) || math.IsInf(t.Rtol, 0) {
		return fmt.Errorf("rtol %v: want a finite number >= 0", t.Rtol)
	}
	return nil
}

// Close reports whether a and b are equal within t.
func (t Tolerance) Close(a, b float64) bool {
	d, ref := absDiff(a, b)
	return d <= t.Atol+t.Rtol*ref
}

// absDiff returns |a-b| and |b| with the NaN and infinity rules of
// [Tolerance]: equal NaNs or equal infinities differ by 0; a NaN against a
// number, or different infinities, differ by +Inf.
func absDiff(a, b float64) (d, ref float64) {
	switch {
	case math.IsInf(b, 0) && a == b, math.IsNaN(a) && math.IsNaN(b):
		return 0, 0 // a |b| of 0 keeps rtol*|b| finite
	case a == b:
		return 0, math.Abs(b)
	case math.IsNaN(a) || math.IsNaN(b) || math.IsInf(a, 0) || math.IsInf(b, 0):
		return math.Inf(1), 0
	}
	return math.Abs(a - b), math.Abs(b)
}

// tally accumulates the numeric comparison of one artifact.
type tally struct {
	tol            Tolerance
	n, bad         int
	maxAbs, maxRel float64
	worst          float64 // largest d / (atol + rtol*|b|) so far
	seen           bool    // whether worst is set
}

// add records one pair given as |a-b| and |b| and reports whether it is the
// new worst pair (the one furthest outside, or closest to, the tolerance),
// so the caller can record where it is.
func (t *tally) add(d, ref float64) bool {
	t.n++
	if d > t.maxAbs {
		t.maxAbs = d
	}
	if d > 0 {
		rel := math.Inf(1)
		if ref > 0 {
			rel = d / ref
		}
		if rel > t.maxRel {
			t.maxRel = rel
		}
	}
	limit := t.tol.Atol + t.tol.Rtol*ref
	if d > limit {
		t.bad++
	}
	if d == 0 {
		return false
	}
	ratio := math.Inf(1)
	if limit > 0 {
		ratio = d / limit
	}
	if !t.seen || ratio > t.worst {
		t.worst, t.seen = ratio, true
		return true
	}
	return false
}

// fill copies the tally into d.
func (t *tally) fill(d *Diff) {
	d.Values += t.n
	d.Mismatched += t.bad
	d.MaxAbs = math.Max(d.MaxAbs, t.maxAbs)
	d.MaxRel = math.Max(d.MaxRel, t.maxRel)
}

// summary describes the numeric comparison in one sentence.
func (t *tally) summary(where string) string {
	if t.n == 0 {
		return "no numbers to compare"
	}
	s := fmt.Sprintf("%d of %d numbers differ beyond tolerance (atol %g, rtol %g); max |a-b| %g, max relative %g",
		t.bad, t.n, t.tol.Atol, t.tol.Rtol, t.maxAbs, t.maxRel)
	if where != "" {
		if t.bad > 0 {
			s += "; worst at " + where
		} else {
			s += "; largest at " + where
		}
	}
	return s
}
