package gate

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/mlgate/mlgate/internal/result"
)

// worsening returns by how much cand is worse than ref: positive when worse,
// negative when better, 0 when equal (equal infinities included).
func worsening(d Direction, cand, ref float64) float64 {
	w := delta(cand, ref)
	if d == HigherIsBetter {
		w = -w
	}
	return w
}

// tolerance is the rounding slack of a comparison between a and b.
func tolerance(a, b float64) float64 {
	t := 1e-9 * max(1, math.Abs(a), math.Abs(b))
	if math.IsInf(t, 0) || math.IsNaN(t) {
		return 0
	}
	return t
}

// sliceGroup is one value of a slice column in a metrics file.
type sliceGroup struct {
	name  string
	n     float64 // -1 when the file does not give the size
	value *float64
	line  int
}

// judgeSlices judges a metric on every slice of a column, as mlgate eval
// writes them: slices.COLUMN.VALUE.METRIC with the size at ....VALUE.n.
// Slices smaller than min_size are listed (skip) but not judged.
func (in *inputs) judgeSlices(r Rule) []judgement {
	file := in.cand.PathOf("slices." + r.Slice)
	top := in.cand.node("slices." + r.Slice)
	name := fmt.Sprintf("%s[%s]", r.Metric, r.Slice)
	if top == nil || top.kind != kindObject || len(top.fields) == 0 {
		m := result.Metric{Name: name, Rule: r.Text, Status: result.Fail,
			Message: fmt.Sprintf("no slices of %s in %s (compute them with mlgate eval --slice %s)", r.Slice, in.cand.Path(), r.Slice)}
		return []judgement{{m: m, file: file}}
	}
	var groups []sliceGroup
	for g, n := range top.fields {
		sg := sliceGroup{name: g, n: -1, line: n.line}
		if n.kind == kindObject {
			if c := n.fields["n"]; c != nil && c.kind == kindNumber {
				sg.n = c.num
			}
			if c := n.fields[r.Metric]; c != nil && c.kind == kindNumber && !math.IsNaN(c.num) {
				v := c.num
				sg.value = &v
			}
		}
		groups = append(groups, sg)
	}
	sort.Slice(groups, func(i, j int) bool { return groups[i].name < groups[j].name })

	var out []judgement
	var judged []sliceGroup
	for _, g := range groups {
		gname := fmt.Sprintf("%s[%s=%s]", r.Metric, r.Slice, g.name)
		m := result.Metric{Name: gname, Rule: r.Text}
		if g.value != nil {
			m.Value = result.F(*g.value)
		}
		switch {
		case g.n >= 0 && g.n < float64(r.MinSize):
			m.Status, m.Message = result.Skip, fmt.Sprintf("n=%s < min_size=%d: not judged", num(g.n), r.MinSize)
		case g.value == nil:
			m.Status, m.Message = result.Skip, fmt.Sprintf("%s is undefined on this slice (n=%s)", r.Metric, num(g.n))
		default:
			judged = append(judged, g)
			if r.Min == nil && r.Max == nil {
				continue // only the gap is judged; the slice shows in the gap's message
			}
			m.Status, m.Message = judgeBounds(r.Min, r.Max, *g.value)
			m.Message += fmt.Sprintf(" (n=%s)", num(g.n))
		}
		out = append(out, judgement{m: m, file: file, line: g.line})
	}
	if r.MaxGap != nil {
		out = append(out, judgement{m: sliceGap(r, name, judged), file: file, line: top.line})
	}
	return out
}

