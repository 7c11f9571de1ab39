package drift

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/mlgate/mlgate/internal/data/profile"
	"github.com/mlgate/mlgate/internal/stats"
)

// DefaultPSIThreshold is the default PSI above which a numeric column has
// drifted: between the conventional "moderate" (0.1, [stats.PSIModerate])
// and "significant" (0.25, [stats.PSISignificant]) readings, as NannyML and
// Evidently users commonly set it. A shift of the mean by half a standard
// deviation of a Gaussian column gives a PSI of about 0.23 on 10 quantile
// bins, so it is caught; a shift of a quarter (PSI about 0.06) is not.
const DefaultPSIThreshold = 0.2

// Measures that decide drift, as in [Thresholds.Measure] and
// [ColumnDrift.Method].
const (
	// MeasurePSI is the population stability index.
	MeasurePSI = "psi"
	// MeasureJS is the base-2 Jensen-Shannon distance.
	MeasureJS = "js"
	// MeasureLInf is the L-infinity distance between proportions.
	MeasureLInf = "linf"
	// MeasureKS is the two-sample Kolmogorov-Smirnov test (small samples).
	MeasureKS = "ks"
	// MeasureMissing is the change of the share of missing or NaN/infinite values.
	MeasureMissing = "missing"
)

// Column kinds, as in [ColumnDrift.Kind].
const (
	KindNumeric     = "numeric"
	KindCategorical = "categorical"
	KindSkipped     = "skipped"
)

// Defaults of [Options].
const (
	DefaultBins        = 10
	DefaultSmallSample = 1000
	DefaultCategories  = 20
)

// Thresholds are the drift thresholds of a column. A zero field inherits
// the default (of [Options.Default] for a per-column override, of the
// package for Options.Default itself).
type Thresholds struct {
	// PSI is the threshold on the population stability index
	// (default [DefaultPSIThreshold]).
	PSI float64 `json:"psi,omitempty"`
	// JS is the threshold on the base-2 Jensen-Shannon distance, in [0, 1]
	// (default [stats.DefaultJSThreshold]).
	JS float64 `json:"js,omitempty"`
	// LInf is the threshold on the L-infinity distance between category
	// proportions, and on the change of the missing and NaN shares
	// (default [stats.DefaultLInfThreshold]).
	LInf float64 `json:"linf,omitempty"`
	// KSAlpha is the significance level of the KS test on small samples,
	// in (0, 1) (default [stats.DefaultKSAlpha]).
	KSAlpha float64 `json:"ks_alpha,omitempty"`
	// Measure is the measure that decides on large samples: "" (PSI for
	// numeric columns, L-infinity for categorical ones), [MeasurePSI],
	// [MeasureJS] or [MeasureLInf] for both kinds.
	Measure string `json:"measure,omitempty"`
}

// Options configure [Compare]. The zero value uses every default.
type Options struct {
	// Default thresholds of every column.
	Default Thresholds
	// Columns are per-column overrides; zero fields inherit Default.
	Columns map[string]Thresholds
	// Bins is the number of numeric bins cut at reference quantiles
	// (default [DefaultBins]); ties merge bins.
	Bins int
	// SmallSample: below this many finite values on either side, numeric
	// drift is judged by KS (default [DefaultSmallSample]).
	SmallSample int
	// Categories: an integer column with at most this many distinct values
	// is compared as categories (default [DefaultCategories]).
	Categories int
	// Ignore lists columns not compared (reported as skipped).
	Ignore []string
}

// ColumnDrift is the comparison of one column.
type ColumnDrift struct {
	Column string `json:"column"`
	// Kind is [KindNumeric], [KindCategorical] or [KindSkipped] (the
	// distributions were not compared; Reason says why).
	Kind string `json:"kind"`
	// Method is the measure that decided (see the Measure constants); ""
	// when nothing was compared.
	Method string `json:"method,omitempty"`
	// The measures computed; nil when not applicable. KSD and KSP are the
	// KS statistic and p-value (small numeric samples only). Missing is the
	// larger absolute change of the share of missing values and of the
	// share of NaN/infinite values, over all rows.
	PSI     *float64 `json:"psi,omitempty"`
	JS      *float64 `json:"js,omitempty"`
	LInf    *float64 `json:"linf,omitempty"`
	KSD     *float64 `json:"ks_d,omitempty"`
	KSP     *float64 `json:"ks_p,omitempty"`
	Missing *float64 `json:"missing,omitempty"`
	// Threshold is the threshold of Method (alpha for KS).
	Threshold float64 `json:"threshold,omitempty"`
	// Score is how far the deciding measure is past its threshold:
	// measure/threshold, or alpha/p for KS (capped at [MaxScore]); it ranks
	// columns across measures, and is above 1 for a drifted column.
	Score float64 `json:"score"`
	// Drifted is measure > threshold (p < alpha for KS).
	Drifted bool `json:"drifted"`
	// Reason explains a skipped comparison ("only in reference", "high
	// cardinality: no exact frequencies in current", ...).
	Reason string `json:"reason,omitempty"`
	// Labels, Ref and Cur are, for a chart, the reference's and the
	// current's proportions on the same bins or categories.
	Labels []string  `json:"labels,omitempty"`
	Ref    []float64 `json:"ref,omitempty"`
	Cur    []float64 `json:"cur,omitempty"`
}

// MaxScore caps [ColumnDrift.Score] (a KS p-value of 0 would make it infinite).
const MaxScore = 1e6

