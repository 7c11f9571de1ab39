package main

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/mlgate/mlgate/internal/platform/github/githubtest"
	"github.com/mlgate/mlgate/internal/result"
)

// pipelineGates are the ids of examples/sklearn-classifier/mlgate.yaml, in order.
var pipelineGates = []string{"data", "smoke", "repro", "eval", "simple-eval", "model", "canary"}

// copyExample copies the example project into dir, leaving out what its
// scripts and mlgate generate (data/, build/, .mlgate/, caches), so a local
// run in the source tree cannot leak into the test.
func copyExample(t *testing.T, dir string) {
	t.Helper()
	src, err := filepath.Abs("../../examples/sklearn-classifier")
	if err != nil {
		t.Fatal(err)
	}
	skip := []string{"data", "build", "run", ".mlgate", "__pycache__"}
	err = filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		if d.IsDir() {
			if slices.Contains(skip, d.Name()) {
				return filepath.SkipDir
			}
			return os.MkdirAll(filepath.Join(dir, rel), 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, rel), b, 0o644)
	})
	if err != nil {
		t.Fatalf("copying the example: %v", err)
	}
}

// pipelineResults reads every gate's result file and checks that each of
// pipelineGates has one, with the status in want (default pass).
func pipelineResults(t *testing.T, dir string, want map[string]result.Status) map[string]result.Result {
	t.Helper()
	out := map[string]result.Result{}
	for _, id := range pipelineGates {
		r := readResult(t, dir, id)
		status := result.Pass
		if s, ok := want[id]; ok {
			status = s
		}
		if r.ID != id || r.Status != status {
			t.Errorf("result %s: id %q status %s, want status %s: %s", id, r.ID, r.Status, status, r.Summary)
		}
		out[id] = r
	}
	return out
}

// ruleStatus returns the status of the metric judged by rule in r, and
// whether there is one; a slice rule gives one metric per slice, and the
// worst status wins.
func ruleStatus(r result.Result, rule string) (result.Status, bool) {
	found, worst := false, result.Pass
	for _, m := range r.Metrics {
		if m.Rule != rule {
			continue
		}
		found = true
		if m.Status == result.Fail || m.Status == result.Error {
			worst = m.Status
		}
	}
	return worst, found
}

