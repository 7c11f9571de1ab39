package train

import (
	"context"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"time"

	"github.com/mlgate/mlgate/internal/proc"
	"github.com/mlgate/mlgate/internal/result"
	"github.com/mlgate/mlgate/internal/train/smoke"
)

// SmokeOptions configure [Smoke].
type SmokeOptions struct {
	ID, Title string
	Command   Command
	Loss      LossSource
	Decision  smoke.Options
	// Changed are checkpoint files or directories that must differ before
	// and after the run.
	Changed []string
	// ResultsDir holds the run's log and run directory.
	ResultsDir string
	// Env is the base environment of the command.
	Env []string
	// Live receives the command's output as it runs.
	Live io.Writer
	Now  func() time.Time
}

// Smoke runs a short training and judges its loss curve.
func Smoke(ctx context.Context, o SmokeOptions) (res result.Result) {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.ID == "" {
		o.ID = "smoke"
	}
	st := started{id: o.ID, gate: "smoke", title: o.Title, at: o.Now(), now: o.Now}
	defer func() {
		if p := recover(); p != nil {
			res = st.errored(fmt.Errorf("internal error: %v", p))
		}
	}()
	if err := o.Loss.Validate(); err != nil {
		return st.errored(err)
	}
	runDir := filepath.Join(o.ResultsDir, o.ID+".run")
	if err := os.RemoveAll(runDir); err != nil {
		return st.errored(fmt.Errorf("cleaning the run dir: %w", err))
	}
	if err := os.MkdirAll(runDir, 0o755); err != nil {
		return st.errored(fmt.Errorf("creating the run dir: %w", err))
	}
	before := map[string]string{}
	for _, p := range o.Changed {
		h, err := hashTree(p)
		if err != nil && !os.IsNotExist(err) {
			return st.errored(fmt.Errorf("--changed %s: %w", p, err))
		}
		before[p] = h
	}
	lr, err := newLossReader(o.Loss, runDir)
	if err != nil {
		return st.errored(err)
	}
	absRun, _ := filepath.Abs(runDir)
	spec := runSpec(o.Command, environ(o.Env, "MLGATE_RUN_DIR="+absRun), filepath.Join(o.ResultsDir, o.ID+".log"), o.Live, lr.onLine)
	run, err := proc.Run(ctx, spec)
	if err != nil {
		return st.errored(fmt.Errorf("running %s: %w", o.Command, err))
	}

	res = st.result()
	var findings []result.Finding
	status := result.Pass
	if runFailed(run) {
		findings = append(findings, result.Finding{Severity: result.SeverityError, Check: "command", Message: runFailure("the training command", run)})
		status = result.Fail
	}
	s, err := lr.series()
	if err != nil {
		if status == result.Fail {
			res.Status, res.Findings = status, findings
			res.Summary = "the training command failed before writing a loss"
			st.finish(&res)
			return res
		}
		return st.errored(fmt.Errorf("reading the loss: %w", err))
	}
	values := make([]float64, len(s.Points))
	steps := make([]int64, len(s.Points))
	for i, p := range s.Points {
		values[i], steps[i] = p.Value, p.Step
	}
	v := smoke.Decide(values, steps, o.Decision)
	if v.Status == result.Error && status != result.Fail {
		r := st.errored(fmt.Errorf("%s", joinReasons(v.Reasons)))
		r.Metrics = []result.Metric{{Name: "loss points", Value: result.F(float64(len(values)))}}
		return r
	}
	// When the command failed, that is the verdict (too few points is then
	// only why); otherwise the loss decides.
	if status != result.Fail || v.Status != result.Error {
		status = result.Worst(status, v.Status)
	}
	for _, reason := range v.Reasons {
		sev := result.SeverityNotice
		if v.Status == result.Fail || v.Status == result.Error {
			sev = result.SeverityError
		}
		findings = append(findings, result.Finding{Severity: sev, Check: "loss", Message: reason})
	}
	for _, p := range o.Changed {
		after, err := hashTree(p)
		switch {
		case err != nil:
			status = result.Worst(status, result.Fail)
			findings = append(findings, result.Finding{Severity: result.SeverityError, Check: "changed", Message: fmt.Sprintf("%s: %v after the run", p, err), Location: &result.Location{File: p}})
		case after == before[p]:
			status = result.Worst(status, result.Fail)
			findings = append(findings, result.Finding{Severity: result.SeverityError, Check: "changed", Message: fmt.Sprintf("%s did not change during training: the parameters were not updated", p), Location: &result.Location{File: p}})
		}
	}
	res.Status = status
	res.Findings = findings
	res.Metrics = []result.Metric{
		{Name: "loss points", Value: result.F(float64(len(values)))},
		{Name: "loss start (median)", Value: result.F(v.StartMedian)},
		{Name: "loss end (median)", Value: result.F(v.EndMedian)},
		{Name: "relative decrease", Value: result.F(v.RelDecrease), Rule: fmt.Sprintf(">= %g", v.Options.MinDecrease), Status: pass(v.RelDecrease >= v.Options.MinDecrease)},
		{Name: "Mann-Kendall p (decrease)", Value: result.F(v.MK.PDecrease), Rule: fmt.Sprintf("< %g", v.Options.Alpha), Status: pass(v.MK.PDecrease < v.Options.Alpha)},
		{Name: "Theil-Sen slope", Value: result.F(v.Slope), Rule: "< 0", Status: pass(v.Slope < 0)},
		{Name: "peak memory", Value: result.F(float64(run.PeakRSSBytes) / (1 << 20)), Unit: "MiB"},
		{Name: "run time", Value: result.F(math.Round(run.Duration.Seconds()*10) / 10), Unit: "s"},
	}
	if len(values) > 0 {
		res.Charts = []result.Chart{smoke.Chart(values, steps, 60)}
	}
	res.Summary = fmt.Sprintf("loss %s → %s (%s) %s", num(v.StartMedian), num(v.EndMedian), pctChange(v.RelDecrease), smoke.Sparkline(values))
	if runFailed(run) {
		res.Summary = "the training command " + exitWhy(run)
	}
	st.finish(&res)
	return res
}

func joinReasons(rs []string) string {
	out := ""
	for i, r := range rs {
		if i > 0 {
			out += "; "
		}
		out += r
	}
	return out
}

func pass(ok bool) result.Status {
	if ok {
		return result.Pass
	}
	return result.Fail
}

func num(f float64) string { return fmt.Sprintf("%.4g", f) }

func pctChange(dec float64) string {
	if math.IsNaN(dec) || math.IsInf(dec, 0) {
		return "n/a"
	}
	return fmt.Sprintf("-%.1f%%", dec*100)
}
