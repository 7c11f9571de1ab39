package gitlab

import (
	"fmt"
	"io"
	"strings"
)

// logger writes log lines and warnings, with the token redacted from every
// line as a last line of defence (no line is built from the token).
type logger struct {
	w      io.Writer
	secret string
}

// infof writes one log line.
func (l logger) infof(format string, args ...any) {
	l.line("mlgate: gitlab: " + fmt.Sprintf(format, args...))
}

// warnf writes one warning line.
func (l logger) warnf(format string, args ...any) {
	l.line("mlgate: warning: gitlab: " + fmt.Sprintf(format, args...))
}

func (l logger) line(s string) {
	s = redact(s, l.secret)
	s = strings.TrimRight(s, "\n")
	// Logging is best effort: a broken log stream must not fail publishing.
	_, _ = io.WriteString(l.w, s+"\n")
}

// redact replaces every occurrence of secret in s.
func redact(s, secret string) string {
	if secret == "" {
		return s
	}
	return strings.ReplaceAll(s, secret, "[REDACTED]")
}

// redactedError hides the token from an error's message while keeping the
// chain for errors.Is and errors.As.
type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

// redactErr returns err with the token removed from its message.
func redactErr(err error, secret string) error {
	if err == nil || secret == "" || !strings.Contains(err.Error(), secret) {
		return err
	}
	return &redactedError{msg: redact(err.Error(), secret), err: err}
}
