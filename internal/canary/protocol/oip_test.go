package protocol

import (
	"context"
	"encoding/json"
	"net/http"
	"reflect"
	"testing"
)

func TestOIPv2Ready(t *testing.T) {
	t.Parallel()
	srv := newServer(t, map[string]http.HandlerFunc{
		"GET /v2/health/ready":             reply(200, ``),
		"GET /v2/models/iris/ready":        reply(200, `{"name": "iris", "ready": true}`),
		"GET /v2/models/loading/ready":     reply(400, `{"error": "model loading is not ready"}`),
		"GET /v2/models/half/ready":        reply(200, `{"name": "half", "ready": false}`),
		"GET /prefix/v2/health/ready":      reply(503, `{"error": "server starting"}`),
		"GET /prefix/v2/models/iris/ready": reply(200, ``),
	})
	tests := []struct {
		base, model string
		parts       []string
	}{
		{srv.URL, "iris", nil},
		{srv.URL, "loading", []string{"GET " + srv.URL + "/v2/models/loading/ready", "HTTP 400", "model loading is not ready"}},
		{srv.URL, "half", []string{`"ready" is false`, `\"ready\": false`}},
		{srv.URL + "/prefix", "iris", []string{"GET " + srv.URL + "/prefix/v2/health/ready", "HTTP 503", "server starting"}},
	}
	for _, tt := range tests {
		p, err := OIPv2(tt.base, tt.model, nil, Options{})
		if err != nil {
			t.Fatal(err)
		}
		err = p.Ready(context.Background(), srv.Client())
		if tt.parts == nil {
			if err != nil {
				t.Errorf("%s: Ready() = %v, want nil", tt.model, err)
			}
			continue
		}
		mustContain(t, err, append(tt.parts, "model not ready")...)
	}
}

const mlserverResponse = `{"model_name": "iris", "id": "e1", "outputs": [
 {"name": "predict", "shape": [1, 1], "datatype": "INT64", "data": [2]},
 {"name": "predict_proba", "shape": [1, 3], "datatype": "FP64", "data": [[0.1, 0.2, 0.7]]}]}`

