package github

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mlgate/mlgate/internal/platform"
	"github.com/mlgate/mlgate/internal/result"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestNewValidates(t *testing.T) {
	t.Parallel()
	var out strings.Builder
	cases := []struct {
		name string
		opt  Options
		want string
	}{
		{"no getenv", Options{Stdout: &out}, "Getenv is required"},
		{"no stdout", Options{Getenv: env(nil)}, "Stdout is required"},
		{"bad mode", Options{Getenv: env(nil), Stdout: &out, Comment: "sometimes"}, `comment mode "sometimes"`},
		{"negative PR", Options{Getenv: env(nil), Stdout: &out, PR: -1}, "PR number -1"},
		{"bad API URL", Options{Getenv: env(map[string]string{"GITHUB_API_URL": "api.github.com"}), Stdout: &out}, `GITHUB_API_URL "api.github.com"`},
		{"bad GraphQL URL", Options{Getenv: env(map[string]string{"GITHUB_GRAPHQL_URL": "::"}), Stdout: &out}, `GITHUB_GRAPHQL_URL "::"`},
	}
	for _, tc := range cases {
		if _, err := New(tc.opt); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: New error = %v, want %q", tc.name, err, tc.want)
		}
	}
}

func TestNewDerivesURLsAndKey(t *testing.T) {
	t.Parallel()
	cases := []struct {
		env                  map[string]string
		api, graphql, marker string
	}{
		{map[string]string{}, "https://api.github.com/", "https://api.github.com/graphql", platform.Marker("default")},
		{map[string]string{"GITHUB_API_URL": "https://ghe.example.com/api/v3", "GITHUB_WORKFLOW": "CI / models", "GITHUB_JOB": "report"},
			"https://ghe.example.com/api/v3/", "https://ghe.example.com/api/graphql", "<!-- mlgate:report key=CI-/-models/report -->"},
		{map[string]string{"GITHUB_API_URL": "https://api.github.com/", "GITHUB_GRAPHQL_URL": "https://api.github.com/graphql", "GITHUB_WORKFLOW": "ci"},
			"https://api.github.com/", "https://api.github.com/graphql", platform.Marker("ci")},
	}
	for _, tc := range cases {
		p, err := New(Options{Getenv: env(tc.env), Stdout: &strings.Builder{}})
		if err != nil {
			t.Fatalf("New(%v): %v", tc.env, err)
		}
		if p.apiURL.String() != tc.api || p.graphqlURL != tc.graphql || platform.Marker(p.key) != tc.marker {
			t.Errorf("env %v: api %s, graphql %s, marker %s; want %s, %s, %s",
				tc.env, p.apiURL, p.graphqlURL, platform.Marker(p.key), tc.api, tc.graphql, tc.marker)
		}
	}
}

func TestPublishNilReport(t *testing.T) {
	t.Parallel()
	p, err := New(Options{Getenv: env(nil), Stdout: &strings.Builder{}})
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Publish(context.Background(), nil); err == nil {
		t.Error("Publish(nil) = nil, want an error")
	}
	if err := p.Publish(context.Background(), &platform.Report{}); err == nil {
		t.Error("Publish without a renderer = nil, want an error")
	}
}

func TestPublishFileFailuresDoNotStopTheComment(t *testing.T) {
	t.Parallel()
	fake := newFake(t, "")
	h := newHarness(t, fake)
	dir := t.TempDir() // a directory cannot be appended to
	h.env["GITHUB_OUTPUT"] = dir
	h.env["GITHUB_STEP_SUMMARY"] = dir
	err := h.publish(textReport(result.Fail, "x"))
	if err == nil || !strings.Contains(err.Error(), "writing output verdict to "+dir) ||
		!strings.Contains(err.Error(), "job summary "+dir) {
		t.Errorf("Publish error = %v, want output and summary errors naming %s", err, dir)
	}
	if got := fake.WithMarker(7, platform.Marker(testKey)); len(got) != 1 {
		t.Errorf("the comment was not posted after the file errors")
	}
	h.assertTokenHidden()
}

func TestPublishWithoutActionFiles(t *testing.T) {
	t.Parallel()
	fake := newFake(t, "")
	h := newHarness(t, fake)
	delete(h.env, "GITHUB_OUTPUT")
	delete(h.env, "GITHUB_STEP_SUMMARY")
	h.mustPublish(textReport(result.Fail, "x"))
	if w := h.warnings(); len(w) != 2 {
		t.Errorf("warnings = %q, want one for each missing file", w)
	}
	if got := fake.WithMarker(7, platform.Marker(testKey)); len(got) != 1 {
		t.Errorf("comment not posted")
	}
}

func TestPublishSummaryBudgetCountsEarlierContent(t *testing.T) {
	t.Parallel()
	fake := newFake(t, "")
	h := newHarness(t, fake)
	h.opt.Comment = platform.CommentNever
	earlier := strings.Repeat("e", 600<<10)
	if err := os.WriteFile(h.env["GITHUB_STEP_SUMMARY"], []byte(earlier), 0o600); err != nil {
		t.Fatal(err)
	}
	h.mustPublish(textReport(result.Fail, strings.Repeat("r", 2<<20)))
	s := h.readFile("GITHUB_STEP_SUMMARY")
	if len(s) > summaryCap || !strings.HasPrefix(s, earlier) || len(s) < summaryCap-2*summaryMargin {
		t.Errorf("summary is %d bytes, want the earlier content kept and at most %d", len(s), summaryCap)
	}
}

// failingWriter fails every write.
type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("broken pipe") }

func TestPublishStdoutFailureIsAnErrorNotAPanic(t *testing.T) {
	t.Parallel()
	fake := newFake(t, "")
	h := newHarness(t, fake)
	opt := h.opt
	opt.Getenv = env(h.env)
	opt.Stdout = failingWriter{}
	p, err := New(opt)
	if err != nil {
		t.Fatal(err)
	}
	err = p.Publish(context.Background(), findingsReport())
	if err == nil || !strings.Contains(err.Error(), "broken pipe") {
		t.Errorf("Publish = %v, want the stdout error", err)
	}
	if out := h.outputs(); out["verdict"] != "fail" {
		t.Errorf("outputs = %v", out)
	}
}

func TestOutputRejectsInjection(t *testing.T) {
	t.Parallel()
	fake := newFake(t, "")
	h := newHarness(t, fake)
	h.opt.Comment = platform.CommentNever
	r := textReport(result.Fail, "x")
	r.ReportPath = "report.md\n" + outputDelimiter + "\nverdict<<X\npass\nX"
	err := h.publish(r)
	if err == nil || !strings.Contains(err.Error(), "output report-path") {
		t.Errorf("Publish = %v, want a report-path error", err)
	}
	if out := h.outputs(); out["verdict"] != "fail" || len(out) != 2 {
		t.Errorf("outputs = %v, want verdict fail and nothing injected", out)
	}
}

func TestPullRequestOf(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, event, payload string
		want                 int
		prEvent, lookup      bool
	}{
		{"pull_request", "pull_request", `{"number":3,"pull_request":{"number":3}}`, 3, true, false},
		{"pull_request top-level number", "pull_request", `{"number":4}`, 4, true, false},
		{"pull_request_target", "pull_request_target", `{"pull_request":{"number":5}}`, 5, true, false},
		{"issue_comment on a PR", "issue_comment", `{"issue":{"number":6,"pull_request":{"url":"u"}}}`, 6, false, false},
		{"issue_comment on an issue", "issue_comment", `{"issue":{"number":6}}`, 0, false, false},
		{"issue_comment pull_request null", "issue_comment", `{"issue":{"number":6,"pull_request":null}}`, 0, false, false},
		{"workflow_run with PRs", "workflow_run", `{"workflow_run":{"pull_requests":[{"number":8}]}}`, 8, true, false},
		{"workflow_run fork", "workflow_run", `{"workflow_run":{"pull_requests":[],"head_branch":"b","head_sha":"s","head_repository":{"owner":{"login":"f"}}}}`, 0, true, true},
		{"workflow_run without head", "workflow_run", `{"workflow_run":{"pull_requests":[]}}`, 0, false, false},
		{"push", "push", `{"ref":"refs/heads/main"}`, 0, false, false},
	}
	for _, tc := range cases {
		path := filepath.Join(t.TempDir(), "event.json")
		if err := os.WriteFile(path, []byte(tc.payload), 0o600); err != nil {
			t.Fatal(err)
		}
		ev, err := readEvent(path)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		got := pullRequestOf(tc.event, ev)
		if got.number != tc.want || got.prEvent != tc.prEvent || (got.lookup != nil) != tc.lookup {
			t.Errorf("%s: got %+v, want number %d prEvent %v lookup %v", tc.name, got, tc.want, tc.prEvent, tc.lookup)
		}
	}
}

func TestReadEventErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	typeErr := filepath.Join(dir, "type.json")
	if err := os.WriteFile(typeErr, []byte("{\n\"number\": \"seven\"\n}"), 0o600); err != nil {
		t.Fatal(err)
	}
	big := filepath.Join(dir, "big.json")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(maxEventSize + 1); err != nil {
		t.Fatal(err)
	}
	f.Close()
	cases := map[string]string{
		typeErr:                  typeErr + ": line 2, column 17: json: cannot unmarshal string",
		big:                      "larger than 25 MiB",
		filepath.Join(dir, "no"): "reading event payload: open " + filepath.Join(dir, "no"),
	}
	for path, want := range cases {
		if _, err := readEvent(path); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("readEvent(%s) = %v, want %q", path, err, want)
		}
	}
}

func TestCapBytes(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in   string
		n    int
		want string
	}{
		{"abc", 5, "abc"},
		{"abc", 2, "ab"},
		{"aé", 2, "a"},
		{"✓✓", 5, "✓"},
		{"✓", 0, ""},
	}
	for _, tc := range cases {
		if got := capBytes(tc.in, tc.n); got != tc.want {
			t.Errorf("capBytes(%q, %d) = %q, want %q", tc.in, tc.n, got, tc.want)
		}
	}
}
