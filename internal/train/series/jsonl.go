package series

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// readJSONL reads a JSON Lines metrics file.
func readJSONL(path string, r *bufio.Reader, key, stepKey string) (*Series, error) {
	s := &Series{Name: key}
	var seen seenSet
	var buf []byte
	for lineNo := 1; ; lineNo++ {
		line, terminated, err := readLine(r, buf)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, &FileError{File: path, Line: lineNo, Err: err}
		}
		buf = line[:0]
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		p, ok, err := parseJSONLine(line, key, stepKey, len(s.Points), &seen, len(s.Points) == 0)
		if err != nil {
			var je *jsonLineError
			if !errors.As(err, &je) {
				return nil, &FileError{File: path, Line: lineNo, Err: err}
			}
			if je.truncated && !terminated {
				break // a writer still running: the last line is incomplete
			}
			col := utf8.RuneCount(line[:min(je.offset, len(line))]) + 1
			return nil, &FileError{File: path, Line: lineNo, Column: col, Err: je.err}
		}
		if ok {
			s.Points = append(s.Points, p)
		}
	}
	if len(s.Points) == 0 {
		return s, seen.missing(path, "key", key)
	}
	return s, nil
}

// jsonLineError is a problem at a byte offset of one line.
type jsonLineError struct {
	offset    int
	err       error
	truncated bool // the line ends in the middle of a value
}

func (e *jsonLineError) Error() string { return e.err.Error() }

// parseJSONLine reads the point on one line; ok is false when the line has
// no value for key. When collect is set, the numeric fields of a line
// without the key are added to seen.
//
// A fast path decodes the line with encoding/json; anything it cannot
// settle (bad input, a missing key to report) goes to the slower walk
// that knows the offset of every value.
func parseJSONLine(line []byte, key, stepKey string, index int, seen *seenSet, collect bool) (p Point, ok bool, err error) {
	doc, inserts := rewriteNonFinite(line)
	if p, ok, done := fastJSONLine(doc, key, stepKey, index); done && (ok || !collect) {
		return p, ok, nil
	}
	return slowJSONLine(line, doc, inserts, key, stepKey, index, seen, collect)
}

// fastJSONLine reads the point on a well-formed line; done is false when
// the line needs the slow path.
func fastJSONLine(doc []byte, key, stepKey string, index int) (p Point, ok, done bool) {
	var top map[string]json.RawMessage
	if json.Unmarshal(doc, &top) != nil || top == nil {
		return p, false, false
	}
	raw, found := rawLookup(top, key)
	if !found || string(raw) == "null" {
		return p, false, true
	}
	v, good := rawFloat(raw)
	if !good {
		return p, false, false
	}
	p = Point{Step: int64(index), Value: v}
	sk := stepKey
	if sk == "" {
		sk = "step"
	}
	switch st, found := rawLookup(top, sk); {
	case found && string(st) != "null":
		text := string(st)
		if st[0] == '"' && json.Unmarshal(st, &text) != nil {
			return p, false, false
		}
		step, err := parseStep(text)
		if err != nil {
			return p, false, false
		}
		p.Step = step
	case stepKey != "":
		return p, false, false
	}
	return p, true, true
}

// rawLookup finds key in an object as a field name or else as a dot path.
func rawLookup(obj map[string]json.RawMessage, key string) (json.RawMessage, bool) {
	if v, ok := obj[key]; ok {
		return v, true
	}
	for i := 0; i < len(key); i++ {
		if key[i] != '.' {
			continue
		}
		c, ok := obj[key[:i]]
		if !ok || len(c) == 0 || c[0] != '{' {
			continue
		}
		var child map[string]json.RawMessage
		if json.Unmarshal(c, &child) != nil {
			continue
		}
		if v, ok := rawLookup(child, key[i+1:]); ok {
			return v, true
		}
	}
	return nil, false
}

// rawFloat reads a JSON number or a string holding one.
func rawFloat(raw json.RawMessage) (float64, bool) {
	text := string(raw)
	if len(raw) > 0 && raw[0] == '"' {
		if json.Unmarshal(raw, &text) != nil {
			return 0, false
		}
	} else if len(raw) == 0 || raw[0] != '-' && (raw[0] < '0' || raw[0] > '9') {
		return 0, false
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(text), 64)
	return f, err == nil || errors.Is(err, strconv.ErrRange)
}

