package github

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/mlgate/mlgate/internal/platform"
	"github.com/mlgate/mlgate/internal/platform/github/githubtest"
	"github.com/mlgate/mlgate/internal/result"
)

const commentsPath = "/repos/o/r/issues/7/comments"

func TestPublishUpdatesOwnCommentOnThirdPage(t *testing.T) {
	t.Parallel()
	fake := newFake(t, "")
	marker := platform.Marker(testKey)
	for i := range 230 {
		fake.AddComment(7, fmt.Sprintf("reviewer%d", i%5), fmt.Sprintf("comment %d", i))
	}
	ours := fake.AddComment(7, "github-actions[bot]", marker+"\nold verdict")
	for i := range 25 {
		fake.AddComment(7, "alice", fmt.Sprintf("later %d", i))
	}
	h := newHarness(t, fake)
	h.mustPublish(textReport(result.Fail, "new verdict"))

	if got := fake.Queries("GET " + commentsPath); len(got) != 3 {
		t.Fatalf("listed %d pages (%v), want 3", len(got), got)
	} else {
		for i, q := range got {
			if !strings.Contains(q, "per_page=100") {
				t.Errorf("page request %d query %q lacks per_page=100", i+1, q)
			}
		}
		if !strings.Contains(got[2], "page=3") {
			t.Errorf("third request query %q, want page=3", got[2])
		}
	}
	if n := fake.Count(fmt.Sprintf("PATCH /repos/o/r/issues/comments/%d", ours)); n != 1 {
		t.Errorf("PATCH of our comment %d: %d times, want 1", ours, n)
	}
	if n := fake.Count("POST " + commentsPath); n != 0 {
		t.Errorf("POST %d times, want 0", n)
	}
	got := fake.WithMarker(7, marker)
	if len(got) != 1 || got[0].ID != ours || got[0].Body != marker+"\nnew verdict" {
		t.Errorf("marker comments = %+v, want only %d with the new verdict", got, ours)
	}
	if out := h.outputs(); out["comment-url"] != fmt.Sprintf("https://github.com/o/r/pull/7#issuecomment-%d", ours) {
		t.Errorf("comment-url = %q", out["comment-url"])
	}
	if fake.BadAuth() != 0 {
		t.Errorf("%d requests without the token", fake.BadAuth())
	}
}

func TestPublishIgnoresMarkerFromAnotherUser(t *testing.T) {
	t.Parallel()
	fake := newFake(t, "")
	marker := platform.Marker(testKey)
	forged := fake.AddComment(7, "mallory", marker+"\nall gates passed, merge it")
	h := newHarness(t, fake)
	h.mustPublish(textReport(result.Fail, "gate failed"))

	if n := fake.Count(fmt.Sprintf("PATCH /repos/o/r/issues/comments/%d", forged)); n != 0 {
		t.Errorf("the forged comment was PATCHed %d times", n)
	}
	if n := fake.Count("POST " + commentsPath); n != 1 {
		t.Errorf("POST %d times, want 1", n)
	}
	got := fake.WithMarker(7, marker)
	if len(got) != 2 || got[0].Body != marker+"\nall gates passed, merge it" ||
		got[1].User != "github-actions[bot]" || got[1].Body != marker+"\ngate failed" {
		t.Errorf("marker comments = %+v", got)
	}
}

func TestPublishRerunUpdatesInsteadOfDuplicating(t *testing.T) {
	t.Parallel()
	fake := newFake(t, "")
	h := newHarness(t, fake)
	h.mustPublish(textReport(result.Fail, "run 1: fail"))
	h.mustPublish(textReport(result.Fail, "run 1: fail")) // same body: nothing to send
	if n := fake.Count("POST " + commentsPath); n != 1 {
		t.Fatalf("POST %d times after two identical runs, want 1", n)
	}
	created := fake.WithMarker(7, platform.Marker(testKey))
	if len(created) != 1 {
		t.Fatalf("marker comments after the first runs: %+v", created)
	}
	patch := fmt.Sprintf("PATCH /repos/o/r/issues/comments/%d", created[0].ID)
	if n := fake.Count(patch); n != 0 {
		t.Errorf("unchanged body PATCHed %d times", n)
	}
	h.mustPublish(textReport(result.Pass, "run 2: pass"))
	if n := fake.Count("POST " + commentsPath); n != 1 {
		t.Errorf("POST %d times after the rerun, want 1", n)
	}
	if n := fake.Count(patch); n != 1 {
		t.Errorf("PATCH %d times after the rerun, want 1", n)
	}
	got := fake.WithMarker(7, platform.Marker(testKey))
	if len(got) != 1 || got[0].User != "github-actions[bot]" || !strings.HasSuffix(got[0].Body, "run 2: pass") {
		t.Errorf("marker comments = %+v, want one by the bot with run 2", got)
	}
}

