package protocol

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// base holds what every protocol shares: request headers and the compiled
// response schema.
type base struct {
	header http.Header
	schema *jsonschema.Schema
}

func newBase(o Options) (base, error) {
	b := base{header: o.Header.Clone()}
	switch s := o.Schema.(type) {
	case nil:
	case *jsonschema.Schema:
		b.schema = s
	default:
		raw, isRaw := s.([]byte)
		doc := s
		if isRaw {
			var err error
			if doc, err = decodeJSON(raw); err != nil {
				return base{}, fmt.Errorf("response schema: %w", err)
			}
		}
		cs, err := compileDoc("response-schema.json", doc)
		if err != nil {
			return base{}, err
		}
		b.schema = cs
	}
	return b, nil
}

// decode parses a response body (tolerating bare NaN and ±Infinity) and
// checks it against the schema. Errors are *ResponseError.
func (b *base) decode(method string, u *url.URL, data []byte) (any, error) {
	doc, err := decodeJSON(data)
	if err == nil && b.schema != nil {
		err = validateDoc(b.schema, doc)
	}
	if err != nil {
		return nil, &ResponseError{Method: method, URL: redact(u), Body: snippet(data), Err: err}
	}
	return doc, nil
}

// contentError wraps a problem with the content of a valid JSON response.
func contentError(method string, u *url.URL, data []byte, err error) error {
	return &ResponseError{Method: method, URL: redact(u), Body: snippet(data), Err: err}
}

// predictionFrom applies the prediction contract shared by plain JSON
// responses and golden lines to the values of the "prediction" and
// "scores" keys (nil when absent):
//
//   - a string or bool prediction is the label;
//   - a number prediction is the label (a class index) when scores are
//     also given, else the only score (a regression output);
//   - an array of numbers prediction is the scores, and then "scores"
//     must be absent;
//   - a one-element array holding a string, bool or array is unwrapped
//     (a batch of one);
//   - "scores" is a number or a (nested) array of numbers, flattened.
func predictionFrom(pred, scores any) (Prediction, error) {
	var p Prediction
	if scores != nil {
		s, err := flattenFloats(scores)
		if err != nil {
			return p, fmt.Errorf("scores: %w", err)
		}
		p.Scores = s
	}
	switch v := pred.(type) {
	case nil:
	case string, bool:
		l, _ := labelText(v)
		p.Label = &l
	case []any:
		if len(v) == 1 {
			switch e := v[0].(type) {
			case string, bool, []any:
				return predictionFrom(e, scores) // a batch of one
			}
		}
		if scores != nil {
			return p, errors.New("prediction is an array and scores are given too: cannot tell which holds the scores")
		}
		s, err := flattenFloats(v)
		if err != nil {
			return p, fmt.Errorf("prediction: %w", err)
		}
		p.Scores = s
	default:
		f, ok := toFloat(v)
		if !ok {
			return p, fmt.Errorf("prediction: want a string, number, bool or array of numbers, got %s", describe(v))
		}
		if scores != nil {
			l, _ := labelText(v)
			p.Label = &l
		} else {
			p.Scores = []float64{f}
		}
	}
	return p, nil
}
