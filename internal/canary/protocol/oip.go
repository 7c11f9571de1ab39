package protocol

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"sort"
	"strings"
)

// TensorSpec describes one input tensor of an Open Inference Protocol v2
// request: the named features of the example, concatenated in order into
// one row of shape [1, n].
type TensorSpec struct {
	// Name is the tensor's name, for example "input-0".
	Name string
	// Datatype is the tensor's OIP datatype: FP64 (default), FP32, FP16,
	// INT8 to INT64, UINT8 to UINT64, BOOL or BYTES.
	Datatype string
	// Features are the example inputs making up the row, each a scalar or
	// an array of scalars. Empty means the one input named Name.
	Features []string
}

var oipDatatypes = map[string]bool{
	"BOOL": true, "BYTES": true, "FP16": true, "FP32": true, "FP64": true, "BF16": true,
	"INT8": true, "INT16": true, "INT32": true, "INT64": true,
	"UINT8": true, "UINT16": true, "UINT32": true, "UINT64": true,
}

func isFloatType(dt string) bool { return strings.HasPrefix(dt, "FP") || dt == "BF16" }

type oipV2 struct {
	base
	health, modelReady, infer *url.URL
	inputs                    []TensorSpec
	labelOutput, scoresOut    string
}

// OIPv2 talks to a model over the Open Inference Protocol v2 REST API
// (KServe, Triton, Seldon MLServer) at baseURL.
//
// Ready GETs /v2/health/ready, then /v2/models/{model}/ready; both must
// answer 2xx and, when the body is a JSON object with "ready", true.
//
// Predict POSTs /v2/models/{model}/infer with {"id": example id, "inputs":
// [...]}. With no inputs given, each example input becomes its own tensor
// named after it, in name order: a scalar has shape [1, 1], an array of n
// values shape [1, n]; numbers are FP64, strings BYTES, bools BOOL. With
// inputs given, each [TensorSpec] makes one tensor of shape [1, n].
//
// In the response "outputs", the label is read from [Options].LabelOutput
// when set, else from the first output that is not floating point (BYTES,
// BOOL, INT or UINT) and whose name contains "label", "predict" or
// "class", else from the first output that is not floating point; it must
// hold one value. The scores are read from [Options].ScoresOutput when set,
// else from the first floating-point output whose name contains "prob" or
// "score", else from the first floating-point output; all its values are
// the scores. A floating-point "predict" output (a regressor) is thus the
// scores.
func OIPv2(baseURL, model string, inputs []TensorSpec, opts Options) (Protocol, error) {
	u, err := parseHTTPURL("base URL", baseURL)
	if err != nil {
		return nil, err
	}
	if model == "" || strings.ContainsAny(model, "/?#") {
		return nil, fmt.Errorf("model name %q: want a non-empty name without '/', '?' or '#'", model)
	}
	specs := make([]TensorSpec, len(inputs))
	for i, s := range inputs {
		if s.Name == "" {
			return nil, fmt.Errorf("input tensor %d: missing name", i+1)
		}
		if s.Datatype == "" {
			s.Datatype = "FP64"
		}
		s.Datatype = strings.ToUpper(s.Datatype)
		if !oipDatatypes[s.Datatype] {
			return nil, fmt.Errorf("input tensor %s: unknown datatype %q", s.Name, s.Datatype)
		}
		if len(s.Features) == 0 {
			s.Features = []string{s.Name}
		}
		specs[i] = s
	}
	b, err := newBase(opts)
	if err != nil {
		return nil, err
	}
	return &oipV2{
		base:        b,
		health:      u.JoinPath("v2", "health", "ready"),
		modelReady:  u.JoinPath("v2", "models", model, "ready"),
		infer:       u.JoinPath("v2", "models", model, "infer"),
		inputs:      specs,
		labelOutput: opts.LabelOutput,
		scoresOut:   opts.ScoresOutput,
	}, nil
}

func (p *oipV2) Name() string { return "oip-v2" }