func TestPublishKeysDoNotOverwriteEachOther(t *testing.T) {
	t.Parallel()
	fake := newFake(t, "")
	h := newHarness(t, fake)
	h.mustPublish(textReport(result.Fail, "ci"))
	h.env["GITHUB_WORKFLOW"] = "nightly"
	h.mustPublish(textReport(result.Fail, "nightly"))
	if a, b := fake.WithMarker(7, platform.Marker("ci/gates")), fake.WithMarker(7, platform.Marker("nightly/gates")); len(a) != 1 || len(b) != 1 {
		t.Errorf("comments: ci/gates %+v, nightly/gates %+v; want one each", a, b)
	}
}

func TestPublishReadOnlyToken(t *testing.T) {
	t.Parallel()
	fake := newFake(t, "")
	fake.SetReadOnly(true)
	h := newHarness(t, fake)
	h.mustPublish(textReport(result.Fail, "the verdict"))

	warns := h.warnings()
	if len(warns) != 1 || !strings.Contains(warns[0], "the token cannot comment on this PR (read-only token on a fork PR?); the verdict is in the job summary.") ||
		!strings.Contains(warns[0], "HTTP 403: Resource not accessible by integration") {
		t.Errorf("warnings = %q", warns)
	}
	if out := h.outputs(); out["verdict"] != "fail" || out["failed-gates"] != "gate-eval,data.train" {
		t.Errorf("outputs = %v", out)
	} else if _, ok := out["comment-url"]; ok {
		t.Errorf("comment-url set although nothing was posted")
	}
	if s := h.readFile("GITHUB_STEP_SUMMARY"); !strings.Contains(s, "the verdict") {
		t.Errorf("summary = %q", s)
	}
	if n := fake.Count("POST " + commentsPath); n != 1 {
		t.Errorf("POST %d times, want 1 (a 403 that is no rate limit is not retried)", n)
	}
}

func TestPublishNeverSendsOversizedComment(t *testing.T) {
	t.Parallel()
	huge := strings.Repeat("| metric | 0.91 | 0.90 |\n", 80000) // ~2 MB
	cases := map[string]struct {
		r *platform.Report
		// minSummary is the least the summary must hold: the whole budget
		// when the report is bigger than it.
		minSummary int
	}{
		"renderer honours the cap": {textReport(result.Fail, huge), summaryCap - summaryMargin},
		"renderer overshoots with multi-byte text": {&platform.Report{
			Verdict: result.Fail,
			Markdown: func(_ int, marker string) string {
				return marker + "\n" + strings.Repeat("дрейф ✓ ", 200000)
			},
		}, summaryCap - summaryMargin - 3},
		"renderer forgets the marker": {&platform.Report{
			Verdict:  result.Fail,
			Markdown: func(int, string) string { return strings.Repeat("x", 70000) },
		}, 70000},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			fake := newFake(t, "")
			h := newHarness(t, fake)
			h.mustPublish(tc.r)
			if fake.TooLong() != 0 {
				t.Fatalf("the fake answered 422 body too long %d times", fake.TooLong())
			}
			got := fake.WithMarker(7, platform.Marker(testKey))
			if len(got) != 1 {
				t.Fatalf("marker comments: %d, want 1", len(got))
			}
			if n := utf8.RuneCountInString(got[0].Body); n > 65536 || !utf8.ValidString(got[0].Body) {
				t.Errorf("comment has %d characters (valid UTF-8: %v)", n, utf8.ValidString(got[0].Body))
			}
			if len(got[0].Body) < 60000 {
				t.Errorf("comment was cut to %d bytes, far below the limit", len(got[0].Body))
			}
			summary := h.readFile("GITHUB_STEP_SUMMARY")
			if len(summary) > summaryCap || len(summary) < tc.minSummary || !utf8.ValidString(summary) {
				t.Errorf("summary is %d bytes (valid UTF-8: %v), want %d to %d",
					len(summary), utf8.ValidString(summary), tc.minSummary, summaryCap)
			}
		})
	}
}

