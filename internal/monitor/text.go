package monitor

import (
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/mlgate/mlgate/internal/data/drift"
	"github.com/mlgate/mlgate/internal/result"
)

// driftMetric is the metric of one compared column: the deciding measure
// against its threshold.
func driftMetric(name string, cd drift.ColumnDrift) result.Metric {
	label, v := measure(cd)
	m := result.Metric{Name: name + " (" + label + ")", Status: result.Pass}
	if v != nil {
		m.Value = result.F(*v)
	}
	if cd.Method == drift.MeasureKS {
		m.Rule = "p >= " + num(cd.Threshold)
	} else {
		m.Rule = "<= " + num(cd.Threshold)
	}
	if cd.Drifted {
		m.Status, m.Message = result.Warn, "drifted"
	}
	return m
}

// measure returns the name and value of the deciding measure.
func measure(cd drift.ColumnDrift) (string, *float64) {
	switch cd.Method {
	case drift.MeasurePSI:
		return "PSI", cd.PSI
	case drift.MeasureJS:
		return "Jensen-Shannon", cd.JS
	case drift.MeasureLInf:
		return "L-infinity", cd.LInf
	case drift.MeasureKS:
		return "KS p-value", cd.KSP
	case drift.MeasureMissing:
		return "missing share change", cd.Missing
	}
	return cd.Method, nil
}

// measureText says how far the deciding measure went: "PSI 0.41 > 0.2".
func measureText(cd drift.ColumnDrift) string {
	label, v := measure(cd)
	if v == nil {
		return label
	}
	if cd.Method == drift.MeasureKS {
		return label + " " + num(*v) + " < " + num(cd.Threshold)
	}
	return label + " " + num(*v) + " > " + num(cd.Threshold)
}

// named lists the first few items and counts the rest.
func named(items []string) string {
	if len(items) <= maxNamed {
		return strings.Join(items, ", ")
	}
	return strings.Join(items[:maxNamed], ", ") + " and " + strconv.Itoa(len(items)-maxNamed) + " more"
}

// clean keeps a reason on one line without control characters, so that it
// fits a step output and cannot forge workflow commands.
func clean(s string) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\r' || r == '\t':
			return ' '
		case r < 0x20 || r == 0x7f || r == 0x2028 || r == 0x2029:
			return -1
		}
		return r
	}, s)
	return cut(s, 500)
}

// cut shortens s to at most n runes.
func cut(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

func num(f float64) string { return strconv.FormatFloat(f, 'g', 3, 64) }

func pct(f float64) string {
	return strconv.FormatFloat(math.Round(f*1e3)/10, 'f', -1, 64) + "%"
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func floats(v []float64) []result.Float {
	out := make([]result.Float, len(v))
	for i, x := range v {
		out[i] = result.Float(x)
	}
	return out
}
