package eval

import (
	"context"
	"fmt"
	"math"
	"runtime"
)

// MaxSliceValues bounds the number of values of one slice column (each
// value is a group with its own metrics and bootstrap distributions).
const MaxSliceValues = 1000

// Evaluate computes every metric of p's task ([Metrics]) overall and per
// slice, with percentile intervals of a Poisson bootstrap at opt.Level.
// Metrics undefined on a group are NaN in the [Report] (null in JSON).
func Evaluate(ctx context.Context, p *Predictions, opt Options) (*Report, error) {
	return evaluate(ctx, p, opt, runtime.GOMAXPROCS(0))
}

// evaluate is Evaluate on the given number of goroutines.
func evaluate(ctx context.Context, p *Predictions, opt Options, workers int) (*Report, error) {
	opt, err := opt.withDefaults()
	if err != nil {
		return nil, err
	}
	for s, vals := range p.sliceValues {
		if len(vals) > MaxSliceValues {
			return nil, fmt.Errorf("slice column %q has %d values; at most %d can be evaluated separately", p.cols.Slices[s], len(vals), MaxSliceValues)
		}
	}
	names := Metrics(p.cols.Task, p.score != nil)
	defs := make([]metricDef, len(names))
	for m, n := range names {
		defs[m] = metricDefs[n]
	}
	c := cells(rowView(p))
	e := newEngine(c, nil)
	M, G, R := len(names), e.G, opt.Resamples

	point := e.newStats()
	e.accumulate(c.count, point)
	// boot holds metric m of group g in resample r at [(g*M+m)*R + r].
	boot := make([]float64, G*M*R)
	err = e.bootstrap(ctx, workers, c.count, R, opt.Seed, func(r int, st *stats) {
		for g := range G {
			for m, d := range defs {
				boot[(g*M+m)*R+r] = d.compute(st, g)
			}
		}
	})
	if err != nil {
		return nil, fmt.Errorf("evaluating %s: %w", p.cols.Prediction, err)
	}
	estimates := func(g int) []Estimate {
		out := make([]Estimate, M)
		for m, d := range defs {
			lo, hi := math.NaN(), math.NaN()
			v := d.compute(point, g)
			if !math.IsNaN(v) {
				lo, hi = percentileInterval(boot[(g*M+m)*R:(g*M+m+1)*R], R, opt.Level)
			}
			out[m] = Estimate{Name: names[m], Value: v, Lo: lo, Hi: hi}
		}
		return out
	}
	rep := &Report{
		Task: p.cols.Task, N: p.N(),
		Label: p.cols.Label, Prediction: p.cols.Prediction, Score: p.cols.Score, Positive: p.cols.Positive,
		Classes:   p.classes,
		Metrics:   estimates(0),
		Bootstrap: Bootstrap{Method: "poisson", Resamples: R, Seed: opt.Seed, Level: opt.Level},
		Warnings:  p.warnings,
	}
	g := 1
	for s, col := range p.cols.Slices {
		sl := Slice{Column: col}
		for _, val := range p.sliceValues[s] {
			sl.Groups = append(sl.Groups, SliceGroup{Value: val, N: int(point.g[g].w), Metrics: estimates(g)})
			g++
		}
		rep.Slices = append(rep.Slices, sl)
	}
	rep.addWarnings()
	return rep, nil
}
