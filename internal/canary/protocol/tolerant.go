package protocol

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
)

// The tolerant decoder rewrites the bare tokens NaN, Infinity and -Infinity
// that appear outside strings into sentinel strings, decodes the result
// with encoding/json (numbers as json.Number), and turns the sentinels back
// into float64 values. Error offsets are mapped back to the original text.

// sentinels are the decoded forms of the rewritten tokens. They start with
// a NUL character, which a real label is practically never made of.
var sentinels = map[string]float64{
	"\x00NaN":       math.NaN(),
	"\x00Infinity":  math.Inf(1),
	"\x00-Infinity": math.Inf(-1),
}

var bareTokens = []struct{ token, replacement string }{
	{"-Infinity", `"\u0000-Infinity"`},
	{"Infinity", `"\u0000Infinity"`},
	{"NaN", `"\u0000NaN"`},
}

// JSONError is malformed JSON, located by a 0-based byte offset into the
// text that was decoded.
type JSONError struct {
	// Offset is the 0-based byte offset of the problem.
	Offset int64
	// Msg describes the problem.
	Msg string
}

// Error implements error.
func (e *JSONError) Error() string {
	return fmt.Sprintf("malformed JSON at byte offset %d: %s", e.Offset, e.Msg)
}

// replacement records one rewritten token, for mapping offsets back.
type replacement struct {
	newStart, newEnd   int64
	origStart, origLen int64
}

// rewriteBareTokens returns b with bare non-finite tokens outside strings
// replaced by sentinel strings, and the replacements made. When there are
// none, b itself is returned.
func rewriteBareTokens(b []byte) ([]byte, []replacement) {
	var out []byte
	var reps []replacement
	inString, escaped := false, false
	last := 0
	for i := 0; i < len(b); i++ {
		c := b[i]
		if inString {
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
			continue
		}
		if c == '"' {
			inString = true
			continue
		}
		if c != 'N' && c != 'I' && c != '-' {
			continue
		}
		for _, t := range bareTokens {
			if !bytes.HasPrefix(b[i:], []byte(t.token)) {
				continue
			}
			if out == nil {
				out = make([]byte, 0, len(b)+64)
			}
			out = append(out, b[last:i]...)
			start := int64(len(out))
			out = append(out, t.replacement...)
			reps = append(reps, replacement{start, int64(len(out)), int64(i), int64(len(t.token))})
			i += len(t.token) - 1
			last = i + 1
			break
		}
	}
	if out == nil {
		return b, nil
	}
	return append(out, b[last:]...), reps
}

// origOffset maps an offset in rewritten text back to the original text.
func origOffset(reps []replacement, off int64) int64 {
	k := sort.Search(len(reps), func(i int) bool { return reps[i].newStart > off }) - 1
	if k < 0 {
		return off
	}
	r := reps[k]
	if off < r.newEnd {
		return r.origStart
	}
	return r.origStart + r.origLen + (off - r.newEnd)
}

// decodeJSON decodes exactly one JSON value from b, accepting bare NaN,
// Infinity and -Infinity. Numbers are json.Number, except the non-finite
// ones, which are float64. Errors are *JSONError.
func decodeJSON(b []byte) (any, error) {
	text, reps := rewriteBareTokens(b)
	dec := json.NewDecoder(bytes.NewReader(text))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		var se *json.SyntaxError
		switch {
		case errors.As(err, &se):
			// se.Offset counts the bytes read, the bad one included.
			return nil, &JSONError{Offset: origOffset(reps, max(se.Offset-1, 0)), Msg: se.Error()}
		case errors.Is(err, io.EOF):
			return nil, &JSONError{Offset: int64(len(b)), Msg: "empty document"}
		case errors.Is(err, io.ErrUnexpectedEOF):
			return nil, &JSONError{Offset: int64(len(b)), Msg: "unexpected end of JSON input"}
		default:
			return nil, &JSONError{Offset: origOffset(reps, dec.InputOffset()), Msg: err.Error()}
		}
	}
	off := dec.InputOffset()
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, &JSONError{Offset: origOffset(reps, skipSpace(text, off)), Msg: "unexpected data after the JSON value"}
	}
	if reps != nil {
		v = restoreSentinels(v)
	}
	return v, nil
}

func skipSpace(b []byte, off int64) int64 {
	for off < int64(len(b)) {
		switch b[off] {
		case ' ', '\t', '\r', '\n':
			off++
		default:
			return off
		}
	}
	return off
}

// restoreSentinels replaces sentinel strings by their float64 values.
func restoreSentinels(v any) any {
	switch v := v.(type) {
	case string:
		if f, ok := sentinels[v]; ok {
			return f
		}
	case []any:
		for i, e := range v {
			v[i] = restoreSentinels(e)
		}
	case map[string]any:
		for k, e := range v {
			v[k] = restoreSentinels(e)
		}
	}
	return v
}
