package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/mlgate/mlgate/internal/gate"
	"github.com/mlgate/mlgate/internal/result"
)

type gateOptions struct {
	id, title       string
	candidates      []string
	baseline        string
	baselineRef     string
	baselineRefPath string
	history         string
	appendHistory   string
	simple          []string
	rules           []string
	exprs           []string
	preds           gate.Predictions
	seed            uint64
	modelFile       string
	modelMetadata   string
	timestampField  string
	costPerHour     float64
	throughput      string
}

func newGateCmd(env Env, g *globalOptions) *cobra.Command {
	o := &gateOptions{}
	cmd := &cobra.Command{
		Use:   "gate --candidate FILE [--baseline FILE] --rule RULE...",
		Short: "Judge a model's metrics against thresholds, a baseline, slices and budgets",
		Long: `Judge a candidate model's metrics: absolute floors, change against a
baseline (judged beyond noise when per-example predictions are given), every
slice of a column and the gap between slices (fairness), a simple model it must
beat, the best of the last releases, budgets (latency, memory, model size,
cost), the model's age, and CEL expressions for anything else.

Metrics sources (--candidate, --baseline, --simple): JSON, YAML or TOML files
(DVC's formats; nested keys by dot path, "eval.accuracy"), a CSV of name,value,
an MLflow run directory (mlruns/<exp>/<run>), an mlgate result file (for example
a canary result: latency_p95_ms), or the output of "mlgate eval". --candidate is
repeatable; a metric must be in only one of them.

Baseline: --baseline FILE (a file that does not exist yet is a first run: change
rules warn), --baseline DIR (a results dir downloaded from an earlier run: its
<id>.json), or --baseline-ref origin/main (the candidate file as it is on that
git ref).

Rules:
  NAME >= X, NAME > X, NAME <= X, NAME < X    absolute thresholds
  NAME: min=X, max=Y                          the same, as options
  NAME: max_drop=X                            no worse than the baseline by more than X
  NAME: max_drop_pct=P                        ... by more than P percent of |baseline|
  NAME: max_drop=X, significance=0.95         judged by a paired bootstrap interval of the
                                              change: fails only on a real drop beyond X
                                              (needs --candidate-predictions and
                                              --baseline-predictions on the same examples)
  NAME: slice=COL, min=X                      every slice of COL (from mlgate eval --slice)
  NAME: slice=COL, max_gap=G [, min_size=N]   best and worst slice within G (fairness);
                                              slices under N examples (default 30) are
                                              listed, not judged
  NAME: beats=SIMPLE [, margin=M]             better than the simple model by at least M
  NAME: max_below_best=X [, last=N]           within X of the best of the last N (5)
                                              releases in --history
  ..., direction=higher|lower                 which way is better, when the name does not
                                              tell (loss, error, latency_ms: lower;
                                              accuracy, f1, auc: higher)

Derived metrics: model.size_bytes and model.size_mb (--model-file), model.age_days
(--model-metadata), cost_per_1k (--cost-per-hour with --throughput-metric).

Expressions (--expr) are CEL over candidate, baseline and simple:
  --expr 'candidate.f1 >= baseline.f1 - 0.01 && candidate.latency_p95_ms < 50'

A metric that is missing fails; a rule or expression that cannot be evaluated
is an error, never a pass. The result is written to <results-dir>/<id>.json;
run "mlgate report" to publish it.`,
		Example: `  mlgate gate --candidate metrics.json --baseline main-metrics.json \
    --rule "accuracy >= 0.90" --rule "f1: max_drop=0.01" --rule "latency_ms <= 50"

  # noise-aware change, slices and a simple-model baseline, from mlgate eval output
  mlgate gate --candidate eval.json --baseline-ref origin/main \
    --candidate-predictions preds.csv --baseline-predictions main-preds.csv --label y --prediction yhat \
    --rule "accuracy: max_drop=0.005, significance=0.95" \
    --rule "recall: slice=sex, max_gap=0.05" \
    --simple majority=majority-eval.json --rule "accuracy: beats=majority, margin=0.02"

  # slow degradation: never more than 0.01 below the best of the last 5 releases
  mlgate gate --candidate eval.json --history releases.jsonl \
    --rule "roc_auc: max_below_best=0.01" --append-history "$GITHUB_REF_NAME"`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runGate(cmd, env, g, o)
		},
	}
	f := cmd.Flags()
	f.StringArrayVar(&o.candidates, "candidate", nil, "candidate metrics: a file, an MLflow run dir or a result file (required; repeatable)")
	f.StringVar(&o.baseline, "baseline", "", "baseline metrics: a file, an MLflow run dir, or a results dir of an earlier run; a missing file is a first run")
	f.StringVar(&o.baselineRef, "baseline-ref", "", "read the baseline from this git ref (e.g. origin/main)")
	f.StringVar(&o.baselineRefPath, "baseline-path", "", "the baseline file's path at --baseline-ref (default: the first --candidate)")
	f.StringArrayVar(&o.rules, "rule", nil, "a rule, repeatable (see above)")
	f.StringArrayVar(&o.exprs, "expr", nil, "a CEL condition over candidate, baseline and simple; repeatable")
	f.StringArrayVar(&o.simple, "simple", nil, "NAME=FILE: metrics of a simple model for beats=NAME; repeatable")
	f.StringVar(&o.history, "history", "", "JSON Lines file of released versions' metrics, for max_below_best rules")
	f.StringVar(&o.appendHistory, "append-history", "", "record the candidate in --history as release VERSION when the gate does not fail")
	f.StringArrayVar(&o.preds.Candidate, "candidate-predictions", nil, "candidate's per-example predictions (CSV, TSV, JSONL, Parquet), for significance rules")
	f.StringArrayVar(&o.preds.Baseline, "baseline-predictions", nil, "baseline's predictions on the same examples, for significance rules")
	f.StringVar(&o.preds.Label, "label", "", "label column of the predictions files")
	f.StringVar(&o.preds.Prediction, "prediction", "", "predicted class or value column of the predictions files")
	f.StringVar(&o.preds.Score, "score", "", "positive-class probability column (binary; for roc_auc, log_loss, brier)")
	f.StringVar(&o.preds.Key, "key", "", "example id column that pairs the two predictions files (default: row order)")
	f.StringVar(&o.preds.Positive, "positive", "", "positive class of a binary task (default 1 or true)")
	f.IntVar(&o.preds.Resamples, "resamples", 1000, "bootstrap resamples for significance rules")
	f.Uint64Var(&o.seed, "seed", 1, "bootstrap seed")
	f.StringVar(&o.modelFile, "model-file", "", "model artifact (file or directory); its size is model.size_bytes and model.size_mb")
	f.StringVar(&o.modelMetadata, "model-metadata", "", "JSON/YAML file with the model's training time; its age is model.age_days")
	f.StringVar(&o.timestampField, "timestamp-field", gate.DefaultTimestampField, "dot path of the training time in --model-metadata (RFC 3339 or Unix seconds)")
	f.Float64Var(&o.costPerHour, "cost-per-hour", 0, "serving cost per hour; with --throughput-metric gives cost_per_1k")
	f.StringVar(&o.throughput, "throughput-metric", "", "candidate metric holding the sustained requests per second, for cost_per_1k")
	f.StringVar(&o.id, "id", "gate", "result id: the file name in the results dir and the name in the report")
	f.StringVar(&o.title, "title", "", "title shown in the report (default: the id)")
	return cmd
}

