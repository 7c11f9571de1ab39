package cli

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mlgate/mlgate/internal/platform/github/githubtest"
	"github.com/mlgate/mlgate/internal/result"
)

// monitorFixture is a training profile made by "mlgate data infer", a
// serving sample like the training data and one with a shifted feature and
// shifted predictions, and model metadata 10 days old at the test clock.
type monitorFixture struct {
	dir, profile, schema, stable, shifted, meta string
}

func newMonitorFixture(t *testing.T) monitorFixture {
	t.Helper()
	dir := t.TempDir()
	r := rand.New(rand.NewPCG(7, 8))
	var train strings.Builder
	train.WriteString("age,income,target\n")
	label := func(p float64) int {
		if r.Float64() < p {
			return 1
		}
		return 0
	}
	for range 3000 {
		fmt.Fprintf(&train, "%.1f,%.2f,%d\n", 40+10*r.NormFloat64(), 50000+10000*r.NormFloat64(), label(0.3))
	}
	sample := func(incomeShift, positive float64) string {
		var b strings.Builder
		for range 1500 {
			fmt.Fprintf(&b, `{"age": %.1f, "income": %.2f, "prediction": %d}`+"\n",
				40+10*r.NormFloat64(), 50000+10000*(r.NormFloat64()+incomeShift), label(positive))
		}
		return b.String()
	}
	f := monitorFixture{
		dir:     dir,
		profile: filepath.Join(dir, "train.profile.json"),
		schema:  filepath.Join(dir, "schema.json"),
		stable:  writeFile(t, dir, "stable.jsonl", sample(0, 0.3)),
		shifted: writeFile(t, dir, "shifted.jsonl", sample(1, 0.6)),
		meta:    writeFile(t, dir, "meta.json", `{"trained_at": "2026-11-16T12:00:00Z", "C": 1.0}`),
	}
	code, out, errOut := run(t, nil, "data", "infer", "--data", writeFile(t, dir, "train.csv", train.String()),
		"--schema-out", f.schema, "--profile-out", f.profile)
	if code != 0 {
		t.Fatalf("data infer: exit %d\n%s%s", code, out, errOut)
	}
	return f
}

func (f monitorFixture) args(results, sample string, extra ...string) []string {
	return append([]string{"--results-dir", results, "monitor", "--data", sample, "--reference-profile", f.profile,
		"--reference-prediction-column", "target", "--model-metadata", f.meta}, extra...)
}

func TestMonitorStableSample(t *testing.T) {
	t.Parallel()
	f := newMonitorFixture(t)
	results := filepath.Join(f.dir, "results")
	code, out, errOut := run(t, nil, f.args(results, f.stable)...)
	if code != ExitPass {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	for _, want := range []string{"PASS monitor monitor: no retrain needed: 0 of 2 features drifted, predictions stable, model 10d old",
		"\nretrain=false\n", "\nretrain_reasons=\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("stdout lacks %q:\n%s", want, out)
		}
	}
	r, err := result.ReadFile(filepath.Join(results, "monitor.json"))
	if err != nil {
		t.Fatal(err)
	}
	if r.Gate != "monitor" || r.Status != result.Pass || r.Tool.Name != "mlgate" {
		t.Errorf("result %+v", r)
	}
}

func TestMonitorShiftedSampleOnActionsDispatches(t *testing.T) {
	t.Parallel()
	f := newMonitorFixture(t)
	fake := githubtest.New(t)
	output := filepath.Join(f.dir, "github-output")
	env := map[string]string{
		"GITHUB_ACTIONS": "true", "GITHUB_OUTPUT": output,
		"GITHUB_API_URL": fake.APIURL(), "GITHUB_TOKEN": fake.Token(), "GITHUB_REPOSITORY": githubtest.Repository,
		"GITHUB_SERVER_URL": "https://github.com", "GITHUB_RUN_ID": "42",
	}
	results := filepath.Join(f.dir, "results")
	code, out, errOut := run(t, env, f.args(results, f.shifted, "--max-age", "7d", "--dispatch", "retrain")...)
	if code != ExitPass {
		t.Fatalf("a recommended retrain warns, exit %d\n%s%s", code, out, errOut)
	}
	if strings.Contains(out+errOut, fake.Token()) {
		t.Error("the token was printed")
	}
	outputs := mustRead(t, output)
	for _, want := range []string{"retrain<<", "\ntrue\n", "retrain_reasons<<", "feature drift in 1 of 2 columns: income (PSI ",
		"; prediction shift of prediction against target: L-infinity ", "; model age 10d > 7d (trained_at 2026-11-16T12:00:00Z)", "dispatched<<"} {
		if !strings.Contains(outputs, want) {
			t.Errorf("GITHUB_OUTPUT lacks %q:\n%s", want, outputs)
		}
	}
	ds := fake.Dispatches()
	if len(ds) != 1 || ds[0].EventType != "retrain" {
		t.Fatalf("dispatches %+v", ds)
	}
	var payload struct {
		Reasons []string           `json:"reasons"`
		Metrics map[string]float64 `json:"metrics"`
		RunURL  string             `json:"run_url"`
	}
	if err := json.Unmarshal(ds[0].ClientPayload, &payload); err != nil {
		t.Fatal(err)
	}
	if len(payload.Reasons) != 3 || payload.Metrics["drifted_features"] != 1 || payload.Metrics["model_age_days"] != 10 ||
		payload.RunURL != "https://github.com/o/r/actions/runs/42" {
		t.Errorf("payload %s", ds[0].ClientPayload)
	}
	r, err := result.ReadFile(filepath.Join(results, "monitor.json"))
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != result.Warn || !strings.HasPrefix(r.Summary, "retrain recommended (3 reasons)") {
		t.Errorf("result %s %q", r.Status, r.Summary)
	}
	if !strings.HasPrefix(out, "::group::mlgate monitor monitor\n") || !strings.HasSuffix(out, "::endgroup::\n") {
		t.Errorf("on GitHub Actions the output is one log group:\n%s", out)
	}

	// --fail-on-retrain fails the job.
	code, out, _ = run(t, env, f.args(results, f.shifted, "--fail-on-retrain")...)
	if code != ExitFail || !strings.Contains(out, "FAIL monitor") {
		t.Errorf("--fail-on-retrain: exit %d\n%s", code, out)
	}
}

