package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/mlgate/mlgate/internal/gate"
	"github.com/mlgate/mlgate/internal/result"
)

type gateOptions struct {
	id        string
	title     string
	candidate string
	baseline  string
	rules     []string
}

func newGateCmd(env Env, g *globalOptions) *cobra.Command {
	o := &gateOptions{}
	cmd := &cobra.Command{
		Use:   "gate --candidate FILE [--baseline FILE] --rule RULE...",
		Short: "Judge a model's metrics against thresholds and a baseline",
		Long: `Judge a candidate model's metrics against absolute thresholds and against
a baseline (for example the metrics of the main branch).

Metrics files are JSON or YAML, as DVC writes them; nested keys are addressed
with dot paths ("eval.accuracy").

Rules:
  NAME >= X, NAME > X        the metric must be at least / above X
  NAME <= X, NAME < X        the metric must be at most / below X
  NAME: max_drop=X           must not get worse than the baseline by more than X
  NAME: max_drop_pct=P       must not get worse than the baseline by more than P percent
  ..., direction=higher      say which way is better when the name does not tell
                             (names like loss, error, latency_ms: lower is better;
                             accuracy, f1, auc: higher is better)

A metric missing from the candidate fails. A change rule without a baseline
file warns on a first run (the baseline file does not exist yet) and fails
when the baseline file lacks the metric.

The result is written to <results-dir>/<id>.json; run "mlgate report" to
publish it.`,
		Example: `  mlgate gate --candidate metrics.json --baseline main-metrics.json \
    --rule "accuracy >= 0.90" --rule "f1: max_drop=0.01" --rule "latency_ms <= 50"

  mlgate gate --id ranking --candidate eval.yaml \
    --rule "eval.ndcg: max_drop_pct=2" --baseline baseline/eval.yaml`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runGate(cmd, env, g, o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.candidate, "candidate", "", "candidate metrics file, JSON or YAML (required)")
	f.StringVar(&o.baseline, "baseline", "", "baseline metrics file; a missing file counts as a first run")
	f.StringArrayVar(&o.rules, "rule", nil, "a rule, repeatable (see above)")
	f.StringVar(&o.id, "id", "gate", "result id: the file name in the results dir and the name in the report")
	f.StringVar(&o.title, "title", "", "title shown in the report (default: the id)")
	return cmd
}

func runGate(cmd *cobra.Command, env Env, g *globalOptions, o *gateOptions) error {
	if o.candidate == "" {
		return usageError("gate: --candidate is required\nRun 'mlgate gate --help' for usage.")
	}
	if len(o.rules) == 0 {
		return usageError("gate: at least one --rule is required, e.g. --rule \"accuracy >= 0.9\"")
	}
	if !result.ValidID(o.id) {
		return usageError("gate: invalid --id %q: use letters, digits, '.', '-' and '_'", o.id)
	}
	res := gate.Run(cmd.Context(), gate.Options{
		ID:            o.id,
		Title:         o.title,
		CandidatePath: o.candidate,
		BaselinePath:  o.baseline,
		Rules:         o.rules,
		Now:           env.Now,
		ToolVersion:   version,
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
