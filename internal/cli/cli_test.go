package cli

import (
	"bytes"
	"context"
	"encoding/xml"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/mlgate/mlgate/internal/result"
)

// run executes mlgate in memory with only the given environment.
func run(t *testing.T, env map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = Main(context.Background(), args, Env{
		Stdout: &out,
		Stderr: &errb,
		Getenv: func(k string) string { return env[k] },
		Now:    func() time.Time { return time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC) },
		Sleep:  func(context.Context, time.Duration) error { return nil },
	})
	return code, out.String(), errb.String()
}

func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestVersion(t *testing.T) {
	t.Parallel()
	code, out, _ := run(t, nil, "version")
	if code != 0 || !strings.HasPrefix(out, "mlgate dev (commit ") || !strings.Contains(out, runtime.Version()) {
		t.Fatalf("code %d, out %q", code, out)
	}
	code, out, _ = run(t, nil, "version", "--json")
	if code != 0 || !strings.Contains(out, `"go_version": "`+runtime.Version()+`"`) {
		t.Fatalf("code %d, out %q", code, out)
	}
}

func TestCompletion(t *testing.T) {
	t.Parallel()
	code, out, _ := run(t, nil, "completion", "bash")
	if code != 0 || !strings.Contains(out, "__start_mlgate") {
		t.Fatalf("code %d, out starts %.200q", code, out)
	}
}

func TestHelpTeachesRulesAndExitCodes(t *testing.T) {
	t.Parallel()
	code, out, _ := run(t, nil, "gate", "--help")
	for _, want := range []string{"max_drop_pct", "direction=higher", "--candidate", "Exit codes:"} {
		if !strings.Contains(out, want) {
			t.Errorf("gate --help lacks %q", want)
		}
	}
	if code != 0 {
		t.Errorf("--help exit %d", code)
	}
}

