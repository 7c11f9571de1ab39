package github

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mlgate/mlgate/internal/platform"
	"github.com/mlgate/mlgate/internal/result"
)

// findingsReport has 12 located errors, 11 located warnings, 2 notices and
// findings that cannot be annotated, with characters that need escaping.
func findingsReport() *platform.Report {
	data := result.Result{ID: "data.train", Gate: "data", Title: "Data: train.csv", Status: result.Fail}
	for i := range 12 {
		data.Findings = append(data.Findings, result.Finding{
			Severity: result.SeverityError,
			Check:    "schema.type",
			Message:  fmt.Sprintf("value %q is not a number", fmt.Sprint("n/a", i)),
			Location: &result.Location{File: "./data/train.csv", Line: 10 + i, Column: 3, Field: "age"},
		})
	}
	data.Findings = append(data.Findings,
		result.Finding{Severity: result.SeverityError, Message: "no location: not annotated"},
		result.Finding{Severity: result.SeverityError, Message: "no line: not annotated", Location: &result.Location{File: "x.csv"}},
	)
	eval := result.Result{ID: "gate-eval", Gate: "gate", Status: result.Warn}
	for i := range 11 {
		eval.Findings = append(eval.Findings, result.Finding{
			Severity: result.SeverityWarning,
			Check:    "drift, psi",
			Message:  fmt.Sprintf("PSI 0.%d > 0.1: 100%% of\nrows\r moved", i),
			Location: &result.Location{File: `data\weird,name:v2.csv`, Line: i + 1},
		})
	}
	eval.Findings = append(eval.Findings,
		result.Finding{Severity: result.SeverityNotice, Message: "baseline from main@abc", Location: &result.Location{File: "metrics.json", Line: 1}},
		result.Finding{Severity: "bogus", Message: "unknown severity is a warning", Location: &result.Location{File: "m.json", Line: 2, Column: -1}},
		result.Finding{Severity: result.SeverityNotice, Message: "second notice", Location: &result.Location{File: "metrics.json", Line: 4, Column: 7}},
	)
	r := textReport(result.Fail, "## mlgate: fail\n\n| gate | status |\n| --- | --- |\n| data.train | fail |\n")
	r.Results = []result.Result{eval, data} // report order: warnings first, errors still come first
	return r
}

func TestAnnotationsGolden(t *testing.T) {
	t.Parallel()
	fake := newFake(t, "")
	h := newHarness(t, fake)
	h.opt.Comment = platform.CommentNever
	h.mustPublish(findingsReport())

	var got strings.Builder
	for _, l := range strings.Split(h.stdout.String(), "\n") {
		if strings.HasPrefix(l, "::error ") || strings.HasPrefix(l, "::warning ") || strings.HasPrefix(l, "::notice") {
			got.WriteString(l + "\n")
		}
	}
	golden := filepath.Join("testdata", "annotations.golden")
	if *update {
		if err := os.WriteFile(golden, []byte(got.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/platform/github -update)", err)
	}
	if got.String() != string(want) {
		t.Errorf("annotations differ from %s (rerun with -update if intended):\ngot:\n%s\nwant:\n%s", golden, got.String(), want)
	}

	// The counts the golden file must satisfy, independent of its text.
	lines := strings.Split(strings.TrimSuffix(got.String(), "\n"), "\n")
	count := map[string]int{}
	for _, l := range lines {
		count[strings.SplitN(strings.TrimPrefix(l, "::"), " ", 2)[0]]++
	}
	if count["error"] != 10 || count["warning"] != 10 || count["notice"] != 2 {
		t.Errorf("annotation counts = %v, want 10 errors, 10 warnings, 2 notices (+ the cap notice)", count)
	}
	if !strings.HasPrefix(lines[0], "::error ") {
		t.Errorf("first annotation %q is not an error", lines[0])
	}
	wantNotice := "::notice::mlgate: 4 more findings were not annotated (GitHub shows at most 10 annotations per level per step); see the report for all findings"
	if lines[len(lines)-1] != wantNotice {
		t.Errorf("last line = %q, want %q", lines[len(lines)-1], wantNotice)
	}

	out := h.outputs()
	want2 := map[string]string{"verdict": "fail", "failed-gates": "gate-eval,data.train", "report-path": ".mlgate/report.md"}
	if fmt.Sprint(out) != fmt.Sprint(want2) {
		t.Errorf("outputs = %v, want %v", out, want2)
	}
	if s := h.readFile("GITHUB_STEP_SUMMARY"); s != "## mlgate: fail\n\n| gate | status |\n| --- | --- |\n| data.train | fail |\n\n" {
		t.Errorf("summary = %q", s)
	}
}

func TestAnnotationsUnderCapHaveNoNotice(t *testing.T) {
	t.Parallel()
	fake := newFake(t, "")
	h := newHarness(t, fake)
	h.opt.Comment = platform.CommentNever
	r := textReport(result.Fail, "x")
	r.Results = []result.Result{{ID: "a", Gate: "data", Findings: []result.Finding{
		{Severity: result.SeverityError, Message: "one", Location: &result.Location{File: "a.csv", Line: 2}},
	}}}
	h.mustPublish(r)
	if !strings.Contains(h.stdout.String(), "::error file=a.csv,line=2,title=mlgate a::one\n") {
		t.Errorf("stdout:\n%s", h.stdout.String())
	}
	if strings.Contains(h.stdout.String(), "::notice") {
		t.Errorf("a cap notice without capping:\n%s", h.stdout.String())
	}
}

// BenchmarkAnnotate measures annotating a report with many located findings
// (a data gate over a large file), of which only 30 are emitted.
func BenchmarkAnnotate(b *testing.B) {
	res := result.Result{ID: "data", Gate: "data"}
	for i := range 100000 {
		sev := []result.Severity{result.SeverityError, result.SeverityWarning, result.SeverityNotice}[i%3]
		res.Findings = append(res.Findings, result.Finding{Severity: sev, Message: "bad value",
			Location: &result.Location{File: "data/train.csv", Line: i + 1, Column: 2}})
	}
	r := &platform.Report{Results: []result.Result{res}}
	p, err := New(Options{Getenv: func(string) string { return "" }, Stdout: io.Discard})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		p.annotate(r)
	}
}
