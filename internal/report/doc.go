// Package report renders a set of gate results ([]result.Result) as
// Markdown (PR comments and job summaries), JUnit XML, JSON and OpenMetrics
// text.
//
// Every renderer is a pure function of its input: no environment, no clock,
// no I/O other than the io.Writer it is given, so the same results always
// give byte-identical output. Results are rendered in report order (see
// [Sort]): most severe first, then by ID.
//
// Every string that comes from a result is user data and is escaped for the
// format it lands in: Markdown text ([EscapeInline]), fenced code ([Fence]),
// HTML inside <details>, Mermaid labels, XML and OpenMetrics label values.
package report
