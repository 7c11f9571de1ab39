package report

import (
	"bytes"
	"testing"

	"github.com/mlgate/mlgate/internal/report/reporttest"
)

func TestGoldenMarkdown(t *testing.T) {
	t.Parallel()
	reporttest.Golden(t, "report.golden.md", []byte(Markdown(fixtures(), MarkdownOptions{
		Marker: "<!-- mlgate:report key=ci -->",
		Footer: "[Workflow run](https://github.com/o/r/actions/runs/1)",
	})))
}

func TestGoldenMarkdownSmall(t *testing.T) {
	t.Parallel()
	reporttest.Golden(t, "small.golden.md", []byte(Markdown(fixtures(), MarkdownOptions{
		Marker: "<!-- mlgate:report key=ci -->", MaxBytes: 4096, Footer: "footer line",
	})))
}

func TestGoldenMarkdownEmpty(t *testing.T) {
	t.Parallel()
	reporttest.Golden(t, "empty.golden.md", []byte(Markdown(nil, MarkdownOptions{Title: "nightly"})))
}

func TestGoldenJUnit(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	if err := JUnit(&buf, fixtures()); err != nil {
		t.Fatal(err)
	}
	reporttest.Golden(t, "report.golden.xml", buf.Bytes())
}

func TestGoldenJSON(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	if err := JSON(&buf, fixtures()); err != nil {
		t.Fatal(err)
	}
	reporttest.Golden(t, "report.golden.json", buf.Bytes())
}

func TestGoldenOpenMetrics(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	if err := OpenMetrics(&buf, fixtures()); err != nil {
		t.Fatal(err)
	}
	reporttest.Golden(t, "report.golden.txt", buf.Bytes())
}
