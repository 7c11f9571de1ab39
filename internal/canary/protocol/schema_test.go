package protocol

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

func TestValidateResponse(t *testing.T) {
	t.Parallel()
	compiled, err := CompileSchema(filepath.Join("testdata", "response.schema.json"))
	if err != nil {
		t.Fatal(err)
	}
	raw := []byte(`{"type": "object", "required": ["prediction"]}`)
	doc, err := jsonschema.UnmarshalJSON(strings.NewReader(string(raw)))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		schema any
		body   string
		err    string // "" for valid
	}{
		{"valid", compiled, `{"prediction": "setosa", "scores": [0.9, NaN, -Infinity]}`, ""},
		{"enum", compiled, `{"prediction": "rose", "scores": [1, 2, 3]}`, "/prediction"},
		{"items", compiled, `{"prediction": "setosa", "scores": [1, 2]}`, "/scores"},
		{"raw schema", raw, `{"prediction": 1}`, ""},
		{"raw schema mismatch", raw, `{"label": 1}`, "missing property 'prediction'"},
		{"decoded schema", doc, `{"x": 1}`, "missing property 'prediction'"},
	}
	for _, tt := range tests {
		err := ValidateResponse(tt.schema, []byte(tt.body))
		if tt.err == "" {
			if err != nil {
				t.Errorf("%s: %v", tt.name, err)
			}
			continue
		}
		var se *SchemaError
		if !errors.As(err, &se) {
			t.Errorf("%s: err = %v, want a *SchemaError", tt.name, err)
			continue
		}
		mustContain(t, err, tt.err)
	}

	var je *JSONError
	if err := ValidateResponse(compiled, []byte(`{"prediction": `)); !errors.As(err, &je) {
		t.Errorf("malformed body: err = %v, want a *JSONError", err)
	}
	mustContain(t, ValidateResponse(nil, []byte(`{}`)), "no schema")
	mustContain(t, ValidateResponse([]byte(`{"type": 12}`), []byte(`{}`)), "response schema")
	_, err = CompileSchema(filepath.Join("testdata", "missing.json"))
	mustContain(t, err, "reading response schema", "missing.json")
}
