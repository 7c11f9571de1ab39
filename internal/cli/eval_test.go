package cli

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// evalCSV writes a binary predictions file: 200 examples, 80% right,
// scores that rank most positives first, and a gender slice where "X" has
// no positive labels.
func evalCSV(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("id,y,yhat,p,gender\n")
	for i := range 200 {
		y := i % 2
		if i%10 == 9 { // gender X: negatives only
			y = 0
		}
		yhat := y
		if i%5 == 0 {
			yhat = 1 - y
		}
		p := 0.3 + 0.4*float64(y) + 0.001*float64(i%100)
		gender := []string{"F", "M"}[i%3%2]
		if i%10 == 9 {
			gender = "X"
		}
		fmt.Fprintf(&b, "%d,%d,%d,%.3f,%s\n", i, y, yhat, p, gender)
	}
	return writeFile(t, dir, "preds.csv", b.String())
}

func TestEvalWritesMetrics(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	preds := evalCSV(t, dir)
	out := filepath.Join(dir, "out", "metrics.json")
	code, stdout, stderr := run(t, nil, "eval", "--predictions", preds, "--label", "y", "--prediction", "yhat",
		"--score", "p", "--slice", "gender", "--resamples", "200", "--out", out)
	if code != ExitPass {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(mustRead(t, out)), &m); err != nil {
		t.Fatal(err)
	}
	if m["task"] != "binary" || m["n"] != 200.0 || m["positive"] != "1" {
		t.Errorf("header: task %v n %v positive %v", m["task"], m["n"], m["positive"])
	}
	if acc, _ := m["accuracy"].(float64); acc != 0.8 {
		t.Errorf("accuracy = %v, want 0.8 (every 5th prediction is wrong)", m["accuracy"])
	}
	iv, _ := m["intervals"].(map[string]any)["accuracy"].(map[string]any)
	if lo, hi := iv["lo"].(float64), iv["hi"].(float64); !(lo < 0.8 && 0.8 < hi) || iv["level"] != 0.95 {
		t.Errorf("accuracy interval %v does not surround 0.8 at level 0.95", iv)
	}
	slices := m["slices"].(map[string]any)["gender"].(map[string]any)
	x := slices["X"].(map[string]any)
	if x["n"] != 20.0 || x["recall"] != nil {
		t.Errorf("slice X (no positives): n %v recall %v, want 20 and null", x["n"], x["recall"])
	}
	if _, ok := x["recall"]; !ok {
		t.Error("slice X: recall is absent, want null")
	}
	for _, want := range []string{"metric", "accuracy", "0.8000", "roc_auc", "slice gender", "metrics written to"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}
}

func TestEvalBadInputExit2(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	preds := evalCSV(t, dir)
	bad := writeFile(t, dir, "bad.csv", "y,yhat,p\n1,1,0.9\n0,1,high\n")
	missing := writeFile(t, dir, "missing.csv", "y,yhat\n1,1\n,0\n")
	empty := writeFile(t, dir, "empty.csv", "y,yhat\n")
	out := filepath.Join(dir, "m.json")
	for _, tc := range []struct {
		name string
		args []string
		want []string
	}{
		{"missing column", []string{"--predictions", preds, "--label", "label", "--prediction", "yhat"}, []string{preds + ":1", `no column "label"`}},
		{"non-numeric score", []string{"--predictions", bad, "--label", "y", "--prediction", "yhat", "--score", "p"}, []string{bad + ":3", `column "p"`, `"high" is not a number`}},
		{"missing label", []string{"--predictions", missing, "--label", "y", "--prediction", "yhat"}, []string{missing + ":3", `column "y"`, "label is missing"}},
		{"empty file", []string{"--predictions", empty, "--label", "y", "--prediction", "yhat"}, []string{empty, "no rows"}},
		{"no such file", []string{"--predictions", filepath.Join(dir, "nope.csv"), "--label", "y", "--prediction", "yhat"}, []string{"nope.csv"}},
		{"bad task", []string{"--predictions", preds, "--label", "y", "--prediction", "yhat", "--task", "ranking"}, []string{"--task"}},
		{"bad level", []string{"--predictions", preds, "--label", "y", "--prediction", "yhat", "--level", "95"}, []string{"--level"}},
		{"no out", []string{"--predictions", preds, "--label", "y", "--prediction", "yhat"}, []string{"--out"}},
	} {
		args := append([]string{"eval"}, tc.args...)
		if tc.name != "no out" {
			args = append(args, "--out", out)
		}
		code, _, stderr := run(t, nil, args...)
		if code != ExitError {
			t.Errorf("%s: exit %d, want 2\n%s", tc.name, code, stderr)
		}
		for _, w := range tc.want {
			if !strings.Contains(stderr, w) {
				t.Errorf("%s: stderr lacks %q:\n%s", tc.name, w, stderr)
			}
		}
	}
}

func TestEvalHelpTeaches(t *testing.T) {
	t.Parallel()
	code, out, _ := run(t, nil, "eval", "--help")
	for _, want := range []string{"--predictions", "--slice", "--positive", "--resamples", "Poisson", "mlgate eval --predictions", "mape", "Exit codes:"} {
		if !strings.Contains(out, want) {
			t.Errorf("eval --help lacks %q", want)
		}
	}
	if code != 0 {
		t.Errorf("--help exit %d", code)
	}
}