// Report is the comparison of two profiles.
type Report struct {
	// Columns are sorted: drifted first, then compared, then skipped; within
	// each group by decreasing Score, then by name.
	Columns []ColumnDrift `json:"columns"`
	// Drifted counts the drifted columns.
	Drifted int `json:"drifted"`
	// Compared counts the columns present in both profiles and not ignored.
	Compared int `json:"compared"`
}

// Compare compares cur against ref column by column. It returns an error
// when a profile is nil or an option is invalid; data it cannot compare is
// reported as a skipped column, never as an error.
func Compare(ref, cur *profile.Profile, opt Options) (*Report, error) {
	if ref == nil || cur == nil {
		return nil, errors.New("comparing profiles: a profile is nil")
	}
	opt, err := opt.withDefaults()
	if err != nil {
		return nil, err
	}
	ignored := map[string]bool{}
	for _, name := range opt.Ignore {
		ignored[name] = true
	}
	rep := &Report{}
	add := func(cd ColumnDrift) {
		rep.Columns = append(rep.Columns, cd)
		if cd.Drifted {
			rep.Drifted++
		}
	}
	for _, rc := range ref.Columns {
		cc := cur.Column(rc.Name)
		switch {
		case ignored[rc.Name]:
			add(skipped(rc.Name, "ignored"))
		case cc == nil:
			add(skipped(rc.Name, "only in reference"))
		default:
			th, err := opt.thresholds(rc.Name)
			if err != nil {
				return nil, err
			}
			cd, err := compareColumn(rc, cc, th, opt)
			if err != nil {
				return nil, fmt.Errorf("comparing column %q: %w", rc.Name, err)
			}
			rep.Compared++
			add(cd)
		}
	}
	for _, cc := range cur.Columns {
		if ref.Column(cc.Name) != nil {
			continue
		}
		if ignored[cc.Name] {
			add(skipped(cc.Name, "ignored"))
		} else {
			add(skipped(cc.Name, "only in current"))
		}
	}
	slices.SortFunc(rep.Columns, compareOrder)
	return rep, nil
}

func skipped(name, reason string) ColumnDrift {
	return ColumnDrift{Column: name, Kind: KindSkipped, Reason: reason}
}

// group ranks a column for sorting: drifted, compared, skipped.
func group(c *ColumnDrift) int {
	switch {
	case c.Drifted:
		return 0
	case c.Kind != KindSkipped:
		return 1
	}
	return 2
}

func compareOrder(a, b ColumnDrift) int {
	if ga, gb := group(&a), group(&b); ga != gb {
		return ga - gb
	}
	if a.Score != b.Score {
		if a.Score > b.Score {
			return -1
		}
		return 1
	}
	return strings.Compare(a.Column, b.Column)
}

func (o Options) withDefaults() (Options, error) {
	if o.Bins == 0 {
		o.Bins = DefaultBins
	}
	if o.SmallSample == 0 {
		o.SmallSample = DefaultSmallSample
	}
	if o.Categories == 0 {
		o.Categories = DefaultCategories
	}
	if o.Bins < 1 || o.SmallSample < 0 || o.Categories < 0 {
		return o, fmt.Errorf("drift options: bins %d, small sample %d, categories %d: must not be negative",
			o.Bins, o.SmallSample, o.Categories)
	}
	base := Thresholds{
		PSI: DefaultPSIThreshold, JS: stats.DefaultJSThreshold,
		LInf: stats.DefaultLInfThreshold, KSAlpha: stats.DefaultKSAlpha,
	}
	d, err := o.Default.over(base)
	if err != nil {
		return o, fmt.Errorf("default drift thresholds: %w", err)
	}
	o.Default = d
	return o, nil
}

// thresholds returns the column's thresholds with its override applied.
func (o Options) thresholds(name string) (Thresholds, error) {
	t, ok := o.Columns[name]
	if !ok {
		return o.Default, nil
	}
	t, err := t.over(o.Default)
	if err != nil {
		return t, fmt.Errorf("drift thresholds of column %q: %w", name, err)
	}
	return t, nil
}

// over fills t's zero fields from base and validates the result.
func (t Thresholds) over(base Thresholds) (Thresholds, error) {
	fill := func(v *float64, b float64) {
		if *v == 0 {
			*v = b
		}
	}
	fill(&t.PSI, base.PSI)
	fill(&t.JS, base.JS)
	fill(&t.LInf, base.LInf)
	fill(&t.KSAlpha, base.KSAlpha)
	if t.Measure == "" {
		t.Measure = base.Measure
	}
	for _, f := range []struct {
		name string
		v    float64
	}{{"psi", t.PSI}, {"js", t.JS}, {"linf", t.LInf}} {
		if !(f.v > 0) || math.IsInf(f.v, 0) {
			return t, fmt.Errorf("%s threshold %v is not a positive number", f.name, f.v)
		}
	}
	if !(t.KSAlpha > 0 && t.KSAlpha < 1) {
		return t, fmt.Errorf("ks_alpha %v is not in (0, 1)", t.KSAlpha)
	}
	switch t.Measure {
	case "", MeasurePSI, MeasureJS, MeasureLInf:
	default:
		return t, fmt.Errorf("measure %q is not one of %q, %q, %q", t.Measure, MeasurePSI, MeasureJS, MeasureLInf)
	}
	return t, nil
}

// threshold returns the threshold of a measure.
func (t Thresholds) threshold(measure string) float64 {
	switch measure {
	case MeasurePSI:
		return t.PSI
	case MeasureJS:
		return t.JS
	case MeasureKS:
		return t.KSAlpha
	}
	return t.LInf
}
