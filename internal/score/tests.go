package score

import (
	"fmt"
	"strings"
)

// The section names, which are also the prefixes of the test ids.
const (
	SectionData    = "data"
	SectionModel   = "model"
	SectionInfra   = "infra"
	SectionMonitor = "monitor"
)

// PerSection is the number of tests in each section.
const PerSection = 7

// Test is one test of the rubric.
type Test struct {
	// ID is the section name, a dash and the test's 1-based number in the
	// paper's order: "data-1" .. "monitor-7".
	ID string `json:"id"`
	// Section is one of SectionData, SectionModel, SectionInfra, SectionMonitor.
	Section string `json:"section"`
	// Title is the test's short title, as the paper lists it.
	Title string `json:"title"`
}

// sectionTitles are the display names of the sections, in the paper's order.
var sectionTitles = [...]struct{ name, title string }{
	{SectionData, "Data"},
	{SectionModel, "Model"},
	{SectionInfra, "Infrastructure"},
	{SectionMonitor, "Monitoring"},
}

// titles holds the short titles of Tables I to IV of the paper, in order.
// It is never modified: Tests returns copies.
var titles = map[string][PerSection]string{
	SectionData: {
		"Feature expectations are captured in a schema",
		"All features are beneficial",
		"No feature's cost is too much",
		"Features adhere to meta-level requirements",
		"The data pipeline has appropriate privacy controls",
		"New features can be added quickly",
		"All input feature code is tested",
	},
	SectionModel: {
		"Model specs are reviewed and submitted",
		"Offline and online metrics correlate",
		"All hyperparameters have been tuned",
		"The impact of model staleness is known",
		"A simpler model is not better",
		"Model quality is sufficient on important data slices",
		"The model is tested for considerations of inclusion",
	},
	SectionInfra: {
		"Training is reproducible",
		"Model specs are unit tested",
		"The ML pipeline is integration tested",
		"Model quality is validated before serving",
		"The model is debuggable",
		"Models are canaried before serving",
		"Serving models can be rolled back",
	},
	SectionMonitor: {
		"Dependency changes result in notification",
		"Data invariants hold for inputs",
		"Training and serving are not skewed",
		"Models are not too stale",
		"Models are numerically stable",
		"Computing performance has not regressed",
		"Prediction quality has not regressed",
	},
}

// SectionNames returns the four section names in the paper's order.
func SectionNames() []string {
	out := make([]string, len(sectionTitles))
	for i, s := range sectionTitles {
		out[i] = s.name
	}
	return out
}

// SectionTitle returns the display name of a section ("Infrastructure" for
// "infra"), or name itself when it is not a section.
func SectionTitle(name string) string {
	for _, s := range sectionTitles {
		if s.name == name {
			return s.title
		}
	}
	return name
}

// Tests returns the 28 tests in the paper's order: data-1..7, model-1..7,
// infra-1..7, monitor-1..7.
func Tests() []Test {
	out := make([]Test, 0, len(sectionTitles)*PerSection)
	for _, s := range sectionTitles {
		for i, title := range titles[s.name] {
			out = append(out, Test{ID: fmt.Sprintf("%s-%d", s.name, i+1), Section: s.name, Title: title})
		}
	}
	return out
}

// Lookup returns the test with the given id ("infra-3"); ok is false for an
// unknown id. Ids are matched exactly: lower case, no spaces.
func Lookup(id string) (t Test, ok bool) {
	section, num, found := strings.Cut(id, "-")
	if !found || len(num) != 1 || num[0] < '1' || num[0] > '0'+PerSection {
		return Test{}, false
	}
	ts, ok := titles[section]
	if !ok {
		return Test{}, false
	}
	n := int(num[0] - '0')
	return Test{ID: id, Section: section, Title: ts[n-1]}, true
}

// unknownTestError explains which ids exist.
func unknownTestError(id string) error {
	return fmt.Errorf("unknown ML test %q: the tests are data-1..7, model-1..7, infra-1..7 and monitor-1..7", id)
}
