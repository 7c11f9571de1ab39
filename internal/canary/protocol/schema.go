package protocol

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"os"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// SchemaError is a response that does not match the response schema.
type SchemaError struct {
	// Detail is the validator's explanation, with JSON pointers into the
	// response.
	Detail string
}

// Error implements error.
func (e *SchemaError) Error() string {
	return "response does not match the schema: " + e.Detail
}

// CompileSchema reads and compiles the JSON Schema file at path, for
// [Options].Schema and [ValidateResponse]. Compile once, validate many.
func CompileSchema(path string) (*jsonschema.Schema, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("reading response schema: %w", err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		return nil, fmt.Errorf("reading response schema %s: %w", path, err)
	}
	return compileDoc(path, doc)
}

func compileDoc(loc string, doc any) (*jsonschema.Schema, error) {
	c := jsonschema.NewCompiler()
	if err := c.AddResource(loc, doc); err != nil {
		return nil, fmt.Errorf("response schema %s: %w", loc, err)
	}
	s, err := c.Compile(loc)
	if err != nil {
		return nil, fmt.Errorf("compiling response schema %s: %w", loc, err)
	}
	return s, nil
}

// ValidateResponse checks a response body against a JSON Schema. schema is
// a *jsonschema.Schema (see [CompileSchema]), raw schema JSON ([]byte), or
// a schema document decoded by jsonschema.UnmarshalJSON; the last two are
// compiled on every call. The body may hold bare NaN and ±Infinity, which
// validate as numbers: NaN as 0, ±Infinity as ±math.MaxFloat64. A mismatch is a *[SchemaError]; a body that is not JSON is a
// *[JSONError].
func ValidateResponse(schema any, body []byte) error {
	var s *jsonschema.Schema
	switch sc := schema.(type) {
	case *jsonschema.Schema:
		s = sc
	case nil:
		return errors.New("validating response: no schema")
	case []byte:
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(sc))
		if err != nil {
			return fmt.Errorf("reading response schema: %w", err)
		}
		if s, err = compileDoc("response-schema.json", doc); err != nil {
			return err
		}
	default:
		var err error
		if s, err = compileDoc("response-schema.json", sc); err != nil {
			return err
		}
	}
	doc, err := decodeJSON(body)
	if err != nil {
		return err
	}
	return validateDoc(s, doc)
}

func validateDoc(s *jsonschema.Schema, doc any) error {
	if err := s.Validate(finiteForSchema(doc)); err != nil {
		var ve *jsonschema.ValidationError
		if errors.As(err, &ve) {
			return &SchemaError{Detail: ve.Error()}
		}
		return &SchemaError{Detail: err.Error()}
	}
	return nil
}

// finiteForSchema returns a copy of v in which non-finite numbers, which
// the validator rejects as invalid values, are replaced: NaN by 0 and
// ±Infinity by ±math.MaxFloat64, so that they validate as numbers.
func finiteForSchema(v any) any {
	switch v := v.(type) {
	case float64:
		switch {
		case math.IsNaN(v):
			return 0.0
		case math.IsInf(v, 1):
			return math.MaxFloat64
		case math.IsInf(v, -1):
			return -math.MaxFloat64
		}
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = finiteForSchema(e)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			out[k] = finiteForSchema(e)
		}
		return out
	}
	return v
}
