package gitlab

import (
	"context"
	"fmt"
	"log/slog"
	"net/url"
	"strconv"

	gitlab "gitlab.com/gitlab-org/api/client-go"

	"github.com/mlgate/mlgate/internal/platform"
)

// notesPerPage is the page size asked for when listing notes (GitLab's maximum).
const notesPerPage = 100

// maxNotePages bounds the listing so a misbehaving server cannot loop forever.
const maxNotePages = 10_000

// session is one publishing run against one merge request.
type session struct {
	p      *Publisher
	client *gitlab.Client
	mr     int64
}

// newClient builds a client-go client for cfg with its own retries disabled.
func (p *Publisher) newClient() (*gitlab.Client, error) {
	opts := []gitlab.ClientOptionFunc{
		// Before WithBaseURL, which logs through it.
		gitlab.WithURLWarningLogger(slog.New(slog.DiscardHandler)),
		gitlab.WithBaseURL(p.cfg.apiURL),
		gitlab.WithoutRetries(),
		gitlab.WithUserAgent("mlgate"),
	}
	if p.httpClient != nil {
		opts = append(opts, gitlab.WithHTTPClient(p.httpClient))
	}
	c, err := gitlab.NewClient(p.cfg.token, opts...)
	if err != nil {
		return nil, fmt.Errorf("creating GitLab client for %s: %w", p.cfg.apiURL, err)
	}
	return c, nil
}

// identity returns the username of the token's user (a bot user for project
// and group access tokens).
func (s *session) identity(ctx context.Context) (string, error) {
	var user *gitlab.User
	err := s.p.call(ctx, "reading the token's user (GET /user)", true, func(opts ...gitlab.RequestOptionFunc) (*gitlab.Response, error) {
		u, resp, err := s.client.Users.CurrentUser(opts...)
		user = u
		return resp, err
	})
	if err != nil {
		return "", err
	}
	if user == nil || user.Username == "" {
		return "", &apiError{op: "reading the token's user (GET /user)", err: fmt.Errorf("response has no username")}
	}
	return user.Username, nil
}

// findNote lists every page of the merge request's notes and returns the
// first non-system note by username whose first line is the marker for key,
// or nil.
func (s *session) findNote(ctx context.Context, username, key string) (*gitlab.Note, error) {
	page := int64(1)
	for range maxNotePages {
		op := fmt.Sprintf("listing notes of MR !%d (page %d)", s.mr, page)
		var notes []*gitlab.Note
		var resp *gitlab.Response
		err := s.p.call(ctx, op, true, func(opts ...gitlab.RequestOptionFunc) (*gitlab.Response, error) {
			o := &gitlab.ListMergeRequestNotesOptions{
				ListOptions: gitlab.ListOptions{Page: page, PerPage: notesPerPage},
			}
			n, r, err := s.client.Notes.ListMergeRequestNotes(s.p.cfg.project, s.mr, o, opts...)
			notes, resp = n, r
			return r, err
		})
		if err != nil {
			return nil, err
		}
		for _, n := range notes {
			if n != nil && !n.System && n.Author.Username == username && platform.HasMarker(n.Body, key) {
				return n, nil
			}
		}
		next := nextPage(resp)
		if next == 0 {
			return nil, nil
		}
		if next <= page {
			return nil, &apiError{op: op, status: resp.StatusCode, err: fmt.Errorf("server sent next page %d after page %d", next, page)}
		}
		page = next
	}
	return nil, &apiError{op: "listing notes", err: fmt.Errorf("more than %d pages of notes on MR !%d", maxNotePages, s.mr)}
}

// nextPage is the next page number from X-Next-Page, else from the page
// parameter of the Link rel="next" URL, else 0 (last page).
func nextPage(resp *gitlab.Response) int64 {
	if resp == nil {
		return 0
	}
	if resp.NextPage > 0 {
		return resp.NextPage
	}
	if resp.NextLink == "" {
		return 0
	}
	u, err := url.Parse(resp.NextLink)
	if err != nil {
		return 0
	}
	n, err := strconv.ParseInt(u.Query().Get("page"), 10, 64)
	if err != nil || n <= 0 {
		return 0
	}
	return n
}

// createNote posts a new note. It is not idempotent: only 429 is retried here.
func (s *session) createNote(ctx context.Context, body string) (*gitlab.Note, error) {
	var note *gitlab.Note
	err := s.p.call(ctx, fmt.Sprintf("creating a note on MR !%d", s.mr), false, func(opts ...gitlab.RequestOptionFunc) (*gitlab.Response, error) {
		n, resp, err := s.client.Notes.CreateMergeRequestNote(s.p.cfg.project, s.mr,
			&gitlab.CreateMergeRequestNoteOptions{Body: &body}, opts...)
		note = n
		return resp, err
	})
	return note, err
}

// updateNote replaces the body of note id; PUT is idempotent.
func (s *session) updateNote(ctx context.Context, id int64, body string) (*gitlab.Note, error) {
	var note *gitlab.Note
	err := s.p.call(ctx, fmt.Sprintf("updating note %d on MR !%d", id, s.mr), true, func(opts ...gitlab.RequestOptionFunc) (*gitlab.Response, error) {
		n, resp, err := s.client.Notes.UpdateMergeRequestNote(s.p.cfg.project, s.mr, id,
			&gitlab.UpdateMergeRequestNoteOptions{Body: &body}, opts...)
		note = n
		return resp, err
	})
	return note, err
}
