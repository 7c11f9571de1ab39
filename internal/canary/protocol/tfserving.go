package protocol

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

type tfServing struct {
	base
	status, predict        *url.URL
	rowFormat              bool
	labelOutput, scoresOut string
}

// tfLabelKeys and tfScoresKeys are the prediction keys looked for, in
// order, in a multi-output TF Serving prediction.
var (
	tfLabelKeys  = []string{"label", "labels", "class", "classes", "class_ids"}
	tfScoresKeys = []string{"scores", "probabilities", "probs", "predictions", "outputs", "logits"}
)

// TFServing talks to a model served by TensorFlow Serving's REST API at
// baseURL.
//
// Ready GETs /v1/models/{model} and wants a version in state AVAILABLE.
//
// Predict POSTs /v1/models/{model}:predict with the example's inputs as
// {"instances": [inputs]} when rowFormat is set, else in columnar form
// {"inputs": {name: [value]}} (a batch of one). The response's
// "predictions" (an array holding this example's prediction) or "outputs"
// (a batch of one, or an object of named batches of one) is read like
// this: a string or bool is the label, a number or an array of numbers the
// scores; for an object of named outputs, the label is under
// [Options].LabelOutput or the first of label, labels, class, classes,
// class_ids, and the scores under [Options].ScoresOutput or the first of
// scores, probabilities, probs, predictions, outputs, logits; an object
// with one other key is read as that key's value. Bare NaN, Infinity and
// -Infinity, which TF Serving writes, are parsed.
func TFServing(baseURL, model string, rowFormat bool, opts Options) (Protocol, error) {
	u, err := parseHTTPURL("base URL", baseURL)
	if err != nil {
		return nil, err
	}
	if model == "" || strings.ContainsAny(model, "/?#:") {
		return nil, fmt.Errorf("model name %q: want a non-empty name without '/', '?', '#' or ':'", model)
	}
	b, err := newBase(opts)
	if err != nil {
		return nil, err
	}
	return &tfServing{
		base:        b,
		status:      u.JoinPath("v1", "models", model),
		predict:     u.JoinPath("v1", "models", model+":predict"),
		rowFormat:   rowFormat,
		labelOutput: opts.LabelOutput,
		scoresOut:   opts.ScoresOutput,
	}, nil
}

func (p *tfServing) Name() string { return "tf-serving" }

func (p *tfServing) Ready(ctx context.Context, c *http.Client) error {
	data, err := call(ctx, c, http.MethodGet, p.status, p.header, nil)
	if err != nil {
		return fmt.Errorf("model not ready: %w", err)
	}
	doc, err := decodeJSON(data)
	if err != nil {
		return fmt.Errorf("model not ready: %w", contentError(http.MethodGet, p.status, data, err))
	}
	obj, _ := doc.(map[string]any)
	versions, ok := obj["model_version_status"].([]any)
	if !ok {
		return fmt.Errorf("model not ready: %w", contentError(http.MethodGet, p.status, data,
			errors.New(`want an object with a "model_version_status" array`)))
	}
	var states []string
	for _, v := range versions {
		vs, _ := v.(map[string]any)
		state, _ := vs["state"].(string)
		if state == "AVAILABLE" {
			return nil
		}
		states = append(states, fmt.Sprintf("version %v %s", vs["version"], state))
	}
	return fmt.Errorf("model not ready: GET %s: no version AVAILABLE (%s); body %s",
		redact(p.status), strings.Join(states, ", "), snippet(data))
}

