package score

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/mlgate/mlgate/internal/report/reporttest"
	"github.com/mlgate/mlgate/internal/result"
)

// fixture is a typical project: data, smoke, repro, gate and canary gates,
// one errored, and a few tests done by hand.
func fixture(t *testing.T) Score {
	t.Helper()
	s, err := Compute([]result.Result{
		res("train-data", "data", result.Pass),
		res("serving-data", "data", result.Warn, "data-1", "monitor-2", "monitor-3"),
		res("smoke", "smoke", result.Pass),
		res("repro", "repro", result.Pass, "infra-1", "infra-2"),
		res("quality", "gate", result.Fail),
		res("canary", "canary", result.Error),
	}, []Manual{
		{Test: "model-1", Evidence: "docs/model-review.md"},
		{Test: "infra-3", Evidence: "https://wiki.example.com/ml/pipeline_test?run=1&view=full"},
		{Test: "monitor-4", Evidence: "https://grafana.example.com/d/model-age"},
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func render(t *testing.T, f func(*bytes.Buffer, Score) error, s Score) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := f(&buf, s); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func markdown(b *bytes.Buffer, s Score) error { return Markdown(b, s) }
func text(b *bytes.Buffer, s Score) error     { return Text(b, s) }

func TestGoldenMarkdown(t *testing.T) {
	t.Parallel()
	reporttest.Golden(t, "score.golden.md", render(t, markdown, fixture(t)))
}

func TestGoldenMarkdownEmpty(t *testing.T) {
	t.Parallel()
	s, err := Compute(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	reporttest.Golden(t, "empty.golden.md", render(t, markdown, s))
}

func TestGoldenText(t *testing.T) {
	t.Parallel()
	reporttest.Golden(t, "score.golden.txt", render(t, text, fixture(t)))
}

func TestJSONRoundTrip(t *testing.T) {
	t.Parallel()
	s := fixture(t)
	var buf bytes.Buffer
	if err := JSON(&buf, s); err != nil {
		t.Fatal(err)
	}
	var back Score
	if err := json.Unmarshal(buf.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	if back.Final != s.Final || back.Band != s.Band || len(back.Sections) != 4 ||
		back.Sections[2].Tests[2].Evidence != s.Sections[2].Tests[2].Evidence || len(back.Missing) != len(s.Missing) {
		t.Errorf("round trip lost data:\n%s", buf.Bytes())
	}
	if !strings.Contains(buf.String(), `"id": "data-1"`) || !strings.Contains(buf.String(), `"how": "automated"`) {
		t.Errorf("JSON lacks flattened test fields:\n%s", buf.Bytes())
	}
}

// hostile is user text that tries to break a table, open HTML, forge the
// report's marker and mention people.
const hostile = "a|b <!-- mlgate:report --> <img src=x> @octocat `x` [l](javascript:alert(1)) **b**"

func TestMarkdownEscapesUserStrings(t *testing.T) {
	t.Parallel()
	s, err := Compute([]result.Result{
		res("ok", "custom", result.Pass, "data-1", hostile),
		{Version: 1, ID: hostile, Gate: "custom", Status: result.Pass, MLTests: []string{"data-2"}},
		{Version: 1, ID: "bad", Gate: hostile, Status: result.Error},
	}, []Manual{
		{Test: "model-1", Evidence: "docs/" + hostile},
		{Test: "model-2", Evidence: "https://evil.example/a|b)<script>@x`\"' (y) [z]"},
	})
	if err != nil {
		t.Fatal(err)
	}
	out := string(render(t, markdown, s))
	unescaped := strings.NewReplacer(`\]`, "", "\\`", "", `\*`, "").Replace(out)
	for _, bad := range []string{"<!--", "<img", "<script", "@octocat", "](javascript", "`x`", "**b**"} {
		if strings.Contains(unescaped, bad) {
			t.Errorf("output contains %q:\n%s", bad, out)
		}
	}
	for _, line := range strings.Split(out, "\n") {
		if !strings.HasPrefix(line, "| ") || strings.HasPrefix(line, "| Data") || strings.HasPrefix(line, "| ---") {
			continue
		}
		// Each row of the per-test table has exactly 5 unescaped pipes.
		if n := strings.Count(line, "|") - strings.Count(line, `\|`); n != 5 && !strings.Contains(line, "/ 7") {
			t.Errorf("row has %d cell separators: %s", n, line)
		}
	}
	if !strings.Contains(out, "(https://evil.example/a%7Cb%29%3Cscript%3E@x%60%22%27%20%28y%29%20%5Bz%5D)") {
		t.Errorf("evidence URL target not percent-encoded:\n%s", out)
	}
}

func TestTextKeepsUserStringsOnOneLine(t *testing.T) {
	t.Parallel()
	s, err := Compute([]result.Result{
		{Version: 1, ID: "x\n::set-output name=v::1", Gate: "custom", Status: result.Pass, MLTests: []string{"data-1"}},
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	out := string(render(t, text, s))
	if strings.Contains(out, "\n::set-output") {
		t.Errorf("a result id started a workflow command line:\n%s", out)
	}
}

func TestMarkdownIsBounded(t *testing.T) {
	t.Parallel()
	// The worst case of each part: every test automated by many results
	// with long ids full of characters that escaping lengthens, many
	// warnings; then every test declared by hand with the longest evidence.
	long := strings.Repeat("<|_", 40)
	var ids []string
	for _, tc := range Tests() {
		ids = append(ids, tc.ID, long+tc.ID)
	}
	var results []result.Result
	for i := range 50 {
		results = append(results, res(fmt.Sprintf("%s%d", long, i), "custom", result.Pass, ids...))
	}
	automated, err := Compute(results, nil)
	if err != nil {
		t.Fatal(err)
	}
	var manual []Manual
	for _, tc := range Tests() {
		url := "https://x.example/" + strings.Repeat("<", MaxEvidenceLen-len("https://x.example/"))
		manual = append(manual, Manual{Test: tc.ID, Evidence: url})
	}
	byHand, err := Compute(nil, manual)
	if err != nil {
		t.Fatal(err)
	}
	for name, s := range map[string]Score{"automated": automated, "by hand": byHand} {
		if n := len(render(t, markdown, s)); n > 32<<10 {
			t.Errorf("%s: Markdown is %d bytes", name, n)
		}
	}
	typical := len(render(t, markdown, fixture(t)))
	if typical > 4<<10 {
		t.Errorf("typical Markdown is %d bytes", typical)
	}
}
