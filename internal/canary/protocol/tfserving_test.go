package protocol

import (
	"context"
	"encoding/json"
	"math"
	"net/http"
	"reflect"
	"strings"
	"testing"
)

func TestTFServingReady(t *testing.T) {
	t.Parallel()
	srv := newServer(t, map[string]http.HandlerFunc{
		"GET /v1/models/ok": reply(200, `{"model_version_status": [{"version": "1", "state": "END"},
			{"version": "2", "state": "AVAILABLE", "status": {"error_code": "OK", "error_message": ""}}]}`),
		"GET /v1/models/loading": reply(200, `{"model_version_status": [{"version": "3", "state": "LOADING"}]}`),
		"GET /v1/models/odd":     reply(200, `{"status": "ok"}`),
		"GET /v1/models/broken":  reply(200, `<html>`),
		"GET /v1/models/missing": reply(404, `{"error": "Could not find any versions of model missing"}`),
	})
	tests := []struct {
		model string
		parts []string
	}{
		{"ok", nil},
		{"loading", []string{"no version AVAILABLE (version 3 LOADING)", `\"LOADING\"`}},
		{"odd", []string{`want an object with a "model_version_status" array`}},
		{"broken", []string{"malformed JSON at byte offset 0", `body "<html>"`}},
		{"missing", []string{"HTTP 404", "Could not find any versions"}},
	}
	for _, tt := range tests {
		p, err := TFServing(srv.URL, tt.model, true, Options{})
		if err != nil {
			t.Fatal(err)
		}
		err = p.Ready(context.Background(), srv.Client())
		if tt.parts == nil {
			if err != nil {
				t.Errorf("%s: Ready() = %v", tt.model, err)
			}
			continue
		}
		mustContain(t, err, append(tt.parts, "model not ready", "GET "+srv.URL+"/v1/models/"+tt.model)...)
	}
}

func TestTFServingRowFormatNaN(t *testing.T) {
	t.Parallel()
	rec := &recorder{body: "{\n  \"predictions\": [[NaN, Infinity, -Infinity, 0.5, -2e-3]\n  ]\n}"}
	var path string
	srv := newServer(t, map[string]http.HandlerFunc{"POST /v1/models/m:predict": func(w http.ResponseWriter, r *http.Request) {
		path = r.URL.EscapedPath()
		rec.handle(w, r)
	}})
	p, err := TFServing(srv.URL, "m", true, Options{})
	if err != nil {
		t.Fatal(err)
	}
	got, err := p.Predict(context.Background(), srv.Client(), Example{ID: "e", Inputs: map[string]any{"x": []float64{1, math.NaN()}}})
	if err != nil {
		t.Fatal(err)
	}
	s := got.Scores
	if len(s) != 5 || !math.IsNaN(s[0]) || !math.IsInf(s[1], 1) || !math.IsInf(s[2], -1) || s[3] != 0.5 || s[4] != -0.002 || got.Label != nil {
		t.Errorf("prediction = %s %v, want scores [NaN +Inf -Inf 0.5 -0.002]", labelOf(got), s)
	}
	if path != "/v1/models/m:predict" {
		t.Errorf("path = %q", path)
	}
	body, _ := rec.last(t)
	if body["raw"] != `{"instances":[{"x":[1,NaN]}]}` {
		t.Errorf("request = %v, want instances with a bare NaN", body)
	}
	if p.Name() != "tf-serving" {
		t.Errorf("Name() = %q", p.Name())
	}
}

func TestTFServingColumnar(t *testing.T) {
	t.Parallel()
	rec := &recorder{body: `{"outputs": {"scores": [[0.2, 0.8]], "classes": [["b"]]}}`}
	srv := newServer(t, map[string]http.HandlerFunc{"POST /v1/models/m:predict": rec.handle})
	p, err := TFServing(srv.URL, "m", false, Options{})
	if err != nil {
		t.Fatal(err)
	}
	got, err := p.Predict(context.Background(), srv.Client(), Example{ID: "e", Inputs: map[string]any{"x": []float64{1, 2}, "t": "a"}})
	if err != nil {
		t.Fatal(err)
	}
	if labelOf(got) != "b" || !reflect.DeepEqual(got.Scores, []float64{0.2, 0.8}) {
		t.Errorf("prediction = %s %v, want b [0.2 0.8]", labelOf(got), got.Scores)
	}
	body, _ := rec.last(t)
	want := map[string]any{"inputs": map[string]any{"x": []any{[]any{json.Number("1"), json.Number("2")}}, "t": []any{"a"}}}
	if !reflect.DeepEqual(body, want) {
		t.Errorf("request = %v, want %v", body, want)
	}
}

