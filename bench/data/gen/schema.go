package main

import (
	"encoding/json"
	"fmt"
)

// EmailPattern is the pattern every valid email value matches.
const EmailPattern = "^[^@]+@[^@]+$"

// Schema returns the JSON Schema (draft 2020-12) for one row. It uses only
// type, minimum, maximum, enum, pattern, required and additionalProperties,
// so every contender checks exactly the same constraints.
func Schema() map[string]any {
	number := func() map[string]any { return map[string]any{"type": "number"} }
	props := map[string]any{
		"age":    map[string]any{"type": "integer", "minimum": 0, "maximum": 120},
		"income": map[string]any{"type": "number", "minimum": 0},
		"city":   map[string]any{"type": "string", "enum": Cities[:]},
		"score":  map[string]any{"type": "number", "minimum": 0, "maximum": 1},
		"label":  map[string]any{"type": "integer", "enum": []int{0, 1}},
		"email":  map[string]any{"type": "string", "pattern": EmailPattern},
		"g1":     number(),
		"g2":     number(),
		"g3":     number(),
		"g4":     number(),
	}
	return map[string]any{
		"$schema":              "https://json-schema.org/draft/2020-12/schema",
		"$id":                  "https://github.com/mlgate/mlgate/bench/data/schema.json",
		"title":                "mlgate data-gate benchmark row",
		"type":                 "object",
		"properties":           props,
		"required":             Columns[:],
		"additionalProperties": false,
	}
}

// SchemaJSON returns [Schema] as indented JSON with a trailing newline.
func SchemaJSON() ([]byte, error) {
	b, err := json.MarshalIndent(Schema(), "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encoding schema: %w", err)
	}
	return append(b, '\n'), nil
}
