package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/mlgate/mlgate/internal/monitor"
	"github.com/mlgate/mlgate/internal/platform/github"
	"github.com/mlgate/mlgate/internal/result"
)

// dispatchTimeout bounds the repository_dispatch call, retries and
// rate-limit waits included.
const dispatchTimeout = 5 * time.Minute

type monitorFlags struct {
	maxAge       string
	maxMissing   float64
	drift        []string
	dispatch     string
	dispatchRepo string
	rf           readFlags
}

func newMonitorCmd(env Env, g *globalOptions) *cobra.Command {
	var (
		o  monitor.Options
		mf monitorFlags
	)
	cmd := &cobra.Command{
		Use:   "monitor --data FILE... --reference-profile FILE [flags]",
		Short: "Compare serving data and predictions with training; decide whether to retrain",
		Long: `For scheduled workflows: compare a sample of what the model sees and predicts
in serving with the training profile, check the model's age, and decide
whether to retrain.

Checks (each one that exceeds its threshold is a reason to retrain):
  feature drift     every feature against the training profile, as in
                    "mlgate data validate": PSI > 0.2 on numeric columns,
                    L-infinity > 0.1 on categorical ones, KS p < 0.05 when a
                    side has fewer than 1,000 values (--drift-threshold)
  missing values    a column's share of missing values, or of NaN/Inf,
                    more than --max-missing (5 points) above the training data
  prediction shift  --prediction-column of the sample against the reference
                    profile's --reference-prediction-column (the label, say),
                    or against --reference-predictions files; skipped with a
                    notice when either is absent, unless a flag names them
  model age         --timestamp-field of --model-metadata (RFC 3339 or Unix
                    seconds) older than --max-age (30d)
  schema            with --schema, rows that break the data gate's schema

Verdict: result "monitor" (status warn when retraining is recommended, fail
with --fail-on-retrain, error when an input cannot be read) and the outputs
retrain (true/false) and retrain_reasons (one line, "; "-separated): step
outputs on GitHub Actions, lines on stdout elsewhere.

--dispatch EVENT sends a repository_dispatch event when retrain is true, to
--dispatch-repo or GITHUB_REPOSITORY, with GITHUB_TOKEN; the token needs
contents: write. A workflow with "on: repository_dispatch: types: [EVENT]"
then retrains; github.event.client_payload holds reasons, metrics, run_url.`,
		Example: `  # a weekly check of the serving log
  mlgate monitor --data serving-sample.jsonl --reference-profile train.profile.json \
    --reference-prediction-column target --model-metadata build/meta.json --max-age 30d

  # start the training workflow when a retrain is due
  mlgate monitor --data 'logs/*.jsonl.gz' --reference-profile train.profile.json \
    --schema schema.json --dispatch retrain

  # stricter drift thresholds, and fail the job instead of warning
  mlgate monitor --data sample.parquet --reference-profile train.profile.json \
    --drift-threshold psi=0.1,linf=0.05 --max-missing 0.01 --fail-on-retrain`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := mf.apply(cmd, &o); err != nil {
				return err
			}
			o.Now = env.Now
			endGroup := logGroup(env, "mlgate monitor "+o.ID)
			defer endGroup()
			return runMonitor(cmd.Context(), env, g, o, mf)
		},
	}
	f := cmd.Flags()
	f.StringArrayVar(&o.Data, "data", nil, "serving sample file or glob, repeatable: inputs and predictions")
	f.StringVar(&o.ReferenceProfile, "reference-profile", "", "training profile, from 'mlgate data infer --profile-out' (required)")
	f.StringVar(&o.Schema, "schema", "", "row schema to validate the sample with (optional)")
	f.StringVar(&o.PredictionColumn, "prediction-column", monitor.DefaultPredictionColumn, "column of the sample that holds predictions")
	f.StringVar(&o.ReferencePredictionColumn, "reference-prediction-column", "", "column to compare predictions with in the reference (default: --prediction-column)")
	f.StringArrayVar(&o.ReferencePredictions, "reference-predictions", nil, "file of the model's predictions on reference data, instead of the profile's column")
	f.StringVar(&o.ModelMetadata, "model-metadata", "", "model metadata JSON holding the training time")
	f.StringVar(&o.TimestampField, "timestamp-field", monitor.DefaultTimestampField, "field of the training time in --model-metadata (dots for nested fields)")
	f.StringVar(&mf.maxAge, "max-age", "30d", "largest model age: 30d, 2w, 36h")
	f.Float64Var(&mf.maxMissing, "max-missing", monitor.DefaultMaxMissing, "largest increase of a column's missing (or NaN/Inf) share over training, 0 to 1")
	f.StringArrayVar(&mf.drift, "drift-threshold", nil, "drift thresholds: NUMBER (PSI) or psi=X,js=X,linf=X,ks_alpha=X,measure=psi|js|linf; repeatable")
	f.StringArrayVar(&o.Ignore, "ignore-column", nil, "column left out of every check, repeatable (ids, timestamps)")
	f.StringVar(&mf.dispatch, "dispatch", "", "send a repository_dispatch event of this type when retrain is true")
	f.StringVar(&mf.dispatchRepo, "dispatch-repo", "", "repository to dispatch to, owner/name (default: GITHUB_REPOSITORY)")
	f.BoolVar(&o.FailOnRetrain, "fail-on-retrain", false, "fail (exit 1) when retraining is recommended, instead of warning")
	f.StringVar(&o.ID, "id", monitor.Kind, "result id")
	f.StringVar(&o.Title, "title", "", "title shown in the report")
	mf.rf.add(cmd)
	return cmd
}

