package actions

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// scriptCase is one run of an action script against the fake mlgate.
type scriptCase struct {
	name   string
	env    []string // MLGATE_IN_* inputs and anything else
	exit   string   // the fake mlgate's exit code, or one per call: "0,1"
	result string   // what the fake writes to the result file, if anything
	stale  string   // a result file left by an earlier run
	output string   // what the fake writes to GITHUB_OUTPUT, if anything

	wantCode    int
	wantCalls   [][]string // nil: mlgate must not run
	wantOutputs map[string]string
}

// runCases runs an action script (actions/NAME/NAME.sh) for every case,
// with the result file at .mlgate/results/ID.json.
func runCases(t *testing.T, script, id string, tests []scriptCase) {
	t.Helper()
	needTools(t, "bash")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			resultPath := filepath.Join(dir, ".mlgate", "results", id+".json")
			if tt.stale != "" {
				writeFile(t, resultPath, tt.stale, 0o644)
			}
			env := append([]string{
				"MLGATE_BIN=" + fakeMlgate(t, dir), "FAKE_ARGS=" + filepath.Join(dir, "args"), "FAKE_EXIT=" + tt.exit,
				"GITHUB_OUTPUT=" + filepath.Join(dir, "output"),
			}, tt.env...)
			if tt.result != "" {
				env = append(env, "FAKE_RESULT_PATH="+resultPath, "FAKE_RESULT="+tt.result)
			}
			if tt.output != "" {
				env = append(env, "FAKE_OUTPUT="+tt.output)
			}
			r := runScript(t, dir, script, env...)
			if r.code != tt.wantCode {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, tt.wantCode, r.stdout, r.stderr)
			}
			calls := fakeCalls(t, filepath.Join(dir, "args"))
			if !slices.EqualFunc(calls, tt.wantCalls, slices.Equal[[]string]) {
				t.Errorf("mlgate calls\n got %q\nwant %q", calls, tt.wantCalls)
			}
			out := outputs(t, filepath.Join(dir, "output"))
			for k, want := range tt.wantOutputs {
				if got, ok := out[k]; !ok || got != want {
					t.Errorf("output %s = %q (set: %v), want %q", k, got, ok, want)
				}
			}
			if _, err := os.Stat(filepath.Join(dir, "pwned")); err == nil {
				t.Error("an input was run as shell code")
			}
		})
	}
}

// gateOutputs are the outputs every gate action writes.
func gateOutputs(status, resultFile, code string) map[string]string {
	return map[string]string{"status": status, "result-file": resultFile, "exit-code": code}
}

// inject is an input value that would run `touch pwned` if a script ever
// gave it to a shell, and keeps quotes, spaces and $ that must survive.
const inject = `x; touch pwned $(touch pwned) "q" 'q' *`

