package result_test

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/mlgate/mlgate/internal/result"
)

var t0 = time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)

func sample() result.Result {
	return result.Result{
		Version:    result.Version,
		ID:         "model",
		Gate:       "gate",
		Title:      "Model quality",
		Status:     result.Fail,
		Summary:    "2 rules: 1 failed, 1 passed",
		StartedAt:  t0,
		DurationMS: 12.5,
		Metrics: []result.Metric{
			{Name: "accuracy", Value: result.F(0.87), Baseline: result.F(0.9), Delta: result.F(-0.03), Rule: "accuracy >= 0.9", Status: result.Fail, Message: "0.87 < 0.9"},
			{Name: "loss", Value: result.F(math.NaN()), Rule: "loss <= 1", Status: result.Fail},
			{Name: "gone", Value: nil, Status: result.Fail, Message: "missing from candidate"},
		},
		Findings: []result.Finding{{
			Severity: result.SeverityError, Check: "threshold", Message: "accuracy below floor",
			Location: &result.Location{File: "metrics.json", Line: 3, Column: 5, Field: "accuracy", Pointer: "/accuracy"},
		}},
		FindingsOmitted: 4,
		Charts:          []result.Chart{{Title: "loss", Series: []result.Series{{Name: "train", Values: []result.Float{1, 0.5, result.Float(math.Inf(1))}}}}},
		Tool:            result.Tool{Name: "mlgate", Version: "test"},
	}
}

