package github

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mlgate/mlgate/internal/platform/github/githubtest"
)

// dispatchOpts returns options that talk to fake as GitHub Actions would.
func dispatchOpts(fake *githubtest.Server, env map[string]string) DispatchOptions {
	base := map[string]string{
		"GITHUB_API_URL":    fake.APIURL(),
		"GITHUB_REPOSITORY": githubtest.Repository,
		"GITHUB_TOKEN":      fake.Token(),
	}
	for k, v := range env {
		base[k] = v
	}
	return DispatchOptions{
		Getenv:     func(k string) string { return base[k] },
		HTTPClient: fake.Client(),
		EventType:  "retrain",
		Sleep:      func(ctx context.Context, _ time.Duration) error { return ctx.Err() },
	}
}

func TestDispatchSendsEventAndPayload(t *testing.T) {
	t.Parallel()
	for _, prefix := range []string{"", "/api/v3"} {
		fake := newFake(t, prefix)
		opt := dispatchOpts(fake, nil)
		opt.ClientPayload = map[string]any{
			"reasons": []string{"drift: age", "model age 40d > 30d"},
			"metrics": map[string]float64{"drifted_features": 1},
			"run_url": "https://github.com/o/r/actions/runs/7",
		}
		if err := Dispatch(context.Background(), opt); err != nil {
			t.Fatalf("prefix %q: %v", prefix, err)
		}
		ds := fake.Dispatches()
		if len(ds) != 1 || ds[0].EventType != "retrain" {
			t.Fatalf("prefix %q: dispatches %+v", prefix, ds)
		}
		var got struct {
			Reasons []string           `json:"reasons"`
			Metrics map[string]float64 `json:"metrics"`
			RunURL  string             `json:"run_url"`
		}
		if err := json.Unmarshal(ds[0].ClientPayload, &got); err != nil {
			t.Fatal(err)
		}
		if len(got.Reasons) != 2 || got.Reasons[1] != "model age 40d > 30d" || got.Metrics["drifted_features"] != 1 ||
			got.RunURL != "https://github.com/o/r/actions/runs/7" {
			t.Errorf("payload %s", ds[0].ClientPayload)
		}
		if fake.BadAuth() != 0 {
			t.Errorf("%d requests without the token", fake.BadAuth())
		}
	}
}

func TestDispatchRepositoryFlagOverridesEnv(t *testing.T) {
	t.Parallel()
	fake := newFake(t, "")
	opt := dispatchOpts(fake, map[string]string{"GITHUB_REPOSITORY": "other/repo"})
	opt.Repository = githubtest.Repository
	if err := Dispatch(context.Background(), opt); err != nil {
		t.Fatal(err)
	}
	if n := len(fake.Dispatches()); n != 1 {
		t.Fatalf("%d dispatches", n)
	}
}

func TestDispatchErrorsNamePermissionAndHideToken(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		setup func(*githubtest.Server, *DispatchOptions)
		want  []string
	}{
		{"read-only token", func(f *githubtest.Server, _ *DispatchOptions) { f.SetReadOnly(true) },
			[]string{"HTTP 403", "contents: write", "Resource not accessible by integration"}},
		{"repository the token cannot see", func(_ *githubtest.Server, o *DispatchOptions) { o.Repository = "someone/else" },
			[]string{"HTTP 404", "contents: write", "someone/else"}},
		{"bad body", func(f *githubtest.Server, _ *DispatchOptions) {
			f.Inject("POST /repos/o/r/dispatches", githubtest.Response{Status: 422, Body: `{"message":"Invalid request.\n\nbad"}`})
		}, []string{"HTTP 422", "rejected the request body", "Invalid request. bad"}},
		{"server error", func(f *githubtest.Server, _ *DispatchOptions) {
			f.Inject("POST /repos/o/r/dispatches", githubtest.Response{Status: 502, Body: `{"message":"Server Error"}`})
		}, []string{"HTTP 502", "may or may not have been delivered"}},
		{"wrong token", func(_ *githubtest.Server, o *DispatchOptions) { o.Token = "ghp_wrongTOKEN999" },
			[]string{"HTTP 401", "invalid or expired"}},
		{"no token", func(_ *githubtest.Server, o *DispatchOptions) {
			o.Getenv = func(k string) string {
				if k == "GITHUB_REPOSITORY" {
					return githubtest.Repository
				}
				return ""
			}
		}, []string{"no GitHub token", "contents: write"}},
		{"no repository", func(_ *githubtest.Server, o *DispatchOptions) {
			get := o.Getenv
			o.Getenv = func(k string) string {
				if k == "GITHUB_REPOSITORY" {
					return ""
				}
				return get(k)
			}
		}, []string{"owner/name"}},
		{"empty event type", func(_ *githubtest.Server, o *DispatchOptions) { o.EventType = " " }, []string{"event type is empty"}},
		{"long event type", func(_ *githubtest.Server, o *DispatchOptions) { o.EventType = strings.Repeat("x", 101) },
			[]string{"100 characters"}},
		{"payload not an object", func(_ *githubtest.Server, o *DispatchOptions) { o.ClientPayload = []int{1} },
			[]string{"must be a JSON object"}},
		{"payload too wide", func(_ *githubtest.Server, o *DispatchOptions) {
			m := map[string]int{}
			for i := range 11 {
				m[string(rune('a'+i))] = i
			}
			o.ClientPayload = m
		}, []string{"11 top-level properties"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			fake := newFake(t, "")
			opt := dispatchOpts(fake, nil)
			var log bytes.Buffer
			opt.Stdout = &log
			c.setup(fake, &opt)
			err := Dispatch(context.Background(), opt)
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error lacks %q: %v", w, err)
				}
			}
			for _, secret := range []string{fake.Token(), "ghp_wrongTOKEN999"} {
				if strings.Contains(err.Error()+log.String(), secret) {
					t.Errorf("token printed: %v\n%s", err, log.String())
				}
			}
			if n := len(fake.Dispatches()); n != 0 {
				t.Errorf("%d dispatches accepted", n)
			}
		})
	}
}

