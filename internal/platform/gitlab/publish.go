package gitlab

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/mlgate/mlgate/internal/platform"
	"github.com/mlgate/mlgate/internal/result"
)

// Publish posts the report as the mlgate note of the merge request, or
// updates the existing one. Situations where no note can be written (no merge
// request, no token, a token without the rights, an unknown project or MR)
// are logged and return nil; other failures (GitLab unavailable after the
// retries, bad environment) return an error.
func (p *Publisher) Publish(ctx context.Context, r *platform.Report) error {
	if r == nil || r.Markdown == nil {
		return errors.New("gitlab publisher: report has no Markdown renderer")
	}
	cfg := p.cfg
	switch {
	case cfg.mode == platform.CommentNever:
		p.log.infof("comment mode never; no MR note")
		return nil
	case cfg.mode == platform.CommentAuto && cfg.envMR == 0 && cfg.mr != 0:
		p.log.infof("not a merge request pipeline; comment mode auto posts only in merge request pipelines (use --comment always to post to MR !%d); no MR note", cfg.mr)
		return nil
	case cfg.mr == 0:
		p.log.infof("not a merge request pipeline (%s is not set); no MR note", envMRIID)
		return nil
	case cfg.token == "":
		p.log.warnf("%s", noTokenMessage(cfg.hasJobTok))
		return nil
	case cfg.apiURL == "":
		return fmt.Errorf("gitlab publisher: %s is not set; is this a GitLab CI job?", envAPIURL)
	case cfg.project == "":
		return fmt.Errorf("gitlab publisher: neither %s nor %s is set; is this a GitLab CI job?", envProjectID, envProjectPath)
	}

	body := r.Markdown(NoteLimit, platform.Marker(cfg.key))
	if !platform.HasMarker(body, cfg.key) {
		return fmt.Errorf("gitlab publisher: rendered report does not start with the marker %s", platform.Marker(cfg.key))
	}
	if len(body) > NoteLimit {
		return fmt.Errorf("gitlab publisher: rendered report is %d bytes, over GitLab's note limit of %d", len(body), NoteLimit)
	}

	client, err := newClient(cfg.apiURL, cfg.token, p.httpClient)
	if err != nil {
		return redactErr(fmt.Errorf("gitlab publisher: %w", err), cfg.token)
	}
	s := &session{p: p, client: client, mr: cfg.mr}
	mayCreate := cfg.mode != platform.CommentOnFailure || r.Verdict == result.Fail || r.Verdict == result.Error
	return p.degrade(s.publish(ctx, body, mayCreate, r.Verdict))
}

// noTokenMessage explains how to give mlgate a token that can write notes.
func noTokenMessage(hasJobToken bool) string {
	msg := "no token to write the MR note: set MLGATE_GITLAB_TOKEN (or GITLAB_TOKEN) to a project access token " +
		"with the api scope and the Reporter role, stored as a masked CI/CD variable; "
	if hasJobToken {
		return msg + "CI_JOB_TOKEN is set but cannot write merge request notes; no MR note"
	}
	return msg + "CI_JOB_TOKEN cannot write merge request notes; no MR note"
}

// publish finds mlgate's note by marker and author and updates it, or creates
// one when mayCreate. A create that fails with 5xx or a lost connection may
// have taken effect, so it is followed by a new search rather than a blind
// second POST.
func (s *session) publish(ctx context.Context, body string, mayCreate bool, verdict result.Status) error {
	cfg := s.p.cfg
	user, err := s.identity(ctx)
	if err != nil {
		return err
	}
	for attempt := 0; ; attempt++ {
		note, err := s.findNote(ctx, user, cfg.key)
		if err != nil {
			return err
		}
		if note != nil {
			if note.Body == body {
				s.p.log.infof("note %s is up to date%s", s.noteRef(note.ID), s.noteLink(note.ID))
				return nil
			}
			if _, err := s.updateNote(ctx, note.ID, body); err != nil {
				return err
			}
			s.p.log.infof("updated note %s%s", s.noteRef(note.ID), s.noteLink(note.ID))
			return nil
		}
		if !mayCreate {
			s.p.log.infof("verdict %s; comment mode on-failure creates a note only on failure; no MR note", verdict)
			return nil
		}
		created, err := s.createNote(ctx, body)
		if err == nil {
			id := int64(0)
			if created != nil {
				id = created.ID
			}
			s.p.log.infof("created note %s%s", s.noteRef(id), s.noteLink(id))
			return nil
		}
		var ae *apiError
		if !errors.As(err, &ae) || (ae.status != 0 && !isServerError(ae.status)) ||
			ctx.Err() != nil || attempt >= cfg.maxRetries {
			return err
		}
		d := retryDelay(ae.header, attempt, s.p.now())
		s.p.log.infof("%s: %s; the note may exist now: searching again in %s (retry %d of %d)",
			ae.op, describeStatus(ae.status), d, attempt+1, cfg.maxRetries)
		if err := s.p.sleep(ctx, d); err != nil {
			return &apiError{op: ae.op, status: ae.status, err: fmt.Errorf("waiting to retry: %w", err)}
		}
	}
}

// noteRef names a note for log lines.
func (s *session) noteRef(id int64) string {
	return fmt.Sprintf("%d on MR !%d (key %s)", id, s.mr, s.p.cfg.key)
}

// noteLink is ": <web link>" when CI_PROJECT_URL is set, else "".
func (s *session) noteLink(id int64) string {
	if s.p.cfg.projectURL == "" {
		return ""
	}
	return fmt.Sprintf(": %s/-/merge_requests/%d#note_%d", s.p.cfg.projectURL, s.mr, id)
}

// degrade turns permission and visibility failures into warnings (nil) and
// wraps the rest, with the token redacted.
func (p *Publisher) degrade(err error) error {
	if err == nil {
		return nil
	}
	var ae *apiError
	if errors.As(err, &ae) {
		switch ae.status {
		case http.StatusUnauthorized:
			p.log.warnf("%v: the token was rejected (expired, revoked or mistyped?); no MR note", err)
			return nil
		case http.StatusForbidden:
			p.log.warnf("%v: the token's user may not do this: it needs the api scope and a role that can comment "+
				"on merge requests (Reporter or higher); no MR note", err)
			return nil
		case http.StatusNotFound:
			p.log.warnf("%v: project %s or MR !%d does not exist or is not visible to the token's user; no MR note",
				err, p.cfg.project, p.cfg.mr)
			return nil
		}
	}
	return redactErr(fmt.Errorf("gitlab publisher: %w", err), p.cfg.token)
}
