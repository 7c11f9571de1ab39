package gate

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/mlgate/mlgate/internal/result"
)

var update = flag.Bool("update", false, "rewrite golden files")

// fakeClock returns t0 on the first call and t0+1.5ms afterwards.
func fakeClock() func() time.Time {
	t0 := time.Date(2025, 3, 1, 12, 0, 0, 0, time.FixedZone("X", 3600))
	calls := 0
	return func() time.Time {
		calls++
		if calls == 1 {
			return t0
		}
		return t0.Add(1500 * time.Microsecond)
	}
}

// checkResult validates res against the result contract: Validate and the
// JSON Schema. It returns the encoded result.
func checkResult(t *testing.T, res result.Result) []byte {
	t.Helper()
	if err := res.Validate(); err != nil {
		t.Errorf("Validate: %v", err)
	}
	c := jsonschema.NewCompiler()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(result.SchemaJSON))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.AddResource("result.json", doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("result.json")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := result.Encode(&buf, res); err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if err := sch.Validate(inst); err != nil {
		t.Errorf("result does not match schema: %v\n%s", err, buf.Bytes())
	}
	return buf.Bytes()
}

func TestRun(t *testing.T) {
	t.Parallel()
	const cand, base = "testdata/candidate.json", "testdata/baseline.json"
	tests := []struct {
		name     string
		opt      Options
		status   result.Status
		summary  string
		metrics  []string // "STATUS MESSAGE" per rule
		errParts []string // for status error: substrings of Error, in order
	}{
		{
			name: "mixed",
			opt: Options{ID: "model", Title: "Model quality", CandidatePaths: []string{cand}, BaselinePath: base,
				Rules: []string{"accuracy >= 0.90", "f1: max_drop=0.01", "latency_ms <= 50"}},
			status: result.Fail, summary: "3 checks: 2 failed, 1 passed",
			metrics: []string{"fail 0.87 < 0.9 (want >= 0.9)", "fail dropped 0.021 from 0.8 (-2.63%); over max_drop=0.01", "pass 42 <= 50"},
		},
		{
			name:   "all pass",
			opt:    Options{CandidatePaths: []string{cand}, BaselinePath: base, Rules: []string{"eval.auc: max_drop=0.02", "eval.loss: max_drop_pct=20", "folds.1.auc > 0.9"}},
			status: result.Pass, summary: "3 checks: 3 passed",
			metrics: []string{"pass dropped 0.01 from 0.92 (-1.09%)", "pass rose 0.05 from 0.3 (+16.7%)", "pass 0.93 > 0.9"},
		},
		{
			name:   "first run",
			opt:    Options{CandidatePaths: []string{cand}, Rules: []string{"f1: max_drop=0.01", "accuracy >= 0.5"}},
			status: result.Warn, summary: "2 checks: 1 warned, 1 passed",
			metrics: []string{"warn no baseline: first run (--baseline not set)", "pass 0.87 >= 0.5"},
		},
		{
			name:   "baseline file absent",
			opt:    Options{CandidatePaths: []string{cand}, BaselinePath: "testdata/nope.json", Rules: []string{"f1: max_drop=0.01"}},
			status: result.Warn, summary: "1 check: 1 warned",
			metrics: []string{"warn no baseline: first run (testdata/nope.json does not exist)"},
		},
		{
			name:   "missing metric matrix",
			opt:    Options{CandidatePaths: []string{cand}, BaselinePath: base, Rules: []string{"old_metric >= 0.1", "recall: max_drop=0.1", "zero_loss: max_drop_pct=10"}},
			status: result.Fail, summary: "3 checks: 3 failed",
			metrics: []string{"fail missing from candidate (baseline testdata/baseline.json has 0.5)", "fail missing from baseline testdata/baseline.json",
				"fail rose 0.5 from 0; over max_drop_pct=10 (any worsening from a zero baseline fails)"},
		},
		{
			name:     "unknown metric with baseline",
			opt:      Options{CandidatePaths: []string{cand}, BaselinePath: base, Rules: []string{"acuracy >= 0.9"}},
			status:   result.Error,
			errParts: []string{`unknown metric acuracy in rule "acuracy >= 0.9": not in testdata/candidate.json or testdata/baseline.json; did you mean accuracy?`},
		},
		{
			name:     "unknown metric suggests a nested path",
			opt:      Options{CandidatePaths: []string{cand}, Rules: []string{"auc >= 0.9", "zzz >= 1"}},
			status:   result.Error,
			errParts: []string{`unknown metric auc in rule "auc >= 0.9": not in testdata/candidate.json; did you mean eval.auc?`, `unknown metric zzz in rule "zzz >= 1": not in testdata/candidate.json`},
		},
		{
			name:     "not a number",
			opt:      Options{CandidatePaths: []string{cand}, BaselinePath: base, Rules: []string{"name >= 1"}},
			status:   result.Error,
			errParts: []string{`rule "name >= 1": testdata/candidate.json:14: metric name is a string ("resnet"); want a number`},
		},
		{
			name:     "malformed baseline",
			opt:      Options{CandidatePaths: []string{cand}, BaselinePath: "testdata/bad_value.json", Rules: []string{"f1: max_drop=0.01"}},
			status:   result.Error,
			errParts: []string{"baseline: testdata/bad_value.json:3:9: invalid JSON"},
		},
		{
			name:     "every problem at once",
			opt:      Options{CandidatePaths: []string{"testdata/bad_indent.yaml"}, Rules: []string{"f1 max_drop=1", "accuracy >= 0.9", "widgets: max_drop=1"}},
			status:   result.Error,
			errParts: []string{`rule "f1 max_drop=1": `, `rule "widgets: max_drop=1": cannot tell`, "testdata/bad_indent.yaml:3:2: invalid YAML"},
		},
		{
			name:     "missing candidate file",
			opt:      Options{CandidatePaths: []string{"testdata/nope.json"}, Rules: []string{"f1 >= 1"}},
			status:   result.Error,
			errParts: []string{"reading metrics testdata/nope.json: "},
		},
		{name: "no rules", opt: Options{CandidatePaths: []string{cand}}, status: result.Error, errParts: []string{"no rules: add --rule"}},
		{name: "no candidate", opt: Options{Rules: []string{"f1 >= 1"}}, status: result.Error, errParts: []string{"no candidate metrics file: add --candidate"}},
		{name: "invalid id", opt: Options{ID: "../x", CandidatePaths: []string{cand}, Rules: []string{"f1 >= 1"}}, status: result.Error, errParts: []string{`invalid id "../x"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tt.opt.Now = fakeClock()
			tt.opt.ToolVersion = "1.2.3"
			res := Run(context.Background(), tt.opt)
			checkResult(t, res)
			if res.Status != tt.status {
				t.Fatalf("status = %s (error %q); want %s", res.Status, res.Error, tt.status)
			}
			if res.Gate != "gate" || res.Tool != (result.Tool{Name: "mlgate", Version: "1.2.3"}) || res.DurationMS != 1.5 ||
				!res.StartedAt.Equal(time.Date(2025, 3, 1, 11, 0, 0, 0, time.UTC)) || res.StartedAt.Location() != time.UTC {
				t.Errorf("header = gate %q tool %v duration %v started %v", res.Gate, res.Tool, res.DurationMS, res.StartedAt)
			}
			wantID := tt.opt.ID
			if wantID == "" || !result.ValidID(wantID) {
				wantID = "gate"
			}
			if res.ID != wantID {
				t.Errorf("id = %q; want %q", res.ID, wantID)
			}
			if tt.status == result.Error {
				rest := res.Error
				for _, p := range tt.errParts {
					i := strings.Index(rest, p)
					if i < 0 {
						t.Fatalf("error %q lacks %q (or has it out of order)", res.Error, p)
					}
					rest = rest[i+len(p):]
				}
				if len(res.Metrics) != 0 {
					t.Errorf("error result has metrics: %v", res.Metrics)
				}
				if len(res.Findings) != strings.Count(res.Error, "\n")+1 {
					t.Errorf("%d findings for error %q; want one per problem", len(res.Findings), res.Error)
				}
				return
			}
			if res.Summary != tt.summary {
				t.Errorf("summary = %q; want %q", res.Summary, tt.summary)
			}
			if len(res.Metrics) != len(tt.metrics) {
				t.Fatalf("%d metrics; want %d", len(res.Metrics), len(tt.metrics))
			}
			nonPass := 0
			for i, m := range res.Metrics {
				if got := string(m.Status) + " " + m.Message; got != tt.metrics[i] {
					t.Errorf("metric %d = %q; want %q", i, got, tt.metrics[i])
				}
				if m.Rule != strings.TrimSpace(tt.opt.Rules[i]) {
					t.Errorf("metric %d rule = %q", i, m.Rule)
				}
				if m.Status != result.Pass {
					nonPass++
				}
			}
			if len(res.Findings) != nonPass {
				t.Errorf("%d findings; want %d, one per rule that did not pass", len(res.Findings), nonPass)
			}
		})
	}
}

func TestRunFindingLocation(t *testing.T) {
	t.Parallel()
	res := Run(context.Background(), Options{CandidatePaths: []string{"testdata/candidate.json"}, Now: fakeClock(),
		Rules: []string{"accuracy >= 0.95", "eval.loss <= 0.1", "f1: max_drop=0.1", "latency_ms < 100"}})
	want := []result.Finding{
		{Severity: result.SeverityError, Check: "accuracy >= 0.95", Message: "accuracy: 0.87 < 0.95 (want >= 0.95)",
			Location: &result.Location{File: "testdata/candidate.json", Line: 2, Field: "accuracy"}},
		{Severity: result.SeverityError, Check: "eval.loss <= 0.1", Message: "eval.loss: 0.35 > 0.1 (want <= 0.1)",
			Location: &result.Location{File: "testdata/candidate.json", Line: 7, Field: "eval.loss"}},
		{Severity: result.SeverityWarning, Check: "f1: max_drop=0.1", Message: "f1: no baseline: first run (--baseline not set)",
			Location: &result.Location{File: "testdata/candidate.json", Line: 3, Field: "f1"}},
	}
	if len(res.Findings) != len(want) {
		t.Fatalf("findings = %+v; want %d", res.Findings, len(want))
	}
	for i, f := range res.Findings {
		if f.Severity != want[i].Severity || f.Check != want[i].Check || f.Message != want[i].Message || *f.Location != *want[i].Location {
			t.Errorf("finding %d = %+v %+v; want %+v %+v", i, f, f.Location, want[i], want[i].Location)
		}
	}
}

func TestRunErrorFindingLocation(t *testing.T) {
	t.Parallel()
	res := Run(context.Background(), Options{CandidatePaths: []string{"testdata/bad_value.json"}, Now: fakeClock(), Rules: []string{"f1 >= 1"}})
	if len(res.Findings) != 1 || res.Findings[0].Location == nil ||
		*res.Findings[0].Location != (result.Location{File: "testdata/bad_value.json", Line: 3, Column: 9}) {
		t.Errorf("findings = %+v; want one at testdata/bad_value.json:3:9", res.Findings)
	}
}

func TestRunCanceled(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	res := Run(ctx, Options{CandidatePaths: []string{"testdata/candidate.json"}, Rules: []string{"f1 >= 0"}, Now: fakeClock()})
	checkResult(t, res)
	if res.Status != result.Error || !strings.Contains(res.Error, "context canceled") {
		t.Errorf("status %s error %q; want a canceled error", res.Status, res.Error)
	}
}

func TestRunNilClock(t *testing.T) {
	t.Parallel()
	res := Run(context.Background(), Options{CandidatePaths: []string{"testdata/candidate.json"}, Rules: []string{"f1 >= 0"}})
	checkResult(t, res)
	if res.Status != result.Pass || res.StartedAt.IsZero() {
		t.Errorf("status %s started %v", res.Status, res.StartedAt)
	}
}

func TestRunNaNAndYAML(t *testing.T) {
	t.Parallel()
	res := Run(context.Background(), Options{CandidatePaths: []string{"testdata/candidate.yaml"}, Now: fakeClock(),
		Rules: []string{"eval.grad < 1", "eval.perplexity <= 100", "eval.rmse <= 0.01"}})
	out := checkResult(t, res)
	got := []string{}
	for _, m := range res.Metrics {
		got = append(got, string(m.Status)+" "+m.Message)
	}
	want := []string{"fail value is NaN", "fail +Inf > 100 (want <= 100)", "pass 0.001 <= 0.01"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("metrics = %q; want %q", got, want)
	}
	if !bytes.Contains(out, []byte(`"value": "NaN"`)) || !bytes.Contains(out, []byte(`"value": "+Inf"`)) {
		t.Errorf("NaN and +Inf not encoded as strings:\n%s", out)
	}
}

// TestGolden pins the whole encoded result of typical runs; regenerate with
// go test ./internal/gate -update.
func TestGolden(t *testing.T) {
	t.Parallel()
	tests := map[string]Options{
		"mixed": {ID: "model", Title: "Model quality", CandidatePaths: []string{"testdata/candidate.json"}, BaselinePath: "testdata/baseline.json",
			Rules: []string{"accuracy >= 0.90", "f1: max_drop=0.01", "latency_ms <= 50", "old_metric >= 0.1"}},
		"first_run": {CandidatePaths: []string{"testdata/candidate.yaml"}, BaselinePath: "testdata/nope.yaml",
			Rules: []string{"eval.accuracy: max_drop_pct=1", "folds.0.auc >= 0.75"}},
		"error": {CandidatePaths: []string{"testdata/candidate.json"}, BaselinePath: "testdata/bad_trailing_comma.json",
			Rules: []string{"acc >= 0.9", "f1: max_dorp=0.1"}},
	}
	for name, opt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			opt.Now = fakeClock()
			opt.ToolVersion = "test"
			got := checkResult(t, Run(context.Background(), opt))
			path := filepath.Join("testdata", "golden", name+".json")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update to create)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("result differs from %s (run with -update to accept):\n%s", path, got)
			}
		})
	}
}
