package report

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/mlgate/mlgate/internal/result"
)

func TestMarkdownFixturesWellFormed(t *testing.T) {
	t.Parallel()
	marker := "<!-- mlgate:report key=ci -->"
	md := Markdown(fixtures(), MarkdownOptions{Marker: marker})
	checkMarkdown(t, md, marker)
	if strings.Contains(md, "@octocat") || strings.Contains(md, "<script>") {
		t.Error("hostile strings reached the report unescaped")
	}
	if got := Markdown(fixtures(), MarkdownOptions{Marker: marker}); got != md {
		t.Error("two renders of the same results differ")
	}
}

func TestMarkdownHeadline(t *testing.T) {
	t.Parallel()
	tests := []struct {
		rs   []result.Result
		want string
	}{
		{[]result.Result{res("a", result.Pass), res("b", result.Pass)}, "## ✅ mlgate: passed — 2 passed\n"},
		{[]result.Result{res("a", result.Pass), res("b", result.Warn)}, "## ⚠️ mlgate: passed with warnings — 1 with warnings, 1 passed\n"},
		{[]result.Result{res("a", result.Fail), res("b", result.Pass), res("c", result.Pass)}, "## ❌ mlgate: failed — 1 failed, 2 passed\n"},
		{[]result.Result{res("a", result.Error), res("b", result.Fail)}, "## 💥 mlgate: could not evaluate — 1 error, 1 failed\n"},
		{[]result.Result{res("a", result.Skip)}, "## ⏭️ mlgate: skipped — 1 skipped\n"},
		{nil, "## 💥 mlgate: could not evaluate — no results\n"},
	}
	for _, tt := range tests {
		if got := Markdown(tt.rs, MarkdownOptions{}); !strings.HasPrefix(got, tt.want) {
			first, _, _ := strings.Cut(got, "\n")
			t.Errorf("headline = %q, want %q", first, tt.want)
		}
	}
}

func TestMarkdownTableOrderAndDetailsOpen(t *testing.T) {
	t.Parallel()
	md := Markdown([]result.Result{res("p", result.Pass), res("f", result.Fail), res("e", result.Error), res("s", result.Skip)}, MarkdownOptions{})
	rows := regexp.MustCompile(`(?m)^\| (\w) \|`).FindAllStringSubmatch(md, -1)
	var ids string
	for _, r := range rows {
		ids += r[1]
	}
	if ids != "efps" {
		t.Errorf("table order = %q, want efps", ids)
	}
	open := regexp.MustCompile(`<details( open)?>\n<summary>\S+ <b>(\w)</b>`).FindAllStringSubmatch(md, -1)
	var got string
	for _, m := range open {
		got += m[2] + strconv.FormatBool(m[1] != "") + " "
	}
	if want := "etrue ftrue pfalse sfalse "; got != want {
		t.Errorf("details open flags = %q, want %q", got, want)
	}
}

func TestMarkdownFindingsCapExact(t *testing.T) {
	t.Parallel()
	r := res("big", result.Fail)
	for i := range 45 {
		r.Findings = append(r.Findings, result.Finding{Severity: result.SeverityError, Message: "m" + strconv.Itoa(i),
			Location: &result.Location{File: "d.csv", Line: i + 1, Column: 2, Field: "age"}})
	}
	r.FindingsOmitted = 5
	md := Markdown([]result.Result{r}, MarkdownOptions{MaxFindings: 10})
	if n := strings.Count(md, "\n- **error**"); n != 10 {
		t.Errorf("%d findings listed, want 10", n)
	}
	if !strings.Contains(md, "_… and 40 more findings._") {
		t.Errorf("missing exact remainder (45-10+5 = 40):\n%s", md)
	}
	if !strings.Contains(md, "**Findings** (50: 45 errors, 5 not stored by the gate)") {
		t.Errorf("missing findings total:\n%s", md)
	}
	if !strings.Contains(md, "m9 — d.csv:10:2, field age\n") || strings.Contains(md, "m10 ") {
		t.Errorf("wrong findings shown or location format:\n%s", md)
	}
	if md := Markdown([]result.Result{r}, MarkdownOptions{MaxFindings: -1}); !strings.Contains(md, "_50 findings left out") {
		t.Errorf("MaxFindings < 0 should list none:\n%s", md)
	}
}

