package gitlab

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/mlgate/mlgate/internal/platform"
)

// notesPerPage is the page size asked for when listing notes (GitLab's maximum).
const notesPerPage = 100

// maxNotePages bounds the listing so a misbehaving server cannot loop forever.
const maxNotePages = 10_000

// user is the part of GET /user that mlgate reads.
type user struct {
	Username string `json:"username"`
}

// note is the part of a merge request note that mlgate reads.
type note struct {
	ID     int64  `json:"id"`
	Body   string `json:"body"`
	System bool   `json:"system"`
	Author struct {
		Username string `json:"username"`
	} `json:"author"`
}

// noteBody is the request body of POST and PUT .../notes.
type noteBody struct {
	Body string `json:"body"`
}

// session is one publishing run against one merge request.
type session struct {
	p      *Publisher
	client *client
	mr     int64
}

// notesPath is the escaped path of the merge request's notes.
func (s *session) notesPath() string {
	return "projects/" + pathEscape(s.p.cfg.project) + "/merge_requests/" + strconv.FormatInt(s.mr, 10) + "/notes"
}

// identity returns the username of the token's user (a bot user for project
// and group access tokens).
func (s *session) identity(ctx context.Context) (string, error) {
	const op = "reading the token's user (GET /user)"
	var u *user
	err := s.p.call(ctx, op, true, func(ctx context.Context) (*response, error) {
		return s.client.do(ctx, http.MethodGet, "user", nil, nil, &u)
	})
	if err != nil {
		return "", err
	}
	if u == nil || u.Username == "" {
		return "", &apiError{op: op, err: fmt.Errorf("response has no username")}
	}
	return u.Username, nil
}

// findNote lists every page of the merge request's notes and returns the
// first non-system note by username whose first line is the marker for key,
// or nil.
func (s *session) findNote(ctx context.Context, username, key string) (*note, error) {
	page := int64(1)
	for range maxNotePages {
		op := fmt.Sprintf("listing notes of MR !%d (page %d)", s.mr, page)
		var notes []*note
		var resp *response
		err := s.p.call(ctx, op, true, func(ctx context.Context) (*response, error) {
			notes = nil
			q := url.Values{"page": {strconv.FormatInt(page, 10)}, "per_page": {strconv.Itoa(notesPerPage)}}
			r, err := s.client.do(ctx, http.MethodGet, s.notesPath(), q, nil, &notes)
			resp = r
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
			return nil, &apiError{op: op, status: resp.status, err: fmt.Errorf("server sent next page %d after page %d", next, page)}
		}
		page = next
	}
	return nil, &apiError{op: "listing notes", err: fmt.Errorf("more than %d pages of notes on MR !%d", maxNotePages, s.mr)}
}

// createNote posts a new note. It is not idempotent: only 429 is retried here.
func (s *session) createNote(ctx context.Context, body string) (*note, error) {
	var n *note
	err := s.p.call(ctx, fmt.Sprintf("creating a note on MR !%d", s.mr), false, func(ctx context.Context) (*response, error) {
		return s.client.do(ctx, http.MethodPost, s.notesPath(), nil, noteBody{Body: body}, &n)
	})
	return n, err
}

// updateNote replaces the body of note id; PUT is idempotent.
func (s *session) updateNote(ctx context.Context, id int64, body string) (*note, error) {
	var n *note
	path := s.notesPath() + "/" + strconv.FormatInt(id, 10)
	err := s.p.call(ctx, fmt.Sprintf("updating note %d on MR !%d", id, s.mr), true, func(ctx context.Context) (*response, error) {
		return s.client.do(ctx, http.MethodPut, path, nil, noteBody{Body: body}, &n)
	})
	return n, err
}
