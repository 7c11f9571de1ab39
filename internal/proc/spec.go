package proc

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"time"
)

// Defaults applied to zero fields of a [Spec].
const (
	DefaultMaxLogBytes  = 256 << 20
	DefaultTailLines    = 50
	DefaultKillGrace    = 5 * time.Second
	DefaultDrainTimeout = 2 * time.Second
)

// MaxLineBytes is the longest line handed to [Spec.OnLine] and kept in the
// tail; longer lines are cut (see [Spec.OnLine]).
const MaxLineBytes = 64 << 10

// Stream names passed to [Spec.OnLine].
const (
	Stdout = "stdout"
	Stderr = "stderr"
)

// Spec describes a command to run.
type Spec struct {
	// Argv is the command and its arguments, executed directly (no shell).
	// A name without a slash is looked up in the PATH of Env.
	// Exactly one of Argv and Shell is set.
	Argv []string
	// Shell is a command line run with /bin/sh -c.
	Shell string
	// Dir is the working directory; empty means the current one.
	Dir string
	// Env is the full environment of the command (the caller passes
	// os.Environ() plus its extras); nil inherits this process's environment.
	Env []string
	// Timeout bounds the run; 0 means none. When it expires the process
	// group is terminated and [Result.TimedOut] is set.
	Timeout time.Duration
	// KillGrace is the time between SIGTERM and SIGKILL when the group is
	// terminated; 0 means DefaultKillGrace.
	KillGrace time.Duration
	// DrainTimeout is how long output is still read after the command and
	// its group have ended, for the case where a process that left the group
	// keeps the pipes open; 0 means DefaultDrainTimeout.
	DrainTimeout time.Duration
	// LogPath, when set, receives the combined stdout and stderr (the file
	// and its parent directories are created, an existing file truncated).
	// Lines of the two streams are never mixed within a line. The log is
	// capped at MaxLogBytes, after which a final line
	// "[log truncated after N bytes]" is written.
	LogPath string
	// MaxLogBytes caps the log file; 0 means DefaultMaxLogBytes.
	MaxLogBytes int64
	// Live, when set, receives the same output as the log, uncapped (for
	// example os.Stdout inside a GitHub Actions log group). A write error
	// stops the live copy but not the run.
	Live io.Writer
	// TailLines is how many last lines of output are kept in [Result.Tail];
	// 0 means DefaultTailLines.
	TailLines int
	// OnLine, when set, is called for each line of output, without its line
	// terminator, with the stream name (Stdout or Stderr). A carriage return
	// not followed by a newline also ends a line (progress bars redraw their
	// line that way). A line longer than MaxLineBytes is cut: OnLine sees
	// its first MaxLineBytes bytes, the log gets the whole line in pieces
	// each ended by a newline. Calls are serialized, in the order of the
	// log, while the output is locked: a slow OnLine slows the command's
	// output, and OnLine must not call [Process.Wait] (it may call Kill).
	OnLine func(stream, line string)
}

// Result is the outcome of a finished command.
type Result struct {
	// ExitCode is the exit status of the command, or -1 when it was ended
	// by a signal (see Signal).
	ExitCode int
	// Signal names the signal that ended the command ("SIGKILL"), if any.
	Signal string
	// TimedOut is set when Spec.Timeout expired and the group was terminated.
	TimedOut bool
	// Killed is set when the run was cancelled through its context or
	// signalled with [Process.Kill].
	Killed bool
	// Duration is the time from start until the command exited.
	Duration time.Duration
	// PeakRSSBytes is the maximum resident set size of the command, from
	// its rusage: the largest of the command itself and the descendants it
	// waited for. It is the peak of the largest single process, not the sum
	// of processes running at the same time, and does not count processes
	// that were never waited for (orphans).
	PeakRSSBytes int64
	// Tail is the last Spec.TailLines lines of the combined output, joined by
	// newlines, valid UTF-8; lines redrawn by a carriage return are left out
	// and each line is cut at 2 KiB (marked with " …").
	Tail string
	// LogPath is the log file (Spec.LogPath), empty when none was kept.
	LogPath string
}

// withDefaults checks s and returns it with defaults applied.
func (s Spec) withDefaults() (Spec, error) {
	var errs []error
	switch {
	case len(s.Argv) > 0 && s.Shell != "":
		errs = append(errs, errors.New("both a command (argv) and a shell string are set; use one"))
	case len(s.Argv) == 0 && s.Shell == "":
		errs = append(errs, errors.New("no command to run"))
	case len(s.Argv) > 0 && s.Argv[0] == "":
		errs = append(errs, errors.New("empty command name"))
	}
	for _, d := range []struct {
		name string
		v    time.Duration
	}{{"timeout", s.Timeout}, {"kill grace", s.KillGrace}, {"drain timeout", s.DrainTimeout}} {
		if d.v < 0 {
			errs = append(errs, fmt.Errorf("negative %s %v", d.name, d.v))
		}
	}
	if s.MaxLogBytes < 0 {
		errs = append(errs, fmt.Errorf("negative log cap %d bytes", s.MaxLogBytes))
	}
	if s.TailLines < 0 {
		errs = append(errs, fmt.Errorf("negative tail line count %d", s.TailLines))
	}
	if err := errors.Join(errs...); err != nil {
		return s, fmt.Errorf("invalid command spec: %w", err)
	}
	s.KillGrace = cmp.Or(s.KillGrace, DefaultKillGrace)
	s.DrainTimeout = cmp.Or(s.DrainTimeout, DefaultDrainTimeout)
	s.MaxLogBytes = cmp.Or(s.MaxLogBytes, DefaultMaxLogBytes)
	s.TailLines = cmp.Or(s.TailLines, DefaultTailLines)
	return s, nil
}
