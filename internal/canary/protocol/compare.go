package protocol

import (
	"fmt"
	"math"
	"strconv"
)

// Compare checks a served prediction against the expected one. It checks
// what want holds: the label, when want has one, must be equal exactly;
// the scores, when want has any, must have the same length and each pair
// must be close as numpy.isclose defines it, |got - want| <= atol + rtol *
// |want|, where NaN matches NaN and an infinity matches the same infinity.
// Negative tolerances count as 0. why explains the first difference, with
// the number of differing scores; it is empty when ok.
func Compare(want, got Prediction, atol, rtol float64) (ok bool, why string) {
	atol, rtol = math.Max(atol, 0), math.Max(rtol, 0)
	if want.Label != nil {
		switch {
		case got.Label == nil:
			return false, fmt.Sprintf("label: want %s, got none", strconv.Quote(*want.Label))
		case *got.Label != *want.Label:
			return false, fmt.Sprintf("label: want %s, got %s", strconv.Quote(*want.Label), strconv.Quote(*got.Label))
		}
	}
	if len(want.Scores) == 0 {
		return true, ""
	}
	if len(got.Scores) != len(want.Scores) {
		return false, fmt.Sprintf("scores: want %d values, got %d", len(want.Scores), len(got.Scores))
	}
	bad, first := 0, -1
	for i, w := range want.Scores {
		if !isClose(got.Scores[i], w, atol, rtol) {
			bad++
			if first < 0 {
				first = i
			}
		}
	}
	if bad == 0 {
		return true, ""
	}
	w, g := want.Scores[first], got.Scores[first]
	return false, fmt.Sprintf("scores: %d of %d differ beyond tolerance; scores[%d]: want %s, got %s (|diff| %s > %s)",
		bad, len(want.Scores), first, formatFloat(w), formatFloat(g),
		formatFloat(math.Abs(g-w)), formatFloat(atol+rtol*math.Abs(w)))
}

// isClose is numpy.isclose(got, want, rtol, atol, equal_nan=True).
func isClose(got, want, atol, rtol float64) bool {
	switch {
	case math.IsNaN(got) || math.IsNaN(want):
		return math.IsNaN(got) && math.IsNaN(want)
	case math.IsInf(got, 0) || math.IsInf(want, 0):
		return got == want
	}
	return math.Abs(got-want) <= atol+rtol*math.Abs(want)
}
