// Package eval computes a model's metrics from a predictions file, with
// bootstrap confidence intervals overall and per slice, and compares two
// models evaluated on the same examples with a paired bootstrap.
//
// [Load] reads predictions (CSV, TSV, JSON Lines, Parquet, gzip, several
// files as one dataset) and settles the task; [Evaluate] computes every
// metric of the task with percentile intervals of a Poisson bootstrap;
// [Compare] judges a candidate against a baseline and
// [Comparison.Verdict] applies the decision rule of a change limit.
//
// The bootstrap is fast because identical examples are first compressed
// into cells with a count: a cell of count c gets the weight
// Poisson(c), which is exactly the sum of c independent Poisson(1)
// weights. Every metric accepts weights, so a resample is one weighted
// pass over the cells. Resample r draws its weights from a PCG generator
// seeded from (seed, r) alone, so results do not depend on the number of
// cores.
package eval