func (p *tfServing) Predict(ctx context.Context, c *http.Client, ex Example) (Prediction, error) {
	var req map[string]any
	if p.rowFormat {
		req = map[string]any{"instances": []any{ex.Inputs}}
	} else {
		cols := make(map[string]any, len(ex.Inputs))
		for k, v := range ex.Inputs {
			cols[k] = []any{v}
		}
		req = map[string]any{"inputs": cols}
	}
	if len(ex.Inputs) == 0 {
		return Prediction{}, fmt.Errorf("example %s: no inputs", ex.ID)
	}
	body, err := appendJSON(nil, req)
	if err != nil {
		return Prediction{}, fmt.Errorf("example %s: %w", ex.ID, err)
	}
	data, err := call(ctx, c, http.MethodPost, p.predict, p.header, body)
	if err != nil {
		return Prediction{}, fmt.Errorf("example %s: %w", ex.ID, err)
	}
	doc, err := p.decode(http.MethodPost, p.predict, data)
	if err != nil {
		return Prediction{}, fmt.Errorf("example %s: %w", ex.ID, err)
	}
	pred, err := p.extract(doc)
	if err != nil {
		return Prediction{}, fmt.Errorf("example %s: %w", ex.ID, contentError(http.MethodPost, p.predict, data, err))
	}
	return pred, nil
}

func (p *tfServing) extract(doc any) (Prediction, error) {
	obj, ok := doc.(map[string]any)
	if !ok {
		return Prediction{}, fmt.Errorf(`want an object with "predictions" or "outputs", got %s`, describe(doc))
	}
	if e, ok := obj["error"]; ok {
		return Prediction{}, fmt.Errorf("server error: %s", describe(e))
	}
	var v any
	if ps, ok := obj["predictions"]; ok {
		arr, isArr := ps.([]any)
		if !isArr || len(arr) != 1 {
			return Prediction{}, fmt.Errorf(`"predictions": want an array of one prediction, got %s`, describe(ps))
		}
		v = arr[0]
	} else if outs, ok := obj["outputs"]; ok {
		var err error
		if v, err = unbatch(outs); err != nil {
			return Prediction{}, fmt.Errorf(`"outputs": %w`, err)
		}
	} else {
		return Prediction{}, fmt.Errorf(`want an object with "predictions" or "outputs", got %s`, describe(doc))
	}
	named, ok := v.(map[string]any)
	if !ok {
		return predictionFrom(v, nil)
	}
	return p.fromNamed(named)
}

// unbatch removes the batch dimension of columnar outputs: a batch of one,
// or an object of named batches of one.
func unbatch(v any) (any, error) {
	switch v := v.(type) {
	case []any:
		if len(v) != 1 {
			return nil, fmt.Errorf("want a batch of one, got an array of %d", len(v))
		}
		return v[0], nil
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			u, err := unbatch(e)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", k, err)
			}
			out[k] = u
		}
		return out, nil
	}
	return v, nil
}

func (p *tfServing) fromNamed(named map[string]any) (Prediction, error) {
	labelKey, err := pickKey(named, p.labelOutput, tfLabelKeys)
	if err != nil {
		return Prediction{}, err
	}
	scoresKey, err := pickKey(named, p.scoresOut, tfScoresKeys)
	if err != nil {
		return Prediction{}, err
	}
	if labelKey == "" && scoresKey == "" && len(named) == 1 {
		for _, v := range named {
			return predictionFrom(v, nil)
		}
	}
	if labelKey == "" && scoresKey == "" {
		return Prediction{}, fmt.Errorf("no label or scores among the outputs %s; name them with the label and scores output options",
			strings.Join(sortedKeys(named), ", "))
	}
	var pred Prediction
	if labelKey != "" {
		l, err := labelText(named[labelKey])
		if err != nil {
			return pred, fmt.Errorf("output %s: %w", labelKey, err)
		}
		pred.Label = &l
	}
	if scoresKey != "" {
		s, err := flattenFloats(named[scoresKey])
		if err != nil {
			return pred, fmt.Errorf("output %s: %w", scoresKey, err)
		}
		pred.Scores = s
	}
	return pred, nil
}

// pickKey returns the explicit key (an error when absent) or the first of
// the default keys present; "" when none is.
func pickKey(m map[string]any, explicit string, defaults []string) (string, error) {
	if explicit != "" {
		if _, ok := m[explicit]; !ok {
			return "", fmt.Errorf("no output named %q (outputs: %s)", explicit, strings.Join(sortedKeys(m), ", "))
		}
		return explicit, nil
	}
	for _, k := range defaults {
		if _, ok := m[k]; ok {
			return k, nil
		}
	}
	return "", nil
}

var _ Protocol = (*tfServing)(nil)
