package gate

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"time"

	"github.com/mlgate/mlgate/internal/result"
)

// Kind is the gate name written to results.
const Kind = "gate"

// Options configure one run of the threshold gate.
type Options struct {
	// ID is the result id; default "gate". An invalid id gives an error
	// result with id "gate".
	ID string
	// Title is an optional human-readable name for the report.
	Title string
	// CandidatePath is the candidate model's metrics file; required.
	CandidatePath string
	// BaselinePath is the baseline's metrics file; "" means no baseline.
	BaselinePath string
	// Rules are the --rule values; at least one.
	Rules []string
	// Now is the clock; time.Now when nil.
	Now func() time.Time
	// ToolVersion is the mlgate version recorded in the result.
	ToolVersion string
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
	res, errs := run(ctx, opt, id)
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
func run(ctx context.Context, opt Options, id string) (result.Result, []error) {
	if err := ctx.Err(); err != nil {
		return result.Result{}, []error{fmt.Errorf("gate not run: %w", err)}
	}
	if !result.ValidID(id) {
		return result.Result{}, []error{fmt.Errorf("invalid id %q: use letters, digits, '.', '-' and '_'", id)}
	}
	if len(opt.Rules) == 0 {
		return result.Result{}, []error{errors.New("no rules: add --rule")}
	}
	if opt.CandidatePath == "" {
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
		rules = append(rules, r)
	}
	cand, err := LoadMetrics(opt.CandidatePath)
	if err != nil {
		errs = append(errs, err)
	}
	base, state, err := loadBaseline(opt.BaselinePath)
	if err != nil {
		errs = append(errs, err)
	}
	if len(errs) > 0 {
		return result.Result{}, errs
	}

	res := result.Result{Metrics: make([]result.Metric, 0, len(rules))}
	for _, r := range rules {
		o, line, err := observe(r, cand, base, state, opt.BaselinePath)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		m := evaluate(r, o)
		res.Metrics = append(res.Metrics, m)
		if f, ok := finding(m, opt.CandidatePath, line); ok {
			res.Findings = append(res.Findings, f)
		}
	}
	if len(errs) > 0 {
		return result.Result{}, errs
	}
	statuses := make([]result.Status, len(res.Metrics))
	for i, m := range res.Metrics {
		statuses[i] = m.Status
	}
	res.Status = result.Worst(statuses...)
	res.Summary = summary(statuses)
	return res, nil
}

// loadBaseline loads the baseline file; a path that does not exist is a
// first run, not an error.
func loadBaseline(path string) (*Metrics, baselineState, error) {
	if path == "" {
		return nil, baselineNotSet, nil
	}
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return nil, baselineAbsent, nil
	}
	m, err := LoadMetrics(path)
	if err != nil {
		return nil, baselineLoaded, fmt.Errorf("baseline: %w", err)
	}
	return m, baselineLoaded, nil
}

// observe looks up the values rule r needs. line is the metric's line in
// the candidate file (0 when unknown). The error is for a value that is not
// a number, or a metric neither file has.
func observe(r Rule, cand, base *Metrics, state baselineState, basePath string) (o observation, line int, err error) {
	o = observation{state: state, basePath: basePath}
	cv, cFound, err := cand.Get(r.Metric)
	if err != nil {
		return o, 0, fmt.Errorf("rule %q: %w", r.Text, err)
	}
	if cFound {
		o.cand = &cv.Num
	}
	if base != nil {
		bv, bFound, err := base.Get(r.Metric)
		if err != nil {
			return o, 0, fmt.Errorf("rule %q: baseline: %w", r.Text, err)
		}
		if bFound {
			o.base = &bv.Num
		}
	}
	if o.cand == nil && o.base == nil {
		return o, 0, unknownMetric(r, cand, base)
	}
	return o, cv.Line, nil
}

func unknownMetric(r Rule, cand, base *Metrics) error {
	where := cand.Path()
	names := cand.Names()
	if base != nil {
		where += " or " + base.Path()
		names = append(names, base.Names()...)
	}
	msg := fmt.Sprintf("unknown metric %s in rule %q: not in %s", r.Metric, r.Text, where)
	if s := suggest(r.Metric, names); s != "" {
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

// summary counts rules by status: "3 rules: 1 failed, 2 passed".
func summary(statuses []result.Status) string {
	count := map[result.Status]int{}
	for _, s := range statuses {
		count[s]++
	}
	noun := "rules"
	if len(statuses) == 1 {
		noun = "rule"
	}
	var parts []string
	for _, p := range []struct {
		s    result.Status
		word string
	}{{result.Fail, "failed"}, {result.Warn, "warned"}, {result.Pass, "passed"}} {
		if n := count[p.s]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, p.word))
		}
	}
	return fmt.Sprintf("%d %s: %s", len(statuses), noun, strings.Join(parts, ", "))
}
