package schema

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// KeywordNaN is the keyword of a violation for a NaN or Inf cell in a column
// that does not allow them.
const KeywordNaN = "x-mlgate-nan"

// AllowNaNKeyword is the property keyword that allows NaN and Inf cells in
// a numeric column ("x-mlgate-allow-nan": true).
const AllowNaNKeyword = "x-mlgate-allow-nan"

const draft2020 = "https://json-schema.org/draft/2020-12/schema"

// schemaURL names the compiled schema resource in reference errors.
const schemaURL = "mlgate:///row.schema.json"

// Options tunes a [Validator].
type Options struct {
	// ForceReference disables the fast path even for a schema it could
	// handle (for comparisons, benchmarks and debugging).
	ForceReference bool
	// Workers is the number of goroutines [Bound.ValidateBatch] uses on the
	// reference path; 0 means runtime.GOMAXPROCS(0).
	Workers int
	// MaxValueLen caps Violation.Value, in bytes, cut at a rune boundary;
	// 0 means 200.
	MaxValueLen int
}

// Validator validates rows against one compiled row schema. It is safe for
// concurrent use.
type Validator struct {
	opt      Options
	fast     bool
	reason   string
	checks   []*colCheck // one per property or required name, sorted by name
	byName   map[string]*colCheck
	addFalse bool // additionalProperties: false
	ref      *jsonschema.Schema
}

// Compile inspects the decoded schema document (map[string]any, []any,
// string, float64 or json.Number, bool, nil) of one row and builds a
// validator. The schema is always compiled by jsonschema/v6 too, so an
// invalid schema is an error; when it only uses the keywords listed in the
// package documentation the fast path validates rows, otherwise the
// reference does and [Validator.Reason] says which keyword forced it.
func Compile(doc any, opt Options) (*Validator, error) {
	if opt.MaxValueLen <= 0 {
		opt.MaxValueLen = 200
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat()
	if err := c.AddResource(schemaURL, doc); err != nil {
		return nil, fmt.Errorf("loading row schema: %w", err)
	}
	ref, err := c.Compile(schemaURL)
	if err != nil {
		return nil, fmt.Errorf("compiling row schema: %w", err)
	}
	v := &Validator{opt: opt, ref: ref, byName: map[string]*colCheck{}}
	reason := v.analyze(doc)
	if reason == "" && opt.ForceReference {
		reason = "reference forced by options"
	}
	v.fast, v.reason = reason == "", reason
	return v, nil
}

// FastPath reports whether rows are validated by compiled column checks.
func (v *Validator) FastPath() bool { return v.fast }

// Reason says why the fast path is off (the keyword and where it is), or
// is empty when it is on.
func (v *Validator) Reason() string { return v.reason }

// Columns returns the names the schema knows (its properties and required
// names), sorted.
func (v *Validator) Columns() []string {
	out := make([]string, len(v.checks))
	for i, c := range v.checks {
		out[i] = c.name
	}
	return out
}

// isAnnotation reports whether a keyword only annotates and may be ignored.
func isAnnotation(k string) bool {
	switch k {
	case "title", "description", "default", "examples", "$comment", "deprecated", "readOnly", "writeOnly":
		return true
	}
	return strings.HasPrefix(k, "x-")
}

// analyze fills the column checks from the schema and returns "" when the
// whole schema is fast-path-able, else the reason it is not. Column type
// sets are filled even then, for typing cells on the reference path.
func (v *Validator) analyze(doc any) string {
	root, ok := doc.(map[string]any)
	if !ok {
		return "the row schema is not an object"
	}
	reason := ""
	note := func(r string) {
		if reason == "" {
			reason = r
		}
	}
	if props, ok := root["properties"].(map[string]any); ok {
		for name, ps := range props {
			c, r := compileProperty(name, ps)
			note(r)
			v.addCheck(c)
		}
	}
	if req, ok := root["required"].([]any); ok {
		for _, r := range req {
			name, ok := r.(string)
			if !ok {
				note("required: not a list of strings")
				continue
			}
			c := v.byName[name]
			if c == nil {
				c = &colCheck{name: name, types: tAll}
				v.addCheck(c)
			}
			c.required = true
		}
	}
	sort.Slice(v.checks, func(i, j int) bool { return v.checks[i].name < v.checks[j].name })
	for _, c := range v.checks {
		c.finish()
	}
	for _, k := range sortedKeys(root) {
		val := root[k]
		switch {
		case k == "properties" || k == "required" || k == "$id" || isAnnotation(k):
			// $id only sets the base URI, which matters to $ref alone, and
			// a fast-path schema has no $ref.
		case k == "type":
			if !typeIncludesObject(val) {
				note(`keyword "type" at the root does not allow an object`)
			}
		case k == "additionalProperties":
			switch a := val.(type) {
			case bool:
				v.addFalse = !a
			case map[string]any:
				if len(a) != 0 {
					note(`keyword "additionalProperties" with a schema at the root`)
				}
			}
		case k == "$schema":
			if s, _ := val.(string); strings.TrimSuffix(s, "#") != draft2020 {
				note(fmt.Sprintf(`keyword "$schema" %q at the root`, s))
			}
		default:
			note(fmt.Sprintf("keyword %q at the root", k))
		}
	}
	return reason
}

func (v *Validator) addCheck(c *colCheck) {
	if old := v.byName[c.name]; old != nil {
		c.required = old.required
		*old = *c
		return
	}
	v.byName[c.name] = c
	v.checks = append(v.checks, c)
}

func typeIncludesObject(t any) bool {
	switch x := t.(type) {
	case string:
		return x == "object"
	case []any:
		return slices.ContainsFunc(x, func(e any) bool { return e == "object" })
	}
	return false
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

var errNotInteger = errors.New("not a non-negative integer")

func nonNegInt(v any) (int, error) {
	b, ok := schemaNumber(v)
	if !ok || !b.rat.IsInt() || b.rat.Sign() < 0 || b.f > 1<<31 {
		return 0, errNotInteger
	}
	return int(b.f), nil
}
