package series

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// jKind is the kind of a JSON value.
type jKind int

const (
	jNull jKind = iota
	jBool
	jNumber
	jString
	jArray
	jObject
)

func (k jKind) String() string {
	return [...]string{"null", "a boolean", "a number", "a string", "an array", "an object"}[k]
}

// jNode is a JSON value with the byte offset where it starts.
type jNode struct {
	kind   jKind
	off    int
	text   string // number text or string value
	keys   []string
	fields map[string]*jNode
}

// readJSONValue reads one value from a decoder over doc, which is known to
// be valid JSON (so its nesting depth is bounded by encoding/json).
func readJSONValue(dec *json.Decoder, doc []byte) (*jNode, error) {
	off := int(dec.InputOffset())
	for off < len(doc) && strings.IndexByte(" \t\r\n:,", doc[off]) >= 0 {
		off++
	}
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	n := &jNode{off: off}
	switch t := tok.(type) {
	case nil:
		n.kind = jNull
	case bool:
		n.kind = jBool
	case json.Number:
		n.kind, n.text = jNumber, string(t)
	case string:
		n.kind, n.text = jString, t
	case json.Delim:
		if t == '[' {
			n.kind = jArray
			for dec.More() {
				if _, err := readJSONValue(dec, doc); err != nil {
					return nil, err
				}
			}
		} else {
			n.kind, n.fields = jObject, map[string]*jNode{}
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return nil, err
				}
				k, _ := kt.(string)
				c, err := readJSONValue(dec, doc)
				if err != nil {
					return nil, err
				}
				if _, dup := n.fields[k]; !dup {
					n.keys = append(n.keys, k)
				}
				n.fields[k] = c // the last duplicate wins, as in encoding/json
			}
		}
		if _, err := dec.Token(); err != nil { // ] or }
			return nil, err
		}
	}
	return n, nil
}

// lookup finds key as a field name or, failing that, as a dot path.
func (n *jNode) lookup(key string) *jNode {
	if n.kind != jObject {
		return nil
	}
	if c, ok := n.fields[key]; ok {
		return c
	}
	for i := 0; i < len(key); i++ {
		if key[i] != '.' {
			continue
		}
		if c, ok := n.fields[key[:i]]; ok {
			if v := c.lookup(key[i+1:]); v != nil {
				return v
			}
		}
	}
	return nil
}

// numericPaths adds the dot paths of the numeric leaves under n to seen.
func (n *jNode) numericPaths(prefix string, seen *seenSet) {
	for _, k := range n.keys {
		c, path := n.fields[k], prefix+k
		switch c.kind {
		case jObject:
			c.numericPaths(path+".", seen)
		case jNumber:
			seen.add(path)
		case jString:
			if _, err := c.float(); err == nil {
				seen.add(path)
			}
		}
	}
}

// float reads a number, or a string holding one ("NaN", "inf", "0.5").
// Values beyond the float64 range become ±Inf or 0, as the writer meant.
func (n *jNode) float() (float64, error) {
	switch n.kind {
	case jNumber, jString:
		f, err := strconv.ParseFloat(strings.TrimSpace(n.text), 64)
		if err != nil && !errors.Is(err, strconv.ErrRange) {
			return 0, fmt.Errorf("%q is not a number", n.text)
		}
		return f, nil
	}
	return 0, fmt.Errorf("want a number, got %s", n.kind)
}

// int reads an integral number, or a string holding one.
func (n *jNode) int() (int64, error) {
	if n.kind != jNumber && n.kind != jString {
		return 0, fmt.Errorf("want an integer, got %s", n.kind)
	}
	return parseStep(n.text)
}

// parseStep parses an integral step such as "12", "12.0" or "1.2e3".
func parseStep(s string) (int64, error) {
	s = strings.TrimSpace(s)
	if i, err := strconv.ParseInt(s, 10, 64); err == nil {
		return i, nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f != math.Trunc(f) || math.Abs(f) >= 1<<63 {
		return 0, fmt.Errorf("%q is not an integer", s)
	}
	return int64(f), nil
}
