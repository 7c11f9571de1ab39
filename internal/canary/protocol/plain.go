package protocol

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
)

// DefaultTemplate is the plain JSON request body used when none is given.
const DefaultTemplate = `{"inputs": {{inputs}}}`

var placeholder = regexp.MustCompile(`\{\{\s*([A-Za-z_]*)\s*\}\}`)

type plainJSON struct {
	base
	endpoint, health      *url.URL
	tmpl                  string
	labelPath, scoresPath string
}

// PlainJSON talks to a model behind a hand-written JSON API.
//
// Predict POSTs endpoint with the body tmpl (default [DefaultTemplate]) in
// which {{inputs}} is replaced by the example's inputs as a JSON object and
// {{id}} by its id as a JSON string. tmpl must contain {{inputs}} and be
// valid JSON once substituted.
//
// The response contract: a JSON object with "prediction" (the value for
// this example) or "predictions" (an array holding exactly that one
// value), and optionally "scores". The value is read as follows: a string
// or bool is the label; a number is the label (a class index) when
// "scores" is present, else the only score; an array of numbers is the
// scores. "scores" is a number or an array of numbers. When
// [Options].LabelPath or [Options].ScoresPath is set, only those JSON
// pointers are read instead (the label may then be a string, number or
// bool, the scores a number or an array of numbers).
//
// Ready GETs [Options].HealthPath resolved against endpoint (default
// "/health") and wants HTTP 2xx.
func PlainJSON(endpoint, tmpl string, opts Options) (Protocol, error) {
	u, err := parseHTTPURL("endpoint", endpoint)
	if err != nil {
		return nil, err
	}
	if tmpl == "" {
		tmpl = DefaultTemplate
	}
	if err := checkTemplate(tmpl); err != nil {
		return nil, err
	}
	hp := opts.HealthPath
	if hp == "" {
		hp = "/health"
	}
	ref, err := url.Parse(hp)
	if err != nil {
		return nil, fmt.Errorf("health path %q: %w", hp, err)
	}
	for _, p := range []string{opts.LabelPath, opts.ScoresPath} {
		if err := checkPointer(p); err != nil {
			return nil, err
		}
	}
	b, err := newBase(opts)
	if err != nil {
		return nil, err
	}
	return &plainJSON{base: b, endpoint: u, health: u.ResolveReference(ref), tmpl: tmpl,
		labelPath: opts.LabelPath, scoresPath: opts.ScoresPath}, nil
}

func parseHTTPURL(what, s string) (*url.URL, error) {
	u, err := url.Parse(s)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, unwrapURLError(err))
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("%s %q: want an http:// or https:// URL with a host", what, u.Redacted())
	}
	return u, nil
}

func checkTemplate(tmpl string) error {
	hasInputs := false
	for _, m := range placeholder.FindAllStringSubmatch(tmpl, -1) {
		switch m[1] {
		case "inputs":
			hasInputs = true
		case "id":
		default:
			return fmt.Errorf("request template: unknown placeholder %s (use {{inputs}} and {{id}})", m[0])
		}
	}
	if !hasInputs {
		return errors.New("request template: missing the {{inputs}} placeholder")
	}
	body, err := fillTemplate(tmpl, Example{ID: "x", Inputs: map[string]any{}})
	if err != nil {
		return err
	}
	if _, err := decodeJSON(body); err != nil {
		return fmt.Errorf("request template is not JSON once filled in: %w", err)
	}
	return nil
}

func fillTemplate(tmpl string, ex Example) ([]byte, error) {
	inputs := ex.Inputs
	if inputs == nil {
		inputs = map[string]any{}
	}
	in, err := appendJSON(nil, inputs)
	if err != nil {
		return nil, fmt.Errorf("example %s: inputs: %w", ex.ID, err)
	}
	var out []byte
	last := 0
	for _, m := range placeholder.FindAllStringSubmatchIndex(tmpl, -1) {
		out = append(out, tmpl[last:m[0]]...)
		if tmpl[m[2]:m[3]] == "id" {
			out = appendString(out, ex.ID)
		} else {
			out = append(out, in...)
		}
		last = m[1]
	}
	return append(out, tmpl[last:]...), nil
}

func (p *plainJSON) Name() string { return "json" }

func (p *plainJSON) Ready(ctx context.Context, c *http.Client) error {
	if _, err := call(ctx, c, http.MethodGet, p.health, p.header, nil); err != nil {
		return fmt.Errorf("model not ready: %w", err)
	}
	return nil
}

func (p *plainJSON) Predict(ctx context.Context, c *http.Client, ex Example) (Prediction, error) {
	body, err := fillTemplate(p.tmpl, ex)
	if err != nil {
		return Prediction{}, err
	}
	data, err := call(ctx, c, http.MethodPost, p.endpoint, p.header, body)
	if err != nil {
		return Prediction{}, fmt.Errorf("example %s: %w", ex.ID, err)
	}
	doc, err := p.decode(http.MethodPost, p.endpoint, data)
	if err != nil {
		return Prediction{}, fmt.Errorf("example %s: %w", ex.ID, err)
	}
	pred, err := p.extract(doc)
	if err != nil {
		return Prediction{}, fmt.Errorf("example %s: %w", ex.ID, contentError(http.MethodPost, p.endpoint, data, err))
	}
	return pred, nil
}

func (p *plainJSON) extract(doc any) (Prediction, error) {
	if p.labelPath != "" || p.scoresPath != "" {
		var pred Prediction
		if p.labelPath != "" {
			v, err := lookup(doc, p.labelPath)
			if err != nil {
				return pred, fmt.Errorf("label: %w", err)
			}
			l, err := labelText(v)
			if err != nil {
				return pred, fmt.Errorf("label at %s: %w", p.labelPath, err)
			}
			pred.Label = &l
		}
		if p.scoresPath != "" {
			v, err := lookup(doc, p.scoresPath)
			if err != nil {
				return pred, fmt.Errorf("scores: %w", err)
			}
			if pred.Scores, err = flattenFloats(v); err != nil {
				return pred, fmt.Errorf("scores at %s: %w", p.scoresPath, err)
			}
		}
		return pred, nil
	}
	obj, ok := doc.(map[string]any)
	if !ok {
		return Prediction{}, fmt.Errorf(`want an object with "prediction" or "predictions", got %s`, describe(doc))
	}
	v, ok := obj["prediction"]
	if !ok {
		ps, found := obj["predictions"]
		if !found {
			return Prediction{}, fmt.Errorf(`want an object with "prediction" or "predictions", got %s`, describe(doc))
		}
		arr, isArr := ps.([]any)
		if !isArr || len(arr) != 1 {
			return Prediction{}, fmt.Errorf(`"predictions": want an array of one prediction, got %s`, describe(ps))
		}
		v = arr[0]
	}
	if v == nil {
		return Prediction{}, errors.New(`"prediction" is null`)
	}
	return predictionFrom(v, obj["scores"])
}

var _ Protocol = (*plainJSON)(nil)
