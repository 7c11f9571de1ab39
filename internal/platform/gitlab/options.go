// Package gitlab publishes the mlgate report as one sticky merge request note
// on GitLab, from a GitLab CI job (GITLAB_CI=true).
//
// The note is found by its hidden marker (platform.Marker) on the first line
// AND by its author being the token's own user (GET /user), across all pages
// of the merge request's notes; it is updated in place, never duplicated.
//
// The four API endpoints (GET /user; GET, POST and PUT of merge request
// notes) are called through a small net/http client in this package rather
// than a GitLab client library, which would add megabytes to the binary.
//
// Retries: this package retries 429 and 5xx responses itself, honouring
// Retry-After and RateLimit-Reset, through the injectable Options.Sleep, so
// tests never sleep.
// A POST that fails with 5xx may still have created the note, so it is not
// retried blindly: the notes are listed again and the note is updated if it
// exists, created otherwise.
package gitlab

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/mlgate/mlgate/internal/clock"

	"github.com/mlgate/mlgate/internal/platform"
)

// Environment variables read through Options.Getenv.
const (
	envAPIURL      = "CI_API_V4_URL"
	envProjectID   = "CI_PROJECT_ID"
	envProjectPath = "CI_PROJECT_PATH"
	envProjectURL  = "CI_PROJECT_URL"
	envMRIID       = "CI_MERGE_REQUEST_IID"
	envToken       = "MLGATE_GITLAB_TOKEN"
	envTokenAlt    = "GITLAB_TOKEN"
	envJobToken    = "CI_JOB_TOKEN"
)

// DefaultKey is the report key used when Options.Key is empty. It is the same
// in every job, so one merge request carries one mlgate note; jobs that
// publish separate reports pass distinct keys (--key). The key is not derived
// from CI_JOB_NAME because renaming a job or a matrix value would orphan the
// old note and start a new one.
const DefaultKey = "default"

// DefaultMaxRetries is the number of retries per request when
// Options.MaxRetries is 0.
const DefaultMaxRetries = 3

// NoteLimit is the size limit passed to the Markdown renderer. GitLab rejects
// notes longer than 1,000,000 characters; a byte limit of the same value is
// never longer in characters.
const NoteLimit = 1_000_000

// Options configure a Publisher.
type Options struct {
	// Getenv reads the CI_* environment; required.
	Getenv func(string) string
	// Stdout receives log lines (never the token); nil discards them.
	Stdout io.Writer
	// HTTPClient sends the API requests; nil uses a client on
	// http.DefaultTransport. Its redirect policy is wrapped to refuse
	// redirects to another host or from https to http.
	HTTPClient *http.Client
	// Token is --gitlab-token; when empty, MLGATE_GITLAB_TOKEN, then
	// GITLAB_TOKEN are read from Getenv. It must be a personal, project or
	// group access token with the api scope (CI_JOB_TOKEN cannot write notes).
	Token string
	// Key distinguishes reports on the same merge request; empty means DefaultKey.
	Key string
	// Comment says when a note is posted; empty means platform.CommentAuto.
	Comment platform.CommentMode
	// MR is the --mr override of the merge request IID; 0 reads
	// CI_MERGE_REQUEST_IID.
	MR int
	// Sleep waits between retries; nil waits on a timer and stops early when
	// ctx is done.
	Sleep func(ctx context.Context, d time.Duration) error
	// Now is the clock used to read Retry-After dates and RateLimit-Reset;
	// nil uses time.Now.
	Now func() time.Time
	// MaxRetries bounds the retries of one request on 429 and 5xx: 0 means
	// DefaultMaxRetries, a negative value disables retries.
	MaxRetries int
}

// config is what New resolved from Options and the environment.
type config struct {
	apiURL     string // validated CI_API_V4_URL, "" when unset
	project    string // CI_PROJECT_ID or CI_PROJECT_PATH, "" when unset
	projectURL string // CI_PROJECT_URL, for links in log lines
	envMR      int64  // CI_MERGE_REQUEST_IID, 0 when unset
	mr         int64  // MR to publish to: Options.MR, else envMR
	token      string
	hasJobTok  bool // CI_JOB_TOKEN is set (only used to explain a missing token)
	key        string
	mode       platform.CommentMode
	maxRetries int
}