// compileSchema compiles the embedded result schema.
func compileSchema(t testing.TB) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(result.SchemaJSON))
	if err != nil {
		t.Fatalf("schema.json is not JSON: %v", err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource("result.json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("result.json")
	if err != nil {
		t.Fatalf("compiling schema.json: %v", err)
	}
	return s
}

func TestWriteReadRoundTripAndSchema(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	want := sample()
	path, err := result.Write(dir, want)
	if err != nil {
		t.Fatal(err)
	}
	if path != filepath.Join(dir, "model.json") {
		t.Fatalf("path = %s", path)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	if err := compileSchema(t).Validate(doc); err != nil {
		t.Fatalf("written result does not match schema.json: %v\n%s", err, raw)
	}
	for _, s := range []string{`"value": "NaN"`, `"+Inf"`, `"value": null`} {
		if !strings.Contains(string(raw), s) {
			t.Errorf("encoded result lacks %s:\n%s", s, raw)
		}
	}
	got, err := result.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !math.IsNaN(float64(*got.Metrics[1].Value)) || got.Metrics[2].Value != nil || float64(*got.Metrics[0].Value) != 0.87 {
		t.Errorf("metrics did not round-trip: %+v", got.Metrics)
	}
	if !math.IsInf(float64(got.Charts[0].Series[0].Values[2]), 1) {
		t.Errorf("+Inf did not round-trip")
	}
	if got.Findings[0].Location.Line != 3 || got.FindingsOmitted != 4 || !got.StartedAt.Equal(t0) {
		t.Errorf("fields lost: %+v", got)
	}
	// No temporary files are left behind.
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("dir holds %d entries, want only model.json", len(entries))
	}
}

func TestSchemaRejectsInvalid(t *testing.T) {
	t.Parallel()
	s := compileSchema(t)
	bad := map[string]string{
		"bad status":          `{"version":1,"id":"a","gate":"g","status":"ok","started_at":"2026-01-01T00:00:00Z","duration_ms":0,"tool":{"name":"x","version":"y"}}`,
		"error without error": `{"version":1,"id":"a","gate":"g","status":"error","started_at":"2026-01-01T00:00:00Z","duration_ms":0,"tool":{"name":"x","version":"y"}}`,
		"bad id":              `{"version":1,"id":"../x","gate":"g","status":"pass","started_at":"2026-01-01T00:00:00Z","duration_ms":0,"tool":{"name":"x","version":"y"}}`,
		"line zero":           `{"version":1,"id":"a","gate":"g","status":"pass","started_at":"2026-01-01T00:00:00Z","duration_ms":0,"tool":{"name":"x","version":"y"},"findings":[{"severity":"error","message":"m","location":{"line":0}}]}`,
		"unknown field":       `{"version":1,"id":"a","gate":"g","status":"pass","started_at":"2026-01-01T00:00:00Z","duration_ms":0,"tool":{"name":"x","version":"y"},"extra":1}`,
	}
	for name, js := range bad {
		doc, err := jsonschema.UnmarshalJSON(strings.NewReader(js))
		if err != nil {
			t.Fatal(err)
		}
		if s.Validate(doc) == nil {
			t.Errorf("%s: schema accepted %s", name, js)
		}
	}
}

func TestErroredMatchesSchema(t *testing.T) {
	t.Parallel()
	r := result.Errored("x", "gate", t0, os.ErrNotExist)
	r.Tool = result.Tool{Name: "mlgate", Version: "test"}
	var buf bytes.Buffer
	if err := result.Encode(&buf, r); err != nil {
		t.Fatal(err)
	}
	doc, _ := jsonschema.UnmarshalJSON(&buf)
	if err := compileSchema(t).Validate(doc); err != nil {
		t.Fatal(err)
	}
}

func TestReadDirKeepsBrokenFilesAsErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	ok := sample()
	ok.ID = "b-good"
	if _, err := result.Write(dir, ok); err != nil {
		t.Fatal(err)
	}
	must := func(name, content string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	must("a-broken.json", "{\"version\": 1,\n \"id\": ")
	must("c-future.json", `{"version": 99, "id": "c-future", "gate": "g", "status": "pass"}`)
	must("notes.txt", "ignored")
	must(".hidden.json", "ignored")
	rs, err := result.ReadDir(dir, t0)
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 3 {
		t.Fatalf("got %d results, want 3: %+v", len(rs), rs)
	}
	if rs[0].ID != "a-broken" || rs[0].Status != result.Error || !strings.Contains(rs[0].Error, "a-broken.json") {
		t.Errorf("broken file: %+v", rs[0])
	}
	if rs[1].ID != "b-good" || rs[1].Status != result.Fail {
		t.Errorf("good file: %+v", rs[1])
	}
	if rs[2].Status != result.Error || !strings.Contains(rs[2].Error, "version 99") {
		t.Errorf("future version: %+v", rs[2])
	}
}

func TestReadDirMissing(t *testing.T) {
	t.Parallel()
	_, err := result.ReadDir(filepath.Join(t.TempDir(), "nope"), t0)
	if !result.IsNotExist(err) {
		t.Fatalf("err = %v, want not-exist", err)
	}
}

func TestWriteRejectsInvalid(t *testing.T) {
	t.Parallel()
	r := sample()
	r.ID = "../escape"
	if _, err := result.Write(t.TempDir(), r); err == nil {
		t.Fatal("Write accepted an id with a path")
	}
	r = sample()
	r.Status = "great"
	if _, err := result.Write(t.TempDir(), r); err == nil {
		t.Fatal("Write accepted an unknown status")
	}
}

func TestWriteUnwritableDir(t *testing.T) {
	t.Parallel()
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := result.Write(filepath.Join(file, "results"), sample())
	if err == nil || !strings.Contains(err.Error(), "results dir") {
		t.Fatalf("err = %v", err)
	}
}

func TestFloatJSON(t *testing.T) {
	t.Parallel()
	for _, s := range []string{`1.5`, `"NaN"`, `"+Inf"`, `"-Inf"`, `0`, `1e-300`} {
		var f result.Float
		if err := json.Unmarshal([]byte(s), &f); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
		b, _ := json.Marshal(f)
		if s != "0" && string(b) != s {
			t.Errorf("%s round-tripped to %s", s, b)
		}
	}
	var f result.Float
	if err := json.Unmarshal([]byte(`"fast"`), &f); err == nil {
		t.Error(`"fast" accepted as a number`)
	}
}

func TestWorst(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in   []result.Status
		want result.Status
	}{
		{nil, result.Skip},
		{[]result.Status{result.Pass, result.Skip}, result.Pass},
		{[]result.Status{result.Pass, result.Warn}, result.Warn},
		{[]result.Status{result.Fail, result.Warn}, result.Fail},
		{[]result.Status{result.Fail, result.Error, result.Pass}, result.Error},
	}
	for _, c := range cases {
		if got := result.Worst(c.in...); got != c.want {
			t.Errorf("Worst(%v) = %s, want %s", c.in, got, c.want)
		}
	}
}
