package protocol

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"reflect"
	"strings"
	"testing"
)

func TestPlainJSONPredictRequestAndResponse(t *testing.T) {
	t.Parallel()
	rec := &recorder{body: `{"prediction": "setosa", "scores": [0.9, 0.1, NaN]}`}
	srv := newServer(t, map[string]http.HandlerFunc{"POST /predict": rec.handle})
	hdr := http.Header{"Authorization": {"Bearer s3cret"}}
	p, err := PlainJSON(srv.URL+"/predict", "", Options{Header: hdr})
	if err != nil {
		t.Fatal(err)
	}
	ex := Example{ID: "e1", Inputs: map[string]any{"sepal": 5.1, "color": "red", "v": []float64{1, 2}}}
	got, err := p.Predict(context.Background(), srv.Client(), ex)
	if err != nil {
		t.Fatal(err)
	}
	if labelOf(got) != "setosa" || len(got.Scores) != 3 || got.Scores[0] != 0.9 || !math.IsNaN(got.Scores[2]) {
		t.Errorf("prediction = %s %v", labelOf(got), got.Scores)
	}
	body, h := rec.last(t)
	want := map[string]any{"inputs": map[string]any{"sepal": json.Number("5.1"), "color": "red", "v": []any{json.Number("1"), json.Number("2")}}}
	if !reflect.DeepEqual(body, want) {
		t.Errorf("request body = %v, want %v", body, want)
	}
	if h.Get("Authorization") != "Bearer s3cret" || h.Get("Content-Type") != "application/json" {
		t.Errorf("request headers = %v", h)
	}
	if p.Name() != "json" {
		t.Errorf("Name() = %q", p.Name())
	}
}