func runGate(cmd *cobra.Command, env Env, g *globalOptions, o *gateOptions) error {
	if len(o.candidates) == 0 {
		return usageError("gate: --candidate is required\nRun 'mlgate gate --help' for usage.")
	}
	if len(o.rules) == 0 && len(o.exprs) == 0 {
		return usageError("gate: at least one --rule or --expr is required, e.g. --rule \"accuracy >= 0.9\"")
	}
	if err := checkID("gate", o.id); err != nil {
		return err
	}
	if o.appendHistory != "" && o.history == "" {
		return usageError("gate: --append-history needs --history FILE")
	}
	simple := map[string]string{}
	for _, s := range o.simple {
		name, file, ok := strings.Cut(s, "=")
		if !ok || name == "" || file == "" {
			return usageError("gate: --simple %q: want NAME=FILE, e.g. --simple majority=majority-metrics.json", s)
		}
		if _, dup := simple[name]; dup {
			return usageError("gate: --simple %s is given twice", name)
		}
		simple[name] = file
	}
	o.preds.Seed = o.seed
	res := gate.Run(cmd.Context(), gate.Options{
		ID:               o.id,
		Title:            o.title,
		CandidatePaths:   o.candidates,
		BaselinePath:     o.baseline,
		BaselineRef:      o.baselineRef,
		BaselineRefPath:  o.baselineRefPath,
		HistoryPath:      o.history,
		AppendHistory:    o.appendHistory,
		Simple:           simple,
		Predictions:      o.preds,
		ModelFile:        o.modelFile,
		ModelMetadata:    o.modelMetadata,
		TimestampField:   o.timestampField,
		CostPerHour:      o.costPerHour,
		ThroughputMetric: o.throughput,
		Rules:            o.rules,
		Exprs:            o.exprs,
		Getenv:           env.Getenv,
		Now:              env.Now,
		ToolVersion:      version,
	})
	return finishGate(env, g.resultsDir, res)
}

// finishGate writes a gate's result, prints it, and turns its status into
// the exit code. Every gate command ends here.
func finishGate(env Env, dir string, res result.Result) error {
	res.Tool = result.Tool{Name: "mlgate", Version: version}
	path, werr := result.Write(dir, res)
	printResult(env.Stdout, res)
	if werr != nil {
		return exitCode(ExitError, werr)
	}
	fmt.Fprintf(env.Stdout, "result written to %s\n", path)
	return exitCode(statusExit(res.Status), nil)
}

// statusExit maps a verdict to the process exit code.
func statusExit(s result.Status) int {
	switch s {
	case result.Fail:
		return ExitFail
	case result.Error:
		return ExitError
	}
	return ExitPass
}
