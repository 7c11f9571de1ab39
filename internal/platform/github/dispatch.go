package github

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	gh "github.com/google/go-github/v66/github"
	"github.com/sethvargo/go-githubactions"
)

// Limits GitHub puts on a repository_dispatch event.
const (
	// MaxEventTypeChars bounds a dispatch's event_type.
	MaxEventTypeChars = 100
	// MaxPayloadProperties bounds the top-level properties of client_payload.
	MaxPayloadProperties = 10
)

// dispatchPermission tells how to grant what POST /dispatches needs.
const dispatchPermission = "the token needs write access to the repository's contents: " +
	"GITHUB_TOKEN with `permissions: contents: write` (it can only dispatch to the workflow's own repository), " +
	"a fine-grained token or GitHub App with Contents: read and write, or a classic token with the repo scope"

// DispatchOptions configure [Dispatch].
type DispatchOptions struct {
	// Getenv reads GITHUB_API_URL (GHES), GITHUB_TOKEN and
	// GITHUB_REPOSITORY; required.
	Getenv func(string) string
	// Stdout receives retry notes as workflow commands, with the token
	// redacted; nil discards them.
	Stdout io.Writer
	// HTTPClient is the base client; its transport is wrapped with the
	// publisher's retries on rate limits. Nil means a default client.
	HTTPClient *http.Client
	// Token authenticates the call; empty means GITHUB_TOKEN from Getenv.
	Token string
	// Repository is "owner/name"; empty means GITHUB_REPOSITORY.
	Repository string
	// EventType is the event_type the listening workflow filters on
	// (`on: repository_dispatch: types: [...]`); required, at most 100
	// characters.
	EventType string
	// ClientPayload becomes github.event.client_payload in the listening
	// workflow. It must encode as a JSON object with at most 10 top-level
	// properties; nil sends {}.
	ClientPayload any
	// Sleep, Now, MaxRetries and MaxWait tune the retries as in [Options].
	Sleep      func(ctx context.Context, d time.Duration) error
	Now        func() time.Time
	MaxRetries int
	MaxWait    time.Duration
}

// Dispatch sends a repository_dispatch event (POST
// /repos/{owner}/{repo}/dispatches), which starts every workflow of the
// default branch that listens with `on: repository_dispatch: types:
// [EventType]`. Rate limits are waited out and retried; a server error is
// not retried, since the event may have been delivered. A refusal for lack
// of permission (403, or 404 as GitHub answers for a repository the token
// cannot see) says which permission is needed. The token never appears in
// an error.
func Dispatch(ctx context.Context, opt DispatchOptions) error {
	if opt.Getenv == nil {
		return errors.New("repository dispatch: DispatchOptions.Getenv is required")
	}
	token := strings.TrimSpace(opt.Token)
	if token == "" {
		token = strings.TrimSpace(opt.Getenv("GITHUB_TOKEN"))
	}
	if err := dispatchArgs(opt.EventType); err != nil {
		return err
	}
	repository := opt.Repository
	if repository == "" {
		repository = opt.Getenv("GITHUB_REPOSITORY")
	}
	owner, repo, err := splitRepo(repository)
	if err != nil {
		return fmt.Errorf("repository dispatch: %w (give the repository as owner/name)", err)
	}
	if token == "" {
		return fmt.Errorf("repository dispatch to %s/%s: no GitHub token: set GITHUB_TOKEN (%s)", owner, repo, dispatchPermission)
	}
	payload, err := encodePayload(opt.ClientPayload)
	if err != nil {
		return fmt.Errorf("repository dispatch to %s/%s: %w", owner, repo, err)
	}
	apiURL, err := parseAPIURL(opt.Getenv("GITHUB_API_URL"))
	if err != nil {
		return fmt.Errorf("repository dispatch: %w", err)
	}
	out := opt.Stdout
	if out == nil {
		out = io.Discard
	}
	action := githubactions.New(githubactions.WithGetenv(opt.Getenv),
		githubactions.WithWriter(redactor{w: &stickyWriter{w: out}, token: token}))
	hc := retryingClient(Options{
		HTTPClient: opt.HTTPClient, Sleep: opt.Sleep, Now: opt.Now,
		MaxRetries: opt.MaxRetries, MaxWait: opt.MaxWait,
	}, &logger{a: action})
	client := gh.NewClient(hc).WithAuthToken(token)
	client.BaseURL = apiURL

	_, _, err = client.Repositories.Dispatch(withoutServerRetries(ctx), owner, repo,
		gh.DispatchRequestOptions{EventType: opt.EventType, ClientPayload: &payload})
	if err != nil {
		return errors.New(redact(dispatchError(owner, repo, opt.EventType, err), token))
	}
	return nil
}

