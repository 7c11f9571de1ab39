package report

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

// golden compares got with testdata/name, rewriting it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatalf("writing golden file: %v", err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("reading golden file (run go test ./internal/report -update): %v", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file; run go test ./internal/report -update and review the diff.\ngot:\n%s", path, got)
	}
}

func TestGoldenMarkdown(t *testing.T) {
	t.Parallel()
	golden(t, "report.golden.md", []byte(Markdown(fixtures(), MarkdownOptions{
		Marker: "<!-- mlgate:report key=ci -->",
		Footer: "[Workflow run](https://github.com/o/r/actions/runs/1)",
	})))
}

func TestGoldenMarkdownSmall(t *testing.T) {
	t.Parallel()
	golden(t, "small.golden.md", []byte(Markdown(fixtures(), MarkdownOptions{
		Marker: "<!-- mlgate:report key=ci -->", MaxBytes: 4096, Footer: "footer line",
	})))
}

func TestGoldenMarkdownEmpty(t *testing.T) {
	t.Parallel()
	golden(t, "empty.golden.md", []byte(Markdown(nil, MarkdownOptions{Title: "nightly"})))
}

func TestGoldenJUnit(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	if err := JUnit(&buf, fixtures()); err != nil {
		t.Fatal(err)
	}
	golden(t, "report.golden.xml", buf.Bytes())
}

func TestGoldenJSON(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	if err := JSON(&buf, fixtures()); err != nil {
		t.Fatal(err)
	}
	golden(t, "report.golden.json", buf.Bytes())
}

func TestGoldenOpenMetrics(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	if err := OpenMetrics(&buf, fixtures()); err != nil {
		t.Fatal(err)
	}
	golden(t, "report.golden.txt", buf.Bytes())
}
