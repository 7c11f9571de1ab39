// Package github publishes an mlgate report from a GitHub Actions job: the
// job summary, step outputs, annotations on the changed files, and one sticky
// pull request comment per report key, updated in place on every run.
//
// Publishing degrades instead of failing: a read-only token (fork PRs), a
// missing token or an exhausted rate limit turn into a ::warning:: and the
// verdict still reaches the summary, the outputs and the annotations.
//
// Decisions:
//   - The default report key is "<GITHUB_WORKFLOW>/<GITHUB_JOB>".
//   - The sticky comment is the oldest comment whose first line is the key's
//     marker and whose author is the token's identity (GraphQL viewer, else
//     GET /user, else github-actions[bot]); a newer duplicate is left alone.
//   - An unchanged body is not sent again.
//   - Comment mode auto comments on pull_request, pull_request_target,
//     workflow_run with a PR, or with an explicit PR number; issue_comment
//     needs mode always. A missing token is a warning in every mode.
//   - At most 10 annotations per level (error, warning, notice) per step,
//     then one notice with the exact number left out.
package github

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/mlgate/mlgate/internal/clock"

	"github.com/sethvargo/go-githubactions"

	"github.com/mlgate/mlgate/internal/platform"
)

var _ platform.Publisher = (*Publisher)(nil)

// defaultAPIURL is the REST API root of github.com.
const defaultAPIURL = "https://api.github.com"

// Options configures a [Publisher].
type Options struct {
	// Getenv reads the environment (GITHUB_*); required.
	Getenv func(string) string
	// Stdout receives workflow commands (annotations, masks, warnings) and
	// log lines; required.
	Stdout io.Writer
	// HTTPClient is the base client; its Transport is wrapped with retries
	// (the client itself is not modified). Its Timeout, if any, covers a
	// request with all its retries and waits, so leave it 0 and bound
	// Publish with the context instead. Nil means a client whose transport
	// gives up on a server that sends no response headers within 30s.
	HTTPClient *http.Client
	// Token authenticates API calls; empty means GITHUB_TOKEN from Getenv.
	Token string
	// Key tells reports apart: one sticky comment per PR per key. Empty means
	// "<GITHUB_WORKFLOW>/<GITHUB_JOB>", so two workflows, or two jobs of one
	// workflow, never overwrite each other's comment. Legs of a matrix job
	// share a key: give them one each (for example the matrix values).
	Key string
	// Comment says when the PR comment is posted; empty means auto.
	Comment platform.CommentMode
	// PR is the pull request number; 0 means from the event payload.
	PR int
	// Sleep waits between retries; nil means a real timer.
	Sleep func(ctx context.Context, d time.Duration) error
	// Now is the clock, used to read HTTP-date and epoch rate-limit headers;
	// nil means time.Now.
	Now func() time.Time
	// MaxRetries bounds the retries of one API request; 0 means 3, a
	// negative value disables retries.
	MaxRetries int
	// MaxWait is the longest single wait honoured; a rate limit asking for
	// longer is given up with a warning. 0 means 60s.
	MaxWait time.Duration
}

// Publisher publishes a report to GitHub. Create it with [New].
type Publisher struct {
	getenv     func(string) string
	out        *stickyWriter
	masker     *githubactions.Action // writes ::add-mask:: unredacted
	action     *githubactions.Action // everything else, token redacted
	log        *logger
	token      string
	key        string
	mode       platform.CommentMode
	pr         int
	apiURL     *url.URL
	graphqlURL string
	http       *http.Client // retrying, not authenticated
}

// New checks opt and returns a publisher. It makes no network call.
func New(opt Options) (*Publisher, error) {
	if opt.Getenv == nil {
		return nil, errors.New("github publisher: Options.Getenv is required")
	}
	if opt.Stdout == nil {
		return nil, errors.New("github publisher: Options.Stdout is required")
	}
	mode := opt.Comment
	if mode == "" {
		mode = platform.CommentAuto
	}
	if _, ok := platform.ParseCommentMode(string(mode)); !ok {
		return nil, fmt.Errorf("github publisher: comment mode %q: want auto, always, on-failure or never", mode)
	}
	if opt.PR < 0 {
		return nil, fmt.Errorf("github publisher: PR number %d: want a positive number", opt.PR)
	}
	apiURL, err := parseAPIURL(opt.Getenv("GITHUB_API_URL"))
	if err != nil {
		return nil, fmt.Errorf("github publisher: %w", err)
	}
	graphqlURL, err := graphQLURL(opt.Getenv("GITHUB_GRAPHQL_URL"), apiURL)
	if err != nil {
		return nil, fmt.Errorf("github publisher: %w", err)
	}

	token := strings.TrimSpace(opt.Token)
	if token == "" {
		token = strings.TrimSpace(opt.Getenv("GITHUB_TOKEN"))
	}
	key := opt.Key
	if key == "" {
		key = defaultKey(opt.Getenv)
	}

	out := &stickyWriter{w: opt.Stdout}
	getenv := githubactions.WithGetenv(opt.Getenv)
	action := githubactions.New(getenv, githubactions.WithWriter(redactor{w: out, token: token}))
	p := &Publisher{
		getenv:     opt.Getenv,
		out:        out,
		masker:     githubactions.New(getenv, githubactions.WithWriter(out)),
		action:     action,
		log:        &logger{a: action},
		token:      token,
		key:        key,
		mode:       mode,
		pr:         opt.PR,
		apiURL:     apiURL,
		graphqlURL: graphqlURL,
	}
	p.http = retryingClient(opt, p.log)
	return p, nil
}