const secondaryBody = `{"message":"You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID 0C00:1A2B:3C4D5E:6F7A8B:9C0D1E2F.","documentation_url":"https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits","status":"403"}`

func TestPublishRetries(t *testing.T) {
	t.Parallel()
	badGateway := githubtest.Response{Status: 502, Body: `{"message":"Server Error"}`}
	cases := []struct {
		name      string
		inject    []githubtest.Response
		maxWait   time.Duration
		wantWaits []time.Duration
		wantPosts int
		created   bool
		warning   string
	}{
		{
			name:      "secondary rate limit with Retry-After",
			inject:    []githubtest.Response{{Status: 403, Header: map[string]string{"Retry-After": "3"}, Body: secondaryBody}},
			wantWaits: []time.Duration{3 * time.Second},
			wantPosts: 2,
			created:   true,
		},
		{
			name:      "secondary rate limit without headers waits a minute",
			inject:    []githubtest.Response{{Status: 403, Body: secondaryBody}},
			wantWaits: []time.Duration{time.Minute},
			wantPosts: 2,
			created:   true,
		},
		{
			name:      "502 then success",
			inject:    []githubtest.Response{badGateway},
			wantWaits: []time.Duration{time.Second},
			wantPosts: 2,
			created:   true,
		},
		{
			name:      "429 with Retry-After",
			inject:    []githubtest.Response{{Status: 429, Header: map[string]string{"Retry-After": "5"}, Body: `{"message":"Too Many Requests"}`}},
			wantWaits: []time.Duration{5 * time.Second},
			wantPosts: 2,
			created:   true,
		},
		{
			name:      "retries exhausted",
			inject:    []githubtest.Response{badGateway, badGateway, badGateway, badGateway},
			wantWaits: []time.Duration{time.Second, 2 * time.Second, 4 * time.Second},
			wantPosts: 4,
			warning:   "could not create the PR comment: POST",
		},
		{
			name:      "Retry-After longer than MaxWait",
			inject:    []githubtest.Response{{Status: 403, Header: map[string]string{"Retry-After": "120"}, Body: secondaryBody}},
			maxWait:   time.Minute,
			wantPosts: 1,
			warning:   "asks to wait 2m0s, longer than the 1m0s limit; giving up",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			fake := newFake(t, "")
			fake.Inject("POST "+commentsPath, tc.inject...)
			h := newHarness(t, fake)
			h.opt.MaxWait = tc.maxWait
			h.mustPublish(textReport(result.Fail, "verdict"))

			if got := h.waits(); fmt.Sprint(got) != fmt.Sprint(tc.wantWaits) {
				t.Errorf("waits = %v, want %v", got, tc.wantWaits)
			}
			if n := fake.Count("POST " + commentsPath); n != tc.wantPosts {
				t.Errorf("POST %d times, want %d", n, tc.wantPosts)
			}
			bodies := fake.Bodies("POST " + commentsPath)
			for i := 1; i < len(bodies); i++ {
				if bodies[i] != bodies[0] {
					t.Errorf("retry %d sent a different body", i)
				}
			}
			if got := len(fake.WithMarker(7, platform.Marker(testKey))); (got == 1) != tc.created || got > 1 {
				t.Errorf("%d marker comments, want created=%v", got, tc.created)
			}
			if tc.warning != "" {
				h.assertStdoutContains(tc.warning)
				if len(h.warnings()) == 0 {
					t.Error("no ::warning:: printed")
				}
			} else if w := h.warnings(); len(w) != 0 {
				t.Errorf("unexpected warnings %q", w)
			}
		})
	}
}

