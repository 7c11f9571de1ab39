package report

import (
	"bytes"
	"encoding/json"
	"math"
	"testing"

	"github.com/mlgate/mlgate/internal/result"
)

func TestJSONRoundTrip(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	if err := JSON(&buf, fixtures()); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Version     int                   `json:"version"`
		Verdict     result.Status         `json:"verdict"`
		Counts      map[result.Status]int `json:"counts"`
		Total       int                   `json:"total"`
		FailedGates []string              `json:"failed_gates"`
		Results     []result.Result       `json:"results"`
	}
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatalf("JSON report does not parse: %v", err)
	}
	if got.Version != 1 || got.Verdict != result.Error || got.Total != 6 || got.Counts[result.Fail] != 2 || len(got.Results) != 6 {
		t.Errorf("report = %+v", got)
	}
	if got.Results[0].ID != "canary" || len(got.FailedGates) != 3 {
		t.Errorf("results not in report order: first %s, failed %v", got.Results[0].ID, got.FailedGates)
	}
	for _, r := range got.Results {
		if r.ID == "model" && !math.IsNaN(float64(*r.Metrics[4].Value)) {
			t.Errorf("NaN did not survive: %v", *r.Metrics[4].Value)
		}
	}
}

func TestJSONEmpty(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	if err := JSON(&buf, nil); err != nil {
		t.Fatal(err)
	}
	want := "{\n  \"version\": 1,\n  \"verdict\": \"error\",\n  \"counts\": {\"error\":0,\"fail\":0,\"pass\":0,\"skip\":0,\"warn\":0},\n" +
		"  \"total\": 0,\n  \"failed_gates\": [],\n  \"results\": []\n}\n"
	if buf.String() != want {
		t.Errorf("got\n%s\nwant\n%s", buf.String(), want)
	}
}
