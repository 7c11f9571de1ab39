package gate

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/mlgate/mlgate/internal/result"
)

// Kind is the gate name written to results.
const Kind = "gate"

// Options configure one run of the model gate.
type Options struct {
	// ID is the result id; default "gate". An invalid id gives an error
	// result with id "gate".
	ID string
	// Title is an optional human-readable name for the report.
	Title string
	// CandidatePaths are the candidate's metrics sources (files, MLflow run
	// directories, result files); at least one. A metric is looked up in all
	// of them and must be in only one.
	CandidatePaths []string
	// BaselinePath is the baseline's metrics: a file, an MLflow run
	// directory, or a results directory of an earlier run (its <id>.json).
	// "" means no baseline; a path that does not exist is a first run.
	BaselinePath string
	// BaselineRef reads the baseline from a git ref instead: the file
	// BaselineRefPath (default: the first candidate path) as it is at that
	// ref, with "git show" run in Dir.
	BaselineRef string
	// BaselineRefPath is the path of the baseline file at BaselineRef.
	BaselineRefPath string
	// Dir is the directory git runs in; "" is the current directory.
	Dir string
	// HistoryPath is a JSON Lines file of released versions' metrics, read
	// by history rules (max_below_best).
	HistoryPath string
	// AppendHistory, when set, appends the candidate's metrics to
	// HistoryPath as a release with this version label, if the gate does not
	// fail.
	AppendHistory string
	// Simple maps the names of simple models (beats=NAME) to their metrics files.
	Simple map[string]string
	// Predictions are per-example predictions, for significance rules.
	Predictions Predictions
	// ModelFile is the model artifact; its size becomes model.size_bytes and model.size_mb.
	ModelFile string
	// ModelMetadata is a JSON or YAML file with the model's training time at
	// TimestampField (default "trained_at"); the age becomes model.age_days.
	ModelMetadata string
	// TimestampField is the dot path of the training time in ModelMetadata.
	TimestampField string
	// CostPerHour is the serving cost per hour; with ThroughputMetric (the
	// requests per second a server sustains) it gives cost_per_1k.
	CostPerHour float64
	// ThroughputMetric names the throughput metric for cost_per_1k.
	ThroughputMetric string
	// Rules are the --rule values.
	Rules []string
	// Exprs are CEL expressions that must hold (--expr).
	Exprs []string
	// Getenv reads the environment (the commit of a history entry); os.Getenv when nil.
	Getenv func(string) string
	// Now is the clock; time.Now when nil.
	Now func() time.Time
	// ToolVersion is the mlgate version recorded in the result.
	ToolVersion string
}

// Predictions locate per-example predictions of the candidate and the
// baseline on the same examples, for significance rules.
type Predictions struct {
	// Candidate and Baseline are the predictions files (CSV, TSV, JSONL, Parquet).
	Candidate, Baseline []string
	// Label, Prediction and Score are column names; Score is optional.
	Label, Prediction, Score string
	// Key pairs the examples of the two files; "" pairs them by row order.
	Key string
	// Positive is the positive class of a binary task ("" for the default).
	Positive string
	// Resamples and Seed configure the bootstrap (defaults 1000 and 1).
	Resamples int
	Seed      uint64
}

// Run evaluates the rules and returns a result. It never panics and never
// returns a half-filled result: bad input gives status error, with Error
// naming the file (with line:col when known) or quoting the rule, and one
// finding per problem.
func Run(ctx context.Context, opt Options) result.Result {
	now := opt.Now
	if now == nil {
		now = time.Now
	}
	start := now()
	id := opt.ID
	if id == "" {
		id = Kind
	}
	res, errs := run(ctx, opt, id, now)
	if !result.ValidID(id) {
		id = Kind // run reported it; the result itself must stay valid
	}
	if len(errs) > 0 {
		res = result.Errored(id, Kind, start, errors.Join(errs...))
		res.Findings = errorFindings(errs)
	}
	res.Version = result.Version
	res.ID = id
	res.Gate = Kind
	res.Title = opt.Title
	res.StartedAt = start.UTC()
	res.DurationMS = max(0, float64(now().Sub(start))/float64(time.Millisecond))
	res.Tool = result.Tool{Name: "mlgate", Version: opt.ToolVersion}
	return res
}

