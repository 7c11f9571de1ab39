package schema

import (
	"encoding/json"
	"slices"
	"strconv"
	"testing"

	"github.com/mlgate/mlgate/internal/data/table"
)

// choices reads a fuzzer's bytes as a stream of small choices.
type choices struct{ b []byte }

func (c *choices) next(n int) int {
	if len(c.b) == 0 {
		return 0
	}
	x := int(c.b[0]) % n
	c.b = c.b[1:]
	return x
}

var (
	fuzzNumbers  = []any{0.0, 1.0, -1.0, 0.5, 2.0, 3.0, 10.0, 0.1, 1e3, -2.5, json.Number("120"), json.Number("0.30000000000000004")}
	fuzzStrings  = []any{"", "a", "ab", "é", "1", "true", "NaN", "a@b.io", "2024-01-31"}
	fuzzPatterns = []string{`^[^@]+@[^@]+$`, `^a`, `[0-9]+`, `^\d{2,3}$`, `^(?:ab|c)*$`, `b$`, `^[A-Z_]\w*$`}
	fuzzTypes    = []string{"null", "boolean", "integer", "number", "string", "array", "object"}
	fuzzFormats  = []string{"date", "date-time", "email"}
)

// fuzzProperty builds a property schema over the fast path's keywords.
func fuzzProperty(c *choices) any {
	if c.next(16) == 0 {
		return c.next(2) == 0 // boolean schema
	}
	p := map[string]any{}
	if k := c.next(4); k > 0 {
		var ts []any
		for range k {
			t := fuzzTypes[c.next(len(fuzzTypes))]
			if !slices.Contains(ts, any(t)) {
				ts = append(ts, t)
			}
		}
		if len(ts) == 1 && c.next(2) == 0 {
			p["type"] = ts[0]
		} else {
			p["type"] = ts
		}
	}
	pick := func() any {
		switch c.next(5) {
		case 0, 1:
			return fuzzNumbers[c.next(len(fuzzNumbers))]
		case 2, 3:
			return fuzzStrings[c.next(len(fuzzStrings))]
		}
		return []any{nil, true, false, []any{1.0}, map[string]any{"a": 1.0}}[c.next(5)]
	}
	for _, kw := range []string{"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"} {
		if c.next(4) == 0 {
			p[kw] = fuzzNumbers[c.next(len(fuzzNumbers))]
		}
	}
	if c.next(6) == 0 {
		p["multipleOf"] = []any{0.5, 2.0, 3.0, 0.1, json.Number("0.01")}[c.next(5)]
	}
	if c.next(5) == 0 {
		var e []any
		for range 1 + c.next(4) {
			e = append(e, pick())
		}
		p["enum"] = e
	}
	if c.next(8) == 0 {
		p["const"] = pick()
	}
	if c.next(5) == 0 {
		p["minLength"] = float64(c.next(4))
	}
	if c.next(5) == 0 {
		p["maxLength"] = float64(c.next(6))
	}
	if c.next(4) == 0 {
		p["pattern"] = fuzzPatterns[c.next(len(fuzzPatterns))]
	}
	if c.next(6) == 0 {
		p["format"] = fuzzFormats[c.next(len(fuzzFormats))]
	}
	if c.next(4) == 0 {
		p[AllowNaNKeyword] = true
	}
	if c.next(8) == 0 {
		p["description"] = "annotation"
	}
	return p
}

// fuzzCell makes a cell of the kind chosen by k from the fuzzer's string.
func fuzzCell(k uint8, s string) table.Value {
	switch k % 8 {
	case 0, 1, 2:
		if s == "" {
			return table.Value{Kind: table.Null}
		}
		return table.Value{Kind: table.Text, Str: s}
	case 3:
		return table.Value{Kind: table.String, Str: s}
	case 4:
		if f, err := strconv.ParseFloat(s, 64); err == nil {
			if _, ok := scanNumber(s); ok {
				return table.Value{Kind: table.Number, Num: f, Str: s}
			}
			return table.Value{Kind: table.Number, Num: f}
		}
		return table.Value{Kind: table.Number, Num: float64(len(s))}
	case 5:
		return table.Value{Kind: table.Bool, Bool: len(s)%2 == 0}
	case 6:
		if json.Valid([]byte(s)) {
			return table.Value{Kind: table.Nested, Str: s}
		}
		return table.Value{Kind: table.Absent}
	}
	return table.Value{Kind: table.Absent}
}

// FuzzFastVsReference checks that the fast path and jsonschema/v6 give the
// same verdict, and flag the same columns, for random schemas over the
// supported keywords and random cells.
func FuzzFastVsReference(f *testing.F) {
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, "12", uint8(0), "x", uint8(3))
	f.Add([]byte{3, 3, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1}, "0.3", uint8(0), "nan", uint8(1))
	f.Add([]byte{2, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0}, "a@b", uint8(1), "2024-02-30", uint8(2))
	f.Add([]byte{255, 17, 33, 9, 200, 1}, "1e400", uint8(4), `{"a":1}`, uint8(6))
	f.Add([]byte{1, 7, 0}, "-Inf", uint8(0), "", uint8(7))
	f.Fuzz(func(t *testing.T, seed []byte, s1 string, k1 uint8, s2 string, k2 uint8) {
		c := &choices{b: seed}
		doc := map[string]any{
			"type":       "object",
			"properties": map[string]any{"a": fuzzProperty(c), "b": fuzzProperty(c)},
		}
		if c.next(2) == 0 {
			doc["required"] = []any{"a"}
		}
		if c.next(3) == 0 {
			doc["additionalProperties"] = false
		}
		cols := []string{"a", "b"}
		if c.next(4) == 0 {
			cols = append(cols, "extra")
		}
		fast, err := Compile(doc, Options{})
		if err != nil {
			t.Skip("schema rejected:", err)
		}
		if !fast.FastPath() {
			t.Fatalf("generated schema not on the fast path: %s", fast.Reason())
		}
		ref, err := Compile(doc, Options{ForceReference: true})
		if err != nil {
			t.Fatal(err)
		}
		row := &table.Row{Values: []table.Value{fuzzCell(k1, s1), fuzzCell(k2, s2), {Kind: table.Text, Str: "e"}}}
		row.Values = row.Values[:len(cols)]
		fb, _ := fast.Bind(cols)
		rb, _ := ref.Bind(cols)
		fv, rv := fb.ValidateRow(row, nil), rb.ValidateRow(row, nil)
		if (len(fv) == 0) != (len(rv) == 0) || !slices.Equal(flagged(fv), flagged(rv)) {
			js, _ := json.Marshal(doc)
			t.Fatalf("schema %s\nrow %+v\nfast: %+v\nreference: %+v", js, row.Values, fv, rv)
		}
	})
}

// flagged lists the columns with at least one violation.
func flagged(vs []Violation) []string {
	var out []string
	for _, v := range vs {
		if !slices.Contains(out, v.Column) {
			out = append(out, v.Column)
		}
	}
	slices.Sort(out)
	return out
}
