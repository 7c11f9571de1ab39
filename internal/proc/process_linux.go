//go:build linux

package proc

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"sync"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// Process is a running command. Its methods are safe for concurrent use.
type Process struct {
	spec    Spec
	cmd     *exec.Cmd
	pgid    int
	start   time.Time
	out     *output
	pipes   []*os.File    // read ends of stdout and stderr
	drained chan struct{} // closed when both pipes are read to the end

	mu                       sync.Mutex
	killed, timedOut, closed bool // closed: the group is gone, Kill is refused

	done chan struct{} // closed when res and err are set
	res  *Result
	err  error
}

// Start starts the command of s in a new process group and returns at once.
// It fails when s is invalid, the working directory or the command cannot
// be found (the error names the command and the PATH searched), the log
// cannot be created or ctx is already done. Cancelling ctx terminates the
// process group, as a timeout does.
func Start(ctx context.Context, s Spec) (*Process, error) {
	s, err := s.withDefaults()
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("not starting %s: %w", describe(s), err)
	}
	argv := s.Argv
	if s.Shell != "" {
		argv = []string{"/bin/sh", "-c", s.Shell}
	}
	if s.Dir != "" {
		if fi, err := os.Stat(s.Dir); err != nil {
			return nil, fmt.Errorf("working directory of %s: %w", describe(s), err)
		} else if !fi.IsDir() {
			return nil, fmt.Errorf("working directory of %s: %s is not a directory", describe(s), s.Dir)
		}
	}
	path, err := resolve(argv[0], s.Dir, s.Env)
	if err != nil {
		return nil, err
	}
	out, err := newOutput(s)
	if err != nil {
		return nil, err
	}
	p := &Process{spec: s, out: out, drained: make(chan struct{}), done: make(chan struct{})}
	if err := p.startCmd(path, argv); err != nil {
		_ = out.close()
		return nil, fmt.Errorf("starting %s: %w", describe(s), err)
	}
	go p.read()
	go p.supervise(ctx)
	return p, nil
}

// startCmd creates the pipes and starts the command.
func (p *Process) startCmd(path string, argv []string) error {
	var writeEnds []*os.File
	defer func() {
		for _, f := range writeEnds {
			_ = f.Close() // the child holds its own copies
		}
	}()
	for range 2 {
		r, w, err := os.Pipe()
		if err != nil {
			p.closePipes()
			return fmt.Errorf("creating pipe: %w", err)
		}
		p.pipes = append(p.pipes, r)
		writeEnds = append(writeEnds, w)
	}
	p.cmd = &exec.Cmd{
		Path:        path,
		Args:        argv,
		Dir:         p.spec.Dir,
		Env:         p.spec.Env,
		Stdout:      writeEnds[0],
		Stderr:      writeEnds[1],
		SysProcAttr: &syscall.SysProcAttr{Setpgid: true},
	}
	p.start = time.Now()
	if err := p.cmd.Start(); err != nil {
		p.closePipes()
		return err
	}
	p.pgid = p.cmd.Process.Pid
	return nil
}

func (p *Process) closePipes() {
	for _, f := range p.pipes {
		_ = f.Close()
	}
}

// read reads both pipes until they end, then closes drained.
func (p *Process) read() {
	var wg sync.WaitGroup
	for i, name := range []string{Stdout, Stderr} {
		lr := newLineReader(name, p.out, p.spec.TailLines)
		wg.Go(func() { lr.run(p.pipes[i]) })
	}
	wg.Wait()
	close(p.drained)
}

// Pid returns the process id of the command, which is also the id of its
// process group.
func (p *Process) Pid() int { return p.pgid }

// Kill sends sig to the whole process group of the command and marks the
// result as killed (unless sig is 0, which only probes). It returns
// os.ErrProcessDone when the group has already ended.
func (p *Process) Kill(sig syscall.Signal) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return os.ErrProcessDone
	}
	if err := syscall.Kill(-p.pgid, sig); err != nil {
		if errors.Is(err, syscall.ESRCH) {
			return os.ErrProcessDone
		}
		return fmt.Errorf("sending %s to process group %d: %w", signalName(sig), p.pgid, err)
	}
	if sig != 0 {
		p.killed = true
	}
	return nil
}

