package gitlab

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mlgate/mlgate/internal/platform"
	"github.com/mlgate/mlgate/internal/platform/gitlab/gitlabtest"
	"github.com/mlgate/mlgate/internal/result"
)

const (
	botToken = "glpat-S3cretT0kenValue"
	botUser  = "project_42_bot_0123abcd"
	jobToken = "job-token-not-for-notes"
)

// harness is one fake GitLab with the CI environment of a merge request
// pipeline and everything a Publisher writes.
type harness struct {
	t    testing.TB
	fake *gitlabtest.Server
	env  map[string]string
	out  bytes.Buffer

	mu     sync.Mutex
	sleeps []time.Duration
}

func newHarness(t testing.TB) *harness {
	t.Helper()
	h := &harness{t: t, fake: gitlabtest.New(t)}
	h.fake.AddUser(botToken, botUser)
	h.env = map[string]string{
		"GITLAB_CI":            "true",
		"CI_API_V4_URL":        h.fake.APIURL(),
		"CI_PROJECT_ID":        gitlabtest.ProjectID,
		"CI_PROJECT_URL":       "https://gitlab.example.com/group/project",
		"CI_MERGE_REQUEST_IID": "7",
		"CI_JOB_TOKEN":         jobToken,
		"MLGATE_GITLAB_TOKEN":  botToken,
	}
	t.Cleanup(func() {
		for _, secret := range []string{botToken, jobToken} {
			if strings.Contains(h.out.String(), secret) {
				t.Errorf("log output contains a token:\n%s", h.out.String())
			}
		}
		if h.fake.AuthorizationHeaders() > 0 {
			t.Errorf("client sent an Authorization header; access tokens go in PRIVATE-TOKEN")
		}
	})
	return h
}

// publisher builds a Publisher on h's environment; edit may change the options.
func (h *harness) publisher(edit func(*Options)) *Publisher {
	h.t.Helper()
	opt := Options{
		Getenv:     func(k string) string { return h.env[k] },
		Stdout:     &h.out,
		HTTPClient: h.fake.Client(),
		Sleep: func(_ context.Context, d time.Duration) error {
			h.mu.Lock()
			defer h.mu.Unlock()
			h.sleeps = append(h.sleeps, d)
			return nil
		},
		Now: func() time.Time { return time.Unix(1_700_000_000, 0) },
	}
	if edit != nil {
		edit(&opt)
	}
	p, err := New(opt)
	if err != nil {
		h.t.Fatalf("New: %v", err)
	}
	return p
}

// publish runs one Publish and fails the test on error.
func (h *harness) publish(p *Publisher, r *platform.Report) {
	h.t.Helper()
	if err := p.Publish(context.Background(), r); err != nil {
		h.t.Fatalf("Publish: %v\nlog:\n%s", err, h.out.String())
	}
}

func (h *harness) slept() []time.Duration {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]time.Duration(nil), h.sleeps...)
}

// report returns a report whose Markdown is the marker line then text.
func report(verdict result.Status, text string) *platform.Report {
	return &platform.Report{
		Verdict: verdict,
		Markdown: func(_ int, marker string) string {
			if marker == "" {
				return text
			}
			return marker + "\n" + text
		},
	}
}

// ownNotes returns the non-system notes by botUser carrying the marker of key.
func ownNotes(notes []gitlabtest.Note, key string) []gitlabtest.Note {
	var out []gitlabtest.Note
	for _, n := range notes {
		if n.Author == botUser && !n.System && platform.HasMarker(n.Body, key) {
			out = append(out, n)
		}
	}
	return out
}

