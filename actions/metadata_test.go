package actions

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"
)

// action is the part of action.yml these tests read.
type action struct {
	Name        string `yaml:"name"`
	Description string `yaml:"description"`
	Inputs      map[string]struct {
		Description string  `yaml:"description"`
		Required    bool    `yaml:"required"`
		Default     *string `yaml:"default"`
	} `yaml:"inputs"`
	Outputs map[string]struct {
		Description string `yaml:"description"`
		Value       string `yaml:"value"`
	} `yaml:"outputs"`
	Runs struct {
		Using string `yaml:"using"`
		Steps []struct {
			ID    string            `yaml:"id"`
			Run   string            `yaml:"run"`
			Shell string            `yaml:"shell"`
			Uses  string            `yaml:"uses"`
			Env   map[string]string `yaml:"env"`
		} `yaml:"steps"`
	} `yaml:"runs"`
}

func readAction(t *testing.T, path string) (action, string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var a action
	if err := yaml.Unmarshal(data, &a); err != nil {
		t.Fatalf("parsing %s: %v", path, err)
	}
	return a, string(data)
}

var (
	inputRef  = regexp.MustCompile(`inputs\.([A-Za-z0-9_-]+)`)
	stepRef   = regexp.MustCompile(`steps\.([A-Za-z0-9_-]+)\.outputs`)
	scriptRef = regexp.MustCompile(`"\$GITHUB_ACTION_PATH/([^"]+)"`)
)

func TestActionsAreDocumented(t *testing.T) {
	t.Parallel()
	for _, f := range actionFiles(t) {
		a, _ := readAction(t, f)
		if a.Name == "" || a.Description == "" {
			t.Errorf("%s: name and description are required", f)
		}
		for name, in := range a.Inputs {
			if strings.TrimSpace(in.Description) == "" {
				t.Errorf("%s: input %s has no description", f, name)
			}
		}
		for name, out := range a.Outputs {
			if strings.TrimSpace(out.Description) == "" {
				t.Errorf("%s: output %s has no description", f, name)
			}
		}
	}
}

func TestActionReferencesResolve(t *testing.T) {
	t.Parallel()
	for _, f := range actionFiles(t) {
		a, text := readAction(t, f)
		used := map[string]bool{}
		for _, m := range inputRef.FindAllStringSubmatch(text, -1) {
			used[m[1]] = true
			if _, ok := a.Inputs[m[1]]; !ok {
				t.Errorf("%s: inputs.%s is used but not declared", f, m[1])
			}
		}
		for name := range a.Inputs {
			if !used[name] {
				t.Errorf("%s: input %s is declared but never used", f, name)
			}
		}
		var ids []string
		for _, s := range a.Runs.Steps {
			ids = append(ids, s.ID)
		}
		for _, m := range stepRef.FindAllStringSubmatch(text, -1) {
			if !slices.Contains(ids, m[1]) {
				t.Errorf("%s: steps.%s is referenced but no step has that id", f, m[1])
			}
		}
		for name, out := range a.Outputs {
			if !stepRef.MatchString(out.Value) {
				t.Errorf("%s: output %s has no step output as its value: %q", f, name, out.Value)
			}
		}
	}
}

// Inputs reach the scripts through env, never through ${{ }} in run:, where
// a crafted value would become shell code; and every script a step runs
// exists beside the action.
func TestActionRunStepsAreSafe(t *testing.T) {
	t.Parallel()
	for _, f := range actionFiles(t) {
		a, _ := readAction(t, f)
		if a.Runs.Using != "composite" {
			t.Errorf("%s: runs.using = %q, want composite", f, a.Runs.Using)
		}
		for i, s := range a.Runs.Steps {
			if s.Run == "" {
				continue
			}
			if strings.Contains(s.Run, "${{") {
				t.Errorf("%s: step %d (%s) interpolates an expression into run:; pass it through env", f, i, s.ID)
			}
			if s.Shell != "bash" {
				t.Errorf("%s: step %d (%s) has shell %q, want bash", f, i, s.ID, s.Shell)
			}
			m := scriptRef.FindStringSubmatch(s.Run)
			if m == nil {
				t.Errorf("%s: step %d (%s) runs no script under $GITHUB_ACTION_PATH: %q", f, i, s.ID, s.Run)
				continue
			}
			script := filepath.Join(filepath.Dir(f), filepath.FromSlash(m[1]))
			if _, err := os.Stat(script); err != nil {
				t.Errorf("%s: step %d (%s) runs %s: %v", f, i, s.ID, m[1], err)
			}
		}
	}
}

