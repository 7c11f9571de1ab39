package actions

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// docPage is the page of docs/actions that documents an action.yml: the
// root action's is run.md (it runs `mlgate run`), actions/NAME's is NAME.md.
func docPage(actionFile string) string {
	name := filepath.Base(filepath.Dir(actionFile))
	if filepath.Clean(filepath.Dir(actionFile)) == filepath.Clean(repoRoot) {
		name = "run"
	}
	return filepath.Join(repoRoot, "docs", "actions", name+".md")
}

// docRow is one row of an Inputs or Outputs table: | `name` | cells... |
type docRow struct {
	name  string
	cells []string
	line  int
}

// docTable reads the table rows of the section "## heading" of a page.
func docTable(page, heading string) []docRow {
	var rows []docRow
	in := false
	for i, line := range strings.Split(page, "\n") {
		if strings.HasPrefix(line, "## ") {
			in = strings.TrimSpace(line[3:]) == heading
			continue
		}
		if !in || !strings.HasPrefix(line, "| `") {
			continue
		}
		// Cells split at | but not at an escaped \| inside a cell.
		row := strings.ReplaceAll(strings.Trim(strings.TrimSpace(line), "|"), `\|`, "\x00")
		cells := strings.Split(row, "|")
		for j := range cells {
			cells[j] = strings.ReplaceAll(strings.TrimSpace(cells[j]), "\x00", "|")
		}
		rows = append(rows, docRow{name: strings.Trim(cells[0], "`"), cells: cells[1:], line: i + 1})
	}
	return rows
}

