package gate

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mlgate/mlgate/internal/result"
)

// write creates a file under dir and returns its path.
func write(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// runOpt runs the gate with a fixed clock and checks the result contract.
func runOpt(t *testing.T, opt Options) result.Result {
	t.Helper()
	if opt.Now == nil {
		opt.Now = fakeClock()
	}
	res := Run(context.Background(), opt)
	checkResult(t, res)
	return res
}

// lines renders the metrics as "STATUS NAME: MESSAGE".
func lines(res result.Result) []string {
	var out []string
	for _, m := range res.Metrics {
		out = append(out, string(m.Status)+" "+m.Name+": "+m.Message)
	}
	return out
}

func wantLines(t *testing.T, res result.Result, want ...string) {
	t.Helper()
	got := lines(res)
	if res.Status == result.Error && len(res.Metrics) == 0 {
		t.Fatalf("error result: %s", res.Error)
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("metrics:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

const evalJSON = `{
  "task": "binary", "n": 1200,
  "accuracy": 0.9, "recall": 0.8,
  "intervals": {"accuracy": {"lo": 0.88, "hi": 0.92, "level": 0.95}},
  "slices": {"sex": {
    "F": {"n": 600, "recall": 0.84, "accuracy": 0.91},
    "M": {"n": 580, "recall": 0.76, "accuracy": 0.9},
    "X": {"n": 20, "recall": 0.2},
    "U": {"n": 40, "recall": null}
  }}
}`

func TestSlices(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cand := write(t, dir, "eval.json", evalJSON)
	res := runOpt(t, Options{CandidatePaths: []string{cand}, Rules: []string{
		"recall: slice=sex, min=0.78",
		"recall: slice=sex, max_gap=0.05",
		"accuracy: slice=sex, max_gap=0.05, min_size=10",
		"recall: slice=country, max_gap=0.1",
	}})
	wantLines(t, res,
		"pass recall[sex=F]: 0.84 >= 0.78 (n=600)",
		"fail recall[sex=M]: 0.76 < 0.78 (want min=0.78) (n=580)",
		"skip recall[sex=U]: recall is undefined on this slice (n=40)",
		"skip recall[sex=X]: n=20 < min_size=30: not judged",
		"skip recall[sex=U]: recall is undefined on this slice (n=40)",
		"skip recall[sex=X]: n=20 < min_size=30: not judged",
		"fail gap recall[sex]: gap 0.08 > max_gap=0.05: best sex=F 0.84, worst sex=M 0.76 over 2 slices",
		"skip accuracy[sex=U]: accuracy is undefined on this slice (n=40)",
		"skip accuracy[sex=X]: accuracy is undefined on this slice (n=20)",
		"pass gap accuracy[sex]: gap 0.01 <= max_gap=0.05: best sex=F 0.91, worst sex=M 0.9 over 2 slices",
		"fail recall[country]: no slices of country in "+cand+" (compute them with mlgate eval --slice country)",
	)
	if res.Status != result.Fail {
		t.Errorf("status %s; want fail", res.Status)
	}
	if !strings.Contains(strings.Join(res.MLTests, ","), "model-6") || !strings.Contains(strings.Join(res.MLTests, ","), "model-7") {
		t.Errorf("ml tests %v; want model-6 and model-7", res.MLTests)
	}
}

func TestSliceGapNeedsTwoSlices(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cand := write(t, dir, "eval.json", `{"slices": {"g": {"a": {"n": 100, "f1": 0.5}, "b": {"n": 5, "f1": 0.1}}}}`)
	res := runOpt(t, Options{CandidatePaths: []string{cand}, Rules: []string{"f1: slice=g, max_gap=0.1"}})
	wantLines(t, res,
		"skip f1[g=b]: n=5 < min_size=30: not judged",
		"warn gap f1[g]: fewer than 2 slices with at least min_size=30 examples and a value: no gap to judge")
}

func TestThresholdInterval(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cand := write(t, dir, "eval.json", evalJSON)
	res := runOpt(t, Options{CandidatePaths: []string{cand}, Rules: []string{"accuracy: min=0.85, max=0.95", "recall >= 0.5"}})
	wantLines(t, res, "pass accuracy: 0.9 within [0.85, 0.95]", "pass recall: 0.8 >= 0.5")
	iv := res.Metrics[0].Interval
	if iv == nil || iv.Lo != 0.88 || iv.Hi != 0.92 || iv.Level != 0.95 || iv.Of != "value" {
		t.Errorf("interval = %+v; want [0.88, 0.92] at 0.95 of value", iv)
	}
	if res.Metrics[1].Interval != nil {
		t.Errorf("recall has an interval %+v; the file gives none", res.Metrics[1].Interval)
	}
}

func TestBeats(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cand := write(t, dir, "cand.json", `{"accuracy": 0.9, "log_loss": 0.3, "f1": 0.7}`)
	maj := write(t, dir, "majority.json", `{"accuracy": 0.62, "log_loss": 0.66}`)
	lin := write(t, dir, "linear.yaml", "accuracy: 0.89\nlog_loss: 0.25\nf1: 0.7\n")
	res := runOpt(t, Options{CandidatePaths: []string{cand}, Simple: map[string]string{"majority": maj, "linear": lin}, Rules: []string{
		"accuracy: beats=majority, margin=0.05",
		"log_loss: beats=majority",
		"accuracy: beats=linear, margin=0.02",
		"log_loss: beats=linear",
		"f1: beats=linear",
		"f1: beats=majority",
	}})
	wantLines(t, res,
		"pass accuracy vs majority: beats majority (0.62) by 0.28; margin 0.05",
		"pass log_loss vs majority: beats majority (0.66) by 0.36; margin 0",
		"fail accuracy vs linear: beats linear (0.89) by only 0.01; want a margin of 0.02",
		"fail log_loss vs linear: does not beat the simple model linear (0.3 vs 0.25): a simpler model is as good",
		"fail f1 vs linear: does not beat the simple model linear (0.7 vs 0.7): a simpler model is as good",
		"fail f1 vs majority: simple model majority has no f1 in "+maj,
	)
	if !strings.Contains(strings.Join(res.MLTests, ","), "model-5") {
		t.Errorf("ml tests %v; want model-5", res.MLTests)
	}
}

func TestBeatsUnknownSimpleModel(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cand := write(t, dir, "cand.json", `{"accuracy": 0.9}`)
	res := runOpt(t, Options{CandidatePaths: []string{cand}, Rules: []string{"accuracy: beats=majority"}})
	if res.Status != result.Error || !strings.Contains(res.Error, `no simple model "majority"; give its metrics with --simple majority=FILE`) {
		t.Errorf("status %s error %q", res.Status, res.Error)
	}
}

func TestHistory(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	hist := write(t, dir, "releases.jsonl", `{"version":"v1","time":"2026-01-01T00:00:00Z","metrics":{"auc":0.90,"loss":0.5}}
{"version":"v2","time":"2026-02-01T00:00:00Z","metrics":{"auc":0.93}}

{"version":"v3","time":"2026-03-01T00:00:00Z","metrics":{"auc":0.91,"loss":0.4}}
`)
	cand := write(t, dir, "cand.json", `{"auc": 0.915, "loss": 0.45}`)
	res := runOpt(t, Options{CandidatePaths: []string{cand}, HistoryPath: hist, Rules: []string{
		"auc: max_below_best=0.01",
		"auc: max_below_best=0.02, last=2",
		"auc: max_below_best=0.01, last=1",
		"loss: max_below_best=0.01",
	}})
	wantLines(t, res,
		"fail auc: 0.015 worse than the best of the last 3 releases (v2: 0.93); over max_below_best=0.01",
		"pass auc: 0.015 worse than the best of the last 2 releases (v2: 0.93); within max_below_best=0.02",
		"pass auc: at least as good as the best of the last 1 releases (v3: 0.91)",
		"fail loss: 0.05 worse than the best of the last 2 releases (v3: 0.4); over max_below_best=0.01",
	)
	if len(res.Charts) != 2 {
		t.Fatalf("%d charts; want one per metric with a history rule", len(res.Charts))
	}
	c := res.Charts[0]
	if strings.Join(c.X, ",") != "v1,v2,v3,candidate" || len(c.Series) != 1 || len(c.Series[0].Values) != 4 || c.Series[0].Values[3] != 0.915 {
		t.Errorf("chart = %+v", c)
	}
}

func TestHistoryAppend(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	hist := filepath.Join(dir, "releases.jsonl")
	cand := write(t, dir, "cand.json", `{"auc": 0.9, "intervals": {"auc": {"lo": 0.8, "hi": 0.95, "level": 0.95}}}`)
	env := func(k string) string {
		if k == "GITHUB_SHA" {
			return "abc123"
		}
		return ""
	}
	opt := Options{CandidatePaths: []string{cand}, HistoryPath: hist, AppendHistory: "v1", Getenv: env,
		Rules: []string{"auc: max_below_best=0.01"}}
	res := runOpt(t, opt)
	wantLines(t, res, "warn auc: no release in "+hist+" has auc yet: nothing to compare with")
	h, err := ReadHistory(hist)
	if err != nil {
		t.Fatal(err)
	}
	if len(h) != 1 || h[0].Version != "v1" || h[0].Commit != "abc123" || h[0].Metrics["auc"] != 0.9 || len(h[0].Metrics) != 1 ||
		!h[0].Time.Equal(time.Date(2025, 3, 1, 11, 0, 0, 1500000, time.UTC)) {
		t.Fatalf("history = %+v", h)
	}
	// The same version twice is an error; a failing gate records nothing.
	res = runOpt(t, opt)
	if res.Status != result.Error || !strings.Contains(res.Error, "already has a release v1") {
		t.Errorf("second append: status %s error %q", res.Status, res.Error)
	}
	write(t, dir, "cand.json", `{"auc": 0.5}`)
	opt.AppendHistory = "v2"
	res = runOpt(t, opt)
	if res.Status != result.Fail {
		t.Fatalf("status %s; want fail", res.Status)
	}
	if h, _ := ReadHistory(hist); len(h) != 1 {
		t.Errorf("a failing gate recorded a release: %+v", h)
	}
	if f := res.Findings[len(res.Findings)-1]; !strings.Contains(f.Message, "release v2 not recorded") {
		t.Errorf("last finding %q; want a note that v2 was not recorded", f.Message)
	}
}

func TestHistoryErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	hist := write(t, dir, "h.jsonl", "{\"version\":\"v1\",\"metrics\":{}}\n{\"version\": \"v2\", \"metrics\": {\"auc\": \"x\"}}\n")
	cand := write(t, dir, "cand.json", `{"auc": 0.9}`)
	res := runOpt(t, Options{CandidatePaths: []string{cand}, HistoryPath: hist, Rules: []string{"auc: max_below_best=0.01"}})
	if res.Status != result.Error || !strings.Contains(res.Error, hist+":2: invalid history entry") {
		t.Errorf("status %s error %q", res.Status, res.Error)
	}
	res = runOpt(t, Options{CandidatePaths: []string{cand}, Rules: []string{"auc: max_below_best=0.01"}})
	if res.Status != result.Error || !strings.Contains(res.Error, "a history rule needs --history FILE") {
		t.Errorf("status %s error %q", res.Status, res.Error)
	}
}

func TestMetricsFormats(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	toml := write(t, dir, "m.toml", "accuracy = 0.91\n[eval]\nauc = 0.95\nn = 3\n")
	csv := write(t, dir, "m.csv", "name,value\nlatency_p95_ms,41.5\nthroughput_rps, 250\n")
	run := write(t, dir, "mlruns/0/abc/metrics/val_loss", "1700000000000 0.9 0\n1700000000500 0.4 2\n1700000000100 0.6 1\n")
	write(t, dir, "mlruns/0/abc/metrics/eval/f1", "1700000000000 0.8 0\n")
	res := runOpt(t, Options{CandidatePaths: []string{toml, csv, filepath.Dir(filepath.Dir(run))}, Rules: []string{
		"accuracy >= 0.9", "eval.auc >= 0.9", "latency_p95_ms <= 50", "throughput_rps >= 200", "val_loss <= 0.5", "eval/f1 >= 0.8",
	}})
	wantLines(t, res,
		"pass accuracy: 0.91 >= 0.9",
		"pass eval.auc: 0.95 >= 0.9",
		"pass latency_p95_ms: 41.5 <= 50",
		"pass throughput_rps: 250 >= 200",
		"pass val_loss: 0.4 <= 0.5",
		"pass eval/f1: 0.8 >= 0.8",
	)
	if res.Findings != nil {
		t.Errorf("findings %v", res.Findings)
	}
	if got := res.Metrics[2]; got.Name != "latency_p95_ms" {
		t.Errorf("metric %v", got)
	}
}

func TestMetricsFormatErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, tt := range []struct{ name, content, want string }{
		{"bad.csv", "a,1\nb,x\n", "bad.csv:2:3: metric b: value \"x\" is not a number"},
		{"dup.csv", "a,1\na,2\n", "bad.csv:2:1: duplicate metric \"a\" (first at line 1)"},
		{"ragged.csv", "a,1,2\n", "ragged.csv:1: 3 fields; want name,value"},
		{"bad.toml", "a = 1\nb = \n", "bad.toml:2"},
	} {
		p := write(t, dir, tt.name, tt.content)
		_, err := LoadMetrics(p)
		want := strings.Replace(tt.want, "bad.csv", tt.name, 1)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: error %v; want %q", tt.name, err, want)
		}
	}
	if _, err := LoadMetrics(dir); err == nil || !strings.Contains(err.Error(), "not an MLflow run") {
		t.Errorf("plain dir: error %v", err)
	}
}

func TestResultFileAsMetrics(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	r := result.Result{Version: result.Version, ID: "canary", Gate: "canary", Status: result.Pass, Tool: result.Tool{Name: "mlgate", Version: "x"},
		StartedAt: time.Now().UTC(), Metrics: []result.Metric{
			{Name: "latency_p95_ms", Value: result.F(38)},
			{Name: "error_rate", Value: result.F(0)},
			{Name: "missing", Value: nil},
		}}
	path, err := result.Write(dir, r)
	if err != nil {
		t.Fatal(err)
	}
	res := runOpt(t, Options{CandidatePaths: []string{path}, Rules: []string{"latency_p95_ms <= 50", "error_rate <= 0.01"}})
	wantLines(t, res, "pass latency_p95_ms: 38 <= 50", "pass error_rate: 0 <= 0.01")
	if !strings.Contains(strings.Join(res.MLTests, ","), "monitor-6") {
		t.Errorf("ml tests %v; want monitor-6 for a latency budget", res.MLTests)
	}
	// A results dir of an earlier run is a baseline: its <id>.json.
	prev := t.TempDir()
	old := result.Result{Version: result.Version, ID: "model", Gate: "gate", Status: result.Pass, Tool: result.Tool{Name: "mlgate", Version: "x"},
		StartedAt: time.Now().UTC(), Metrics: []result.Metric{{Name: "latency_p95_ms", Value: result.F(30)}}}
	if _, err := result.Write(prev, old); err != nil {
		t.Fatal(err)
	}
	res = runOpt(t, Options{ID: "model", CandidatePaths: []string{path}, BaselinePath: prev, Rules: []string{"latency_p95_ms: max_drop_pct=10"}})
	wantLines(t, res, "fail latency_p95_ms: rose 8 from 30 (+26.7%); over max_drop_pct=10")
}

func TestAmbiguousMetric(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	a := write(t, dir, "a.json", `{"f1": 0.9}`)
	b := write(t, dir, "b.json", `{"f1": 0.8}`)
	res := runOpt(t, Options{CandidatePaths: []string{a, b}, Rules: []string{"f1 >= 0.5"}})
	if res.Status != result.Error || !strings.Contains(res.Error, "metric f1 is in both "+a+" and "+b) {
		t.Errorf("status %s error %q", res.Status, res.Error)
	}
}

func TestDerivedMetrics(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	model := write(t, dir, "model.bin", strings.Repeat("x", 2_500_000))
	meta := write(t, dir, "meta.json", `{"model": {"trained_at": "2025-02-20T11:00:00Z"}}`)
	cand := write(t, dir, "cand.json", `{"rps": 200}`)
	res := runOpt(t, Options{CandidatePaths: []string{cand}, ModelFile: model, ModelMetadata: meta, TimestampField: "model.trained_at",
		CostPerHour: 0.72, ThroughputMetric: "rps",
		Rules: []string{"model.size_mb <= 2", "model.age_days <= 30", "model.age_days <= 5", "cost_per_1k <= 0.002"}})
	wantLines(t, res,
		"fail model.size_mb: 2.5 > 2 (want <= 2)",
		"pass model.age_days: 9 <= 30",
		"fail model.age_days: 9 > 5 (want <= 5)",
		"pass cost_per_1k: 0.001 <= 0.002",
	)
	if f := res.Findings[0].Location; f == nil || f.File != model {
		t.Errorf("size finding points at %+v; want the model file", f)
	}
	if !strings.Contains(strings.Join(res.MLTests, ","), "monitor-4") {
		t.Errorf("ml tests %v; want monitor-4 for staleness", res.MLTests)
	}
	// Unix seconds, and a field that is not a time.
	write(t, dir, "meta.json", `{"trained_at": 1740826800, "bad": true}`)
	res = runOpt(t, Options{CandidatePaths: []string{cand}, ModelMetadata: meta, Rules: []string{"model.age_days <= 1"}})
	wantLines(t, res, "pass model.age_days: 1.73611e-08 <= 1") // the clock moved 1.5 ms
	res = runOpt(t, Options{CandidatePaths: []string{cand}, ModelMetadata: meta, TimestampField: "bad", Rules: []string{"model.age_days <= 1"}})
	if res.Status != result.Error || !strings.Contains(res.Error, "bad is a boolean (true); want an RFC 3339 time or Unix seconds") {
		t.Errorf("status %s error %q", res.Status, res.Error)
	}
}

func TestExpr(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cand := write(t, dir, "cand.json", `{"f1": 0.9, "latency_p95_ms": 40, "eval": {"auc": 0.95}}`)
	base := write(t, dir, "base.json", `{"f1": 0.92}`)
	simple := write(t, dir, "maj.json", `{"f1": 0.5}`)
	res := runOpt(t, Options{CandidatePaths: []string{cand}, BaselinePath: base, Simple: map[string]string{"majority": simple}, Exprs: []string{
		"candidate.f1 >= baseline.f1 - 0.05 && candidate.latency_p95_ms < 50",
		"candidate.f1 >= baseline.f1",
		"candidate.eval.auc > simple.majority.f1",
		"candidate.f2 > 0.5",
	}})
	wantLines(t, res,
		"pass expr: holds: baseline.f1=0.92, candidate.f1=0.9, candidate.latency_p95_ms=40",
		"fail expr: does not hold: baseline.f1=0.92, candidate.f1=0.9",
		"pass expr: holds: candidate.eval.auc=0.95, simple.majority.f1=0.5",
		"error expr: cannot evaluate: no such key: f2",
	)
	if res.Status != result.Error {
		t.Errorf("status %s; an expression that cannot be evaluated is an error", res.Status)
	}
}

func TestCompileExprErrors(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ in, want string }{
		{"candidat.f1 > 1", `1:1: undeclared reference to 'candidat'`},
		{"candidate.f1 >", `1:15: Syntax error`},
		{"candidate.f1", `must be a condition (bool), but its type is dyn`},
		{"1 + 1", `must be a condition (bool), but its type is int`},
		{"  ", "empty expression"},
	} {
		_, err := CompileExpr(tt.in)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("CompileExpr(%q) = %v; want %q", tt.in, err, tt.want)
		}
	}
	e, err := CompileExpr("candidate.a.b > baseline.c && has(candidate.d) && simple.m.x < 1")
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(e.Metrics(), " "); got != "baseline.c candidate.a.b simple.m.x" {
		t.Errorf("Metrics() = %q", got)
	}
}

