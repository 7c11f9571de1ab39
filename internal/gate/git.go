package gate

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
)

// errNotAtRef is returned when the baseline file does not exist at the ref:
// a first run, as for a baseline file that does not exist on disk.
var errNotAtRef = errors.New("not at ref")

// loadGitBaseline reads the metrics file at path as it is at ref, with
// "git show ref:./path" run in dir. label names it in messages ("ref:path").
func loadGitBaseline(ctx context.Context, dir, ref, path string) (*Metrics, string, error) {
	label := ref + ":" + path
	if strings.HasPrefix(ref, "-") {
		return nil, label, fmt.Errorf("git ref %q must not start with '-'", ref)
	}
	rel, err := gitRelPath(ctx, dir, path)
	if err != nil {
		return nil, label, err
	}
	spec := ref + ":" + rel
	cmd := exec.CommandContext(ctx, "git", "show", spec)
	cmd.Dir = dir
	var out, errb bytes.Buffer
	cmd.Stdout = &limitedBuffer{buf: &out, max: MaxMetricsFileSize + 1}
	cmd.Stderr = &limitedBuffer{buf: &errb, max: 64 << 10}
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(errb.String())
		switch {
		case strings.Contains(msg, "does not exist in") || strings.Contains(msg, "exists on disk, but not in"):
			return nil, label, errNotAtRef
		case strings.Contains(msg, "invalid object name") || strings.Contains(msg, "unknown revision"):
			return nil, label, fmt.Errorf("git ref %s not found (in a shallow CI checkout, fetch it: actions/checkout with fetch-depth: 0, or git fetch origin main): %s", ref, msg)
		case msg != "":
			return nil, label, fmt.Errorf("git show %s: %s", spec, msg)
		}
		return nil, label, fmt.Errorf("git show %s: %w", spec, err)
	}
	if out.Len() > MaxMetricsFileSize {
		return nil, label, &FileError{File: label, Err: fmt.Errorf("file is larger than the %d MiB limit for metrics files", MaxMetricsFileSize>>20)}
	}
	// Parse under the real path so that the extension picks the format,
	// then name the ref in messages.
	m, err := ParseMetrics(path, out.Bytes())
	if err != nil {
		var fe *FileError
		if errors.As(err, &fe) {
			fe.File = label
		}
		return nil, label, err
	}
	m.path = label
	return m, label, nil
}

// gitRelPath writes path for git's "ref:./path" syntax, relative to dir;
// an absolute path is made relative to the top of the work tree.
func gitRelPath(ctx context.Context, dir, path string) (string, error) {
	if !filepath.IsAbs(path) {
		return "./" + filepath.ToSlash(filepath.Clean(path)), nil
	}
	out, err := exec.CommandContext(ctx, "git", "-C", cmp.Or(dir, "."), "rev-parse", "--show-toplevel").Output()
	if err != nil {
		return "", fmt.Errorf("git rev-parse --show-toplevel: %w", err)
	}
	top := strings.TrimSpace(string(out))
	rel, err := filepath.Rel(top, path)
	if err != nil || strings.HasPrefix(rel, "..") {
		return "", fmt.Errorf("baseline path %s is outside the git work tree %s", path, top)
	}
	return filepath.ToSlash(rel), nil
}

// limitedBuffer keeps at most max bytes and drops the rest.
type limitedBuffer struct {
	buf *bytes.Buffer
	max int
}

func (b *limitedBuffer) Write(p []byte) (int, error) {
	if room := b.max - b.buf.Len(); room > 0 {
		b.buf.Write(p[:min(len(p), room)])
	}
	return len(p), nil
}
