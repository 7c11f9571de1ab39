// Package platform publishes a rendered report where reviewers look: GitHub
// (sticky PR comment, job summary, annotations, outputs), GitLab (MR note) or
// the local terminal. It knows nothing of any gate; it reads results only
// through [Report].
package platform

import (
	"context"
	"regexp"
	"strings"

	"github.com/mlgate/mlgate/internal/result"
)

// Report is what a publisher publishes: the results, their verdict, and a
// renderer that fits the Markdown into a size limit.
type Report struct {
	// Verdict is the worst status over all results.
	Verdict result.Status
	// Results are the gate results, in report order.
	Results []result.Result
	// FailedGates are the ids of results with status fail or error.
	FailedGates []string
	// Markdown renders the report in at most maxBytes bytes (0: no limit),
	// starting with the given hidden marker line when it is not empty.
	Markdown func(maxBytes int, marker string) string
	// ReportPath is the path of the full Markdown report file, if one was written.
	ReportPath string
}

// CommentMode says when a PR/MR comment is posted.
type CommentMode string

// Comment modes.
const (
	// CommentAuto posts on pull/merge request events only.
	CommentAuto CommentMode = "auto"
	// CommentAlways posts whenever a PR/MR can be found.
	CommentAlways CommentMode = "always"
	// CommentOnFailure posts when the verdict is fail or error, and updates an
	// existing comment whatever the verdict, so a fixed PR does not keep a stale failure.
	CommentOnFailure CommentMode = "on-failure"
	// CommentNever posts nothing.
	CommentNever CommentMode = "never"
)

// ParseCommentMode parses a --comment value.
func ParseCommentMode(s string) (CommentMode, bool) {
	switch m := CommentMode(s); m {
	case CommentAuto, CommentAlways, CommentOnFailure, CommentNever:
		return m, true
	}
	return "", false
}

// Publisher publishes a report to one platform.
type Publisher interface {
	// Publish publishes r. Degraded publishing (a read-only token on a fork
	// PR) is not an error: it is reported as a warning on the publisher's
	// log and Publish returns nil.
	Publish(ctx context.Context, r *Report) error
}

// markerPrefix starts the hidden marker that identifies mlgate's comment.
const markerPrefix = "<!-- mlgate:report key="

var keyUnsafe = regexp.MustCompile(`[^A-Za-z0-9._/-]+`)

// SanitizeKey reduces a report key to characters that are safe inside an
// HTML comment and stable across runs.
func SanitizeKey(key string) string {
	key = keyUnsafe.ReplaceAllString(strings.TrimSpace(key), "-")
	// "--" has no place inside an HTML comment.
	for strings.Contains(key, "--") {
		key = strings.ReplaceAll(key, "--", "-")
	}
	key = strings.Trim(key, "-")
	if key == "" {
		key = "default"
	}
	if len(key) > 100 {
		key = key[:100]
	}
	return key
}

// Marker returns the hidden marker line for a report key. A comment is
// mlgate's for that key when its body starts with this line and its author is
// the token's own identity.
func Marker(key string) string {
	return markerPrefix + SanitizeKey(key) + " -->"
}

// HasMarker reports whether a comment body carries the marker for key on its first line.
func HasMarker(body, key string) bool {
	first, _, _ := strings.Cut(body, "\n")
	return strings.TrimRight(first, "\r ") == Marker(key)
}