func TestOIPv2PredictDefaultTensors(t *testing.T) {
	t.Parallel()
	rec := &recorder{body: mlserverResponse}
	srv := newServer(t, map[string]http.HandlerFunc{"POST /v2/models/iris/infer": rec.handle})
	p, err := OIPv2(srv.URL, "iris", nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	ex := Example{ID: "e1", Inputs: map[string]any{"input-0": []float64{5.1, 3.5}, "flag": true, "tag": "a"}}
	got, err := p.Predict(context.Background(), srv.Client(), ex)
	if err != nil {
		t.Fatal(err)
	}
	if labelOf(got) != "2" || !reflect.DeepEqual(got.Scores, []float64{0.1, 0.2, 0.7}) {
		t.Errorf("prediction = %s %v, want 2 [0.1 0.2 0.7]", labelOf(got), got.Scores)
	}
	body, _ := rec.last(t)
	n := json.Number("1")
	want := map[string]any{"id": "e1", "inputs": []any{
		map[string]any{"name": "flag", "datatype": "BOOL", "shape": []any{n, n}, "data": []any{true}},
		map[string]any{"name": "input-0", "datatype": "FP64", "shape": []any{n, json.Number("2")}, "data": []any{json.Number("5.1"), json.Number("3.5")}},
		map[string]any{"name": "tag", "datatype": "BYTES", "shape": []any{n, n}, "data": []any{"a"}},
	}}
	if !reflect.DeepEqual(body, want) {
		t.Errorf("request = %v\nwant      %v", body, want)
	}
	if p.Name() != "oip-v2" {
		t.Errorf("Name() = %q", p.Name())
	}
}

func TestOIPv2TensorSpecs(t *testing.T) {
	t.Parallel()
	rec := &recorder{body: mlserverResponse}
	srv := newServer(t, map[string]http.HandlerFunc{"POST /v2/models/m/infer": rec.handle})
	specs := []TensorSpec{{Name: "x", Datatype: "int64", Features: []string{"a", "b"}}, {Name: "y", Datatype: "FP32"}}
	p, err := OIPv2(srv.URL, "m", specs, Options{})
	if err != nil {
		t.Fatal(err)
	}
	ex := Example{ID: "e2", Inputs: map[string]any{"a": 1.0, "b": []float64{2, 3}, "y": 0.5, "unused": "z"}}
	if _, err := p.Predict(context.Background(), srv.Client(), ex); err != nil {
		t.Fatal(err)
	}
	body, _ := rec.last(t)
	n := func(s string) json.Number { return json.Number(s) }
	want := []any{
		map[string]any{"name": "x", "datatype": "INT64", "shape": []any{n("1"), n("3")}, "data": []any{n("1"), n("2"), n("3")}},
		map[string]any{"name": "y", "datatype": "FP32", "shape": []any{n("1"), n("1")}, "data": []any{n("0.5")}},
	}
	if !reflect.DeepEqual(body["inputs"], want) {
		t.Errorf("inputs = %v\nwant     %v", body["inputs"], want)
	}

	bad := []struct {
		inputs map[string]any
		err    string
	}{
		{map[string]any{"a": 1.5, "b": 2.0, "y": 1.0}, "example e3: tensor x: value 1: INT64 wants an integer, got 1.5"},
		{map[string]any{"a": 1.0, "y": 1.0}, `tensor x: no input "b"`},
		{map[string]any{"a": 1.0, "b": "s", "y": 1.0}, `tensor x: value 2: INT64 wants a number, got string "s"`},
	}
	for _, b := range bad {
		_, err := p.Predict(context.Background(), srv.Client(), Example{ID: "e3", Inputs: b.inputs})
		mustContain(t, err, b.err)
	}
}

func TestOIPv2Outputs(t *testing.T) {
	t.Parallel()
	out := func(name, dt, data string) string {
		return `{"name": "` + name + `", "datatype": "` + dt + `", "shape": [1], "data": ` + data + `}`
	}
	tests := []struct {
		name    string
		outputs string
		opts    Options
		label   string
		scores  []float64
		err     string
	}{
		{name: "regressor", outputs: out("predict", "FP64", "[3.5]"), label: "<nil>", scores: []float64{3.5}},
		{name: "bytes label", outputs: out("output-0", "BYTES", `["setosa"]`), label: "setosa"},
		{name: "hint beats order", outputs: out("ids", "INT32", "[7]") + "," + out("label", "BYTES", `["b"]`) + "," +
			out("logits", "FP32", "[1, 2]") + "," + out("scores", "FP32", "[0.3, 0.7]"), label: "b", scores: []float64{0.3, 0.7}},
		{name: "explicit", outputs: out("a", "FP32", "[1]") + "," + out("b", "FP32", "[0.25]"),
			opts: Options{LabelOutput: "a", ScoresOutput: "b"}, label: "1", scores: []float64{0.25}},
		{name: "explicit missing", outputs: out("a", "FP32", "[1]"), opts: Options{ScoresOutput: "probs"}, err: `no output named "probs" (outputs: a)`},
		{name: "label with two values", outputs: out("label", "INT64", "[1, 2]"), err: "label output label: want 1 value, got 2"},
		{name: "non-numeric scores", outputs: out("p", "FP32", `["x"]`), err: `scores output p: want a number, got string "x"`},
		{name: "no outputs", outputs: ``, err: `want a non-empty "outputs" array`},
		{name: "unnamed output", outputs: `{"datatype": "FP32", "data": [1]}`, err: `output 1: want "name" and "datatype" strings`},
		{name: "no data", outputs: `{"name": "a", "datatype": "FP32"}`, err: `output a: missing "data"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := newServer(t, map[string]http.HandlerFunc{"POST /v2/models/m/infer": reply(200, `{"outputs": [`+tt.outputs+`]}`)})
			p, err := OIPv2(srv.URL, "m", nil, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			got, err := p.Predict(context.Background(), srv.Client(), Example{ID: "e", Inputs: map[string]any{"x": 1.0}})
			if tt.err != "" {
				mustContain(t, err, tt.err, "POST "+srv.URL+"/v2/models/m/infer")
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if labelOf(got) != tt.label || !reflect.DeepEqual(got.Scores, tt.scores) {
				t.Errorf("got %s %v, want %s %v", labelOf(got), got.Scores, tt.label, tt.scores)
			}
		})
	}
}

func TestOIPv2Errors(t *testing.T) {
	t.Parallel()
	srv := newServer(t, map[string]http.HandlerFunc{
		"POST /v2/models/m/infer":    reply(400, `{"error": "unexpected shape for input 'input-0'"}`),
		"POST /v2/models/slow/infer": slow,
		"POST /v2/models/cut/infer":  truncated(`{"outputs": [`),
		"POST /v2/models/big/infer":  oversized,
	})
	tests := []struct {
		model string
		ctx   context.Context
		parts []string
	}{
		{"m", context.Background(), []string{"HTTP 400", "unexpected shape for input 'input-0'"}},
		{"slow", shortCtx(t), []string{"context deadline exceeded"}},
		{"cut", context.Background(), []string{"response truncated: got 13 of 1000 bytes"}},
		{"big", context.Background(), []string{"response over the 4 MiB limit"}},
	}
	for _, tt := range tests {
		p, err := OIPv2(srv.URL, tt.model, nil, Options{})
		if err != nil {
			t.Fatal(err)
		}
		_, err = p.Predict(tt.ctx, srv.Client(), Example{ID: "e9", Inputs: map[string]any{"x": 1.0}})
		mustContain(t, err, append(tt.parts, "example e9", "POST "+srv.URL+"/v2/models/"+tt.model+"/infer")...)
	}
	for _, c := range []struct {
		model string
		specs []TensorSpec
		err   string
	}{
		{"", nil, "model name"},
		{"a/b", nil, "without '/'"},
		{"m", []TensorSpec{{Datatype: "FP32"}}, "input tensor 1: missing name"},
		{"m", []TensorSpec{{Name: "x", Datatype: "FLOAT"}}, `input tensor x: unknown datatype "FLOAT"`},
	} {
		_, err := OIPv2(srv.URL, c.model, c.specs, Options{})
		mustContain(t, err, c.err)
	}
}