// TestPipelineExample runs the scikit-learn example the way its PR workflow
// does: the Python steps for real (prepare, train, predict, golden set), the
// model server, and "mlgate run --config mlgate.yaml" on a simulated GitHub
// Actions pull_request job with a fake GitHub API. The candidate passes every
// gate and the report posts one sticky comment; then a much weaker model
// (C=0.0005) is trained, served and gated: the model gate fails on its
// floors, its significant drop from main and the simple model, and the same
// comment is updated in place.
func TestPipelineExample(t *testing.T) {
	t.Parallel()
	py := python(t)
	fake := githubtest.New(t)
	j := newGHJob(t, fake)
	copyExample(t, j.dir)
	j.env["PYTHON"] = py
	// The config's 250ms p95 budget holds on an idle machine (p95 about
	// 6ms), but this test shares CI's cores with the -race tests of every
	// package (one run saw 633ms); it checks the pipeline, not the latency.
	j.env["CANARY_P95"] = "10s"

	// The candidate of this branch: as good as main's.
	runPy(t, py, j.dir, "pipeline.py")
	j.env["CANARY_URL"] = startServer(t, py, "--model", filepath.Join(j.dir, "build", "model.pkl")) + "/predict"
	r := j.run("run", "--config", "mlgate.yaml")
	if r.code != 0 {
		t.Fatalf("mlgate run on the example: exit %d, want 0\n%s%s", r.code, r.stdout, r.stderr)
	}
	j.assertTokenHidden(r)
	res := pipelineResults(t, j.dir, nil)
	model := res["model"]
	for _, rule := range []string{
		"accuracy >= 0.95",
		"accuracy: max_drop=0.01, significance=0.95",
		"accuracy: slice=size, min=0.9",
		"recall: slice=size, max_gap=0.1",
		"accuracy: beats=simple, margin=0.05",
		"model.size_mb <= 1",
		"candidate.intervals.accuracy.lo > simple.simple.accuracy",
	} {
		if s, ok := ruleStatus(model, rule); !ok || s != result.Pass {
			t.Errorf("model gate: rule %q: found %v, status %s; want a passing check", rule, ok, s)
		}
	}
	for _, m := range res["canary"].Metrics {
		if m.Name == "golden set matches" && (m.Status != result.Pass || m.Value == nil || float64(*m.Value) != 50) {
			t.Errorf("canary golden set: %+v, want 50 examples matching", m)
		}
	}

	mine := ours(fake, 7, ghKey)
	if len(mine) != 1 {
		t.Fatalf("%d sticky comments, want 1", len(mine))
	}
	first := mine[0]
	// The report names each gate by its title, or its id without one.
	rows := []string{"Test data vs training data", "Training smoke test", "Reproducible training",
		"eval", "simple-eval", "Model quality", "Canary of the served model"}
	for _, want := range append(slices.Clone(rows), "breast-cancer classifier", "ML Test Score", "model-1", "infra-3") {
		if !strings.Contains(first.Body, want) {
			t.Errorf("comment lacks %q:\n%s", want, first.Body)
		}
	}
	summary := j.summary()
	for _, want := range append(slices.Clone(rows), "ML Test Score") {
		if !strings.Contains(summary, want) {
			t.Errorf("job summary lacks %q", want)
		}
	}
	out := j.outputs()
	wantURL := fmt.Sprintf("https://github.com/o/r/pull/7#issuecomment-%d", first.ID)
	if out["verdict"] != "pass" || out["failed-gates"] != "" || out["report-path"] != "build/mlgate-report.md" || out["comment-url"] != wantURL {
		t.Errorf("outputs = %v, want verdict=pass, no failed gates, report-path=build/mlgate-report.md, comment-url=%s", out, wantURL)
	}
	for _, f := range []string{"build/mlgate-report.md", "build/junit.xml", "build/mlgate-metrics.txt", "build/eval.json", "build/simple-eval.json"} {
		if _, err := os.Stat(filepath.Join(j.dir, f)); err != nil {
			t.Errorf("the run did not write %s: %v", f, err)
		}
	}

	// A regression: the same pipeline with a much weaker model, served as
	// the canary (so the canary, which checks serving, still passes).
	runPy(t, py, j.dir, "pipeline.py", "--C", "0.0005")
	j.env["CANARY_URL"] = startServer(t, py, "--model", filepath.Join(j.dir, "build", "model.pkl")) + "/predict"
	r = j.run("run", "--config", "mlgate.yaml")
	if r.code != 1 {
		t.Fatalf("mlgate run on a weak model: exit %d, want 1\n%s%s", r.code, r.stdout, r.stderr)
	}
	j.assertTokenHidden(r)
	res = pipelineResults(t, j.dir, map[string]result.Status{"model": result.Fail})
	for _, rule := range []string{
		"accuracy >= 0.95",
		"accuracy: max_drop=0.01, significance=0.95",
		"accuracy: beats=simple, margin=0.05",
		"candidate.intervals.accuracy.lo > simple.simple.accuracy",
	} {
		if s, ok := ruleStatus(res["model"], rule); !ok || s != result.Fail {
			t.Errorf("weak model: rule %q: found %v, status %s; want a failing check", rule, ok, s)
		}
	}
	if s, _ := ruleStatus(res["model"], "model.size_mb <= 1"); s != result.Pass {
		t.Errorf("weak model: the size budget should still pass, got %s", s)
	}

	mine = ours(fake, 7, ghKey)
	if len(mine) != 1 || mine[0].ID != first.ID {
		t.Fatalf("after the regression: comments %+v, want only comment %d, updated", mine, first.ID)
	}
	if mine[0].Body == first.Body || !strings.Contains(mine[0].Body, "Model quality") || !strings.Contains(strings.ToLower(mine[0].Body), "fail") {
		t.Errorf("the comment was not updated with the failure:\n%s", mine[0].Body)
	}
	if n := fake.Count("POST " + ghCommentsPath); n != 1 {
		t.Errorf("POST of a comment %d times, want 1 (then updated in place)", n)
	}
	if n := fake.Count(fmt.Sprintf("PATCH /repos/%s/issues/comments/%d", githubtest.Repository, first.ID)); n != 1 {
		t.Errorf("PATCH of the comment %d times, want 1", n)
	}
	out = j.outputs()
	if out["verdict"] != "fail" || out["failed-gates"] != "model" {
		t.Errorf("outputs = %v, want verdict=fail failed-gates=model", out)
	}
	if s := j.summary(); !strings.Contains(s, "Model quality") || !strings.Contains(strings.ToLower(s), "fail") {
		t.Errorf("job summary does not show the failing model gate:\n%s", s)
	}
}