func (p *oipV2) Ready(ctx context.Context, c *http.Client) error {
	for _, u := range []*url.URL{p.health, p.modelReady} {
		data, err := call(ctx, c, http.MethodGet, u, p.header, nil)
		if err != nil {
			return fmt.Errorf("model not ready: %w", err)
		}
		if doc, err := decodeJSON(data); err == nil {
			if obj, ok := doc.(map[string]any); ok && obj["ready"] == false {
				return fmt.Errorf("model not ready: GET %s: \"ready\" is false; body %s", redact(u), snippet(data))
			}
		}
	}
	return nil
}

func (p *oipV2) Predict(ctx context.Context, c *http.Client, ex Example) (Prediction, error) {
	tensors, err := p.tensors(ex)
	if err != nil {
		return Prediction{}, fmt.Errorf("example %s: %w", ex.ID, err)
	}
	body, err := appendJSON(nil, map[string]any{"id": ex.ID, "inputs": tensors})
	if err != nil {
		return Prediction{}, fmt.Errorf("example %s: %w", ex.ID, err)
	}
	data, err := call(ctx, c, http.MethodPost, p.infer, p.header, body)
	if err != nil {
		return Prediction{}, fmt.Errorf("example %s: %w", ex.ID, err)
	}
	doc, err := p.decode(http.MethodPost, p.infer, data)
	if err != nil {
		return Prediction{}, fmt.Errorf("example %s: %w", ex.ID, err)
	}
	pred, err := p.extract(doc)
	if err != nil {
		return Prediction{}, fmt.Errorf("example %s: %w", ex.ID, contentError(http.MethodPost, p.infer, data, err))
	}
	return pred, nil
}

// tensors builds the request's input tensors from an example.
func (p *oipV2) tensors(ex Example) ([]any, error) {
	if len(p.inputs) == 0 {
		var out []any
		for _, name := range sortedKeys(ex.Inputs) {
			vals := flattenAny(ex.Inputs[name])
			dt, err := inferDatatype(vals)
			if err != nil {
				return nil, fmt.Errorf("input %s: %w", name, err)
			}
			t, err := tensor(name, dt, vals)
			if err != nil {
				return nil, fmt.Errorf("input %s: %w", name, err)
			}
			out = append(out, t)
		}
		if len(out) == 0 {
			return nil, errors.New("no inputs")
		}
		return out, nil
	}
	out := make([]any, 0, len(p.inputs))
	for _, s := range p.inputs {
		var vals []any
		for _, f := range s.Features {
			v, ok := ex.Inputs[f]
			if !ok {
				return nil, fmt.Errorf("tensor %s: no input %q", s.Name, f)
			}
			vals = append(vals, flattenAny(v)...)
		}
		t, err := tensor(s.Name, s.Datatype, vals)
		if err != nil {
			return nil, fmt.Errorf("tensor %s: %w", s.Name, err)
		}
		out = append(out, t)
	}
	return out, nil
}

// flattenAny returns the scalars of a value or a (nested) array.
func flattenAny(v any) []any {
	switch v := v.(type) {
	case []any:
		var out []any
		for _, e := range v {
			out = append(out, flattenAny(e)...)
		}
		return out
	case []float64:
		out := make([]any, len(v))
		for i, f := range v {
			out[i] = f
		}
		return out
	}
	return []any{v}
}

func inferDatatype(vals []any) (string, error) {
	if len(vals) == 0 {
		return "", errors.New("empty array")
	}
	switch vals[0].(type) {
	case string:
		return "BYTES", nil
	case bool:
		return "BOOL", nil
	}
	if _, ok := toFloat(vals[0]); ok {
		return "FP64", nil
	}
	return "", fmt.Errorf("cannot send %s", describe(vals[0]))
}

// tensor makes one OIP input tensor of shape [1, len(vals)], converting
// each value to the datatype.
func tensor(name, dt string, vals []any) (map[string]any, error) {
	data := make([]any, len(vals))
	for i, v := range vals {
		c, err := convert(dt, v)
		if err != nil {
			return nil, fmt.Errorf("value %d: %w", i+1, err)
		}
		data[i] = c
	}
	return map[string]any{"name": name, "datatype": dt, "shape": []any{1, len(vals)}, "data": data}, nil
}

