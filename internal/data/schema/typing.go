package schema

import (
	"bytes"
	"encoding/json"
	"math"
	"strconv"
	"strings"

	"github.com/mlgate/mlgate/internal/data/table"
)

// typeSet is a set of JSON Schema types, one bit each.
type typeSet uint8

const (
	tNull typeSet = 1 << iota
	tBoolean
	tInteger
	tNumber
	tString
	tArray
	tObject

	tAll = tNull | tBoolean | tInteger | tNumber | tString | tArray | tObject
)

var typeNames = map[string]typeSet{
	"null": tNull, "boolean": tBoolean, "integer": tInteger, "number": tNumber,
	"string": tString, "array": tArray, "object": tObject,
}

func (t typeSet) has(u typeSet) bool { return t&u != 0 }

// jkind is the JSON reading of a cell.
type jkind uint8

const (
	jAbsent jkind = iota
	jNull
	jBool
	jNumber
	jString
	jArray
	jObject
	jNaN // NaN or ±Inf, which JSON cannot represent
)

// typed is a cell read as a JSON value. str holds the string, the number
// literal or the JSON text of an array/object.
type typed struct {
	kind jkind
	b    bool
	n    num
	str  string
}

// isNaNText reports whether s spells NaN or an infinity: [+-]?(nan|inf|infinity),
// in any case.
func isNaNText(s string) bool {
	if len(s) > 0 && (s[0] == '+' || s[0] == '-') {
		s = s[1:]
	}
	switch len(s) {
	case 3:
		return strings.EqualFold(s, "nan") || strings.EqualFold(s, "inf")
	case 8:
		return strings.EqualFold(s, "infinity")
	}
	return false
}

// typeCell reads a cell as a JSON value under the types its property allows
// and stores it in t. It is the one typing rule of the package: the fast path
// checks its result and the reference path converts it with toJSON, so both
// agree. (It fills t rather than returning it: the copy shows in profiles.)
func typeCell(v *table.Value, ts typeSet, t *typed) {
	switch v.Kind {
	case table.Text:
		typeText(v.Str, ts, t)
	case table.Absent:
		*t = typed{kind: jAbsent}
	case table.Null:
		*t = typed{kind: jNull}
	case table.Bool:
		*t = typed{kind: jBool, b: v.Bool}
	case table.Nested:
		typeNested(v.Str, t)
	case table.Number:
		if math.IsNaN(v.Num) || math.IsInf(v.Num, 0) || isNaNText(v.Str) {
			*t = typed{kind: jNaN, str: v.Str}
			return
		}
		if n, ok := scanNumber(v.Str); ok {
			if n.huge {
				*t = typed{kind: jString, str: v.Str}
				return
			}
			*t = typed{kind: jNumber, n: n, str: v.Str}
			return
		}
		lit := strconv.FormatFloat(v.Num, 'g', -1, 64)
		n, _ := scanNumber(lit)
		*t = typed{kind: jNumber, n: n, str: lit}
	default: // table.String
		*t = typed{kind: jString, str: v.Str}
	}
}

// typeNested reads JSON text: an array, an object, or (if a reader produced
// one) a scalar, which is read as that scalar.
func typeNested(s string, t *typed) {
	switch trimmed := strings.TrimLeft(s, " \t\r\n"); {
	case !json.Valid([]byte(s)):
		*t = typed{kind: jString, str: s} // not JSON after all: only its text
	case strings.HasPrefix(trimmed, "["):
		*t = typed{kind: jArray, str: s}
	case strings.HasPrefix(trimmed, "{"):
		*t = typed{kind: jObject, str: s}
	default:
		v, _ := decodeJSON(s)
		switch x := v.(type) {
		case nil:
			*t = typed{kind: jNull}
		case bool:
			*t = typed{kind: jBool, b: x}
		case string:
			*t = typed{kind: jString, str: x}
		case json.Number:
			n, ok := scanNumber(x.String())
			if !ok || n.huge {
				*t = typed{kind: jString, str: s}
				return
			}
			*t = typed{kind: jNumber, n: n, str: x.String()}
		}
	}
}

func typeText(s string, ts typeSet, t *typed) {
	if !ts.has(tNumber|tInteger|tBoolean) && ts.has(tString) {
		*t = typed{kind: jString, str: s} // rule 4 is the only one that applies
		return
	}
	t.str = s
	n, isNum := scanNumber(s)
	isNum = isNum && !n.huge
	// A NaN/Inf text never scans as a number, so rule 1 can come second.
	if !isNum && ts.has(tNumber|tInteger) && !ts.has(tString) && isNaNText(s) {
		t.kind = jNaN
		return
	}
	if isNum && (ts.has(tNumber) || (ts.has(tInteger) && n.integral)) {
		t.kind, t.n = jNumber, n
		return
	}
	isBool := s == "true" || s == "false"
	if isBool && ts.has(tBoolean) {
		t.kind, t.b = jBool, s == "true"
		return
	}
	switch {
	case ts.has(tString):
		t.kind = jString
	case isNum:
		t.kind, t.n = jNumber, n
	case isBool:
		t.kind, t.b = jBool, s == "true"
	default:
		t.kind = jString
	}
}

// toJSON converts a typed cell to the value jsonschema/v6 validates. The
// second result is false for absent and NaN/Inf cells, which have no JSON
// form.
func toJSON(t typed) (any, bool) {
	switch t.kind {
	case jNull:
		return nil, true
	case jBool:
		return t.b, true
	case jNumber:
		return json.Number(t.str), true
	case jString:
		return t.str, true
	case jArray, jObject:
		v, err := decodeJSON(t.str)
		if err != nil {
			// Not valid JSON: validate its text, which fails object/array types.
			return t.str, true
		}
		return v, true
	}
	return nil, false
}

// decodeJSON decodes JSON text keeping numbers as json.Number.
func decodeJSON(s string) (any, error) {
	dec := json.NewDecoder(bytes.NewReader([]byte(s)))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	return v, nil
}

// typeOK reports whether the typed cell satisfies the type set.
func typeOK(t *typed, ts typeSet) bool {
	switch t.kind {
	case jNull:
		return ts.has(tNull)
	case jBool:
		return ts.has(tBoolean)
	case jNumber:
		return ts.has(tNumber) || (ts.has(tInteger) && t.n.integral)
	case jString:
		return ts.has(tString)
	case jArray:
		return ts.has(tArray)
	case jObject:
		return ts.has(tObject)
	}
	return true
}

func kindName(k jkind) string {
	switch k {
	case jNull:
		return "null"
	case jBool:
		return "boolean"
	case jNumber:
		return "number"
	case jString:
		return "string"
	case jArray:
		return "array"
	case jObject:
		return "object"
	case jNaN:
		return "NaN/Inf"
	}
	return "absent"
}
