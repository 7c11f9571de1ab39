package score

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxEvidenceLen bounds the length of a manual test's evidence, in bytes.
const MaxEvidenceLen = 2048

// Manual declares a test that the team performs by hand, with its evidence.
type Manual struct {
	// Test is the test id, for example "infra-3".
	Test string `json:"test" yaml:"test"`
	// Evidence is where the result is documented: an http(s) URL or a path
	// in the repository. It is required.
	Evidence string `json:"evidence" yaml:"evidence"`
}

// schemePattern matches the start of a URL with a scheme ("https:", "javascript:").
var schemePattern = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]*:`)

// Validate checks that m names a known test and has usable evidence: an
// http or https URL with a host, or a path in the repository, on one line.
func (m Manual) Validate() error {
	if _, ok := Lookup(m.Test); !ok {
		return unknownTestError(m.Test)
	}
	ev := m.Evidence
	if strings.TrimSpace(ev) == "" {
		return fmt.Errorf("manual test %s: evidence is empty: give a URL or a repository path that documents the test", m.Test)
	}
	if len(ev) > MaxEvidenceLen {
		return fmt.Errorf("manual test %s: evidence is %d bytes, over the %d-byte limit", m.Test, len(ev), MaxEvidenceLen)
	}
	if !utf8.ValidString(ev) {
		return fmt.Errorf("manual test %s: evidence is not valid UTF-8", m.Test)
	}
	if i := strings.IndexFunc(ev, unicode.IsControl); i >= 0 {
		return fmt.Errorf("manual test %s: evidence has a control character at byte %d: give one URL or path on one line", m.Test, i)
	}
	if ev != strings.TrimSpace(ev) {
		return fmt.Errorf("manual test %s: evidence %q has surrounding spaces", m.Test, ev)
	}
	if schemePattern.MatchString(ev) {
		if _, ok := evidenceURL(ev); !ok {
			return fmt.Errorf("manual test %s: evidence %q: want an http(s) URL with a host, or a path in the repository", m.Test, ev)
		}
	}
	return nil
}

// evidenceURL reports whether ev is an http or https URL with a host, and
// returns it.
func evidenceURL(ev string) (string, bool) {
	scheme, rest, ok := strings.Cut(ev, "://")
	if !ok {
		return "", false
	}
	scheme = strings.ToLower(scheme)
	if scheme != "http" && scheme != "https" {
		return "", false
	}
	host, _, _ := strings.Cut(rest, "/")
	if host == "" || strings.ContainsAny(host, " ") {
		return "", false
	}
	return ev, true
}

// ParseManual parses the command-line form TEST=EVIDENCE, for example
// "infra-3=https://wiki.example.com/pipeline-test", and validates it.
func ParseManual(s string) (Manual, error) {
	id, ev, ok := strings.Cut(s, "=")
	if !ok {
		return Manual{}, errors.New("want TEST=EVIDENCE, for example infra-3=https://wiki.example.com/pipeline-test or model-1=docs/model-review.md")
	}
	m := Manual{Test: strings.TrimSpace(id), Evidence: strings.TrimSpace(ev)}
	if err := m.Validate(); err != nil {
		return Manual{}, err
	}
	return m, nil
}
