// Package train holds the training gates: smoke (a few training steps must
// make the loss go down, with no NaN/Inf) and repro (training twice, or
// resuming after a crash, must give the same artifacts). Both run the
// user's own training command through internal/proc and return
// result.Result values.
package train

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/mlgate/mlgate/internal/proc"
	"github.com/mlgate/mlgate/internal/result"
	"github.com/mlgate/mlgate/internal/train/series"
)

// Command is the user's training command: argv after "--", or a shell string.
type Command struct {
	Argv  []string
	Shell string
	// Dir is the working directory; "" is the current one.
	Dir string
	// Timeout bounds one run.
	Timeout time.Duration
}

func (c Command) String() string {
	if c.Shell != "" {
		return c.Shell
	}
	return strings.Join(c.Argv, " ")
}

// LossSource says where the loss series comes from: a metrics file, a
// regular expression over the command's output, or TensorBoard events.
type LossSource struct {
	File     string // JSONL or CSV; {run_dir} expands to the run directory
	Key      string // default "loss"
	StepKey  string
	Regex    string
	TFEvents string // directory; {run_dir} expands
	Tag      string // default "loss"
}

// Validate reports a loss source that is missing or ambiguous.
func (s LossSource) Validate() error {
	n := 0
	for _, set := range []bool{s.File != "", s.Regex != "", s.TFEvents != ""} {
		if set {
			n++
		}
	}
	switch {
	case n == 0:
		return errors.New("no loss source: give --loss-file, --loss-regex or --tfevents")
	case n > 1:
		return errors.New("give only one of --loss-file, --loss-regex and --tfevents")
	}
	if s.Regex != "" {
		if _, err := series.NewRegexParser(s.Regex); err != nil {
			return fmt.Errorf("--loss-regex: %w", err)
		}
	}
	return nil
}

// lossReader collects a loss series during and after a run.
type lossReader struct {
	src    LossSource
	regex  *series.RegexParser
	runDir string
}

func newLossReader(src LossSource, runDir string) (*lossReader, error) {
	lr := &lossReader{src: src, runDir: runDir}
	if src.Regex != "" {
		p, err := series.NewRegexParser(src.Regex)
		if err != nil {
			return nil, fmt.Errorf("--loss-regex: %w", err)
		}
		lr.regex = p
	}
	return lr, nil
}

// onLine feeds output lines to the regex source.
func (l *lossReader) onLine(stream, line string) {
	if l.regex != nil {
		l.regex.Line(line)
	}
}

// series returns the loss series after the run.
func (l *lossReader) series() (*series.Series, error) {
	expand := func(p string) string { return strings.ReplaceAll(p, "{run_dir}", l.runDir) }
	key := l.src.Key
	if key == "" {
		key = "loss"
	}
	tag := l.src.Tag
	if tag == "" {
		tag = "loss"
	}
	switch {
	case l.regex != nil:
		return l.regex.Series(), nil
	case l.src.File != "":
		return series.FromFile(expand(l.src.File), key, l.src.StepKey)
	case l.src.TFEvents != "":
		return series.FromTFEvents(expand(l.src.TFEvents), tag)
	}
	return nil, errors.New("no loss source")
}

// runSpec builds the process spec of one run.
func runSpec(cmd Command, env []string, logPath string, live io.Writer, onLine func(string, string)) proc.Spec {
	return proc.Spec{
		Argv: cmd.Argv, Shell: cmd.Shell, Dir: cmd.Dir, Env: env, Timeout: cmd.Timeout,
		LogPath: logPath, Live: live, TailLines: 30, OnLine: onLine,
	}
}

// runFailed reports whether a run did not exit 0.
func runFailed(r *proc.Result) bool { return r.ExitCode != 0 || r.TimedOut || r.Signal != "" }

// exitWhy says how a failed run ended.
func exitWhy(r *proc.Result) string {
	switch {
	case r.TimedOut:
		return fmt.Sprintf("timed out after %s", r.Duration.Round(time.Second))
	case r.Signal != "":
		return "was killed by " + r.Signal
	}
	return fmt.Sprintf("exited with status %d", r.ExitCode)
}

// runFailure describes a run that did not exit 0, with its output tail.
func runFailure(what string, r *proc.Result) string {
	msg := fmt.Sprintf("%s %s (log: %s)", what, exitWhy(r), r.LogPath)
	if t := strings.TrimSpace(r.Tail); t != "" {
		msg += "\nlast output:\n" + t
	}
	return msg
}

// hashTree returns a content hash of a file or a directory tree, for
// --changed: the parameters must actually change during training.
func hashTree(path string) (string, error) {
	h := sha256.New()
	var files []string
	err := filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	sort.Strings(files)
	for _, f := range files {
		rel, _ := filepath.Rel(path, f)
		fmt.Fprintf(h, "%s\x00", rel)
		fh, err := os.Open(f)
		if err != nil {
			return "", err
		}
		_, err = io.Copy(h, fh)
		fh.Close()
		if err != nil {
			return "", err
		}
	}
	return fmt.Sprintf("%x", h.Sum(nil)), nil
}

// environ returns the process environment plus extra variables.
func environ(base []string, extra ...string) []string {
	out := append([]string(nil), base...)
	return append(out, extra...)
}

// started records the start of a gate and finishes its result.
type started struct {
	id, gate, title string
	at              time.Time
	now             func() time.Time
}

func (s started) result() result.Result {
	return result.Result{Version: result.Version, ID: s.id, Gate: s.gate, Title: s.title, StartedAt: s.at.UTC()}
}

func (s started) errored(err error) result.Result {
	r := result.Errored(s.id, s.gate, s.at, err)
	r.Title = s.title
	r.DurationMS = float64(s.now().Sub(s.at).Microseconds()) / 1000
	return r
}

func (s started) finish(r *result.Result) {
	r.DurationMS = float64(s.now().Sub(s.at).Microseconds()) / 1000
}
