package report

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/mlgate/mlgate/internal/result"
)

func TestOpenMetrics(t *testing.T) {
	t.Parallel()
	a := res("b-model", result.Fail)
	a.DurationMS = 2500
	a.Metrics = []result.Metric{
		{Name: "acc", Value: result.F(0.87), Baseline: result.F(0.9), Status: result.Fail},
		{Name: `we"ird\name` + "\n", Value: result.F(math.Inf(-1))},
		{Name: "acc", Value: result.F(0.1)}, // duplicate: first wins
		{Name: "missing", Status: result.Fail},
	}
	dup := res("b-model", result.Pass) // duplicate id: first wins
	b := res("a-data", result.Skip)
	var buf bytes.Buffer
	if err := OpenMetrics(&buf, []result.Result{a, dup, b}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{
		"mlgate_gate_status{gate=\"gate\",id=\"a-data\"} -1\nmlgate_gate_status{gate=\"gate\",id=\"b-model\"} 2\n#",
		`mlgate_gate_duration_seconds{gate="gate",id="b-model"} 2.5`,
		`mlgate_metric{id="b-model",metric="acc"} 0.87`,
		`mlgate_metric{id="b-model",metric="we\"ird\\name\n"} -Inf`,
		`mlgate_metric_baseline{id="b-model",metric="acc"} 0.9`,
		`mlgate_metric_status{id="b-model",metric="missing"} 2`,
		"# UNIT mlgate_gate_duration_seconds seconds\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in:\n%s", want, out)
		}
	}
	for _, absent := range []string{`metric="missing"} NaN`, `mlgate_metric{id="b-model",metric="missing"}`, "0.1\n", `mlgate_gate_status{gate="gate",id="b-model"} 0`} {
		if strings.Contains(out, absent) {
			t.Errorf("unexpected %q in:\n%s", absent, out)
		}
	}
	if !strings.HasSuffix(out, "\n# EOF\n") {
		t.Error("does not end with # EOF")
	}
	seen := map[string]bool{}
	family := ""
	for _, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		if name, ok := strings.CutPrefix(line, "# TYPE "); ok {
			name, _, _ = strings.Cut(name, " ")
			if seen[name] {
				t.Errorf("family %s declared twice", name)
			}
			seen[name], family = true, name
			continue
		}
		if strings.HasPrefix(line, "#") {
			continue
		}
		name, _, _ := strings.Cut(line, "{")
		if name != family {
			t.Errorf("sample %q outside its family %s", line, family)
		}
	}
}

func TestOpenMetricsNumbers(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		v    float64
		want string
	}{{math.NaN(), "NaN"}, {math.Inf(1), "+Inf"}, {math.Inf(-1), "-Inf"}, {0.5, "0.5"}, {1e-9, "1e-09"}, {-2, "-2"}} {
		if got := omNumber(tt.v); got != tt.want {
			t.Errorf("omNumber(%v) = %q, want %q", tt.v, got, tt.want)
		}
	}
}
