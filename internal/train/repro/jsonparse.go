package repro

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"unicode/utf8"
)

// maxJSONDepth bounds the nesting of a JSON document.
const maxJSONDepth = 10000

// jvalue is a parsed JSON value. Numbers keep their text so equal texts
// compare equal without rounding.
type jvalue struct {
	kind byte // 'o' object, 'a' array, 's' string, 'n' number, 'b' bool, 'z' null
	str  string
	num  float64
	keys []string // object keys in document order, without duplicates
	obj  map[string]*jvalue
	arr  []*jvalue
}

// kindName names a JSON kind for messages.
func (v *jvalue) kindName() string {
	switch v.kind {
	case 'o':
		return "object"
	case 'a':
		return "array"
	case 's':
		return "string"
	case 'n':
		return "number"
	case 'b':
		return "boolean"
	}
	return "null"
}

// jsonSyntaxError is a parse error at a 1-based line and column.
type jsonSyntaxError struct {
	Line, Column int
	Msg          string
}

func (e *jsonSyntaxError) Error() string {
	return fmt.Sprintf("line %d, column %d: %s", e.Line, e.Column, e.Msg)
}

// parseJSON parses one JSON document. Besides RFC 8259 it accepts the
// NaN, Infinity and -Infinity that Python's json module writes by default.
// A later duplicate object key replaces the earlier one, as in Python.
func parseJSON(data []byte) (*jvalue, error) {
	p := &jparser{data: data}
	p.ws()
	v, err := p.value(0)
	if err != nil {
		return nil, err
	}
	p.ws()
	if p.pos < len(p.data) {
		return nil, p.errf("unexpected %q after the document", p.data[p.pos])
	}
	return v, nil
}

type jparser struct {
	data []byte
	pos  int
}

func (p *jparser) errf(format string, args ...any) error {
	line, col := 1, 1
	end := min(p.pos, len(p.data))
	if i := bytes.LastIndexByte(p.data[:end], '\n'); i >= 0 {
		line = bytes.Count(p.data[:end], []byte{'\n'}) + 1
		col = end - i
	} else {
		col = end + 1
	}
	return &jsonSyntaxError{Line: line, Column: col, Msg: fmt.Sprintf(format, args...)}
}

func (p *jparser) ws() {
	for p.pos < len(p.data) {
		switch p.data[p.pos] {
		case ' ', '\t', '\n', '\r':
			p.pos++
		default:
			return
		}
	}
}

func (p *jparser) lit(word string) bool {
	if bytes.HasPrefix(p.data[p.pos:], []byte(word)) {
		p.pos += len(word)
		return true
	}
	return false
}

func (p *jparser) value(depth int) (*jvalue, error) {
	if depth > maxJSONDepth {
		return nil, p.errf("nesting deeper than %d", maxJSONDepth)
	}
	if p.pos >= len(p.data) {
		return nil, p.errf("unexpected end of input")
	}
	switch c := p.data[p.pos]; {
	case c == '{':
		return p.object(depth)
	case c == '[':
		return p.array(depth)
	case c == '"':
		s, err := p.string()
		if err != nil {
			return nil, err
		}
		return &jvalue{kind: 's', str: s}, nil
	case p.lit("true"):
		return &jvalue{kind: 'b', str: "true"}, nil
	case p.lit("false"):
		return &jvalue{kind: 'b', str: "false"}, nil
	case p.lit("null"):
		return &jvalue{kind: 'z'}, nil
	case p.lit("NaN"):
		return &jvalue{kind: 'n', str: "NaN", num: math.NaN()}, nil
	case p.lit("Infinity"):
		return &jvalue{kind: 'n', str: "Infinity", num: math.Inf(1)}, nil
	case p.lit("-Infinity"):
		return &jvalue{kind: 'n', str: "-Infinity", num: math.Inf(-1)}, nil
	case c == '-' || (c >= '0' && c <= '9'):
		return p.number()
	default:
		return nil, p.errf("unexpected %q", c)
	}
}

