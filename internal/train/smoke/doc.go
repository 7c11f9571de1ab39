// Package smoke decides whether a training loss really goes down over a short
// run: the verdict of `mlgate smoke`, explained with numbers, and the loss
// curve as a downsampled chart and a sparkline.
//
// [Decide] fails a series that holds a NaN or an infinity (naming the step),
// that diverges (a value above [Options.DivergeFactor] times the start), or
// that does not decrease; it returns an error status, never a pass, when
// there are too few points. A series passes only when all three hold:
//
//   - the Mann-Kendall trend test (tie-corrected) finds a decrease:
//     one-sided p < [Options.Alpha];
//   - the Theil-Sen slope is negative;
//   - the median of the last window is at least [Options.MinDecrease] (relative)
//     below the median of the first window.
//
// The defaults were tuned on simulated curves (see quality_test.go): noisy
// exponential decays with AR(1) noise pass, flat, noisy-flat and rising
// curves fail, each at least 99% of the time.
package smoke
