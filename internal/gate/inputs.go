package gate

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"time"

	"github.com/mlgate/mlgate/internal/result"
)

// source is what rules read metrics from: one file ([*Metrics]) or several ([Set]).
type source interface {
	Get(name string) (Value, bool, error)
	Path() string
	Names() []string
}

var (
	_ source = (*Metrics)(nil)
	_ source = Set(nil)
)

// inputs is everything the rules of one run are judged on.
type inputs struct {
	cand     Set
	base     *Metrics
	state    baselineState
	basePath string // names the baseline in messages: a path, or REF:path
	simple   map[string]*Metrics
	// history holds the releases read from the history file, oldest first.
	history     []Release
	historyPath string
	preds       *pairedPredictions
	getenv      func(string) string
}

// judgement is one judged metric and where a finding about it points.
type judgement struct {
	m    result.Metric
	file string
	line int
}

// loadInputs reads every input the rules need; it returns every problem found.
func loadInputs(ctx context.Context, opt Options, id string, rules []Rule, now func() time.Time) (*inputs, []error) {
	in := &inputs{simple: map[string]*Metrics{}, historyPath: opt.HistoryPath, getenv: opt.Getenv}
	if in.getenv == nil {
		in.getenv = os.Getenv
	}
	var errs []error
	for _, p := range opt.CandidatePaths {
		m, err := LoadMetrics(p)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		in.cand = append(in.cand, m)
	}
	if len(errs) == 0 {
		derived, err := derivedMetrics(opt, in.cand, now)
		errs = append(errs, err...)
		in.cand = append(in.cand, derived...)
	}
	var err error
	in.base, in.state, in.basePath, err = loadBaseline(ctx, opt, id)
	if err != nil {
		errs = append(errs, err)
	}
	for name, path := range opt.Simple {
		m, err := LoadMetrics(path)
		if err != nil {
			errs = append(errs, fmt.Errorf("simple model %s: %w", name, err))
			continue
		}
		in.simple[name] = m
	}
	if opt.HistoryPath != "" {
		h, err := ReadHistory(opt.HistoryPath)
		if err != nil {
			errs = append(errs, err)
		}
		in.history = h
	}
	for _, r := range rules {
		if r.Check == CheckChange && r.Significance > 0 {
			p, err := loadPredictions(opt.Predictions)
			if err != nil {
				errs = append(errs, err)
			}
			in.preds = p
			break
		}
	}
	return in, errs
}

// loadBaseline loads the baseline from a file, a directory or a git ref. A
// path that does not exist (on disk or at the ref) is a first run, not an
// error.
func loadBaseline(ctx context.Context, opt Options, id string) (*Metrics, baselineState, string, error) {
	switch {
	case opt.BaselineRef != "" && opt.BaselinePath != "":
		return nil, baselineNotSet, "", errors.New("give --baseline or --baseline-ref, not both")
	case opt.BaselineRef != "":
		path := opt.BaselineRefPath
		if path == "" && len(opt.CandidatePaths) > 0 {
			path = opt.CandidatePaths[0]
		}
		m, label, err := loadGitBaseline(ctx, opt.Dir, opt.BaselineRef, path)
		if errors.Is(err, errNotAtRef) {
			return nil, baselineAbsent, label, nil
		}
		if err != nil {
			return nil, baselineLoaded, label, fmt.Errorf("baseline: %w", err)
		}
		return m, baselineLoaded, label, nil
	case opt.BaselinePath == "":
		return nil, baselineNotSet, "", nil
	}
	path := opt.BaselinePath
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return nil, baselineAbsent, path, nil
	}
	m, err := loadMetrics(path, id)
	if err != nil {
		return nil, baselineLoaded, path, fmt.Errorf("baseline: %w", err)
	}
	return m, baselineLoaded, m.Path(), nil
}

// judge evaluates one rule. The error is for a rule that cannot be
// evaluated at all (a metric neither side has, a value that is not a number).
func (in *inputs) judge(ctx context.Context, r Rule) ([]judgement, error) {
	switch r.Check {
	case CheckSlices:
		return in.judgeSlices(r), nil
	case CheckBeats:
		j, err := in.judgeBeats(r)
		return []judgement{j}, err
	case CheckHistory:
		j, err := in.judgeHistory(r)
		return []judgement{j}, err
	case CheckChange:
		if r.Significance > 0 {
			j, err := in.judgeSignificance(ctx, r)
			return []judgement{j}, err
		}
	}
	o, line, err := observe(r, in.cand, in.base, in.state, in.basePath)
	if err != nil {
		return nil, err
	}
	m := evaluate(r, o)
	if r.Check == CheckThreshold {
		m.Interval = in.interval(r.Metric)
	}
	return []judgement{{m: m, file: in.cand.PathOf(r.Metric), line: line}}, nil
}

// interval returns the confidence interval a metrics file gives for name
// (mlgate eval writes intervals.NAME.{lo,hi,level}), or nil.
func (in *inputs) interval(name string) *result.Interval {
	n := in.cand.node("intervals." + name)
	if n == nil || n.kind != kindObject {
		return nil
	}
	lo, hi, lv := n.fields["lo"], n.fields["hi"], n.fields["level"]
	if lo == nil || hi == nil || lv == nil || lo.kind != kindNumber || hi.kind != kindNumber || lv.kind != kindNumber ||
		!(lv.num > 0 && lv.num < 1) {
		return nil
	}
	return &result.Interval{Lo: result.Float(lo.num), Hi: result.Float(hi.num), Level: lv.num, Of: "value"}
}

// observe looks up the values rule r needs. line is the metric's line in
// the candidate file (0 when unknown). The error is for a value that is not
// a number, or a metric neither file has.
func observe(r Rule, cand source, base *Metrics, state baselineState, basePath string) (o observation, line int, err error) {
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
		var b source
		if base != nil {
			b = base
		}
		return o, 0, unknownMetric(r, cand, b)
	}
	return o, cv.Line, nil
}