// dispatchArgs checks the event type as GitHub would, before any call.
func dispatchArgs(eventType string) error {
	switch {
	case strings.TrimSpace(eventType) == "":
		return errors.New("repository dispatch: the event type is empty")
	case utf8.RuneCountInString(eventType) > MaxEventTypeChars:
		return fmt.Errorf("repository dispatch: the event type %.40q... is longer than GitHub's %d characters", eventType, MaxEventTypeChars)
	}
	return nil
}

// encodePayload encodes the client payload and checks it is an object
// with few enough top-level properties.
func encodePayload(v any) (json.RawMessage, error) {
	if v == nil {
		return json.RawMessage("{}"), nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("encoding the client payload: %w", err)
	}
	var props map[string]json.RawMessage
	if err := json.Unmarshal(b, &props); err != nil || props == nil {
		return nil, errors.New("the client payload must be a JSON object")
	}
	if len(props) > MaxPayloadProperties {
		return nil, fmt.Errorf("the client payload has %d top-level properties; GitHub allows %d", len(props), MaxPayloadProperties)
	}
	return b, nil
}

// dispatchError explains a failed dispatch call.
func dispatchError(owner, repo, eventType string, err error) string {
	what := fmt.Sprintf("repository dispatch %q to %s/%s", eventType, owner, repo)
	var rate *gh.RateLimitError
	var abuse *gh.AbuseRateLimitError
	var resp *gh.ErrorResponse
	switch {
	case errors.As(err, &rate), errors.As(err, &abuse):
		return fmt.Sprintf("%s: GitHub API rate limit: %v", what, err)
	case errors.As(err, &resp) && resp.Response != nil:
		code := resp.Response.StatusCode
		switch {
		case code == http.StatusUnauthorized:
			return fmt.Sprintf("%s: HTTP 401 %s: the token is invalid or expired", what, resp.Message)
		case code == http.StatusForbidden || code == http.StatusNotFound:
			return fmt.Sprintf("%s was refused (HTTP %d: %s): %s", what, code, resp.Message, dispatchPermission)
		case code == http.StatusUnprocessableEntity || code == http.StatusBadRequest:
			return fmt.Sprintf("%s: GitHub rejected the request body (HTTP %d: %s)", what, code, oneLineMsg(resp.Message))
		case code >= 500:
			return fmt.Sprintf("%s: HTTP %d %s; the event may or may not have been delivered, so it was not sent again",
				what, code, oneLineMsg(resp.Message))
		}
		return fmt.Sprintf("%s: HTTP %d: %s", what, code, oneLineMsg(resp.Message))
	}
	return fmt.Sprintf("%s: %v", what, err)
}

// oneLineMsg joins the lines of an API message.
func oneLineMsg(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// Output is one step output.
type Output struct {
	Name, Value string
}

// ErrNoOutputFile is returned by [WriteOutputs] when GITHUB_OUTPUT is not set.
var ErrNoOutputFile = errors.New("GITHUB_OUTPUT is not set")

// WriteOutputs appends step outputs to the GITHUB_OUTPUT file, with the
// heredoc form that go-githubactions writes, through the same code as
// [Publisher]'s own outputs. A value that holds a line break or the heredoc
// delimiter is refused: it could end the value early and forge other
// outputs.
func WriteOutputs(getenv func(string) string, outputs ...Output) error {
	path := getenv("GITHUB_OUTPUT")
	if path == "" {
		return ErrNoOutputFile
	}
	action := githubactions.New(githubactions.WithGetenv(getenv), githubactions.WithWriter(io.Discard))
	for _, o := range outputs {
		if err := setOutput(action, path, o.Name, o.Value); err != nil {
			return err
		}
	}
	return nil
}