// sliceGap judges the gap between the best and the worst judged slice.
func sliceGap(r Rule, name string, judged []sliceGroup) result.Metric {
	m := result.Metric{Name: "gap " + name, Rule: r.Text}
	if len(judged) < 2 {
		m.Status = result.Warn
		m.Message = fmt.Sprintf("fewer than 2 slices with at least min_size=%d examples and a value: no gap to judge", r.MinSize)
		return m
	}
	best, worst := judged[0], judged[0]
	for _, g := range judged[1:] {
		if worsening(r.Direction, *g.value, *best.value) < 0 {
			best = g
		}
		if worsening(r.Direction, *g.value, *worst.value) > 0 {
			worst = g
		}
	}
	gap := math.Abs(*best.value - *worst.value)
	m.Value = result.F(gap)
	msg := fmt.Sprintf("best %s=%s %s, worst %s=%s %s over %d slices", r.Slice, best.name, num(*best.value),
		r.Slice, worst.name, num(*worst.value), len(judged))
	if gap > *r.MaxGap+tolerance(gap, *r.MaxGap) {
		m.Status, m.Message = result.Fail, fmt.Sprintf("gap %s > max_gap=%s: %s", num(gap), num(*r.MaxGap), msg)
		return m
	}
	m.Status, m.Message = result.Pass, fmt.Sprintf("gap %s <= max_gap=%s: %s", num(gap), num(*r.MaxGap), msg)
	return m
}

// judgeBeats checks that the candidate beats a simple model by the margin.
func (in *inputs) judgeBeats(r Rule) (judgement, error) {
	simple := in.simple[r.Beats]
	name := fmt.Sprintf("%s vs %s", r.Metric, r.Beats)
	m := result.Metric{Name: name, Rule: r.Text}
	cv, cFound, err := in.cand.Get(r.Metric)
	if err != nil {
		return judgement{}, fmt.Errorf("rule %q: %w", r.Text, err)
	}
	sv, sFound, err := simple.Get(r.Metric)
	if err != nil {
		return judgement{}, fmt.Errorf("rule %q: simple model %s: %w", r.Text, r.Beats, err)
	}
	if !cFound && !sFound {
		return judgement{}, unknownMetric(r, in.cand, simple)
	}
	j := judgement{file: in.cand.PathOf(r.Metric), line: cv.Line}
	if cFound {
		m.Value = result.F(cv.Num)
	}
	if sFound {
		m.Baseline = result.F(sv.Num)
	}
	switch {
	case !cFound:
		m.Status, m.Message = result.Fail, "missing from candidate"
	case !sFound:
		m.Status, m.Message = result.Fail, fmt.Sprintf("simple model %s has no %s in %s", r.Beats, r.Metric, simple.Path())
	case math.IsNaN(cv.Num):
		m.Status, m.Message = result.Fail, "value is NaN"
	case math.IsNaN(sv.Num):
		m.Status, m.Message = result.Fail, fmt.Sprintf("simple model %s's %s is NaN: nothing to beat", r.Beats, r.Metric)
	default:
		m.Delta = result.F(delta(cv.Num, sv.Num))
		better := -worsening(r.Direction, cv.Num, sv.Num)
		if better > 0 && better >= r.Margin-tolerance(cv.Num, sv.Num) {
			m.Status = result.Pass
			m.Message = fmt.Sprintf("beats %s (%s) by %s; margin %s", r.Beats, num(sv.Num), num(better), num(r.Margin))
		} else {
			m.Status = result.Fail
			if better > 0 {
				m.Message = fmt.Sprintf("beats %s (%s) by only %s; want a margin of %s", r.Beats, num(sv.Num), num(better), num(r.Margin))
			} else {
				m.Message = fmt.Sprintf("does not beat the simple model %s (%s vs %s): a simpler model is as good", r.Beats, num(cv.Num), num(sv.Num))
			}
		}
	}
	j.m = m
	return j, nil
}

