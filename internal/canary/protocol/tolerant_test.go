package protocol

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"reflect"
	"testing"
)

func TestDecodeJSONNonFinite(t *testing.T) {
	t.Parallel()
	doc, err := decodeJSON([]byte(`{"predictions": [[NaN, Infinity, -Infinity, 0.5, -1]], "s": "NaN Infinity", "q": "a\"NaN"}`))
	if err != nil {
		t.Fatal(err)
	}
	obj := doc.(map[string]any)
	row := obj["predictions"].([]any)[0].([]any)
	got, err := flattenFloats(row)
	if err != nil {
		t.Fatal(err)
	}
	if !math.IsNaN(got[0]) || !math.IsInf(got[1], 1) || !math.IsInf(got[2], -1) || got[3] != 0.5 || got[4] != -1 {
		t.Errorf("numbers = %v, want [NaN +Inf -Inf 0.5 -1]", got)
	}
	if obj["s"] != "NaN Infinity" || obj["q"] != `a"NaN` {
		t.Errorf("strings changed: s=%q q=%q", obj["s"], obj["q"])
	}
}

func TestDecodeJSONErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in string
		offset   int64
	}{
		{"syntax", `{"a": 1,, "b": 2}`, 8},
		// The offset is in the original text, before NaN was rewritten.
		{"syntax after NaN", `[NaN, NaN, }`, 11},
		{"truncated", `{"a": [1, 2`, 11},
		{"empty", ``, 0},
		{"trailing data", `{"a": 1} {"b": 2}`, 9},
		{"bad token", `[Nan]`, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := decodeJSON([]byte(tt.in))
			var je *JSONError
			if !errors.As(err, &je) {
				t.Fatalf("err = %v, want a *JSONError", err)
			}
			if je.Offset != tt.offset {
				t.Errorf("offset = %d, want %d (%v)", je.Offset, tt.offset, err)
			}
		})
	}
}

func TestAppendJSONRoundTrip(t *testing.T) {
	t.Parallel()
	in := map[string]any{
		"x": []float64{1.5, math.NaN(), math.Inf(1), math.Inf(-1)},
		"s": "a \"quoted\" <b>",
		"b": true, "n": nil, "i": int64(7),
		"nested": []any{[]any{1.0, 2.0}, "z"},
	}
	b, err := appendJSON(nil, in)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := decodeJSON(b)
	if err != nil {
		t.Fatalf("%s: %v", b, err)
	}
	obj := doc.(map[string]any)
	xs, _ := flattenFloats(obj["x"])
	if len(xs) != 4 || xs[0] != 1.5 || !math.IsNaN(xs[1]) || !math.IsInf(xs[2], 1) || !math.IsInf(xs[3], -1) {
		t.Errorf("x = %v", xs)
	}
	if obj["s"] != in["s"] || obj["b"] != true || obj["n"] != nil || obj["i"] != json.Number("7") {
		t.Errorf("scalars = %v", obj)
	}
	if _, err := appendJSON(nil, map[string]any{"c": make(chan int)}); err == nil {
		t.Error("appendJSON(chan) succeeded, want an error")
	}
}

// FuzzDecodeJSON checks that the tolerant decoder never panics and agrees
// with encoding/json on standard JSON.
func FuzzDecodeJSON(f *testing.F) {
	for _, s := range []string{`{"a":[1,2,NaN]}`, `"NaN"`, `[-Infinity,"\\\"NaN"]`, `{"a":`, `Infinity`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		got, err := decodeJSON(b)
		if !json.Valid(b) {
			return
		}
		if err != nil {
			t.Fatalf("valid JSON %q rejected: %v", b, err)
		}
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.UseNumber()
		var want any
		if err := dec.Decode(&want); err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(b, []byte(`\u0000`)) && !reflect.DeepEqual(got, want) {
			t.Fatalf("decodeJSON(%q) = %#v, want %#v", b, got, want)
		}
	})
}
