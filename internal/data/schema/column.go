package schema

import (
	"fmt"
	"unicode/utf8"

	"github.com/mlgate/mlgate/internal/data/table"
)

// colCheck is the compiled form of one property's schema.
type colCheck struct {
	name     string
	required bool
	never    bool // the property schema is false
	allowNaN bool
	hasType  bool
	types    typeSet // tAll when the property has no "type"
	enum     *valueSet
	cnst     *valueSet
	min      *bound
	max      *bound
	exMin    *bound
	exMax    *bound
	multiple *bound
	minLen   int // -1: none
	maxLen   int // -1: none
	pattern  matcher
	patSrc   string
	format   func(string) bool
	fmtName  string
	// numOnly and strOnly say that a Text cell can be accepted by
	// acceptNumber or acceptString, see finish.
	numOnly bool
	strOnly bool
	// anyNumber says that a numOnly column has no bound and no enum: a
	// Text cell is accepted when it is a number of the right type, which
	// needs no value (see acceptNumber).
	anyNumber bool
}

// finish precomputes what the row loop needs once all keywords are in.
func (c *colCheck) finish() {
	simple := c.hasType && !c.never && c.cnst == nil
	c.numOnly = simple && c.types&^(tNumber|tInteger) == 0 && c.multiple == nil &&
		(c.enum == nil || c.enum.onlyNumbers())
	c.strOnly = simple && c.types == tString && (c.enum == nil || c.enum.onlyStrings())
	c.anyNumber = c.numOnly && c.enum == nil && c.min == nil && c.max == nil && c.exMin == nil && c.exMax == nil
}

// acceptNumber is a shortcut of check for a Text cell of a numOnly column:
// true means check would report nothing (same typing, same comparisons);
// false means "ask check", which finds the violations.
func (c *colCheck) acceptNumber(s string) bool {
	if c.anyNumber {
		// A plain decimal is what scanNumber accepts without an exponent,
		// never huge: only its integrality matters.
		if dot, ok := plainDecimal(s); ok {
			return c.types.has(tNumber) || dot < 0 || allZeros(s[dot+1:])
		}
	}
	n, ok := scanNumber(s)
	if !ok || n.huge || (!c.types.has(tNumber) && !n.integral) {
		return false
	}
	return (c.min == nil || cmpNum(n, s, c.min) >= 0) &&
		(c.max == nil || cmpNum(n, s, c.max) <= 0) &&
		(c.exMin == nil || cmpNum(n, s, c.exMin) > 0) &&
		(c.exMax == nil || cmpNum(n, s, c.exMax) < 0) &&
		(c.enum == nil || c.enum.hasNumber(n, s))
}

// acceptString is the shortcut of check for a Text cell of a strOnly column
// (typed as a string by rule 4 of the package documentation).
func (c *colCheck) acceptString(s string) bool {
	if c.enum != nil && !c.enum.hasString(s) {
		return false
	}
	if c.minLen >= 0 || (c.maxLen >= 0 && len(s) > c.maxLen) {
		n := utf8.RuneCountInString(s)
		if (c.minLen >= 0 && n < c.minLen) || (c.maxLen >= 0 && n > c.maxLen) {
			return false
		}
	}
	return (c.pattern == nil || c.pattern.MatchString(s)) && (c.format == nil || c.format(s))
}

// compileProperty compiles one property schema. The check is always usable
// for typing cells; the reason is non-empty when it cannot be validated on
// the fast path.
func compileProperty(name string, ps any) (*colCheck, string) {
	c := &colCheck{name: name, types: tAll, minLen: -1, maxLen: -1}
	where := func(k string) string { return fmt.Sprintf("keyword %q in property %q", k, name) }
	switch s := ps.(type) {
	case bool:
		c.never = !s
		return c, ""
	case map[string]any:
		// Type first: other keywords do not depend on it, but the typing of
		// cells for the reference path needs it even if they fail.
		if t, ok := s["type"]; ok {
			ts, ok := parseTypes(t)
			if !ok {
				return c, where("type")
			}
			c.types, c.hasType = ts, true
		}
		if a, ok := s[AllowNaNKeyword].(bool); ok {
			c.allowNaN = a
		}
		reason := ""
		for _, k := range sortedKeys(s) {
			if r := c.compileKeyword(k, s[k]); r != "" && reason == "" {
				reason = where(k) + r
			}
		}
		return c, reason
	}
	return c, where("(schema)") + ": not an object or boolean"
}

// compileKeyword compiles one keyword into c and returns "" or why it cannot.
func (c *colCheck) compileKeyword(k string, val any) string {
	var err error
	num := func() *bound {
		b, ok := schemaNumber(val)
		if !ok {
			err = fmt.Errorf("not a supported number")
		}
		return b
	}
	switch k {
	case "type", AllowNaNKeyword:
	case "enum":
		vals, ok := val.([]any)
		if !ok {
			return ": not an array"
		}
		c.enum, err = newValueSet(vals)
	case "const":
		c.cnst, err = newValueSet([]any{val})
	case "minimum":
		c.min = num()
	case "maximum":
		c.max = num()
	case "exclusiveMinimum":
		c.exMin = num()
	case "exclusiveMaximum":
		c.exMax = num()
	case "multipleOf":
		c.multiple = num()
		if err == nil && c.multiple.rat.Sign() <= 0 {
			err = fmt.Errorf("not positive")
		}
	case "minLength":
		c.minLen, err = nonNegInt(val)
	case "maxLength":
		c.maxLen, err = nonNegInt(val)
	case "pattern":
		p, ok := val.(string)
		if !ok {
			return ": not a string"
		}
		c.pattern, err = compilePattern(p)
		c.patSrc = p
	case "format":
		f, _ := val.(string)
		c.format, c.fmtName = formatCheckers[f], f
		if c.format == nil {
			return fmt.Sprintf(": format %q is not compiled", f)
		}
	default:
		if !isAnnotation(k) {
			return ": not compiled"
		}
	}
	if err != nil {
		return ": " + err.Error()
	}
	return ""
}

