// Package canary is the canary gate: it checks that a deployed model loads,
// answers, gives the predictions the training pipeline produced offline,
// holds its latency and error budgets under load, and agrees with the
// stable version.
package canary

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"sort"
	"strings"
	"sync/atomic"
	"time"

	"github.com/mlgate/mlgate/internal/clock"

	"github.com/mlgate/mlgate/internal/canary/judge"
	"github.com/mlgate/mlgate/internal/canary/load"
	"github.com/mlgate/mlgate/internal/canary/protocol"
	"github.com/mlgate/mlgate/internal/result"
)

// Kind is the gate kind written into results.
const Kind = "canary"

// Endpoint names one deployed model.
type Endpoint struct {
	Protocol protocol.Protocol
	Name     string // "canary" or "stable", for messages
}

// Options configure [Run].
type Options struct {
	ID, Title string
	Canary    protocol.Protocol
	// Stable, when set, is compared with the canary.
	Stable protocol.Protocol
	// Golden are the examples with their offline predictions.
	Golden     []protocol.Example
	GoldenPath string
	Atol, Rtol float64
	// ReadyTimeout bounds the readiness polls.
	ReadyTimeout time.Duration
	// Load: a fixed arrival rate for a duration; zero Rate skips it.
	Load   load.Options
	Budget load.Budget
	// AgreementFloor is the least share of examples on which canary and
	// stable must give the same prediction.
	AgreementFloor float64
	Judge          judge.Options
	Client         *http.Client
	Now            func() time.Time
	Sleep          func(ctx context.Context, d time.Duration) error
}

