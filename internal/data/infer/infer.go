// Package infer builds a JSON Schema (draft 2020-12) for one row of a
// dataset from the dataset's profile: the schema is learned from the
// statistics of the training data, as the MLOps practice asks, and is
// written to be read and edited by people.
//
// Per column it infers the type (integer, number, boolean, string),
// nullability, the observed numeric range (widened by a margin), an enum
// when the distinct values are few, and string length bounds. The row is
// closed ("additionalProperties": false) and every column seen in every row
// is required. Dataset-level constraints go into "x-mlgate" keywords, which
// JSON Schema validators ignore and mlgate's data gate enforces:
//
//	top level:  "x-mlgate": {"rows": {"min": N}, "columns": [order], "drift": {...}}
//	per column: "x-mlgate": {"max_missing": F, "unique": true, "pii": false}
//	per column: "x-mlgate-allow-nan": true (NaN/Inf values seen in training)
package infer

import (
	"bytes"
	"encoding/json"
	"math"
	"strconv"

	"github.com/mlgate/mlgate/internal/data/profile"
	"github.com/mlgate/mlgate/internal/stats"
)

// Options tune inference.
type Options struct {
	// RangeMargin widens numeric ranges by this fraction of the observed
	// range on each side, and string length bounds by this fraction of the
	// observed maximum. 0 keeps the observed bounds exactly.
	RangeMargin float64
	// EnumMax is the largest number of distinct values that makes an enum
	// (strings, and integers with few values such as labels). 0 means 20;
	// negative disables enums.
	EnumMax int
	// Title names the schema.
	Title string
}

// DefaultEnumMax is the enum size limit when Options.EnumMax is 0.
const DefaultEnumMax = 20

// minRowsPerEnumValue keeps enums from tiny samples: each enum value must
// have been seen this many times on average.
const minRowsPerEnumValue = 5

