package config

import (
	"fmt"
	"strings"
)

// secretWords mark environment variables whose values are masked.
var secretWords = []string{"TOKEN", "SECRET", "PASSWORD", "KEY", "CREDENTIAL"}

// IsSecretName reports whether an environment variable's name looks like it
// holds a secret: it contains TOKEN, SECRET, PASSWORD, KEY or CREDENTIAL,
// in any case.
func IsSecretName(name string) bool {
	upper := strings.ToUpper(name)
	for _, w := range secretWords {
		if strings.Contains(upper, w) {
			return true
		}
	}
	return false
}

// expand replaces $VAR, ${VAR} and ${VAR:-default} in s with values from
// getenv, and $$ with a literal $. A '$' followed by anything else stays as
// it is (a regular expression's "loss$" needs no escape). An unset or empty
// variable without a default is an error: a silent empty string would hide
// a typo. It returns the values of variables whose names look secret.
func expand(s string, getenv func(string) string) (string, []string, error) {
	if !strings.Contains(s, "$") {
		return s, nil, nil
	}
	var (
		b       strings.Builder
		secrets []string
	)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '$' || i+1 == len(s) {
			b.WriteByte(c)
			continue
		}
		next := s[i+1]
		var name, def string
		hasDef := false
		switch {
		case next == '$':
			b.WriteByte('$')
			i++
			continue
		case next == '{':
			end := strings.IndexByte(s[i+2:], '}')
			if end < 0 {
				return "", nil, fmt.Errorf("unterminated ${ in %q: close it with }, or write $$ for a literal $", s)
			}
			inner := s[i+2 : i+2+end]
			name, def, hasDef = strings.Cut(inner, ":-")
			if !validVarName(name) {
				return "", nil, fmt.Errorf("invalid variable name in ${%s}: use letters, digits and _, not starting with a digit", inner)
			}
			i += 2 + end
		case isNameStart(next):
			j := i + 1
			for j < len(s) && isNameChar(s[j]) {
				j++
			}
			name = s[i+1 : j]
			i = j - 1
		default:
			b.WriteByte('$')
			continue
		}
		v := getenv(name)
		switch {
		case v != "":
			if IsSecretName(name) {
				secrets = append(secrets, v)
			}
		case hasDef:
			v = def
		default:
			return "", nil, fmt.Errorf("environment variable %s is not set (give a default with ${%s:-default}, or write $$ for a literal $)", name, name)
		}
		b.WriteString(v)
	}
	return b.String(), secrets, nil
}

func validVarName(s string) bool {
	if s == "" || !isNameStart(s[0]) {
		return false
	}
	for i := 1; i < len(s); i++ {
		if !isNameChar(s[i]) {
			return false
		}
	}
	return true
}

func isNameStart(c byte) bool { return c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

func isNameChar(c byte) bool { return isNameStart(c) || '0' <= c && c <= '9' }
