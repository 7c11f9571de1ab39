package report

import (
	"math"
	"strconv"
	"time"

	"github.com/mlgate/mlgate/internal/result"
)

var started = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)

// hostile is user data that tries every trick the report must defuse.
const hostile = "| <script>alert(1)</script> @octocat <!-- mlgate:report key=x --> ```\n# heading\n> quote [link](http://x) ![img](y) *em* _u_ ~~s~~ \\ $x$"

// fixtures is the representative result set of the golden files.
func fixtures() []result.Result {
	base := result.Result{Version: 1, StartedAt: started, Tool: result.Tool{Name: "mlgate", Version: "test"}}

	pass := base
	pass.ID, pass.Gate, pass.Title, pass.Status = "data", "data", "Training data", result.Pass
	pass.Summary, pass.DurationMS = "12,000 rows, 0 schema violations, PSI 0.02", 340
	pass.Metrics = []result.Metric{{Name: "psi.age", Value: result.F(0.021), Rule: "< 0.2", Status: result.Pass}}

	fail := base
	fail.ID, fail.Gate, fail.Title, fail.Status = "model", "gate", "Model quality", result.Fail
	fail.Summary, fail.DurationMS = "accuracy 0.87 < 0.90", 1234
	fail.Metrics = []result.Metric{
		{Name: "accuracy", Value: result.F(0.87), Baseline: result.F(0.91), Rule: ">= 0.9", Status: result.Fail, Message: "below threshold",
			Interval: &result.Interval{Lo: 0.86, Hi: 0.88, Level: 0.95}},
		{Name: "f1", Value: result.F(0.8312), Baseline: result.F(0.8301), Rule: "no worse than baseline - 0.01", Status: result.Pass,
			Interval: &result.Interval{Lo: -0.004, Hi: 0.0062, Level: 0.95, Of: "delta"}},
		{Name: "latency_p95", Value: result.F(41.5), Baseline: result.F(38), Unit: "ms", Rule: "<= 50", Status: result.Pass},
		{Name: "recall.minority", Value: nil, Rule: ">= 0.5", Status: result.Fail, Message: "metric missing"},
		{Name: "loss", Value: result.F(math.NaN()), Baseline: result.F(0.3), Status: result.Fail},
	}
	for i := range 23 {
		fail.Findings = append(fail.Findings, result.Finding{
			Severity: result.SeverityError, Check: "slice.accuracy",
			Message:  "accuracy below 0.8 on slice country=" + strconv.Itoa(i),
			Location: &result.Location{File: "eval/slices.csv", Line: i + 2, Column: 3, Field: "country"},
		})
	}
	fail.FindingsOmitted = 7

	errd := result.Errored("canary", "canary", started, errString("calling http://localhost:8080/v2/models/m/infer: connection refused\nretried 3 times\n```\nlast response: <none>"))
	errd.Title, errd.DurationMS, errd.Tool = "Canary", 65_000, base.Tool

	warn := base
	warn.ID, warn.Gate, warn.Title, warn.Status = "smoke", "smoke", "Smoke training", result.Warn
	warn.DurationMS = 2*60_000 + 5_000
	warn.Metrics = []result.Metric{{Name: "loss.slope", Value: result.F(-0.0004), Rule: "< 0", Status: result.Warn, Message: "loss decreases slowly"}}
	warn.Findings = []result.Finding{{Severity: result.SeverityWarning, Message: "step 3: gradient norm 1e+04", Location: &result.Location{Line: 3}}}
	nan := result.Float(math.NaN())
	inf := result.Float(math.Inf(1))
	warn.Charts = []result.Chart{{
		Title: "Loss \"curve\"\n```", XLabel: "step", YLabel: "loss [nats] 100%",
		Series: []result.Series{
			{Name: "train", Values: []result.Float{2.3, 1.9, nan, 1.2, 1.0, inf, 0.8}},
			{Name: "val", Kind: "bar", Values: []result.Float{2.4, 2.0, 1.7, 1.4, 1.2, 1.1, 1.0}},
		},
	}}

	skip := base
	skip.ID, skip.Gate, skip.Status, skip.Summary = "repro", "repro", result.Skip, "no checkpoint configured"

	evil := base
	evil.ID, evil.Gate, evil.Title, evil.Status = "evil", "data", hostile, result.Fail
	evil.Summary, evil.Error = hostile, ""
	evil.Metrics = []result.Metric{{Name: hostile, Value: result.F(1), Rule: hostile, Status: result.Fail, Message: hostile, Unit: "<b>"}}
	evil.Findings = []result.Finding{{Severity: "error", Check: hostile, Message: hostile,
		Location: &result.Location{File: hostile, Line: 1, Column: 2, Field: hostile, Pointer: hostile}}}
	evil.Charts = []result.Chart{{Title: hostile, XLabel: hostile, YLabel: hostile, X: []string{hostile, "b"},
		Series: []result.Series{{Name: hostile, Values: []result.Float{1, 2}}}}}

	return []result.Result{pass, fail, errd, warn, skip, evil}
}

type errString string

func (e errString) Error() string { return string(e) }

// bigResult is a failing result with n findings, 10 metrics and a long chart.
func bigResult(id string, n int) result.Result {
	r := result.Result{Version: 1, ID: id, Gate: "data", Title: "Big " + id, Status: result.Fail, DurationMS: 1500, StartedAt: started}
	for i := range 10 {
		r.Metrics = append(r.Metrics, result.Metric{Name: "metric_" + strconv.Itoa(i), Value: result.F(float64(i) / 7),
			Baseline: result.F(0.5), Rule: ">= 0.5", Status: result.Fail})
	}
	r.Findings = make([]result.Finding, n)
	for i := range r.Findings {
		r.Findings[i] = result.Finding{Severity: result.SeverityError, Check: "schema.type",
			Message:  "value \"abc\" is not a number",
			Location: &result.Location{File: "data/train.csv", Line: i + 2, Column: 4, Field: "age"}}
	}
	vals := make([]result.Float, 500)
	for i := range vals {
		vals[i] = result.Float(1 / float64(i+1))
	}
	r.Charts = []result.Chart{{Title: "loss", Series: []result.Series{{Name: "train", Values: vals}}}}
	return r
}
