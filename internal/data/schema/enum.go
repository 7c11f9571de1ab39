package schema

import (
	"encoding/json"
	"fmt"
	"math/big"
)

// valueSet holds the values of an enum (or a const, a set of one) split by
// JSON type so that a cell is looked up without allocating.
type valueSet struct {
	strs     []string
	strIndex map[string]struct{} // set when strs is long
	nums     []*bound
	hasTrue  bool
	hasFalse bool
	hasNull  bool
	nested   []any // arrays and objects, compared after decoding the cell
}

const strIndexMin = 8

func newValueSet(vals []any) (*valueSet, error) {
	s := &valueSet{}
	for _, v := range vals {
		switch x := v.(type) {
		case nil:
			s.hasNull = true
		case bool:
			if x {
				s.hasTrue = true
			} else {
				s.hasFalse = true
			}
		case string:
			s.strs = append(s.strs, x)
		case []any, map[string]any:
			s.nested = append(s.nested, x)
		default:
			b, ok := schemaNumber(v)
			if !ok {
				return nil, fmt.Errorf("unsupported enum value %v (%T)", v, v)
			}
			s.nums = append(s.nums, b)
		}
	}
	if len(s.strs) >= strIndexMin {
		s.strIndex = make(map[string]struct{}, len(s.strs))
		for _, x := range s.strs {
			s.strIndex[x] = struct{}{}
		}
	}
	return s, nil
}

func (s *valueSet) onlyNumbers() bool {
	return len(s.strs) == 0 && len(s.nested) == 0 && !s.hasTrue && !s.hasFalse && !s.hasNull
}

func (s *valueSet) onlyStrings() bool {
	return len(s.nums) == 0 && len(s.nested) == 0 && !s.hasTrue && !s.hasFalse && !s.hasNull
}

func (s *valueSet) hasString(x string) bool {
	if s.strIndex != nil {
		_, ok := s.strIndex[x]
		return ok
	}
	for _, y := range s.strs {
		if x == y {
			return true
		}
	}
	return false
}

func (s *valueSet) hasNumber(n num, lit string) bool {
	for _, b := range s.nums {
		if cmpNum(n, lit, b) == 0 {
			return true
		}
	}
	return false
}

// contains reports whether the typed cell equals one of the values.
func (s *valueSet) contains(t *typed) bool {
	switch t.kind {
	case jNull:
		return s.hasNull
	case jBool:
		return (t.b && s.hasTrue) || (!t.b && s.hasFalse)
	case jString:
		return s.hasString(t.str)
	case jNumber:
		return s.hasNumber(t.n, t.str)
	case jArray, jObject:
		if len(s.nested) == 0 {
			return false
		}
		v, ok := toJSON(*t)
		if !ok {
			return false
		}
		for _, x := range s.nested {
			if jsonEqual(v, x) {
				return true
			}
		}
	}
	return false
}

// jsonEqual compares decoded JSON values as JSON Schema does: numbers by
// mathematical value, objects regardless of key order.
func jsonEqual(a, b any) bool {
	switch x := a.(type) {
	case nil:
		return b == nil
	case bool:
		y, ok := b.(bool)
		return ok && x == y
	case string:
		y, ok := b.(string)
		return ok && x == y
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !jsonEqual(x[i], y[i]) {
				return false
			}
		}
		return true
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for k, xv := range x {
			yv, ok := y[k]
			if !ok || !jsonEqual(xv, yv) {
				return false
			}
		}
		return true
	}
	ra, ok1 := ratOf(a)
	rb, ok2 := ratOf(b)
	return ok1 && ok2 && ra.Cmp(rb) == 0
}

func ratOf(v any) (*big.Rat, bool) {
	switch v.(type) {
	case json.Number, float64, float32, int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64:
		return new(big.Rat).SetString(fmt.Sprint(v))
	}
	return nil, false
}