// retryingClient copies the base client and wraps its transport with retries.
func retryingClient(opt Options, log *logger) *http.Client {
	c := &http.Client{Transport: defaultTransport()}
	if opt.HTTPClient != nil {
		copied := *opt.HTTPClient
		c = &copied
	}
	base := c.Transport
	if base == nil {
		base = http.DefaultTransport
	}
	t := &retryTransport{
		base:       base,
		maxRetries: opt.MaxRetries,
		maxWait:    opt.MaxWait,
		sleep:      opt.Sleep,
		now:        opt.Now,
		log:        log,
	}
	switch {
	case t.maxRetries == 0:
		t.maxRetries = defaultMaxRetries
	case t.maxRetries < 0:
		t.maxRetries = 0
	}
	if t.maxWait <= 0 {
		t.maxWait = defaultMaxWait
	}
	if t.sleep == nil {
		t.sleep = clock.Sleep
	}
	if t.now == nil {
		t.now = time.Now
	}
	c.Transport = t
	return c
}

// defaultTransport is http.DefaultTransport with a response header timeout,
// so a hung server fails one attempt instead of the whole job.
func defaultTransport() http.RoundTripper {
	t, ok := http.DefaultTransport.(*http.Transport)
	if !ok {
		return http.DefaultTransport
	}
	t = t.Clone()
	t.ResponseHeaderTimeout = 30 * time.Second
	return t
}

// defaultKey derives the report key from the workflow and job names.
func defaultKey(getenv func(string) string) string {
	var parts []string
	for _, name := range []string{"GITHUB_WORKFLOW", "GITHUB_JOB"} {
		if v := strings.TrimSpace(getenv(name)); v != "" {
			parts = append(parts, v)
		}
	}
	return strings.Join(parts, "/")
}

// parseAPIURL reads GITHUB_API_URL, the REST root (https://HOST/api/v3 on
// GHES), and returns it with a trailing slash as go-github requires.
func parseAPIURL(v string) (*url.URL, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		v = defaultAPIURL
	}
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, fmt.Errorf("GITHUB_API_URL %q: want an http(s) URL such as %s", v, defaultAPIURL)
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	return u, nil
}

// graphQLURL returns GITHUB_GRAPHQL_URL, or derives it from the REST root:
// https://api.github.com/graphql, or https://HOST/api/graphql on GHES.
func graphQLURL(v string, api *url.URL) (string, error) {
	if v = strings.TrimSpace(v); v != "" {
		u, err := url.Parse(v)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return "", fmt.Errorf("GITHUB_GRAPHQL_URL %q: want an http(s) URL", v)
		}
		return v, nil
	}
	u := *api
	if p, ok := strings.CutSuffix(u.Path, "/v3/"); ok {
		u.Path = p + "/graphql"
	} else {
		u.Path += "graphql"
	}
	return u.String(), nil
}

// Publish publishes r: job summary, outputs, annotations and the sticky PR
// comment, in that order. Each step runs whatever happened to the others.
// Comment problems (no token, read-only token, rate limits, API errors) are
// warnings and never an error; Publish returns an error only when the
// summary or outputs file, or Stdout, cannot be written.
func (p *Publisher) Publish(ctx context.Context, r *platform.Report) error {
	if r == nil || r.Markdown == nil {
		return errors.New("github publisher: no report to publish")
	}
	if p.token != "" {
		p.masker.AddMask(p.token)
	}
	var errs []error
	if err := p.writeSummary(r); err != nil {
		errs = append(errs, err)
	}
	if err := p.writeOutputs(r); err != nil {
		errs = append(errs, err)
	}
	p.annotate(r)
	if link := p.comment(ctx, r); link != "" {
		if err := p.setOutput("comment-url", link); err != nil {
			errs = append(errs, err)
		}
	}
	errs = append(errs, p.out.Err())
	return errors.Join(errs...)
}
