package smoke

import (
	"cmp"
	"fmt"
	"math"
)

// Defaults of [Options]; a zero field takes its default.
const (
	// DefaultAlpha is the significance level of the Mann-Kendall test.
	DefaultAlpha = 0.05
	// DefaultMinDecrease is the relative decrease of the end window's
	// median against the start window's median required to pass (10%).
	//
	// Tuned on the simulation of quality_test.go (6,000 curves of each
	// kind): the hard negative is a flat loss with autocorrelated noise
	// (sd up to 10% of the loss, AR(1) phi up to 0.7), in which the
	// Mann-Kendall test sees a trend far more often than alpha says. With
	// a 5% required decrease about 4-5% of those curves passed whatever
	// the window; with 10% and windows of 30%, 0.5% pass. Every setting
	// tried passed 99.9% of the decaying curves.
	DefaultMinDecrease = 0.10
	// DefaultWindow is the fraction of the points in each of the start and
	// end windows (at least one point each): 30%, which halves the noise
	// of the medians against 10% windows while staying on the early and
	// late parts of the curve.
	DefaultWindow = 0.3
	// DefaultDivergeFactor: a loss above this many times the start median
	// is divergence.
	DefaultDivergeFactor = 10
	// DefaultMinPoints is the number of points below which the series
	// cannot be judged.
	DefaultMinPoints = 5
)

// Options configure [Decide]. The zero value is valid and means the defaults.
type Options struct {
	// Alpha is the Mann-Kendall significance level, in (0, 1); default 0.05.
	Alpha float64
	// MinDecrease is the required relative decrease, end against start
	// (0.1 = 10%); default [DefaultMinDecrease].
	MinDecrease float64
	// Window is the fraction of the points used for the start and end
	// medians, in (0, 0.5]; default [DefaultWindow]; at least one point.
	Window float64
	// DivergeFactor: the series diverges when a value exceeds
	// start + (DivergeFactor-1)*|start| (DivergeFactor times a positive
	// start median); must be > 1; default 10.
	DivergeFactor float64
	// MinPoints is the fewest points that can be judged (at least 3, for
	// the Mann-Kendall test); fewer is an error, not a pass; default 5.
	MinPoints int
}

// WithDefaults returns o with every zero field set to its default.
func (o Options) WithDefaults() Options {
	o.Alpha = cmp.Or(o.Alpha, DefaultAlpha)
	o.MinDecrease = cmp.Or(o.MinDecrease, DefaultMinDecrease)
	o.Window = cmp.Or(o.Window, DefaultWindow)
	o.DivergeFactor = cmp.Or(o.DivergeFactor, DefaultDivergeFactor)
	o.MinPoints = cmp.Or(o.MinPoints, DefaultMinPoints)
	return o
}

// Validate reports the first option out of range, after defaults.
func (o Options) Validate() error {
	o = o.WithDefaults()
	bad := func(v float64) bool { return math.IsNaN(v) || math.IsInf(v, 0) }
	switch {
	case bad(o.Alpha) || o.Alpha <= 0 || o.Alpha >= 1:
		return fmt.Errorf("alpha %g: want a value in (0, 1)", o.Alpha)
	case bad(o.MinDecrease) || o.MinDecrease < 0 || o.MinDecrease >= 1:
		return fmt.Errorf("min-decrease %g: want a fraction in [0, 1), e.g. 0.1 for 10%%", o.MinDecrease)
	case bad(o.Window) || o.Window <= 0 || o.Window > 0.5:
		return fmt.Errorf("window %g: want a fraction in (0, 0.5]", o.Window)
	case bad(o.DivergeFactor) || o.DivergeFactor <= 1:
		return fmt.Errorf("diverge factor %g: want a value > 1", o.DivergeFactor)
	case o.MinPoints < 3:
		return fmt.Errorf("min points %d: want at least 3", o.MinPoints)
	}
	return nil
}
