package report

import (
	"cmp"
	"slices"
	"strings"

	"github.com/mlgate/mlgate/internal/result"
)

// item is a result with facts the renderer needs at every level of detail,
// computed once per report.
type item struct {
	r result.Result
	// sev counts the stored findings per severity: error, warning, notice, other.
	sev [4]int
}

// makeItems wraps results in report order.
func makeItems(rs []result.Result) []item {
	items := make([]item, len(rs))
	for i, r := range rs {
		items[i].r = r
		for _, f := range r.Findings {
			items[i].sev[severityIndex(f.Severity)]++
		}
	}
	return items
}

func severityIndex(s result.Severity) int {
	switch s {
	case result.SeverityError:
		return 0
	case result.SeverityWarning:
		return 1
	case result.SeverityNotice:
		return 2
	}
	return 3
}

// writeDetails writes the <details> block of one result.
func writeDetails(b *strings.Builder, it item, d detail) {
	r := it.r
	st := normStatus(r.Status)
	if d.open && (st == result.Fail || st == result.Error) {
		b.WriteString("<details open>\n")
	} else {
		b.WriteString("<details>\n")
	}
	b.WriteString("<summary>" + statusEmoji(st) + " <b>" + escapeHTML(displayTitle(r)) + "</b> — " + string(st))
	if r.Gate != "" {
		b.WriteString(" · gate: " + escapeHTML(r.Gate))
	}
	b.WriteString("</summary>\n\n")
	empty := true
	if strings.TrimSpace(r.Error) != "" {
		writeError(b, r.Error, d.errBytes)
		empty = false
	}
	if len(r.Metrics) > 0 {
		writeMetrics(b, r.Metrics, d.metrics)
		empty = false
	}
	if len(r.Findings)+r.FindingsOmitted > 0 {
		writeFindings(b, it, d.findings)
		empty = false
	}
	if len(r.Charts) > 0 {
		if d.charts {
			for _, c := range r.Charts {
				writeChart(b, c)
			}
		} else {
			b.WriteString("_" + plural(len(r.Charts), "chart", "charts") + " left out to fit the size limit._\n\n")
		}
		empty = false
	}
	if empty {
		b.WriteString("_No metrics, findings or charts were reported._\n\n")
	}
	b.WriteString("</details>\n\n")
}

// writeError writes why the gate could not be evaluated: inline when it is
// one short line, else as a code block of at most maxBytes bytes.
func writeError(b *strings.Builder, msg string, maxBytes int) {
	msg = strings.TrimSpace(msg)
	if !strings.ContainsAny(msg, "\r\n") && len(msg) <= cellMaxRunes {
		b.WriteString("**Error:** " + EscapeInline(msg) + "\n\n")
		return
	}
	b.WriteString("**Error:**\n\n")
	if len(msg) > maxBytes {
		cut := cutBytes(msg, maxBytes)
		b.WriteString(Fence(cut))
		b.WriteString("\n_… " + itoa(len(msg)-len(cut)) + " more bytes of the error left out._\n\n")
		return
	}
	b.WriteString(Fence(msg))
	b.WriteString("\n")
}

// cutBytes returns the longest prefix of s of at most n bytes that ends at a
// line boundary, or at a rune boundary when there is no line boundary.
func cutBytes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	if i := strings.LastIndexByte(s[:n], '\n'); i > 0 {
		return s[:i+1]
	}
	for n > 0 && !isRuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// isRuneStart reports whether c can start a UTF-8 encoded rune.
func isRuneStart(c byte) bool { return c&0xC0 != 0x80 }

