package gate

import (
	"context"
	"errors"
	"fmt"
	"math"

	"github.com/mlgate/mlgate/internal/eval"
	"github.com/mlgate/mlgate/internal/result"
)

// pairedPredictions are the per-example predictions of both models.
type pairedPredictions struct {
	cand, base *eval.Predictions
	candPath   string
	opt        eval.Options
}

// loadPredictions reads the predictions of the candidate and the baseline
// for significance rules.
func loadPredictions(p Predictions) (*pairedPredictions, error) {
	if len(p.Candidate) == 0 || len(p.Baseline) == 0 {
		return nil, errors.New("a significance rule needs per-example predictions of both models: add --candidate-predictions and --baseline-predictions")
	}
	if p.Label == "" || p.Prediction == "" {
		return nil, errors.New("a significance rule needs --label and --prediction, the columns of the predictions files")
	}
	cols := eval.Columns{Label: p.Label, Prediction: p.Prediction, Score: p.Score, Key: p.Key, Positive: p.Positive}
	cand, err := eval.Load(p.Candidate, cols)
	if err != nil {
		return nil, fmt.Errorf("candidate predictions: %w", err)
	}
	base, err := eval.Load(p.Baseline, cols)
	if err != nil {
		return nil, fmt.Errorf("baseline predictions: %w", err)
	}
	return &pairedPredictions{cand: cand, base: base, candPath: p.Candidate[0],
		opt: eval.Options{Resamples: p.Resamples, Seed: p.Seed}}, nil
}

// judgeSignificance judges a change rule by a paired bootstrap interval of
// the change: it fails only when the whole interval lies beyond the allowed
// drop (a real drop), so noise does not fail a release.
func (in *inputs) judgeSignificance(ctx context.Context, r Rule) (judgement, error) {
	opt := in.preds.opt
	opt.Level = r.Significance
	c, err := eval.Compare(ctx, in.preds.cand, in.preds.base, r.Metric, opt)
	if err != nil {
		return judgement{}, fmt.Errorf("rule %q: %w", r.Text, err)
	}
	if (r.Direction == HigherIsBetter) != c.HigherIsBetter {
		return judgement{}, fmt.Errorf("rule %q: direction=%s contradicts %s, where %s is better", r.Text, r.Direction,
			r.Metric, map[bool]string{true: "higher", false: "lower"}[c.HigherIsBetter])
	}
	maxDrop := math.Inf(1)
	var limit string
	if r.MaxDrop != nil {
		maxDrop, limit = *r.MaxDrop, "max_drop="+num(*r.MaxDrop)
	}
	if r.MaxDropPct != nil {
		if d := *r.MaxDropPct / 100 * math.Abs(c.Baseline); d < maxDrop {
			maxDrop, limit = d, fmt.Sprintf("max_drop_pct=%s (%s)", num(*r.MaxDropPct), num(d))
		}
	}
	m := result.Metric{
		Name: r.Metric, Rule: r.Text,
		Value: result.F(c.Candidate), Baseline: result.F(c.Baseline), Delta: result.F(c.Delta),
		Interval: &result.Interval{Lo: result.Float(c.Lo), Hi: result.Float(c.Hi), Level: c.Level, Of: "delta"},
	}
	ci := fmt.Sprintf("change %+.4g, %g%% interval [%+.4g, %+.4g] over %d paired examples", c.Delta, c.Level*100, c.Lo, c.Hi, c.N)
	switch c.Verdict(maxDrop) {
	case eval.Worse:
		m.Status, m.Message = result.Fail, "a real drop: "+ci+" lies beyond "+limit
	case eval.Within:
		m.Status, m.Message = result.Pass, ci+"; within "+limit
	default:
		m.Status, m.Message = result.Pass, ci+"; not a significant drop beyond "+limit+" (within noise)"
	}
	return judgement{m: m, file: in.preds.candPath}, nil
}