func TestMonitorDispatchWithoutPermission(t *testing.T) {
	t.Parallel()
	f := newMonitorFixture(t)
	fake := githubtest.New(t)
	fake.SetReadOnly(true)
	env := map[string]string{"GITHUB_API_URL": fake.APIURL(), "GITHUB_TOKEN": fake.Token(), "GITHUB_REPOSITORY": githubtest.Repository}
	results := filepath.Join(f.dir, "results")
	code, out, errOut := run(t, env, f.args(results, f.shifted, "--dispatch", "retrain")...)
	if code != ExitError {
		t.Fatalf("exit %d, want 2\n%s%s", code, out, errOut)
	}
	if !strings.Contains(out, "contents: write") || strings.Contains(out+errOut, fake.Token()) {
		t.Errorf("the error must name the permission and hide the token:\n%s%s", out, errOut)
	}
	if !strings.Contains(out, "\nretrain=true\n") || !strings.Contains(out, "\ndispatched=false\n") {
		t.Errorf("outputs still printed:\n%s", out)
	}
	r, err := result.ReadFile(filepath.Join(results, "monitor.json"))
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != result.Error || !strings.Contains(r.Error, "HTTP 403") {
		t.Errorf("result %s %q", r.Status, r.Error)
	}
	// No retrain, no dispatch, whatever the token.
	code, _, _ = run(t, env, f.args(results, f.stable, "--dispatch", "retrain")...)
	if code != ExitPass || len(fake.Dispatches()) != 0 {
		t.Errorf("stable sample: exit %d, %d dispatches", code, len(fake.Dispatches()))
	}
}

func TestMonitorBadInput(t *testing.T) {
	t.Parallel()
	f := newMonitorFixture(t)
	results := filepath.Join(f.dir, "results")
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"monitor", "--data", f.stable}, "--reference-profile"},
		{f.args(results, f.stable, "--max-age", "3y"), "--max-age"},
		{f.args(results, f.stable, "--max-missing", "2"), "--max-missing"},
		{f.args(results, f.stable, "--drift-threshold", "psi=-1"), "--drift-threshold"},
		{f.args(results, f.stable, "--dispatch-repo", "o/r"), "needs --dispatch"},
		{f.args(results, filepath.Join(f.dir, "none.jsonl")), "none.jsonl"},
		{f.args(results, f.stable, "--prediction-column", "score"), `no column "score"`},
		{f.args(results, f.stable, "--timestamp-field", "created"), `no field "created"`},
		{f.args(results, f.stable, "--model-metadata", writeFile(t, f.dir, "bad.json", "{\"trained_at\": 1,,}")), "bad.json:1:18"},
	}
	for _, c := range cases {
		code, out, errOut := run(t, nil, c.args...)
		if code != ExitError || !strings.Contains(out+errOut, c.want) {
			t.Errorf("%v: exit %d, want 2 and %q in:\n%s%s", c.args, code, c.want, out, errOut)
		}
		if strings.Contains(out, "retrain=") {
			t.Errorf("%v: outputs written on error:\n%s", c.args, out)
		}
	}
}

func TestMonitorHelpTeaches(t *testing.T) {
	t.Parallel()
	code, out, _ := run(t, nil, "monitor", "--help")
	for _, want := range []string{"--dispatch retrain", "contents: write", "repository_dispatch", "retrain_reasons", "--max-age", "Exit codes:"} {
		if !strings.Contains(out, want) {
			t.Errorf("monitor --help lacks %q", want)
		}
	}
	if code != 0 {
		t.Errorf("--help exit %d", code)
	}
}