// writeMetrics writes the metric table, at most limit rows. When rows must
// be left out, the most severe metrics are kept, shown in their own order.
func writeMetrics(b *strings.Builder, ms []result.Metric, limit int) {
	if limit <= 0 {
		b.WriteString("_" + plural(len(ms), "metric", "metrics") + " left out to fit the size limit" + metricCounts(ms) + "._\n\n")
		return
	}
	withInterval := false
	for _, m := range ms {
		withInterval = withInterval || m.Interval != nil
	}
	if withInterval {
		b.WriteString("| Metric | Baseline | Candidate | Δ | Interval | Rule | Status |\n| --- | ---: | ---: | ---: | ---: | --- | --- |\n")
	} else {
		b.WriteString("| Metric | Baseline | Candidate | Δ | Rule | Status |\n| --- | ---: | ---: | ---: | --- | --- |\n")
	}
	for _, i := range pickMetrics(ms, limit) {
		m := ms[i]
		rule, status := missing, missing
		if strings.TrimSpace(m.Rule) != "" {
			rule = cell(m.Rule)
		}
		if m.Status != "" {
			status = statusCell(m.Status)
		}
		if strings.TrimSpace(m.Message) != "" {
			status += ": " + cell(m.Message)
		}
		b.WriteString("| " + cell(m.Name) + " | " + formatValue(m.Baseline, cellUnit(m.Unit)) + " | " +
			formatValue(m.Value, cellUnit(m.Unit)) + " | " + formatDelta(withCellUnit(m)) + " | ")
		if withInterval {
			b.WriteString(formatInterval(m.Interval) + " | ")
		}
		b.WriteString(rule + " | " + status + " |\n")
	}
	b.WriteString("\n")
	if more := len(ms) - limit; more > 0 {
		b.WriteString("_… and " + plural(more, "more metric", "more metrics") + metricCounts(ms) + "._\n\n")
	}
}

// cellUnit escapes a unit for a table cell.
func cellUnit(u string) string {
	if strings.TrimSpace(u) == "" {
		return ""
	}
	return EscapeInline(truncRunes(u, 20))
}

// withCellUnit returns m with its unit escaped for a table cell.
func withCellUnit(m result.Metric) result.Metric {
	m.Unit = cellUnit(m.Unit)
	return m
}

// metricCounts summarizes failing and warning metrics: " (2 failed, 1 warned)".
func metricCounts(ms []result.Metric) string {
	var fail, warn int
	for _, m := range ms {
		switch m.Status {
		case result.Fail, result.Error:
			fail++
		case result.Warn:
			warn++
		}
	}
	var parts []string
	if fail > 0 {
		parts = append(parts, itoa(fail)+" failed")
	}
	if warn > 0 {
		parts = append(parts, itoa(warn)+" warned")
	}
	if len(parts) == 0 {
		return ""
	}
	return " (in all: " + strings.Join(parts, ", ") + ")"
}

// pickMetrics returns the indices of at most limit metrics in their order,
// preferring the most severe.
func pickMetrics(ms []result.Metric, limit int) []int {
	idx := make([]int, len(ms))
	for i := range idx {
		idx[i] = i
	}
	if len(ms) <= limit {
		return idx
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		return cmp.Compare(metricRank(ms[b].Status), metricRank(ms[a].Status))
	})
	idx = idx[:limit]
	slices.Sort(idx)
	return idx
}

// metricRank orders metric statuses; a metric without a status ranks lowest.
func metricRank(s result.Status) int {
	if s == "" {
		return -1
	}
	return s.Rank()
}

// writeFindings writes at most limit findings as a list, with the exact
// number of the rest.
func writeFindings(b *strings.Builder, it item, limit int) {
	r := it.r
	total := len(r.Findings) + r.FindingsOmitted
	b.WriteString("**Findings** (" + itoa(total) + sevSummary(it.sev, r.FindingsOmitted) + ")\n\n")
	shown := min(limit, len(r.Findings))
	for _, f := range r.Findings[:shown] {
		b.WriteString("- **" + cell(string(f.Severity)) + "**")
		if strings.TrimSpace(f.Check) != "" {
			b.WriteString(" · " + cell(f.Check))
		}
		b.WriteString(": " + cell(f.Message))
		if loc := formatLocation(f.Location); loc != "" {
			b.WriteString(" — " + loc)
		}
		b.WriteString("\n")
	}
	if shown > 0 {
		b.WriteString("\n")
	}
	if more := total - shown; more > 0 {
		if shown == 0 {
			b.WriteString("_" + plural(more, "finding", "findings") + " left out to fit the size limit._\n\n")
		} else {
			b.WriteString("_… and " + plural(more, "more finding", "more findings") + "._\n\n")
		}
	}
}

// sevSummary describes the stored findings per severity: ": 2 errors, 1 warning".
func sevSummary(sev [4]int, omitted int) string {
	names := [4][2]string{{"error", "errors"}, {"warning", "warnings"}, {"notice", "notices"}, {"other", "other"}}
	var parts []string
	for i, n := range sev {
		if n > 0 {
			parts = append(parts, plural(n, names[i][0], names[i][1]))
		}
	}
	if omitted > 0 {
		parts = append(parts, itoa(omitted)+" not stored by the gate")
	}
	if len(parts) == 0 {
		return ""
	}
	return ": " + strings.Join(parts, ", ")
}
