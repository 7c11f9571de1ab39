package schema

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/mlgate/mlgate/internal/data/table"
)

func mustDecode(t *testing.T, s string) any {
	t.Helper()
	v, err := decodeJSON(s)
	if err != nil {
		t.Fatalf("decoding test schema: %v", err)
	}
	return v
}

func text(s string) table.Value { return table.Value{Kind: table.Text, Str: s} }

func mustBind(t *testing.T, v *Validator, cols ...string) *Bound {
	t.Helper()
	b, err := v.Bind(cols)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// bothPaths compiles the schema on the fast path (which must accept it) and
// on the reference path.
func bothPaths(t *testing.T, schema string) map[string]*Validator {
	t.Helper()
	doc := mustDecode(t, schema)
	fast, err := Compile(doc, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !fast.FastPath() {
		t.Fatalf("schema not on the fast path: %s", fast.Reason())
	}
	ref, err := Compile(doc, Options{ForceReference: true})
	if err != nil {
		t.Fatal(err)
	}
	return map[string]*Validator{"fast": fast, "reference": ref}
}

type vkey struct{ Column, Keyword string }

func keys(vs []Violation) []vkey {
	out := make([]vkey, 0, len(vs))
	for _, v := range vs {
		out = append(out, vkey{v.Column, v.Keyword})
	}
	slices.SortFunc(out, func(a, b vkey) int { return strings.Compare(a.Column+"\x00"+a.Keyword, b.Column+"\x00"+b.Keyword) })
	return out
}

const rowSchema = `{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "title": "row", "x-mlgate": {"rows": {"min": 1}},
  "type": "object",
  "properties": {
    "age":   {"type": "integer", "minimum": 0, "maximum": 120, "description": "years"},
    "score": {"type": ["number", "null"], "exclusiveMinimum": 0, "exclusiveMaximum": 1},
    "city":  {"type": "string", "enum": ["paris", "oslo"]},
    "email": {"type": "string", "pattern": "^[^@]+@[^@]+$", "format": "email", "maxLength": 20},
    "day":   {"type": "string", "format": "date"},
    "code":  {"type": "string", "minLength": 2, "const": "ab"},
    "step":  {"type": "number", "multipleOf": 0.5},
    "flag":  {"type": "boolean"},
    "x":     {"type": "number", "x-mlgate-allow-nan": true}
  },
  "required": ["age", "city"],
  "additionalProperties": false
}`

var rowCols = []string{"age", "score", "city", "email", "day", "code", "step", "flag", "x"}

func TestValidateRow(t *testing.T) {
	t.Parallel()
	good := []table.Value{text("30"), {Kind: table.Null}, text("oslo"), text("a@b.io"), text("2024-02-29"),
		text("ab"), text("1.5"), text("true"), text("NaN")}
	cases := []struct {
		name string
		edit func(v []table.Value)
		want []vkey
	}{
		{"valid", func([]table.Value) {}, nil},
		{"integer written 30.0 is an integer", func(v []table.Value) { v[0] = text("30.0") }, nil},
		{"age not integral", func(v []table.Value) { v[0] = text("30.5") }, []vkey{{"age", "type"}}},
		{"age text", func(v []table.Value) { v[0] = text("old") }, []vkey{{"age", "type"}}},
		{"age too big", func(v []table.Value) { v[0] = text("121") }, []vkey{{"age", "maximum"}}},
		{"age negative", func(v []table.Value) { v[0] = text("-1") }, []vkey{{"age", "minimum"}}},
		{"1e400 is a number beyond float64", func(v []table.Value) { v[0] = text("1e400") }, []vkey{{"age", "maximum"}}},
		{"1e99999 is not read as a number", func(v []table.Value) { v[0] = text("1e99999") }, []vkey{{"age", "type"}}},
		{"age NaN refused", func(v []table.Value) { v[0] = text("nan") }, []vkey{{"age", KeywordNaN}}},
		{"age missing is required", func(v []table.Value) { v[0] = table.Value{} }, []vkey{{"age", "required"}}},
		{"age null", func(v []table.Value) { v[0] = table.Value{Kind: table.Null} }, []vkey{{"age", "type"}}},
		{"score at exclusive bound", func(v []table.Value) { v[1] = text("1") }, []vkey{{"score", "exclusiveMaximum"}}},
		{"score Inf refused", func(v []table.Value) { v[1] = text("-Inf") }, []vkey{{"score", KeywordNaN}}},
		{"city not in enum", func(v []table.Value) { v[2] = text("rome") }, []vkey{{"city", "enum"}}},
		{"email no at", func(v []table.Value) { v[3] = text("ab.io") }, []vkey{{"email", "format"}, {"email", "pattern"}}},
		{"email too long", func(v []table.Value) { v[3] = text("abcdefghijkl@bcdefgh.io") }, []vkey{{"email", "maxLength"}}},
		{"not a date", func(v []table.Value) { v[4] = text("2023-02-29") }, []vkey{{"day", "format"}}},
		{"const and minLength", func(v []table.Value) { v[5] = text("a") }, []vkey{{"code", "const"}, {"code", "minLength"}}},
		{"not a multiple", func(v []table.Value) { v[6] = text("1.25") }, []vkey{{"step", "multipleOf"}}},
		{"not a boolean", func(v []table.Value) { v[7] = text("yes") }, []vkey{{"flag", "type"}}},
		{"NaN allowed in x", func(v []table.Value) { v[8] = text("-inf") }, nil},
		{"typed number", func(v []table.Value) { v[0] = table.Value{Kind: table.Number, Num: 7, Str: "7"} }, nil},
		{"typed string is not a number", func(v []table.Value) { v[0] = table.Value{Kind: table.String, Str: "7"} }, []vkey{{"age", "type"}}},
	}
	for pathName, v := range bothPaths(t, rowSchema) {
		b := mustBind(t, v, rowCols...)
		for _, c := range cases {
			vals := slices.Clone(good)
			c.edit(vals)
			got := keys(b.ValidateRow(&table.Row{Values: vals}, nil))
			if pathName == "reference" && len(c.want) > 0 {
				// jsonschema/v6 may stop at the first failed keyword of a
				// value: it must report some of the wanted ones, no others.
				ok := len(got) > 0
				for _, k := range got {
					ok = ok && slices.Contains(c.want, k)
				}
				if !ok {
					t.Errorf("%s / %s: violations %v, want a subset of %v", pathName, c.name, got, c.want)
				}
				continue
			}
			if !slices.Equal(got, c.want) {
				t.Errorf("%s / %s: violations %v, want %v", pathName, c.name, got, c.want)
			}
		}
	}
}

func TestViolationFields(t *testing.T) {
	t.Parallel()
	v, err := Compile(mustDecode(t, rowSchema), Options{MaxValueLen: 8})
	if err != nil {
		t.Fatal(err)
	}
	b := mustBind(t, v, "extra", "city", "age")
	vs := b.ValidateRow(&table.Row{Values: []table.Value{text("surprise"), text("éééééé"), text("1")}}, nil)
	want := []Violation{
		{Column: "city", ColIndex: 1, Keyword: "enum", Message: "value is not one of the enum values", Value: "éééé…"},
		{Column: "extra", ColIndex: 0, Keyword: "additionalProperties", Message: "column is not allowed by the schema", Value: "surprise"},
	}
	if !slices.Equal(vs, want) {
		t.Errorf("violations:\n got %+v\nwant %+v", vs, want)
	}
	if got := b.Missing(); !slices.Equal(got, []string{"code", "day", "email", "flag", "score", "step", "x"}) {
		t.Errorf("Missing() = %v", got)
	}
	if got := b.Extra(); !slices.Equal(got, []string{"extra"}) {
		t.Errorf("Extra() = %v", got)
	}
	if got := v.Columns(); !slices.Equal(got, slices.Sorted(slices.Values(rowCols))) {
		t.Errorf("Columns() = %v", got)
	}
}

func TestFallbackReason(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		`{"properties": {"a": {"allOf": [{"type": "string"}]}}}`:       `"allOf" in property "a"`,
		`{"properties": {"a": {"pattern": "^a.b$"}}}`:                  `'.' differs`,
		`{"properties": {"a": {"pattern": "\\s"}}}`:                    `escape \s`,
		`{"properties": {"a": {"format": "ipv4"}}}`:                    `format "ipv4"`,
		`{"patternProperties": {"^a": {"type": "string"}}}`:            `"patternProperties" at the root`,
		`{"additionalProperties": {"type": "string"}}`:                 `"additionalProperties" with a schema`,
		`{"properties": {"a": {"type": "object", "required": ["b"]}}}`: `"required" in property "a"`,
	}
	for schema, want := range cases {
		v, err := Compile(mustDecode(t, schema), Options{})
		if err != nil {
			t.Fatalf("%s: %v", schema, err)
		}
		if v.FastPath() || !strings.Contains(v.Reason(), want) {
			t.Errorf("%s: FastPath()=%v Reason()=%q, want a fallback mentioning %q", schema, v.FastPath(), v.Reason(), want)
		}
	}
}

func TestCompileErrors(t *testing.T) {
	t.Parallel()
	for _, schema := range []string{`{"type": 5}`, `{"properties": {"a": {"minimum": "x"}}}`, `{"properties": {"a": {"pattern": "("}}}`} {
		if _, err := Compile(mustDecode(t, schema), Options{}); err == nil {
			t.Errorf("Compile(%s) accepted an invalid schema", schema)
		}
	}
	v, err := Compile(mustDecode(t, `{}`), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := v.Bind([]string{"a", "b", "a"}); err == nil || !strings.Contains(err.Error(), `"a"`) {
		t.Errorf("Bind with a duplicate column: err = %v", err)
	}
}

func TestValidRowDoesNotAllocate(t *testing.T) {
	v, err := Compile(benchSchema(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	b := mustBind(t, v, benchCols...)
	rows := benchRows(100)
	dst := make([]Violation, 0, 4)
	allocs := testing.AllocsPerRun(100, func() {
		for i := range rows {
			dst = b.ValidateRow(&rows[i], dst[:0])
		}
	})
	if len(dst) != 0 {
		t.Fatalf("benchmark rows are invalid: %+v", dst)
	}
	if allocs != 0 {
		t.Errorf("%v allocations per 100 valid rows, want 0", allocs)
	}
}

func TestValidateBatchKeepsOrder(t *testing.T) {
	t.Parallel()
	schema := `{"properties": {"n": {"type": "integer", "maximum": 10}}, "required": ["n"]}`
	rows := make([]table.Row, 3000)
	for i := range rows {
		s := "1"
		if i%7 == 3 {
			s = "11"
		}
		rows[i] = table.Row{Values: []table.Value{text(s)}, Line: i + 2}
	}
	for name, v := range bothPaths(t, schema) {
		v.opt.Workers = 3
		b := mustBind(t, v, "n")
		next := 0
		b.ValidateBatch(rows, func(i int, vs []Violation) {
			if i != next {
				t.Fatalf("%s: emit(%d) after %d", name, i, next-1)
			}
			next++
			if invalid := i%7 == 3; invalid != (len(vs) == 1) || (invalid && vs[0].Keyword != "maximum") {
				t.Fatalf("%s: row %d: violations %+v", name, i, vs)
			}
		})
		if next != len(rows) {
			t.Errorf("%s: %d rows emitted, want %d", name, next, len(rows))
		}
	}
}

func TestRowJSONTyping(t *testing.T) {
	t.Parallel()
	v, err := Compile(mustDecode(t, `{"properties": {
		"i": {"type": "integer"}, "is": {"type": ["integer", "string"]}, "s": {"type": "string"},
		"b": {"type": "boolean"}, "any": {}, "n": {"type": "number"}}}`), Options{})
	if err != nil {
		t.Fatal(err)
	}
	b := mustBind(t, v, "i", "is", "s", "b", "any", "n", "other", "nested")
	row := &table.Row{Values: []table.Value{text("1.0"), text("1.5"), text("12"), text("true"), text("false"),
		text("NaN"), text("7"), {Kind: table.Nested, Str: `{"a": [1]}`}}}
	obj, nan := b.RowJSON(row)
	got, _ := json.Marshal(obj)
	if string(got) != `{"any":false,"b":true,"i":1.0,"is":"1.5","nested":{"a":[1]},"other":7,"s":"12"}` {
		t.Errorf("RowJSON = %s", got)
	}
	if !slices.Equal(nan, []int{5}) {
		t.Errorf("NaN columns = %v, want [5]", nan)
	}
}

// TestShortcutsMatchCheck: the row loop's shortcuts accept a Text cell
// exactly when the general check finds nothing wrong with it.
func TestShortcutsMatchCheck(t *testing.T) {
	t.Parallel()
	v, err := Compile(mustDecode(t, `{"properties": {
		"i": {"type": "integer", "minimum": 0, "exclusiveMaximum": 121},
		"n": {"type": ["number", "integer"], "maximum": 1.5, "exclusiveMinimum": -0.5, "enum": [0, 1, 1.5, 2]},
		"s": {"type": "string", "enum": ["a", "bb", "é", "1"], "maxLength": 1},
		"e": {"type": "string", "pattern": "^[^@]+@[^@]+$", "minLength": 4, "format": "email"}}}`), Options{})
	if err != nil {
		t.Fatal(err)
	}
	cells := []string{"0", "1", "1.0", "1.5", "2", "-0", "120", "121", "120.5", "-1", "1e2", "abc", "NaN", "inf",
		"a", "bb", "é", "a@b", "a@b.c", "@b.c", "x@@y", "true", " 1", "0.5", "-0.4", "1e400", "1e99999", "00", ".5"}
	shortcuts := 0
	for _, c := range v.checks {
		if !c.numOnly && !c.strOnly {
			t.Errorf("column %q has no shortcut", c.name)
		}
		for _, s := range cells {
			val := text(s)
			general := len(c.check(&val, 0, nil, 100)) == 0
			short := (c.numOnly && c.acceptNumber(s)) || (c.strOnly && c.acceptString(s))
			if short != general {
				t.Errorf("column %q, cell %q: shortcut accepts=%v, check accepts=%v", c.name, s, short, general)
			}
			if short {
				shortcuts++
			}
		}
	}
	if shortcuts == 0 {
		t.Error("no cell took a shortcut")
	}
}
