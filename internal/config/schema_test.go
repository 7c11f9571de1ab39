package config

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// compileSchema compiles the schema of spec with the draft 2020-12 validator.
func compileSchema(t *testing.T, spec Spec) *jsonschema.Schema {
	t.Helper()
	doc, err := spec.JSONSchema()
	if err != nil {
		t.Fatal(err)
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(SchemaID, v); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(SchemaID)
	if err != nil {
		t.Fatalf("the generated schema does not compile: %v", err)
	}
	return s
}

// yamlInstance turns YAML into the JSON value a schema validates.
func yamlInstance(t *testing.T, src []byte) any {
	t.Helper()
	var v any
	if err := yaml.Unmarshal(src, &v); err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return inst
}

func TestSchemaAcceptsWhatLoadAccepts(t *testing.T) {
	t.Parallel()
	s := compileSchema(t, testSpec())
	src, err := os.ReadFile(filepath.Join("testdata", "full.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Validate(yamlInstance(t, src)); err != nil {
		t.Errorf("full.yaml: %v", err)
	}
	spellings := "version: 1\ngates:\n  - {id: a, kind: data, reference-profile: p, data: x.csv, max_examples: '${N:-3}'}\n  - {id: b, kind: gate, rule: x > 1}\nreport:\nscore:\n"
	if err := s.Validate(yamlInstance(t, []byte(spellings))); err != nil {
		t.Errorf("spellings: %v", err)
	}
}

func TestSchemaRefuses(t *testing.T) {
	t.Parallel()
	s := compileSchema(t, testSpec())
	cases := map[string]string{
		"unknown option":         "version: 1\ngates: [{id: a, kind: gate, rul: x}]\n",
		"option of another kind": "version: 1\ngates: [{id: a, kind: gate, schema: s.json}]\n",
		"unknown kind":           "version: 1\ngates: [{id: a, kind: gaet}]\n",
		"no id":                  "version: 1\ngates: [{kind: gate}]\n",
		"bad id":                 "version: 1\ngates: [{id: 'a b', kind: gate}]\n",
		"version 2":              "version: 2\ngates: [{id: a, kind: gate}]\n",
		"unknown top-level key":  "version: 1\ngates: [{id: a, kind: gate}]\nextra: 1\n",
		"list for a single flag": "version: 1\ngates: [{id: a, kind: gate, baseline: [a, b]}]\n",
		"mapping for a value":    "version: 1\ngates: [{id: a, kind: gate, baseline: {a: b}}]\n",
		"number for a bool":      "version: 1\ngates: [{id: a, kind: gate}]\nreport: {no_fail: 3}\n",
		"empty evidence":         "version: 1\ngates: [{id: a, kind: gate}]\nscore: {manual: [{test: infra-3, evidence: ' '}]}\n",
		"unknown report option":  "version: 1\ngates: [{id: a, kind: gate}]\nreport: {coment: always}\n",
		"no gates":               "version: 1\n",
		"empty gates":            "version: 1\ngates: []\n",
	}
	for name, src := range cases {
		if err := s.Validate(yamlInstance(t, []byte(src))); err == nil {
			t.Errorf("%s: the schema accepts\n%s", name, src)
		}
		if _, err := Parse("x.yaml", []byte(src), env(nil), testSpec()); err == nil {
			t.Errorf("%s: Load accepts what the schema refuses\n%s", name, src)
		}
	}
}

func TestSchemaDescribesFlags(t *testing.T) {
	t.Parallel()
	doc, err := testSpec().JSONSchema()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`"$schema": "https://json-schema.org/draft/2020-12/schema"`,
		`"reference_profile": {`, `"reference-profile": {`, `"rules": {`, `"$ref": "#/$defs/kind-data/properties/reference_profile"`,
		`"description": "--timeout: kill the command after this long (default 0s)"`,
	} {
		if !strings.Contains(string(doc), want) {
			t.Errorf("schema lacks %s", want)
		}
	}
	again, _ := testSpec().JSONSchema()
	if !bytes.Equal(doc, again) {
		t.Error("the schema is not deterministic")
	}
}