func TestParseRuleChecks(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		in    string
		check Check
	}{
		{"recall: slice=sex, max_gap=0.05", CheckSlices},
		{"recall: slice=sex, min=0.7, min_size=100", CheckSlices},
		{"accuracy: beats=majority, margin=0.01", CheckBeats},
		{"auc: max_below_best=0.01, last=3", CheckHistory},
		{"f1: max_drop=0.01, significance=0.95", CheckChange},
		{"f1: min=0.5", CheckThreshold},
	} {
		r, err := ParseRule(tt.in)
		if err != nil || r.Check != tt.check {
			t.Errorf("ParseRule(%q) = check %v, %v; want check %v", tt.in, r.Check, err, tt.check)
		}
	}
	r, _ := ParseRule("recall: slice=sex, max_gap=0.05")
	if r.MinSize != DefaultMinSliceSize || r.Slice != "sex" || *r.MaxGap != 0.05 {
		t.Errorf("slice rule = %+v", r)
	}
	for _, tt := range []struct{ in, want string }{
		{"f1: max_drop=0.01, slice=sex", "option max_drop does not go with slice: one check per rule"},
		{"f1: significance=1.5, max_drop=0", "significance=1.5: want a confidence level between 0 and 1"},
		{"f1: significance=0.95", "nothing to check; add max_drop=X or max_drop_pct=P"},
		{"f1: slice=sex", "nothing to check on the slices; add min=X, max=X or max_gap=X"},
		{"f1: max_gap=0.1", "which slices? add slice=COLUMN"},
		{"f1: margin=0.1", "beat what? add beats=NAME"},
		{"f1: last=3", "nothing to check; add max_below_best=X"},
		{"f1: min=2, max=1", "min=2 is above max=1"},
		{"f1: min_size=0, slice=a, max_gap=1", "min_size=0: want a whole number >= 1"},
		{"widgets: beats=simple", "cannot tell whether higher or lower is better for widgets"},
	} {
		_, err := ParseRule(tt.in)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ParseRule(%q) = %v; want %q", tt.in, err, tt.want)
		}
	}
}

