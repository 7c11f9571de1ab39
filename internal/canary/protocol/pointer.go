package protocol

import (
	"fmt"
	"strconv"
	"strings"
)

// checkPointer validates the syntax of a JSON pointer (RFC 6901).
func checkPointer(p string) error {
	if p != "" && !strings.HasPrefix(p, "/") {
		return fmt.Errorf("JSON pointer %q must be empty or start with '/'", p)
	}
	for i := 0; i < len(p); i++ {
		if p[i] == '~' && (i+1 == len(p) || (p[i+1] != '0' && p[i+1] != '1')) {
			return fmt.Errorf("JSON pointer %q: '~' must be followed by 0 or 1", p)
		}
	}
	return nil
}

// lookup resolves the JSON pointer p in the decoded document doc.
func lookup(doc any, p string) (any, error) {
	if p == "" {
		return doc, nil
	}
	v := doc
	at := ""
	for _, tok := range strings.Split(p[1:], "/") {
		tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
		switch c := v.(type) {
		case map[string]any:
			e, ok := c[tok]
			if !ok {
				return nil, fmt.Errorf("JSON pointer %s: no key %q at %q", p, tok, at)
			}
			v = e
		case []any:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(c) || (len(tok) > 1 && tok[0] == '0') {
				return nil, fmt.Errorf("JSON pointer %s: no index %q in the array of %d at %q", p, tok, len(c), at)
			}
			v = c[i]
		default:
			return nil, fmt.Errorf("JSON pointer %s: %q is a %s, not an object or array", p, at, describe(v))
		}
		at += "/" + strings.ReplaceAll(strings.ReplaceAll(tok, "~", "~0"), "/", "~1")
	}
	return v, nil
}
