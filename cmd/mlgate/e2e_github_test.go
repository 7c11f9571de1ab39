package main

// End-to-end tests of "mlgate report" in a GitHub Actions environment, with
// the GitHub API faked on loopback by githubtest.

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mlgate/mlgate/internal/platform"
	"github.com/mlgate/mlgate/internal/platform/github/githubtest"
)

// ghKey is the report key the publisher derives from GITHUB_WORKFLOW=ci and GITHUB_JOB=gates.
const ghKey = "ci/gates"

// ghCommentsPath is the comments endpoint of PR 7, the PR of the pull_request fixture.
const ghCommentsPath = "/repos/" + githubtest.Repository + "/issues/7/comments"

// ghJob is one GitHub Actions job: a checkout dir, the runner's environment,
// and a fresh GITHUB_OUTPUT and GITHUB_STEP_SUMMARY file for each step.
type ghJob struct {
	t    *testing.T
	fake *githubtest.Server
	dir  string
	env  map[string]string
	step int
}

// fixture returns the absolute path of a GitHub event payload fixture.
func fixture(t *testing.T, name string) string {
	t.Helper()
	p, err := filepath.Abs(filepath.Join("..", "..", "internal", "platform", "github", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// newGHJob returns a job triggered by the pull_request fixture (PR 7).
func newGHJob(t *testing.T, fake *githubtest.Server) *ghJob {
	t.Helper()
	j := &ghJob{t: t, fake: fake, dir: t.TempDir()}
	j.env = map[string]string{
		"CI":                  "true",
		"GITHUB_ACTIONS":      "true",
		"GITHUB_EVENT_NAME":   "pull_request",
		"GITHUB_EVENT_PATH":   fixture(t, "pull_request.json"),
		"GITHUB_API_URL":      fake.APIURL(),
		"GITHUB_GRAPHQL_URL":  fake.GraphQLURL(),
		"GITHUB_SERVER_URL":   "https://github.com",
		"GITHUB_REPOSITORY":   githubtest.Repository,
		"GITHUB_TOKEN":        fake.Token(),
		"GITHUB_WORKFLOW":     "ci",
		"GITHUB_JOB":          "gates",
		"GITHUB_RUN_ID":       "4242",
		"GITHUB_WORKSPACE":    j.dir,
		"RUNNER_TEMP":         t.TempDir(),
		"GITHUB_OUTPUT":       "",
		"GITHUB_STEP_SUMMARY": "",
	}
	j.nextStep()
	return j
}

// nextStep gives the job fresh, empty step files, as the runner does per step.
func (j *ghJob) nextStep() {
	j.step++
	files := j.t.TempDir()
	j.env["GITHUB_OUTPUT"] = writeFile(j.t, files, fmt.Sprintf("output-%d", j.step), "")
	j.env["GITHUB_STEP_SUMMARY"] = writeFile(j.t, files, fmt.Sprintf("summary-%d", j.step), "")
}

// run runs one mlgate step of the job.
func (j *ghJob) run(args ...string) cmdResult {
	j.t.Helper()
	j.nextStep()
	return mlgate(j.t, j.dir, j.env, args...)
}

// outputs parses the step's GITHUB_OUTPUT, written as name<<DELIM, value lines, DELIM.
func (j *ghJob) outputs() map[string]string {
	j.t.Helper()
	out := map[string]string{}
	lines := strings.Split(readFile(j.t, j.env["GITHUB_OUTPUT"]), "\n")
	for i := 0; i < len(lines); i++ {
		if lines[i] == "" && i == len(lines)-1 {
			break
		}
		name, delim, ok := strings.Cut(lines[i], "<<")
		if !ok || delim == "" {
			j.t.Fatalf("GITHUB_OUTPUT line %d: %q is not name<<DELIMITER", i+1, lines[i])
		}
		var value []string
		for i++; i < len(lines) && lines[i] != delim; i++ {
			value = append(value, lines[i])
		}
		if i == len(lines) {
			j.t.Fatalf("GITHUB_OUTPUT: output %s has no closing delimiter", name)
		}
		out[name] = strings.Join(value, "\n")
	}
	return out
}

func (j *ghJob) summary() string { return readFile(j.t, j.env["GITHUB_STEP_SUMMARY"]) }

// assertTokenHidden checks the token is written only in the ::add-mask::
// command, which the runner consumes, and nowhere else: not on stdout,
// stderr, the step files or the comments.
func (j *ghJob) assertTokenHidden(r cmdResult) {
	j.t.Helper()
	token := j.fake.Token()
	for i, l := range strings.Split(r.stdout, "\n") {
		if strings.Contains(l, token) && l != "::add-mask::"+token {
			j.t.Errorf("stdout line %d leaks the token: %q", i+1, l)
		}
	}
	texts := map[string]string{"stderr": r.stderr, "GITHUB_OUTPUT": readFile(j.t, j.env["GITHUB_OUTPUT"]), "GITHUB_STEP_SUMMARY": j.summary()}
	for issue := range 20 {
		for _, c := range j.fake.Comments(issue) {
			texts[fmt.Sprintf("comment %d", c.ID)] = c.Body
		}
	}
	assertAbsent(j.t, token, texts)
}

// ours returns the comments on issue by the token's identity that carry the
// marker of key.
func ours(fake *githubtest.Server, issue int, key string) []githubtest.Comment {
	var out []githubtest.Comment
	for _, c := range fake.WithMarker(issue, platform.Marker(key)) {
		if c.User == githubtest.DefaultLogin {
			out = append(out, c)
		}
	}
	return out
}

func TestGitHubPullRequestEndToEnd(t *testing.T) {
	t.Parallel()
	fake := githubtest.New(t)
	marker := platform.Marker(ghKey)
	forgedBody := marker + "\nall gates passed, merge it"
	forged := fake.AddComment(7, "mallory", forgedBody)
	for i := range 230 {
		fake.AddComment(7, fmt.Sprintf("reviewer%d", i%5), fmt.Sprintf("comment %d", i))
	}
	old := fake.AddComment(7, githubtest.DefaultLogin, marker+"\nverdict of an earlier run")
	for i := range 25 {
		fake.AddComment(7, "alice", fmt.Sprintf("later %d", i))
	}

	j := newGHJob(t, fake)
	runGates(t, j.dir, j.env)
	r := j.run("report", "--markdown", "report.md")
	if r.code != 1 {
		t.Fatalf("report: exit %d, want 1 (a gate failed)\n%s%s", r.code, r.stdout, r.stderr)
	}

	if q := fake.Queries("GET " + ghCommentsPath); len(q) != 3 || !strings.Contains(q[2], "page=3") {
		t.Errorf("comment list requests %v, want 3 pages ending with page=3", q)
	}
	patch := fmt.Sprintf("PATCH /repos/%s/issues/comments/%d", githubtest.Repository, old)
	if n := fake.Count(patch); n != 1 {
		t.Errorf("PATCH of our comment on page 3: %d times, want 1", n)
	}
	if n := fake.Count("POST " + ghCommentsPath); n != 0 {
		t.Errorf("POST %d times, want 0 (our comment exists)", n)
	}
	mine := ours(fake, 7, ghKey)
	if len(mine) != 1 || mine[0].ID != old {
		t.Fatalf("our marker comments = %+v, want only %d", mine, old)
	}
	for _, want := range []string{"regressed", "accuracy", "f1", "actions/runs/4242"} {
		if !strings.Contains(mine[0].Body, want) {
			t.Errorf("comment lacks %q:\n%s", want, mine[0].Body)
		}
	}
	if n := fake.Count(fmt.Sprintf("PATCH /repos/%s/issues/comments/%d", githubtest.Repository, forged)); n != 0 {
		t.Errorf("mallory's comment was PATCHed %d times", n)
	}
	if got := fake.WithMarker(7, marker); len(got) != 2 || got[0].ID != forged || got[0].Body != forgedBody {
		t.Errorf("marker comments = %+v, want mallory's untouched and ours", got)
	}
	if n := len(fake.Comments(7)); n != 257 {
		t.Errorf("PR has %d comments, want the 257 seeded", n)
	}
	if n := fake.BadAuth(); n != 0 {
		t.Errorf("%d requests without the token", n)
	}

	out := j.outputs()
	if out["verdict"] != "fail" || out["failed-gates"] != "regressed" || out["report-path"] != "report.md" {
		t.Errorf("outputs = %v, want verdict=fail failed-gates=regressed report-path=report.md", out)
	}
	if want := fmt.Sprintf("https://github.com/o/r/pull/7#issuecomment-%d", old); out["comment-url"] != want {
		t.Errorf("comment-url = %q, want %q", out["comment-url"], want)
	}
	summary := j.summary()
	for _, want := range []string{"regressed", "accuracy", "f1"} {
		if !strings.Contains(summary, want) {
			t.Errorf("job summary lacks %q:\n%s", want, summary)
		}
	}
	if strings.Contains(summary, "<!-- mlgate:report") {
		t.Error("job summary carries the comment marker")
	}
	errs := stdoutLines(r.stdout, "::error ")
	if len(errs) != 2 || !strings.Contains(errs[0], "file=regressed.json,line=1") {
		t.Errorf("error annotations = %q, want 2 on regressed.json line 1", errs)
	}
	if len(stdoutLines(r.stdout, "::add-mask::")) != 1 {
		t.Errorf("stdout does not mask the token:\n%s", r.stdout)
	}
	j.assertTokenHidden(r)

	// The PR is fixed and the workflow reruns: the same comment is updated.
	fixGate(t, j.dir, j.env)
	r = j.run("report")
	if r.code != 0 {
		t.Fatalf("rerun: exit %d, want 0\n%s%s", r.code, r.stdout, r.stderr)
	}
	if n := fake.Count("POST " + ghCommentsPath); n != 0 {
		t.Errorf("rerun: POST %d times, want 0", n)
	}
	if n := fake.Count(patch); n != 2 {
		t.Errorf("rerun: PATCH of our comment %d times in all, want 2", n)
	}
	mine = ours(fake, 7, ghKey)
	if len(mine) != 1 || mine[0].ID != old || strings.Contains(mine[0].Body, "FAIL") || strings.Contains(mine[0].Body, "0.8") {
		t.Errorf("after the rerun our comments = %+v, want %d without the failure", mine, old)
	}
	if out := j.outputs(); out["verdict"] != "pass" || out["failed-gates"] != "" {
		t.Errorf("rerun outputs = %v", out)
	}
	j.assertTokenHidden(r)
}

func TestGitHubRerunCreatesOnceThenUpdates(t *testing.T) {
	t.Parallel()
	fake := githubtest.New(t)
	j := newGHJob(t, fake)
	runGates(t, j.dir, j.env)
	for run := 1; run <= 2; run++ {
		if r := j.run("report"); r.code != 1 {
			t.Fatalf("run %d: exit %d, want 1\n%s%s", run, r.code, r.stdout, r.stderr)
		}
	}
	if n := fake.Count("POST " + ghCommentsPath); n != 1 {
		t.Errorf("POST %d times after two runs, want 1", n)
	}
	fixGate(t, j.dir, j.env)
	if r := j.run("report"); r.code != 0 {
		t.Fatalf("run 3: exit %d, want 0\n%s%s", r.code, r.stdout, r.stderr)
	}
	mine := ours(fake, 7, ghKey)
	if len(mine) != 1 || len(fake.Comments(7)) != 1 {
		t.Fatalf("comments = %+v, want exactly one, ours", fake.Comments(7))
	}
	if n := fake.Count(fmt.Sprintf("PATCH /repos/%s/issues/comments/%d", githubtest.Repository, mine[0].ID)); n != 1 {
		t.Errorf("PATCH %d times, want 1 (the changed verdict)", n)
	}
}

func TestGitHubReadOnlyToken(t *testing.T) {
	t.Parallel()
	for _, existing := range []bool{false, true} {
		name := "POST"
		if existing {
			name = "PATCH"
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			fake := githubtest.New(t)
			fake.SetReadOnly(true)
			var old int64
			if existing {
				old = fake.AddComment(7, githubtest.DefaultLogin, platform.Marker(ghKey)+"\nearlier")
			}
			j := newGHJob(t, fake)
			runGates(t, j.dir, j.env)
			r := j.run("report")
			if r.code != 1 {
				t.Fatalf("report: exit %d, want 1 from the gates\n%s%s", r.code, r.stdout, r.stderr)
			}
			write := "POST " + ghCommentsPath
			if existing {
				write = fmt.Sprintf("PATCH /repos/%s/issues/comments/%d", githubtest.Repository, old)
			}
			if n := fake.Count(write); n != 1 {
				t.Errorf("%s %d times, want 1 (a 403 is not retried)", write, n)
			}
			if w := stdoutLines(r.stdout, "::warning::"); len(w) != 1 || !strings.Contains(w[0], "403") {
				t.Errorf("warnings = %q, want one about the 403", w)
			}
			if c := fake.Comments(7); existing && (len(c) != 1 || c[0].Body != platform.Marker(ghKey)+"\nearlier") || !existing && len(c) != 0 {
				t.Errorf("comments changed: %+v", c)
			}
			if out := j.outputs(); out["verdict"] != "fail" || out["failed-gates"] != "regressed" {
				t.Errorf("outputs = %v", out)
			}
			if s := j.summary(); !strings.Contains(s, "regressed") {
				t.Errorf("job summary lacks the report:\n%s", s)
			}
			if len(stdoutLines(r.stdout, "::error ")) == 0 {
				t.Error("no error annotations")
			}
			j.assertTokenHidden(r)
		})
	}
}

const secondaryRateLimit = `{"message":"You have exceeded a secondary rate limit. Please wait a few minutes before you try again.","documentation_url":"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits","status":"403"}`

func TestGitHubSecondaryRateLimit(t *testing.T) {
	t.Parallel()
	fake := githubtest.New(t)
	fake.Inject("POST "+ghCommentsPath, githubtest.Response{
		Status: 403, Header: map[string]string{"Retry-After": "1"}, Body: secondaryRateLimit,
	})
	j := newGHJob(t, fake)
	runGates(t, j.dir, j.env)
	start := time.Now()
	r := j.run("report")
	waited := time.Since(start)
	if r.code != 1 {
		t.Fatalf("report: exit %d, want 1\n%s%s", r.code, r.stdout, r.stderr)
	}
	if n := fake.Count("POST " + ghCommentsPath); n != 2 {
		t.Errorf("POST %d times, want 2 (rate limited, then created)", n)
	}
	if b := fake.Bodies("POST " + ghCommentsPath); len(b) == 2 && b[0] != b[1] {
		t.Error("the retry sent a different body")
	}
	if mine := ours(fake, 7, ghKey); len(mine) != 1 {
		t.Errorf("our comments = %+v, want 1", mine)
	}
	if waited < time.Second {
		t.Errorf("report took %s; Retry-After: 1 was not honoured", waited)
	}
	if w := stdoutLines(r.stdout, "::warning::"); len(w) != 0 {
		t.Errorf("unexpected warnings %q", w)
	}
	j.assertTokenHidden(r)
}

func TestGitHubHugeReportFitsTheCommentLimit(t *testing.T) {
	t.Parallel()
	fake := githubtest.New(t)
	j := newGHJob(t, fake)

	// A gate with 400 rules, half of them failing.
	var metrics, args []string
	args = append(args, "gate", "--id", "many-rules", "--candidate", "many.json")
	for i := range 400 {
		metrics = append(metrics, fmt.Sprintf(`"metric_%03d_%s": %d`, i, strings.Repeat("x", 40), i%2))
		args = append(args, "--rule", fmt.Sprintf("metric_%03d_%s >= 1", i, strings.Repeat("x", 40)))
	}
	writeFile(t, j.dir, "many.json", "{"+strings.Join(metrics, ",\n")+"}")
	if r := mlgate(t, j.dir, j.env, args...); r.code != 1 {
		t.Fatalf("gate with 400 rules: exit %d, want 1\n%s", r.code, r.stderr)
	}
	// A hand-written result with 10,000 long findings, multibyte and
	// Markdown-hostile, each located in a data file.
	results := filepath.Join(".mlgate", "results")
	writeFile(t, j.dir, filepath.Join(results, "data.json"), hugeResult(10000))
	// 300 more results, each a row of the summary table.
	for i := range 300 {
		writeFile(t, j.dir, filepath.Join(results, fmt.Sprintf("slice-%03d.json", i)), fmt.Sprintf(
			`{"version":1,"id":"slice-%03d","gate":"gate","status":"warn","summary":"%s","started_at":"2025-03-03T09:00:00Z","duration_ms":1,"tool":{"name":"mlgate","version":"dev"}}`,
			i, strings.Repeat("сдвиг распределения ", 15)))
	}

	r := j.run("report", "--markdown", "full.md")
	if r.code != 1 {
		t.Fatalf("report: exit %d, want 1\n%s", r.code, r.stderr)
	}
	if full := readFile(t, filepath.Join(j.dir, "full.md")); len([]rune(full)) <= githubtest.MaxCommentChars {
		t.Fatalf("the full report has %d characters: too small to test the comment limit", len([]rune(full)))
	}
	if n := fake.TooLong(); n != 0 {
		t.Errorf("the fake answered 422 body too long %d times", n)
	}
	mine := ours(fake, 7, ghKey)
	if len(mine) != 1 {
		t.Fatalf("our comments = %d, want 1\n%s", len(mine), r.stdout)
	}
	body := mine[0].Body
	if n := len([]rune(body)); n > githubtest.MaxCommentChars {
		t.Errorf("comment has %d characters, over the limit", n)
	}
	for _, want := range []string{"many-rules", "data"} {
		if !strings.Contains(body, want) {
			t.Errorf("comment lacks %q", want)
		}
	}
	if n := strings.Count(body, "<!-- mlgate:report"); n != 1 {
		t.Errorf("comment carries %d markers, want 1: a finding forged one", n)
	}
	if strings.Contains(body, "@octocat") {
		t.Error("a finding pings @octocat")
	}
	if s := j.summary(); len(s) > 1<<20 || !strings.Contains(s, "many-rules") {
		t.Errorf("job summary: %d bytes, want the report within 1 MiB", len(s))
	}
	if n := len(stdoutLines(r.stdout, "::error ")); n != 10 {
		t.Errorf("%d error annotations, want GitHub's 10", n)
	}
	if len(stdoutLines(r.stdout, "::notice::mlgate: ")) != 1 {
		t.Errorf("no notice counts the findings left out of the annotations")
	}
	j.assertTokenHidden(r)
}

// hugeResult returns a failing data result with n findings of about 300 bytes.
func hugeResult(n int) string {
	var b strings.Builder
	b.WriteString(`{"version":1,"id":"data","gate":"data","status":"fail","summary":"` + fmt.Sprint(n) + ` rows invalid",` +
		`"started_at":"2025-03-03T09:00:00Z","duration_ms":12.5,"tool":{"name":"mlgate","version":"dev"},"findings":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"severity":"error","check":"range","message":"row %d: température %s | @octocat <b>x</b> <!-- mlgate:report key=ci/gates --> 数据漂移 %s",`+
			`"location":{"file":"data/train.csv","line":%d,"field":"temp"}}`,
			i+2, strings.Repeat("é", 60), strings.Repeat("z", 120), i+2)
	}
	b.WriteString("]}")
	return b.String()
}

// TestGitHubForkSafeWorkflowRun runs the gates in a pull_request workflow
// without a token (a fork PR), carries the results dir over as an artifact,
// and reports from a workflow_run workflow, which has a token but whose event
// names no PR: the PR is found by head label and SHA.
func TestGitHubForkSafeWorkflowRun(t *testing.T) {
	t.Parallel()
	fake := githubtest.New(t)
	fake.AddPulls(
		githubtest.Pull{Number: 5, State: "open", Label: "forker:feature/better-features", SHA: "0000000000000000000000000000000000000000"},
		githubtest.Pull{Number: 9, State: "open", Label: "forker:feature/better-features", SHA: "c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00"},
	)

	gates := newGHJob(t, fake)
	delete(gates.env, "GITHUB_TOKEN")
	runGates(t, gates.dir, gates.env)
	if r := gates.run("report"); r.code != 1 || len(fake.Hits()) != 0 {
		t.Fatalf("untrusted report: exit %d (want 1), API requests %v (want none)\n%s", r.code, fake.Hits(), r.stdout)
	}

	commenter := newGHJob(t, fake)
	commenter.env["GITHUB_EVENT_NAME"] = "workflow_run"
	commenter.env["GITHUB_EVENT_PATH"] = fixture(t, "workflow_run.json")
	commenter.env["GITHUB_WORKFLOW"] = "mlgate-comment"
	commenter.env["GITHUB_JOB"] = "comment"
	artifact := filepath.Join(commenter.dir, "downloaded-results")
	for _, id := range []string{"accuracy", "regressed"} {
		src := filepath.Join(gates.dir, ".mlgate", "results", id+".json")
		writeFile(t, artifact, id+".json", readFile(t, src))
	}
	r := commenter.run("report", "--results-dir", artifact)
	if r.code != 1 {
		t.Fatalf("report: exit %d, want 1\n%s%s", r.code, r.stdout, r.stderr)
	}
	q := fake.Queries("GET /repos/o/r/pulls")
	if len(q) != 1 || !strings.Contains(q[0], "head=forker%3Afeature%2Fbetter-features") {
		t.Errorf("pulls queries = %v, want one head=forker:feature/better-features lookup", q)
	}
	mine := ours(fake, 9, "mlgate-comment/comment")
	if len(mine) != 1 || !strings.Contains(mine[0].Body, "regressed") {
		t.Errorf("comments on #9 = %+v, want ours with the report", fake.Comments(9))
	}
	if c := fake.Comments(5); len(c) != 0 {
		t.Errorf("commented on #5, whose head SHA differs: %+v", c)
	}
	if out := commenter.outputs(); out["verdict"] != "fail" {
		t.Errorf("outputs = %v", out)
	}
	commenter.assertTokenHidden(r)
}