// checkDocPage compares a page with its action: every input with its
// required flag and default, every output, nothing documented that the
// action does not have, and at least one example.
//
// Inputs table: | input | required | default | description |, required is
// "yes" or "no", the default is in backticks or empty. Outputs table:
// | output | description |.
func checkDocPage(a action, pagePath, page string) []string {
	var problems []string
	bad := func(line int, format string, args ...any) {
		problems = append(problems, fmt.Sprintf("%s:%d: %s", pagePath, line, fmt.Sprintf(format, args...)))
	}
	inputs := map[string]docRow{}
	for _, r := range docTable(page, "Inputs") {
		inputs[r.name] = r
		in, ok := a.Inputs[r.name]
		if !ok {
			bad(r.line, "input %s is documented but the action has no such input", r.name)
			continue
		}
		if len(r.cells) != 3 {
			bad(r.line, "input %s: want the columns | input | required | default | description |", r.name)
			continue
		}
		wantReq := map[bool]string{true: "yes", false: "no"}[in.Required]
		if r.cells[0] != wantReq {
			bad(r.line, "input %s: required is %q, action.yml says %q", r.name, r.cells[0], wantReq)
		}
		def := ""
		if in.Default != nil {
			def = *in.Default
		}
		if got := strings.Trim(r.cells[1], "`"); got != def {
			bad(r.line, "input %s: default is %q, action.yml says %q", r.name, got, def)
		}
		if r.cells[2] == "" {
			bad(r.line, "input %s has no description", r.name)
		}
	}
	for _, name := range sortedKeys(a.Inputs) {
		if _, ok := inputs[name]; !ok {
			bad(0, "input %s is not documented in the Inputs table", name)
		}
	}
	outputs := map[string]bool{}
	for _, r := range docTable(page, "Outputs") {
		outputs[r.name] = true
		if _, ok := a.Outputs[r.name]; !ok {
			bad(r.line, "output %s is documented but the action has no such output", r.name)
		}
		if len(r.cells) != 1 || r.cells[0] == "" {
			bad(r.line, "output %s: want | output | description |", r.name)
		}
	}
	for _, name := range sortedKeys(a.Outputs) {
		if !outputs[name] {
			bad(0, "output %s is not documented in the Outputs table", name)
		}
	}
	if len(yamlBlocks(page)) == 0 {
		bad(0, "no example (a ```yaml block)")
	}
	return problems
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// Every action.yml, the root one included, has its page in docs/actions with
// every input and output, and no more.
func TestActionDocPages(t *testing.T) {
	t.Parallel()
	for _, f := range actionFiles(t) {
		a, _ := readAction(t, f)
		path := docPage(f)
		page, err := os.ReadFile(path)
		if err != nil {
			t.Errorf("%s has no docs page: %v", f, err)
			continue
		}
		for _, p := range checkDocPage(a, path, string(page)) {
			t.Error(p)
		}
	}
}

// The page check must catch a missing, a stale and a wrong entry, or the
// test above proves nothing.
func TestDocPageCheckCatchesErrors(t *testing.T) {
	t.Parallel()
	a, _ := readAction(t, filepath.Join(repoRoot, "actions", "gate", "action.yml"))
	page := "# gate\n\n## Inputs\n\n| input | required | default | description |\n| --- | --- | --- | --- |\n" +
		"| `candidate` | no | | candidate metrics |\n" + // required is wrong
		"| `id` | no | `model` | result id |\n" + // default is wrong
		"| `gone` | no | | an input that no longer exists |\n" +
		"\n## Outputs\n\n| output | description |\n| --- | --- |\n| `status` | the status |\n"
	problems := strings.Join(checkDocPage(a, "gate.md", page), "\n")
	for _, want := range []string{
		"gate.md:7: input candidate: required is \"no\", action.yml says \"yes\"",
		"gate.md:8: input id: default is \"model\", action.yml says \"gate\"",
		"gate.md:9: input gone is documented but the action has no such input",
		"input rules is not documented",
		"output result-file is not documented",
		"no example",
	} {
		if !strings.Contains(problems, want) {
			t.Errorf("problems do not say %q:\n%s", want, problems)
		}
	}
}

// yamlBlocks are the ```yaml code blocks of a Markdown page, as line lists.
func yamlBlocks(page string) [][]string {
	var blocks [][]string
	var cur []string
	in := false
	for _, line := range strings.Split(page, "\n") {
		switch {
		case !in && strings.TrimSpace(line) == "```yaml":
			in, cur = true, nil
		case in && strings.TrimSpace(line) == "```":
			in = false
			blocks = append(blocks, cur)
		case in:
			cur = append(cur, line)
		}
	}
	return blocks
}

// containsBlock reports whether the lines of block appear in file, in a row,
// each indented by the same extra amount (a step of a workflow is shown in a
// page without the indentation of its job).
func containsBlock(file, block []string) bool {
	if len(block) == 0 {
		return true
	}
	for start := 0; start+len(block) <= len(file); start++ {
		first := file[start]
		if !strings.HasSuffix(first, block[0]) {
			continue
		}
		pad := first[:len(first)-len(block[0])]
		if strings.TrimSpace(pad) != "" {
			continue
		}
		ok := true
		for i, l := range block {
			want := pad + l
			if l == "" {
				want = ""
			}
			if strings.TrimRight(file[start+i], " ") != strings.TrimRight(want, " ") {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// Every YAML example in docs/actions is part of a workflow under
// actions/testdata/workflows, which actionlint, the workflow schema and
// TestExampleWorkflowsUseActionsCorrectly check.
func TestDocExamplesAreLinted(t *testing.T) {
	t.Parallel()
	pages, err := filepath.Glob(filepath.Join(repoRoot, "docs", "actions", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob(filepath.Join("testdata", "workflows", "*.yml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) == 0 || len(files) == 0 {
		t.Fatalf("found %d pages and %d example workflows", len(pages), len(files))
	}
	var workflows [][]string
	for _, f := range files {
		workflows = append(workflows, strings.Split(readFile(t, f), "\n"))
	}
	for _, p := range pages {
		for i, block := range yamlBlocks(readFile(t, p)) {
			if !slices.ContainsFunc(workflows, func(w []string) bool { return containsBlock(w, block) }) {
				t.Errorf("%s: YAML example %d is not part of any workflow in actions/testdata/workflows, so it is not linted:\n%s",
					p, i+1, strings.Join(block, "\n"))
			}
		}
	}
}

func TestContainsBlock(t *testing.T) {
	t.Parallel()
	file := strings.Split("jobs:\n  a:\n    steps:\n      - uses: x\n        with:\n          k: v\n", "\n")
	tests := []struct {
		block string
		want  bool
	}{
		{"- uses: x\n  with:\n    k: v", true},
		{"jobs:\n  a:", true},
		{"- uses: x\n  with:\n    k: w", false},
		{"- uses: x\nwith:", false}, // indentation must be kept
	}
	for _, tt := range tests {
		if got := containsBlock(file, strings.Split(tt.block, "\n")); got != tt.want {
			t.Errorf("containsBlock(%q) = %v, want %v", tt.block, got, tt.want)
		}
	}
}
