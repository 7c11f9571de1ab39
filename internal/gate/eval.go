package gate

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/mlgate/mlgate/internal/result"
)

// baselineState says what is known about the baseline of a run.
type baselineState int

const (
	baselineNotSet baselineState = iota // no --baseline
	baselineAbsent                      // --baseline names a file that does not exist
	baselineLoaded                      // the baseline file was read
)

// observation is what a rule is judged on.
type observation struct {
	cand     *float64 // nil: missing from the candidate
	base     *float64 // nil: no baseline value
	state    baselineState
	basePath string
}

// evaluate judges one rule; it never fails, missing values included.
func evaluate(r Rule, o observation) result.Metric {
	m := result.Metric{Name: r.Metric, Rule: r.Text}
	if o.cand != nil {
		m.Value = result.F(*o.cand)
	}
	if o.base != nil {
		m.Baseline = result.F(*o.base)
	}
	if o.cand != nil && o.base != nil {
		m.Delta = result.F(delta(*o.cand, *o.base))
	}
	m.Status, m.Message = judge(r, o)
	return m
}

// delta is cand - base, with equal infinities giving 0 rather than NaN.
func delta(cand, base float64) float64 {
	if cand == base {
		return 0
	}
	return cand - base
}

func judge(r Rule, o observation) (result.Status, string) {
	switch {
	case o.cand == nil:
		return result.Fail, fmt.Sprintf("missing from candidate (baseline %s has %s)", o.basePath, num(*o.base))
	case math.IsNaN(*o.cand):
		return result.Fail, "value is NaN"
	case !r.IsChange():
		return judgeThreshold(r, *o.cand)
	case o.state == baselineNotSet:
		return result.Warn, "no baseline: first run (--baseline not set)"
	case o.state == baselineAbsent:
		return result.Warn, fmt.Sprintf("no baseline: first run (%s does not exist)", o.basePath)
	case o.base == nil:
		return result.Fail, fmt.Sprintf("missing from baseline %s", o.basePath)
	case math.IsNaN(*o.base):
		return result.Warn, fmt.Sprintf("baseline is NaN in %s: nothing to compare with", o.basePath)
	}
	return judgeChange(r, *o.cand, *o.base)
}

func judgeThreshold(r Rule, v float64) (result.Status, string) {
	if r.Op == "" {
		return judgeBounds(r.Min, r.Max, v)
	}
	if r.Op.holds(v, r.Threshold) {
		return result.Pass, fmt.Sprintf("%s %s %s", num(v), r.Op, num(r.Threshold))
	}
	return result.Fail, fmt.Sprintf("%s %s %s (want %s %s)", num(v), r.Op.negate(), num(r.Threshold), r.Op, num(r.Threshold))
}

// judgeBounds checks min <= v <= max for the bounds that are set.
func judgeBounds(lo, hi *float64, v float64) (result.Status, string) {
	switch {
	case math.IsNaN(v):
		return result.Fail, "value is NaN"
	case lo != nil && v < *lo:
		return result.Fail, fmt.Sprintf("%s < %s (want min=%s)", num(v), num(*lo), num(*lo))
	case hi != nil && v > *hi:
		return result.Fail, fmt.Sprintf("%s > %s (want max=%s)", num(v), num(*hi), num(*hi))
	case lo != nil && hi != nil:
		return result.Pass, fmt.Sprintf("%s within [%s, %s]", num(v), num(*lo), num(*hi))
	case lo != nil:
		return result.Pass, fmt.Sprintf("%s >= %s", num(v), num(*lo))
	case hi != nil:
		return result.Pass, fmt.Sprintf("%s <= %s", num(v), num(*hi))
	}
	return result.Pass, num(v)
}

// judgeChange checks the change limits of r; cand and base are not NaN.
func judgeChange(r Rule, cand, base float64) (result.Status, string) {
	// worse > 0 means the metric got worse by that much.
	worse := worsening(r.Direction, cand, base)
	tol := tolerance(cand, base)
	var msg strings.Builder
	switch {
	case worse == 0:
		fmt.Fprintf(&msg, "unchanged at %s", num(base))
	case worse > 0 && r.Direction == HigherIsBetter:
		fmt.Fprintf(&msg, "dropped %s from %s", num(worse), num(base))
	case worse > 0:
		fmt.Fprintf(&msg, "rose %s from %s", num(worse), num(base))
	default:
		fmt.Fprintf(&msg, "improved by %s from %s", num(-worse), num(base))
	}
	if base != 0 && !math.IsInf(base, 0) && worse != 0 {
		fmt.Fprintf(&msg, " (%+.3g%%)", delta(cand, base)/math.Abs(base)*100)
	}
	var over []string
	if r.MaxDrop != nil && worse > *r.MaxDrop+tol {
		if *r.MaxDrop < 0 {
			over = append(over, fmt.Sprintf("max_drop=%s (want an improvement of at least %s)", num(*r.MaxDrop), num(-*r.MaxDrop)))
		} else {
			over = append(over, "max_drop="+num(*r.MaxDrop))
		}
	}
	if p := r.MaxDropPct; p != nil && *p < 0 && base != 0 && !math.IsInf(base, 0) && worse/math.Abs(base)*100 > *p*(1-1e-9) {
		over = append(over, fmt.Sprintf("max_drop_pct=%s (want an improvement of at least %s%%)", num(*p), num(-*p)))
	} else if p != nil && *p < 0 && base == 0 {
		over = append(over, "max_drop_pct="+num(*p)+" (an improvement in percent of a zero baseline is undefined)")
	} else if p != nil && *p >= 0 && worse > tol {
		switch {
		case base == 0:
			over = append(over, "max_drop_pct="+num(*p)+" (any worsening from a zero baseline fails)")
		case math.IsInf(worse, 1) || worse/math.Abs(base)*100 > *p*(1+1e-9):
			over = append(over, "max_drop_pct="+num(*p))
		}
	}
	if len(over) > 0 {
		fmt.Fprintf(&msg, "; over %s", strings.Join(over, " and "))
		return result.Fail, msg.String()
	}
	return result.Pass, msg.String()
}

// num formats a number for messages with up to 6 significant digits.
func num(f float64) string {
	switch {
	case math.IsInf(f, 1):
		return "+Inf"
	case math.IsInf(f, -1):
		return "-Inf"
	}
	return strconv.FormatFloat(f, 'g', 6, 64)
}
