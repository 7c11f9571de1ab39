//go:build linux

package proc

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// run runs s and fails the test on an error.
func run(t *testing.T, s Spec) *Result {
	t.Helper()
	r, err := Run(context.Background(), s)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	return r
}

// survivors lists the processes of group pgid that are still running, as
// "pid comm". A zombie is not running: kill(-pgid, 0) still finds zombies,
// and where PID 1 does not reap orphans (as in some containers) they stay,
// so ps is asked when kill finds something.
func survivors(t *testing.T, pgid int) []string {
	t.Helper()
	if err := syscall.Kill(-pgid, 0); errors.Is(err, syscall.ESRCH) {
		return nil
	}
	out, err := exec.Command("ps", "-e", "-o", "pid=,pgid=,stat=,comm=").Output()
	if err != nil {
		t.Fatalf("ps: %v", err)
	}
	var alive []string
	for _, l := range strings.Split(string(out), "\n") {
		f := strings.Fields(l)
		if len(f) >= 4 && f[1] == strconv.Itoa(pgid) && !strings.HasPrefix(f[2], "Z") {
			alive = append(alive, f[0]+" "+f[3])
		}
	}
	return alive
}

// startAndSee starts s and returns once a line containing marker is printed.
func startAndSee(t *testing.T, ctx context.Context, s Spec, marker string) *Process {
	t.Helper()
	seen := make(chan struct{})
	var once sync.Once
	s.OnLine = func(_, l string) {
		if strings.Contains(l, marker) {
			once.Do(func() { close(seen) })
		}
	}
	p, err := Start(ctx, s)
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(func() { _ = p.Kill(syscall.SIGKILL) })
	select {
	case <-seen:
	case <-time.After(10 * time.Second):
		t.Fatalf("command never printed %q", marker)
	}
	return p
}

func TestExitCodes(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		spec Spec
		code int
	}{
		{"shell ok", Spec{Shell: "true"}, 0},
		{"shell fails", Spec{Shell: "echo bye; exit 3"}, 3},
		{"argv", Spec{Argv: []string{"sh", "-c", "exit 7"}}, 7},
		{"shell command not found", Spec{Shell: "mlgate-no-such-command"}, 127},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := run(t, tc.spec)
			if r.ExitCode != tc.code || r.Signal != "" || r.Killed || r.TimedOut {
				t.Errorf("result %+v, want exit code %d only", r, tc.code)
			}
		})
	}
}

func TestCommandNotFound(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "noexec.sh"), []byte("echo hi\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		spec Spec
		want []string
	}{
		{Spec{Argv: []string{"mlgate-no-such-command", "x"}, Env: []string{"PATH=/nonexistent:/bin"}},
			[]string{`"mlgate-no-such-command" not found in PATH "/nonexistent:/bin"`}},
		{Spec{Argv: []string{"./missing.sh"}, Dir: dir}, []string{`"./missing.sh"`, "no such file"}},
		{Spec{Argv: []string{"./noexec.sh"}, Dir: dir}, []string{`"./noexec.sh"`, "not executable"}},
		{Spec{Argv: []string{dir}}, []string{"is a directory"}},
		{Spec{Shell: "true", Dir: filepath.Join(dir, "nope")}, []string{"working directory", "nope"}},
	} {
		_, err := Run(context.Background(), tc.spec)
		if err == nil {
			t.Errorf("%v: no error", tc.spec.Argv)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("error %q does not contain %q", err, w)
			}
		}
	}
}

func TestBadSpec(t *testing.T) {
	t.Parallel()
	for _, s := range []Spec{
		{},
		{Argv: []string{"true"}, Shell: "true"},
		{Argv: []string{""}},
		{Shell: "true", Timeout: -time.Second},
		{Shell: "true", MaxLogBytes: -1},
		{Shell: "true", TailLines: -1},
	} {
		if _, err := Start(context.Background(), s); err == nil || !strings.Contains(err.Error(), "invalid command spec") {
			t.Errorf("Start(%+v) error = %v, want an invalid spec", s, err)
		}
	}
}

func TestCancelledBeforeStart(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Start(ctx, Spec{Shell: "true"}); !errors.Is(err, context.Canceled) {
		t.Errorf("error = %v, want context.Canceled", err)
	}
}

