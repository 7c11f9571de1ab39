package github

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mlgate/mlgate/internal/platform"
	"github.com/mlgate/mlgate/internal/platform/github/githubtest"
	"github.com/mlgate/mlgate/internal/result"
)

var update = flag.Bool("update", false, "rewrite golden files")

// testKey is the report key derived from GITHUB_WORKFLOW=ci and GITHUB_JOB=gates.
const testKey = "ci/gates"

// newFake starts a fake API; prefix "" serves github.com paths, "/api/v3"
// serves GHES paths.
func newFake(t *testing.T, prefix string) *githubtest.Server {
	t.Helper()
	return githubtest.New(t, githubtest.WithPrefix(prefix))
}

// harness runs a publisher against a fake API with temp output files.
type harness struct {
	t      *testing.T
	fake   *githubtest.Server
	env    map[string]string
	stdout bytes.Buffer
	mu     sync.Mutex
	sleeps []time.Duration
	opt    Options
}

func newHarness(t *testing.T, fake *githubtest.Server) *harness {
	t.Helper()
	dir := t.TempDir()
	event, err := filepath.Abs(filepath.Join("testdata", "pull_request.json"))
	if err != nil {
		t.Fatal(err)
	}
	h := &harness{t: t, fake: fake}
	h.env = map[string]string{
		"GITHUB_ACTIONS":      "true",
		"GITHUB_API_URL":      fake.APIURL(),
		"GITHUB_REPOSITORY":   "o/r",
		"GITHUB_EVENT_NAME":   "pull_request",
		"GITHUB_EVENT_PATH":   event,
		"GITHUB_WORKFLOW":     "ci",
		"GITHUB_JOB":          "gates",
		"GITHUB_TOKEN":        fake.Token(),
		"GITHUB_OUTPUT":       filepath.Join(dir, "output"),
		"GITHUB_STEP_SUMMARY": filepath.Join(dir, "summary"),
	}
	h.opt = Options{
		HTTPClient: fake.Client(),
		Sleep: func(ctx context.Context, d time.Duration) error {
			h.mu.Lock()
			defer h.mu.Unlock()
			h.sleeps = append(h.sleeps, d)
			return ctx.Err()
		},
	}
	return h
}

// publish runs one Publish with a fresh publisher, as a new job step would.
func (h *harness) publish(r *platform.Report) error {
	h.t.Helper()
	opt := h.opt
	opt.Getenv = func(k string) string { return h.env[k] }
	opt.Stdout = &h.stdout
	p, err := New(opt)
	if err != nil {
		h.t.Fatalf("New: %v", err)
	}
	return p.Publish(context.Background(), r)
}

func (h *harness) mustPublish(r *platform.Report) {
	h.t.Helper()
	if err := h.publish(r); err != nil {
		h.t.Fatalf("Publish: %v\nstdout:\n%s", err, h.stdout.String())
	}
	h.assertTokenHidden()
}

func (h *harness) waits() []time.Duration {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]time.Duration(nil), h.sleeps...)
}

func (h *harness) readFile(env string) string {
	h.t.Helper()
	b, err := os.ReadFile(h.env[env])
	if err != nil {
		h.t.Fatalf("reading %s: %v", env, err)
	}
	return string(b)
}

// outputs parses GITHUB_OUTPUT as written by go-githubactions:
// name<<DELIM, value lines, DELIM.
func (h *harness) outputs() map[string]string {
	h.t.Helper()
	out := map[string]string{}
	lines := strings.Split(h.readFile("GITHUB_OUTPUT"), "\n")
	for i := 0; i < len(lines); i++ {
		if lines[i] == "" && i == len(lines)-1 {
			break
		}
		name, delim, ok := strings.Cut(lines[i], "<<")
		if !ok || delim != outputDelimiter {
			h.t.Fatalf("GITHUB_OUTPUT line %d: %q is not name<<%s", i+1, lines[i], outputDelimiter)
		}
		var value []string
		for i++; i < len(lines) && lines[i] != delim; i++ {
			value = append(value, lines[i])
		}
		if i == len(lines) {
			h.t.Fatalf("GITHUB_OUTPUT: output %s has no closing delimiter", name)
		}
		out[name] = strings.Join(value, "\n")
	}
	return out
}

// assertTokenHidden checks the token is written only in the ::add-mask::
// command, first, and nowhere in the files.
func (h *harness) assertTokenHidden() {
	h.t.Helper()
	token := h.fake.Token()
	lines := strings.Split(h.stdout.String(), "\n")
	if lines[0] != "::add-mask::"+token {
		h.t.Errorf("first stdout line = %q, want the ::add-mask:: command", lines[0])
	}
	for i, l := range lines {
		if strings.Contains(l, token) && l != "::add-mask::"+token {
			h.t.Errorf("stdout line %d leaks the token: %q", i+1, l)
		}
	}
	for _, env := range []string{"GITHUB_OUTPUT", "GITHUB_STEP_SUMMARY"} {
		if b, err := os.ReadFile(h.env[env]); err == nil && strings.Contains(string(b), token) {
			h.t.Errorf("%s leaks the token", env)
		}
	}
}

func (h *harness) assertStdoutContains(want string) {
	h.t.Helper()
	if !strings.Contains(h.stdout.String(), want) {
		h.t.Errorf("stdout does not contain %q:\n%s", want, h.stdout.String())
	}
}

func (h *harness) warnings() []string {
	var out []string
	for _, l := range strings.Split(h.stdout.String(), "\n") {
		if strings.HasPrefix(l, "::warning::") {
			out = append(out, l)
		}
	}
	return out
}

// textReport returns a report whose renderer writes the marker line and text,
// cut to maxBytes as the real renderer promises.
func textReport(verdict result.Status, text string) *platform.Report {
	var failed []string
	if verdict == result.Fail || verdict == result.Error {
		failed = []string{"gate-eval", "data.train"}
	}
	return &platform.Report{
		Verdict:     verdict,
		FailedGates: failed,
		ReportPath:  ".mlgate/report.md",
		Markdown: func(maxBytes int, marker string) string {
			s := text
			if marker != "" {
				s = marker + "\n" + s
			}
			if maxBytes > 0 && len(s) > maxBytes {
				s = s[:maxBytes]
			}
			return s
		},
	}
}