// Run verifies the canary. It never panics; an unreachable service is an
// error result that shows the last response.
func Run(ctx context.Context, o Options) (res result.Result) {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.ID == "" {
		o.ID = Kind
	}
	if o.AgreementFloor == 0 {
		o.AgreementFloor = 0.99
	}
	start := o.Now()
	res = result.Result{Version: result.Version, ID: o.ID, Gate: Kind, Title: o.Title, StartedAt: start.UTC()}
	errored := func(err error) result.Result {
		r := result.Errored(o.ID, Kind, start, err)
		r.Title = o.Title
		r.DurationMS = float64(o.Now().Sub(start).Microseconds()) / 1000
		return r
	}
	defer func() {
		if p := recover(); p != nil {
			res = errored(fmt.Errorf("internal error: %v", p))
		}
	}()
	if o.Canary == nil {
		return errored(errors.New("no endpoint: give --endpoint URL"))
	}
	if len(o.Golden) == 0 && o.Load.Rate == 0 {
		return errored(errors.New("nothing to check: give --golden FILE and/or --rps with --duration"))
	}

	var metrics []result.Metric
	var findings []result.Finding
	status := result.Pass
	worse := func(s result.Status) { status = result.Worst(status, s) }

	// Readiness.
	for _, ep := range endpoints(o) {
		waited, err := waitReady(ctx, o, ep.Protocol)
		if err != nil {
			res.Status = result.Fail
			res.Summary = fmt.Sprintf("the %s model never became ready", ep.Name)
			res.Findings = []result.Finding{{Severity: result.SeverityError, Check: "ready", Message: fmt.Sprintf("%s (%s) was not ready after %s: %v", ep.Name, ep.Protocol.Name(), o.ReadyTimeout, err)}}
			res.DurationMS = float64(o.Now().Sub(start).Microseconds()) / 1000
			return res
		}
		metrics = append(metrics, result.Metric{Name: ep.Name + " ready after", Value: result.F(math.Round(waited.Seconds()*1000) / 1000), Unit: "s", Status: result.Pass})
	}

	// Golden set: served predictions must match the offline ones.
	var canaryPreds []protocol.Prediction
	if len(o.Golden) > 0 {
		preds, mism, errs := predictAll(ctx, o, o.Canary)
		canaryPreds = preds
		matched := len(o.Golden) - len(mism) - len(errs)
		m := result.Metric{Name: "golden set matches", Value: result.F(float64(matched)), Rule: fmt.Sprintf("= %d examples", len(o.Golden)), Status: result.Pass}
		if matched != len(o.Golden) {
			m.Status = result.Fail
			m.Message = fmt.Sprintf("%d mismatched, %d failed requests", len(mism), len(errs))
			worse(result.Fail)
		}
		metrics = append(metrics, m)
		for _, f := range append(mism, errs...) {
			findings = append(findings, f)
		}
	}

	// Canary vs stable agreement on the same requests.
	if o.Stable != nil && len(o.Golden) > 0 {
		stablePreds, _, errs := predictAll(ctx, o, o.Stable)
		agree, compared := 0, 0
		for i := range o.Golden {
			if canaryPreds[i].Label == nil && canaryPreds[i].Scores == nil || stablePreds[i].Label == nil && stablePreds[i].Scores == nil {
				continue
			}
			compared++
			if ok, _ := protocol.Compare(stablePreds[i], canaryPreds[i], o.Atol, o.Rtol); ok {
				agree++
			}
		}
		rate := 0.0
		if compared > 0 {
			rate = float64(agree) / float64(compared)
		}
		m := result.Metric{Name: "agreement with stable", Value: result.F(rate), Rule: fmt.Sprintf(">= %g", o.AgreementFloor), Status: result.Pass}
		if compared == 0 || rate < o.AgreementFloor {
			m.Status = result.Fail
			m.Message = fmt.Sprintf("%d of %d predictions agree", agree, compared)
			worse(result.Fail)
		}
		metrics = append(metrics, m)
		for _, f := range errs {
			f.Message = "stable: " + f.Message
			findings = append(findings, f)
		}
	}

	// Load: budgets, and latency compared with stable.
	summary := fmt.Sprintf("%d golden examples", len(o.Golden))
	if o.Load.Rate > 0 {
		cs, err := load.Run(ctx, o.Load, requester(o, o.Canary))
		if err != nil {
			return errored(fmt.Errorf("load test of the canary: %w", err))
		}
		ms, fs := budgetResults("canary", cs, o.Budget)
		metrics = append(metrics, ms...)
		findings = append(findings, fs...)
		if len(fs) > 0 {
			worse(result.Fail)
		}
		summary += fmt.Sprintf(", %d requests at %.0f rps: p95 %s", cs.Sent, cs.Achieved, cs.P95.Round(100*time.Microsecond))
		if o.Stable != nil {
			ss, err := load.Run(ctx, o.Load, requester(o, o.Stable))
			if err != nil {
				return errored(fmt.Errorf("load test of stable: %w", err))
			}
			v := judge.Judge(seconds(cs.Latencies), seconds(ss.Latencies), o.Judge)
			m := result.Metric{Name: "latency vs stable (median change)", Value: result.F(v.RelChange),
				Rule: fmt.Sprintf("Mann-Whitney, tolerance %g: %s", o.Judge.Tolerance, v.Classification), Message: v.Reason, Status: v.Status()}
			worse(m.Status)
			metrics = append(metrics, m,
				result.Metric{Name: "latency Mann-Whitney p (canary slower)", Value: result.F(v.P)},
				result.Metric{Name: "latency effect size P(canary > stable)", Value: result.F(v.Effect)})
			summary += fmt.Sprintf(", latency vs stable: %s", v.Classification)
		}
	}
	res.Status = status
	res.Summary = summary
	res.Metrics = metrics
	res.Findings = findings
	// ML Test Score: the model is canaried before serving (infra-6); a
	// golden set also shows that serving predicts what training did
	// (monitor-3).
	res.MLTests = []string{"infra-6"}
	if len(o.Golden) > 0 {
		res.MLTests = append(res.MLTests, "monitor-3")
	}
	res.DurationMS = float64(o.Now().Sub(start).Microseconds()) / 1000
	return res
}

func endpoints(o Options) []Endpoint {
	eps := []Endpoint{{Protocol: o.Canary, Name: "canary"}}
	if o.Stable != nil {
		eps = append(eps, Endpoint{Protocol: o.Stable, Name: "stable"})
	}
	return eps
}