func TestGitBaseline(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	dir := t.TempDir()
	git := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=t",
			"GIT_COMMITTER_EMAIL=t@example.com", "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	git("init", "-q", "-b", "main")
	write(t, dir, "out/metrics.json", `{"f1": 0.9}`)
	git("add", ".")
	git("commit", "-q", "-m", "base")
	cand := write(t, dir, "out/metrics.json", `{"f1": 0.85}`)
	opt := Options{CandidatePaths: []string{cand}, BaselineRef: "main", Dir: dir, Rules: []string{"f1: max_drop=0.01"}}
	res := runOpt(t, opt)
	wantLines(t, res, "fail f1: dropped 0.05 from 0.9 (-5.56%); over max_drop=0.01")

	// Relative to Dir, a path not at the ref is a first run; an unknown ref is an error.
	opt = Options{CandidatePaths: []string{cand}, BaselineRef: "main", BaselineRefPath: "out/new.json", Dir: dir, Rules: []string{"f1: max_drop=0.01"}}
	res = runOpt(t, opt)
	wantLines(t, res, "warn f1: no baseline: first run (main:out/new.json does not exist)")
	opt.BaselineRef = "origin/nope"
	res = runOpt(t, opt)
	if res.Status != result.Error || !strings.Contains(res.Error, "git ref origin/nope not found") || !strings.Contains(res.Error, "fetch-depth: 0") {
		t.Errorf("status %s error %q", res.Status, res.Error)
	}
}