// signal sends sig to the group, ignoring a group that is already gone.
func (p *Process) signal(sig syscall.Signal) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.closed {
		_ = syscall.Kill(-p.pgid, sig)
	}
}

// Wait waits until the command has exited, what it left in its group has
// been ended, and its output has been read; it returns the same result to
// every caller. A non-nil error with a non-nil result means the command ran
// but its log could not be written completely.
func (p *Process) Wait() (*Result, error) {
	<-p.done
	if p.res == nil {
		return nil, p.err
	}
	r := *p.res
	return &r, p.err
}

// supervise enforces the timeout and ctx, waits for the command, ends its
// group, drains the output and sets the result.
func (p *Process) supervise(ctx context.Context) {
	defer close(p.done)
	exited := make(chan struct{})
	var waitErr error
	go func() {
		waitErr = p.cmd.Wait()
		close(exited)
	}()
	var timeout <-chan time.Time
	if p.spec.Timeout > 0 {
		t := time.NewTimer(p.spec.Timeout)
		defer t.Stop()
		timeout = t.C
	}
	var killAt time.Time // zero unless SIGTERM was sent
	select {
	case <-exited:
	case <-ctx.Done():
		killAt = p.terminate(exited, &p.killed)
	case <-timeout:
		killAt = p.terminate(exited, &p.timedOut)
	}
	<-exited
	end := time.Now()
	p.endGroup(killAt)
	p.drain()
	logErr := p.out.close()

	st := p.cmd.ProcessState
	if st == nil {
		p.err = fmt.Errorf("waiting for %s: %w", describe(p.spec), waitErr)
		return
	}
	res := &Result{
		ExitCode: st.ExitCode(),
		Duration: end.Sub(p.start),
		Tail:     p.out.tailString(),
		LogPath:  p.spec.LogPath,
	}
	p.mu.Lock()
	res.TimedOut, res.Killed = p.timedOut, p.killed
	p.mu.Unlock()
	if ws, ok := st.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		res.Signal = signalName(ws.Signal())
	}
	if ru, ok := st.SysUsage().(*syscall.Rusage); ok {
		res.PeakRSSBytes = ru.Maxrss * 1024 // kilobytes on Linux
	}
	p.res, p.err = res, logErr
}

// terminate sends SIGTERM to the group, then SIGKILL if the command has not
// exited after the grace period; it sets *flag unless the command had
// already exited. It returns when SIGKILL is due for the rest of the group.
func (p *Process) terminate(exited <-chan struct{}, flag *bool) time.Time {
	select {
	case <-exited:
		return time.Time{}
	default:
	}
	p.mu.Lock()
	*flag = true
	p.mu.Unlock()
	p.signal(syscall.SIGTERM)
	killAt := time.Now().Add(p.spec.KillGrace)
	t := time.NewTimer(p.spec.KillGrace)
	defer t.Stop()
	select {
	case <-exited:
	case <-t.C:
		p.signal(syscall.SIGKILL)
	}
	return killAt
}

// endGroup ends the processes the command left in its group: SIGTERM (unless
// already sent), SIGKILL once killAt has passed; then the group is closed.
func (p *Process) endGroup(killAt time.Time) {
	defer func() {
		p.mu.Lock()
		p.closed = true
		p.mu.Unlock()
	}()
	if !groupAlive(p.pgid) {
		return
	}
	if killAt.IsZero() {
		p.signal(syscall.SIGTERM)
		killAt = time.Now().Add(p.spec.KillGrace)
	}
	if waitGroupGone(p.pgid, killAt) {
		return
	}
	p.signal(syscall.SIGKILL)
	waitGroupGone(p.pgid, time.Now().Add(time.Second))
}

// drain waits for the output to be read to its end, for at most the drain
// timeout: a process outside the group may still hold the pipes open.
func (p *Process) drain() {
	t := time.NewTimer(p.spec.DrainTimeout)
	defer t.Stop()
	select {
	case <-p.drained:
	case <-t.C:
		for _, f := range p.pipes {
			_ = f.SetReadDeadline(time.Now())
		}
		<-p.drained
	}
	p.closePipes()
}

// signalName returns the conventional name of sig ("SIGKILL").
func signalName(sig syscall.Signal) string {
	if n := unix.SignalName(sig); n != "" {
		return n
	}
	return fmt.Sprintf("signal %d", int(sig))
}
