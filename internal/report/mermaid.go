package report

import (
	"math"
	"strconv"
	"strings"

	"github.com/mlgate/mlgate/internal/result"
)

// Chart limits: Mermaid charts stay readable and the data table stays short.
const (
	maxChartPoints = 50  // points plotted per series
	maxChartSeries = 10  // series plotted and tabulated
	maxChartRows   = 100 // rows of the chart data table
)

// writeChart writes a chart as a Mermaid xychart-beta block, with notes on
// what could not be plotted and the data as a table in a nested <details>
// for renderers without Mermaid.
//
// Mermaid cannot plot NaN or ±Inf, and all series share one x axis, so an x
// position is plotted only when every series has a finite value there. More
// than maxChartPoints positions are thinned to maxChartPoints evenly spaced
// ones, first and last included.
func writeChart(b *strings.Builder, c result.Chart) {
	b.WriteString("**📈 " + cell(orDefault(c.Title, "Chart")) + "**\n\n")
	series := c.Series
	if len(series) > maxChartSeries {
		series = series[:maxChartSeries]
	}
	n := len(c.X)
	if n == 0 {
		for _, s := range series {
			n = max(n, len(s.Values))
		}
	}
	if n == 0 || len(series) == 0 {
		b.WriteString("_No data._\n\n")
		return
	}
	valid := make([]int, 0, n)
	for i := 0; i < n; i++ {
		if finiteAt(series, i) {
			valid = append(valid, i)
		}
	}
	plot := spread(valid, maxChartPoints)
	if len(plot) > 0 {
		writeMermaid(b, c, series, plot)
	}
	names := make([]string, len(series))
	for i, s := range series {
		names[i] = cell(orDefault(s.Name, "series "+itoa(i+1))) + " (" + seriesKind(s) + ")"
	}
	b.WriteString("Series: " + strings.Join(names, ", ") + ".")
	if more := len(c.Series) - len(series); more > 0 {
		b.WriteString(" " + plural(more, "more series is", "more series are") + " not shown.")
	}
	b.WriteString("\n")
	if dropped := n - len(valid); dropped > 0 {
		b.WriteString("_" + itoa(dropped) + " of " + plural(n, "point is", "points are") +
			" not plotted because a value is NaN, ±Inf or missing; the chart data lists every value._\n")
	}
	if len(plot) < len(valid) {
		b.WriteString("_Plotted " + itoa(len(plot)) + " of " + itoa(len(valid)) + " points, evenly spaced._\n")
	}
	b.WriteString("\n")
	writeChartData(b, c, series, n)
}

// writeMermaid writes the Mermaid block for the x positions in plot.
func writeMermaid(b *strings.Builder, c result.Chart, series []result.Series, plot []int) {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, s := range series {
		for _, i := range plot {
			v := mermaidRound(float64(s.Values[i]))
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	if lo == hi {
		pad := math.Abs(lo) * 0.1
		if pad == 0 {
			pad = 1
		}
		lo, hi = lo-pad, hi+pad
	}
	b.WriteString("```mermaid\nxychart-beta\n")
	b.WriteString("    title \"" + mermaidText(c.Title, "Chart") + "\"\n")
	b.WriteString("    x-axis \"" + mermaidText(c.XLabel, "step") + "\" [")
	for k, i := range plot {
		if k > 0 {
			b.WriteString(", ")
		}
		b.WriteString("\"" + mermaidText(xLabel(c, i), itoa(i+1)) + "\"")
	}
	b.WriteString("]\n")
	b.WriteString("    y-axis \"" + mermaidText(c.YLabel, "value") + "\" " + mermaidNum(lo) + " --> " + mermaidNum(hi) + "\n")
	for _, s := range series {
		b.WriteString("    " + seriesKind(s) + " [")
		for k, i := range plot {
			if k > 0 {
				b.WriteString(", ")
			}
			b.WriteString(mermaidNum(float64(s.Values[i])))
		}
		b.WriteString("]\n")
	}
	b.WriteString("```\n\n")
}

// writeChartData writes every value (up to maxChartRows evenly spaced rows)
// as a table inside a nested <details>.
func writeChartData(b *strings.Builder, c result.Chart, series []result.Series, n int) {
	all := make([]int, n)
	for i := range all {
		all[i] = i
	}
	rows := spread(all, maxChartRows)
	b.WriteString("<details><summary>Chart data</summary>\n\n")
	b.WriteString("| " + cell(orDefault(c.XLabel, "x")))
	for i, s := range series {
		b.WriteString(" | " + cell(orDefault(s.Name, "series "+itoa(i+1))))
	}
	b.WriteString(" |\n| ---")
	for range series {
		b.WriteString(" | ---:")
	}
	b.WriteString(" |\n")
	for _, i := range rows {
		b.WriteString("| " + cell(xLabel(c, i)))
		for _, s := range series {
			v := missing
			if i < len(s.Values) {
				v = formatNum(float64(s.Values[i]))
			}
			b.WriteString(" | " + v)
		}
		b.WriteString(" |\n")
	}
	if len(rows) < n {
		b.WriteString("\n_" + itoa(len(rows)) + " of " + itoa(n) + " rows shown, evenly spaced._\n")
	}
	b.WriteString("\n</details>\n\n")
}

// finiteAt reports whether every series has a finite value at i.
func finiteAt(series []result.Series, i int) bool {
	for _, s := range series {
		if i >= len(s.Values) {
			return false
		}
		v := float64(s.Values[i])
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return true
}

// spread returns at most k elements of idx, evenly spaced, first and last
// included; idx itself when it is short enough.
func spread(idx []int, k int) []int {
	if len(idx) <= k {
		return idx
	}
	out := make([]int, k)
	for j := range out {
		out[j] = idx[j*(len(idx)-1)/(k-1)]
	}
	return out
}

// xLabel is the x label of position i: chart.X[i], or i+1.
func xLabel(c result.Chart, i int) string {
	if i < len(c.X) {
		return c.X[i]
	}
	return itoa(i + 1)
}

// seriesKind is "bar" or "line" (the default).
func seriesKind(s result.Series) string {
	if s.Kind == "bar" {
		return "bar"
	}
	return "line"
}

// mermaidRound rounds v to 6 significant digits, as mermaidNum writes it.
func mermaidRound(v float64) float64 {
	r, err := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 6, 64), 64)
	if err != nil {
		return v
	}
	return r
}

// mermaidNum formats a finite number for Mermaid, which reads plain
// decimals only (no exponent).
func mermaidNum(v float64) string {
	return strconv.FormatFloat(mermaidRound(v), 'f', -1, 64)
}

// orDefault returns s, or def when s is blank.
func orDefault(s, def string) string {
	if strings.TrimSpace(s) == "" {
		return def
	}
	return s
}