// apply checks the flags and completes the options.
func (mf *monitorFlags) apply(cmd *cobra.Command, o *monitor.Options) error {
	if err := requireFlags(cmd, "data", "reference-profile"); err != nil {
		return err
	}
	if err := checkID("monitor", o.ID); err != nil {
		return err
	}
	age, err := monitor.ParseAge(mf.maxAge)
	if err != nil {
		return usageError("monitor: --max-age: %v", err)
	}
	o.MaxAge = age
	if !(mf.maxMissing >= 0 && mf.maxMissing <= 1) {
		return usageError("monitor: --max-missing %v: want a share from 0 to 1 (0.05 is 5 points)", mf.maxMissing)
	}
	o.MaxMissing = &mf.maxMissing
	if o.Drift, err = monitor.ParseDriftThresholds(mf.drift); err != nil {
		return usageError("monitor: --drift-threshold: %v", err)
	}
	if mf.dispatch != "" && len(mf.dispatch) > github.MaxEventTypeChars {
		return usageError("monitor: --dispatch: the event type is longer than GitHub's %d characters", github.MaxEventTypeChars)
	}
	if mf.dispatchRepo != "" && mf.dispatch == "" {
		return usageError("monitor: --dispatch-repo needs --dispatch EVENT_TYPE")
	}
	if o.PredictionColumn == "" {
		return usageError("monitor: --prediction-column is empty")
	}
	fl := cmd.Flags()
	o.RequirePredictions = fl.Changed("prediction-column") || fl.Changed("reference-prediction-column") || len(o.ReferencePredictions) > 0
	if o.Read, err = mf.rf.options(); err != nil {
		return err
	}
	return nil
}

// runMonitor runs the checks, dispatches, writes the result and outputs.
func runMonitor(ctx context.Context, env Env, g *globalOptions, o monitor.Options, mf monitorFlags) error {
	v := monitor.Run(ctx, o)
	res := v.Result
	dispatched := false
	if mf.dispatch != "" && v.Retrain && res.Status != result.Error {
		if err := dispatchRetrain(ctx, env, o.ID, v, mf); err != nil {
			res.Status, res.Error = result.Error, err.Error()
			res.Findings = append(res.Findings, result.Finding{Severity: result.SeverityError, Check: "monitor:dispatch", Message: err.Error()})
		} else {
			dispatched = true
			res.Findings = append(res.Findings, result.Finding{Severity: result.SeverityNotice, Check: "monitor:dispatch",
				Message: fmt.Sprintf("sent repository_dispatch %q to start retraining", mf.dispatch)})
		}
	}
	gateErr := finishGate(env, g.resultsDir, res)
	if v.Result.Status == result.Error {
		return gateErr
	}
	outputs := []github.Output{
		{Name: "retrain", Value: fmt.Sprint(v.Retrain)},
		{Name: "retrain_reasons", Value: strings.Join(v.Reasons, "; ")},
	}
	if mf.dispatch != "" {
		outputs = append(outputs, github.Output{Name: "dispatched", Value: fmt.Sprint(dispatched)})
	}
	if err := writeMonitorOutputs(env, outputs); err != nil {
		return exitCode(ExitError, err)
	}
	return gateErr
}

// writeMonitorOutputs sets step outputs on GitHub Actions and prints them
// as name=value lines elsewhere (or when GITHUB_OUTPUT is not set).
func writeMonitorOutputs(env Env, outputs []github.Output) error {
	if env.Getenv("GITHUB_ACTIONS") == "true" {
		err := github.WriteOutputs(env.Getenv, outputs...)
		if err == nil {
			fmt.Fprintf(env.Stdout, "step outputs: retrain=%s\n", outputs[0].Value)
			return nil
		}
		if !errors.Is(err, github.ErrNoOutputFile) {
			return err
		}
		fmt.Fprintln(env.Stdout, "::warning::GITHUB_OUTPUT is not set; the monitor outputs are printed instead")
	}
	for _, out := range outputs {
		fmt.Fprintf(env.Stdout, "%s=%s\n", out.Name, oneLine(out.Value))
	}
	return nil
}

// dispatchRetrain sends the repository_dispatch event with the reasons,
// the figures and a link to this run.
func dispatchRetrain(ctx context.Context, env Env, id string, v monitor.Verdict, mf monitorFlags) error {
	ctx, cancel := context.WithTimeout(ctx, dispatchTimeout)
	defer cancel()
	payload := map[string]any{
		"reasons":   v.Reasons,
		"metrics":   v.Metrics,
		"result_id": id,
		"source":    "mlgate monitor",
	}
	if u := runURL(env.Getenv); u != "" {
		payload["run_url"] = u
	}
	err := github.Dispatch(ctx, github.DispatchOptions{
		Getenv: env.Getenv, Stdout: env.Stdout, HTTPClient: env.HTTPClient,
		Repository: mf.dispatchRepo, EventType: mf.dispatch, ClientPayload: payload,
		Sleep: env.Sleep, Now: env.Now,
	})
	if err != nil {
		return err
	}
	repo := mf.dispatchRepo
	if repo == "" {
		repo = env.Getenv("GITHUB_REPOSITORY")
	}
	fmt.Fprintf(env.Stdout, "dispatched %q to %s\n", mf.dispatch, oneLine(repo))
	return nil
}

// runURL links to the current workflow run, or "" outside GitHub Actions.
func runURL(getenv func(string) string) string {
	server, repo, id := getenv("GITHUB_SERVER_URL"), getenv("GITHUB_REPOSITORY"), getenv("GITHUB_RUN_ID")
	if server == "" || repo == "" || id == "" {
		return ""
	}
	return strings.TrimSuffix(server, "/") + "/" + repo + "/actions/runs/" + id
}
