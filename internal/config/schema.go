package config

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// SchemaID is the $id of the JSON Schema of mlgate.yaml.
const SchemaID = "https://github.com/mlgate/mlgate/schemas/mlgate.schema.json"

// JSONSchema returns the JSON Schema (draft 2020-12) of mlgate.yaml for
// the kinds and report options of s, for editors (yaml-language-server)
// and CI checks. It accepts what [Load] accepts, less what only Load can
// check: environment variables, flag value syntax, kind hooks.
func (s Spec) JSONSchema() ([]byte, error) {
	defs := map[string]any{}
	var kindNames []string
	var branches []any
	for _, k := range s.Kinds {
		kindNames = append(kindNames, k.Name)
		ref := "kind-" + k.Name
		defs[ref] = map[string]any{
			"description": kindDescription(k),
			"properties":  optionProperties(k, "#/$defs/"+ref),
		}
		branches = append(branches, map[string]any{
			"if":   map[string]any{"properties": map[string]any{"kind": map[string]any{"const": k.Name}}, "required": []string{"kind"}},
			"then": map[string]any{"$ref": "#/$defs/" + ref},
		})
	}
	gate := map[string]any{
		"type":     "object",
		"required": []string{"id", "kind"},
		"properties": map[string]any{
			"id": map[string]any{
				"type":        "string",
				"pattern":     "^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$",
				"description": "Result id (--id): the file name in the results dir and the name in the report. Unique.",
			},
			"kind": map[string]any{
				"enum":        kindNames,
				"description": "Which gate runs: " + kindList(s.Kinds) + ".",
			},
		},
		"unevaluatedProperties": false,
	}
	if len(branches) > 0 {
		gate["allOf"] = branches
	}
	defs["gate"] = gate
	props := map[string]any{
		"version": map[string]any{"const": Version, "description": "Format version of mlgate.yaml."},
		"results_dir": map[string]any{
			"type": "string", "minLength": 1,
			"description": "Directory of gate results (default .mlgate/results); --results-dir and MLGATE_RESULTS_DIR win when set.",
		},
		"gates": map[string]any{
			"type": "array", "minItems": 1, "items": map[string]any{"$ref": "#/$defs/gate"},
			"description": "The gates, run in order by 'mlgate run'. A gate's options are its command's flags.",
		},
		"score": map[string]any{
			"type":                 []string{"object", "null"},
			"additionalProperties": false,
			"description":          "ML Test Score evidence.",
			"properties": map[string]any{
				"manual": map[string]any{
					"type":        "array",
					"description": "Tests done by hand, with the evidence that they are done.",
					"items": map[string]any{
						"type":                 "object",
						"required":             []string{"test", "evidence"},
						"additionalProperties": false,
						"properties": map[string]any{
							"test":     map[string]any{"type": "string", "minLength": 1, "description": "ML Test Score test, e.g. infra-3."},
							"evidence": map[string]any{"type": "string", "pattern": `\S`, "description": "Link or note that shows the test is done."},
						},
					},
				},
			},
		},
	}
	if s.Report.Name != "" {
		props["report"] = map[string]any{
			"type":                 []string{"object", "null"},
			"description":          kindDescription(s.Report),
			"properties":           optionProperties(s.Report, "#/properties/report"),
			"additionalProperties": false,
		}
	}
	doc := map[string]any{
		"$schema":              "https://json-schema.org/draft/2020-12/schema",
		"$id":                  SchemaID,
		"title":                "mlgate.yaml",
		"description":          "The gates of a project, run by 'mlgate run'. See docs/config.md.",
		"type":                 "object",
		"required":             []string{"version", "gates"},
		"additionalProperties": false,
		"properties":           props,
		"$defs":                defs,
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return nil, fmt.Errorf("encoding the config schema: %w", err)
	}
	return buf.Bytes(), nil
}

func kindDescription(k Kind) string {
	d := k.Short
	if k.Command != "" {
		d = strings.TrimSpace(d + " (mlgate " + k.Command + ")")
	}
	return d
}

func kindList(kinds []Kind) string {
	parts := make([]string, len(kinds))
	for i, k := range kinds {
		parts[i] = k.Name
		if k.Command != "" && k.Command != k.Name {
			parts[i] += " (" + k.Command + ")"
		}
	}
	return strings.Join(parts, ", ")
}

// optionProperties describes every accepted spelling of every flag: the
// preferred one in full, the others as references to it. base is the JSON
// pointer of the schema that holds the properties.
func optionProperties(k Kind, base string) map[string]any {
	props := map[string]any{}
	for _, f := range k.Flags {
		desc := fmt.Sprintf("--%s: %s", f.Name, f.Usage)
		if f.Default != "" && f.Default != "[]" {
			desc += fmt.Sprintf(" (default %s)", f.Default)
		}
		value := map[string]any{"type": valueTypes(f.Type)}
		var schema map[string]any
		if f.Repeatable {
			desc += ". Repeatable: one value or a list."
			schema = map[string]any{
				"anyOf": []any{value, map[string]any{"type": "array", "items": value}},
			}
		} else {
			schema = value
		}
		schema["description"] = desc
		keys := f.keys()
		props[keys[0]] = schema
		for _, key := range keys[1:] {
			props[key] = map[string]any{"$ref": base + "/properties/" + keys[0]}
		}
	}
	return props
}

// valueTypes maps a pflag type to the YAML scalar types a value may have.
// Strings are always allowed: "${VAR}" expands to any value.
func valueTypes(flagType string) []string {
	t := strings.TrimSuffix(strings.TrimSuffix(flagType, "Slice"), "Array")
	switch {
	case t == "bool":
		return []string{"boolean", "string"}
	case strings.HasPrefix(t, "int"), strings.HasPrefix(t, "uint"), t == "count":
		return []string{"integer", "string"}
	case strings.HasPrefix(t, "float"):
		return []string{"number", "string"}
	case t == "duration":
		return []string{"string", "integer"}
	}
	return []string{"string", "number", "boolean"}
}
