package score

import (
	"strings"
	"testing"
)

func TestParseManual(t *testing.T) {
	t.Parallel()
	good := map[string]Manual{
		"infra-3=https://wiki.example.com/pipeline-test":  {Test: "infra-3", Evidence: "https://wiki.example.com/pipeline-test"},
		"model-1=docs/model-review.md":                    {Test: "model-1", Evidence: "docs/model-review.md"},
		" monitor-7 = HTTP://grafana.example/d/x?a=1&b=2": {Test: "monitor-7", Evidence: "HTTP://grafana.example/d/x?a=1&b=2"},
		"data-2=notes/a=b.md":                             {Test: "data-2", Evidence: "notes/a=b.md"},
	}
	for in, want := range good {
		got, err := ParseManual(in)
		if err != nil || got != want {
			t.Errorf("ParseManual(%q) = %+v, %v; want %+v", in, got, err, want)
		}
	}
	bad := map[string]string{
		"infra-3":                     "want TEST=EVIDENCE",
		"infra-9=https://x.example":   `unknown ML test "infra-9"`,
		"infra-3=":                    "evidence is empty",
		"infra-3=   ":                 "evidence is empty",
		"=https://x.example":          `unknown ML test ""`,
		"infra-3=javascript:alert(1)": "want an http(s) URL",
		"infra-3=file:///etc/passwd":  "want an http(s) URL",
		"infra-3=https://":            "want an http(s) URL",
		"infra-3=https:///path":       "want an http(s) URL",
		"infra-3=docs/a.md\nrm -rf /": "control character",
		"infra-3=" + strings.Repeat("a", MaxEvidenceLen+1): "over the 2048-byte limit",
		"infra-3=docs/\xff.md":                             "not valid UTF-8",
	}
	for in, want := range bad {
		_, err := ParseManual(in)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseManual(%.40q): error %v, want one containing %q", in, err, want)
		}
	}
}

func TestManualValidateSpaces(t *testing.T) {
	t.Parallel()
	err := Manual{Test: "data-1", Evidence: " docs/schema.md"}.Validate()
	if err == nil || !strings.Contains(err.Error(), "surrounding spaces") {
		t.Fatalf("got %v", err)
	}
}