func TestDataScript(t *testing.T) {
	t.Parallel()
	runCases(t, filepath.Join("data", "data.sh"), "data", []scriptCase{
		{
			name: "every input",
			env: []string{
				"MLGATE_IN_DATA=a.csv\n\n# shards\n 'shards/part-*.parquet' \n" + inject, "MLGATE_IN_SCHEMA=schema.json",
				"MLGATE_IN_REFERENCE_PROFILE=train.profile.json", "MLGATE_IN_PROFILE_OUT=new.profile.json",
				"MLGATE_IN_FORMAT=csv", "MLGATE_IN_MAX_EXAMPLES=3", "MLGATE_IN_TITLE=Serving data",
				"MLGATE_IN_ARGS=--enum-max\n20", "MLGATE_IN_ID=serving",
			},
			exit: "0", wantCode: 0,
			wantCalls: [][]string{{"--results-dir", ".mlgate/results", "data", "validate", "--id", "serving",
				"--data", "a.csv", "--data", "'shards/part-*.parquet'", "--data", inject,
				"--schema", "schema.json", "--reference-profile", "train.profile.json",
				"--profile-out", "new.profile.json", "--format", "csv", "--max-examples", "3",
				"--title", "Serving data", "--enum-max", "20"}},
			wantOutputs: gateOutputs("pass", "", "0"),
		},
		{
			name: "reference data, status from the result",
			env:  []string{"MLGATE_IN_DATA=new.csv", "MLGATE_IN_SCHEMA=s.json", "MLGATE_IN_REFERENCE=train-1.csv\ntrain-2.csv"},
			exit: "1", result: `{"version":1,"id":"data","status":"fail"}`, wantCode: 1,
			wantCalls: [][]string{{"--results-dir", ".mlgate/results", "data", "validate", "--id", "data",
				"--data", "new.csv", "--schema", "s.json", "--reference", "train-1.csv", "--reference", "train-2.csv"}},
			wantOutputs: gateOutputs("fail", ".mlgate/results/data.json", "1"),
		},
		{
			name: "warn passes the step",
			env:  []string{"MLGATE_IN_DATA=new.csv", "MLGATE_IN_SCHEMA=s.json"},
			exit: "0", result: `{"version":1,"id":"data","status":"warn"}`, wantCode: 0,
			wantCalls:   [][]string{{"--results-dir", ".mlgate/results", "data", "validate", "--id", "data", "--data", "new.csv", "--schema", "s.json"}},
			wantOutputs: gateOutputs("warn", ".mlgate/results/data.json", "0"),
		},
		{
			name: "a stale result is removed, not reported",
			env:  []string{"MLGATE_IN_DATA=new.csv", "MLGATE_IN_SCHEMA=s.json"},
			exit: "2", stale: `{"version":1,"id":"data","status":"pass"}`, wantCode: 2,
			wantCalls:   [][]string{{"--results-dir", ".mlgate/results", "data", "validate", "--id", "data", "--data", "new.csv", "--schema", "s.json"}},
			wantOutputs: gateOutputs("error", "", "2"),
		},
		{name: "no data", env: []string{"MLGATE_IN_DATA=\n# nothing\n", "MLGATE_IN_SCHEMA=s.json"}, wantCode: 2, wantOutputs: gateOutputs("error", "", "2")},
		{name: "no schema", env: []string{"MLGATE_IN_DATA=a.csv"}, wantCode: 2, wantOutputs: gateOutputs("error", "", "2")},
		{name: "id with a path", env: []string{"MLGATE_IN_DATA=a.csv", "MLGATE_IN_SCHEMA=s.json", "MLGATE_IN_ID=../x"}, wantCode: 2},
		{name: "results dir of two lines", env: []string{"MLGATE_IN_DATA=a.csv", "MLGATE_IN_SCHEMA=s.json", "MLGATE_IN_RESULTS_DIR=r\nstatus=pass"}, wantCode: 2},
	})
}

