package report

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"

	"github.com/mlgate/mlgate/internal/result"
)

// family is one OpenMetrics metric family of gauges.
type family struct {
	name, help, unit string
	samples          []string
}

// OpenMetrics writes the results as OpenMetrics text (GitLab
// artifacts:reports:metrics, Prometheus textfile collector), ending with
// "# EOF". Families:
//
//	mlgate_gate_status{gate,id}            0 pass, 1 warn, 2 fail, 3 error, -1 skip
//	mlgate_gate_duration_seconds{gate,id}  how long the gate ran
//	mlgate_gate_findings{id}               findings, stored and omitted
//	mlgate_metric{id,metric}               candidate value
//	mlgate_metric_baseline{id,metric}      baseline value
//	mlgate_metric_delta{id,metric}         candidate - baseline
//	mlgate_metric_status{id,metric}        as mlgate_gate_status
//
// Results are ordered by id, metrics as in the result. Missing values are
// omitted; a repeated id or metric name keeps its first occurrence only, so
// that no series is written twice. Each family is declared once.
func OpenMetrics(w io.Writer, rs []result.Result) error {
	rs = slices.Clone(rs)
	slices.SortStableFunc(rs, func(a, b result.Result) int { return cmp.Compare(a.ID, b.ID) })
	status := &family{name: "mlgate_gate_status", help: "Gate verdict: 0 pass, 1 warn, 2 fail, 3 error, -1 skip."}
	duration := &family{name: "mlgate_gate_duration_seconds", help: "How long the gate ran.", unit: "seconds"}
	findings := &family{name: "mlgate_gate_findings", help: "Findings of the gate, stored and omitted."}
	value := &family{name: "mlgate_metric", help: "Metric value of the candidate."}
	baseline := &family{name: "mlgate_metric_baseline", help: "Metric value of the baseline."}
	delta := &family{name: "mlgate_metric_delta", help: "Candidate minus baseline."}
	mstatus := &family{name: "mlgate_metric_status", help: "Metric verdict: 0 pass, 1 warn, 2 fail, 3 error, -1 skip."}

	seenID := map[string]bool{}
	for _, r := range rs {
		if seenID[r.ID] {
			continue
		}
		seenID[r.ID] = true
		gateLabels := labels("gate", r.Gate, "id", r.ID)
		status.add(gateLabels, statusValue(r.Status))
		if r.DurationMS > 0 && !math.IsInf(r.DurationMS, 0) {
			duration.add(gateLabels, r.DurationMS/1000)
		}
		findings.add(labels("id", r.ID), float64(len(r.Findings)+r.FindingsOmitted))
		seenMetric := map[string]bool{}
		for _, m := range r.Metrics {
			if seenMetric[m.Name] {
				continue
			}
			seenMetric[m.Name] = true
			l := labels("id", r.ID, "metric", m.Name)
			if m.Value != nil {
				value.add(l, float64(*m.Value))
			}
			if m.Baseline != nil {
				baseline.add(l, float64(*m.Baseline))
			}
			if d, ok := metricDelta(m); ok {
				delta.add(l, d)
			}
			if m.Status != "" {
				mstatus.add(l, statusValue(m.Status))
			}
		}
	}
	bw := bufio.NewWriter(w)
	for _, f := range []*family{status, duration, findings, value, baseline, delta, mstatus} {
		f.write(bw)
	}
	bw.WriteString("# EOF\n")
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("writing OpenMetrics report: %w", err)
	}
	return nil
}

// statusValue is the numeric code of a status.
func statusValue(s result.Status) float64 {
	switch normStatus(s) {
	case result.Skip:
		return -1
	case result.Pass:
		return 0
	case result.Warn:
		return 1
	case result.Fail:
		return 2
	}
	return 3
}

func (f *family) add(labels string, v float64) {
	f.samples = append(f.samples, f.name+labels+" "+omNumber(v))
}

// write writes the family's metadata and samples; a family without samples is left out.
func (f *family) write(w *bufio.Writer) {
	if len(f.samples) == 0 {
		return
	}
	w.WriteString("# TYPE " + f.name + " gauge\n")
	if f.unit != "" {
		w.WriteString("# UNIT " + f.name + " " + f.unit + "\n")
	}
	w.WriteString("# HELP " + f.name + " " + f.help + "\n")
	for _, s := range f.samples {
		w.WriteString(s + "\n")
	}
}

// labels formats name/value pairs as an OpenMetrics label set.
func labels(kv ...string) string {
	var b strings.Builder
	b.WriteByte('{')
	for i := 0; i+1 < len(kv); i += 2 {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(kv[i] + "=\"" + omLabelValue(kv[i+1]) + "\"")
	}
	b.WriteByte('}')
	return b.String()
}

// omLabelValue escapes a label value: backslash, double quote and line feed.
func omLabelValue(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	return strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(s)
}

// omNumber formats a sample value; NaN and the infinities as the spec writes them.
func omNumber(v float64) string { return result.Float(v).String() }