func TestPublishIdentity(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, viewer, user, acting, source string
	}{
		{"GraphQL viewer", "mlgate-app[bot]", "", "mlgate-app[bot]", "identity from GraphQL viewer"},
		{"GET /user after GraphQL fails", "", "octo-pat", "octo-pat", "identity from GET /user"},
		{"default GITHUB_TOKEN", "", "", "github-actions[bot]", "identity from default for GITHUB_TOKEN"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			fake := newFake(t, "")
			fake.SetIdentity(tc.acting, tc.viewer, tc.user)
			marker := platform.Marker(testKey)
			// Comments by the other identities carry the marker too; only
			// the one by the acting identity is ours (the login differs in case).
			var ours int64
			for _, login := range []string{"github-actions[bot]", "mlgate-app[bot]", "octo-pat"} {
				author := login
				if login == tc.acting {
					author = strings.ToUpper(login)
				}
				id := fake.AddComment(7, author, marker+"\nold")
				if login == tc.acting {
					ours = id
				}
			}
			h := newHarness(t, fake)
			h.mustPublish(textReport(result.Warn, "new"))
			h.assertStdoutContains("PR comment: #7 as " + tc.acting + " (" + tc.source + ")")
			if n := fake.Count(fmt.Sprintf("PATCH /repos/o/r/issues/comments/%d", ours)); n != 1 {
				t.Errorf("PATCH of %d: %d times, want 1", ours, n)
			}
			for _, c := range fake.WithMarker(7, marker) {
				if c.ID != ours && c.Body != marker+"\nold" {
					t.Errorf("comment %d by %s was changed", c.ID, c.User)
				}
			}
			if n := fake.Count("POST /graphql"); n != 1 {
				t.Errorf("GraphQL called %d times, want 1", n)
			}
			wantUser := 1
			if tc.viewer != "" {
				wantUser = 0
			}
			if n := fake.Count("GET /user"); n != wantUser {
				t.Errorf("GET /user called %d times, want %d", n, wantUser)
			}
		})
	}
}

func TestPublishGHES(t *testing.T) {
	t.Parallel()
	fake := newFake(t, "/api/v3")
	fake.SetIdentity("ghe-bot", "ghe-bot", "")
	h := newHarness(t, fake)
	h.mustPublish(textReport(result.Fail, "on GHES"))
	if n := fake.Count("POST /api/graphql"); n != 1 {
		t.Errorf("GraphQL at /api/graphql: %d calls, want 1", n)
	}
	if n := fake.Count("POST /api/v3" + commentsPath); n != 1 {
		t.Errorf("POST /api/v3%s: %d calls, want 1", commentsPath, n)
	}
	if got := fake.WithMarker(7, platform.Marker(testKey)); len(got) != 1 || got[0].User != "ghe-bot" {
		t.Errorf("marker comments = %+v", got)
	}
}

func TestPublishWorkflowRunFindsForkPR(t *testing.T) {
	t.Parallel()
	fake := newFake(t, "")
	fake.AddPulls(
		githubtest.Pull{Number: 5, State: "open", Label: "forker:feature/better-features", SHA: "0000000000000000000000000000000000000000"},
		githubtest.Pull{Number: 9, State: "open", Label: "forker:feature/better-features", SHA: "c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00"},
		githubtest.Pull{Number: 3, State: "closed", Label: "forker:feature/better-features", SHA: "c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00"},
	)
	h := newHarness(t, fake)
	ev, err := filepath.Abs(filepath.Join("testdata", "workflow_run.json"))
	if err != nil {
		t.Fatal(err)
	}
	h.env["GITHUB_EVENT_NAME"] = "workflow_run"
	h.env["GITHUB_EVENT_PATH"] = ev
	h.mustPublish(textReport(result.Fail, "from the fork"))

	q := fake.Queries("GET /repos/o/r/pulls")
	if len(q) != 1 || !strings.Contains(q[0], "head=forker%3Afeature%2Fbetter-features") || !strings.Contains(q[0], "state=open") {
		t.Errorf("pulls queries = %v", q)
	}
	if got := fake.WithMarker(9, platform.Marker(testKey)); len(got) != 1 {
		t.Errorf("comments on #9 = %+v, want ours", got)
	}
	if n := fake.Count("POST /repos/o/r/issues/5/comments"); n != 0 {
		t.Errorf("commented on #5, whose head SHA differs")
	}
}

