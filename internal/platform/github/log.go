package github

import (
	"fmt"
	"io"
	"strings"
	"sync"

	"github.com/sethvargo/go-githubactions"
)

// stickyWriter never fails: it remembers the first write error so that
// go-githubactions, which panics when its stream fails, cannot panic, and
// Publish can report the error once at the end.
type stickyWriter struct {
	mu  sync.Mutex
	w   io.Writer
	err error
}

// Write implements [io.Writer].
func (s *stickyWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err == nil {
		if _, err := s.w.Write(p); err != nil {
			s.err = fmt.Errorf("writing workflow commands: %w", err)
		}
	}
	return len(p), nil
}

// Err returns the first write error.
func (s *stickyWriter) Err() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err
}

// redactor replaces the token with *** in everything written through it, a
// second line of defence behind ::add-mask:: (which only works on a runner).
type redactor struct {
	w     io.Writer
	token string
}

// Write implements [io.Writer].
func (r redactor) Write(p []byte) (int, error) {
	if _, err := io.WriteString(r.w, redact(string(p), r.token)); err != nil {
		return 0, err
	}
	return len(p), nil
}

// redact replaces every occurrence of token in s with ***.
func redact(s, token string) string {
	if token == "" {
		return s
	}
	return strings.ReplaceAll(s, token, "***")
}

// logger writes workflow commands; every message is formatted by the caller
// and passed as data, so a '%' in user text is never a format verb.
type logger struct {
	a *githubactions.Action
}

func (l *logger) infof(format string, args ...any) {
	l.a.Infof("%s", fmt.Sprintf(format, args...))
}

func (l *logger) warningf(format string, args ...any) {
	l.a.Warningf("%s", fmt.Sprintf(format, args...))
}

func (l *logger) noticef(format string, args ...any) {
	l.a.Noticef("%s", fmt.Sprintf(format, args...))
}