func TestSmokeScript(t *testing.T) {
	t.Parallel()
	regex := ` epoch (?P<step>\d+) loss (?P<loss>\S+)`
	runCases(t, filepath.Join("smoke", "smoke.sh"), "smoke", []scriptCase{
		{
			name: "every input",
			env: []string{
				"MLGATE_IN_COMMAND=python train.py --steps 50\n", "MLGATE_IN_LOSS_REGEX=" + regex + "\n",
				"MLGATE_IN_LOSS_FILE={run_dir}/m.jsonl", "MLGATE_IN_LOSS_KEY=train.loss", "MLGATE_IN_TFEVENTS=runs",
				"MLGATE_IN_TAG=train/loss", "MLGATE_IN_TIMEOUT=5m", "MLGATE_IN_MIN_DECREASE=0.2",
				"MLGATE_IN_CHANGED=ckpt/\nmodel.pt", "MLGATE_IN_TITLE=" + inject, "MLGATE_IN_ARGS=--alpha\n0.01",
			},
			exit: "0", result: `{"version":1,"id":"smoke","status":"pass"}`, wantCode: 0,
			wantCalls: [][]string{{"--results-dir", ".mlgate/results", "smoke", "--id", "smoke",
				"--cmd", "python train.py --steps 50", "--loss-regex", regex,
				"--loss-file", "{run_dir}/m.jsonl", "--loss-key", "train.loss", "--tfevents", "runs", "--tag", "train/loss",
				"--timeout", "5m", "--min-decrease", "0.2", "--changed", "ckpt/", "--changed", "model.pt",
				"--title", inject, "--alpha", "0.01"}},
			wantOutputs: gateOutputs("pass", ".mlgate/results/smoke.json", "0"),
		},
		{
			name: "failing loss fails the step",
			env:  []string{"MLGATE_IN_COMMAND=./train", "MLGATE_IN_LOSS_FILE=m.csv", "MLGATE_IN_RESULTS_DIR=out", "MLGATE_IN_ID=smoke"},
			exit: "1", wantCode: 1,
			wantCalls:   [][]string{{"--results-dir", "out", "smoke", "--id", "smoke", "--cmd", "./train", "--loss-file", "m.csv"}},
			wantOutputs: gateOutputs("fail", "", "1"),
		},
		{name: "no command", env: []string{"MLGATE_IN_COMMAND=  \n", "MLGATE_IN_LOSS_FILE=m.csv"}, wantCode: 2, wantOutputs: gateOutputs("error", "", "2")},
	})
}

func TestReproScript(t *testing.T) {
	t.Parallel()
	base := []string{"--results-dir", ".mlgate/results", "repro", "--id", "repro", "--cmd", "python train.py"}
	runCases(t, filepath.Join("repro", "repro.sh"), "repro", []scriptCase{
		{
			name: "two runs with tolerances",
			env: []string{"MLGATE_IN_COMMAND=python train.py", "MLGATE_IN_ARTIFACTS=model.npy\nmetrics.json",
				"MLGATE_IN_RUNS=3", "MLGATE_IN_ATOL=1e-9", "MLGATE_IN_RTOL=1e-6", "MLGATE_IN_WORKDIR=copy", "MLGATE_IN_TIMEOUT=1h"},
			exit: "0", result: `{"version":1,"id":"repro","status":"pass"}`, wantCode: 0,
			wantCalls: [][]string{append(slices.Clone(base), "--artifact", "model.npy", "--artifact", "metrics.json",
				"--runs", "3", "--atol", "1e-9", "--rtol", "1e-6", "--workdir", "copy", "--timeout", "1h")},
			wantOutputs: gateOutputs("pass", ".mlgate/results/repro.json", "0"),
		},
		{
			name: "kill and resume",
			env: []string{"MLGATE_IN_COMMAND=python train.py", "MLGATE_IN_ARTIFACTS=coef.npy", "MLGATE_IN_RESUME=true",
				"MLGATE_IN_RESUME_COMMAND=python train.py --resume", "MLGATE_IN_KILL_AT_STEP=10", "MLGATE_IN_KILL_AFTER=30s",
				"MLGATE_IN_LOSS_REGEX=loss (\\S+)", "MLGATE_IN_LOSS_FILE=m.jsonl"},
			exit: "1", result: `{"version":1,"id":"repro","status":"fail"}`, wantCode: 1,
			wantCalls: [][]string{append(slices.Clone(base), "--artifact", "coef.npy", "--resume",
				"--resume-cmd", "python train.py --resume", "--kill-at-step", "10", "--kill-after", "30s",
				"--loss-regex", "loss (\\S+)", "--loss-file", "m.jsonl")},
			wantOutputs: gateOutputs("fail", ".mlgate/results/repro.json", "1"),
		},
		{
			name: "resume false adds nothing",
			env:  []string{"MLGATE_IN_COMMAND=python train.py", "MLGATE_IN_ARTIFACTS=a", "MLGATE_IN_RESUME=false"},
			exit: "0", wantCode: 0,
			wantCalls: [][]string{append(slices.Clone(base), "--artifact", "a")},
		},
		{name: "resume not boolean", env: []string{"MLGATE_IN_COMMAND=x", "MLGATE_IN_ARTIFACTS=a", "MLGATE_IN_RESUME=yes"}, wantCode: 2, wantOutputs: gateOutputs("error", "", "2")},
		{name: "no artifacts", env: []string{"MLGATE_IN_COMMAND=x"}, wantCode: 2},
		{name: "no command", env: []string{"MLGATE_IN_ARTIFACTS=a"}, wantCode: 2},
	})
}

