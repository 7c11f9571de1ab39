package report

import (
	"strings"

	"github.com/mlgate/mlgate/internal/result"
)

// MarkdownOptions control [Markdown].
type MarkdownOptions struct {
	// Title is the headline title; default "mlgate".
	Title string
	// Marker is a hidden marker line written first, verbatim
	// (e.g. "<!-- mlgate:report key=ci -->"); may be empty.
	Marker string
	// MaxBytes bounds the output: 0 means unlimited; otherwise the output is
	// at most MaxBytes bytes (for MaxBytes >= 1024 it is also well-formed).
	MaxBytes int
	// MaxFindings is the number of findings shown per result before
	// "… and N more findings"; default 20, negative shows none.
	MaxFindings int
	// MaxMetrics is the number of metric rows shown per result before
	// "… and N more metrics"; default 100, negative shows none.
	MaxMetrics int
	// Footer is an optional trusted line appended at the end (e.g. a link to
	// the workflow run). It is written verbatim: the caller escapes it.
	Footer string
	// Appendix is an optional trusted Markdown section written after the
	// results and before the footer (the ML Test Score). It is written
	// verbatim, and it is the first thing left out when the report must
	// shrink to fit MaxBytes.
	Appendix string
}

// Defaults of [MarkdownOptions].
const (
	DefaultTitle       = "mlgate"
	DefaultMaxFindings = 20
	DefaultMaxMetrics  = 100
)

// maxErrorBytes bounds an error message shown in full detail.
const maxErrorBytes = 8 << 10

func (o MarkdownOptions) withDefaults() MarkdownOptions {
	if o.Title == "" {
		o.Title = DefaultTitle
	}
	if o.MaxFindings == 0 {
		o.MaxFindings = DefaultMaxFindings
	}
	if o.MaxMetrics == 0 {
		o.MaxMetrics = DefaultMaxMetrics
	}
	o.MaxFindings = max(o.MaxFindings, 0)
	o.MaxMetrics = max(o.MaxMetrics, 0)
	return o
}

// detail says how much of each result one render shows.
type detail struct {
	findings  int  // findings listed per result
	metrics   int  // metric rows per result
	charts    bool // render charts
	open      bool // open <details> of failed and errored results
	errBytes  int  // bytes of an error message shown
	shortened bool // say that details were left out
}

// levels lists the renders to try, from the full report to the most
// collapsed one; each shows less than the one before.
func levels(o MarkdownOptions) []detail {
	d := detail{findings: o.MaxFindings, metrics: o.MaxMetrics, charts: true, open: true, errBytes: maxErrorBytes}
	out := []detail{d}
	if o.MaxBytes <= 0 {
		return out
	}
	d.shortened = true
	steps := []func(*detail){
		func(d *detail) { d.findings = min(d.findings, 5) },
		func(d *detail) { d.findings = 0 },
		func(d *detail) { d.charts = false },
		func(d *detail) { d.metrics, d.errBytes = min(d.metrics, 20), 1024 },
		func(d *detail) { d.metrics, d.open = min(d.metrics, 5), false },
		func(d *detail) { d.metrics, d.errBytes = 0, 256 },
	}
	for _, step := range steps {
		step(&d)
		if d != out[len(out)-1] {
			out = append(out, d)
		}
	}
	return out
}

// Markdown renders rs as a GitHub-flavoured Markdown report: a headline with
// the verdict, a summary table, and per result a <details> block with its
// error, metrics, findings and charts. Output is deterministic.
//
// When opt.MaxBytes is set and the full report is longer, Markdown shows
// less step by step (fewer findings, no charts, fewer metric rows, closed
// blocks) and, as a last resort, cuts the report at a line boundary outside
// any code block, closes open <details> blocks and says how much was cut.
func Markdown(rs []result.Result, opt MarkdownOptions) string {
	opt = opt.withDefaults()
	rs = Sort(rs)
	sum := Summarize(rs)
	footer := strings.TrimRight(opt.Footer, "\n")
	if footer != "" {
		footer += "\n"
	}
	items := makeItems(rs)
	var out string
	for i, d := range levels(opt) {
		body := renderBody(items, sum, opt, d)
		if i == 0 && strings.TrimSpace(opt.Appendix) != "" {
			out = joinBlocks(joinBlocks(body, strings.TrimRight(opt.Appendix, "\n")+"\n"), footer)
			if opt.MaxBytes <= 0 || len(out) <= opt.MaxBytes {
				return out
			}
		}
		out = joinBlocks(body, footer)
		if opt.MaxBytes <= 0 || len(out) <= opt.MaxBytes {
			return out
		}
		out = body
	}
	return truncate(out, footer, opt.MaxBytes)
}

