package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/mlgate/mlgate/internal/eval"
)

type evalOptions struct {
	predictions []string
	label       string
	prediction  string
	score       string
	slices      []string
	task        string
	positive    string
	resamples   int
	seed        uint64
	level       float64
	out         string
}

func newEvalCmd(env Env, g *globalOptions) *cobra.Command {
	_ = g // eval writes a metrics file, not a gate result
	o := &evalOptions{}
	cmd := &cobra.Command{
		Use:   "eval --predictions FILE... --label COL --prediction COL --out FILE",
		Short: "Compute a model's metrics, with confidence intervals, from a predictions file",
		Long: `Compute a model's metrics from its predictions, overall and per slice, each
with a bootstrap confidence interval, and write them to a metrics file that
"mlgate gate" judges (rules read them by dot path: "accuracy >= 0.9",
"slices.gender.F.recall >= 0.8").

Inputs: CSV, TSV, JSON Lines or Parquet, gzipped or not; several files or
globs are read as one dataset. One row per example: the true label, the
prediction, and optionally the probability of the positive class (--score)
and slice columns (--slice).

Tasks (--task auto detects them):
  regression  every label and prediction is a number, and some value is not
              a whole number or there are more than 20 distinct labels
  binary      at most 2 classes among labels and predictions
  multiclass  otherwise

Metrics:
  binary      accuracy, precision, recall, f1 (of the --positive class),
              precision_macro, recall_macro, f1_macro; with --score also
              roc_auc, log_loss, brier
  multiclass  accuracy, precision_macro, recall_macro, f1_macro
  regression  rmse, mae, r2, mape (null when a label is 0)
A metric undefined on a group (recall without positives) is null.

Intervals: percentile intervals at --level of a Poisson bootstrap (each
example weighted by a Poisson(1) draw) with --resamples resamples and a
fixed --seed: the same input gives the same file on any machine.

The metrics file is written atomically; a short table goes to stdout.
See docs/eval.md for the format and the definitions.`,
		Example: `  # binary classifier with probabilities, sliced by two columns
  mlgate eval --predictions preds.csv --label y --prediction yhat --score p \
    --slice gender --slice country --out metrics.json

  # a regression model, sharded Parquet predictions
  mlgate eval --predictions 'preds/part-*.parquet' --label price --prediction predicted \
    --task regression --out metrics.json

  # then gate on the metrics
  mlgate gate --candidate metrics.json --rule "accuracy >= 0.9" --rule "slices.gender.F.recall >= 0.8"`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runEval(cmd, env, o)
		},
	}
	f := cmd.Flags()
	f.StringArrayVar(&o.predictions, "predictions", nil, "predictions file or glob, repeatable (required)")
	f.StringVar(&o.label, "label", "", "column of the true labels (required)")
	f.StringVar(&o.prediction, "prediction", "", "column of the predicted labels or values (required)")
	f.StringVar(&o.score, "score", "", "column of the probability of the positive class (binary only)")
	f.StringArrayVar(&o.slices, "slice", nil, "column to evaluate per value, repeatable")
	f.StringVar(&o.task, "task", "auto", "auto, binary, multiclass or regression")
	f.StringVar(&o.positive, "positive", "", `positive class of a binary task (default "1", or "true")`)
	f.IntVar(&o.resamples, "resamples", 1000, "bootstrap resamples")
	f.Uint64Var(&o.seed, "seed", 1, "bootstrap seed")
	f.Float64Var(&o.level, "level", 0.95, "confidence level of the intervals, in (0, 1)")
	f.StringVar(&o.out, "out", "", `metrics file to write, JSON ("-": stdout only) (required)`)
	return cmd
}

func runEval(cmd *cobra.Command, env Env, o *evalOptions) error {
	if err := requireFlags(cmd, "predictions", "label", "prediction", "out"); err != nil {
		return err
	}
	switch {
	case o.resamples < 1:
		return usageError("eval: --resamples must be at least 1, got %d", o.resamples)
	case o.seed == 0:
		return usageError("eval: --seed must not be 0")
	case !(o.level > 0 && o.level < 1):
		return usageError("eval: --level must be in (0, 1), got %v", o.level)
	}
	task, err := eval.ParseTask(o.task)
	if err != nil {
		return usageError("eval: --task: %v", err)
	}
	p, err := eval.Load(o.predictions, eval.Columns{
		Label: o.label, Prediction: o.prediction, Score: o.score,
		Slices: o.slices, Task: task, Positive: o.positive,
	})
	if err != nil {
		return exitCode(ExitError, err)
	}
	rep, err := eval.Evaluate(cmd.Context(), p, eval.Options{Resamples: o.resamples, Seed: o.seed, Level: o.level})
	if err != nil {
		return exitCode(ExitError, err)
	}
	raw, err := rep.MarshalJSON()
	if err != nil {
		return exitCode(ExitError, fmt.Errorf("encoding metrics: %w", err))
	}
	var pretty bytes.Buffer
	if err := json.Indent(&pretty, raw, "", "  "); err != nil {
		return exitCode(ExitError, fmt.Errorf("encoding metrics: %w", err))
	}
	pretty.WriteByte('\n')
	if err := rep.WriteText(env.Stdout); err != nil {
		return exitCode(ExitError, err)
	}
	if err := writeOutput(o.out, env.Stdout, func(w io.Writer) error { _, err := w.Write(pretty.Bytes()); return err }); err != nil {
		return exitCode(ExitError, err)
	}
	if o.out != "-" {
		fmt.Fprintf(env.Stdout, "metrics written to %s\n", o.out)
	}
	return nil
}
