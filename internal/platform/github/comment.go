package github

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	gh "github.com/google/go-github/v66/github"

	"github.com/mlgate/mlgate/internal/platform"
	"github.com/mlgate/mlgate/internal/result"
)

const (
	// maxCommentBytes is GitHub's limit on a comment body (65,536 characters);
	// counting bytes keeps us under it whatever the characters.
	maxCommentBytes = 65536
	// perPage is the page size of list calls, the API's maximum.
	perPage = 100
	// maxPages stops a list that never ends (a broken proxy or server).
	maxPages = 1000
)

// forkWarning explains a 403/404 from a comment call.
const forkWarning = "the token cannot comment on this PR (read-only token on a fork PR?); " +
	"the verdict is in the job summary. See docs for the fork-safe workflow_run pattern."

// comment creates or updates the sticky PR comment and returns its URL, or ""
// when none was posted. Every problem is logged as a warning.
func (p *Publisher) comment(ctx context.Context, r *platform.Report) string {
	if p.mode == platform.CommentNever {
		p.log.infof("PR comment: disabled (comment mode never)")
		return ""
	}
	src, ok := p.pullRequest()
	if !ok {
		return ""
	}
	if p.mode == platform.CommentAuto && !src.prEvent {
		p.log.infof("PR comment: skipped, %s is not a pull request event (comment mode auto; use always to comment anyway)", p.getenv("GITHUB_EVENT_NAME"))
		return ""
	}
	if p.token == "" {
		p.log.warningf("no GitHub token (github-token input or GITHUB_TOKEN): the PR comment is skipped; the verdict is in the job summary")
		return ""
	}
	owner, repo, err := splitRepo(p.getenv("GITHUB_REPOSITORY"))
	if err != nil {
		p.log.warningf("PR comment skipped: %v", err)
		return ""
	}
	client := p.client()
	number := src.number
	if src.lookup != nil {
		if number, err = p.findPR(ctx, client, owner, repo, src.lookup); err != nil {
			p.warnAPI("find the pull request of the workflow run", err)
			return ""
		}
		if number == 0 {
			p.log.infof("PR comment: skipped, no open pull request has head %s:%s at %s",
				src.lookup.HeadRepository.Owner.Login, src.lookup.HeadBranch, src.lookup.HeadSHA)
			return ""
		}
	}
	login, how := p.identity(ctx, client)
	p.log.infof("PR comment: #%d as %s (identity from %s), key %s", number, login, how, platform.SanitizeKey(p.key))

	existing, err := p.findComment(ctx, client, owner, repo, number, login)
	if err != nil {
		p.warnAPI("list the PR comments", err)
		return ""
	}
	body := p.commentBody(r)
	switch {
	case existing != nil && existing.GetBody() == body:
		p.log.infof("PR comment: %s is up to date", existing.GetHTMLURL())
		return existing.GetHTMLURL()
	case existing != nil:
		c, _, err := client.Issues.EditComment(ctx, owner, repo, existing.GetID(), &gh.IssueComment{Body: &body})
		if err != nil {
			p.warnAPI("update the PR comment", err)
			return ""
		}
		p.log.infof("PR comment: updated %s", c.GetHTMLURL())
		return c.GetHTMLURL()
	case p.mode == platform.CommentOnFailure && r.Verdict != result.Fail && r.Verdict != result.Error:
		p.log.infof("PR comment: not created, the verdict is %s (comment mode on-failure)", r.Verdict)
		return ""
	default:
		c, err := p.create(ctx, client, owner, repo, number, login, body)
		if err != nil {
			p.warnAPI("create the PR comment", err)
			return ""
		}
		p.log.infof("PR comment: created %s", c.GetHTMLURL())
		return c.GetHTMLURL()
	}
}

// create posts the comment. A POST that fails with a server error may still
// have created it, so instead of posting again blindly, create looks for the
// comment first and posts again only when it is not there.
func (p *Publisher) create(ctx context.Context, client *gh.Client, owner, repo string, number int, login, body string) (*gh.IssueComment, error) {
	t, _ := p.http.Transport.(*retryTransport)
	for attempt := 0; ; attempt++ {
		c, _, err := client.Issues.CreateComment(withoutServerRetries(ctx), owner, repo, number, &gh.IssueComment{Body: &body})
		var apiErr *gh.ErrorResponse
		if err == nil || t == nil || attempt >= t.maxRetries ||
			!errors.As(err, &apiErr) || apiErr.Response == nil || apiErr.Response.StatusCode < 500 {
			return c, err
		}
		wait := platform.Backoff(attempt)
		p.log.infof("GitHub API POST comment: HTTP %d; checking whether it was created, retry %d of %d in %s",
			apiErr.Response.StatusCode, attempt+1, t.maxRetries, wait)
		if err := t.sleep(ctx, wait); err != nil {
			return nil, err
		}
		existing, ferr := p.findComment(ctx, client, owner, repo, number, login)
		if ferr != nil {
			return nil, ferr
		}
		if existing != nil {
			return existing, nil
		}
	}
}

