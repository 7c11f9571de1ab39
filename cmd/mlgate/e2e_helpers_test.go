package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Metrics files for the two gates most scenarios run: one passes, one fails
// on an absolute floor and on a drop from the baseline.
const (
	goodMetrics     = `{"accuracy": 0.93, "f1": 0.91}`
	weakMetrics     = `{"accuracy": 0.80, "f1": 0.70}`
	baselineMetrics = `{"accuracy": 0.92, "f1": 0.90}`
)

// writeFile writes content to dir/name and returns the path.
func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("reading %s: %v", path, err)
	}
	return string(b)
}

// runGates runs, in dir with env, a gate "accuracy" that passes and a gate
// "regressed" that fails (candidate regressed.json: accuracy below the floor,
// f1 dropped from the baseline), and checks their exit codes.
func runGates(t *testing.T, dir string, env map[string]string) {
	t.Helper()
	writeFile(t, dir, "accuracy.json", goodMetrics)
	writeFile(t, dir, "regressed.json", weakMetrics)
	writeFile(t, dir, "baseline.json", baselineMetrics)
	if r := mlgate(t, dir, env, "gate", "--id", "accuracy", "--candidate", "accuracy.json",
		"--rule", "accuracy >= 0.9"); r.code != 0 {
		t.Fatalf("passing gate: exit %d, want 0\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := mlgate(t, dir, env, "gate", "--id", "regressed", "--candidate", "regressed.json",
		"--baseline", "baseline.json", "--rule", "accuracy >= 0.9", "--rule", "f1: max_drop=0.01"); r.code != 1 {
		t.Fatalf("failing gate: exit %d, want 1\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// fixGate reruns the "regressed" gate with good metrics, so it passes.
func fixGate(t *testing.T, dir string, env map[string]string) {
	t.Helper()
	writeFile(t, dir, "regressed.json", goodMetrics)
	if r := mlgate(t, dir, env, "gate", "--id", "regressed", "--candidate", "regressed.json",
		"--baseline", "baseline.json", "--rule", "accuracy >= 0.9", "--rule", "f1: max_drop=0.01"); r.code != 0 {
		t.Fatalf("fixed gate: exit %d, want 0\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// stdoutLines returns the lines of stdout that start with prefix.
func stdoutLines(stdout, prefix string) []string {
	var out []string
	for _, l := range strings.Split(stdout, "\n") {
		if strings.HasPrefix(l, prefix) {
			out = append(out, l)
		}
	}
	return out
}

// assertAbsent fails if secret occurs in any of the named texts.
func assertAbsent(t *testing.T, secret string, texts map[string]string) {
	t.Helper()
	for name, text := range texts {
		if strings.Contains(text, secret) {
			t.Errorf("%s contains the token", name)
		}
	}
}