func TestPublishWorkflowRunWithPRList(t *testing.T) {
	t.Parallel()
	fake := newFake(t, "")
	h := newHarness(t, fake)
	ev := filepath.Join(t.TempDir(), "event.json")
	payload := `{"workflow_run":{"event":"pull_request","head_branch":"b","head_sha":"abc","pull_requests":[{"number":12,"head":{"sha":"abc"}}]}}`
	if err := os.WriteFile(ev, []byte(payload), 0o600); err != nil {
		t.Fatal(err)
	}
	h.env["GITHUB_EVENT_NAME"] = "workflow_run"
	h.env["GITHUB_EVENT_PATH"] = ev
	h.mustPublish(textReport(result.Fail, "x"))
	if n := fake.Count("GET /repos/o/r/pulls"); n != 0 {
		t.Errorf("looked up pulls %d times although the payload names the PR", n)
	}
	if got := fake.WithMarker(12, platform.Marker(testKey)); len(got) != 1 {
		t.Errorf("comments on #12 = %+v", got)
	}
}

func TestPublishCommentModes(t *testing.T) {
	t.Parallel()
	issueComment := `{"action":"created","issue":{"number":7,"pull_request":{"url":"https://api.github.com/repos/o/r/pulls/7"}},"comment":{"id":1,"body":"/mlgate"}}`
	issueOnly := `{"action":"created","issue":{"number":7},"comment":{"id":1,"body":"hi"}}`
	push := `{"ref":"refs/heads/main","after":"abc"}`
	cases := []struct {
		name     string
		mode     platform.CommentMode
		event    string // name
		payload  string // "" = pull_request fixture
		pr       int
		verdict  result.Status
		existing bool
		want     string // "post", "patch" or "" for no write
	}{
		{name: "auto on pull_request", mode: platform.CommentAuto, event: "pull_request", verdict: result.Pass, want: "post"},
		{name: "empty mode is auto", mode: "", event: "pull_request", verdict: result.Pass, want: "post"},
		{name: "auto on push", mode: platform.CommentAuto, event: "push", payload: push, verdict: result.Fail},
		{name: "auto on issue_comment", mode: platform.CommentAuto, event: "issue_comment", payload: issueComment, verdict: result.Fail},
		{name: "always on issue_comment", mode: platform.CommentAlways, event: "issue_comment", payload: issueComment, verdict: result.Pass, want: "post"},
		{name: "always on a plain issue comment", mode: platform.CommentAlways, event: "issue_comment", payload: issueOnly, verdict: result.Fail},
		{name: "auto with --pr on push", mode: platform.CommentAuto, event: "push", payload: push, pr: 7, verdict: result.Pass, want: "post"},
		{name: "on-failure pass creates nothing", mode: platform.CommentOnFailure, event: "pull_request", verdict: result.Pass},
		{name: "on-failure fail creates", mode: platform.CommentOnFailure, event: "pull_request", verdict: result.Fail, want: "post"},
		{name: "on-failure error creates", mode: platform.CommentOnFailure, event: "pull_request", verdict: result.Error, want: "post"},
		{name: "on-failure pass updates", mode: platform.CommentOnFailure, event: "pull_request", verdict: result.Pass, existing: true, want: "patch"},
		{name: "never", mode: platform.CommentNever, event: "pull_request", verdict: result.Fail, existing: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			fake := newFake(t, "")
			h := newHarness(t, fake)
			h.opt.Comment = tc.mode
			h.opt.PR = tc.pr
			h.env["GITHUB_EVENT_NAME"] = tc.event
			if tc.payload != "" {
				ev := filepath.Join(t.TempDir(), "event.json")
				if err := os.WriteFile(ev, []byte(tc.payload), 0o600); err != nil {
					t.Fatal(err)
				}
				h.env["GITHUB_EVENT_PATH"] = ev
			}
			var id int64
			if tc.existing {
				id = fake.AddComment(7, "github-actions[bot]", platform.Marker(testKey)+"\nearlier failure")
			}
			h.mustPublish(textReport(tc.verdict, "now "+string(tc.verdict)))
			posts := fake.Count("POST " + commentsPath)
			patches := fake.Count(fmt.Sprintf("PATCH /repos/o/r/issues/comments/%d", id))
			got := ""
			switch {
			case posts == 1 && patches == 0:
				got = "post"
			case posts == 0 && patches == 1:
				got = "patch"
			case posts != 0 || patches != 0:
				got = fmt.Sprintf("%d posts, %d patches", posts, patches)
			}
			if got != tc.want {
				t.Errorf("wrote %q, want %q\n%s", got, tc.want, h.stdout.String())
			}
			if w := h.warnings(); len(w) != 0 {
				t.Errorf("unexpected warnings %q", w)
			}
		})
	}
}