func TestTimeoutKillsTree(t *testing.T) {
	t.Parallel()
	const timeout = 300 * time.Millisecond
	p, err := Start(context.Background(), Spec{
		Shell:   "sleep 100 & sleep 100 & (sleep 100; echo never) & echo started; wait",
		Timeout: timeout,
	})
	if err != nil {
		t.Fatal(err)
	}
	r, err := p.Wait()
	if err != nil {
		t.Fatal(err)
	}
	if !r.TimedOut || r.Killed || r.Signal != "SIGTERM" || r.ExitCode != -1 {
		t.Errorf("result %+v, want timed out by SIGTERM", r)
	}
	if r.Duration < timeout {
		t.Errorf("duration %v shorter than the timeout", r.Duration)
	}
	if r.Tail != "started" {
		t.Errorf("tail = %q", r.Tail)
	}
	if s := survivors(t, p.Pid()); len(s) > 0 {
		t.Errorf("processes of the group survived: %v", s)
	}
	if err := p.Kill(syscall.SIGKILL); !errors.Is(err, os.ErrProcessDone) {
		t.Errorf("Kill after Wait = %v, want os.ErrProcessDone", err)
	}
}

func TestTermIgnoredEscalatesToKill(t *testing.T) {
	t.Parallel()
	// The trap is inherited: the sleeps ignore SIGTERM too.
	p, err := Start(context.Background(), Spec{
		Shell:     `trap "" TERM; sleep 100 & sleep 100 & wait; wait`,
		Timeout:   100 * time.Millisecond,
		KillGrace: 300 * time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	r, err := p.Wait()
	if err != nil {
		t.Fatal(err)
	}
	if !r.TimedOut || r.Signal != "SIGKILL" {
		t.Errorf("result %+v, want timed out and SIGKILL", r)
	}
	if s := survivors(t, p.Pid()); len(s) > 0 {
		t.Errorf("processes of the group survived: %v", s)
	}
}

func TestContextCancel(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	p := startAndSee(t, ctx, Spec{Shell: "sleep 100 & echo ready; wait"}, "ready")
	cancel()
	r, err := p.Wait()
	if err != nil {
		t.Fatal(err)
	}
	if !r.Killed || r.TimedOut || r.Signal != "SIGTERM" {
		t.Errorf("result %+v, want killed by SIGTERM", r)
	}
	if s := survivors(t, p.Pid()); len(s) > 0 {
		t.Errorf("processes of the group survived: %v", s)
	}
}

func TestKillMidRun(t *testing.T) {
	t.Parallel()
	p := startAndSee(t, context.Background(), Spec{Shell: "echo step 1; sleep 100 & wait"}, "step 1")
	if err := p.Kill(syscall.SIGKILL); err != nil {
		t.Fatalf("Kill: %v", err)
	}
	r, err := p.Wait()
	if err != nil {
		t.Fatal(err)
	}
	if !r.Killed || r.Signal != "SIGKILL" || r.ExitCode != -1 || r.TimedOut {
		t.Errorf("result %+v, want killed by SIGKILL", r)
	}
	if s := survivors(t, p.Pid()); len(s) > 0 {
		t.Errorf("processes of the group survived: %v", s)
	}
	r2, err := p.Wait()
	if err != nil || *r2 != *r {
		t.Errorf("second Wait = %+v, %v; want the same result", r2, err)
	}
}

func TestLeftoverProcessesEnded(t *testing.T) {
	t.Parallel()
	// The shell exits at once; the sleep keeps both pipes open.
	p, err := Start(context.Background(), Spec{Shell: "sleep 100 & echo done", KillGrace: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	r, err := p.Wait()
	if err != nil {
		t.Fatal(err)
	}
	if r.ExitCode != 0 || r.Killed || r.TimedOut || r.Tail != "done" {
		t.Errorf("result %+v, want a clean exit", r)
	}
	if s := survivors(t, p.Pid()); len(s) > 0 {
		t.Errorf("processes of the group survived: %v", s)
	}
}

func TestEscapedProcessHoldingPipes(t *testing.T) {
	t.Parallel()
	pidFile := filepath.Join(t.TempDir(), "pid")
	// setsid leaves the group, so only the drain timeout ends the reading.
	p, err := Start(context.Background(), Spec{
		Argv:         []string{"sh", "-c", `setsid sh -c 'echo $$ > "$1"; exec sleep 30' sh "$1" & echo out`, "sh", pidFile},
		DrainTimeout: 200 * time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if b, err := os.ReadFile(pidFile); err == nil {
			if pid, err := strconv.Atoi(strings.TrimSpace(string(b))); err == nil {
				_ = syscall.Kill(pid, syscall.SIGKILL)
			}
		}
	})
	done := make(chan struct{})
	var r *Result
	go func() {
		r, err = p.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("Wait hangs while a process outside the group holds the pipes")
	}
	if err != nil || r.ExitCode != 0 || !strings.Contains(r.Tail, "out") {
		t.Errorf("result %+v, %v", r, err)
	}
}

func TestChildClosesStdoutKeepsRunning(t *testing.T) {
	t.Parallel()
	p := startAndSee(t, context.Background(), Spec{Shell: "echo bye; exec >&- 2>&-; sleep 100"}, "bye")
	select {
	case <-p.done:
		t.Fatal("Wait returned while the command still runs")
	case <-time.After(200 * time.Millisecond):
	}
	if err := p.Kill(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	r, err := p.Wait()
	if err != nil {
		t.Fatal(err)
	}
	if !r.Killed || r.Signal != "SIGTERM" || r.Tail != "bye" {
		t.Errorf("result %+v, want killed by SIGTERM after printing bye", r)
	}
}

func TestOnLineSeesBothStreams(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	got := map[string][]string{}
	var live bytes.Buffer
	log := filepath.Join(t.TempDir(), "logs", "run.log")
	r := run(t, Spec{
		Shell:   `echo out1; echo err1 >&2; echo out2; echo err2 >&2; printf 'no newline'`,
		LogPath: log,
		Live:    &live,
		OnLine: func(s, l string) {
			mu.Lock()
			defer mu.Unlock()
			got[s] = append(got[s], l)
		},
	})
	if want := []string{"out1", "out2", "no newline"}; strings.Join(got[Stdout], "|") != strings.Join(want, "|") {
		t.Errorf("stdout lines %q, want %q", got[Stdout], want)
	}
	if want := []string{"err1", "err2"}; strings.Join(got[Stderr], "|") != strings.Join(want, "|") {
		t.Errorf("stderr lines %q, want %q", got[Stderr], want)
	}
	b, err := os.ReadFile(log)
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != live.String() {
		t.Errorf("live output %q differs from the log %q", live.String(), b)
	}
	lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	if len(lines) != 5 {
		t.Errorf("log has %d lines, want 5: %q", len(lines), b)
	}
	if r.LogPath != log || len(strings.Split(r.Tail, "\n")) != 5 {
		t.Errorf("result %+v", r)
	}
}

func TestEnvAndDir(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	script := filepath.Join(dir, "show.sh")
	if err := os.WriteFile(script, []byte("#!/bin/sh\necho \"$MLGATE_X\"\npwd\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	r := run(t, Spec{Argv: []string{"./show.sh"}, Dir: dir, Env: []string{"PATH=/usr/bin:/bin", "MLGATE_X=a b"}})
	real, err := filepath.EvalSymlinks(dir)
	if err != nil {
		t.Fatal(err)
	}
	if want := "a b\n" + real; r.Tail != want {
		t.Errorf("tail = %q, want %q", r.Tail, want)
	}
	// nil Env inherits this process's environment.
	r = run(t, Spec{Shell: `echo "$PATH"`})
	if r.Tail != os.Getenv("PATH") {
		t.Errorf("inherited PATH = %q, want %q", r.Tail, os.Getenv("PATH"))
	}
}

func TestPeakRSS(t *testing.T) {
	t.Parallel()
	// The shell holds the 64 MB of the command substitution in memory.
	r := run(t, Spec{Shell: `x=$(head -c 64000000 /dev/zero | tr '\0' a); echo ${#x}`})
	if r.Tail != "64000000" {
		t.Fatalf("tail = %q", r.Tail)
	}
	if r.PeakRSSBytes < 64e6 || r.PeakRSSBytes > 1e9 {
		t.Errorf("peak RSS = %d bytes, want a little above 64 MB", r.PeakRSSBytes)
	}
	if small := run(t, Spec{Shell: "true"}); small.PeakRSSBytes <= 0 || small.PeakRSSBytes >= r.PeakRSSBytes {
		t.Errorf("peak RSS of true = %d, want > 0 and below %d", small.PeakRSSBytes, r.PeakRSSBytes)
	}
}

// TestFlood is not parallel: it measures this process's allocations.
func TestFlood(t *testing.T) {
	const total, logCap = 50_000_000, 1 << 20
	log := filepath.Join(t.TempDir(), "flood.log")
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	r := run(t, Spec{Shell: "yes | head -c " + strconv.Itoa(total), LogPath: log, MaxLogBytes: logCap, TailLines: 3})
	runtime.ReadMemStats(&after)
	if r.ExitCode != 0 || r.Tail != "y\ny\ny" {
		t.Errorf("result %+v", r)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 16<<20 {
		t.Errorf("allocated %d bytes for %d bytes of output: not streaming", alloc, total)
	}
	b, err := os.ReadFile(log)
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Repeat("y\n", logCap/2) + "[log truncated after 1048576 bytes]\n"
	if string(b) != want {
		t.Errorf("log is %d bytes ending %q, want %d bytes", len(b), b[max(0, len(b)-60):], len(want))
	}
}
