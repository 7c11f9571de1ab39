package protocol

import (
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
)

// toFloat converts a decoded JSON number to float64.
func toFloat(v any) (float64, bool) {
	switch v := v.(type) {
	case json.Number:
		f, err := strconv.ParseFloat(string(v), 64)
		if err != nil {
			// ParseFloat fails only on out-of-range values; it returns ±Inf.
			return f, math.IsInf(f, 0)
		}
		return f, true
	case float64:
		return v, true
	case float32:
		return float64(v), true
	case int:
		return float64(v), true
	case int64:
		return float64(v), true
	}
	return 0, false
}

// flattenFloats returns the numbers of a number or a (nested) array of
// numbers, in row-major order.
func flattenFloats(v any) ([]float64, error) {
	var out []float64
	var walk func(v any) error
	walk = func(v any) error {
		if a, ok := v.([]any); ok {
			for _, e := range a {
				if err := walk(e); err != nil {
					return err
				}
			}
			return nil
		}
		if fs, ok := v.([]float64); ok {
			out = append(out, fs...)
			return nil
		}
		f, ok := toFloat(v)
		if !ok {
			return fmt.Errorf("want a number, got %s", describe(v))
		}
		out = append(out, f)
		return nil
	}
	if err := walk(v); err != nil {
		return nil, err
	}
	return out, nil
}

// labelText returns the canonical text of a label: a string as is, a
// number in shortest form ("1", not "1.0"), a bool as "true" or "false".
// A one-element array is unwrapped.
func labelText(v any) (string, error) {
	if a, ok := v.([]any); ok && len(a) == 1 {
		return labelText(a[0])
	}
	switch v := v.(type) {
	case string:
		return v, nil
	case bool:
		return strconv.FormatBool(v), nil
	case json.Number:
		if i, err := strconv.ParseInt(string(v), 10, 64); err == nil {
			return strconv.FormatInt(i, 10), nil
		}
	}
	if f, ok := toFloat(v); ok {
		return formatFloat(f), nil
	}
	return "", fmt.Errorf("want a string, number or bool label, got %s", describe(v))
}

// formatFloat formats f in shortest form, with Python's spellings of the
// non-finite values.
func formatFloat(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	case f == math.Trunc(f) && math.Abs(f) < 1e15:
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	return strconv.FormatFloat(f, 'g', -1, 64)
}

// describe names the JSON type of v and shows a short, quoted excerpt.
func describe(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case bool:
		return "bool " + strconv.FormatBool(v)
	case string:
		return "string " + quoteCap(v, 40)
	case json.Number:
		return "number " + string(v)
	case float64:
		return "number " + formatFloat(v)
	case []any:
		return fmt.Sprintf("array of %d", len(v))
	case map[string]any:
		return "object with keys " + strings.Join(sortedKeys(v), ", ")
	}
	return fmt.Sprintf("%T", v)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// quoteCap quotes s as a Go string literal, cut to its first n bytes.
func quoteCap(s string, n int) string {
	if len(s) > n {
		return strconv.Quote(s[:n]) + "..."
	}
	return strconv.Quote(s)
}

// appendJSON appends v as JSON. Unlike encoding/json it writes non-finite
// floats as the bare tokens NaN, Infinity and -Infinity (as Python and TF
// Serving accept them), and object keys in sorted order.
func appendJSON(b []byte, v any) ([]byte, error) {
	switch v := v.(type) {
	case nil:
		return append(b, "null"...), nil
	case bool:
		return strconv.AppendBool(b, v), nil
	case string:
		return appendString(b, v), nil
	case json.Number:
		return append(b, v...), nil
	case float64:
		return appendFloat(b, v), nil
	case float32:
		return appendFloat(b, float64(v)), nil
	case int:
		return strconv.AppendInt(b, int64(v), 10), nil
	case int64:
		return strconv.AppendInt(b, v, 10), nil
	case []float64:
		b = append(b, '[')
		for i, f := range v {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendFloat(b, f)
		}
		return append(b, ']'), nil
	case []any:
		b = append(b, '[')
		for i, e := range v {
			if i > 0 {
				b = append(b, ',')
			}
			var err error
			if b, err = appendJSON(b, e); err != nil {
				return nil, err
			}
		}
		return append(b, ']'), nil
	case map[string]any:
		b = append(b, '{')
		for i, k := range sortedKeys(v) {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, k)
			b = append(b, ':')
			var err error
			if b, err = appendJSON(b, v[k]); err != nil {
				return nil, err
			}
		}
		return append(b, '}'), nil
	}
	return nil, fmt.Errorf("cannot send a value of type %T as JSON", v)
}

func appendFloat(b []byte, f float64) []byte {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return append(b, formatFloat(f)...)
	}
	return strconv.AppendFloat(b, f, 'g', -1, 64)
}

func appendString(b []byte, s string) []byte {
	q, _ := json.Marshal(s) // marshaling a string cannot fail
	return append(b, q...)
}
