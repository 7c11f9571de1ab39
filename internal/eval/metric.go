package eval

import (
	"math"
	"slices"
)

// Metric names, as they appear in the report.
const (
	Accuracy       = "accuracy"
	Precision      = "precision"
	Recall         = "recall"
	F1             = "f1"
	PrecisionMacro = "precision_macro"
	RecallMacro    = "recall_macro"
	F1Macro        = "f1_macro"
	ROCAUC         = "roc_auc"
	LogLoss        = "log_loss"
	Brier          = "brier"
	RMSE           = "rmse"
	MAE            = "mae"
	R2             = "r2"
	MAPE           = "mape"
)

// metricDef is one metric: its direction and how it is computed from the
// weighted sums of a group. compute returns NaN where the metric is
// undefined (no positives for recall, a zero label for MAPE, ...).
type metricDef struct {
	higher  bool
	compute func(s *stats, g int) float64
}

var metricDefs = map[string]metricDef{
	Accuracy:       {true, accuracy},
	Precision:      {true, precision},
	Recall:         {true, recall},
	F1:             {true, f1},
	PrecisionMacro: {true, func(s *stats, g int) float64 { return macro(s, g, 0) }},
	RecallMacro:    {true, func(s *stats, g int) float64 { return macro(s, g, 1) }},
	F1Macro:        {true, func(s *stats, g int) float64 { return macro(s, g, 2) }},
	ROCAUC:         {true, rocAUC},
	LogLoss:        {false, func(s *stats, g int) float64 { return ratio(s.g[g].ll, s.g[g].w) }},
	Brier:          {false, func(s *stats, g int) float64 { return ratio(s.g[g].br, s.g[g].w) }},
	RMSE:           {false, func(s *stats, g int) float64 { return math.Sqrt(ratio(s.g[g].se, s.g[g].w)) }},
	MAE:            {false, func(s *stats, g int) float64 { return ratio(s.g[g].ae, s.g[g].w) }},
	R2:             {true, r2},
	MAPE:           {false, mape},
}

// Direction reports whether higher values of metric are better; ok is
// false for a name that is not one of this package's metrics.
func Direction(metric string) (higherIsBetter bool, ok bool) {
	d, ok := metricDefs[metric]
	return d.higher, ok
}

// Metrics lists the metrics [Evaluate] computes for a task, in report
// order; withScore adds the metrics of a positive-class probability
// (binary only).
func Metrics(task Task, withScore bool) []string {
	switch task {
	case Binary:
		m := []string{Accuracy, Precision, Recall, F1, PrecisionMacro, RecallMacro, F1Macro}
		if withScore {
			m = append(m, ROCAUC, LogLoss, Brier)
		}
		return m
	case Multiclass:
		return []string{Accuracy, PrecisionMacro, RecallMacro, F1Macro}
	case Regression:
		return []string{RMSE, MAE, R2, MAPE}
	}
	return nil
}

// ratio is a/b, NaN when b is 0.
func ratio(a, b float64) float64 {
	if b == 0 {
		return math.NaN()
	}
	return a / b
}

// cell returns the weight of (label, pred) in group g.
func (s *stats) cell(g, label, pred int) float64 { return float64(s.conf[(g*s.k+label)*s.k+pred]) }

func accuracy(s *stats, g int) float64 {
	var right float64
	for c := range s.k {
		right += s.cell(g, c, c)
	}
	return ratio(right, s.g[g].w)
}

// Binary metrics: class 1 is the positive class.

func precision(s *stats, g int) float64 {
	tp, fp := s.cell(g, 1, 1), s.cell(g, 0, 1)
	return ratio(tp, tp+fp)
}

func recall(s *stats, g int) float64 {
	tp, fn := s.cell(g, 1, 1), s.cell(g, 1, 0)
	return ratio(tp, tp+fn)
}

func f1(s *stats, g int) float64 {
	tp, fp, fn := s.cell(g, 1, 1), s.cell(g, 0, 1), s.cell(g, 1, 0)
	return ratio(2*tp, 2*tp+fp+fn)
}

// macro averages precision (which 0), recall (1) or F1 (2) over the
// classes present in group g as a label or a prediction, as scikit-learn
// does: a present class never predicted has precision 0, one never true
// has recall 0.
func macro(s *stats, g int, which int) float64 {
	var sum float64
	present := 0
	for c := range s.k {
		var actual, predicted float64
		for o := range s.k {
			actual += s.cell(g, c, o)
			predicted += s.cell(g, o, c)
		}
		if actual == 0 && predicted == 0 {
			continue
		}
		present++
		tp := s.cell(g, c, c)
		var p, r float64
		if predicted > 0 {
			p = tp / predicted
		}
		if actual > 0 {
			r = tp / actual
		}
		switch which {
		case 0:
			sum += p
		case 1:
			sum += r
		default:
			if p+r > 0 {
				sum += 2 * p * r / (p + r)
			}
		}
	}
	if present == 0 {
		return math.NaN()
	}
	return sum / float64(present)
}

func rocAUC(s *stats, g int) float64 {
	pos := s.cell(g, 1, 0) + s.cell(g, 1, 1)
	neg := s.cell(g, 0, 0) + s.cell(g, 0, 1)
	return ratio(s.g[g].auc, pos*neg)
}

// r2 is 1 - SSres/SStot; it is undefined when the labels of the group are
// all equal (SStot = 0).
func r2(s *stats, g int) float64 {
	w := s.g[g].w
	if w == 0 {
		return math.NaN()
	}
	tot := s.g[g].syy - s.g[g].sy*s.g[g].sy/w
	if tot <= 1e-12*s.g[g].syy { // constant labels, up to rounding

		return math.NaN()
	}
	return 1 - s.g[g].se/tot
}

// mape is undefined when a label of the group (with a weight) is zero.
func mape(s *stats, g int) float64 {
	if s.g[g].zero > 0 {
		return math.NaN()
	}
	return ratio(s.g[g].ape, s.g[g].w)
}

// knownMetrics returns the names of all metrics, sorted, for error messages.
func knownMetrics() []string {
	names := make([]string, 0, len(metricDefs))
	for n := range metricDefs {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}