func (p *jparser) object(depth int) (*jvalue, error) {
	v := &jvalue{kind: 'o', obj: map[string]*jvalue{}}
	p.pos++ // {
	p.ws()
	if p.pos < len(p.data) && p.data[p.pos] == '}' {
		p.pos++
		return v, nil
	}
	for {
		p.ws()
		if p.pos >= len(p.data) || p.data[p.pos] != '"' {
			return nil, p.errf("expected a string key")
		}
		k, err := p.string()
		if err != nil {
			return nil, err
		}
		p.ws()
		if p.pos >= len(p.data) || p.data[p.pos] != ':' {
			return nil, p.errf("expected ':' after key %q", k)
		}
		p.pos++
		p.ws()
		e, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		if _, dup := v.obj[k]; !dup {
			v.keys = append(v.keys, k)
		}
		v.obj[k] = e
		p.ws()
		if p.pos >= len(p.data) {
			return nil, p.errf("unexpected end of input in an object")
		}
		switch p.data[p.pos] {
		case ',':
			p.pos++
		case '}':
			p.pos++
			return v, nil
		default:
			return nil, p.errf("expected ',' or '}' in an object, got %q", p.data[p.pos])
		}
	}
}

func (p *jparser) array(depth int) (*jvalue, error) {
	v := &jvalue{kind: 'a'}
	p.pos++ // [
	p.ws()
	if p.pos < len(p.data) && p.data[p.pos] == ']' {
		p.pos++
		return v, nil
	}
	for {
		p.ws()
		e, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		v.arr = append(v.arr, e)
		p.ws()
		if p.pos >= len(p.data) {
			return nil, p.errf("unexpected end of input in an array")
		}
		switch p.data[p.pos] {
		case ',':
			p.pos++
		case ']':
			p.pos++
			return v, nil
		default:
			return nil, p.errf("expected ',' or ']' in an array, got %q", p.data[p.pos])
		}
	}
}

// string parses a quoted string at p.pos.
func (p *jparser) string() (string, error) {
	start := p.pos
	i := p.pos + 1
	for ; i < len(p.data); i++ {
		c := p.data[i]
		if c == '\\' {
			i++
			continue
		}
		if c == '"' {
			break
		}
		if c < 0x20 {
			p.pos = i
			return "", p.errf("control character in a string")
		}
	}
	if i >= len(p.data) {
		return "", p.errf("unterminated string")
	}
	raw := p.data[start+1 : i]
	if bytes.IndexByte(raw, '\\') < 0 && utf8.Valid(raw) { // the common case needs no decoding
		p.pos = i + 1
		return string(raw), nil
	}
	var s string
	if err := json.Unmarshal(p.data[start:i+1], &s); err != nil {
		return "", p.errf("invalid string: %v", err)
	}
	p.pos = i + 1
	return s, nil
}

// number parses a JSON number at p.pos.
func (p *jparser) number() (*jvalue, error) {
	start := p.pos
	i := p.pos
	if p.data[i] == '-' {
		i++
	}
	digits := func() int {
		n := 0
		for i < len(p.data) && p.data[i] >= '0' && p.data[i] <= '9' {
			i++
			n++
		}
		return n
	}
	if digits() == 0 {
		p.pos = i
		return nil, p.errf("invalid number")
	}
	if i < len(p.data) && p.data[i] == '.' {
		i++
		if digits() == 0 {
			p.pos = i
			return nil, p.errf("invalid number: no digits after '.'")
		}
	}
	if i < len(p.data) && (p.data[i] == 'e' || p.data[i] == 'E') {
		i++
		if i < len(p.data) && (p.data[i] == '+' || p.data[i] == '-') {
			i++
		}
		if digits() == 0 {
			p.pos = i
			return nil, p.errf("invalid number: no digits in the exponent")
		}
	}
	text := string(p.data[start:i])
	f, err := strconv.ParseFloat(text, 64)
	if err != nil && !math.IsInf(f, 0) { // out of range gives ±Inf, kept
		p.pos = start
		return nil, p.errf("invalid number %q", text)
	}
	p.pos = i
	return &jvalue{kind: 'n', str: text, num: f}, nil
}