func convert(dt string, v any) (any, error) {
	switch {
	case dt == "BYTES":
		if s, ok := v.(string); ok {
			return s, nil
		}
		return nil, fmt.Errorf("BYTES wants a string, got %s", describe(v))
	case dt == "BOOL":
		if b, ok := v.(bool); ok {
			return b, nil
		}
		return nil, fmt.Errorf("BOOL wants a bool, got %s", describe(v))
	}
	f, ok := toFloat(v)
	if !ok {
		return nil, fmt.Errorf("%s wants a number, got %s", dt, describe(v))
	}
	if isFloatType(dt) {
		return f, nil
	}
	if f != math.Trunc(f) || math.IsInf(f, 0) || (strings.HasPrefix(dt, "UINT") && f < 0) {
		return nil, fmt.Errorf("%s wants an integer, got %s", dt, formatFloat(f))
	}
	if math.Abs(f) >= 1<<63 {
		return nil, fmt.Errorf("%s: %s is out of range", dt, formatFloat(f))
	}
	return int64(f), nil
}

// oipOutput is one decoded output tensor.
type oipOutput struct {
	name, datatype string
	data           []any
}

func (p *oipV2) extract(doc any) (Prediction, error) {
	obj, ok := doc.(map[string]any)
	if !ok {
		return Prediction{}, fmt.Errorf(`want an object with "outputs", got %s`, describe(doc))
	}
	raw, ok := obj["outputs"].([]any)
	if !ok || len(raw) == 0 {
		return Prediction{}, fmt.Errorf(`want a non-empty "outputs" array, got %s`, describe(obj["outputs"]))
	}
	outs := make([]oipOutput, len(raw))
	for i, r := range raw {
		o, ok := r.(map[string]any)
		if !ok {
			return Prediction{}, fmt.Errorf("output %d: want an object, got %s", i+1, describe(r))
		}
		name, _ := o["name"].(string)
		dt, _ := o["datatype"].(string)
		if name == "" || dt == "" {
			return Prediction{}, fmt.Errorf(`output %d: want "name" and "datatype" strings`, i+1)
		}
		d, ok := o["data"]
		if !ok {
			return Prediction{}, fmt.Errorf(`output %s: missing "data"`, name)
		}
		outs[i] = oipOutput{name: name, datatype: strings.ToUpper(dt), data: flattenAny(d)}
	}
	var pred Prediction
	if o, err := pickOutput(outs, p.labelOutput, false, "label", "predict", "class"); err != nil {
		return pred, err
	} else if o != nil {
		if len(o.data) != 1 {
			return pred, fmt.Errorf("label output %s: want 1 value, got %d", o.name, len(o.data))
		}
		l, err := labelText(o.data[0])
		if err != nil {
			return pred, fmt.Errorf("label output %s: %w", o.name, err)
		}
		pred.Label = &l
	}
	if o, err := pickOutput(outs, p.scoresOut, true, "prob", "score"); err != nil {
		return pred, err
	} else if o != nil {
		s, err := flattenFloats(o.data)
		if err != nil {
			return pred, fmt.Errorf("scores output %s: %w", o.name, err)
		}
		pred.Scores = s
	}
	return pred, nil
}

// pickOutput chooses an output: the one named explicitly, else the first
// of the wanted kind (floating point or not) whose name contains a hint,
// else the first of that kind; nil when there is none.
func pickOutput(outs []oipOutput, explicit string, float bool, hints ...string) (*oipOutput, error) {
	if explicit != "" {
		names := make([]string, len(outs))
		for i := range outs {
			if outs[i].name == explicit {
				return &outs[i], nil
			}
			names[i] = outs[i].name
		}
		sort.Strings(names)
		return nil, fmt.Errorf("no output named %q (outputs: %s)", explicit, strings.Join(names, ", "))
	}
	var first *oipOutput
	for i := range outs {
		o := &outs[i]
		if isFloatType(o.datatype) != float {
			continue
		}
		if first == nil {
			first = o
		}
		name := strings.ToLower(o.name)
		for _, h := range hints {
			if strings.Contains(name, h) {
				return o, nil
			}
		}
	}
	return first, nil
}

var _ Protocol = (*oipV2)(nil)
