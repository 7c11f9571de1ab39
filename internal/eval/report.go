package eval

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
)

// Report is the result of [Evaluate]. It marshals to the metrics file
// format of docs/eval.md: metrics flat at the top level (accuracy,
// roc_auc, ...), their intervals under "intervals", and per slice under
// "slices.<column>.<value>".
type Report struct {
	Task       Task
	N          int
	Label      string
	Prediction string
	Score      string // "" without a score column
	Positive   string // binary only
	Classes    []string
	// Metrics are the overall metrics in [Metrics] order.
	Metrics   []Estimate
	Bootstrap Bootstrap
	Slices    []Slice
	Warnings  []string
}

// Estimate is one metric with its bootstrap interval. Value is NaN when
// the metric is undefined; Lo and Hi are NaN when the interval is.
type Estimate struct {
	Name          string
	Value, Lo, Hi float64
}

// Bootstrap describes how the intervals were computed.
type Bootstrap struct {
	Method    string  `json:"method"`
	Resamples int     `json:"resamples"`
	Seed      uint64  `json:"seed"`
	Level     float64 `json:"level"`
}

// Slice is the evaluation of every value of one slice column.
type Slice struct {
	Column string
	Groups []SliceGroup
}

// SliceGroup is the evaluation of the examples with one slice value.
type SliceGroup struct {
	Value   string
	N       int
	Metrics []Estimate
}

// Metric returns the overall estimate of the named metric.
func (r *Report) Metric(name string) (Estimate, bool) {
	for _, e := range r.Metrics {
		if e.Name == name {
			return e, true
		}
	}
	return Estimate{}, false
}

// addWarnings explains every overall metric that is undefined.
func (r *Report) addWarnings() {
	why := map[string]string{
		Precision: "the model predicts no positives",
		Recall:    "there are no positive labels",
		F1:        "there are neither positive labels nor positive predictions",
		ROCAUC:    "the labels have only one class",
		R2:        "all labels are equal",
		MAPE:      "some labels are 0, where a relative error has no meaning (use mae)",
	}
	for _, e := range r.Metrics {
		if math.IsNaN(e.Value) {
			reason := why[e.Name]
			if reason == "" {
				reason = "there are no examples"
			}
			r.Warnings = append(r.Warnings, fmt.Sprintf("%s is undefined (null): %s", e.Name, reason))
		}
	}
}

// MarshalJSON writes the metrics file format.
func (r *Report) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	field := func(k string, v any) {
		if b.Len() > 1 {
			b.WriteByte(',')
		}
		writeString(&b, k)
		b.WriteByte(':')
		raw, _ := json.Marshal(v) // strings, numbers and string slices cannot fail
		b.Write(raw)
	}
	field("task", r.Task.String())
	field("n", r.N)
	field("label", r.Label)
	field("prediction", r.Prediction)
	if r.Score != "" {
		field("score", r.Score)
	}
	if r.Positive != "" {
		field("positive", r.Positive)
	}
	if r.Classes != nil {
		field("classes", r.Classes)
	}
	b.WriteByte(',')
	writeEstimates(&b, r.Metrics, r.Bootstrap.Level)
	field("bootstrap", r.Bootstrap)
	if len(r.Slices) > 0 {
		b.WriteString(`,"slices":{`)
		for i, s := range r.Slices {
			if i > 0 {
				b.WriteByte(',')
			}
			writeString(&b, s.Column)
			b.WriteString(":{")
			for j, g := range s.Groups {
				if j > 0 {
					b.WriteByte(',')
				}
				writeString(&b, g.Value)
				b.WriteString(`:{"n":`)
				b.WriteString(strconv.Itoa(g.N))
				b.WriteByte(',')
				writeEstimates(&b, g.Metrics, r.Bootstrap.Level)
				b.WriteByte('}')
			}
			b.WriteByte('}')
		}
		b.WriteByte('}')
	}
	if len(r.Warnings) > 0 {
		field("warnings", r.Warnings)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// writeEstimates writes "name": value pairs and then "intervals".
func writeEstimates(b *bytes.Buffer, es []Estimate, level float64) {
	for _, e := range es {
		writeString(b, e.Name)
		b.WriteByte(':')
		writeNumber(b, e.Value)
		b.WriteByte(',')
	}
	b.WriteString(`"intervals":{`)
	for i, e := range es {
		if i > 0 {
			b.WriteByte(',')
		}
		writeString(b, e.Name)
		b.WriteByte(':')
		if math.IsNaN(e.Lo) || math.IsNaN(e.Hi) {
			b.WriteString("null")
			continue
		}
		b.WriteString(`{"lo":`)
		writeNumber(b, e.Lo)
		b.WriteString(`,"hi":`)
		writeNumber(b, e.Hi)
		b.WriteString(`,"level":`)
		writeNumber(b, level)
		b.WriteByte('}')
	}
	b.WriteByte('}')
}

// writeNumber writes f as JSON, null when it is not finite.
func writeNumber(b *bytes.Buffer, f float64) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		b.WriteString("null")
		return
	}
	b.Write(strconv.AppendFloat(nil, f, 'g', -1, 64))
}

func writeString(b *bytes.Buffer, s string) {
	raw, _ := json.Marshal(s)
	b.Write(raw)
}
