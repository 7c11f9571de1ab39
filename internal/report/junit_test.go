package report

import (
	"bytes"
	"encoding/xml"
	"strings"
	"testing"

	"github.com/mlgate/mlgate/internal/result"
)

func TestJUnitParses(t *testing.T) {
	t.Parallel()
	rs := fixtures()
	bad := res("ctl", result.Fail)
	bad.Title = "x"
	bad.Findings = []result.Finding{{Severity: result.SeverityError, Message: "nul\x00 esc\x1b ffff\uffff bad\xff end"}}
	rs = append(rs, bad)
	var buf bytes.Buffer
	if err := JUnit(&buf, rs); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Name     string `xml:"name,attr"`
		Tests    int    `xml:"tests,attr"`
		Failures int    `xml:"failures,attr"`
		Errors   int    `xml:"errors,attr"`
		Skipped  int    `xml:"skipped,attr"`
		Suites   []struct {
			Name  string `xml:"name,attr"`
			Cases []struct {
				ClassName string `xml:"classname,attr"`
				Name      string `xml:"name,attr"`
				Time      string `xml:"time,attr"`
				Failure   *struct {
					Message string `xml:"message,attr"`
					Text    string `xml:",chardata"`
				} `xml:"failure"`
				Error *struct {
					Text string `xml:",chardata"`
				} `xml:"error"`
				Skipped   *struct{} `xml:"skipped"`
				SystemOut string    `xml:"system-out"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("JUnit output does not parse: %v\n%s", err, buf.String())
	}
	if doc.Name != "mlgate" || doc.Tests != 7 || doc.Failures != 3 || doc.Errors != 1 || doc.Skipped != 1 {
		t.Errorf("totals = %+v", doc)
	}
	if len(doc.Suites) != 1 || doc.Suites[0].Name != "mlgate" || len(doc.Suites[0].Cases) != 7 {
		t.Fatalf("want one suite named mlgate with 7 cases")
	}
	byID := map[string]int{}
	for i, c := range doc.Suites[0].Cases {
		byID[c.Name] = i
	}
	cs := doc.Suites[0].Cases
	model := cs[byID["model"]]
	if model.ClassName != "mlgate.gate" || model.Time != "1.234" || model.Failure == nil ||
		!strings.Contains(model.Failure.Text, "metric accuracy: candidate 0.87, baseline 0.91") ||
		!strings.Contains(model.Failure.Text, "(eval/slices.csv:2:3, field country)") {
		t.Errorf("model case = %+v", model)
	}
	if c := cs[byID["canary"]]; c.Error == nil || !strings.Contains(c.Error.Text, "retried 3 times") {
		t.Errorf("canary case = %+v", c)
	}
	if c := cs[byID["repro"]]; c.Skipped == nil {
		t.Errorf("repro not skipped")
	}
	if c := cs[byID["smoke"]]; c.Failure != nil || !strings.Contains(c.SystemOut, "loss decreases slowly") {
		t.Errorf("warn case = %+v", c)
	}
	if c := cs[byID["data"]]; c.Failure != nil || c.Error != nil || c.Skipped != nil {
		t.Errorf("pass case = %+v", c)
	}
	if c := cs[byID["ctl"]]; c.Failure == nil || !strings.Contains(c.Failure.Text, "nul esc ffff bad\uFFFD end") {
		t.Errorf("invalid XML characters not stripped: %+v", c.Failure)
	}
	if c := cs[byID["evil"]]; c.Failure == nil || !strings.Contains(c.Failure.Text, hostile) {
		t.Errorf("hostile text not preserved verbatim through XML escaping")
	}
}

func TestJUnitEmpty(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	if err := JUnit(&buf, nil); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `<testsuites name="mlgate" tests="0" failures="0" errors="0" skipped="0" time="0.000">`) {
		t.Errorf("got %s", buf.String())
	}
}
