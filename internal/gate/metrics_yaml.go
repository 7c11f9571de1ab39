package gate

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
	"github.com/goccy/go-yaml/token"
)

// parseYAML parses a YAML metrics document: goccy/go-yaml decodes the values
// (anchors, merge keys and tags included) and its syntax tree gives the line
// of every plain key.
func parseYAML(path string, data []byte) (*node, error) {
	file, err := parser.ParseBytes(data, 0)
	if err != nil {
		return nil, yamlError(path, err)
	}
	var docs []ast.Node
	for _, d := range file.Docs {
		if d != nil && d.Body != nil {
			docs = append(docs, d.Body)
		}
	}
	switch len(docs) {
	case 0:
		return nil, nil
	case 1:
	default:
		return nil, &FileError{File: path, Line: docs[1].GetToken().Position.Line,
			Err: fmt.Errorf("%d YAML documents; want one", len(docs))}
	}
	var v any
	if err := yaml.NodeToValue(docs[0], &v); err != nil {
		return nil, yamlError(path, err)
	}
	idx := &yamlIndex{lines: map[string]int{}, plainNums: map[string]float64{}}
	idx.walk(docs[0], "")
	return idx.node(v, "", docs[0].GetToken().Position.Line), nil
}

func yamlError(path string, err error) error {
	var ye yaml.Error
	if errors.As(err, &ye) && ye.GetToken() != nil {
		p := ye.GetToken().Position
		return &FileError{File: path, Line: p.Line, Column: p.Column, Err: fmt.Errorf("invalid YAML: %s", ye.GetMessage())}
	}
	return &FileError{File: path, Err: fmt.Errorf("invalid YAML: %w", err)}
}

// pathKey joins path segments with a byte that cannot appear in them unquoted.
func pathKey(prefix, seg string) string { return prefix + "\x00" + seg }

// yamlIndex holds what the syntax tree knows and the decoded value does not,
// keyed by path (see pathKey).
type yamlIndex struct {
	// lines holds the line of every plain mapping key and sequence item.
	lines map[string]int
	// plainNums holds unquoted scalars that are decimal numbers YAML 1.2
	// reads as floats but goccy/go-yaml decodes as strings, such as 1e-3.
	plainNums map[string]float64
}

// decimal matches a YAML 1.2 core-schema float or integer.
var decimal = regexp.MustCompile(`^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`)

// walk indexes the tree under n, whose path is prefix.
func (idx *yamlIndex) walk(n ast.Node, prefix string) {
	switch n := n.(type) {
	case *ast.AnchorNode:
		idx.walk(n.Value, prefix)
	case *ast.TagNode:
		if _, scalar := n.Value.(ast.ScalarNode); !scalar { // !!str 1e3 stays a string
			idx.walk(n.Value, prefix)
		}
	case *ast.MappingNode:
		for _, mv := range n.Values {
			idx.walk(mv, prefix)
		}
	case *ast.StringNode:
		tk := n.GetToken()
		if tk != nil && tk.Type == token.StringType && decimal.MatchString(n.Value) {
			if f, err := strconv.ParseFloat(n.Value, 64); err == nil {
				idx.plainNums[prefix] = f
			}
		}
	case *ast.MappingValueNode:
		if n.Key == nil || n.Key.IsMergeKey() {
			return
		}
		key := n.Key.GetToken()
		if key == nil {
			return
		}
		p := pathKey(prefix, key.Value)
		idx.lines[p] = key.Position.Line
		if n.Value != nil {
			idx.walk(n.Value, p)
		}
	case *ast.SequenceNode:
		for i, item := range n.Values {
			if item == nil {
				continue
			}
			p := pathKey(prefix, fmt.Sprint(i))
			if tk := item.GetToken(); tk != nil {
				idx.lines[p] = tk.Position.Line
			}
			idx.walk(item, p)
		}
	}
}

// node converts the decoded YAML value v at path to a node tree.
func (idx *yamlIndex) node(v any, path string, line int) *node {
	if l, ok := idx.lines[path]; ok {
		line = l
	}
	switch v := v.(type) {
	case map[string]any:
		n := &node{kind: kindObject, fields: make(map[string]*node, len(v)), line: line}
		for k, c := range v {
			n.fields[k] = idx.node(c, pathKey(path, k), 0)
		}
		return n
	case map[any]any:
		n := &node{kind: kindObject, fields: make(map[string]*node, len(v)), line: line}
		for k, c := range v {
			ks := fmt.Sprint(k)
			n.fields[ks] = idx.node(c, pathKey(path, ks), 0)
		}
		return n
	case []any:
		n := &node{kind: kindArray, line: line}
		for i, c := range v {
			n.items = append(n.items, idx.node(c, pathKey(path, fmt.Sprint(i)), 0))
		}
		return n
	case float64:
		return &node{kind: kindNumber, num: v, line: line}
	case float32:
		return &node{kind: kindNumber, num: float64(v), line: line}
	case int:
		return &node{kind: kindNumber, num: float64(v), line: line}
	case int64:
		return &node{kind: kindNumber, num: float64(v), line: line}
	case uint64:
		return &node{kind: kindNumber, num: float64(v), line: line}
	case string:
		if f, ok := idx.plainNums[path]; ok {
			return &node{kind: kindNumber, num: f, line: line}
		}
		return &node{kind: kindOther, what: describeOther(v), str: v, line: line}
	}
	return &node{kind: kindOther, what: describeOther(v), line: line}
}