func TestMarkdownMetricsCapKeepsFailures(t *testing.T) {
	t.Parallel()
	r := res("m", result.Fail)
	for i := range 150 {
		m := result.Metric{Name: "ok" + strconv.Itoa(i), Value: result.F(1), Status: result.Pass}
		if i >= 147 {
			m.Name, m.Status = "bad"+strconv.Itoa(i), result.Fail
		}
		r.Metrics = append(r.Metrics, m)
	}
	md := Markdown([]result.Result{r}, MarkdownOptions{})
	if n := strings.Count(md, "\n| ok") + strings.Count(md, "\n| bad"); n != 100 {
		t.Errorf("%d metric rows, want 100", n)
	}
	for _, name := range []string{"bad147", "bad148", "bad149"} {
		if !strings.Contains(md, "| "+name+" |") {
			t.Errorf("failing metric %s left out", name)
		}
	}
	if !strings.Contains(md, "_… and 50 more metrics (in all: 3 failed)._") {
		t.Errorf("missing metric remainder:\n%s", md)
	}
	if strings.Index(md, "| ok96 |") > strings.Index(md, "| bad147 |") {
		t.Error("metrics not shown in their own order")
	}
}

func TestMarkdownMetricValues(t *testing.T) {
	t.Parallel()
	r := res("m", result.Fail)
	r.Metrics = []result.Metric{
		{Name: "missing", Rule: ">= 1", Status: result.Fail},
		{Name: "nan", Value: result.F(math.NaN()), Baseline: result.F(math.Inf(-1)), Status: result.Fail},
		{Name: "lat", Value: result.F(12345.678), Baseline: result.F(10000), Unit: "ms"},
	}
	md := Markdown([]result.Result{r}, MarkdownOptions{})
	for _, want := range []string{
		"| missing | — | — | — | &gt;= 1 | ❌ fail |",
		"| nan | -Inf | NaN | NaN | — | ❌ fail |",
		"| lat | 10000 ms | 12346 ms | +2346 ms (+23.5%) | — | — |",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("missing row %q in:\n%s", want, md)
		}
	}
}

func TestMarkdownErrorResult(t *testing.T) {
	t.Parallel()
	short := result.Errored("a", "data", started, errString("reading data.csv: no such file"))
	long := result.Errored("b", "data", started, errString("line1\n````\n"+strings.Repeat("x", 10000)))
	md := Markdown([]result.Result{short, long}, MarkdownOptions{})
	checkMarkdown(t, md, "")
	if !strings.Contains(md, "**Error:** reading data.csv: no such file\n") {
		t.Errorf("short error not inline:\n%s", md)
	}
	if !strings.Contains(md, "\n`````\nline1\n````\n") || !strings.Contains(md, "more bytes of the error left out") {
		t.Errorf("long error not fenced and capped")
	}
}

func TestMarkdownChartDownsampleAndNaN(t *testing.T) {
	t.Parallel()
	r := res("c", result.Pass)
	vals := make([]result.Float, 1000)
	for i := range vals {
		vals[i] = result.Float(i)
	}
	vals[0] = result.Float(math.NaN())
	r.Charts = []result.Chart{{Title: "t", Series: []result.Series{{Name: "s", Values: vals}}}}
	md := Markdown([]result.Result{r}, MarkdownOptions{})
	checkMarkdown(t, md, "")
	xs := regexp.MustCompile(`x-axis "step" \[(.*)\]`).FindStringSubmatch(md)
	if xs == nil {
		t.Fatalf("no x-axis:\n%s", md)
	}
	labels := strings.Split(xs[1], ", ")
	if len(labels) != maxChartPoints || labels[0] != `"2"` || labels[len(labels)-1] != `"1000"` {
		t.Errorf("x-axis has %d labels from %s to %s, want %d from \"2\" to \"1000\"", len(labels), labels[0], labels[len(labels)-1], maxChartPoints)
	}
	if !strings.Contains(md, "y-axis \"value\" 1 --> 999\n") {
		t.Errorf("wrong y range")
	}
	for _, want := range []string{"_1 of 1000 points are not plotted", "_Plotted 50 of 999 points", "_100 of 1000 rows shown", "| 1 | NaN |"} {
		if !strings.Contains(md, want) {
			t.Errorf("missing %q", want)
		}
	}
}

