package cli

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mlgate/mlgate/internal/config"
	"github.com/mlgate/mlgate/internal/result"
)

// gateConfig is a config of threshold gates over one metrics file in $DIR.
const gateConfig = `version: 1
results_dir: $DIR/results
gates:
  - id: quality
    kind: gate
    candidate: $DIR/metrics.json
    rule: accuracy >= 0.9
  - id: budgets
    kind: gate
    candidate: $DIR/metrics.json
    rules: [latency_ms <= 50]
report:
  platform: local
  markdown: $DIR/report.md
`

// runDir writes metrics.json and mlgate.yaml (the config) into a temp dir
// and returns it with an environment whose DIR points at it.
func runDir(t *testing.T, cfg string) (string, map[string]string) {
	t.Helper()
	dir := t.TempDir()
	writeFile(t, dir, "metrics.json", `{"accuracy": 0.93, "latency_ms": 70}`)
	writeFile(t, dir, "mlgate.yaml", cfg)
	return dir, map[string]string{"DIR": dir}
}

func readResult(t *testing.T, dir, id string) result.Result {
	t.Helper()
	r, err := result.ReadFile(filepath.Join(dir, id+".json"))
	if err != nil {
		t.Fatalf("result %s: %v", id, err)
	}
	return r
}

func TestRunKeepsGoingAndRecordsEveryGate(t *testing.T) {
	t.Parallel()
	// Two more gates: one whose input is missing, one that cannot run at all
	// (no rule: "mlgate gate" refuses its flags and writes no result).
	dir, env := runDir(t, strings.Replace(gateConfig, "report:", `  - id: broken
    kind: gate
    candidate: $DIR/missing.json
    rule: accuracy >= 0.9
  - id: no-rules
    kind: gate
    title: Rules forgotten
    candidate: $DIR/metrics.json
report:`, 1))
	results := filepath.Join(dir, "results")
	// A stale result from an earlier run must not stand in for no-rules.
	if err := os.MkdirAll(results, 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, results, "no-rules.json", `{"version":1,"id":"no-rules","gate":"gate","status":"pass","started_at":"2026-01-01T00:00:00Z","duration_ms":1,"tool":{"name":"mlgate","version":"old"}}`)

	code, out, errOut := run(t, env, "run", "--config", filepath.Join(dir, "mlgate.yaml"))
	if code != ExitError {
		t.Fatalf("exit %d, want 2 (a gate errored)\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	want := map[string]result.Status{"quality": result.Pass, "budgets": result.Fail, "broken": result.Error, "no-rules": result.Error}
	for id, status := range want {
		if r := readResult(t, results, id); r.Status != status {
			t.Errorf("%s: status %s, want %s (error %q)", id, r.Status, status, r.Error)
		}
	}
	nr := readResult(t, results, "no-rules")
	if !strings.Contains(nr.Error, "--rule") || nr.Title != "Rules forgotten" || nr.Gate != "gate" || nr.Tool.Name != "mlgate" {
		t.Errorf("error result of a gate that could not run: %+v", nr)
	}
	for _, want := range []string{
		"==> [1/4] quality: mlgate gate --id=quality --candidate=" + dir + "/metrics.json '--rule=accuracy >= 0.9'\n",
		"==> [4/4] no-rules: mlgate gate",
		"ran 4 gates: 2 error, 1 fail, 1 pass\n",
		"==> mlgate report --platform=local --markdown=" + dir + "/report.md\n",
		"verdict: ERROR (4 results)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("stdout lacks %q:\n%s", want, out)
		}
	}
	if md := mustRead(t, filepath.Join(dir, "report.md")); !strings.Contains(md, "no-rules") && !strings.Contains(md, "Rules forgotten") {
		t.Errorf("the report's options were not applied, or it lacks a gate:\n%s", md)
	}
}

func TestRunExitCodesOnlyAndSkip(t *testing.T) {
	t.Parallel()
	dir, env := runDir(t, gateConfig)
	results := filepath.Join(dir, "results")
	cfg := filepath.Join(dir, "mlgate.yaml")

	code, out, errOut := run(t, env, "run", "--config", cfg, "--only", "quality", "--no-report")
	if code != ExitPass {
		t.Fatalf("--only quality: exit %d\n%s%s", code, out, errOut)
	}
	if _, err := os.Stat(filepath.Join(results, "budgets.json")); !os.IsNotExist(err) {
		t.Errorf("--only ran another gate: %v", err)
	}
	if strings.Contains(out, "verdict:") {
		t.Errorf("--no-report still reported:\n%s", out)
	}

	code, out, _ = run(t, env, "run", "--config", cfg, "--skip", "quality")
	if code != ExitFail {
		t.Fatalf("--skip quality: exit %d, want 1\n%s", code, out)
	}
	if !strings.Contains(out, "[1/1] budgets") || strings.Contains(out, "] quality") {
		t.Errorf("--skip quality ran:\n%s", out)
	}

	for _, args := range [][]string{{"--only", "qualty"}, {"--skip", "nope"}} {
		code, out, errOut = run(t, env, append([]string{"run", "--config", cfg}, args...)...)
		if code != ExitError || !strings.Contains(errOut, "no gate has this id") || !strings.Contains(errOut, "ids: quality, budgets") {
			t.Errorf("%v: exit %d\n%s%s", args, code, out, errOut)
		}
		if strings.Contains(out, "==>") {
			t.Errorf("%v: gates ran after a usage error:\n%s", args, out)
		}
	}
	code, _, errOut = run(t, env, "run", "--config", cfg, "--only", "quality", "--skip", "quality")
	if code != ExitError || !strings.Contains(errOut, "leave no gate to run") {
		t.Errorf("--only and --skip of the same gate: exit %d, %s", code, errOut)
	}
}

func TestRunResultsDirPrecedence(t *testing.T) {
	t.Parallel()
	dir, env := runDir(t, gateConfig)
	cfg := filepath.Join(dir, "mlgate.yaml")
	flagDir, envDir := filepath.Join(dir, "from-flag"), filepath.Join(dir, "from-env")

	run(t, env, "run", "--config", cfg, "--only", "quality", "--no-report")
	readResult(t, filepath.Join(dir, "results"), "quality") // results_dir of the config

	run(t, env, "--results-dir", flagDir, "run", "--config", cfg, "--only", "quality", "--no-report")
	readResult(t, flagDir, "quality")

	env2 := map[string]string{"DIR": dir, "MLGATE_RESULTS_DIR": envDir}
	run(t, env2, "run", "--config", cfg, "--only", "quality", "--no-report")
	readResult(t, envDir, "quality")
}

func TestRunDataGateInGitHubActions(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	var csv strings.Builder
	csv.WriteString("age,city\n")
	for i := range 100 {
		fmt.Fprintf(&csv, "%d,%s\n", 20+i%40, []string{"Berlin", "Paris"}[i%2])
	}
	train := writeFile(t, dir, "train.csv", csv.String())
	schema := filepath.Join(dir, "schema.json")
	if code, out, errOut := run(t, nil, "data", "infer", "--data", train, "--schema-out", schema); code != 0 {
		t.Fatalf("infer: %d\n%s%s", code, out, errOut)
	}
	writeFile(t, dir, "metrics.json", `{"accuracy": 0.93}`)
	writeFile(t, dir, "mlgate.yaml", `version: 1
results_dir: ${DIR}/results
gates:
  - id: train-data
    kind: data
    data: [$DIR/train.csv]
    schema: $DIR/schema.json
    max_examples: 2
  - id: model
    kind: gate
    candidate: $DIR/metrics.json
    baseline: $DIR/${API_TOKEN}.json
    title: model ${API_TOKEN}
    rule: "accuracy >= 0.9"
  - id: broken
    kind: gate
    title: broken ${API_TOKEN}
    candidate: $DIR/metrics.json
report:
  platform: local
`)
	env := map[string]string{"DIR": dir, "GITHUB_ACTIONS": "true", "API_TOKEN": "tok-s3cr3t"}
	code, out, errOut := run(t, env, "run", "--config", filepath.Join(dir, "mlgate.yaml"))
	if code != ExitError {
		t.Fatalf("exit %d, want 2 (gate broken has no rule)\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	results := filepath.Join(dir, "results")
	if r := readResult(t, results, "train-data"); r.Gate != "data" || r.Status != result.Pass {
		t.Errorf("data gate: %+v", r)
	}
	if r := readResult(t, results, "model"); r.Status != result.Pass {
		t.Errorf("model gate: %+v", r)
	}
	// One log group per gate: the groups the data command opens itself are
	// dropped, as GitHub does not nest them. The report's verdict is not
	// folded away.
	if n, m := strings.Count(out, "::group::"), strings.Count(out, "::endgroup::"); n != 3 || m != 3 {
		t.Errorf("%d groups opened and %d closed, want 3 and 3:\n%s", n, m, out)
	}
	if i, j := strings.LastIndex(out, "::endgroup::"), strings.Index(out, "verdict: "); j < i {
		t.Errorf("the verdict is inside a group:\n%s", out)
	}
	if !strings.Contains(out, "::group::[1/3] train-data: mlgate data validate --id=train-data") {
		t.Errorf("no group for the data gate:\n%s", out)
	}
	// The token is masked: announced once with ::add-mask::, then never printed.
	if !strings.HasPrefix(out, "::add-mask::tok-s3cr3t\n") || strings.Count(out+errOut, "tok-s3cr3t") != 1 {
		t.Errorf("the secret leaks:\n%s\n%s", out, errOut)
	}
	if !strings.Contains(out, "--baseline="+dir+"/***.json") {
		t.Errorf("the masked value is not shown as ***:\n%s", out)
	}
	// Results feed the PR comment: the secret is masked in them too, in the
	// gate's own result and in the error result run writes.
	for _, id := range []string{"model", "broken"} {
		raw := mustRead(t, filepath.Join(results, id+".json"))
		if strings.Contains(raw, "tok-s3cr3t") || !strings.Contains(raw, id+" ***") {
			t.Errorf("result %s:\n%s", id, raw)
		}
	}
}

func TestRunConfigErrorsAllAtOnce(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cfg := writeFile(t, dir, "mlgate.yaml", `version: 1
results_dir: `+dir+`/results
gates:
  - id: model
    kind: gate
    candidate: m.json
    rule: "accuracy >= "
  - id: smoke
    kind: smoke
    timeout: soon
    cmd: python train.py --token $NO_SUCH_TOKEN
  - id: model
    kind: gate
    candidat: m.json
report:
  comment: true
`)
	code, out, errOut := run(t, nil, "run", "--config", cfg)
	if code != ExitError {
		t.Fatalf("exit %d, want 2", code)
	}
	for _, want := range []string{
		cfg + ": 6 problems:\n",
		cfg + ":7:11: rule \"accuracy >=\"",
		cfg + ":10:14: timeout: invalid value \"soon\" for --timeout",
		cfg + ":11:10: cmd: environment variable NO_SUCH_TOKEN is not set",
		cfg + ":12:9: duplicate id \"model\"",
		cfg + ":14:5: unknown option \"candidat\" for kind gate (mlgate gate); did you mean \"candidate\"?",
		cfg + ":16:12: comment: invalid value \"true\": want auto, always, on-failure or never",
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	if out != "" {
		t.Errorf("something ran:\n%s", out)
	}
	if _, err := os.Stat(filepath.Join(dir, "results")); !os.IsNotExist(err) {
		t.Errorf("results dir created by a run with a bad config: %v", err)
	}

	code, _, errOut = run(t, nil, "run", "--config", filepath.Join(dir, "nope.yaml"))
	if code != ExitError || !strings.Contains(errOut, "nope.yaml not found") {
		t.Errorf("missing config: exit %d, %s", code, errOut)
	}
}

// TestRunEvalStep: eval writes a metrics file and no result of its own, so
// run records its exit code; the next gate judges the metrics it wrote.
func TestRunEvalStep(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	var preds strings.Builder
	preds.WriteString("y,yhat\n")
	for i := range 200 {
		y, yhat := i%2, i%2
		if i%10 == 0 {
			yhat = 1 - y // 90% accuracy
		}
		fmt.Fprintf(&preds, "%d,%d\n", y, yhat)
	}
	writeFile(t, dir, "preds.csv", preds.String())
	writeFile(t, dir, "mlgate.yaml", `version: 1
results_dir: $DIR/results
gates:
  - id: evaluate
    kind: eval
    predictions: $DIR/preds.csv
    label: y
    prediction: yhat
    resamples: 50
    out: $DIR/metrics.json
  - id: model
    kind: gate
    candidate: $DIR/metrics.json
    rule: accuracy >= 0.85
  - id: eval-broken
    kind: eval
    predictions: $DIR/preds.csv
    label: nope
    prediction: yhat
    out: $DIR/other.json
`)
	code, out, errOut := run(t, map[string]string{"DIR": dir}, "run", "--config", filepath.Join(dir, "mlgate.yaml"), "--no-report")
	if code != ExitError {
		t.Fatalf("exit %d, want 2 (eval-broken)\n%s%s", code, out, errOut)
	}
	if !strings.Contains(out, "==> [1/3] evaluate: mlgate eval --predictions=") || strings.Contains(out, "eval --id") {
		t.Errorf("eval must run without --id:\n%s", out)
	}
	results := filepath.Join(dir, "results")
	if r := readResult(t, results, "evaluate"); r.Status != result.Pass || r.Gate != "eval" {
		t.Errorf("eval step: %+v", r)
	}
	if r := readResult(t, results, "model"); r.Status != result.Pass {
		t.Errorf("the gate on eval's metrics: %+v", r)
	}
	if r := readResult(t, results, "eval-broken"); r.Status != result.Error || !strings.Contains(r.Error, "nope") {
		t.Errorf("a failing eval step: %+v", r)
	}
}

func TestLogWriter(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	mask := func(s string) string { return strings.ReplaceAll(s, "hunter2", "***") }
	w := newLogWriter(&buf, []string{"hunter2"}, mask, true)
	for _, chunk := range []string{"pass: hun", "ter2\n::group::inner\n", "::add-mask::hunter2\n", "x\n::endgroup::\n", "tail hunter2"} {
		if _, err := w.Write([]byte(chunk)); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if got, want := buf.String(), "pass: ***\n::add-mask::hunter2\nx\ntail ***"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestQuoteArgs(t *testing.T) {
	t.Parallel()
	got := quoteArgs([]string{"gate", "--id=a", "--rule=x >= 1", "--title=it's", ""})
	if want := `gate --id=a '--rule=x >= 1' '--title=it'\''s' ''`; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

// BenchmarkLogWriter: every line a gate prints under "mlgate run" (a
// training log can be large) goes through the masking writer.
func BenchmarkLogWriter(b *testing.B) {
	src := "version: 1\ngates: [{id: a, kind: gate, title: $API_TOKEN, baseline: $MY_SECRET}]\n"
	getenv := func(k string) string {
		return map[string]string{"API_TOKEN": "tok-s3cr3t", "MY_SECRET": "another-secret-value"}[k]
	}
	cfg, err := config.Parse("b.yaml", []byte(src), getenv, configSpec(Env{Getenv: getenv}))
	if err != nil {
		b.Fatal(err)
	}
	if len(cfg.Secrets) != 2 {
		b.Fatalf("secrets %q", cfg.Secrets)
	}
	var chunk bytes.Buffer
	for i := range 1000 {
		fmt.Fprintf(&chunk, "epoch %d step %d loss 0.%04d lr 0.001 grad_norm 1.25\n", i/100, i, 9999-i)
		if i%100 == 0 {
			chunk.WriteString("posting with tok-s3cr3t\n")
		}
	}
	b.SetBytes(int64(chunk.Len()))
	b.ReportAllocs()
	for b.Loop() {
		w := newLogWriter(io.Discard, cfg.Secrets, cfg.Mask, true)
		if _, err := w.Write(chunk.Bytes()); err != nil {
			b.Fatal(err)
		}
	}
}

// TestRunGateConfigChecks: rules, simple models and CEL expressions of a
// gate are checked when the config loads, each error at its value.
func TestRunGateConfigChecks(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cfg := writeFile(t, dir, "mlgate.yaml", `version: 1
gates:
  - id: model
    kind: gate
    candidate: m.json
    simple: [majority]
    rules:
      - "accuracy: beats=linear"
    expr:
      - candidate.f1 >= baselin.f1
      - candidate.f1
`)
	code, _, errOut := run(t, nil, "run", "--config", cfg)
	if code != ExitError {
		t.Fatalf("exit %d, want 2", code)
	}
	for _, want := range []string{
		cfg + ":6:14: simple: \"majority\": want NAME=FILE",
		cfg + ":8:9: rule \"accuracy: beats=linear\": no simple model \"linear\"",
		cfg + ":10:25: expression \"candidate.f1 >= baselin.f1\": 1:17: undeclared reference to 'baselin'",
		cfg + ":11:9: expression \"candidate.f1\": must be a condition (bool)",
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
}

// TestRunPassesManualScoreToReport: score.manual declarations reach the
// report's ML Test Score section.
func TestRunPassesManualScoreToReport(t *testing.T) {
	t.Parallel()
	dir, env := runDir(t, gateConfig+`score:
  manual:
    - test: infra-7
      evidence: https://example.com/rollback-runbook
`)
	code, _, errOut := run(t, env, "run", "--config", filepath.Join(dir, "mlgate.yaml"))
	if code != ExitFail {
		t.Fatalf("exit %d, want 1 (a budget fails)\n%s", code, errOut)
	}
	md, err := os.ReadFile(filepath.Join(dir, "report.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(md), "ML Test Score") || !strings.Contains(string(md), "rollback-runbook") {
		t.Errorf("report lacks the ML Test Score with the manual evidence:\n%s", md)
	}
}