func TestCanaryScript(t *testing.T) {
	t.Parallel()
	const secret = "s3cr3t-model-token"
	runCases(t, filepath.Join("canary", "canary.sh"), "canary", []scriptCase{
		{
			name: "every input",
			env: []string{"MLGATE_IN_ENDPOINT=http://canary:8080", "MLGATE_IN_BASELINE_ENDPOINT=http://stable:8080",
				"MLGATE_IN_PROTOCOL=v2", "MLGATE_IN_MODEL=clf", "MLGATE_IN_GOLDEN=golden.jsonl", "MLGATE_IN_RPS=50",
				"MLGATE_IN_DURATION=30s", "MLGATE_IN_P50=20ms", "MLGATE_IN_P95=50ms", "MLGATE_IN_P99=80ms",
				"MLGATE_IN_MAX_ERROR_RATE=0.001", "MLGATE_IN_AGREEMENT=0.995", "MLGATE_IN_READY_TIMEOUT=2m",
				"MLGATE_IN_CA_FILE=ca.pem", "MLGATE_IN_HEADERS=Authorization: env:MODEL_TOKEN\nX-Team: ml",
				"MODEL_TOKEN=" + secret},
			exit: "0", result: `{"version":1,"id":"canary","status":"pass"}`, wantCode: 0,
			wantCalls: [][]string{{"--results-dir", ".mlgate/results", "canary", "--id", "canary",
				"--endpoint", "http://canary:8080", "--baseline-endpoint", "http://stable:8080", "--protocol", "v2",
				"--model", "clf", "--golden", "golden.jsonl", "--rps", "50", "--duration", "30s",
				"--p50", "20ms", "--p95", "50ms", "--p99", "80ms", "--max-error-rate", "0.001", "--agreement", "0.995",
				"--ready-timeout", "2m", "--ca-file", "ca.pem",
				"--header", "Authorization: env:MODEL_TOKEN", "--header", "X-Team: ml"}},
			wantOutputs: gateOutputs("pass", ".mlgate/results/canary.json", "0"),
		},
		{
			name: "unreachable service",
			env:  []string{"MLGATE_IN_ENDPOINT=http://canary:8080/predict"},
			exit: "2", result: `{"version":1,"id":"canary","status":"error"}`, wantCode: 2,
			wantCalls:   [][]string{{"--results-dir", ".mlgate/results", "canary", "--id", "canary", "--endpoint", "http://canary:8080/predict"}},
			wantOutputs: gateOutputs("error", ".mlgate/results/canary.json", "2"),
		},
		{name: "no endpoint", wantCode: 2, wantOutputs: gateOutputs("error", "", "2")},
	})
}