func parseTypes(t any) (typeSet, bool) {
	switch x := t.(type) {
	case string:
		ts, ok := typeNames[x]
		return ts, ok
	case []any:
		var ts typeSet
		for _, e := range x {
			s, _ := e.(string)
			one, ok := typeNames[s]
			if !ok {
				return 0, false
			}
			ts |= one
		}
		return ts, len(x) > 0
	}
	return 0, false
}

// check validates one cell and appends its violations to dst. col is the
// cell's column index in the bound columns, -1 when the column is absent.
func (c *colCheck) check(v *table.Value, col int, dst []Violation, maxLen int) []Violation {
	var t typed
	typeCell(v, c.types, &t)
	switch {
	case t.kind == jAbsent:
		if c.required {
			dst = append(dst, Violation{Column: c.name, ColIndex: col, Keyword: "required", Message: "missing required value"})
		}
		return dst
	case c.never:
		return append(dst, c.violation(v, col, maxLen, "false", "no value is allowed"))
	case t.kind == jNaN:
		if c.allowNaN {
			return dst
		}
		return append(dst, c.violation(v, col, maxLen, KeywordNaN, "NaN/Inf is not allowed"))
	}
	if c.hasType && !typeOK(&t, c.types) {
		dst = append(dst, c.violation(v, col, maxLen, "type", fmt.Sprintf("got %s, want %s", kindName(t.kind), typeList(c.types))))
	}
	if c.enum != nil && !c.enum.contains(&t) {
		dst = append(dst, c.violation(v, col, maxLen, "enum", "value is not one of the enum values"))
	}
	if c.cnst != nil && !c.cnst.contains(&t) {
		dst = append(dst, c.violation(v, col, maxLen, "const", "value is not the const value"))
	}
	switch t.kind {
	case jNumber:
		dst = c.checkNumber(&t, v, col, dst, maxLen)
	case jString:
		dst = c.checkString(&t, v, col, dst, maxLen)
	}
	return dst
}

func (c *colCheck) checkNumber(t *typed, v *table.Value, col int, dst []Violation, maxLen int) []Violation {
	if c.min != nil && cmpNum(t.n, t.str, c.min) < 0 {
		dst = append(dst, c.violation(v, col, maxLen, "minimum", "less than minimum "+c.min.lit))
	}
	if c.max != nil && cmpNum(t.n, t.str, c.max) > 0 {
		dst = append(dst, c.violation(v, col, maxLen, "maximum", "greater than maximum "+c.max.lit))
	}
	if c.exMin != nil && cmpNum(t.n, t.str, c.exMin) <= 0 {
		dst = append(dst, c.violation(v, col, maxLen, "exclusiveMinimum", "not greater than exclusiveMinimum "+c.exMin.lit))
	}
	if c.exMax != nil && cmpNum(t.n, t.str, c.exMax) >= 0 {
		dst = append(dst, c.violation(v, col, maxLen, "exclusiveMaximum", "not less than exclusiveMaximum "+c.exMax.lit))
	}
	if c.multiple != nil && !isMultiple(t.n, t.str, c.multiple) {
		dst = append(dst, c.violation(v, col, maxLen, "multipleOf", "not a multiple of "+c.multiple.lit))
	}
	return dst
}

func (c *colCheck) checkString(t *typed, v *table.Value, col int, dst []Violation, maxLen int) []Violation {
	s := t.str
	if c.minLen >= 0 || (c.maxLen >= 0 && len(s) > c.maxLen) {
		n := utf8.RuneCountInString(s)
		if c.minLen >= 0 && n < c.minLen {
			dst = append(dst, c.violation(v, col, maxLen, "minLength", fmt.Sprintf("length %d is less than %d", n, c.minLen)))
		}
		if c.maxLen >= 0 && n > c.maxLen {
			dst = append(dst, c.violation(v, col, maxLen, "maxLength", fmt.Sprintf("length %d is greater than %d", n, c.maxLen)))
		}
	}
	if c.pattern != nil && !c.pattern.MatchString(s) {
		dst = append(dst, c.violation(v, col, maxLen, "pattern", fmt.Sprintf("does not match pattern %q", c.patSrc)))
	}
	if c.format != nil && !c.format(s) {
		dst = append(dst, c.violation(v, col, maxLen, "format", fmt.Sprintf("not a valid %s", c.fmtName)))
	}
	return dst
}

func (c *colCheck) violation(v *table.Value, col, maxLen int, keyword, msg string) Violation {
	return Violation{Column: c.name, ColIndex: col, Keyword: keyword, Message: msg, Value: cellText(v, maxLen)}
}

func typeList(ts typeSet) string {
	out := ""
	for _, n := range []string{"null", "boolean", "integer", "number", "string", "array", "object"} {
		if ts.has(typeNames[n]) {
			if out != "" {
				out += " or "
			}
			out += n
		}
	}
	return out
}