// pullRequest finds the PR from the --pr override or the event payload; it
// logs why when there is none.
func (p *Publisher) pullRequest() (prSource, bool) {
	if p.pr > 0 {
		return prSource{number: p.pr, prEvent: true}, true
	}
	name := p.getenv("GITHUB_EVENT_NAME")
	path := p.getenv("GITHUB_EVENT_PATH")
	if path == "" {
		p.log.infof("PR comment: skipped, GITHUB_EVENT_PATH is not set and no PR number was given")
		return prSource{}, false
	}
	ev, err := readEvent(path)
	if err != nil {
		p.log.warningf("PR comment skipped: %v", err)
		return prSource{}, false
	}
	src := pullRequestOf(name, ev)
	if src.number == 0 && src.lookup == nil {
		p.log.infof("PR comment: skipped, the %s event is not about a pull request", name)
		return prSource{}, false
	}
	return src, true
}

// client returns a go-github client for the configured API root, with the
// token and retries.
func (p *Publisher) client() *gh.Client {
	c := gh.NewClient(p.http).WithAuthToken(p.token)
	base := *p.apiURL
	c.BaseURL = &base
	return c
}

// splitRepo splits GITHUB_REPOSITORY ("owner/name").
func splitRepo(v string) (string, string, error) {
	owner, name, ok := strings.Cut(strings.TrimSpace(v), "/")
	if !ok || owner == "" || name == "" || strings.Contains(name, "/") {
		return "", "", fmt.Errorf("GITHUB_REPOSITORY %q: want owner/name", v)
	}
	return owner, name, nil
}

// findPR finds the open PR whose head is the workflow run's head branch and
// commit; the run's pull_requests list is empty for fork PRs. It returns 0
// when there is none.
func (p *Publisher) findPR(ctx context.Context, c *gh.Client, owner, repo string, run *workflowRun) (int, error) {
	opts := &gh.PullRequestListOptions{
		State:       "open",
		Head:        run.HeadRepository.Owner.Login + ":" + run.HeadBranch,
		ListOptions: gh.ListOptions{PerPage: perPage},
	}
	for page := 0; page < maxPages; page++ {
		prs, resp, err := c.PullRequests.List(ctx, owner, repo, opts)
		if err != nil {
			return 0, fmt.Errorf("listing pull requests of %s/%s with head %s: %w", owner, repo, opts.Head, err)
		}
		for _, pr := range prs {
			if pr.GetHead().GetSHA() == run.HeadSHA {
				return pr.GetNumber(), nil
			}
		}
		if resp.NextPage <= opts.Page {
			break
		}
		opts.Page = resp.NextPage
	}
	return 0, nil
}

// findComment returns the oldest comment on the PR that starts with this
// key's marker and was written by login, or nil. Comments by anyone else
// are ignored even when they carry the marker: they may be forgeries. When a
// race left several of ours, the oldest is kept up to date, so the comment
// stays where reviewers first saw it.
func (p *Publisher) findComment(ctx context.Context, c *gh.Client, owner, repo string, number int, login string) (*gh.IssueComment, error) {
	opts := &gh.IssueListCommentsOptions{ListOptions: gh.ListOptions{PerPage: perPage}}
	for page := 0; page < maxPages; page++ {
		comments, resp, err := c.Issues.ListComments(ctx, owner, repo, number, opts)
		if err != nil {
			return nil, fmt.Errorf("listing comments of %s/%s#%d: %w", owner, repo, number, err)
		}
		for _, cm := range comments {
			if platform.HasMarker(cm.GetBody(), p.key) && strings.EqualFold(cm.GetUser().GetLogin(), login) {
				return cm, nil
			}
		}
		if resp.NextPage <= opts.Page {
			return nil, nil
		}
		opts.Page = resp.NextPage
	}
	return nil, fmt.Errorf("listing comments of %s/%s#%d: more than %d pages", owner, repo, number, maxPages)
}

// commentBody renders the comment: the marker line first, at most
// maxCommentBytes, with the token redacted.
func (p *Publisher) commentBody(r *platform.Report) string {
	marker := platform.Marker(p.key)
	body := redact(r.Markdown(maxCommentBytes, marker), p.token)
	if !platform.HasMarker(body, p.key) {
		body = marker + "\n" + body
	}
	return capBytes(body, maxCommentBytes)
}

// warnAPI logs a failed comment call as a warning, explaining the common
// read-only token case.
func (p *Publisher) warnAPI(what string, err error) {
	var rate *gh.RateLimitError
	var abuse *gh.AbuseRateLimitError
	var resp *gh.ErrorResponse
	switch {
	case errors.As(err, &rate), errors.As(err, &abuse):
		p.log.warningf("could not %s: GitHub API rate limit (%v); the verdict is in the job summary", what, err)
	case errors.As(err, &resp) && resp.Response != nil &&
		(resp.Response.StatusCode == http.StatusForbidden || resp.Response.StatusCode == http.StatusNotFound):
		p.log.warningf("could not %s: %s (HTTP %d: %s)", what, forkWarning, resp.Response.StatusCode, resp.Message)
	default:
		p.log.warningf("could not %s: %v; the verdict is in the job summary", what, err)
	}
}