// run does the work of Run; it returns either a result or the problems that
// kept the gate from being evaluated.
func run(ctx context.Context, opt Options, id string, now func() time.Time) (result.Result, []error) {
	if err := ctx.Err(); err != nil {
		return result.Result{}, []error{fmt.Errorf("gate not run: %w", err)}
	}
	if !result.ValidID(id) {
		return result.Result{}, []error{fmt.Errorf("invalid id %q: use letters, digits, '.', '-' and '_'", id)}
	}
	if len(opt.Rules) == 0 && len(opt.Exprs) == 0 {
		return result.Result{}, []error{errors.New("no rules: add --rule or --expr")}
	}
	if len(opt.CandidatePaths) == 0 {
		return result.Result{}, []error{errors.New("no candidate metrics file: add --candidate")}
	}
	var errs []error
	rules := make([]Rule, 0, len(opt.Rules))
	for _, s := range opt.Rules {
		r, err := ParseRule(s)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if r.Check == CheckBeats && opt.Simple[r.Beats] == "" {
			errs = append(errs, fmt.Errorf("rule %q: no simple model %q; give its metrics with --simple %s=FILE", r.Text, r.Beats, r.Beats))
		}
		if r.Check == CheckHistory && opt.HistoryPath == "" {
			errs = append(errs, fmt.Errorf("rule %q: a history rule needs --history FILE", r.Text))
		}
		rules = append(rules, r)
	}
	exprs := make([]*Expr, 0, len(opt.Exprs))
	for _, s := range opt.Exprs {
		e, err := CompileExpr(s)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		exprs = append(exprs, e)
	}
	in, ierrs := loadInputs(ctx, opt, id, rules, now)
	errs = append(errs, ierrs...)
	if len(errs) > 0 {
		return result.Result{}, errs
	}

	var judged []judgement
	for _, r := range rules {
		js, err := in.judge(ctx, r)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		judged = append(judged, js...)
	}
	for _, e := range exprs {
		judged = append(judged, in.judgeExpr(e))
	}
	if len(errs) > 0 {
		return result.Result{}, errs
	}

	res := result.Result{Metrics: make([]result.Metric, 0, len(judged))}
	statuses := make([]result.Status, len(judged))
	for i, j := range judged {
		res.Metrics = append(res.Metrics, j.m)
		statuses[i] = j.m.Status
		if f, ok := finding(j.m, j.file, j.line); ok {
			res.Findings = append(res.Findings, f)
		}
	}
	res.Charts = in.historyCharts(rules)
	res.Status = result.Worst(statuses...)
	res.Summary = summary(statuses)
	if res.Status == result.Error {
		var msgs []string
		for _, m := range res.Metrics {
			if m.Status == result.Error {
				msgs = append(msgs, fmt.Sprintf("%s: %s", m.Rule, m.Message))
			}
		}
		res.Error = "could not evaluate " + strings.Join(msgs, "; ")
	}
	res.MLTests = mlTests(rules, exprs)
	if opt.AppendHistory != "" {
		msg, err := in.appendHistory(opt, res.Status, now())
		if err != nil {
			return result.Result{}, []error{err}
		}
		res.Findings = append(res.Findings, result.Finding{Severity: result.SeverityNotice, Check: "history", Message: msg,
			Location: &result.Location{File: opt.HistoryPath}})
	}
	return res, nil
}

func unknownMetric(r Rule, cand, base source) error {
	where := cand.Path()
	names := cand.Names()
	if base != nil {
		where += " or " + base.Path()
		names = append(names, base.Names()...)
	}
	msg := fmt.Sprintf("unknown metric %s in rule %q: not in %s", r.Metric, r.Text, where)
	if s := closestName(r.Metric, names); s != "" {
		msg += fmt.Sprintf("; did you mean %s?", s)
	}
	return errors.New(msg)
}

// finding reports a rule that did not pass, located at the metric's line.
func finding(m result.Metric, file string, line int) (result.Finding, bool) {
	sev := result.SeverityError
	switch m.Status {
	case result.Pass, result.Skip:
		return result.Finding{}, false
	case result.Warn:
		sev = result.SeverityWarning
	}
	return result.Finding{
		Severity: sev,
		Check:    m.Rule,
		Message:  fmt.Sprintf("%s: %s", m.Name, m.Message),
		Location: &result.Location{File: file, Line: line, Field: m.Name},
	}, true
}

// errorFindings turns the problems of a run that could not be evaluated
// into findings, located where a problem has a place in a file.
func errorFindings(errs []error) []result.Finding {
	out := make([]result.Finding, 0, len(errs))
	for _, err := range errs {
		f := result.Finding{Severity: result.SeverityError, Check: Kind, Message: err.Error()}
		var fe *FileError
		if errors.As(err, &fe) {
			f.Location = &result.Location{File: fe.File, Line: fe.Line, Column: fe.Column}
		}
		out = append(out, f)
	}
	return out
}

// summary counts the judged checks by status: "3 checks: 1 failed, 2 passed".
func summary(statuses []result.Status) string {
	count := map[result.Status]int{}
	for _, s := range statuses {
		count[s]++
	}
	noun := "checks"
	if len(statuses) == 1 {
		noun = "check"
	}
	var parts []string
	for _, p := range []struct {
		s    result.Status
		word string
	}{{result.Error, "errored"}, {result.Fail, "failed"}, {result.Warn, "warned"}, {result.Pass, "passed"}, {result.Skip, "skipped"}} {
		if n := count[p.s]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, p.word))
		}
	}
	return fmt.Sprintf("%d %s: %s", len(statuses), noun, strings.Join(parts, ", "))
}
