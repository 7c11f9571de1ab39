package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/mlgate/mlgate/internal/result"
)

// Terminal output: plain text for logs. Markdown goes to the report.

var statusWord = map[result.Status]string{
	result.Pass:  "PASS",
	result.Warn:  "WARN",
	result.Fail:  "FAIL",
	result.Error: "ERROR",
	result.Skip:  "SKIP",
}

func word(s result.Status) string {
	if w, ok := statusWord[s]; ok {
		return w
	}
	return strings.ToUpper(string(s))
}

// printResult writes one result as a few lines of text.
func printResult(w io.Writer, r result.Result) {
	name := r.ID
	fmt.Fprintf(w, "%s %s %s", word(r.Status), r.Gate, oneLine(name))
	if r.Summary != "" {
		fmt.Fprintf(w, ": %s", oneLine(r.Summary))
	}
	fmt.Fprintln(w)
	// An error result lists each problem both in Error and as a finding:
	// print the problems once.
	problems := map[string]bool{}
	for _, line := range strings.Split(r.Error, "\n") {
		if line = strings.TrimSpace(line); line != "" && !problems[line] {
			problems[line] = true
			fmt.Fprintf(w, "  error: %s\n", oneLine(line))
		}
	}
	for _, m := range r.Metrics {
		fmt.Fprintf(w, "  %-5s %s", word(m.Status), oneLine(m.Name))
		if m.Value != nil || m.Status == result.Fail {
			// A check with no value of its own (an expression) shows none;
			// a failed metric without a value is a missing one.
			fmt.Fprintf(w, " = %s", num(m.Value))
		}
		if m.Baseline != nil {
			fmt.Fprintf(w, " (baseline %s)", num(m.Baseline))
		}
		if m.Rule != "" {
			fmt.Fprintf(w, "  rule: %s", oneLine(m.Rule))
		}
		if m.Message != "" {
			fmt.Fprintf(w, "  %s", oneLine(m.Message))
		}
		fmt.Fprintln(w)
	}
	const maxFindings = 5
	var shown, more int
	for _, f := range r.Findings {
		switch {
		case problems[strings.TrimSpace(f.Message)]:
		case shown == maxFindings:
			more++
		default:
			shown++
			fmt.Fprintf(w, "  %s: %s\n", f.Severity, oneLine(f.Message))
		}
	}
	if more > 0 {
		fmt.Fprintf(w, "  ... and %d more findings in the report\n", more)
	}
}

func num(f *result.Float) string {
	if f == nil {
		return "missing"
	}
	return f.String()
}

// oneLine keeps user strings on one log line and strips control
// characters, so data cannot forge workflow commands (::set-output etc.).
func oneLine(s string) string {
	s = strings.Map(func(r rune) rune {
		if r == '\n' || r == '\r' || r == '\t' {
			return ' '
		}
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, s)
	if len(s) > 300 {
		cut := 300
		for cut > 0 && !isRuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "…"
	}
	return s
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }
