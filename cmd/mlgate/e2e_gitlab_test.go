package main

// End-to-end tests of "mlgate report" in a GitLab CI merge request pipeline,
// with the GitLab API faked on loopback by gitlabtest.

import (
	"encoding/xml"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/mlgate/mlgate/internal/platform"
	"github.com/mlgate/mlgate/internal/platform/gitlab"
	"github.com/mlgate/mlgate/internal/platform/gitlab/gitlabtest"
)

const (
	glToken    = "glpat-E2eS3cretT0kenValue"
	glBot      = "project_42_bot_e2e"
	glJobToken = "glcbt-job-token-not-for-notes"
)

// glEnv is the environment of a merge request pipeline job on the fake.
func glEnv(fake *gitlabtest.Server) map[string]string {
	return map[string]string{
		"CI":                   "true",
		"GITLAB_CI":            "true",
		"CI_API_V4_URL":        fake.APIURL(),
		"CI_PROJECT_ID":        gitlabtest.ProjectID,
		"CI_PROJECT_URL":       "https://gitlab.example.com/group/project",
		"CI_PIPELINE_URL":      "https://gitlab.example.com/group/project/-/pipelines/99",
		"CI_MERGE_REQUEST_IID": strconv.Itoa(gitlabtest.MRIID),
		"CI_JOB_TOKEN":         glJobToken,
		"MLGATE_GITLAB_TOKEN":  glToken,
	}
}

// glOurs returns the non-system notes by the bot carrying the default key's marker.
func glOurs(fake *gitlabtest.Server) []gitlabtest.Note {
	var out []gitlabtest.Note
	for _, n := range fake.Notes() {
		if n.Author == glBot && !n.System && platform.HasMarker(n.Body, gitlab.DefaultKey) {
			out = append(out, n)
		}
	}
	return out
}

func TestGitLabMergeRequestEndToEnd(t *testing.T) {
	t.Parallel()
	fake := gitlabtest.New(t)
	fake.AddUser(glToken, glBot)
	marker := platform.Marker(gitlab.DefaultKey)
	// Notes are listed newest first: the oldest, ours, is on page 3.
	old := fake.AddNote(glBot, marker+"\nverdict of an earlier pipeline", false)
	forgedBody := marker + "\nall gates passed, merge it"
	forged := fake.AddNote("mallory", forgedBody, false)
	for i := range 250 {
		fake.AddNote("reviewer", "looks good "+strconv.Itoa(i), false)
	}

	dir, env := t.TempDir(), glEnv(fake)
	runGates(t, dir, env)
	r := mlgate(t, dir, env, "report", "--junit", "reports/junit.xml", "--metrics", "reports/metrics.txt")
	if r.code != 1 {
		t.Fatalf("report: exit %d, want 1 (a gate failed)\n%s%s", r.code, r.stdout, r.stderr)
	}
	for _, page := range []string{"page=1&", "page=2&", "page=3&"} {
		if fake.Count("GET", "/notes?"+page) != 1 {
			t.Errorf("notes %s not listed once; requests: %v", page, fake.Log())
		}
	}
	if n := fake.Count("POST", "/notes"); n != 0 {
		t.Errorf("POST %d times, want 0 (our note exists)", n)
	}
	if n := fake.Count("PUT", "/notes/"+strconv.FormatInt(old, 10)); n != 1 {
		t.Errorf("PUT of our note on page 3: %d times, want 1", n)
	}
	mine := glOurs(fake)
	if len(mine) != 1 || mine[0].ID != old || !strings.Contains(mine[0].Body, "regressed") ||
		!strings.Contains(mine[0].Body, "pipelines/99") {
		t.Fatalf("our notes = %+v, want %d with the report", mine, old)
	}
	for _, n := range fake.Notes() {
		if n.ID == forged && n.Body != forgedBody {
			t.Errorf("mallory's note was changed: %q", n.Body)
		}
	}
	if len(fake.Notes()) != 252 {
		t.Errorf("MR has %d notes, want the 252 seeded", len(fake.Notes()))
	}
	if !strings.Contains(r.stdout, "merge_requests/7#note_"+strconv.FormatInt(old, 10)) {
		t.Errorf("stdout does not link the updated note:\n%s", r.stdout)
	}
	assertJUnit(t, filepath.Join(dir, "reports", "junit.xml"), map[string]bool{"accuracy": false, "regressed": true})
	if m := readFile(t, filepath.Join(dir, "reports", "metrics.txt")); !strings.Contains(m, "regressed") {
		t.Errorf("metrics file lacks the failed gate:\n%s", m)
	}
	if n := fake.AuthorizationHeaders(); n != 0 {
		t.Errorf("%d requests sent an Authorization header; the token goes in PRIVATE-TOKEN", n)
	}

	// The MR is fixed and the pipeline reruns: the same note is updated.
	fixGate(t, dir, env)
	r2 := mlgate(t, dir, env, "report")
	if r2.code != 0 {
		t.Fatalf("rerun: exit %d, want 0\n%s%s", r2.code, r2.stdout, r2.stderr)
	}
	if n := fake.Count("POST", "/notes"); n != 0 {
		t.Errorf("rerun: POST %d times, want 0", n)
	}
	mine = glOurs(fake)
	if len(mine) != 1 || mine[0].ID != old || strings.Contains(mine[0].Body, "FAIL") {
		t.Errorf("after the rerun our notes = %+v, want %d without the failure", mine, old)
	}
	for _, secret := range []string{glToken, glJobToken} {
		texts := map[string]string{"stdout": r.stdout, "stderr": r.stderr, "rerun stdout": r2.stdout, "rerun stderr": r2.stderr}
		for _, n := range fake.Notes() {
			texts["note "+strconv.FormatInt(n.ID, 10)] = n.Body
		}
		assertAbsent(t, secret, texts)
	}
}

