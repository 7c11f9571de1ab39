package score

import (
	"fmt"
	"math"
	"slices"

	"github.com/mlgate/mlgate/internal/result"
)

// How a test earned its points.
const (
	// Automated: a gate that ran automated the test (1 point).
	Automated = "automated"
	// ByHand: the team declared the test done by hand, with evidence (0.5 point).
	ByHand = "manual"
	// Missing: neither (0 points).
	Missing = "missing"
)

// Points per test.
const (
	AutomatedPoints = 1.0
	ManualPoints    = 0.5
)

// TestScore is one test with the points it earned and why.
type TestScore struct {
	Test
	// Points is 1 (automated), 0.5 (manual) or 0 (missing).
	Points float64 `json:"points"`
	// How is Automated, ByHand or Missing.
	How string `json:"how"`
	// By lists the ids of the results that automated the test, sorted.
	By []string `json:"by,omitempty"`
	// Evidence is the manual declaration's evidence, when How is ByHand.
	Evidence string `json:"evidence,omitempty"`
}

// Section is the score of one of the four sections.
type Section struct {
	// Name is the section name: data, model, infra or monitor.
	Name string `json:"name"`
	// Title is its display name: Data, Model, Infrastructure or Monitoring.
	Title string `json:"title"`
	// Tests are the section's seven tests in the paper's order.
	Tests []TestScore `json:"tests"`
	// Sum is the section's score: the sum of its tests' points, 0 to 7.
	Sum float64 `json:"sum"`
}

// Score is the ML Test Score of one set of results.
type Score struct {
	// Sections are the four sections in the paper's order.
	Sections []Section `json:"sections"`
	// Final is the lowest section sum.
	Final float64 `json:"final"`
	// Band interprets Final, see [Band].
	Band string `json:"band"`
	// Lowest names the sections whose sum is Final.
	Lowest []string `json:"lowest"`
	// Missing lists the tests with no points, in the paper's order.
	Missing []Test `json:"missing"`
	// Warnings explain what was not counted: results that did not run and
	// unknown test ids in results.
	Warnings []string `json:"warnings,omitempty"`
}

// Band interprets a final score as the paper does: 0 "a research project",
// (0,1] "minimal testing, high risk", (1,2] "basic readiness", (2,3]
// "reasonably tested", (3,5] "strong automation", above 5 "exceptional".
func Band(final float64) string {
	switch {
	case math.IsNaN(final) || final <= 0:
		return "a research project"
	case final <= 1:
		return "minimal testing, high risk"
	case final <= 2:
		return "basic readiness"
	case final <= 3:
		return "reasonably tested"
	case final <= 5:
		return "strong automation"
	}
	return "exceptional"
}

// ran reports whether a result's gate actually ran: pass, warn or fail.
// Error (could not evaluate) and skip do not count.
func ran(s result.Status) bool {
	return s == result.Pass || s == result.Warn || s == result.Fail
}

// Compute scores the results and the manual declarations. A result counts
// when its gate ran (status pass, warn or fail); it automates the tests in
// its MLTests, or [DefaultTests] of its gate kind when it lists none. A
// manual declaration counts only for a test that no result automated.
//
// The error is for a bad manual declaration (an unknown test id, empty or
// unusable evidence, one test declared twice with different evidence).
// Problems in results are not errors: they become Warnings.
func Compute(results []result.Result, manual []Manual) (Score, error) {
	evidence, err := manualEvidence(manual)
	if err != nil {
		return Score{}, err
	}
	automatedBy, warnings := automated(results)

	s := Score{Warnings: warnings, Final: math.Inf(1), Missing: []Test{}}
	all := Tests()
	for i, name := range SectionNames() {
		sec := Section{Name: name, Title: SectionTitle(name)}
		for _, t := range all[i*PerSection : (i+1)*PerSection] {
			ts := TestScore{Test: t, How: Missing}
			if by := automatedBy[t.ID]; len(by) > 0 {
				ts.How, ts.Points, ts.By = Automated, AutomatedPoints, by
			} else if ev, ok := evidence[t.ID]; ok {
				ts.How, ts.Points, ts.Evidence = ByHand, ManualPoints, ev
			} else {
				s.Missing = append(s.Missing, t)
			}
			sec.Sum += ts.Points
			sec.Tests = append(sec.Tests, ts)
		}
		s.Sections = append(s.Sections, sec)
		s.Final = min(s.Final, sec.Sum)
	}
	for _, sec := range s.Sections {
		if sec.Sum == s.Final {
			s.Lowest = append(s.Lowest, sec.Name)
		}
	}
	s.Band = Band(s.Final)
	return s, nil
}

// manualEvidence validates the declarations and maps test id to evidence.
func manualEvidence(manual []Manual) (map[string]string, error) {
	out := make(map[string]string, len(manual))
	for _, m := range manual {
		if err := m.Validate(); err != nil {
			return nil, err
		}
		if prev, dup := out[m.Test]; dup && prev != m.Evidence {
			return nil, fmt.Errorf("manual test %s is declared twice, with evidence %q and %q: keep one", m.Test, prev, m.Evidence)
		}
		out[m.Test] = m.Evidence
	}
	return out, nil
}

// automated maps each test id to the sorted ids of the results that
// automated it, and explains what it could not count.
func automated(results []result.Result) (map[string][]string, []string) {
	by := map[string][]string{}
	var warnings []string
	for _, r := range results {
		if !ran(r.Status) {
			warnings = append(warnings, fmt.Sprintf("result %s (%s) has status %s: its tests do not count", r.ID, r.Gate, r.Status))
			continue
		}
		ids := r.MLTests
		if len(ids) == 0 {
			ids = DefaultTests(r.Gate)
		}
		for _, id := range ids {
			if _, ok := Lookup(id); !ok {
				warnings = append(warnings, fmt.Sprintf("result %s lists an unknown ML test %q: ignored", r.ID, id))
				continue
			}
			if !slices.Contains(by[id], r.ID) {
				by[id] = append(by[id], r.ID)
			}
		}
	}
	for _, ids := range by {
		slices.Sort(ids)
	}
	return by, warnings
}