func TestMarkdownChartAllNaN(t *testing.T) {
	t.Parallel()
	r := res("c", result.Pass)
	nan := result.Float(math.NaN())
	r.Charts = []result.Chart{{Title: "t", Series: []result.Series{{Name: "s", Values: []result.Float{nan, nan}}}}, {Title: "empty"}}
	md := Markdown([]result.Result{r}, MarkdownOptions{})
	checkMarkdown(t, md, "")
	if strings.Contains(md, "```mermaid") {
		t.Error("mermaid block without plottable points")
	}
	if !strings.Contains(md, "_2 of 2 points are not plotted") || !strings.Contains(md, "_No data._") {
		t.Errorf("missing notes:\n%s", md)
	}
}

func TestMarkdownUnlimitedIgnoresLevels(t *testing.T) {
	t.Parallel()
	rs := []result.Result{bigResult("a", 3000)}
	md := Markdown(rs, MarkdownOptions{MaxFindings: 3000})
	if n := strings.Count(md, "\n- **error**"); n != 3000 {
		t.Errorf("listed %d findings without a size limit, want 3000", n)
	}
}

func FuzzMarkdown(f *testing.F) {
	f.Add(hostile, "e", 1.5, 2048)
	f.Add("```\n<details>\n", "warning", math.NaN(), 1024)
	f.Add("@a|b\r\n<!--", "", math.Inf(1), 0)
	f.Fuzz(func(t *testing.T, s, sev string, v float64, maxBytes int) {
		if maxBytes != 0 {
			maxBytes = 1024 + abs(maxBytes)%8192
		}
		r := result.Result{Version: 1, ID: s, Gate: s, Title: s, Status: result.Status(sev), Summary: s, Error: s, DurationMS: v,
			Metrics: []result.Metric{{Name: s, Value: result.F(v), Baseline: result.F(v), Unit: s, Rule: s, Status: result.Fail, Message: s}},
			Findings: []result.Finding{{Severity: result.Severity(sev), Check: s, Message: s,
				Location: &result.Location{File: s, Line: 1, Column: 2, Field: s, Pointer: s}}},
			Charts: []result.Chart{{Title: s, XLabel: s, YLabel: s, X: []string{s, s}, Series: []result.Series{{Name: s, Kind: sev, Values: []result.Float{result.Float(v), 1}}}}},
		}
		marker := "<!-- mlgate:report key=fuzz -->"
		md := Markdown([]result.Result{r, r}, MarkdownOptions{Marker: marker, MaxBytes: maxBytes, Title: s})
		if maxBytes > 0 && len(md) > maxBytes {
			t.Fatalf("%d bytes > MaxBytes %d", len(md), maxBytes)
		}
		checkMarkdown(t, md, marker)
	})
}

func abs(n int) int {
	if n < 0 {
		if n == math.MinInt {
			return 0
		}
		return -n
	}
	return n
}

func TestMarkdownAppendix(t *testing.T) {
	t.Parallel()
	rs := fixtures()
	const appendix = "### ML Test Score\n\nfinal 1.5\n"
	full := Markdown(rs, MarkdownOptions{Appendix: appendix, Footer: "footer"})
	if !strings.Contains(full, appendix+"\nfooter\n") {
		t.Errorf("appendix not written before the footer:\n%s", full[max(0, len(full)-300):])
	}
	// When the report must shrink, the appendix goes first.
	without := Markdown(rs, MarkdownOptions{Footer: "footer"})
	capped := Markdown(rs, MarkdownOptions{Appendix: appendix, Footer: "footer", MaxBytes: len(without)})
	if capped != without {
		t.Errorf("with room for the report but not the appendix, got a different report (len %d vs %d)", len(capped), len(without))
	}
}