// waitReady polls readiness with exponential backoff (100 ms doubling to
// 5 s) until ReadyTimeout; it returns how long it waited or the last error.
func waitReady(ctx context.Context, o Options, p protocol.Protocol) (time.Duration, error) {
	start := o.Now()
	timeout := o.ReadyTimeout
	if timeout <= 0 {
		timeout = 60 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	wait := 100 * time.Millisecond
	for {
		err := p.Ready(ctx, o.Client)
		if err == nil {
			return o.Now().Sub(start), nil
		}
		if ctx.Err() != nil {
			return 0, err
		}
		if serr := sleepCtx(ctx, o, wait); serr != nil {
			return 0, err
		}
		wait = min(wait*2, 5*time.Second)
	}
}

func sleepCtx(ctx context.Context, o Options, d time.Duration) error {
	if o.Sleep != nil {
		return o.Sleep(ctx, d)
	}
	return clock.Sleep(ctx, d)
}

// predictAll sends every golden example once. It returns the predictions
// (zero for failed requests), findings for mismatches, and findings for
// failed requests, each naming the example id.
func predictAll(ctx context.Context, o Options, p protocol.Protocol) ([]protocol.Prediction, []result.Finding, []result.Finding) {
	preds := make([]protocol.Prediction, len(o.Golden))
	var mism, errs []result.Finding
	for i, ex := range o.Golden {
		got, err := p.Predict(ctx, o.Client, ex)
		if err != nil {
			errs = append(errs, result.Finding{Severity: result.SeverityError, Check: "request", Message: fmt.Sprintf("example %s: %v", ex.ID, err), Location: goldenLoc(o, ex)})
			continue
		}
		preds[i] = got
		if ex.Want == nil {
			continue
		}
		if ok, why := protocol.Compare(*ex.Want, got, o.Atol, o.Rtol); !ok {
			mism = append(mism, result.Finding{Severity: result.SeverityError, Check: "golden", Message: fmt.Sprintf("example %s: %s", ex.ID, why), Location: goldenLoc(o, ex)})
		}
	}
	return preds, mism, errs
}

func goldenLoc(o Options, ex protocol.Example) *result.Location {
	if o.GoldenPath == "" {
		return nil
	}
	return &result.Location{File: o.GoldenPath, Field: ex.ID}
}

// requester sends golden examples round-robin (or an empty example when
// there are none) for the load test.
func requester(o Options, p protocol.Protocol) load.Request {
	var i atomic.Uint64
	return func(ctx context.Context) error {
		ex := protocol.Example{ID: "load"}
		if len(o.Golden) > 0 {
			ex = o.Golden[int(i.Add(1)-1)%len(o.Golden)]
		}
		_, err := p.Predict(ctx, o.Client, ex)
		return err
	}
}

// budgetResults turns load statistics into metrics and budget findings.
func budgetResults(name string, s load.Stats, b load.Budget) ([]result.Metric, []result.Finding) {
	ms := []result.Metric{
		{Name: name + " requests", Value: result.F(float64(s.Sent))},
		{Name: name + " achieved rate", Value: result.F(math.Round(s.Achieved*10) / 10), Unit: "rps"},
		latencyMetric(name+" p50 latency", s.P50, b.P50),
		latencyMetric(name+" p95 latency", s.P95, b.P95),
		latencyMetric(name+" p99 latency", s.P99, b.P99),
		rateMetric(name+" error rate", s.ErrorRate(), b.MaxErrorRate),
		rateMetric(name+" timeout rate", s.TimeoutRate(), b.MaxTimeoutRate),
	}
	var fs []result.Finding
	for _, v := range b.Check(s) {
		fs = append(fs, result.Finding{Severity: result.SeverityError, Check: "budget", Message: name + ": " + v.String()})
	}
	return ms, fs
}

func latencyMetric(name string, got, limit time.Duration) result.Metric {
	m := result.Metric{Name: name, Value: result.F(float64(got.Microseconds()) / 1000), Unit: "ms"}
	if limit > 0 {
		m.Rule = fmt.Sprintf("<= %g ms", float64(limit.Microseconds())/1000)
		m.Status = result.Pass
		if got > limit {
			m.Status = result.Fail
		}
	}
	return m
}

func rateMetric(name string, r, limit float64) result.Metric {
	m := result.Metric{Name: name, Value: result.F(r), Rule: fmt.Sprintf("<= %g", limit), Status: result.Pass}
	if r > limit {
		m.Status = result.Fail
	}
	return m
}

func seconds(ds []time.Duration) []float64 {
	out := make([]float64, len(ds))
	for i, d := range ds {
		out[i] = d.Seconds()
	}
	sort.Float64s(out)
	return out
}

// ParseHeader parses "Name: value" where value may be "env:VAR" to read a
// secret from the environment; it returns the name, the value and whether
// the value is a secret to mask.
func ParseHeader(s string, getenv func(string) string) (name, value string, secret bool, err error) {
	name, value, ok := strings.Cut(s, ":")
	name, value = strings.TrimSpace(name), strings.TrimSpace(value)
	if !ok || name == "" {
		return "", "", false, fmt.Errorf("header %q: want \"Name: value\" or \"Name: env:VARIABLE\"", s)
	}
	if v, isEnv := strings.CutPrefix(value, "env:"); isEnv {
		val := getenv(v)
		if val == "" {
			return "", "", false, fmt.Errorf("header %s: environment variable %s is empty or unset", name, v)
		}
		return name, val, true, nil
	}
	return name, value, false, nil
}