func TestEvalScript(t *testing.T) {
	t.Parallel()
	evalArgs := []string{"--results-dir", ".mlgate/results", "eval", "--predictions", "preds.csv",
		"--label", "y", "--prediction", "yhat", "--out", ".mlgate/eval/eval.json"}
	runCases(t, filepath.Join("eval", "eval.sh"), "eval", []scriptCase{
		{
			name: "metrics only",
			env: []string{"MLGATE_IN_PREDICTIONS=a.csv\nb.csv", "MLGATE_IN_LABEL=y", "MLGATE_IN_PREDICTION=yhat",
				"MLGATE_IN_SCORE=p", "MLGATE_IN_SLICES=gender\ncountry", "MLGATE_IN_TASK=binary", "MLGATE_IN_POSITIVE=yes",
				"MLGATE_IN_RESAMPLES=200", "MLGATE_IN_SEED=7", "MLGATE_IN_LEVEL=0.9", "MLGATE_IN_OUT=m.json",
				"MLGATE_IN_ARGS=--key\nid"},
			exit: "0", wantCode: 0,
			wantCalls: [][]string{{"--results-dir", ".mlgate/results", "eval", "--predictions", "a.csv", "--predictions", "b.csv",
				"--label", "y", "--prediction", "yhat", "--score", "p", "--slice", "gender", "--slice", "country",
				"--task", "binary", "--positive", "yes", "--resamples", "200", "--seed", "7", "--level", "0.9",
				"--out", "m.json", "--key", "id"}},
			wantOutputs: map[string]string{"metrics-file": "m.json", "status": "pass", "result-file": "", "exit-code": "0"},
		},
		{
			name: "metrics, then the gate on them",
			env: []string{"MLGATE_IN_PREDICTIONS=preds.csv", "MLGATE_IN_LABEL=y", "MLGATE_IN_PREDICTION=yhat",
				"MLGATE_IN_RULES=accuracy >= 0.9\n# floor\nf1: max_drop=0.01", "MLGATE_IN_BASELINE=main.json", "MLGATE_IN_TITLE=Model"},
			exit: "0,1", result: `{"version":1,"id":"eval","status":"fail"}`, wantCode: 1,
			wantCalls: [][]string{
				evalArgs,
				{"--results-dir", ".mlgate/results", "gate", "--id", "eval", "--candidate", ".mlgate/eval/eval.json",
					"--baseline", "main.json", "--title", "Model", "--rule", "accuracy >= 0.9", "--rule", "f1: max_drop=0.01"},
			},
			wantOutputs: map[string]string{"metrics-file": ".mlgate/eval/eval.json", "status": "fail",
				"result-file": ".mlgate/results/eval.json", "exit-code": "1"},
		},
		{
			name: "eval fails: no gate, no stale result",
			env: []string{"MLGATE_IN_PREDICTIONS=preds.csv", "MLGATE_IN_LABEL=y", "MLGATE_IN_PREDICTION=yhat",
				"MLGATE_IN_RULES=accuracy >= 0.9"},
			exit: "2", stale: `{"version":1,"id":"eval","status":"pass"}`, wantCode: 2,
			wantCalls:   [][]string{evalArgs},
			wantOutputs: map[string]string{"status": "error", "result-file": "", "exit-code": "2"},
		},
		{name: "no label", env: []string{"MLGATE_IN_PREDICTIONS=p.csv", "MLGATE_IN_PREDICTION=yhat"}, wantCode: 2},
		{name: "no prediction", env: []string{"MLGATE_IN_PREDICTIONS=p.csv", "MLGATE_IN_LABEL=y"}, wantCode: 2},
		{name: "no predictions", env: []string{"MLGATE_IN_LABEL=y", "MLGATE_IN_PREDICTION=yhat"}, wantCode: 2},
		{name: "out of two lines", env: []string{"MLGATE_IN_PREDICTIONS=p.csv", "MLGATE_IN_LABEL=y", "MLGATE_IN_PREDICTION=yhat",
			"MLGATE_IN_OUT=m.json\nstatus=pass"}, wantCode: 2},
	})
}

