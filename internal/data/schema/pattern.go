package schema

import (
	"fmt"
	"regexp"
	"strings"
)

// matcher tests a string against a compiled pattern.
type matcher interface {
	MatchString(s string) bool
}

// compilePattern compiles an ECMA-262 pattern for the fast path. It accepts
// only a subset whose meaning is the same in ECMA-262 (with the "u" flag, as
// JSON Schema recommends) and in Go's RE2, and returns an error naming the
// construct otherwise, so that the caller falls back to the reference.
//
// Accepted: ASCII literals, escaped punctuation, \d \D \w \W \t \n \r \f \v,
// bracket classes of those (not empty, no leading ']', no nested '['), the
// anchors ^ and $, groups ( ) and (?: ), alternation and the quantifiers
// * + ? {n} {n,} {n,m}, greedy or lazy. Refused: '.', \s \S \b \B, Unicode
// property escapes, back-references, lookaround, named groups, \u and \x
// escapes and any non-ASCII character (ECMA and RE2 differ on each).
func compilePattern(p string) (matcher, error) {
	if err := checkECMASubset(p); err != nil {
		return nil, err
	}
	if m, ok := compileSimple(p); ok {
		return m, nil
	}
	re, err := regexp.Compile(p)
	if err != nil {
		return nil, fmt.Errorf("pattern %q: %w", p, err)
	}
	return re, nil
}

func checkECMASubset(p string) error {
	inClass := false
	classStart := false
	for i := 0; i < len(p); i++ {
		c := p[i]
		if c >= 0x80 || c < 0x20 {
			return fmt.Errorf("pattern %q: non-ASCII or control character at byte %d", p, i)
		}
		if classStart {
			classStart = false
			if c == '^' {
				if i+1 < len(p) && p[i+1] == ']' {
					return fmt.Errorf("pattern %q: class starting with ']'", p)
				}
				continue
			}
			if c == ']' {
				return fmt.Errorf("pattern %q: empty class or class starting with ']'", p)
			}
		}
		switch c {
		case '\\':
			if i+1 >= len(p) {
				return fmt.Errorf("pattern %q: trailing backslash", p)
			}
			i++
			e := p[i]
			switch {
			case strings.IndexByte(`dDwWtnrfv`, e) >= 0:
			case strings.IndexByte(`\/.-^$*+?()[]{}|`, e) >= 0:
			default:
				return fmt.Errorf("pattern %q: escape \\%c differs between ECMA-262 and RE2", p, e)
			}
		case '[':
			if inClass {
				return fmt.Errorf("pattern %q: '[' inside a class", p)
			}
			inClass, classStart = true, true
		case ']':
			inClass = false
		case '.':
			if !inClass {
				return fmt.Errorf("pattern %q: '.' differs between ECMA-262 and RE2 on line terminators", p)
			}
		case '(':
			if !inClass && i+1 < len(p) && p[i+1] == '?' {
				if i+2 < len(p) && p[i+2] == ':' {
					i += 2
					continue
				}
				return fmt.Errorf("pattern %q: group modifier (?%s", p, p[i+2:min(i+3, len(p))])
			}
		case '{':
			if !inClass {
				if !validRepeat(p[i:]) {
					return fmt.Errorf("pattern %q: '{' that is not a bounded repeat", p)
				}
				i += strings.IndexByte(p[i:], '}')
			}
		case '}':
			if !inClass {
				return fmt.Errorf("pattern %q: lone '}'", p)
			}
		}
	}
	if inClass {
		return fmt.Errorf("pattern %q: unterminated class", p)
	}
	return nil
}

// validRepeat reports whether s starts with {n}, {n,} or {n,m}.
func validRepeat(s string) bool {
	end := strings.IndexByte(s, '}')
	if end < 0 {
		return false
	}
	body := s[1:end]
	lo, hi := body, "" // {n}, or {n,} and {n,m}
	if k := strings.IndexByte(body, ','); k >= 0 {
		lo, hi = body[:k], body[k+1:]
	}
	return lo != "" && allDigits(lo) && allDigits(hi)
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// simpleMatcher matches anchored patterns made of ASCII literals and runs
// [^set]+ or [^set]* (such as ^[^@]+@[^@]+$) without backtracking: each run
// is followed either by the end or by a literal that is in its set, so the
// run can only stop at the first byte of the set. Bytes >= 0x80 are never in
// a set, matching RE2, which treats any rune (even an invalid byte) as not
// in an ASCII negated class.
type simpleMatcher struct {
	items []simpleItem
}

type simpleItem struct {
	lit      byte // literal when !run
	run      bool
	minOne   bool      // + rather than *
	excluded [128]bool // the run's negated set
	// single is the set's only byte when it has one (as [^@]), else -1:
	// the run then ends at that byte's first occurrence.
	single int
}

// compileSimple recognises ^ (literal | [^ascii...]+ | [^ascii...]*)* $.
func compileSimple(p string) (*simpleMatcher, bool) {
	if len(p) < 2 || p[0] != '^' || p[len(p)-1] != '$' || strings.HasSuffix(p, `\$`) {
		return nil, false
	}
	body := p[1 : len(p)-1]
	m := &simpleMatcher{}
	for i := 0; i < len(body); {
		c := body[i]
		switch {
		case c == '[':
			end := strings.IndexByte(body[i:], ']')
			if end < 0 || i+1 >= len(body) || body[i+1] != '^' || i+end+1 >= len(body) {
				return nil, false
			}
			set := body[i+2 : i+end]
			if set == "" {
				return nil, false
			}
			it := simpleItem{run: true, single: -1}
			for j := 0; j < len(set); j++ {
				b := set[j]
				if b == '\\' || b == '-' || b == '[' || b == '^' || b >= 0x80 {
					return nil, false
				}
				it.excluded[b] = true
			}
			if len(set) == 1 {
				it.single = int(set[0])
			}
			switch body[i+end+1] {
			case '+':
				it.minOne = true
			case '*':
			default:
				return nil, false
			}
			m.items = append(m.items, it)
			i += end + 2
		case c == '\\':
			if i+1 >= len(body) || strings.IndexByte(`\/.-^$*+?()[]{}|`, body[i+1]) < 0 {
				return nil, false
			}
			m.items = append(m.items, simpleItem{lit: body[i+1]})
			i += 2
		case strings.IndexByte(`.^$*+?()[]{}|`, c) >= 0:
			return nil, false
		default:
			m.items = append(m.items, simpleItem{lit: c})
			i++
		}
	}
	// Literals must not be quantified (checked above: a quantifier after a
	// literal is refused) and each run must be followed by the end or by a
	// literal in its set.
	for k, it := range m.items {
		if !it.run {
			continue
		}
		if k+1 < len(m.items) {
			next := m.items[k+1]
			if next.run || !it.excluded[next.lit] {
				return nil, false
			}
		}
	}
	return m, true
}

// MatchString reports whether s matches the whole pattern.
func (m *simpleMatcher) MatchString(s string) bool {
	i := 0
	for _, it := range m.items {
		if !it.run {
			if i >= len(s) || s[i] != it.lit {
				return false
			}
			i++
			continue
		}
		start := i
		if it.single >= 0 {
			if k := strings.IndexByte(s[i:], byte(it.single)); k >= 0 {
				i += k
			} else {
				i = len(s)
			}
		} else {
			for i < len(s) && (s[i] >= 0x80 || !it.excluded[s[i]]) {
				i++
			}
		}
		if it.minOne && i == start {
			return false
		}
	}
	return i == len(s)
}