// writePredictions writes a predictions CSV with columns id,y,yhat where the
// model is right on the examples for which right(i) is true.
func writePredictions(t *testing.T, dir, name string, n int, right func(i int) bool) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("id,y,yhat\n")
	for i := range n {
		y := i % 2
		yhat := y
		if !right(i) {
			yhat = 1 - y
		}
		fmt.Fprintf(&b, "%d,%d,%d\n", i, y, yhat)
	}
	return write(t, dir, name, b.String())
}

func TestSignificance(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	const n = 4000
	// The baseline errs on every 7th example (85.7% accuracy). The "noisy"
	// candidate trades 3% of the examples each way; the "worse" one adds
	// 4 points of errors on top.
	base := writePredictions(t, dir, "base.csv", n, func(i int) bool { return i%7 != 0 })
	noisy := writePredictions(t, dir, "noisy.csv", n, func(i int) bool {
		switch {
		case i%7 == 0 && i%5 == 1: // 1/35 of the examples: gains
			return true
		case i%7 != 0 && i%30 == 2: // 6/7 * 1/30 = 1/35: losses
			return false
		}
		return i%7 != 0
	})
	worse := writePredictions(t, dir, "worse.csv", n, func(i int) bool { return i%7 != 0 && i%25 != 3 })
	cand := write(t, dir, "cand.json", `{"accuracy": 0.85}`)
	run := func(candPreds string, rule string) result.Result {
		return runOpt(t, Options{CandidatePaths: []string{cand}, Rules: []string{rule},
			Predictions: Predictions{Candidate: []string{candPreds}, Baseline: []string{base}, Label: "y", Prediction: "yhat", Key: "id"}})
	}
	res := run(noisy, "accuracy: max_drop=0.005, significance=0.95")
	if res.Status != result.Pass {
		t.Fatalf("noise: status %s (%v)", res.Status, lines(res))
	}
	m := res.Metrics[0]
	if m.Interval == nil || m.Interval.Of != "delta" || m.Interval.Level != 0.95 || !(m.Interval.Lo < 0 && m.Interval.Hi > -0.005) ||
		m.Value == nil || m.Baseline == nil || m.Delta == nil {
		t.Errorf("noise: metric %+v interval %+v", m, m.Interval)
	}
	if !strings.Contains(m.Message, "paired examples") {
		t.Errorf("noise: message %q", m.Message)
	}
	res = run(worse, "accuracy: max_drop=0.005, significance=0.95")
	if res.Status != result.Fail || !strings.Contains(res.Metrics[0].Message, "a real drop") {
		t.Fatalf("drop: status %s (%v)", res.Status, lines(res))
	}
	if hi := float64(res.Metrics[0].Interval.Hi); !(hi < -0.005) {
		t.Errorf("drop: interval %+v should lie below -0.005", res.Metrics[0].Interval)
	}
	// max_drop_pct is taken relative to the baseline's value.
	res = run(worse, "accuracy: max_drop_pct=10, significance=0.95")
	if res.Status != result.Pass || !strings.Contains(res.Metrics[0].Message, "max_drop_pct=10 (0.0857") {
		t.Errorf("pct: status %s (%v)", res.Status, lines(res))
	}
	// Without predictions a significance rule cannot be judged.
	res = runOpt(t, Options{CandidatePaths: []string{cand}, Rules: []string{"accuracy: max_drop=0.01, significance=0.9"}})
	if res.Status != result.Error || !strings.Contains(res.Error, "--candidate-predictions and --baseline-predictions") {
		t.Errorf("no predictions: status %s error %q", res.Status, res.Error)
	}
}
