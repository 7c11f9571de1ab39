package gate

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// parseJSON parses a JSON metrics document. It validates the whole document
// first, because encoding/json reports exact offsets only then, and then
// walks its tokens to keep the line of every key.
func parseJSON(path string, data []byte) (*node, error) {
	lines := newLineIndex(data)
	var raw json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, jsonSyntaxError(path, data, lines, err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	n, err := readJSONValue(dec, lines)
	if err != nil {
		var fe *FileError
		if errors.As(err, &fe) {
			fe.File = path
			return nil, fe
		}
		return nil, &FileError{File: path, Err: err}
	}
	return n, nil
}

func jsonSyntaxError(path string, data []byte, lines *lineIndex, err error) error {
	var syn *json.SyntaxError
	if !errors.As(err, &syn) {
		return &FileError{File: path, Err: err}
	}
	// Offset counts the bytes read when the error was found: the offending
	// byte is the last one read. At the end of the input, point just past the
	// last non-space character.
	off := int(syn.Offset) - 1
	if strings.Contains(syn.Error(), "unexpected end") {
		off = len(bytes.TrimRight(data, " \t\r\n"))
	}
	line, col := lines.position(off)
	return &FileError{File: path, Line: line, Column: col, Err: fmt.Errorf("invalid JSON: %s", syn.Error())}
}

// readJSONValue reads one value from a decoder over a document already known
// to be valid JSON (so nesting depth is bounded by encoding/json's limit).
func readJSONValue(dec *json.Decoder, lines *lineIndex) (*node, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	line := lines.line(int(dec.InputOffset()) - 1)
	switch t := tok.(type) {
	case json.Delim:
		if t == '[' {
			n := &node{kind: kindArray, line: line}
			for dec.More() {
				c, err := readJSONValue(dec, lines)
				if err != nil {
					return nil, err
				}
				n.items = append(n.items, c)
			}
			_, err := dec.Token() // ]
			return n, err
		}
		n := &node{kind: kindObject, fields: map[string]*node{}, line: line}
		for dec.More() {
			kt, err := dec.Token()
			if err != nil {
				return nil, err
			}
			key, _ := kt.(string)
			kline := lines.line(int(dec.InputOffset()) - 1)
			if prev, dup := n.fields[key]; dup {
				return nil, &FileError{Line: kline, Err: fmt.Errorf("duplicate key %q (first at line %d)", key, prev.line)}
			}
			c, err := readJSONValue(dec, lines)
			if err != nil {
				return nil, err
			}
			c.line = kline
			n.fields[key] = c
		}
		_, err := dec.Token() // }
		return n, err
	case json.Number:
		f, err := strconv.ParseFloat(t.String(), 64)
		if err != nil {
			return &node{kind: kindOther, what: fmt.Sprintf("a number out of range (%.40s)", t.String()), line: line}, nil
		}
		return &node{kind: kindNumber, num: f, line: line}, nil
	case string:
		return &node{kind: kindOther, what: describeOther(t), str: t, line: line}, nil
	default:
		return &node{kind: kindOther, what: describeOther(t), line: line}, nil
	}
}
