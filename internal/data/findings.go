package data

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/mlgate/mlgate/internal/data/drift"
	"github.com/mlgate/mlgate/internal/result"
)

// group gathers the violations of one kind in one column: an exact count
// and the first few examples.
type group struct {
	column, kind, message string
	count                 int64
	examples              []example
}

type example struct {
	file  string
	line  int
	value string
}

// groups keeps finding groups in the order first seen.
type groups struct {
	max   int
	byKey map[[2]string]*group
	order []*group
}

func newGroups(maxExamples int) *groups {
	return &groups{max: maxExamples, byKey: map[[2]string]*group{}}
}

// add counts one violation. The message of a group is its first one.
func (g *groups) add(column, kind, message, file string, line int, value string) {
	key := [2]string{column, kind}
	gr := g.byKey[key]
	if gr == nil {
		gr = &group{column: column, kind: kind, message: message}
		g.byKey[key] = gr
		g.order = append(g.order, gr)
	}
	gr.count++
	if len(gr.examples) < g.max {
		gr.examples = append(gr.examples, example{file: file, line: line, value: cut(value, 80)})
	}
}

// merge adds the groups of a later part of the data: counts add up, and
// examples fill up in order, so the result equals one sequential pass.
func (g *groups) merge(o *groups) {
	for _, og := range o.order {
		key := [2]string{og.column, og.kind}
		gr := g.byKey[key]
		if gr == nil {
			gr = &group{column: og.column, kind: og.kind, message: og.message}
			g.byKey[key] = gr
			g.order = append(g.order, gr)
		}
		gr.count += og.count
		for _, e := range og.examples {
			if len(gr.examples) < g.max {
				gr.examples = append(gr.examples, e)
			}
		}
	}
}

// findings returns one finding per group, largest first, each located at
// its first example and quoting the examples.
func (g *groups) findings(maxExamples int, status result.Status) []result.Finding {
	sorted := append([]*group(nil), g.order...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].count > sorted[j].count })
	sev := result.SeverityError
	if status != result.Fail {
		sev = result.SeverityWarning
	}
	out := make([]result.Finding, 0, len(sorted))
	for _, gr := range sorted {
		var b strings.Builder
		col := gr.column
		if col == "" {
			col = "row"
		}
		fmt.Fprintf(&b, "%s: %s %s: %s", col, Thousands(gr.count), plural(gr.count, "row", "rows"), gr.message)
		var ex []string
		for _, e := range gr.examples {
			if e.value != "" {
				ex = append(ex, fmt.Sprintf("line %d %q", e.line, e.value))
			} else {
				ex = append(ex, fmt.Sprintf("line %d", e.line))
			}
		}
		if len(ex) > 0 {
			fmt.Fprintf(&b, " (e.g. %s)", strings.Join(ex, ", "))
		}
		f := result.Finding{Severity: sev, Check: gr.kind, Message: b.String()}
		if len(gr.examples) > 0 {
			f.Location = &result.Location{File: gr.examples[0].file, Line: gr.examples[0].line, Field: gr.column}
		}
		out = append(out, f)
	}
	return out
}

// driftResults turns a drift report into metrics, findings and a chart of
// the worst columns.
func driftResults(rep *drift.Report, fails bool) ([]result.Metric, []result.Finding, []result.Chart) {
	var ms []result.Metric
	var fs []result.Finding
	var charts []result.Chart
	bad := result.Warn
	sev := result.SeverityWarning
	if fails {
		bad, sev = result.Fail, result.SeverityError
	}
	for _, c := range rep.Columns {
		if c.Kind == "skipped" {
			continue
		}
		score, name := driftScore(c)
		m := result.Metric{
			Name:   "drift " + c.Column + " (" + name + ")",
			Rule:   ruleText(c),
			Status: result.Pass,
		}
		if score != nil {
			m.Value = result.F(*score)
		}
		if c.Drifted {
			m.Status = bad
			m.Message = "drifted"
			fs = append(fs, result.Finding{Severity: sev, Check: "drift:" + c.Method,
				Message:  fmt.Sprintf("%s drifted from the reference: %s", c.Column, describe(c)),
				Location: &result.Location{Field: c.Column}})
			if len(charts) < 3 && len(c.Labels) > 0 {
				charts = append(charts, result.Chart{
					Title: "Drift of " + c.Column, XLabel: c.Column, YLabel: "share of rows",
					X: c.Labels,
					Series: []result.Series{
						{Name: "reference", Kind: "bar", Values: floats(c.Ref)},
						{Name: "current", Kind: "bar", Values: floats(c.Cur)},
					},
				})
			}
		}
		ms = append(ms, m)
	}
	return ms, fs, charts
}

func driftScore(c drift.ColumnDrift) (*float64, string) {
	switch c.Method {
	case "ks":
		return c.KSP, "KS p-value"
	case "linf":
		return c.LInf, "L-infinity"
	case "psi":
		return c.PSI, "PSI"
	}
	switch {
	case c.PSI != nil:
		return c.PSI, "PSI"
	case c.LInf != nil:
		return c.LInf, "L-infinity"
	}
	return nil, c.Method
}

func ruleText(c drift.ColumnDrift) string {
	switch c.Method {
	case "ks":
		return "p >= " + num(c.Threshold)
	default:
		return "<= " + num(c.Threshold)
	}
}

func describe(c drift.ColumnDrift) string {
	var parts []string
	add := func(name string, v *float64) {
		if v != nil {
			parts = append(parts, name+" "+num(*v))
		}
	}
	add("PSI", c.PSI)
	add("Jensen-Shannon", c.JS)
	add("L-infinity", c.LInf)
	add("KS D", c.KSD)
	add("KS p", c.KSP)
	return strings.Join(parts, ", ") + " (threshold " + num(c.Threshold) + " on " + c.Method + ")"
}

func floats(v []float64) []result.Float {
	out := make([]result.Float, len(v))
	for i, x := range v {
		out[i] = result.Float(x)
	}
	return out
}

func frac(n, d int64) float64 {
	if d == 0 {
		return 0
	}
	return float64(n) / float64(d)
}

func pct(f float64) string {
	return strconv.FormatFloat(math.Round(f*1e4)/100, 'f', -1, 64) + "%"
}

func num(f float64) string { return strconv.FormatFloat(f, 'g', 4, 64) }

func plural(n int64, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// Thousands formats n with thousands separators: 1,000,000.
func Thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// cut shortens s to at most n runes.
func cut(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "…"
}

// redact keeps personal data out of reports: the first and last characters
// and the length only.
func redact(s string) string {
	r := []rune(s)
	if len(r) <= 4 {
		return strings.Repeat("•", len(r))
	}
	return string(r[:2]) + strings.Repeat("•", min(len(r)-4, 12)) + string(r[len(r)-2:])
}