// slowJSONLine walks the line's tokens, keeping the offset of every value
// so that an error can point at it.
func slowJSONLine(line, doc []byte, inserts []int, key, stepKey string, index int, seen *seenSet, collect bool) (p Point, ok bool, err error) {
	orig := func(off int) int { return off - sort.SearchInts(inserts, off) }
	if !json.Valid(doc) {
		var v any
		err := json.Unmarshal(doc, &v)
		var syn *json.SyntaxError
		if !errors.As(err, &syn) {
			return p, false, &jsonLineError{err: fmt.Errorf("invalid JSON: %w", err)}
		}
		off := int(syn.Offset) - 1
		truncated := syn.Error() == "unexpected end of JSON input"
		if truncated {
			off = len(bytes.TrimRight(doc, " \t\r\n"))
		}
		return p, false, &jsonLineError{offset: orig(off), err: fmt.Errorf("invalid JSON: %s", syn.Error()), truncated: truncated}
	}
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	root, err := readJSONValue(dec, doc)
	if err != nil {
		return p, false, &jsonLineError{err: fmt.Errorf("invalid JSON: %w", err)}
	}
	if root.kind != jObject {
		return p, false, &jsonLineError{offset: orig(root.off), err: fmt.Errorf("want one JSON object per line, got %s", root.kind)}
	}
	v := root.lookup(key)
	if v == nil || v.kind == jNull {
		if collect {
			root.numericPaths("", seen)
		}
		return p, false, nil
	}
	if p.Value, err = v.float(); err != nil {
		return p, false, &jsonLineError{offset: orig(v.off), err: fmt.Errorf("%q: %w", key, err)}
	}
	p.Step = int64(index)
	sk := stepKey
	if sk == "" {
		sk = "step"
	}
	switch st := root.lookup(sk); {
	case st != nil && st.kind != jNull:
		if p.Step, err = st.int(); err != nil {
			return p, false, &jsonLineError{offset: orig(st.off), err: fmt.Errorf("step %q: %w", sk, err)}
		}
	case stepKey != "":
		return p, false, &jsonLineError{offset: orig(v.off), err: fmt.Errorf("%q has a value but step %q is missing", key, stepKey)}
	}
	return p, true, nil
}

// rewriteNonFinite quotes Python's bare NaN, Infinity and -Infinity outside
// strings so that encoding/json accepts the line. inserts holds the sorted
// offsets, in the rewritten line, of the quotes it added.
func rewriteNonFinite(line []byte) (out []byte, inserts []int) {
	if !bytes.Contains(line, []byte("NaN")) && !bytes.Contains(line, []byte("Infinity")) {
		return line, nil
	}
	out = make([]byte, 0, len(line)+8)
	inString, escaped := false, false
	for i := 0; i < len(line); i++ {
		c := line[i]
		if inString {
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
			out = append(out, c)
			continue
		}
		if c == '"' {
			inString = true
			out = append(out, c)
			continue
		}
		if tok := nonFiniteAt(line, i); tok != "" {
			inserts = append(inserts, len(out))
			out = append(out, '"')
			out = append(out, tok...)
			inserts = append(inserts, len(out))
			out = append(out, '"')
			i += len(tok) - 1
			continue
		}
		out = append(out, c)
	}
	return out, inserts
}

// nonFiniteAt returns the bare non-finite literal starting at line[i], if
// one stands there as a whole word.
func nonFiniteAt(line []byte, i int) string {
	if i > 0 && isWordByte(line[i-1]) {
		return ""
	}
	for _, tok := range []string{"NaN", "Infinity", "-Infinity"} {
		if bytes.HasPrefix(line[i:], []byte(tok)) {
			if j := i + len(tok); j < len(line) && isWordByte(line[j]) {
				return ""
			}
			return tok
		}
	}
	return ""
}

func isWordByte(c byte) bool {
	return c == '_' || c == '.' || c == '+' || c == '-' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}
