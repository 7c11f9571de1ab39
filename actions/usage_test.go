package actions

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"
)

// usageWorkflow is the part of a workflow the usage check reads.
type usageWorkflow struct {
	Jobs map[string]struct {
		Steps []struct {
			ID   string         `yaml:"id"`
			Uses string         `yaml:"uses"`
			With map[string]any `yaml:"with"`
		} `yaml:"steps"`
	} `yaml:"jobs"`
}

// mlgateAction maps a step's uses: to the action.yml of this repository it
// calls, or "" when it calls another action.
func mlgateAction(uses string) string {
	ref, _, _ := strings.Cut(uses, "@")
	switch {
	case ref == "mlgate/mlgate" || ref == "./" || ref == ".":
		return filepath.Join(repoRoot, "action.yml")
	case strings.HasPrefix(ref, "mlgate/mlgate/actions/"):
		return filepath.Join(repoRoot, "actions", strings.TrimPrefix(ref, "mlgate/mlgate/actions/"), "action.yml")
	case strings.HasPrefix(ref, "./actions/"):
		return filepath.Join(repoRoot, "actions", strings.TrimPrefix(ref, "./actions/"), "action.yml")
	}
	return ""
}

var outputRef = regexp.MustCompile(`steps\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+)`)

// checkUsage checks every step of a workflow that calls an mlgate action:
// the action exists, every with: key is one of its inputs, every required
// input is given, and every steps.ID.outputs.NAME of such a step is one of
// its outputs. actionlint does this for local actions only.
func checkUsage(t *testing.T, path string, data []byte) []string {
	t.Helper()
	var w usageWorkflow
	if err := yaml.Unmarshal(data, &w); err != nil {
		return []string{fmt.Sprintf("%s: %v", path, err)}
	}
	var raw struct {
		Jobs map[string]any `yaml:"jobs"`
	}
	if err := yaml.Unmarshal(data, &raw); err != nil {
		return []string{fmt.Sprintf("%s: %v", path, err)}
	}
	var problems []string
	for _, jobName := range sortedKeys(w.Jobs) {
		job := w.Jobs[jobName]
		byID := map[string]action{}
		for i, s := range job.Steps {
			file := mlgateAction(s.Uses)
			if file == "" {
				continue
			}
			where := fmt.Sprintf("%s: job %s step %d (%s)", path, jobName, i+1, s.Uses)
			if _, err := os.Stat(file); err != nil {
				problems = append(problems, fmt.Sprintf("%s: no such action: %v", where, err))
				continue
			}
			a, _ := readAction(t, file)
			if s.ID != "" {
				byID[s.ID] = a
			}
			for _, k := range sortedKeys(s.With) {
				if _, ok := a.Inputs[k]; !ok {
					problems = append(problems, fmt.Sprintf("%s: input %s does not exist", where, k))
				}
			}
			for _, name := range sortedKeys(a.Inputs) {
				if _, given := s.With[name]; a.Inputs[name].Required && !given {
					problems = append(problems, fmt.Sprintf("%s: required input %s is missing", where, name))
				}
			}
		}
		jobText, err := yaml.Marshal(raw.Jobs[jobName])
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range outputRef.FindAllStringSubmatch(string(jobText), -1) {
			a, ok := byID[m[1]]
			if !ok {
				continue
			}
			if _, ok := a.Outputs[m[2]]; !ok {
				problems = append(problems, fmt.Sprintf("%s: job %s: steps.%s.outputs.%s: the action has no output %s",
					path, jobName, m[1], m[2], m[2]))
			}
		}
	}
	return problems
}

func TestWorkflowsUseActionsCorrectly(t *testing.T) {
	t.Parallel()
	used := map[string]bool{}
	for _, f := range workflowFiles(t) {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range checkUsage(t, f, data) {
			t.Error(p)
		}
		var w usageWorkflow
		if err := yaml.Unmarshal(data, &w); err == nil {
			for _, job := range w.Jobs {
				for _, s := range job.Steps {
					if a := mlgateAction(s.Uses); a != "" {
						used[filepath.Clean(a)] = true
					}
				}
			}
		}
	}
	// Every action has an example that is checked.
	for _, f := range actionFiles(t) {
		if !used[filepath.Clean(f)] {
			t.Errorf("no workflow uses %s: add an example to actions/testdata/workflows", f)
		}
	}
}

func TestUsageCheckCatchesErrors(t *testing.T) {
	t.Parallel()
	const text = `on: push
jobs:
  j:
    runs-on: ubuntu-latest
    steps:
      - id: d
        uses: mlgate/mlgate/actions/data@v0
        with:
          schema: s.json
          dta: a.csv
      - uses: mlgate/mlgate/actions/nope@v0
      - run: echo "$X"
        env:
          X: ${{ steps.d.outputs.verdict }}
`
	problems := strings.Join(checkUsage(t, "w.yml", []byte(text)), "\n")
	for _, want := range []string{
		"input dta does not exist",
		"required input data is missing",
		"no such action",
		"steps.d.outputs.verdict: the action has no output verdict",
	} {
		if !strings.Contains(problems, want) {
			t.Errorf("problems do not say %q:\n%s", want, problems)
		}
	}
}