func TestMonitorScript(t *testing.T) {
	t.Parallel()
	const token = "ghs_monitortokenmonitortoken"
	runCases(t, filepath.Join("monitor", "monitor.sh"), "monitor", []scriptCase{
		{
			name: "retrain recommended, dispatched",
			env: []string{"MLGATE_IN_DATA=serving/*.jsonl", "MLGATE_IN_REFERENCE_PROFILE=train.profile.json",
				"MLGATE_IN_SCHEMA=schema.json", "MLGATE_IN_PREDICTION_COLUMN=prediction",
				"MLGATE_IN_REFERENCE_PREDICTIONS=train-preds.csv", "MLGATE_IN_MODEL_METADATA=model/meta.json",
				"MLGATE_IN_TIMESTAMP_FIELD=trained_at", "MLGATE_IN_MAX_AGE=30d", "MLGATE_IN_MAX_MISSING=0.1",
				"MLGATE_IN_DRIFT_THRESHOLD=0.2\npsi=0.25,measure=psi", "MLGATE_IN_DISPATCH=retrain",
				"MLGATE_IN_DISPATCH_REPO=acme/model", "MLGATE_IN_FAIL_ON_RETRAIN=false", "GITHUB_TOKEN=" + token},
			exit: "0", result: `{"version":1,"id":"monitor","status":"warn"}`,
			output:   "retrain=true\nretrain_reasons=drift in age; model older than 30d",
			wantCode: 0,
			wantCalls: [][]string{{"--results-dir", ".mlgate/results", "monitor", "--id", "monitor",
				"--data", "serving/*.jsonl", "--reference-profile", "train.profile.json", "--schema", "schema.json",
				"--prediction-column", "prediction", "--reference-predictions", "train-preds.csv",
				"--model-metadata", "model/meta.json", "--timestamp-field", "trained_at", "--max-age", "30d",
				"--max-missing", "0.1", "--drift-threshold", "0.2", "--drift-threshold", "psi=0.25,measure=psi",
				"--dispatch", "retrain", "--dispatch-repo", "acme/model"}},
			wantOutputs: map[string]string{"status": "warn", "result-file": ".mlgate/results/monitor.json", "exit-code": "0",
				"retrain": "true", "retrain_reasons": "drift in age; model older than 30d"},
		},
		{
			name: "fail on retrain",
			env:  []string{"MLGATE_IN_DATA=s.csv", "MLGATE_IN_REFERENCE_PROFILE=p.json", "MLGATE_IN_FAIL_ON_RETRAIN=true"},
			exit: "1", result: `{"version":1,"id":"monitor","status":"fail"}`, wantCode: 1,
			wantCalls: [][]string{{"--results-dir", ".mlgate/results", "monitor", "--id", "monitor",
				"--data", "s.csv", "--reference-profile", "p.json", "--fail-on-retrain"}},
			wantOutputs: gateOutputs("fail", ".mlgate/results/monitor.json", "1"),
		},
		{name: "fail-on-retrain not boolean", env: []string{"MLGATE_IN_DATA=s.csv", "MLGATE_IN_REFERENCE_PROFILE=p.json", "MLGATE_IN_FAIL_ON_RETRAIN=1"}, wantCode: 2},
		{name: "no reference profile", env: []string{"MLGATE_IN_DATA=s.csv"}, wantCode: 2},
		{name: "no data", env: []string{"MLGATE_IN_REFERENCE_PROFILE=p.json"}, wantCode: 2},
	})
}

