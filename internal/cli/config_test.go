package cli

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/mlgate/mlgate/internal/config"
)

// schemaFile is the committed JSON Schema of mlgate.yaml.
var schemaFile = filepath.Join("..", "..", "schemas", "mlgate.schema.json")

func init() {
	// -update rewrites golden files; another test file may define it first.
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite the golden files")
	}
}

func updating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// TestConfigSchemaIsCommitted fails when schemas/mlgate.schema.json is not
// what "mlgate config schema" prints, e.g. after a flag was added or its
// help changed. Regenerate it with: go test ./internal/cli -run Schema -update
func TestConfigSchemaIsCommitted(t *testing.T) {
	t.Parallel()
	code, out, errOut := run(t, nil, "config", "schema")
	if code != 0 {
		t.Fatalf("config schema: exit %d: %s", code, errOut)
	}
	if updating() {
		if err := os.WriteFile(schemaFile, []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(schemaFile)
	if err != nil {
		t.Fatalf("%v (go test ./internal/cli -run Schema -update writes it)", err)
	}
	if out != string(want) {
		t.Errorf("%s is out of date: regenerate it with go test ./internal/cli -run Schema -update", schemaFile)
	}
	for _, want := range []string{`"kind-data"`, `"reference_profile"`, `"rules"`, `"--timeout: kill the command`} {
		if !strings.Contains(out, want) {
			t.Errorf("the schema lacks %s", want)
		}
	}
}

// committedSchema compiles schemas/mlgate.schema.json.
func committedSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open(schemaFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(config.SchemaID, doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(config.SchemaID)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func yamlToJSONValue(t *testing.T, src string) any {
	t.Helper()
	var v any
	if err := yaml.Unmarshal([]byte(src), &v); err != nil {
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

var yamlBlock = regexp.MustCompile("(?s)```yaml\n(.*?)```")

// TestDocsConfigExamples loads every complete mlgate.yaml in docs/config.md
// (the blocks that declare version:) with the real command tree, and checks
// it against the committed schema, so the documentation cannot drift.
func TestDocsConfigExamples(t *testing.T) {
	t.Parallel()
	doc := mustRead(t, filepath.Join("..", "..", "docs", "config.md"))
	schema := committedSchema(t)
	env := Env{Getenv: func(k string) string {
		return map[string]string{"GITHUB_TOKEN": "t", "MODEL_DIR": "out", "CANARY_URL": "http://c", "STABLE_URL": "http://s"}[k]
	}}
	n := 0
	for _, m := range yamlBlock.FindAllStringSubmatch(doc, -1) {
		src := m[1]
		if !strings.Contains(src, "\nversion: 1\n") && !strings.HasPrefix(src, "version: 1\n") {
			continue
		}
		n++
		if _, err := config.Parse("docs/config.md example", []byte(src), env.Getenv, configSpec(env)); err != nil {
			t.Errorf("example %d does not load:\n%v\n%s", n, err, src)
		}
		if err := schema.Validate(yamlToJSONValue(t, src)); err != nil {
			t.Errorf("example %d does not match the schema: %v", n, err)
		}
	}
	if n < 2 {
		t.Errorf("found %d complete examples in docs/config.md, want at least 2", n)
	}
}

func TestConfigSchemaRefusesWhatRunRefuses(t *testing.T) {
	t.Parallel()
	schema := committedSchema(t)
	for _, src := range []string{
		"version: 1\ngates: [{id: a, kind: gate, candidat: m.json}]\n",
		"version: 1\ngates: [{id: a, kind: data, rule: x > 1}]\n",
		"version: 1\ngates: [{id: a, kind: smoke, timeout: [1m, 2m]}]\n",
		"version: 1\ngates: [{id: a, kind: gate}]\nreport: {no_fail: 2}\n",
	} {
		if err := schema.Validate(yamlToJSONValue(t, src)); err == nil {
			t.Errorf("the schema accepts\n%s", src)
		}
		if _, err := config.Parse("x.yaml", []byte(src), nil, configSpec(Env{Getenv: func(string) string { return "" }})); err == nil {
			t.Errorf("the loader accepts\n%s", src)
		}
	}
}

func TestConfigSpecFollowsTheCommands(t *testing.T) {
	t.Parallel()
	spec := configSpec(Env{Getenv: func(string) string { return "" }})
	data, ok := spec.Kind("data")
	if !ok || data.Command != "data validate" {
		t.Fatalf("kind data: %+v", data)
	}
	names := map[string]bool{}
	for _, f := range data.Flags {
		names[f.Name] = true
	}
	if !names["reference-profile"] || !names["data"] || names["id"] || names["results-dir"] || names["help"] {
		t.Errorf("data options %v: want the flags of data validate, without id, results-dir and help", names)
	}
	// Every kind has its command in the tree, and is known.
	root := newRootCmd(Env{Getenv: func(string) string { return "" }})
	for _, k := range gateKinds {
		_, known := spec.Kind(k.kind)
		exists := findCommand(root, k.command) != nil
		if !known || !exists {
			t.Errorf("kind %s known=%v, its command exists=%v; want both", k.kind, known, exists)
		}
	}
	for _, k := range spec.Kinds {
		if want := findCommand(root, k.Command).Flags().Lookup("id") == nil; k.Step != want {
			t.Errorf("kind %s: step %v, want %v (a step is a command without --id)", k.Name, k.Step, want)
		}
	}
	if spec.Report.Name != "report" {
		t.Error("no report section")
	}
}

func TestConfigValidateCommand(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	good := writeFile(t, dir, "good.yaml", "version: 1\ngates:\n  - {id: a, kind: gate, candidate: m.json, rule: x > 1}\n  - {id: b, kind: data, data: x.csv, schema: s.json}\n")
	code, out, errOut := run(t, nil, "config", "validate", "--config", good)
	if code != 0 || !strings.Contains(out, "good.yaml: valid, 2 gates\n  a (gate)\n  b (data)\n") {
		t.Errorf("valid config: exit %d\n%s%s", code, out, errOut)
	}
	bad := writeFile(t, dir, "bad.yaml", "version: 1\ngates:\n  - {id: a, kind: gate, rule: 'x >'}\n")
	code, _, errOut = run(t, nil, "config", "validate", "--config", bad)
	if code != ExitError || !strings.Contains(errOut, "bad.yaml: 1 problem:\n"+bad+":3:") {
		t.Errorf("bad config: exit %d\n%s", code, errOut)
	}
}

// TestExampleConfigs loads every mlgate.yaml under examples/ with the real
// command tree and checks it against the committed schema.
func TestExampleConfigs(t *testing.T) {
	t.Parallel()
	paths, err := filepath.Glob(filepath.Join("..", "..", "examples", "*", "mlgate.yaml"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no example configs: %v", err)
	}
	schema := committedSchema(t)
	env := Env{Getenv: func(string) string { return "" }}
	for _, p := range paths {
		src := mustRead(t, p)
		if _, err := config.Parse(p, []byte(src), env.Getenv, configSpec(env)); err != nil {
			t.Errorf("%s does not load:\n%v", p, err)
		}
		if err := schema.Validate(yamlToJSONValue(t, src)); err != nil {
			t.Errorf("%s does not match the schema: %v", p, err)
		}
	}
}