func TestDispatchServerErrorIsNotRepeated(t *testing.T) {
	t.Parallel()
	fake := newFake(t, "")
	fake.Inject("POST /repos/o/r/dispatches", githubtest.Response{Status: 500, Body: `{"message":"boom"}`})
	if err := Dispatch(context.Background(), dispatchOpts(fake, nil)); err == nil {
		t.Fatal("no error")
	}
	if n := fake.Count("POST /repos/o/r/dispatches"); n != 1 {
		t.Errorf("%d POSTs, want 1: a POST that failed with 5xx may have been delivered", n)
	}
}

func TestDispatchWaitsOutRateLimit(t *testing.T) {
	t.Parallel()
	fake := newFake(t, "")
	fake.Inject("POST /repos/o/r/dispatches", githubtest.Response{Status: 429, Header: map[string]string{"Retry-After": "3"}, Body: `{"message":"slow down"}`})
	opt := dispatchOpts(fake, nil)
	var waited []time.Duration
	opt.Sleep = func(_ context.Context, d time.Duration) error { waited = append(waited, d); return nil }
	if err := Dispatch(context.Background(), opt); err != nil {
		t.Fatal(err)
	}
	if len(waited) != 1 || waited[0] != 3*time.Second || len(fake.Dispatches()) != 1 {
		t.Errorf("waits %v, dispatches %d", waited, len(fake.Dispatches()))
	}
}

func TestFakeRejectsWhatGitHubRejects(t *testing.T) {
	t.Parallel()
	fake := newFake(t, "")
	for _, c := range []struct {
		body string
		code int
	}{
		{`{"client_payload":{}}`, 422},
		{`{"event_type":"x","client_payload":[1]}`, 422},
		{`{"event_type":"x","client_payload":{"a":1,"b":1,"c":1,"d":1,"e":1,"f":1,"g":1,"h":1,"i":1,"j":1,"k":1}}`, 422},
		{`{"event_type":"` + strings.Repeat("e", 101) + `"}`, 422},
		{`not json`, 400},
		{`{"event_type":"x"}`, 204},
	} {
		req, err := newRequest(fake.APIURL()+"/repos/o/r/dispatches", c.body, fake.Token())
		if err != nil {
			t.Fatal(err)
		}
		resp, err := fake.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != c.code {
			t.Errorf("%s: HTTP %d, want %d", c.body, resp.StatusCode, c.code)
		}
	}
	if ds := fake.Dispatches(); len(ds) != 1 || string(ds[0].ClientPayload) != "{}" {
		t.Errorf("dispatches %+v", ds)
	}
}

func TestWriteOutputs(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "output")
	getenv := func(k string) string {
		if k == "GITHUB_OUTPUT" {
			return path
		}
		return ""
	}
	err := WriteOutputs(getenv, Output{"retrain", "true"}, Output{"retrain_reasons", "drift: age; model age 40d > 30d"})
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	got := parseOutputs(t, string(b))
	if got["retrain"] != "true" || got["retrain_reasons"] != "drift: age; model age 40d > 30d" {
		t.Errorf("outputs %q from\n%s", got, b)
	}
	if err := WriteOutputs(getenv, Output{"x", "a\nforged=1"}); err == nil {
		t.Error("a value with a line break was written")
	}
	if err := WriteOutputs(func(string) string { return "" }, Output{"x", "y"}); err != ErrNoOutputFile {
		t.Errorf("no GITHUB_OUTPUT: %v", err)
	}
}

// parseOutputs reads a GITHUB_OUTPUT file as the runner does: name=value
// lines and name<<DELIMITER heredocs.
func parseOutputs(t *testing.T, s string) map[string]string {
	t.Helper()
	out := map[string]string{}
	lines := strings.Split(strings.TrimSuffix(s, "\n"), "\n")
	for i := 0; i < len(lines); i++ {
		if name, delim, ok := strings.Cut(lines[i], "<<"); ok {
			var val []string
			for i++; i < len(lines) && lines[i] != delim; i++ {
				val = append(val, lines[i])
			}
			out[name] = strings.Join(val, "\n")
			continue
		}
		name, val, ok := strings.Cut(lines[i], "=")
		if !ok {
			t.Fatalf("bad output line %q", lines[i])
		}
		out[name] = val
	}
	return out
}

func newRequest(url, body, token string) (*http.Request, error) {
	req, err := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	return req, nil
}