// judgeHistory checks that the candidate is not more than max_below_best
// worse than the best of the last releases that have the metric.
func (in *inputs) judgeHistory(r Rule) (judgement, error) {
	m := result.Metric{Name: r.Metric, Rule: r.Text}
	cv, found, err := in.cand.Get(r.Metric)
	if err != nil {
		return judgement{}, fmt.Errorf("rule %q: %w", r.Text, err)
	}
	j := judgement{file: in.cand.PathOf(r.Metric), line: cv.Line}
	recent := lastReleases(in.history, r.Metric, r.Last)
	if !found && len(recent) == 0 {
		return judgement{}, unknownMetric(r, in.cand, nil)
	}
	if found {
		m.Value = result.F(cv.Num)
	}
	switch {
	case !found:
		m.Status, m.Message = result.Fail, "missing from candidate"
	case math.IsNaN(cv.Num):
		m.Status, m.Message = result.Fail, "value is NaN"
	case len(recent) == 0:
		m.Status = result.Warn
		m.Message = fmt.Sprintf("no release in %s has %s yet: nothing to compare with", in.historyPath, r.Metric)
	default:
		best := recent[0]
		for _, rel := range recent[1:] {
			if worsening(r.Direction, rel.value, best.value) < 0 {
				best = rel
			}
		}
		m.Baseline = result.F(best.value)
		m.Delta = result.F(delta(cv.Num, best.value))
		w := worsening(r.Direction, cv.Num, best.value)
		of := fmt.Sprintf("the best of the last %d releases (%s: %s)", len(recent), best.version, num(best.value))
		switch {
		case w > *r.MaxBelowBest+tolerance(cv.Num, best.value):
			m.Status, m.Message = result.Fail, fmt.Sprintf("%s worse than %s; over max_below_best=%s", num(w), of, num(*r.MaxBelowBest))
		case w > 0:
			m.Status, m.Message = result.Pass, fmt.Sprintf("%s worse than %s; within max_below_best=%s", num(w), of, num(*r.MaxBelowBest))
		default:
			m.Status, m.Message = result.Pass, fmt.Sprintf("at least as good as %s", of)
		}
	}
	j.m = m
	return j, nil
}

// historyCharts plots, for each history rule, the metric over the releases
// with the candidate last.
func (in *inputs) historyCharts(rules []Rule) []result.Chart {
	var charts []result.Chart
	seen := map[string]bool{}
	for _, r := range rules {
		if r.Check != CheckHistory || seen[r.Metric] {
			continue
		}
		seen[r.Metric] = true
		recent := lastReleases(in.history, r.Metric, max(r.Last, 20))
		cv, found, _ := in.cand.Get(r.Metric)
		if len(recent) == 0 || !found {
			continue
		}
		c := result.Chart{Title: r.Metric + " over releases", XLabel: "release", YLabel: r.Metric}
		vals := make([]result.Float, 0, len(recent)+1)
		for _, rel := range recent {
			c.X = append(c.X, rel.version)
			vals = append(vals, result.Float(rel.value))
		}
		c.X = append(c.X, "candidate")
		vals = append(vals, result.Float(cv.Num))
		c.Series = []result.Series{{Name: r.Metric, Values: vals}}
		charts = append(charts, c)
	}
	return charts
}

// mlTests lists the ML Test Score tests (Breck et al. 2017) a gate run
// automated: validating model quality before serving (infra-4) always; a
// simple-model baseline (model-5), slices (model-6), a fairness gap
// (model-7), staleness (monitor-4) and budgets on latency, throughput or
// memory (monitor-6) when rules check them.
func mlTests(rules []Rule, exprs []*Expr) []string {
	set := map[string]bool{"infra-4": true}
	for _, r := range rules {
		switch r.Check {
		case CheckBeats:
			set["model-5"] = true
		case CheckSlices:
			set["model-6"] = true
			if r.MaxGap != nil {
				set["model-7"] = true
			}
		}
		toks := nameTokens(r.Metric)
		for _, t := range toks {
			switch t {
			case "age":
				set["monitor-4"] = true
			case "latency", "throughput", "rps", "qps", "memory", "rss", "ms":
				set["monitor-6"] = true
			}
		}
	}
	for _, e := range exprs {
		for _, name := range e.Metrics() {
			if strings.HasSuffix(name, "age_days") {
				set["monitor-4"] = true
			}
		}
	}
	out := make([]string, 0, len(set))
	for t := range set {
		out = append(out, t)
	}
	sort.Strings(out)
	return out
}