// Publisher posts or updates the mlgate note on a GitLab merge request.
type Publisher struct {
	cfg        config
	log        logger
	httpClient *http.Client
	sleep      func(ctx context.Context, d time.Duration) error
	now        func() time.Time
}

var _ platform.Publisher = (*Publisher)(nil)

// New validates opt and the CI environment and returns a Publisher. Missing
// values that only matter when a note is posted (token, MR IID) are not
// errors here: Publish explains them. Malformed values are errors.
func New(opt Options) (*Publisher, error) {
	if opt.Getenv == nil {
		return nil, errors.New("gitlab publisher: Options.Getenv is required")
	}
	cfg := config{
		key:        platform.SanitizeKey(firstNonEmpty(opt.Key, DefaultKey)),
		mode:       opt.Comment,
		projectURL: strings.TrimRight(strings.TrimSpace(opt.Getenv(envProjectURL)), "/"),
		hasJobTok:  opt.Getenv(envJobToken) != "",
	}
	if cfg.mode == "" {
		cfg.mode = platform.CommentAuto
	}
	if _, ok := platform.ParseCommentMode(string(cfg.mode)); !ok {
		return nil, fmt.Errorf("gitlab publisher: invalid comment mode %q (want auto, always, on-failure or never)", cfg.mode)
	}
	if opt.MR < 0 {
		return nil, fmt.Errorf("gitlab publisher: invalid merge request IID %d (want a positive number)", opt.MR)
	}

	apiURL, err := parseAPIURL(opt.Getenv(envAPIURL))
	if err != nil {
		return nil, fmt.Errorf("gitlab publisher: %s: %w", envAPIURL, err)
	}
	cfg.apiURL = apiURL
	cfg.project = strings.TrimSpace(firstNonEmpty(opt.Getenv(envProjectID), opt.Getenv(envProjectPath)))

	if s := strings.TrimSpace(opt.Getenv(envMRIID)); s != "" {
		iid, err := strconv.ParseInt(s, 10, 64)
		if err != nil || iid <= 0 {
			return nil, fmt.Errorf("gitlab publisher: %s=%q is not a merge request IID (want a positive number)", envMRIID, s)
		}
		cfg.envMR = iid
	}
	cfg.mr = cfg.envMR
	if opt.MR > 0 {
		cfg.mr = int64(opt.MR)
	}

	cfg.token = strings.TrimSpace(firstNonEmpty(opt.Token, opt.Getenv(envToken), opt.Getenv(envTokenAlt)))

	switch {
	case opt.MaxRetries == 0:
		cfg.maxRetries = DefaultMaxRetries
	case opt.MaxRetries > 0:
		cfg.maxRetries = opt.MaxRetries
	}

	p := &Publisher{
		cfg:        cfg,
		log:        logger{w: opt.Stdout, secret: cfg.token},
		httpClient: opt.HTTPClient,
		sleep:      opt.Sleep,
		now:        opt.Now,
	}
	if p.log.w == nil {
		p.log.w = io.Discard
	}
	if p.sleep == nil {
		p.sleep = clock.Sleep
	}
	if p.now == nil {
		p.now = time.Now
	}
	return p, nil
}

// parseAPIURL validates CI_API_V4_URL; an empty value is allowed here and
// reported by Publish when a note is due.
func parseAPIURL(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	u, err := url.Parse(s)
	if err != nil {
		return "", fmt.Errorf("invalid URL %q: %w", s, err)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("invalid URL %q: want http(s)://host/api/v4", s)
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return "", fmt.Errorf("invalid URL %q: unexpected query or fragment", s)
	}
	return s, nil
}

func firstNonEmpty(values ...string) string {
	for _, v := range values {
		if strings.TrimSpace(v) != "" {
			return v
		}
	}
	return ""
}