func TestPublishUpdatesOwnNoteOnPage3(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	marker := platform.Marker(DefaultKey)
	// Oldest first: GitLab lists newest first, so our note is on page 3 of 100.
	ours := h.fake.AddNote(botUser, marker+"\nold verdict", false)
	other := h.fake.AddNote("mallory", marker+"\nforged verdict", false)
	system := h.fake.AddNote(botUser, marker+"\nsystem note", true)
	for i := range 247 {
		h.fake.AddNote("reviewer", "looks good "+string(rune('a'+i%26)), false)
	}

	var gotMax int
	r := report(result.Fail, "new verdict")
	render := r.Markdown
	r.Markdown = func(maxBytes int, m string) string { gotMax = maxBytes; return render(maxBytes, m) }
	h.publish(h.publisher(nil), r)

	if gotMax != NoteLimit {
		t.Errorf("Markdown limit = %d, want %d", gotMax, NoteLimit)
	}
	for _, page := range []string{"page=1", "page=2", "page=3"} {
		if h.fake.Count("GET", "/notes?"+page+"&per_page=100") != 1 {
			t.Errorf("%s of notes not requested once with per_page=100; requests: %v", page, h.fake.Log())
		}
	}
	if n := h.fake.Count("POST", "/notes"); n != 0 {
		t.Errorf("POST requests = %d, want 0 (the note exists)", n)
	}
	if n := h.fake.Count("PUT", "/notes/"); n != 1 {
		t.Errorf("PUT requests = %d, want 1", n)
	}
	for _, n := range h.fake.Notes() {
		switch n.ID {
		case ours:
			if n.Body != marker+"\nnew verdict" {
				t.Errorf("our note body = %q, want the new report", n.Body)
			}
		case other:
			if n.Body != marker+"\nforged verdict" {
				t.Errorf("another user's note with our marker was changed: %q", n.Body)
			}
		case system:
			if n.Body != marker+"\nsystem note" {
				t.Errorf("system note was changed: %q", n.Body)
			}
		}
	}
	if !strings.Contains(h.out.String(), "updated note") ||
		!strings.Contains(h.out.String(), "https://gitlab.example.com/group/project/-/merge_requests/7#note_") {
		t.Errorf("log does not report the update with a link:\n%s", h.out.String())
	}
}

func TestPublishFollowsLinkHeaderPagination(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.fake.SetLinkOnly(true)
	marker := platform.Marker(DefaultKey)
	ours := h.fake.AddNote(botUser, marker+"\nold", false)
	for range 320 {
		h.fake.AddNote("reviewer", "comment", false)
	}
	h.publish(h.publisher(nil), report(result.Pass, "new"))

	if n := h.fake.Count("GET", "/notes?"); n != 4 {
		t.Errorf("list requests = %d, want 4 pages; requests: %v", n, h.fake.Log())
	}
	own := ownNotes(h.fake.Notes(), DefaultKey)
	if len(own) != 1 || own[0].ID != ours || own[0].Body != marker+"\nnew" {
		t.Errorf("own notes = %+v, want note %d updated", own, ours)
	}
}

func TestPublishRerunUpdatesInsteadOfDuplicating(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.fake.AddNote(botUser, "an unrelated note by the same bot", false)
	h.fake.AddNote(botUser, platform.Marker("other-key")+"\nanother report", false)

	h.publish(h.publisher(nil), report(result.Fail, "first run"))
	h.publish(h.publisher(nil), report(result.Pass, "second run"))
	h.publish(h.publisher(nil), report(result.Pass, "second run"))

	own := ownNotes(h.fake.Notes(), DefaultKey)
	if len(own) != 1 {
		t.Fatalf("mlgate notes = %d, want 1: %+v", len(own), own)
	}
	if want := platform.Marker(DefaultKey) + "\nsecond run"; own[0].Body != want {
		t.Errorf("note body = %q, want %q", own[0].Body, want)
	}
	if got := h.fake.Count("POST", "/notes"); got != 1 {
		t.Errorf("POST requests = %d, want 1", got)
	}
	if got := h.fake.Count("PUT", "/notes/"); got != 1 {
		t.Errorf("PUT requests = %d, want 1 (third run is unchanged)", got)
	}
	if !strings.Contains(h.out.String(), "is up to date") {
		t.Errorf("log does not say the unchanged note is up to date:\n%s", h.out.String())
	}
	if len(h.fake.Notes()) != 3 {
		t.Errorf("notes = %d, want 3", len(h.fake.Notes()))
	}
}