func TestRunScript(t *testing.T) {
	t.Parallel()
	needTools(t, "bash")
	const token = "ghs_runtokenruntokenruntoken"
	tests := []struct {
		name      string
		env       []string
		config    bool // write mlgate.yaml
		exit      string
		wantCode  int
		wantArgs  []string // nil: mlgate must not run
		wantExitO string   // the exit-code output
	}{
		{name: "defaults", config: true, exit: "0", wantCode: 0, wantExitO: "0",
			wantArgs: []string{"run", "--config", "mlgate.yaml"}},
		{
			name: "every input", config: true, exit: "0", wantCode: 0, wantExitO: "0",
			env: []string{"MLGATE_IN_CONFIG=ci/mlgate.yaml", "MLGATE_IN_ONLY=data\nmodel", "MLGATE_IN_SKIP=canary",
				"MLGATE_IN_RESULTS_DIR=out", "MLGATE_IN_REPORT=false"},
			wantArgs: []string{"--results-dir", "out", "run", "--config", "ci/mlgate.yaml",
				"--only", "data", "--only", "model", "--skip", "canary", "--no-report"},
		},
		{name: "a failed gate fails the step", config: true, exit: "1", wantCode: 1, wantExitO: "1",
			wantArgs: []string{"run", "--config", "mlgate.yaml"}},
		{name: "fail-on-gates false", config: true, env: []string{"MLGATE_IN_FAIL_ON_GATES=false"}, exit: "2", wantCode: 0, wantExitO: "2",
			wantArgs: []string{"run", "--config", "mlgate.yaml"}},
		{name: "blank booleans are their defaults", config: true, env: []string{"MLGATE_IN_FAIL_ON_GATES= ", "MLGATE_IN_REPORT= "}, exit: "1",
			wantCode: 1, wantExitO: "1", wantArgs: []string{"run", "--config", "mlgate.yaml"}},
		{name: "no config file", exit: "0", wantCode: 2, wantExitO: "2"},
		{name: "report not boolean", config: true, env: []string{"MLGATE_IN_REPORT=no"}, wantCode: 2, wantExitO: "2"},
		{name: "fail-on-gates not boolean", config: true, env: []string{"MLGATE_IN_FAIL_ON_GATES=1"}, wantCode: 2, wantExitO: "2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			if tt.config {
				writeFile(t, filepath.Join(dir, "mlgate.yaml"), "version: 1\n", 0o644)
				writeFile(t, filepath.Join(dir, "ci", "mlgate.yaml"), "version: 1\n", 0o644)
			}
			env := append([]string{
				"MLGATE_BIN=" + fakeMlgate(t, dir), "FAKE_ARGS=" + filepath.Join(dir, "args"), "FAKE_EXIT=" + tt.exit,
				"GITHUB_OUTPUT=" + filepath.Join(dir, "output"), "GITHUB_TOKEN=" + token,
			}, tt.env...)
			r := runScript(t, dir, filepath.Join("run", "run.sh"), env...)
			if r.code != tt.wantCode {
				t.Errorf("exit %d, want %d\nstdout:\n%s", r.code, tt.wantCode, r.stdout)
			}
			got := fakeArgs(t, filepath.Join(dir, "args"))
			if !slices.Equal(got, tt.wantArgs) {
				t.Errorf("mlgate args\n got %q\nwant %q", got, tt.wantArgs)
			}
			if o := outputs(t, filepath.Join(dir, "output"))["exit-code"]; o != tt.wantExitO {
				t.Errorf("exit-code output %q, want %q", o, tt.wantExitO)
			}
			if strings.Contains(strings.Join(got, " ")+r.stdout+r.stderr, token) {
				t.Error("the token was passed on the command line or printed")
			}
		})
	}
}

// A value printed in a log line or annotation cannot start a line of its own,
// where the runner would read it as a workflow command.
func TestRunScriptEscapesWorkflowCommands(t *testing.T) {
	t.Parallel()
	needTools(t, "bash")
	dir := t.TempDir()
	r := runScript(t, dir, filepath.Join("run", "run.sh"),
		"MLGATE_BIN=/bin/false", "MLGATE_IN_CONFIG=x.yaml\n::add-mask::oops\n%0A")
	if r.code != 2 {
		t.Fatalf("exit %d, want 2", r.code)
	}
	for _, line := range strings.Split(r.stdout, "\n") {
		if strings.HasPrefix(line, "::add-mask::") {
			t.Errorf("a forged workflow command reached the log: %q", line)
		}
	}
	if !strings.Contains(r.stdout, "x.yaml%0A::add-mask::oops%0A%250A") {
		t.Errorf("the config name is not percent-encoded in %q", r.stdout)
	}
}