func TestGateAndReportExitCodes(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	results := filepath.Join(dir, "results")
	cand := writeFile(t, dir, "metrics.json", `{"eval": {"accuracy": 0.93, "f1": 0.80}, "latency_ms": 70}`)
	base := writeFile(t, dir, "main.yaml", "eval:\n  accuracy: 0.92\n  f1: 0.805\nlatency_ms: 40\n")

	code, out, errOut := run(t, nil, "--results-dir", results, "gate", "--id", "quality",
		"--candidate", cand, "--baseline", base,
		"--rule", "eval.accuracy >= 0.9", "--rule", "eval.f1: max_drop=0.01")
	if code != ExitPass {
		t.Fatalf("passing gate: exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	code, out, _ = run(t, map[string]string{"MLGATE_RESULTS_DIR": results}, "gate", "--id", "budgets",
		"--candidate", cand, "--rule", "latency_ms <= 50")
	if code != ExitFail || !strings.Contains(out, "FAIL") {
		t.Fatalf("failing gate: exit %d\n%s", code, out)
	}
	for _, id := range []string{"quality", "budgets"} {
		r, err := result.ReadFile(filepath.Join(results, id+".json"))
		if err != nil {
			t.Fatal(err)
		}
		if r.Tool.Name != "mlgate" || r.Gate != "gate" {
			t.Errorf("%s: tool %+v gate %q", id, r.Tool, r.Gate)
		}
	}

	md, junit, js, om := filepath.Join(dir, "out", "r.md"), filepath.Join(dir, "j.xml"), filepath.Join(dir, "r.json"), filepath.Join(dir, "m.txt")
	code, out, errOut = run(t, nil, "report", "--results-dir", results, "--platform", "local",
		"--markdown", md, "--junit", junit, "--json", js, "--metrics", om)
	if code != ExitFail {
		t.Fatalf("report: exit %d, want 1\n%s\n%s", code, out, errOut)
	}
	if !strings.Contains(out, "verdict: FAIL (2 results)") {
		t.Errorf("stdout lacks verdict:\n%s", out)
	}
	mdText := mustRead(t, md)
	if !strings.Contains(mdText, "budgets") || !strings.Contains(mdText, "quality") {
		t.Errorf("markdown lacks the gates:\n%s", mdText)
	}
	var suites struct {
		Tests    int `xml:"tests,attr"`
		Failures int `xml:"failures,attr"`
	}
	if err := xml.Unmarshal([]byte(mustRead(t, junit)), &suites); err != nil {
		t.Fatalf("junit: %v", err)
	}
	if suites.Tests != 2 || suites.Failures != 1 {
		t.Errorf("junit tests=%d failures=%d, want 2 and 1", suites.Tests, suites.Failures)
	}
	if !strings.Contains(mustRead(t, js), `"verdict": "fail"`) && !strings.Contains(mustRead(t, js), `"verdict":"fail"`) {
		t.Errorf("json lacks the verdict")
	}
	if !strings.HasSuffix(mustRead(t, om), "# EOF\n") {
		t.Errorf("openmetrics does not end with # EOF")
	}

	code, _, _ = run(t, nil, "report", "--results-dir", results, "--platform", "local", "--no-fail")
	if code != ExitPass {
		t.Errorf("--no-fail: exit %d", code)
	}
}

func TestBadInputExitsTwoWithLocation(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	good := writeFile(t, dir, "good.json", `{"accuracy": 0.9}`)
	broken := writeFile(t, dir, "broken.json", "{\n  \"accuracy\": 0.9,\n  \"f1\": oops\n}\n")
	notDir := writeFile(t, dir, "file", "")
	cases := []struct {
		name string
		args []string
		want []string
	}{
		{"missing file", []string{"gate", "--candidate", filepath.Join(dir, "nope.json"), "--rule", "accuracy >= 0.5"}, []string{"nope.json"}},
		{"malformed file", []string{"gate", "--candidate", broken, "--rule", "accuracy >= 0.5"}, []string{"broken.json:3:"}},
		{"bad rule", []string{"gate", "--candidate", good, "--rule", "accuracy >>= 0.5"}, []string{"accuracy >>= 0.5"}},
		{"unknown metric", []string{"gate", "--candidate", good, "--rule", "acuracy >= 0.5"}, []string{"acuracy", "accuracy"}},
		{"no rules", []string{"gate", "--candidate", good}, []string{"--rule"}},
		{"no candidate", []string{"gate", "--rule", "a >= 1"}, []string{"--candidate"}},
		{"unwritable results dir", []string{"--results-dir", filepath.Join(notDir, "results"), "gate", "--candidate", good, "--rule", "accuracy >= 0.5"}, []string{"results"}},
		{"unknown flag", []string{"gate", "--candidat", good}, []string{"unknown flag"}},
		{"bad comment mode", []string{"report", "--comment", "sometimes"}, []string{"sometimes"}},
		{"bad id", []string{"gate", "--id", "../x", "--candidate", good, "--rule", "accuracy >= 0.5"}, []string{"--id"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			args := c.args
			if args[0] != "--results-dir" {
				args = append([]string{"--results-dir", filepath.Join(t.TempDir(), "r")}, args...)
			}
			code, out, errOut := run(t, nil, args...)
			if code != ExitError {
				t.Fatalf("exit %d, want 2\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
			}
			all := out + errOut
			for _, w := range c.want {
				if !strings.Contains(all, w) {
					t.Errorf("output lacks %q:\n%s", w, all)
				}
			}
		})
	}
}

func TestGateErrorStillLeavesAResult(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	results := filepath.Join(dir, "results")
	code, _, _ := run(t, nil, "--results-dir", results, "gate", "--id", "m",
		"--candidate", filepath.Join(dir, "missing.json"), "--rule", "accuracy >= 0.5")
	if code != ExitError {
		t.Fatalf("exit %d", code)
	}
	r, err := result.ReadFile(filepath.Join(results, "m.json"))
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != result.Error || !strings.Contains(r.Error, "missing.json") {
		t.Errorf("result: %+v", r)
	}
}

func TestReportWithoutResultsIsAnError(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	md := filepath.Join(dir, "r.md")
	code, _, _ := run(t, nil, "report", "--results-dir", filepath.Join(dir, "none"), "--platform", "local", "--markdown", md)
	if code != ExitError {
		t.Fatalf("exit %d, want 2", code)
	}
	if text := mustRead(t, md); !strings.Contains(text, "no results found") {
		t.Errorf("markdown does not say that no results were found:\n%s", text)
	}
}

func mustRead(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestRequiredFlagsAreNamed: a usage error names exactly the required
// flags that are missing, and exits 2.
func TestRequiredFlagsAreNamed(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"eval", "--predictions", "p.csv", "--label", "y", "--prediction", "yhat"}, "eval: --out is required\n"},
		{[]string{"eval", "--label", "y"}, "eval: --predictions, --prediction and --out are required\n"},
		{[]string{"data", "infer", "--data", "t.csv"}, "data infer: --schema-out is required\n"},
		{[]string{"data", "validate", "--schema", "s.json"}, "data validate: --data is required\n"},
		{[]string{"data", "profile"}, "data profile: --data and --profile-out are required\n"},
		{[]string{"monitor", "--data", "s.csv"}, "monitor: --reference-profile is required\n"},
	} {
		code, _, errOut := run(t, nil, tt.args...)
		if code != ExitError || !strings.Contains(errOut, tt.want) {
			t.Errorf("mlgate %v: exit %d, stderr %q; want 2 and %q", tt.args, code, errOut, tt.want)
		}
	}
}

// TestPrintResultShowsEachProblemOnce: an error result carries each
// problem in Error and as a finding; the text shows it once.
func TestPrintResultShowsEachProblemOnce(t *testing.T) {
	t.Parallel()
	r := result.Result{ID: "gate", Gate: "gate", Status: result.Error, Error: "problem one\nproblem two",
		Findings: []result.Finding{
			{Severity: result.SeverityError, Message: "problem one"},
			{Severity: result.SeverityError, Message: "problem two"},
			{Severity: result.SeverityWarning, Message: "something else"},
		}}
	var b strings.Builder
	printResult(&b, r)
	out := b.String()
	for _, want := range []string{"  error: problem one\n", "  error: problem two\n", "  warning: something else\n"} {
		if strings.Count(out, want) != 1 {
			t.Errorf("output has %q %d times; want once:\n%s", want, strings.Count(out, want), out)
		}
	}
	if strings.Count(out, "problem one") != 1 {
		t.Errorf("problem one printed more than once:\n%s", out)
	}
}
