package protocol

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"unicode/utf8"
)

// GoldenError is a problem in a golden file, located by 1-based line and
// column (in characters).
type GoldenError struct {
	// File is the golden file's path, as given.
	File string
	// Line and Column locate the problem, both 1-based.
	Line, Column int
	// Msg describes the problem.
	Msg string
}

// Error implements error as "file:line:column: message".
func (e *GoldenError) Error() string {
	return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Column, e.Msg)
}

// goldenKeys are the keys a golden line may have.
var goldenKeys = map[string]bool{"id": true, "inputs": true, "prediction": true, "scores": true}

// ReadGolden reads a golden set: JSON Lines, one example per non-blank
// line, as {"id": "...", "inputs": {...}, "prediction": ..., "scores":
// [...]}. "inputs" is required and maps feature names to numbers, strings,
// bools, nulls or arrays; "prediction" and "scores" are optional and read
// by the same rules as a plain JSON response (see [PlainJSON]); bare NaN
// and ±Infinity are accepted. An id (string or integer) is optional: a
// missing one becomes "line-N"; ids must be unique. Errors are
// *[GoldenError] naming file:line:column.
func ReadGolden(path string) ([]Example, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("reading golden set: %w", err)
	}
	defer f.Close()
	return readGolden(path, f)
}

func readGolden(name string, r io.Reader) ([]Example, error) {
	br := bufio.NewReader(r)
	var out []Example
	seen := map[string]int{}
	for n := 1; ; n++ {
		line, err := br.ReadBytes('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("reading golden set %s: line %d: %w", name, n, err)
		}
		if n == 1 {
			line = bytes.TrimPrefix(line, []byte("\xef\xbb\xbf"))
		}
		if len(bytes.TrimSpace(line)) > 0 {
			ex, gerr := parseGoldenLine(line, n)
			if gerr != nil {
				gerr.File = name
				return nil, gerr
			}
			if first, dup := seen[ex.ID]; dup {
				return nil, &GoldenError{File: name, Line: n, Column: 1,
					Msg: fmt.Sprintf("duplicate id %s (first on line %d)", strconv.Quote(ex.ID), first)}
			}
			seen[ex.ID] = n
			out = append(out, ex)
		}
		if errors.Is(err, io.EOF) {
			break
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("golden set %s: no examples", name)
	}
	return out, nil
}

func parseGoldenLine(line []byte, n int) (Example, *GoldenError) {
	fail := func(off int64, format string, args ...any) (Example, *GoldenError) {
		return Example{}, &GoldenError{Line: n, Column: column(line, off), Msg: fmt.Sprintf(format, args...)}
	}
	doc, err := decodeJSON(line)
	if err != nil {
		var je *JSONError
		if errors.As(err, &je) {
			return fail(je.Offset, "malformed JSON: %s", je.Msg)
		}
		return fail(0, "%v", err)
	}
	obj, ok := doc.(map[string]any)
	if !ok {
		return fail(0, "want a JSON object, got %s", describe(doc))
	}
	keyAt := func(k string) int64 { return keyOffset(line, k) }
	for _, k := range sortedKeys(obj) {
		if !goldenKeys[k] {
			return fail(keyAt(k), "unknown key %s (want id, inputs, prediction, scores)", strconv.Quote(k))
		}
	}
	ex := Example{ID: "line-" + strconv.Itoa(n)}
	switch id := obj["id"].(type) {
	case nil:
	case string:
		if id == "" {
			return fail(keyAt("id"), "empty id")
		}
		ex.ID = id
	case json.Number:
		if _, err := strconv.ParseInt(string(id), 10, 64); err != nil {
			return fail(keyAt("id"), "id: want a string or an integer, got %s", describe(id))
		}
		ex.ID = string(id)
	default:
		return fail(keyAt("id"), "id: want a string or an integer, got %s", describe(id))
	}
	in, ok := obj["inputs"].(map[string]any)
	if !ok {
		if _, has := obj["inputs"]; !has {
			return fail(0, `missing "inputs"`)
		}
		return fail(keyAt("inputs"), "inputs: want an object, got %s", describe(obj["inputs"]))
	}
	ex.Inputs = make(map[string]any, len(in))
	for k, v := range in {
		nv, err := normalizeInput(v)
		if err != nil {
			return fail(keyAt("inputs"), "inputs: %s: %v", strconv.Quote(k), err)
		}
		ex.Inputs[k] = nv
	}
	if obj["prediction"] != nil || obj["scores"] != nil {
		p, err := predictionFrom(obj["prediction"], obj["scores"])
		if err != nil {
			k := "prediction"
			if obj[k] == nil {
				k = "scores"
			}
			return fail(keyAt(k), "%v", err)
		}
		ex.Want = &p
	}
	return ex, nil
}

// normalizeInput turns numbers into float64 and arrays of numbers into
// []float64; objects are refused.
func normalizeInput(v any) (any, error) {
	switch v := v.(type) {
	case nil, string, bool, float64:
		return v, nil
	case json.Number:
		f, _ := toFloat(v)
		return f, nil
	case []any:
		if fs, err := flattenFloats(v); err == nil && !nested(v) {
			return fs, nil
		}
		out := make([]any, len(v))
		for i, e := range v {
			ne, err := normalizeInput(e)
			if err != nil {
				return nil, fmt.Errorf("element %d: %w", i, err)
			}
			out[i] = ne
		}
		return out, nil
	}
	return nil, fmt.Errorf("want a number, string, bool, null or array, got %s", describe(v))
}

func nested(a []any) bool {
	for _, e := range a {
		if _, ok := e.([]any); ok {
			return true
		}
	}
	return false
}

// column converts a byte offset in line to a 1-based character column.
func column(line []byte, off int64) int {
	if off > int64(len(line)) {
		off = int64(len(line))
	}
	if off < 0 {
		off = 0
	}
	return utf8.RuneCount(line[:off]) + 1
}

// keyOffset returns the byte offset of the top-level key k in the JSON
// object on line, or 0 when it cannot be found.
func keyOffset(line []byte, k string) int64 {
	text, reps := rewriteBareTokens(line)
	dec := json.NewDecoder(bytes.NewReader(text))
	depth := 0
	expectKey := false
	for {
		start := skipSeparators(text, dec.InputOffset())
		tok, err := dec.Token()
		if err != nil {
			return 0
		}
		switch t := tok.(type) {
		case json.Delim:
			switch t {
			case '{', '[':
				depth++
				expectKey = t == '{' && depth == 1
				continue
			default:
				depth--
			}
		case string:
			if depth == 1 && expectKey {
				if t == k {
					return origOffset(reps, start)
				}
				expectKey = false
				continue
			}
		}
		if depth == 1 {
			expectKey = true
		}
	}
}

func skipSeparators(b []byte, off int64) int64 {
	for off < int64(len(b)) {
		switch b[off] {
		case ' ', '\t', '\r', '\n', ',', ':':
			off++
		default:
			return off
		}
	}
	return off
}