// workflow is the part of a workflow file these tests read.
type workflow struct {
	On          map[string]any `yaml:"on"`
	Permissions any            `yaml:"permissions"`
	Jobs        map[string]struct {
		Steps []struct {
			Uses string            `yaml:"uses"`
			Run  string            `yaml:"run"`
			With map[string]string `yaml:"with"`
		} `yaml:"steps"`
	} `yaml:"jobs"`
}

func readWorkflow(t *testing.T, path string) workflow {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var w workflow
	if err := yaml.Unmarshal(data, &w); err != nil {
		t.Fatalf("parsing %s: %v", path, err)
	}
	return w
}

// Every workflow states its token's permissions, and a workflow_run workflow
// (it holds a write token while handling a pull request's artifact) never
// checks out or runs code from the pull request.
func TestWorkflowsArePrivilegeSafe(t *testing.T) {
	t.Parallel()
	sawWorkflowRun := false
	for _, f := range workflowFiles(t) {
		w := readWorkflow(t, f)
		if w.Permissions == nil {
			t.Errorf("%s: no top-level permissions: the token would get the repository default", f)
		}
		if _, ok := w.On["pull_request_target"]; ok {
			t.Errorf("%s: pull_request_target runs with a write token next to pull request code; use workflow_run", f)
		}
		if _, ok := w.On["workflow_run"]; !ok {
			continue
		}
		sawWorkflowRun = true
		for name, job := range w.Jobs {
			for i, s := range job.Steps {
				if strings.HasPrefix(s.Uses, "actions/checkout@") {
					t.Errorf("%s: job %s step %d checks out code in a workflow_run workflow", f, name, i)
				}
				if strings.HasPrefix(s.Uses, "actions/download-artifact@") && s.With["run-id"] == "" {
					t.Errorf("%s: job %s step %d downloads an artifact without run-id", f, name, i)
				}
			}
		}
	}
	if !sawWorkflowRun {
		t.Error("no workflow_run example: the fork-safe reporter is missing")
	}
}

// gitlabJob is the part of a .gitlab-ci.yml job this test reads.
type gitlabJob struct {
	// Image is a string ("python:3.12") or a map with name and entrypoint.
	Image     any `yaml:"image"`
	Artifacts struct {
		When    string            `yaml:"when"`
		Reports map[string]string `yaml:"reports"`
	} `yaml:"artifacts"`
}

// GitLab runs a job's script with a shell, so the mlgate image (whose
// entrypoint is mlgate) needs entrypoint [""], and the reports must be kept
// when the gate fails.
func TestGitLabExamples(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob(filepath.Join(repoRoot, "examples", "*", ".gitlab-ci.yml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no GitLab example")
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var raw map[string]any
		if err := yaml.Unmarshal(data, &raw); err != nil {
			t.Fatalf("parsing %s: %v", f, err)
		}
		found := false
		for name := range raw {
			if strings.HasPrefix(name, ".") || name == "stages" || name == "workflow" || name == "variables" || name == "default" {
				continue
			}
			var job gitlabJob
			sub, err := yaml.Marshal(raw[name])
			if err != nil {
				t.Fatal(err)
			}
			if err := yaml.Unmarshal(sub, &job); err != nil {
				t.Fatalf("%s: job %s: %v", f, name, err)
			}
			image, entrypoint := gitlabImage(job.Image)
			if !strings.Contains(image, "mlgate") {
				continue
			}
			found = true
			if !slices.Equal(entrypoint, []string{""}) {
				t.Errorf("%s: job %s: image entrypoint %q, want [\"\"]", f, name, entrypoint)
			}
			if job.Artifacts.When != "always" {
				t.Errorf("%s: job %s: artifacts.when %q, want always", f, name, job.Artifacts.When)
			}
			for _, r := range []string{"junit", "metrics"} {
				if job.Artifacts.Reports[r] == "" {
					t.Errorf("%s: job %s: no artifacts.reports.%s", f, name, r)
				}
			}
		}
		if !found {
			t.Errorf("%s: no job uses the mlgate image", f)
		}
	}
}

// gitlabImage reads a job's image: a plain name, or name and entrypoint.
func gitlabImage(v any) (name string, entrypoint []string) {
	switch img := v.(type) {
	case string:
		return img, nil
	case map[string]any:
		name, _ = img["name"].(string)
		if eps, ok := img["entrypoint"].([]any); ok {
			entrypoint = []string{}
			for _, e := range eps {
				s, _ := e.(string)
				entrypoint = append(entrypoint, s)
			}
		}
	}
	return name, entrypoint
}