func TestPublishKeysSeparateNotes(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.publish(h.publisher(func(o *Options) { o.Key = "train" }), report(result.Pass, "train report"))
	h.publish(h.publisher(func(o *Options) { o.Key = "serve" }), report(result.Pass, "serve report"))
	if a, b := ownNotes(h.fake.Notes(), "train"), ownNotes(h.fake.Notes(), "serve"); len(a) != 1 || len(b) != 1 {
		t.Errorf("notes per key: train %d, serve %d; want 1 each", len(a), len(b))
	}
}

func TestPublishDegradesToWarning(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		setup func(h *harness)
		want  string
	}{
		{"reporter cannot write", func(h *harness) { h.fake.SetReadOnly(botUser, true) }, "needs the api scope"},
		{"revoked token", func(h *harness) { h.env["MLGATE_GITLAB_TOKEN"] = "glpat-revoked" }, "token was rejected"},
		{"unknown project", func(h *harness) { h.env["CI_PROJECT_ID"] = "999" }, "project 999 or MR !7 does not exist"},
		{"unknown MR", func(h *harness) { h.env["CI_MERGE_REQUEST_IID"] = "8" }, "project 42 or MR !8 does not exist"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t)
			tt.setup(h)
			h.publish(h.publisher(nil), report(result.Fail, "verdict"))
			out := h.out.String()
			if !strings.Contains(out, "warning:") || !strings.Contains(out, tt.want) {
				t.Errorf("log lacks a warning with %q:\n%s", tt.want, out)
			}
			if len(h.fake.Notes()) != 0 {
				t.Errorf("a note was written: %+v", h.fake.Notes())
			}
			if len(h.slept()) != 0 {
				t.Errorf("permission errors were retried: %v", h.slept())
			}
		})
	}
}

func TestPublishRetries(t *testing.T) {
	t.Parallel()
	now := time.Unix(1_700_000_000, 0)
	tests := []struct {
		name   string
		route  string
		faults []gitlabtest.Fault
		want   []time.Duration
	}{
		{"429 Retry-After seconds on list", "list",
			[]gitlabtest.Fault{{Status: 429, Header: map[string]string{"Retry-After": "7"}}}, []time.Duration{7 * time.Second}},
		{"429 Retry-After date on create", "create",
			[]gitlabtest.Fault{{Status: 429, Header: map[string]string{"Retry-After": now.Add(3 * time.Second).UTC().Format(http.TimeFormat)}}},
			[]time.Duration{3 * time.Second}},
		{"429 RateLimit-Reset on user", "user",
			[]gitlabtest.Fault{{Status: 429, Header: map[string]string{"RateLimit-Reset": "1700000012"}}}, []time.Duration{12 * time.Second}},
		{"5xx backoff on user", "user",
			[]gitlabtest.Fault{{Status: 502}, {Status: 503}}, []time.Duration{time.Second, 2 * time.Second}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t)
			h.fake.Inject(tt.route, tt.faults...)
			h.publish(h.publisher(nil), report(result.Pass, "verdict"))
			if got := h.slept(); !equalDurations(got, tt.want) {
				t.Errorf("sleeps = %v, want %v", got, tt.want)
			}
			if own := ownNotes(h.fake.Notes(), DefaultKey); len(own) != 1 {
				t.Errorf("mlgate notes = %d, want 1", len(own))
			}
		})
	}
}

func TestPublishGivesUpAfterMaxRetries(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.fake.Inject("list", gitlabtest.Fault{Status: 500}, gitlabtest.Fault{Status: 500}, gitlabtest.Fault{Status: 500})
	err := h.publisher(func(o *Options) { o.MaxRetries = 2 }).Publish(context.Background(), report(result.Pass, "x"))
	if err == nil || !strings.Contains(err.Error(), "listing notes of MR !7 (page 1)") {
		t.Fatalf("Publish error = %v, want the failed listing", err)
	}
	if got := len(h.slept()); got != 2 {
		t.Errorf("sleeps = %d, want 2", got)
	}
	if got := h.fake.Count("GET", "/notes"); got != 3 {
		t.Errorf("list requests = %d, want 3", got)
	}
}

