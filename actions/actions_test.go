package actions

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/parser"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// repoRoot is the repository root: this package is actions/ in it.
const repoRoot = ".."

// actionFiles are every action.yml of the repository.
func actionFiles(t *testing.T) []string {
	t.Helper()
	files := []string{filepath.Join(repoRoot, "action.yml")}
	more, err := filepath.Glob(filepath.Join(repoRoot, "actions", "*", "action.yml"))
	if err != nil {
		t.Fatal(err)
	}
	files = append(files, more...)
	if len(files) < 3 {
		t.Fatalf("found only %v; want the root action and actions/gate, actions/report", files)
	}
	return files
}

// workflowFiles are the project's and the examples' workflows, and the
// example workflows of the action docs (actions/testdata/workflows).
func workflowFiles(t *testing.T) []string {
	t.Helper()
	var files []string
	for _, pattern := range []string{
		".github/workflows/*.yml", ".github/workflows/*.yaml",
		"examples/*/.github/workflows/*.yml", "examples/*/.github/workflows/*.yaml",
		"actions/testdata/workflows/*.yml",
	} {
		m, err := filepath.Glob(filepath.Join(repoRoot, pattern))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) == 0 {
		t.Fatal("no workflow files found")
	}
	return files
}

// sharedSchemas finds the shared schemas directory: $MLGATE_SHARED_DIR/schemas,
// or shared/schemas in this directory or one above it (CI clones the
// repository beside the shared directory). Without it the test is skipped,
// unless MLGATE_REQUIRE_SCHEMAS=1.
func sharedSchemas(t *testing.T) string {
	t.Helper()
	if d := os.Getenv("MLGATE_SHARED_DIR"); d != "" {
		dir := filepath.Join(d, "schemas")
		if _, err := os.Stat(dir); err != nil {
			t.Fatalf("MLGATE_SHARED_DIR=%s: %v", d, err)
		}
		return dir
	}
	dir, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	for {
		cand := filepath.Join(dir, "shared", "schemas")
		if st, err := os.Stat(cand); err == nil && st.IsDir() {
			return cand
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			break
		}
		dir = parent
	}
	msg := "shared schemas not found: set MLGATE_SHARED_DIR or clone the shared directory beside the repository"
	if os.Getenv("MLGATE_REQUIRE_SCHEMAS") == "1" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

func compileSchema(t *testing.T, path string) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatalf("reading schema %s: %v", path, err)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(abs, doc); err != nil {
		t.Fatalf("adding schema %s: %v", path, err)
	}
	sch, err := c.Compile(abs)
	if err != nil {
		t.Fatalf("compiling schema %s: %v", path, err)
	}
	return sch
}

// validateYAML validates a YAML file against sch and returns every
// violation as "file:line: message".
func validateYAML(sch *jsonschema.Schema, path string) ([]string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	js, err := yaml.YAMLToJSON(data)
	if err != nil {
		return nil, fmt.Errorf("parsing %s: %w", path, err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(js))
	if err != nil {
		return nil, fmt.Errorf("converting %s to JSON: %w", path, err)
	}
	err = sch.Validate(inst)
	if err == nil {
		return nil, nil
	}
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		return nil, fmt.Errorf("validating %s: %w", path, err)
	}
	var out []string
	p := message.NewPrinter(language.English)
	for _, leaf := range leaves(ve) {
		out = append(out, fmt.Sprintf("%s:%d: /%s: %s", path, yamlLine(data, leaf.InstanceLocation),
			strings.Join(leaf.InstanceLocation, "/"), leaf.ErrorKind.LocalizedString(p)))
	}
	return out, nil
}

func leaves(ve *jsonschema.ValidationError) []*jsonschema.ValidationError {
	if len(ve.Causes) == 0 {
		return []*jsonschema.ValidationError{ve}
	}
	var out []*jsonschema.ValidationError
	for _, c := range ve.Causes {
		out = append(out, leaves(c)...)
	}
	return out
}

// yamlLine is the 1-based line of the node at a JSON pointer's tokens, or 0.
func yamlLine(data []byte, ptr []string) int {
	file, err := parser.ParseBytes(data, 0)
	if err != nil {
		return 0
	}
	// The deepest prefix that resolves: a missing property points at its parent.
	for n := len(ptr); n >= 0; n-- {
		b := (&yaml.PathBuilder{}).Root()
		for _, tok := range ptr[:n] {
			if i, err := strconv.ParseUint(tok, 10, 32); err == nil {
				b = b.Index(uint(i))
			} else {
				b = b.Child(tok)
			}
		}
		node, err := b.Build().FilterFile(file)
		if err == nil && node != nil && node.GetToken() != nil {
			return node.GetToken().Position.Line
		}
	}
	return 0
}

func TestActionsMatchSchema(t *testing.T) {
	t.Parallel()
	sch := compileSchema(t, filepath.Join(sharedSchemas(t), "github-action.json"))
	for _, f := range actionFiles(t) {
		problems, err := validateYAML(sch, f)
		if err != nil {
			t.Error(err)
		}
		for _, p := range problems {
			t.Error(p)
		}
	}
}

func TestWorkflowsMatchSchema(t *testing.T) {
	t.Parallel()
	sch := compileSchema(t, filepath.Join(sharedSchemas(t), "github-workflow.json"))
	for _, f := range workflowFiles(t) {
		problems, err := validateYAML(sch, f)
		if err != nil {
			t.Error(err)
		}
		for _, p := range problems {
			t.Error(p)
		}
	}
}

// The schema check itself must catch a broken file, or the tests above
// prove nothing.
func TestSchemaCheckCatchesErrors(t *testing.T) {
	t.Parallel()
	sch := compileSchema(t, filepath.Join(sharedSchemas(t), "github-action.json"))
	bad := filepath.Join(t.TempDir(), "action.yml")
	const text = `name: x
description: y
runs:
  using: composite
  steps:
    - run: echo hi
      shelll: bash
`
	if err := os.WriteFile(bad, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	problems, err := validateYAML(sch, bad)
	if err != nil {
		t.Fatal(err)
	}
	if len(problems) == 0 {
		t.Fatal("a misspelt key in a composite step passed the schema")
	}
	// The misspelt key is on line 7, within the step that starts on line 6.
	if !slices.ContainsFunc(problems, func(p string) bool {
		return strings.Contains(p, "action.yml:6:") || strings.Contains(p, "action.yml:7:")
	}) {
		t.Errorf("problems do not point at lines 6-7: %q", problems)
	}
}
