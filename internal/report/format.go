package report

import (
	"math"
	"strconv"
	"strings"

	"github.com/mlgate/mlgate/internal/result"
)

// missing is shown for an absent value.
const missing = "—"

// itoa formats an int.
func itoa(n int) string { return strconv.Itoa(n) }

// plural returns "1 thing" or "n things".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return itoa(n) + " " + many
}

// formatNum formats v compactly with about four significant digits:
// 0.8712, 123.5, 12346, 1.5e-05, 2.5e+07; NaN, +Inf and -Inf as such.
func formatNum(v float64) string {
	switch {
	case math.IsNaN(v) || math.IsInf(v, 0):
		return result.Float(v).String()
	case v == 0:
		return "0"
	}
	a := math.Abs(v)
	if a < 1e-3 || a >= 1e6 {
		return strconv.FormatFloat(v, 'g', 4, 64)
	}
	dec := max(0, 3-int(math.Floor(math.Log10(a))))
	s := strconv.FormatFloat(v, 'f', dec, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

// formatValue formats an optional value with its unit; nil is shown as missing.
func formatValue(p *result.Float, unit string) string {
	if p == nil {
		return missing
	}
	return withUnit(formatNum(float64(*p)), unit)
}

// withUnit appends a unit, if any, to a formatted number.
func withUnit(s, unit string) string {
	if unit == "" {
		return s
	}
	return s + " " + unit
}

// formatInterval writes a confidence interval: "[0.88, 0.92] 95%", with a
// Δ in front when it bounds the change.
func formatInterval(iv *result.Interval) string {
	if iv == nil {
		return missing
	}
	lo, hi := formatNum(float64(iv.Lo)), formatNum(float64(iv.Hi))
	prefix := ""
	if iv.Of == "delta" {
		prefix = "Δ "
		if iv.Lo > 0 {
			lo = "+" + lo
		}
		if iv.Hi > 0 {
			hi = "+" + hi
		}
	}
	return prefix + "[" + lo + ", " + hi + "] " + strconv.FormatFloat(iv.Level*100, 'g', 4, 64) + "%"
}

// metricDelta returns the metric's delta: its Delta, or Value - Baseline
// when both exist.
func metricDelta(m result.Metric) (float64, bool) {
	if m.Delta != nil {
		return float64(*m.Delta), true
	}
	if m.Value != nil && m.Baseline != nil {
		return float64(*m.Value) - float64(*m.Baseline), true
	}
	return 0, false
}

// formatDelta formats the metric's delta with a sign and, when the baseline
// is a finite non-zero number, the relative change: "-0.04 (-4.4%)".
func formatDelta(m result.Metric) string {
	d, ok := metricDelta(m)
	if !ok {
		return missing
	}
	s := formatNum(d)
	if d > 0 && !math.IsInf(d, 1) {
		s = "+" + s
	}
	s = withUnit(s, m.Unit)
	if m.Baseline != nil {
		b := float64(*m.Baseline)
		if b != 0 && !math.IsNaN(b) && !math.IsInf(b, 0) && !math.IsNaN(d) && !math.IsInf(d, 0) {
			s += " (" + strconv.FormatFloat(d/math.Abs(b)*100, 'f', 1, 64) + "%)"
			if d > 0 {
				s = strings.Replace(s, "(", "(+", 1)
			}
		}
	}
	return s
}

// formatDuration formats a duration in milliseconds for people:
// "340 ms", "1.2 s", "2 m 5 s", "1 h 2 m"; under a millisecond "&lt;1 ms"
// (escaped for Markdown). Zero or invalid is missing.
func formatDuration(ms float64) string {
	switch {
	case math.IsNaN(ms) || math.IsInf(ms, 0) || ms <= 0:
		return missing
	case ms < 1:
		return "&lt;1 ms"
	case ms < 999.5:
		return strconv.FormatFloat(math.Round(ms), 'f', 0, 64) + " ms"
	case ms < 59950:
		return strconv.FormatFloat(ms/1000, 'f', 1, 64) + " s"
	}
	if ms >= 1e12 { // over 30 years: no point in minutes
		return formatNum(ms/3.6e6) + " h"
	}
	sec := int64(math.Round(ms / 1000))
	if sec < 3600 {
		return strconv.FormatInt(sec/60, 10) + " m " + strconv.FormatInt(sec%60, 10) + " s"
	}
	mins := (sec + 30) / 60
	return strconv.FormatInt(mins/60, 10) + " h " + strconv.FormatInt(mins%60, 10) + " m"
}

// formatLocation formats where a finding points, escaped for Markdown:
// "data.csv:12:3, field age, pointer /0/age".
func formatLocation(l *result.Location) string {
	parts := locationParts(l)
	for i, p := range parts {
		parts[i] = EscapeInline(p)
	}
	return strings.Join(parts, ", ")
}

// locationParts describes a location in plain text: the position
// ("file:line:col", "line 3, column 2" or "file"), the field and the JSON
// pointer, each present only when set. User parts are shortened to a sane length.
func locationParts(l *result.Location) []string {
	if l == nil {
		return nil
	}
	var parts []string
	pos := truncRunes(strings.TrimSpace(l.File), cellMaxRunes)
	switch {
	case pos != "" && l.Line > 0:
		pos += ":" + itoa(l.Line)
		if l.Column > 0 {
			pos += ":" + itoa(l.Column)
		}
	case l.Line > 0:
		pos = "line " + itoa(l.Line)
		if l.Column > 0 {
			pos += ", column " + itoa(l.Column)
		}
	case l.Column > 0:
		pos = strings.TrimSpace(pos + " column " + itoa(l.Column))
	}
	if pos != "" {
		parts = append(parts, pos)
	}
	if strings.TrimSpace(l.Field) != "" {
		parts = append(parts, "field "+truncRunes(l.Field, cellMaxRunes))
	}
	if strings.TrimSpace(l.Pointer) != "" {
		parts = append(parts, "pointer "+truncRunes(l.Pointer, cellMaxRunes))
	}
	return parts
}