func TestPublishCreateServerErrorDoesNotDuplicate(t *testing.T) {
	t.Parallel()
	for _, applied := range []bool{true, false} {
		name := "lost"
		if applied {
			name = "applied"
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t)
			h.fake.Inject("create", gitlabtest.Fault{Status: 502, Apply: applied})
			h.publish(h.publisher(nil), report(result.Fail, "verdict"))
			own := ownNotes(h.fake.Notes(), DefaultKey)
			if len(own) != 1 {
				t.Fatalf("mlgate notes = %d, want exactly 1: %+v", len(own), own)
			}
			wantPosts := 1
			if !applied {
				wantPosts = 2
			}
			if got := h.fake.Count("POST", "/notes"); got != wantPosts {
				t.Errorf("POST requests = %d, want %d", got, wantPosts)
			}
			if got := h.fake.Count("GET", "/notes"); got != 2 {
				t.Errorf("list requests = %d, want 2 (search again before posting again)", got)
			}
		})
	}
}

func TestPublishCreateClientErrorNotRetried(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.fake.Inject("create", gitlabtest.Fault{Status: 422, Body: `{"message":{"note":["is too long"]}}`})
	err := h.publisher(nil).Publish(context.Background(), report(result.Fail, "x"))
	if err == nil || !strings.Contains(err.Error(), "is too long") {
		t.Fatalf("Publish error = %v, want GitLab's 422 message", err)
	}
	if got := h.fake.Count("POST", "/notes"); got != 1 {
		t.Errorf("POST requests = %d, want 1", got)
	}
}

func TestPublishSkipsWithoutMergeRequest(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		mode platform.CommentMode
		mr   int
		want string
	}{
		{"auto", platform.CommentAuto, 0, "not a merge request pipeline"},
		{"always", platform.CommentAlways, 0, "not a merge request pipeline"},
		{"auto with --mr outside MR pipeline", platform.CommentAuto, 7, "use --comment always"},
		{"never", platform.CommentNever, 7, "comment mode never"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t)
			delete(h.env, "CI_MERGE_REQUEST_IID")
			h.publish(h.publisher(func(o *Options) { o.Comment, o.MR = tt.mode, tt.mr }), report(result.Fail, "x"))
			if reqs := h.fake.Log(); len(reqs) != 0 {
				t.Errorf("requests sent: %v", reqs)
			}
			if !strings.Contains(h.out.String(), tt.want) {
				t.Errorf("log lacks %q:\n%s", tt.want, h.out.String())
			}
		})
	}
}

func TestPublishMROverride(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	delete(h.env, "CI_MERGE_REQUEST_IID")
	h.publish(h.publisher(func(o *Options) { o.Comment, o.MR = platform.CommentAlways, 7 }), report(result.Pass, "x"))
	if own := ownNotes(h.fake.Notes(), DefaultKey); len(own) != 1 {
		t.Errorf("mlgate notes = %d, want 1 on the --mr merge request", len(own))
	}
}

func TestPublishMissingToken(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	delete(h.env, "MLGATE_GITLAB_TOKEN")
	h.publish(h.publisher(nil), report(result.Fail, "x"))
	out := h.out.String()
	for _, want := range []string{"warning:", "CI_JOB_TOKEN", "MLGATE_GITLAB_TOKEN", "api scope", "masked CI/CD variable"} {
		if !strings.Contains(out, want) {
			t.Errorf("missing-token message lacks %q:\n%s", want, out)
		}
	}
	if reqs := h.fake.Log(); len(reqs) != 0 {
		t.Errorf("requests sent without a token: %v", reqs)
	}
}