func TestPublishWithoutToken(t *testing.T) {
	t.Parallel()
	for _, mode := range []platform.CommentMode{platform.CommentAuto, platform.CommentAlways} {
		t.Run(string(mode), func(t *testing.T) {
			t.Parallel()
			fake := newFake(t, "")
			h := newHarness(t, fake)
			h.opt.Comment = mode
			delete(h.env, "GITHUB_TOKEN")
			if err := h.publish(textReport(result.Fail, "verdict")); err != nil {
				t.Fatalf("Publish: %v", err)
			}
			if len(fake.Hits()) != 0 {
				t.Errorf("API called without a token: %v", fake.Hits())
			}
			if w := h.warnings(); len(w) != 1 || !strings.Contains(w[0], "no GitHub token") {
				t.Errorf("warnings = %q", w)
			}
			if strings.Contains(h.stdout.String(), "add-mask") {
				t.Error("masked an empty token")
			}
			if out := h.outputs(); out["verdict"] != "fail" {
				t.Errorf("outputs = %v", out)
			}
		})
	}
}

func TestPublishTokenFromOptions(t *testing.T) {
	t.Parallel()
	fake := newFake(t, "")
	h := newHarness(t, fake)
	h.env["GITHUB_TOKEN"] = "ghs_wrongWRONGwrong"
	h.opt.Token = fake.Token()
	h.mustPublish(textReport(result.Fail, "x"))
	if fake.BadAuth() != 0 || len(fake.WithMarker(7, platform.Marker(testKey))) != 1 {
		t.Errorf("bad auth %d; comment not created with Options.Token", fake.BadAuth())
	}
}

func TestPublishBadEventPayload(t *testing.T) {
	t.Parallel()
	fake := newFake(t, "")
	h := newHarness(t, fake)
	ev := filepath.Join(t.TempDir(), "event.json")
	if err := os.WriteFile(ev, []byte("{\n  \"number\": 7,\n  \"pull_request\": {\"number\": oops}\n}"), 0o600); err != nil {
		t.Fatal(err)
	}
	h.env["GITHUB_EVENT_PATH"] = ev
	h.mustPublish(textReport(result.Fail, "x"))
	if w := h.warnings(); len(w) != 1 || !strings.Contains(w[0], ev) || !strings.Contains(w[0], "line 3, column 30") {
		t.Errorf("warnings = %q", w)
	}
	if out := h.outputs(); out["verdict"] != "fail" {
		t.Errorf("outputs = %v", out)
	}
}

// A POST that fails with a server error after GitHub created the comment
// must not create a second one: the publisher looks before posting again.
func TestCreateServerErrorAfterCreation(t *testing.T) {
	t.Parallel()
	fake := newFake(t, "")
	body := platform.Marker(testKey) + "\nverdict"
	// What the failed POST left behind: our comment exists...
	fake.AddComment(7, githubtest.DefaultLogin, body)
	// ...but the first listing ran before it, and the POST answered 502.
	fake.Inject("GET "+commentsPath, githubtest.Response{Status: 200, Body: "[]"})
	fake.Inject("POST "+commentsPath, githubtest.Response{Status: 502, Body: `{"message":"Server Error"}`})
	h := newHarness(t, fake)
	h.mustPublish(textReport(result.Fail, "verdict"))

	if n := fake.Count("POST " + commentsPath); n != 1 {
		t.Errorf("POST %d times, want 1 (no blind retry after a 502)", n)
	}
	if got := len(fake.WithMarker(7, platform.Marker(testKey))); got != 1 {
		t.Errorf("%d marker comments, want 1", got)
	}
	if w := h.warnings(); len(w) != 0 {
		t.Errorf("unexpected warnings %q", w)
	}
}