func TestTFServingResponses(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, body string
		opts       Options
		label      string
		scores     []float64
		err        string
	}{
		{name: "regression", body: `{"predictions": [4.5]}`, label: "<nil>", scores: []float64{4.5}},
		{name: "string", body: `{"predictions": ["cat"]}`, label: "cat"},
		{name: "named", body: `{"predictions": [{"classes": ["b"], "probabilities": [0.1, NaN]}]}`, label: "b", scores: []float64{0.1, math.NaN()}},
		{name: "one unnamed output", body: `{"predictions": [{"dense_3": [0.4, 0.6]}]}`, label: "<nil>", scores: []float64{0.4, 0.6}},
		{name: "explicit", body: `{"predictions": [{"k": 1, "v": [0.5]}]}`, opts: Options{LabelOutput: "k", ScoresOutput: "v"}, label: "1", scores: []float64{0.5}},
		{name: "columnar unnamed", body: `{"outputs": [[Infinity]]}`, label: "<nil>", scores: []float64{math.Inf(1)}},
		{name: "explicit missing", body: `{"predictions": [{"k": 1}]}`, opts: Options{LabelOutput: "cls"}, err: `no output named "cls" (outputs: k)`},
		{name: "unknown outputs", body: `{"predictions": [{"a": 1, "b": 2}]}`, err: "no label or scores among the outputs a, b"},
		{name: "batch of two", body: `{"predictions": [1, 2]}`, err: `"predictions": want an array of one prediction, got array of 2`},
		{name: "columnar batch of two", body: `{"outputs": {"s": [1, 2]}}`, err: `"outputs": s: want a batch of one, got an array of 2`},
		{name: "error field", body: `{"error": "Failed to process element: 0"}`, err: `server error: string "Failed to process element: 0"`},
		{name: "bad token", body: `{"predictions": [Nan]}`, err: "malformed JSON at byte offset 17"},
		{name: "neither", body: `{"result": 1}`, err: `want an object with "predictions" or "outputs"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := newServer(t, map[string]http.HandlerFunc{"POST /v1/models/m:predict": reply(200, tt.body)})
			p, err := TFServing(srv.URL, "m", true, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			got, err := p.Predict(context.Background(), srv.Client(), Example{ID: "e", Inputs: map[string]any{"x": 1.0}})
			if tt.err != "" {
				mustContain(t, err, tt.err)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if labelOf(got) != tt.label || len(got.Scores) != len(tt.scores) {
				t.Fatalf("got %s %v, want %s %v", labelOf(got), got.Scores, tt.label, tt.scores)
			}
			if ok, why := Compare(Prediction{Scores: tt.scores}, got, 0, 0); !ok {
				t.Errorf("scores: %s", why)
			}
		})
	}
}

func TestTFServingErrors(t *testing.T) {
	t.Parallel()
	srv := newServer(t, map[string]http.HandlerFunc{
		"POST /v1/models/m:predict":    reply(400, `{"error": "Missing 'inputs' or 'instances' key"}`),
		"POST /v1/models/slow:predict": slow,
		"POST /v1/models/cut:predict":  truncated(`{"predictions": [[0.1, NaN`),
		"POST /v1/models/big:predict":  oversized,
	})
	tests := []struct {
		model string
		ctx   context.Context
		parts []string
	}{
		{"m", context.Background(), []string{"HTTP 400", "Missing 'inputs' or 'instances' key"}},
		{"slow", shortCtx(t), []string{"context deadline exceeded"}},
		{"cut", context.Background(), []string{"response truncated: got 26 of 1000 bytes"}},
		{"big", context.Background(), []string{"response over the 4 MiB limit"}},
	}
	for _, tt := range tests {
		p, err := TFServing(srv.URL, tt.model, true, Options{})
		if err != nil {
			t.Fatal(err)
		}
		_, err = p.Predict(tt.ctx, srv.Client(), Example{ID: "e4", Inputs: map[string]any{"x": 1.0}})
		mustContain(t, err, append(tt.parts, "example e4", "POST "+srv.URL+"/v1/models/"+tt.model+":predict")...)
	}
	for _, m := range []string{"", "a:b", "a/b"} {
		if _, err := TFServing(srv.URL, m, true, Options{}); err == nil || !strings.Contains(err.Error(), "model name") {
			t.Errorf("TFServing(model %q) err = %v, want a model name error", m, err)
		}
	}
	p, _ := TFServing(srv.URL, "m", true, Options{})
	_, err := p.Predict(context.Background(), srv.Client(), Example{ID: "e5"})
	mustContain(t, err, "example e5: no inputs")
}