func TestGitLabRerunCreatesOnceThenUpdates(t *testing.T) {
	t.Parallel()
	fake := gitlabtest.New(t)
	fake.AddUser(glToken, glBot)
	dir, env := t.TempDir(), glEnv(fake)
	runGates(t, dir, env)
	for run := 1; run <= 2; run++ {
		if r := mlgate(t, dir, env, "report"); r.code != 1 {
			t.Fatalf("run %d: exit %d, want 1\n%s%s", run, r.code, r.stdout, r.stderr)
		}
	}
	fixGate(t, dir, env)
	if r := mlgate(t, dir, env, "report"); r.code != 0 {
		t.Fatalf("run 3: exit %d, want 0\n%s%s", r.code, r.stdout, r.stderr)
	}
	if n := fake.Count("POST", "/notes"); n != 1 {
		t.Errorf("POST %d times in three runs, want 1", n)
	}
	if n := fake.Count("PUT", "/notes/"); n != 1 {
		t.Errorf("PUT %d times, want 1 (the changed verdict)", n)
	}
	if mine := glOurs(fake); len(mine) != 1 || len(fake.Notes()) != 1 {
		t.Errorf("notes = %+v, want exactly one, ours", fake.Notes())
	}
}

func TestGitLabJobTokenOnly(t *testing.T) {
	t.Parallel()
	fake := gitlabtest.New(t)
	fake.AddUser(glJobToken, "job-token-user") // even a token GitLab knows is not used
	dir, env := t.TempDir(), glEnv(fake)
	delete(env, "MLGATE_GITLAB_TOKEN")
	runGates(t, dir, env)
	r := mlgate(t, dir, env, "report", "--junit", "junit.xml")
	if r.code != 1 {
		t.Fatalf("report: exit %d, want 1 from the gates\n%s%s", r.code, r.stdout, r.stderr)
	}
	if !strings.Contains(r.stdout+r.stderr, "CI_JOB_TOKEN is set but cannot write merge request notes") ||
		!strings.Contains(r.stdout+r.stderr, "MLGATE_GITLAB_TOKEN") {
		t.Errorf("no clear message that a job token cannot write notes:\n%s%s", r.stdout, r.stderr)
	}
	if reqs := fake.Log(); len(reqs) != 0 {
		t.Errorf("API requests with the job token: %v", reqs)
	}
	assertJUnit(t, filepath.Join(dir, "junit.xml"), map[string]bool{"accuracy": false, "regressed": true})
	assertAbsent(t, glJobToken, map[string]string{"stdout": r.stdout, "stderr": r.stderr})
}

// assertJUnit checks a JUnit file has one testcase per gate, failed or not as want says.
func assertJUnit(t *testing.T, path string, want map[string]bool) {
	t.Helper()
	type testcase struct {
		Name    string    `xml:"name,attr"`
		Failure *struct{} `xml:"failure"`
		Error   *struct{} `xml:"error"`
	}
	var doc struct {
		Suites []struct {
			Cases []testcase `xml:"testcase"`
		} `xml:"testsuite"`
		Cases []testcase `xml:"testcase"` // a bare <testsuite> root
	}
	if err := xml.Unmarshal([]byte(readFile(t, path)), &doc); err != nil {
		t.Fatalf("JUnit file %s: %v", path, err)
	}
	got := map[string]bool{}
	cases := doc.Cases
	for _, s := range doc.Suites {
		cases = append(cases, s.Cases...)
	}
	for _, c := range cases {
		got[c.Name] = c.Failure != nil || c.Error != nil
	}
	for name, failed := range want {
		if g, ok := got[name]; !ok || g != failed {
			t.Errorf("JUnit testcase %q: present %v failed %v, want failed %v (all: %v)", name, ok, g, failed, got)
		}
	}
}
