package schema

import (
	"math/rand/v2"
	"strings"
	"testing"
)

func TestPatternSubset(t *testing.T) {
	t.Parallel()
	accept := []string{`^[^@]+@[^@]+$`, `^\d{3}-\d{4}$`, `^(?:ab|cd)*$`, `[A-Za-z_][A-Za-z0-9_]*`, `^\w+\.\w+$`, `x{2,}`, `^[.]$`, `a|b`, `^\/\?$`}
	refuse := []string{`^a.b$`, `\s`, `\bword`, `\p{L}`, `(?i)a`, `(?=a)`, `(a)\1`, `[[:alpha:]]`, `[]a]`, `[^]`, `é`, `\u00e9`, `a{`, `\Qa\E`, `\z`}
	for _, p := range accept {
		if _, err := compilePattern(p); err != nil {
			t.Errorf("compilePattern(%q) refused: %v", p, err)
		}
	}
	for _, p := range refuse {
		if _, err := compilePattern(p); err == nil {
			t.Errorf("compilePattern(%q) accepted a pattern whose meaning differs between ECMA-262 and RE2", p)
		}
	}
}

// TestSimpleMatcherEqualsRegexp checks the specialised matcher against RE2
// on random strings, including newlines, multi-byte and invalid UTF-8.
func TestSimpleMatcherEqualsRegexp(t *testing.T) {
	t.Parallel()
	patterns := []string{`^[^@]+@[^@]+$`, `^[^,]*,[^,]+$`, `^ab[^b]+b$`, `^a\.b$`, `^$`, `^[^@ ]+@[^@ ]*$`, `^x[^yz]*y[^q]+$`}
	alphabet := []string{"a", "b", "@", ",", " ", ".", "\n", "é", "\xff", "x", "y", "z", "q"}
	r := rand.New(rand.NewPCG(3, 4))
	for _, p := range patterns {
		sm, ok := compileSimple(p)
		if !ok {
			t.Fatalf("compileSimple(%q) refused", p)
		}
		re := mustRegexp(t, p)
		for range 20000 {
			var sb strings.Builder
			for range r.IntN(8) {
				sb.WriteString(alphabet[r.IntN(len(alphabet))])
			}
			s := sb.String()
			if got, want := sm.MatchString(s), re.MatchString(s); got != want {
				t.Fatalf("pattern %q on %q: simple=%v regexp=%v", p, s, got, want)
			}
		}
	}
	for _, p := range []string{`^[^@]+[^a]+$`, `^[^@]+a$`, `^a+$`, `[^@]+@`, `^[^a-z]+$`} {
		if _, ok := compileSimple(p); ok {
			t.Errorf("compileSimple(%q) accepted a pattern that may need backtracking or ranges", p)
		}
	}
}
