package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mlgate/mlgate/internal/result"
	"github.com/mlgate/mlgate/internal/score"
)

// scoreResults writes a results dir with a data gate (default tests), a
// smoke gate that declares its tests and an errored canary.
func scoreResults(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "results")
	for _, r := range []result.Result{
		{ID: "train-data", Gate: "data", Status: result.Pass},
		{ID: "smoke", Gate: "smoke", Status: result.Fail, MLTests: []string{"infra-2", "monitor-5", "model-1"}},
		{ID: "canary", Gate: "canary", Status: result.Error, Error: "connection refused"},
	} {
		if _, err := result.Write(dir, r); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestScoreText(t *testing.T) {
	t.Parallel()
	dir := scoreResults(t)
	code, out, errOut := run(t, nil, "--results-dir", dir, "score", "--manual", "infra-3=https://wiki.example.com/pipeline")
	if code != ExitPass {
		t.Fatalf("exit %d, stderr %s", code, errOut)
	}
	// data 1, model 1, infra 1 + 0.5, monitor 1: the lowest is 1.
	for _, want := range []string{
		"ML Test Score: 1 (minimal testing, high risk)",
		"Infrastructure  1.5 / 7",
		"data-1     Feature expectations are captured in a schema  (automated: train-data)",
		"infra-3    The ML pipeline is integration tested  (manual: https://wiki.example.com/pipeline)",
		"result canary (canary) has status error",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "infra-6    Models are canaried before serving  (automated") {
		t.Errorf("an errored canary counted:\n%s", out)
	}
}

func TestScoreJSONAndMarkdown(t *testing.T) {
	t.Parallel()
	dir := scoreResults(t)
	code, out, errOut := run(t, nil, "--results-dir", dir, "score", "--format", "json")
	if code != ExitPass {
		t.Fatalf("exit %d, stderr %s", code, errOut)
	}
	var s score.Score
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatalf("%v:\n%s", err, out)
	}
	if s.Final != 1 || len(s.Missing) != 24 || s.Sections[0].Tests[0].By[0] != "train-data" {
		t.Errorf("final %v, %d missing, data-1 %+v", s.Final, len(s.Missing), s.Sections[0].Tests[0])
	}

	mdPath := filepath.Join(t.TempDir(), "out", "score.md")
	code, out, errOut = run(t, nil, "--results-dir", dir, "score", "--format", "markdown", "--out", mdPath)
	if code != ExitPass || out != "" {
		t.Fatalf("exit %d, stdout %q, stderr %s", code, out, errOut)
	}
	md, err := os.ReadFile(mdPath)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(md), "### 🧪 ML Test Score: 1 — minimal testing, high risk") || !strings.Contains(string(md), "<details>") {
		t.Errorf("markdown:\n%s", md)
	}
}

func TestScoreBadFlags(t *testing.T) {
	t.Parallel()
	dir := scoreResults(t)
	cases := map[string][]string{
		"want TEST=EVIDENCE":                   {"--manual", "infra-3"},
		`unknown ML test "infra-8"`:            {"--manual", "infra-8=docs/x.md"},
		"evidence is empty":                    {"--manual", "infra-3="},
		"want an http(s) URL":                  {"--manual", "infra-3=javascript:alert(1)"},
		"declared twice":                       {"--manual", "infra-3=a.md", "--manual", "infra-3=b.md"},
		`invalid --format "html"`:              {"--format", "html"},
		`score takes no arguments, got "data"`: {"data"},
	}
	for want, args := range cases {
		code, out, errOut := run(t, nil, append([]string{"--results-dir", dir, "score"}, args...)...)
		if code != ExitError || !strings.Contains(errOut, want) || out != "" {
			t.Errorf("%v: exit %d, stderr %q, stdout %q; want exit 2 and %q", args, code, errOut, out, want)
		}
	}
}

func TestScoreWithoutResultsDir(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "none")
	code, out, errOut := run(t, nil, "--results-dir", dir, "score", "--manual", "model-1=docs/review.md")
	if code != ExitPass || !strings.Contains(errOut, "no results dir") || !strings.Contains(out, "ML Test Score: 0 (a research project)") {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}

func TestScoreHelpTeaches(t *testing.T) {
	t.Parallel()
	code, out, _ := run(t, nil, "score", "--help")
	for _, want := range []string{"--manual", "data-1..7", "smoke -> infra-2", "lowest section", "mlgate score --format markdown"} {
		if !strings.Contains(out, want) {
			t.Errorf("score --help lacks %q", want)
		}
	}
	if code != 0 {
		t.Errorf("--help exit %d", code)
	}
}
