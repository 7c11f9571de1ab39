package main

import (
	"bufio"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// startServer starts the example model server on a free loopback port and
// returns its base URL; the server is stopped when the test ends.
func startServer(t *testing.T, py string, args ...string) string {
	t.Helper()
	serve, err := filepath.Abs("../../examples/sklearn-classifier/serve.py")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(py, append([]string{serve, "--port", "0"}, args...)...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		_ = cmd.Wait()
	})
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatalf("server did not start: %v", err)
	}
	url, ok := strings.CutPrefix(strings.TrimSpace(line), "listening on ")
	if !ok || !strings.HasPrefix(url, "http://127.0.0.1:") {
		t.Fatalf("unexpected first line %q", line)
	}
	return url
}

// featureNames asks the server's OIP v2 metadata for the feature order.
func featureNames(t *testing.T, base string) []string {
	t.Helper()
	resp, err := http.Get(base + "/v2/models/classifier")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var meta struct {
		Parameters struct {
			FeatureNames []string `json:"feature_names"`
		} `json:"parameters"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&meta); err != nil || len(meta.Parameters.FeatureNames) != 30 {
		t.Fatalf("metadata: %v %+v", err, meta)
	}
	return meta.Parameters.FeatureNames
}

// TestCanaryAgainstRealServer serves the trained scikit-learn model for real
// and runs the canary against it: the right model passes over both
// protocols; a different model fails on the golden set and on agreement
// with stable; a slow server fails its latency budget; an erroring server
// fails its error budget.
func TestCanaryAgainstRealServer(t *testing.T) {
	t.Parallel()
	py := python(t)
	example, err := filepath.Abs("../../examples/sklearn-classifier")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	runPy(t, py, dir, filepath.Join(example, "train.py"), "--out", "build")
	runPy(t, py, dir, filepath.Join(example, "train.py"), "--out", "weak", "--C", "0.0005")
	runPy(t, py, dir, filepath.Join(example, "make_golden.py"), "--model-dir", "build", "--out", "golden.jsonl", "--limit", "50")
	golden := filepath.Join(dir, "golden.jsonl")

	good := startServer(t, py, "--model", filepath.Join(dir, "build", "model.pkl"))
	weak := startServer(t, py, "--model", filepath.Join(dir, "weak", "model.pkl"))
	slow := startServer(t, py, "--model", filepath.Join(dir, "build", "model.pkl"), "--delay-ms", "150")
	flaky := startServer(t, py, "--model", filepath.Join(dir, "build", "model.pkl"), "--error-rate", "0.25")

	pass := mlgate(t, dir, nil, "canary", "--id", "json", "--endpoint", good+"/predict", "--golden", golden,
		"--atol", "1e-9", "--rps", "40", "--duration", "1s", "--p95", "500ms")
	if pass.code != 0 {
		t.Fatalf("the right model over plain JSON: exit %d\n%s%s", pass.code, pass.stdout, pass.stderr)
	}
	v2 := mlgate(t, dir, nil, "canary", "--id", "v2", "--protocol", "v2", "--model", "classifier", "--endpoint", good,
		"--v2-input", "input-0:"+strings.Join(featureNames(t, good), ","), "--golden", golden, "--atol", "1e-9",
		"--baseline-endpoint", good)
	if v2.code != 0 {
		t.Fatalf("the right model over OIP v2: exit %d\n%s%s", v2.code, v2.stdout, v2.stderr)
	}

	wrong := mlgate(t, dir, nil, "canary", "--id", "wrong", "--endpoint", weak+"/predict", "--golden", golden,
		"--atol", "1e-9", "--baseline-endpoint", good+"/predict")
	if wrong.code != 1 {
		t.Fatalf("a different model: exit %d, want 1\n%s%s", wrong.code, wrong.stdout, wrong.stderr)
	}
	r := readResult(t, dir, "wrong")
	var golden5, agreement bool
	for _, m := range r.Metrics {
		if m.Name == "golden set matches" && m.Status == "fail" {
			golden5 = true
		}
		if m.Name == "agreement with stable" && m.Status == "fail" {
			agreement = true
		}
	}
	if !golden5 || !agreement {
		t.Errorf("a different model must fail the golden set and the agreement: %+v", r.Metrics)
	}

	slowRes := mlgate(t, dir, nil, "canary", "--id", "slow", "--endpoint", slow+"/predict",
		"--rps", "20", "--duration", "1s", "--p95", "50ms")
	if slowRes.code != 1 || !strings.Contains(slowRes.stdout, "p95") {
		t.Errorf("a slow model: exit %d, want 1 on the p95 budget\n%s%s", slowRes.code, slowRes.stdout, slowRes.stderr)
	}
	flakyRes := mlgate(t, dir, nil, "canary", "--id", "flaky", "--endpoint", flaky+"/predict", "--golden", golden, "--atol", "1e-9",
		"--rps", "40", "--duration", "1s")
	if flakyRes.code != 1 {
		t.Errorf("an erroring model: exit %d, want 1\n%s%s", flakyRes.code, flakyRes.stdout, flakyRes.stderr)
	}

	// A model that never becomes ready fails with the last response shown.
	notReady := startServer(t, py, "--model", filepath.Join(dir, "build", "model.pkl"), "--startup-delay", "60")
	start := time.Now()
	nr := mlgate(t, dir, nil, "canary", "--id", "notready", "--endpoint", notReady+"/predict", "--golden", golden, "--ready-timeout", "1s")
	if nr.code != 1 || !strings.Contains(nr.stdout, "503") || time.Since(start) > 20*time.Second {
		t.Errorf("never ready: exit %d\n%s%s", nr.code, nr.stdout, nr.stderr)
	}
}
