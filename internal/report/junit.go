package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/mlgate/mlgate/internal/result"
)

// maxJUnitFindings bounds the findings listed in one test case.
const maxJUnitFindings = 1000

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Time     string       `xml:"time,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Errors   int         `xml:"errors,attr"`
	Skipped  int         `xml:"skipped,attr"`
	Time     string      `xml:"time,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	ClassName string        `xml:"classname,attr"`
	Name      string        `xml:"name,attr"`
	Time      string        `xml:"time,attr"`
	Failure   *junitProblem `xml:"failure,omitempty"`
	Error     *junitProblem `xml:"error,omitempty"`
	Skipped   *junitSkipped `xml:"skipped,omitempty"`
	SystemOut string        `xml:"system-out,omitempty"`
}

type junitProblem struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr,omitempty"`
	Text    string `xml:",chardata"`
}

type junitSkipped struct {
	Message string `xml:"message,attr,omitempty"`
}

// JUnit writes the results as JUnit XML: one <testsuite name="mlgate"> with
// one <testcase> per result, in report order. A failed result carries a
// <failure> listing its failing metrics and findings, an errored one an
// <error>, a skipped one <skipped/>; a result with warnings passes with a
// <system-out> that lists them. Characters not allowed in XML 1.0 are removed.
func JUnit(w io.Writer, rs []result.Result) error {
	rs = Sort(rs)
	suite := junitSuite{Name: "mlgate", Cases: make([]junitCase, 0, len(rs))}
	var total float64
	for _, r := range rs {
		c := junitCase{
			ClassName: xmlClean("mlgate." + orDefault(r.Gate, "unknown")),
			Name:      xmlClean(r.ID),
			Time:      seconds(r.DurationMS),
		}
		if r.DurationMS > 0 {
			total += r.DurationMS
		}
		switch normStatus(r.Status) {
		case result.Fail:
			suite.Failures++
			msg, text := problemText(r)
			c.Failure = &junitProblem{Message: xmlClean(msg), Type: "fail", Text: xmlClean(text)}
		case result.Error:
			suite.Errors++
			msg, text := problemText(r)
			c.Error = &junitProblem{Message: xmlClean(msg), Type: "error", Text: xmlClean(text)}
		case result.Skip:
			suite.Skipped++
			c.Skipped = &junitSkipped{Message: xmlClean(firstLine(r.Summary))}
		case result.Warn:
			_, text := problemText(r)
			c.SystemOut = xmlClean("Passed with warnings.\n" + text)
		}
		suite.Cases = append(suite.Cases, c)
	}
	suite.Tests = len(rs)
	suite.Time = seconds(total)
	doc := junitSuites{
		Name: "mlgate", Tests: suite.Tests, Failures: suite.Failures, Errors: suite.Errors,
		Skipped: suite.Skipped, Time: suite.Time, Suites: []junitSuite{suite},
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return fmt.Errorf("writing JUnit report: %w", err)
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("writing JUnit report: %w", err)
	}
	if _, err := io.WriteString(w, "\n"); err != nil {
		return fmt.Errorf("writing JUnit report: %w", err)
	}
	return nil
}

// problemText describes what is wrong with a result: a one-line message and
// a text listing its error, failing or warning metrics, and findings.
func problemText(r result.Result) (msg, text string) {
	var b strings.Builder
	var bad []string
	if e := strings.TrimSpace(r.Error); e != "" {
		b.WriteString("Error: " + e + "\n")
	}
	for _, m := range r.Metrics {
		if m.Status != result.Fail && m.Status != result.Warn && m.Status != result.Error {
			continue
		}
		bad = append(bad, m.Name)
		b.WriteString(string(m.Status) + ": metric " + m.Name + ": candidate " + formatValue(m.Value, m.Unit) +
			", baseline " + formatValue(m.Baseline, m.Unit) + ", delta " + formatDelta(m))
		if m.Rule != "" {
			b.WriteString(", rule " + m.Rule)
		}
		if m.Message != "" {
			b.WriteString(": " + m.Message)
		}
		b.WriteString("\n")
	}
	shown := min(len(r.Findings), maxJUnitFindings)
	for _, f := range r.Findings[:shown] {
		b.WriteString(string(f.Severity) + ": ")
		if f.Check != "" {
			b.WriteString(f.Check + ": ")
		}
		b.WriteString(f.Message)
		if loc := plainLocation(f.Location); loc != "" {
			b.WriteString(" (" + loc + ")")
		}
		b.WriteString("\n")
	}
	if more := len(r.Findings) - shown + r.FindingsOmitted; more > 0 {
		b.WriteString("… and " + plural(more, "more finding", "more findings") + "\n")
	}
	switch {
	case strings.TrimSpace(r.Error) != "":
		msg = firstLine(r.Error)
	case r.Summary != "":
		msg = firstLine(r.Summary)
	case len(bad) > 0:
		msg = "metrics not met: " + strings.Join(bad, ", ")
	case len(r.Findings)+r.FindingsOmitted > 0:
		msg = plural(len(r.Findings)+r.FindingsOmitted, "finding", "findings")
	default:
		msg = "gate " + string(r.Status)
	}
	return msg, b.String()
}

// plainLocation formats a location without Markdown escaping: "file:12:3, field age".
func plainLocation(l *result.Location) string {
	return strings.Join(locationParts(l), ", ")
}

// firstLine returns the first non-blank line of s, trimmed and shortened.
func firstLine(s string) string {
	s = strings.TrimSpace(s)
	first, _, _ := strings.Cut(s, "\n")
	return truncRunes(strings.TrimSpace(first), cellMaxRunes)
}

// seconds formats milliseconds as seconds with millisecond precision.
func seconds(ms float64) string {
	if !(ms > 0) || ms > 1e15 {
		return "0.000"
	}
	return strconv.FormatFloat(ms/1000, 'f', 3, 64)
}

// xmlClean makes s valid UTF-8 and removes characters not allowed in XML 1.0.
func xmlClean(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	return strings.Map(func(r rune) rune {
		if r == 0x9 || r == 0xA || r == 0xD ||
			(r >= 0x20 && r <= 0xD7FF) || (r >= 0xE000 && r <= 0xFFFD) || (r >= 0x10000 && r <= 0x10FFFF) {
			return r
		}
		return -1
	}, s)
}