func TestPlainJSONTemplate(t *testing.T) {
	t.Parallel()
	rec := &recorder{body: `{"prediction": 1.5}`}
	srv := newServer(t, map[string]http.HandlerFunc{"POST /": rec.handle})
	p, err := PlainJSON(srv.URL, `{"request_id": {{id}}, "instances": [{{ inputs }}]}`, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Predict(context.Background(), srv.Client(), Example{ID: `a"b`, Inputs: map[string]any{"x": 1.0}}); err != nil {
		t.Fatal(err)
	}
	body, _ := rec.last(t)
	want := map[string]any{"request_id": `a"b`, "instances": []any{map[string]any{"x": json.Number("1")}}}
	if !reflect.DeepEqual(body, want) {
		t.Errorf("request body = %v, want %v", body, want)
	}
}

func TestPlainJSONResponseContract(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, body string
		opts       Options
		label      string
		scores     []float64
		err        string
	}{
		{name: "string label", body: `{"prediction": "cat"}`, label: "cat"},
		{name: "class index with scores", body: `{"prediction": 2, "scores": [0.1, 0.2, 0.7]}`, label: "2", scores: []float64{0.1, 0.2, 0.7}},
		{name: "regression", body: `{"prediction": 3.25}`, label: "<nil>", scores: []float64{3.25}},
		{name: "vector", body: `{"prediction": [1, 2]}`, label: "<nil>", scores: []float64{1, 2}},
		{name: "bool", body: `{"prediction": true}`, label: "true"},
		{name: "predictions batch of one", body: `{"predictions": ["dog"]}`, label: "dog"},
		{name: "predictions nested label", body: `{"predictions": [["dog"]], "scores": [[0.3, 0.7]]}`, label: "dog", scores: []float64{0.3, 0.7}},
		{name: "pointers", body: `{"result": {"class": 1.0, "p": [[0.4, 0.6]]}}`,
			opts: Options{LabelPath: "/result/class", ScoresPath: "/result/p/0"}, label: "1", scores: []float64{0.4, 0.6}},
		{name: "pointer escape", body: `{"a/b": {"m~n": "x"}}`, opts: Options{LabelPath: "/a~1b/m~0n"}, label: "x"},
		{name: "missing pointer", body: `{"result": {}}`, opts: Options{LabelPath: "/result/class"}, err: `no key "class" at "/result"`},
		{name: "no prediction", body: `{"output": 1}`, err: `want an object with "prediction" or "predictions", got object with keys output`},
		{name: "two predictions", body: `{"predictions": [1, 2]}`, err: `"predictions": want an array of one prediction, got array of 2`},
		{name: "object prediction", body: `{"prediction": {"a": 1}}`, err: "prediction: want a string, number, bool or array of numbers"},
		{name: "ambiguous", body: `{"prediction": [1, 2], "scores": [3]}`, err: "cannot tell which holds the scores"},
		{name: "bad scores", body: `{"prediction": "a", "scores": ["x"]}`, err: `scores: want a number, got string "x"`},
		{name: "not an object", body: `[1]`, err: "got array of 1"},
		{name: "null", body: `{"prediction": null}`, err: `"prediction" is null`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := newServer(t, map[string]http.HandlerFunc{"POST /": reply(200, tt.body)})
			p, err := PlainJSON(srv.URL, "", tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			got, err := p.Predict(context.Background(), srv.Client(), Example{ID: "e7", Inputs: map[string]any{"x": 1.0}})
			if tt.err != "" {
				mustContain(t, err, tt.err, "example e7", "POST "+srv.URL)
				var re *ResponseError
				if !errors.As(err, &re) {
					t.Errorf("err = %T, want a *ResponseError", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if labelOf(got) != tt.label || !reflect.DeepEqual(got.Scores, tt.scores) {
				t.Errorf("got label %s scores %v, want %s %v", labelOf(got), got.Scores, tt.label, tt.scores)
			}
		})
	}
}

func TestPlainJSONTransportErrors(t *testing.T) {
	t.Parallel()
	long := `{"error": "` + strings.Repeat("x", 300) + `"}`
	srv := newServer(t, map[string]http.HandlerFunc{
		"POST /status":    reply(503, long),
		"POST /escape":    reply(400, "line1\n<b>@all</b>\x00"),
		"POST /malformed": reply(200, `{"prediction": "a",, }`),
		"POST /truncated": truncated(`{"prediction": "se`),
		"POST /big":       oversized,
		"POST /biglen": func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Length", "5000000")
			w.WriteHeader(200)
		},
		"POST /slow": slow,
	})
	tests := []struct {
		path  string
		ctx   func(*testing.T) context.Context
		parts []string
		check func(*testing.T, error)
	}{
		{path: "/status", parts: []string{"POST " + srv.URL + "/status", "HTTP 503 Service Unavailable", `"{\"error\": \"xxx`, fmt.Sprintf("(%d bytes in all)", len(long))},
			check: func(t *testing.T, err error) {
				var he *HTTPError
				if !errors.As(err, &he) || he.Status != 503 || strings.Count(he.Body, "x") != 200-len(`{"error": "`) {
					t.Errorf("HTTPError = %+v", he)
				}
			}},
		{path: "/escape", parts: []string{`body "line1\n<b>@all</b>\x00"`}},
		{path: "/malformed", parts: []string{"malformed JSON at byte offset 19", `body "{\"prediction\": \"a\",, }"`}},
		{path: "/truncated", parts: []string{"response truncated: got 18 of 1000 bytes (Content-Length)"},
			check: func(t *testing.T, err error) {
				if IsTimeout(err) {
					t.Error("a truncated body is not a timeout")
				}
			}},
		{path: "/big", parts: []string{"response over the 4 MiB limit"},
			check: func(t *testing.T, err error) {
				if !errors.Is(err, ErrTooLarge) {
					t.Error("err is not ErrTooLarge")
				}
			}},
		{path: "/biglen", parts: []string{"response over the 4 MiB limit (Content-Length 5000000)"}},
		{path: "/slow", ctx: shortCtx, parts: []string{"POST " + srv.URL + "/slow", "context deadline exceeded"},
			check: func(t *testing.T, err error) {
				if !IsTimeout(err) || !errors.Is(err, context.DeadlineExceeded) {
					t.Errorf("IsTimeout(%v) = false", err)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			t.Parallel()
			p, err := PlainJSON(srv.URL+tt.path, "", Options{Header: http.Header{"X-Api-Key": {"topsecret"}}})
			if err != nil {
				t.Fatal(err)
			}
			ctx := context.Background()
			if tt.ctx != nil {
				ctx = tt.ctx(t)
			}
			_, err = p.Predict(ctx, srv.Client(), Example{ID: "e1", Inputs: map[string]any{"x": 1.0}})
			mustContain(t, err, append(tt.parts, "example e1")...)
			if strings.Contains(err.Error(), "topsecret") {
				t.Errorf("error leaks a header value: %v", err)
			}
			if tt.check != nil {
				tt.check(t, err)
			}
		})
	}
}

func TestPlainJSONClientTimeoutIsTimeout(t *testing.T) {
	t.Parallel()
	srv := newServer(t, map[string]http.HandlerFunc{"POST /": slow})
	c := srv.Client()
	c.Timeout = 50e6 // 50ms
	p, err := PlainJSON(srv.URL, "", Options{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = p.Predict(context.Background(), c, Example{ID: "e", Inputs: map[string]any{}})
	if !IsTimeout(err) {
		t.Errorf("IsTimeout(%v) = false, want true", err)
	}
}

func TestPlainJSONRedactsPassword(t *testing.T) {
	t.Parallel()
	srv := newServer(t, map[string]http.HandlerFunc{"POST /": reply(500, "no")})
	u := strings.Replace(srv.URL, "http://", "http://user:hunter2@", 1)
	p, err := PlainJSON(u, "", Options{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = p.Predict(context.Background(), srv.Client(), Example{ID: "e", Inputs: map[string]any{}})
	mustContain(t, err, "user:xxxxx@", "HTTP 500")
	if strings.Contains(err.Error(), "hunter2") {
		t.Errorf("error leaks the password: %v", err)
	}
}

func TestPlainJSONReady(t *testing.T) {
	t.Parallel()
	srv := newServer(t, map[string]http.HandlerFunc{
		"GET /health":    reply(200, `ok`),
		"GET /v1/status": reply(503, `{"status": "loading"}`),
	})
	p, err := PlainJSON(srv.URL+"/models/iris/predict", "", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Ready(context.Background(), srv.Client()); err != nil {
		t.Errorf("Ready() = %v, want nil (GET /health at the server root)", err)
	}
	p, err = PlainJSON(srv.URL+"/models/iris/predict", "", Options{HealthPath: "/v1/status"})
	if err != nil {
		t.Fatal(err)
	}
	err = p.Ready(context.Background(), srv.Client())
	mustContain(t, err, "model not ready", "GET "+srv.URL+"/v1/status", "HTTP 503", `{\"status\": \"loading\"}`)
	p, err = PlainJSON(srv.URL+"/x", "", Options{HealthPath: "/nothing"})
	if err != nil {
		t.Fatal(err)
	}
	mustContain(t, p.Ready(context.Background(), srv.Client()), "HTTP 404")
}

func TestPlainJSONSchema(t *testing.T) {
	t.Parallel()
	schema := []byte(`{"type": "object", "required": ["prediction"], "properties": {"scores": {"type": "array", "items": {"type": "number", "maximum": 1}}}}`)
	srv := newServer(t, map[string]http.HandlerFunc{
		"POST /good": reply(200, `{"prediction": "a", "scores": [0.5, NaN]}`),
		"POST /bad":  reply(200, `{"prediction": "a", "scores": [0.5, 2]}`),
	})
	for path, wantErr := range map[string]bool{"/good": false, "/bad": true} {
		p, err := PlainJSON(srv.URL+path, "", Options{Schema: schema})
		if err != nil {
			t.Fatal(err)
		}
		got, err := p.Predict(context.Background(), srv.Client(), Example{ID: "e", Inputs: map[string]any{}})
		var se *SchemaError
		if wantErr {
			if !errors.As(err, &se) {
				t.Fatalf("%s: err = %v, want a *SchemaError", path, err)
			}
			mustContain(t, err, "/scores/1", "response does not match the schema")
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if !math.IsNaN(got.Scores[1]) {
			t.Errorf("schema validation changed the NaN score: %v", got.Scores)
		}
	}
}

func TestPlainJSONConfigErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		endpoint, tmpl string
		opts           Options
		err            string
	}{
		{"localhost:8080/predict", "", Options{}, "want an http:// or https:// URL with a host"},
		{"ftp://host/x", "", Options{}, "want an http:// or https:// URL"},
		{"http://h/", `{"x": 1}`, Options{}, "missing the {{inputs}} placeholder"},
		{"http://h/", `{"x": {{input}}}`, Options{}, "unknown placeholder {{input}}"},
		{"http://h/", `{"x": {{inputs}}`, Options{}, "request template is not JSON once filled in"},
		{"http://h/", "", Options{LabelPath: "label"}, `JSON pointer "label" must be empty or start with '/'`},
		{"http://h/", "", Options{ScoresPath: "/a~2"}, "'~' must be followed by 0 or 1"},
		{"http://h/", "", Options{Schema: []byte(`{"type": 3}`)}, "response schema"},
	}
	for _, tt := range tests {
		_, err := PlainJSON(tt.endpoint, tt.tmpl, tt.opts)
		mustContain(t, err, tt.err)
	}
}

func TestNilClient(t *testing.T) {
	t.Parallel()
	p, err := PlainJSON("http://127.0.0.1:1/predict", "", Options{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = p.Predict(context.Background(), nil, Example{ID: "e", Inputs: map[string]any{}})
	mustContain(t, err, "no HTTP client")
}