func TestTokenPrecedence(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		flag  string
		env   map[string]string
		token string
	}{
		{"flag wins", "glpat-flag", map[string]string{"MLGATE_GITLAB_TOKEN": "glpat-mlgate", "GITLAB_TOKEN": "glpat-gitlab"}, "glpat-flag"},
		{"MLGATE_GITLAB_TOKEN before GITLAB_TOKEN", "", map[string]string{"MLGATE_GITLAB_TOKEN": "glpat-mlgate", "GITLAB_TOKEN": "glpat-gitlab"}, "glpat-mlgate"},
		{"GITLAB_TOKEN last", "", map[string]string{"GITLAB_TOKEN": "glpat-gitlab"}, "glpat-gitlab"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t)
			delete(h.env, "MLGATE_GITLAB_TOKEN")
			for k, v := range tt.env {
				h.env[k] = v
			}
			// Only the expected token is known to the fake; the others get 401.
			h.fake.SetUsers(map[string]string{tt.token: botUser})
			h.publish(h.publisher(func(o *Options) { o.Token = tt.flag }), report(result.Pass, "x"))
			if own := ownNotes(h.fake.Notes(), DefaultKey); len(own) != 1 {
				t.Errorf("note not written with %s; log:\n%s", tt.token, h.out.String())
			}
			if strings.Contains(h.out.String(), tt.token) {
				t.Errorf("log contains the token:\n%s", h.out.String())
			}
		})
	}
}

func TestTokenRedactedFromServerErrors(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	echo := `{"message":"internal error for token ` + botToken + `"}`
	h.fake.Inject("user", gitlabtest.Fault{Status: 500, Body: echo}, gitlabtest.Fault{Status: 500, Body: echo})
	err := h.publisher(func(o *Options) { o.MaxRetries = 1 }).Publish(context.Background(), report(result.Pass, "x"))
	if err == nil {
		t.Fatal("Publish succeeded, want the 500 error")
	}
	if strings.Contains(err.Error(), botToken) || !strings.Contains(err.Error(), "[REDACTED]") {
		t.Errorf("error message not redacted: %v", err)
	}
}

func TestPublishOnFailureMode(t *testing.T) {
	t.Parallel()
	onFailure := func(o *Options) { o.Comment = platform.CommentOnFailure }
	marker := platform.Marker(DefaultKey)

	t.Run("pass without a note posts nothing", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t)
		h.publish(h.publisher(onFailure), report(result.Warn, "ok"))
		if len(h.fake.Notes()) != 0 || h.fake.Count("POST", "/notes") != 0 {
			t.Errorf("note created on a passing verdict: %+v", h.fake.Notes())
		}
		if !strings.Contains(h.out.String(), "creates a note only on failure") {
			t.Errorf("log does not explain the skip:\n%s", h.out.String())
		}
	})
	t.Run("pass updates an earlier failure", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t)
		h.fake.AddNote(botUser, marker+"\nfailed", false)
		h.publish(h.publisher(onFailure), report(result.Pass, "fixed"))
		if own := ownNotes(h.fake.Notes(), DefaultKey); len(own) != 1 || own[0].Body != marker+"\nfixed" {
			t.Errorf("own notes = %+v, want the stale failure updated", own)
		}
	})
	for _, verdict := range []result.Status{result.Fail, result.Error} {
		t.Run(string(verdict)+" creates", func(t *testing.T) {
			t.Parallel()
			h := newHarness(t)
			h.publish(h.publisher(onFailure), report(verdict, "broken"))
			if own := ownNotes(h.fake.Notes(), DefaultKey); len(own) != 1 {
				t.Errorf("mlgate notes = %d, want 1", len(own))
			}
		})
	}
}

func TestPublishRejectsBodyWithoutMarker(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	r := &platform.Report{Verdict: result.Pass, Markdown: func(int, string) string { return "no marker" }}
	if err := h.publisher(nil).Publish(context.Background(), r); err == nil || !strings.Contains(err.Error(), "marker") {
		t.Fatalf("Publish error = %v, want a missing-marker error", err)
	}
	if reqs := h.fake.Log(); len(reqs) != 0 {
		t.Errorf("requests sent: %v", reqs)
	}
}

func equalDurations(a, b []time.Duration) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