// joinBlocks appends block b to a, separated by a blank line.
func joinBlocks(a, b string) string {
	switch {
	case b == "":
		return a
	case strings.HasSuffix(a, "\n\n"):
		return a + b
	case strings.HasSuffix(a, "\n"):
		return a + "\n" + b
	}
	return a + "\n\n" + b
}

// renderBody renders the whole report but the footer at one level of detail.
func renderBody(items []item, sum Summary, opt MarkdownOptions, d detail) string {
	var b strings.Builder
	if opt.Marker != "" {
		b.WriteString(opt.Marker)
		b.WriteString("\n")
	}
	b.WriteString("## " + statusEmoji(sum.Verdict) + " " + EscapeInline(truncRunes(opt.Title, cellMaxRunes)) +
		": " + verdictWord(sum.Verdict) + " — " + countsLine(sum) + "\n\n")
	if len(items) == 0 {
		b.WriteString("No gate results were found, so nothing was evaluated.\n")
		return b.String()
	}
	if d.shortened {
		b.WriteString("> ✂️ Some details are left out to fit the size limit; all counts are exact.\n\n")
	}
	writeSummaryTable(&b, items)
	for _, it := range items {
		writeDetails(&b, it, d)
	}
	return b.String()
}

// countsLine is the headline's count of results per status, most severe first.
func countsLine(sum Summary) string {
	if sum.Total == 0 {
		return "no results"
	}
	var parts []string
	for _, s := range severityOrder {
		if n := sum.Counts[s]; n > 0 {
			parts = append(parts, countPhrase(s, n))
		}
	}
	return strings.Join(parts, ", ")
}

// writeSummaryTable writes one row per result.
func writeSummaryTable(b *strings.Builder, items []item) {
	b.WriteString("| Gate | Status | Key figures | Duration |\n| --- | --- | --- | ---: |\n")
	for _, it := range items {
		r := it.r
		b.WriteString("| " + gateName(r) + " | " + statusCell(r.Status) + " | " + keyFigures(r) +
			" | " + formatDuration(r.DurationMS) + " |\n")
	}
	b.WriteString("\n")
}

// displayTitle is the result's title, or its id when it has none.
func displayTitle(r result.Result) string {
	if strings.TrimSpace(r.Title) != "" {
		return r.Title
	}
	if r.ID != "" {
		return r.ID
	}
	return "(no id)"
}

// gateName is the Gate cell: the title and, when it differs, the id.
func gateName(r result.Result) string {
	s := cell(displayTitle(r))
	if t := displayTitle(r); t != r.ID && r.ID != "" {
		s += " (" + cell(r.ID) + ")"
	}
	return s
}

// keyFigures is the Key figures cell: the result's summary, else the first
// line of its error, else what it reported.
func keyFigures(r result.Result) string {
	if strings.TrimSpace(r.Summary) != "" {
		return cell(r.Summary)
	}
	if strings.TrimSpace(r.Error) != "" {
		first, _, _ := strings.Cut(strings.TrimSpace(r.Error), "\n")
		return cell(first)
	}
	var parts []string
	if n := len(r.Metrics); n > 0 {
		parts = append(parts, plural(n, "metric", "metrics"))
	}
	if n := len(r.Findings) + r.FindingsOmitted; n > 0 {
		parts = append(parts, plural(n, "finding", "findings"))
	}
	if len(parts) == 0 {
		return missing
	}
	return strings.Join(parts, ", ")
}
