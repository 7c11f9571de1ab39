package config

import (
	"github.com/goccy/go-yaml/ast"
)

// Helpers over the YAML tree: unwrap anchors, aliases and tags; read
// mappings (with << merge keys), sequences and scalars with positions.

func pos(line, col int) Pos { return Pos{Line: line, Column: col} }

// nodePos is where a node starts; for a mapping, its first key.
func nodePos(n ast.Node) Pos {
	switch m := n.(type) {
	case *ast.MappingNode:
		if m.IsFlowStyle && m.Start != nil {
			return pos(m.Start.Position.Line, m.Start.Position.Column)
		}
		if len(m.Values) > 0 {
			return nodePos(m.Values[0])
		}
	case *ast.MappingValueNode:
		return nodePos(m.Key)
	}
	if n == nil || n.GetToken() == nil {
		return Pos{}
	}
	p := n.GetToken().Position
	return pos(p.Line, p.Column)
}

// collectAnchors records every &anchor, so *aliases resolve wherever they are.
func (l *loader) collectAnchors(root ast.Node) {
	for _, n := range ast.Filter(ast.AnchorType, root) {
		if a, ok := n.(*ast.AnchorNode); ok && a.Name != nil {
			l.anchors[a.Name.String()] = a.Value
		}
	}
}

// resolve unwraps anchors, aliases and tags; an unknown alias resolves to
// nil after an error.
func (l *loader) resolve(n ast.Node) ast.Node {
	for depth := 0; n != nil && depth < 100; depth++ {
		switch v := n.(type) {
		case *ast.AnchorNode:
			n = v.Value
		case *ast.TagNode:
			n = v.Value
		case *ast.AliasNode:
			if v.Value == nil {
				return nil
			}
			target, ok := l.anchors[v.Value.String()]
			if !ok {
				l.errorf(nodePos(v), "unknown alias *%s: no &%s anchor before it", v.Value.String(), v.Value.String())
				return nil
			}
			n = target
		default:
			return n
		}
	}
	return n
}

// shape names a node's type for messages.
func shape(n ast.Node) string {
	switch n.(type) {
	case *ast.MappingNode, *ast.MappingValueNode:
		return "a mapping"
	case *ast.SequenceNode:
		return "a list"
	case *ast.NullNode, nil:
		return "nothing"
	}
	return "a single value"
}

// mapping returns the entries of a mapping node, merged ones (<<: *x)
// included after the explicit ones they do not override.
func (l *loader) mapping(n ast.Node, what string) ([]*ast.MappingValueNode, bool) {
	r := l.resolve(n)
	var entries []*ast.MappingValueNode
	switch m := r.(type) {
	case *ast.MappingNode:
		entries = m.Values
	case *ast.MappingValueNode:
		entries = []*ast.MappingValueNode{m}
	default:
		if r != nil || n == nil {
			l.errorf(nodePos(n), "%s must be a mapping (key: value), got %s", what, shape(r))
		}
		return nil, false
	}
	var explicit, merged []*ast.MappingValueNode
	for _, e := range entries {
		if e.Key != nil && e.Key.IsMergeKey() {
			merged = append(merged, l.mergeSources(e.Value, what)...)
			continue
		}
		explicit = append(explicit, e)
	}
	if len(merged) == 0 {
		return explicit, true
	}
	have := map[string]bool{}
	for _, e := range explicit {
		have[keyText(l.resolve(e.Key))] = true
	}
	for _, e := range merged {
		if k := keyText(l.resolve(e.Key)); !have[k] {
			have[k] = true
			explicit = append(explicit, e)
		}
	}
	return explicit, true
}

// mergeSources reads the value of a << key: a mapping or a list of them.
func (l *loader) mergeSources(n ast.Node, what string) []*ast.MappingValueNode {
	if seq, ok := l.resolve(n).(*ast.SequenceNode); ok {
		var out []*ast.MappingValueNode
		for _, item := range seq.Values {
			entries, _ := l.mapping(item, what+" (<< merge)")
			out = append(out, entries...)
		}
		return out
	}
	entries, _ := l.mapping(n, what+" (<< merge)")
	return entries
}

// sequence returns the items of a list node.
func (l *loader) sequence(n ast.Node, what string, kp Pos) ([]ast.Node, bool) {
	r := l.resolve(n)
	seq, ok := r.(*ast.SequenceNode)
	if !ok {
		if r != nil || n == nil {
			p := nodePos(n)
			if _, null := r.(*ast.NullNode); null || n == nil {
				p = kp
			}
			l.errorf(p, "%s must be a list (- item), got %s", what, shape(r))
		}
		return nil, false
	}
	return seq.Values, true
}

// key reads a mapping key, which must be a plain scalar.
func (l *loader) key(e *ast.MappingValueNode) (string, Pos, bool) {
	k := l.resolve(e.Key)
	p := nodePos(e.Key)
	switch k.(type) {
	case *ast.StringNode, *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode:
		return keyText(k), p, true
	}
	l.errorf(p, "a key must be a plain name, got %s", shape(k))
	return "", p, false
}

func keyText(n ast.Node) string {
	if s, ok := n.(*ast.StringNode); ok {
		return s.Value
	}
	if n == nil || n.GetToken() == nil {
		return ""
	}
	return n.GetToken().Value
}

// scalar reads a single value and expands environment variables in it;
// what names it in errors and kp is its key's position.
func (l *loader) scalar(n ast.Node, what string, kp Pos) (Value, bool) {
	r := l.resolve(n)
	if r == nil && n != nil {
		return Value{}, false // unknown alias, already reported
	}
	p := nodePos(n)
	var text string
	switch v := r.(type) {
	case *ast.StringNode:
		text = v.Value
	case *ast.LiteralNode:
		text = v.Value.Value
	case *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode, *ast.InfinityNode, *ast.NanNode:
		text = v.GetToken().Value
	case *ast.NullNode, nil:
		l.errorf(kp, "%s has no value: give one, or remove the key", what)
		return Value{}, false
	default:
		l.errorf(p, "%s must be a single value, got %s", what, shape(r))
		return Value{}, false
	}
	out, secrets, err := expand(text, l.getenv)
	if err != nil {
		l.errorf(p, "%s: %v", what, err)
		return Value{}, false
	}
	l.secrets = append(l.secrets, secrets...)
	return Value{Text: out, Pos: p}, true
}