// Schema returns the inferred schema as indented JSON.
func Schema(p *profile.Profile, opt Options) ([]byte, error) {
	if opt.EnumMax == 0 {
		opt.EnumMax = DefaultEnumMax
	}
	props := obj{}
	var required, order []string
	for _, c := range p.Columns {
		props = append(props, kv{c.Name, column(c, p.Rows, opt)})
		order = append(order, c.Name)
		if c.Absent == 0 {
			required = append(required, c.Name)
		}
	}
	title := opt.Title
	if title == "" {
		title = "Row schema inferred by mlgate"
	}
	doc := obj{
		{"$schema", "https://json-schema.org/draft/2020-12/schema"},
		{"title", title},
		{"description", "One row of the dataset. Inferred from " + strconv.FormatInt(p.Rows, 10) +
			" rows; edit the bounds to what the model can accept. x-mlgate keywords hold dataset-level checks."},
		{"type", "object"},
		{"properties", props},
		{"required", nonNil(required)},
		{"additionalProperties", false},
		{"x-mlgate", obj{
			{"version", 1},
			{"rows", obj{{"min", 1}}},
			{"columns", nonNil(order)},
			{"drift", obj{
				{"psi", 0.2},
				{"js", stats.DefaultJSThreshold},
				{"linf", stats.DefaultLInfThreshold},
				{"ks_alpha", stats.DefaultKSAlpha},
			}},
		}},
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// column infers the schema of one column.
func column(c *profile.Column, rows int64, opt Options) obj {
	var out obj
	nonFinite := c.NaN + c.PosInf + c.NegInf
	present := c.Present() - nonFinite
	var types []string
	switch {
	case present == 0:
		// Never a value: only null (or NaN) was seen.
	case c.Numbers == present && c.Integers == c.Numbers:
		types = append(types, "integer")
	case c.Numbers == present:
		types = append(types, "number")
	case c.Bools == present:
		types = append(types, "boolean")
	default:
		types = append(types, "string")
	}
	if nonFinite > 0 && len(types) == 0 {
		types = append(types, "number")
	}
	if c.Null > 0 || len(types) == 0 {
		types = append(types, "null")
	}
	if len(types) == 1 {
		out = append(out, kv{"type", types[0]})
	} else {
		out = append(out, kv{"type", types})
	}

	main := types[0]
	if e := enum(c, main, opt); e != nil {
		if c.Null > 0 {
			e = append(e, nil) // enum lists every allowed value, null included
		}
		out = append(out, kv{"enum", e})
	} else {
		switch main {
		case "integer", "number":
			if c.Moments.N > 0 {
				lo, hi := widen(c.Moments.Min, c.Moments.Max, opt.RangeMargin, main == "integer")
				out = append(out, kv{"minimum", lo}, kv{"maximum", hi})
			}
		case "string":
			if c.Strings > 0 {
				if c.MinLength > 0 {
					out = append(out, kv{"minLength", max(0, int(math.Floor(float64(c.MinLength)*(1-opt.RangeMargin))))})
				}
				out = append(out, kv{"maxLength", int(math.Ceil(float64(c.MaxLength) * (1 + opt.RangeMargin)))})
			}
		}
	}
	if nonFinite > 0 {
		out = append(out, kv{"x-mlgate-allow-nan", true})
	}

	ext := obj{}
	if missing := c.Missing(); missing > 0 && rows > 0 {
		frac := float64(missing) / float64(rows)
		ext = append(ext, kv{"max_missing", round4(math.Min(1, 2*frac+0.01))})
	}
	if n, exact := c.DistinctCount(); present > 1 && c.Missing() == 0 && (main == "string" || main == "integer") {
		// An estimate of distinct values is within a few percent: only an
		// exact count, or an estimate at the row count, says "unique".
		if (exact && n == present) || (!exact && float64(n) >= 0.98*float64(present) && present > profile.FrequencyCap) {
			ext = append(ext, kv{"unique", true})
		}
	}
	if len(ext) > 0 {
		out = append(out, kv{"x-mlgate", ext})
	}
	return out
}

// enum returns the enum of a column with few distinct values, or nil.
func enum(c *profile.Column, main string, opt Options) []any {
	if opt.EnumMax < 0 || c.Values == nil || (main != "string" && main != "integer") {
		return nil
	}
	n := c.Values.Len()
	present := c.Numbers + c.Strings
	if n == 0 || n > opt.EnumMax || present < int64(n*minRowsPerEnumValue) {
		return nil
	}
	if main == "integer" && n > 10 {
		return nil // an integer with more values is a quantity, not a code
	}
	vals := c.Values.Top(n)
	out := make([]any, 0, n)
	for _, v := range vals {
		if main == "integer" {
			if f, _, ok := profile.ParseNumber(v.Value); ok {
				out = append(out, json.Number(strconv.FormatFloat(f, 'f', -1, 64)))
				continue
			}
		}
		out = append(out, v.Value)
	}
	sortEnum(out)
	return out
}

// sortEnum orders enum values: numbers ascending, strings lexically.
func sortEnum(v []any) {
	less := func(a, b any) bool {
		an, aNum := a.(json.Number)
		bn, bNum := b.(json.Number)
		if aNum && bNum {
			af, _ := an.Float64()
			bf, _ := bn.Float64()
			return af < bf
		}
		as, _ := a.(string)
		bs, _ := b.(string)
		return as < bs
	}
	for i := 1; i < len(v); i++ {
		for j := i; j > 0 && less(v[j], v[j-1]); j-- {
			v[j], v[j-1] = v[j-1], v[j]
		}
	}
}

// widen applies the margin to an observed range. A non-negative range stays
// non-negative, a range within [0, 1] stays within it, and integer bounds
// round outwards.
func widen(lo, hi, margin float64, integer bool) (json.Number, json.Number) {
	span := (hi - lo) * margin
	nlo, nhi := lo-span, hi+span
	if lo >= 0 && nlo < 0 {
		nlo = 0
	}
	if lo >= 0 && hi <= 1 && nhi > 1 {
		nhi = 1 // a fraction or probability stays within [0, 1]
	}
	if integer {
		nlo, nhi = math.Floor(nlo), math.Ceil(nhi)
	}
	return num(nlo), num(nhi)
}

func num(f float64) json.Number {
	return json.Number(strconv.FormatFloat(f, 'g', -1, 64))
}

func round4(f float64) json.Number {
	return json.Number(strconv.FormatFloat(math.Ceil(f*1e4)/1e4, 'f', -1, 64))
}

// obj is a JSON object that keeps its keys in order, so the schema reads
// in column order.
type obj []kv

type kv struct {
	k string
	v any
}

// MarshalJSON implements [json.Marshaler].
func (o obj) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteByte('{')
	for i, e := range o {
		if i > 0 {
			buf.WriteByte(',')
		}
		k, err := json.Marshal(e.k)
		if err != nil {
			return nil, err
		}
		buf.Write(k)
		buf.WriteByte(':')
		v, err := marshalNoHTML(e.v)
		if err != nil {
			return nil, err
		}
		buf.Write(v)
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

func marshalNoHTML(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}
