package gitlab

import (
	"context"
	"strings"
	"testing"

	"github.com/mlgate/mlgate/internal/platform"
	"github.com/mlgate/mlgate/internal/result"
)

func TestNewRejectsBadInput(t *testing.T) {
	t.Parallel()
	good := map[string]string{
		"CI_API_V4_URL":        "https://gitlab.example.com/api/v4",
		"CI_PROJECT_ID":        "42",
		"CI_MERGE_REQUEST_IID": "7",
	}
	tests := []struct {
		name string
		opt  func(o *Options, env map[string]string)
		want string
	}{
		{"no getenv", func(o *Options, _ map[string]string) { o.Getenv = nil }, "Getenv is required"},
		{"bad mode", func(o *Options, _ map[string]string) { o.Comment = "sometimes" }, `invalid comment mode "sometimes"`},
		{"negative MR", func(o *Options, _ map[string]string) { o.MR = -1 }, "invalid merge request IID -1"},
		{"bad IID", func(_ *Options, env map[string]string) { env["CI_MERGE_REQUEST_IID"] = "7a" }, `CI_MERGE_REQUEST_IID="7a"`},
		{"zero IID", func(_ *Options, env map[string]string) { env["CI_MERGE_REQUEST_IID"] = "0" }, `CI_MERGE_REQUEST_IID="0"`},
		{"URL without scheme", func(_ *Options, env map[string]string) { env["CI_API_V4_URL"] = "gitlab.example.com/api/v4" }, "CI_API_V4_URL"},
		{"URL with other scheme", func(_ *Options, env map[string]string) { env["CI_API_V4_URL"] = "ftp://gitlab.example.com/api/v4" }, "want http(s)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			env := map[string]string{}
			for k, v := range good {
				env[k] = v
			}
			opt := Options{Getenv: func(k string) string { return env[k] }}
			tt.opt(&opt, env)
			_, err := New(opt)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("New error = %v, want it to mention %q", err, tt.want)
			}
		})
	}
}

func TestNewDefaults(t *testing.T) {
	t.Parallel()
	env := map[string]string{"CI_PROJECT_PATH": "group/project", "CI_MERGE_REQUEST_IID": "7"}
	p, err := New(Options{Getenv: func(k string) string { return env[k] }, MR: 9})
	if err != nil {
		t.Fatal(err)
	}
	c := p.cfg
	if c.key != DefaultKey || c.mode != platform.CommentAuto || c.maxRetries != DefaultMaxRetries {
		t.Errorf("defaults: key %q, mode %q, retries %d", c.key, c.mode, c.maxRetries)
	}
	if c.project != "group/project" {
		t.Errorf("project = %q, want CI_PROJECT_PATH when CI_PROJECT_ID is unset", c.project)
	}
	if c.mr != 9 || c.envMR != 7 {
		t.Errorf("mr = %d (env %d), want the --mr override 9 (env 7)", c.mr, c.envMR)
	}
	p, err = New(Options{Getenv: func(string) string { return "" }, MaxRetries: -1, Key: "  my key!  "})
	if err != nil {
		t.Fatal(err)
	}
	if p.cfg.maxRetries != 0 || p.cfg.key != "my-key" {
		t.Errorf("retries %d key %q, want 0 and the sanitized key", p.cfg.maxRetries, p.cfg.key)
	}
}

func TestPublishNeedsCIEnvironment(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"CI_API_V4_URL", "CI_PROJECT_ID"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t)
			delete(h.env, name)
			err := h.publisher(nil).Publish(context.Background(), report(result.Fail, "x"))
			if err == nil || !strings.Contains(err.Error(), name) {
				t.Fatalf("Publish error = %v, want it to name %s", err, name)
			}
			if reqs := h.fake.Log(); len(reqs) != 0 {
				t.Errorf("requests sent: %v", reqs)
			}
		})
	}
}
