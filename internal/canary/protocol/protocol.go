// Package protocol talks to a deployed model: it checks readiness and sends
// one example at a time over plain JSON, the Open Inference Protocol v2
// (KServe, Triton, Seldon MLServer) or TensorFlow Serving REST, and parses
// the prediction. It also reads golden sets (JSON Lines of inputs with the
// predictions made offline), compares predictions within a tolerance and
// validates responses against an optional JSON Schema.
//
// Every response is read with a cap of [MaxResponseBytes]; errors name the
// method, the URL (with any password removed), the HTTP status and the
// first 200 bytes of the body, quoted. Request headers, which may carry
// credentials, never appear in errors.
//
// All responses and golden files are parsed by a tolerant JSON decoder that
// accepts the bare NaN, Infinity and -Infinity tokens written by TensorFlow
// Serving and by Python's json module.
package protocol

import (
	"context"
	"net/http"
)

// MaxResponseBytes caps the size of a response body; a larger body is an
// error ("response over the 4 MiB limit").
const MaxResponseBytes = 4 << 20

// Example is one input of a golden set with the prediction made offline.
type Example struct {
	// ID names the example in mismatch reports; unique within a golden set.
	ID string
	// Inputs maps a feature name to its value: float64, string, bool, nil,
	// []float64 or []any (nested arrays). Numbers may be NaN or infinite.
	Inputs map[string]any
	// Want is the offline prediction; nil when the golden line has none.
	Want *Prediction
}

// Prediction is a model's answer for one example.
type Prediction struct {
	// Label is the predicted class or text; nil when the model gives none.
	// Numeric labels are written in canonical form ("1", not "1.0").
	Label *string
	// Scores are class probabilities or regression outputs, flattened.
	Scores []float64
}

// Protocol is a way of talking to a model server.
type Protocol interface {
	// Name is the protocol's name: "json", "oip-v2" or "tf-serving".
	Name() string
	// Ready polls once: nil when the model is ready, else an error holding
	// the last status and (capped) body.
	Ready(ctx context.Context, c *http.Client) error
	// Predict sends one example and parses the prediction.
	Predict(ctx context.Context, c *http.Client, ex Example) (Prediction, error)
}

// Options tunes a protocol. The zero value gives the documented defaults;
// fields that do not apply to a protocol are ignored by it.
type Options struct {
	// Header is added to every request, for example for authentication.
	// Its values are never printed.
	Header http.Header
	// Schema, when set, is checked against every prediction response with
	// [ValidateResponse]; a violation is a *[SchemaError].
	Schema any

	// HealthPath is the plain JSON readiness URL, resolved against the
	// endpoint (default "/health", so the server root's /health).
	HealthPath string
	// LabelPath is a JSON pointer (RFC 6901) to the label in a plain JSON
	// response, for example "/result/class". It overrides the default
	// response contract for the label.
	LabelPath string
	// ScoresPath is a JSON pointer to the scores (a number or an array of
	// numbers) in a plain JSON response.
	ScoresPath string

	// LabelOutput names the output (OIP v2) or the prediction key (TF
	// Serving) holding the label, instead of the naming rules.
	LabelOutput string
	// ScoresOutput names the output (OIP v2) or the prediction key (TF
	// Serving) holding the scores, instead of the naming rules.
	ScoresOutput string
}

// str returns a pointer to s, for labels.
func str(s string) *string { return &s }
