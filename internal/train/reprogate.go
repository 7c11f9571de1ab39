package train

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/mlgate/mlgate/internal/proc"
	"github.com/mlgate/mlgate/internal/result"
	"github.com/mlgate/mlgate/internal/train/repro"
)

// ReproOptions configure [Repro].
type ReproOptions struct {
	ID, Title string
	Command   Command
	// Runs is how many times the command runs (default 2); every run is
	// compared with the first.
	Runs int
	// Artifacts are files or globs, relative to each run's directory.
	Artifacts []string
	Tolerance repro.Tolerance
	// WorkdirCopy runs each run in a fresh copy of the working directory
	// (for tools that write next to themselves); the copy is the run dir.
	WorkdirCopy bool

	// Resume tests recovery: run A goes through, run B is killed with
	// SIGKILL at step KillAtStep (read from Loss) or after KillAfter, then
	// ResumeCmd continues it in the same run dir; A and B must end alike.
	Resume     bool
	ResumeCmd  Command
	KillAtStep int64
	KillAfter  time.Duration
	Loss       LossSource

	ResultsDir string
	Env        []string
	Getenv     func(string) string
	Live       io.Writer
	Now        func() time.Time
}

// Repro runs training several times and compares the artifacts.
func Repro(ctx context.Context, o ReproOptions) (res result.Result) {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.ID == "" {
		o.ID = "repro"
	}
	if o.Runs == 0 {
		o.Runs = 2
	}
	if o.Getenv == nil {
		o.Getenv = os.Getenv
	}
	st := started{id: o.ID, gate: "repro", title: o.Title, at: o.Now(), now: o.Now}
	defer func() {
		if p := recover(); p != nil {
			res = st.errored(fmt.Errorf("internal error: %v", p))
		}
	}()
	switch {
	case len(o.Artifacts) == 0:
		return st.errored(errors.New("no artifacts to compare: give --artifact PATH (files or globs in the run dir)"))
	case o.Runs < 2 && !o.Resume:
		return st.errored(errors.New("--runs must be at least 2"))
	case o.Resume && o.KillAtStep <= 0 && o.KillAfter <= 0:
		return st.errored(errors.New("--resume needs --kill-at-step K (with a loss source) or --kill-after DURATION"))
	case o.Resume && o.KillAtStep > 0:
		if err := o.Loss.Validate(); err != nil {
			return st.errored(fmt.Errorf("--kill-at-step reads the step from the loss series: %w", err))
		}
	case o.Resume && o.ResumeCmd.Argv == nil && o.ResumeCmd.Shell == "":
		return st.errored(errors.New("--resume needs --resume-cmd, the command that continues from the last checkpoint"))
	}
	if o.Resume {
		o.Runs = 2
	}
	root := filepath.Join(o.ResultsDir, o.ID+".runs")
	if err := os.RemoveAll(root); err != nil {
		return st.errored(fmt.Errorf("cleaning %s: %w", root, err))
	}

	res = st.result()
	var findings []result.Finding
	var runDirs []string
	var peak int64
	var total time.Duration
	for i := 1; i <= o.Runs; i++ {
		dir, cmd, err := prepareRun(o, root, i)
		if err != nil {
			return st.errored(err)
		}
		runDirs = append(runDirs, dir)
		env := environ(o.Env, "MLGATE_RUN_DIR="+dir, fmt.Sprintf("MLGATE_RUN_INDEX=%d", i))
		logPath := filepath.Join(root, fmt.Sprintf("run-%d.log", i))
		var run *proc.Result
		if o.Resume && i == 2 {
			var note string
			run, note, err = killAndResume(ctx, o, cmd, dir, env, logPath)
			if err != nil {
				return st.errored(err)
			}
			if note != "" {
				findings = append(findings, result.Finding{Severity: result.SeverityNotice, Check: "resume", Message: note})
			}
		} else {
			run, err = proc.Run(ctx, runSpec(cmd, env, logPath, o.Live, nil))
			if err != nil {
				return st.errored(fmt.Errorf("running %s: %w", o.Command, err))
			}
		}
		peak = max(peak, run.PeakRSSBytes)
		total += run.Duration
		if runFailed(run) {
			res.Status = result.Fail
			res.Summary = fmt.Sprintf("run %d of %d failed", i, o.Runs)
			res.Findings = append(findings, result.Finding{Severity: result.SeverityError, Check: "command", Message: runFailure(fmt.Sprintf("run %d", i), run)})
			st.finish(&res)
			return res
		}
	}

	status := result.Pass
	var diffs []repro.Diff
	var metrics []result.Metric
	base, err := repro.ExpandArtifacts(runDirs[0], o.Artifacts)
	if err != nil {
		return st.errored(fmt.Errorf("run 1: %w", err))
	}
	differing := 0
	for k := 1; k < len(runDirs); k++ {
		other, err := repro.ExpandArtifacts(runDirs[k], o.Artifacts)
		if err != nil {
			return st.errored(fmt.Errorf("run %d: %w", k+1, err))
		}
		for _, rel := range union(base, other) {
			d, err := repro.CompareFiles(filepath.Join(runDirs[0], rel), filepath.Join(runDirs[k], rel), o.Tolerance)
			if err != nil {
				return st.errored(err)
			}
			d.Path = rel
			diffs = append(diffs, d)
			m := result.Metric{Name: fmt.Sprintf("%s (run %d vs 1)", rel, k+1), Status: result.Pass, Rule: fmt.Sprintf("atol %g, rtol %g", o.Tolerance.Atol, o.Tolerance.Rtol)}
			if d.Kind != "missing" {
				m.Value = result.F(d.MaxAbs)
			}
			if d.ByteEqual {
				m.Message = "identical bytes"
			}
			if !d.Same {
				differing++
				status = result.Fail
				m.Status = result.Fail
				m.Message = d.Message
				msg := fmt.Sprintf("%s differs between run 1 and run %d: %s", rel, k+1, d.Message)
				if d.Where != "" {
					msg += " (at " + d.Where + ")"
				}
				findings = append(findings, result.Finding{Severity: result.SeverityError, Check: "artifact:" + d.Kind, Message: msg, Location: &result.Location{File: rel}})
			}
			metrics = append(metrics, m)
		}
	}
	if status == result.Fail {
		for _, c := range repro.LikelyCauses(o.Getenv, diffs, runDirs) {
			findings = append(findings, result.Finding{Severity: result.SeverityWarning, Check: "likely-cause", Message: c.Name + ": " + c.Evidence})
		}
	}
	what := fmt.Sprintf("%d runs", o.Runs)
	if o.Resume {
		what = "uninterrupted vs killed and resumed"
	}
	if differing == 0 {
		res.Summary = fmt.Sprintf("%s: %d artifacts match", what, len(diffs))
	} else {
		res.Summary = fmt.Sprintf("%s: %d of %d artifact comparisons differ", what, differing, len(diffs))
	}
	res.Status = status
	res.Metrics = append(metrics,
		result.Metric{Name: "peak memory (largest run)", Value: result.F(float64(peak) / (1 << 20)), Unit: "MiB"},
		result.Metric{Name: "run time (all runs)", Value: result.F(math.Round(total.Seconds()*10) / 10), Unit: "s"})
	res.Findings = findings
	// ML Test Score: reproducible training (infra-1); a kill and resume
	// also tests recovery from a checkpoint (infra-2).
	res.MLTests = []string{"infra-1"}
	if o.Resume {
		res.MLTests = append(res.MLTests, "infra-2")
	}
	st.finish(&res)
	return res
}

// prepareRun creates the run dir of run i and returns it with the command
// to run there.
func prepareRun(o ReproOptions, root string, i int) (string, Command, error) {
	dir, err := filepath.Abs(filepath.Join(root, fmt.Sprintf("run-%d", i)))
	if err != nil {
		return "", Command{}, err
	}
	cmd := o.Command
	if !o.WorkdirCopy {
		return dir, cmd, os.MkdirAll(dir, 0o755)
	}
	src := cmd.Dir
	if src == "" {
		if src, err = os.Getwd(); err != nil {
			return "", Command{}, err
		}
	}
	resultsAbs, _ := filepath.Abs(o.ResultsDir)
	if err := copyTree(src, dir, resultsAbs); err != nil {
		return "", Command{}, fmt.Errorf("copying the working directory for run %d: %w", i, err)
	}
	cmd.Dir = dir
	return dir, cmd, nil
}

// copyTree copies regular files and directories from src to dst, skipping
// .git and the directory skip (the results dir, which holds dst).
func copyTree(src, dst, skip string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		abs, _ := filepath.Abs(p)
		if d.IsDir() && (d.Name() == ".git" || abs == skip) && p != src {
			return filepath.SkipDir
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		switch {
		case d.IsDir():
			return os.MkdirAll(target, 0o755)
		case d.Type().IsRegular():
			info, err := d.Info()
			if err != nil {
				return err
			}
			return copyFile(p, target, info.Mode().Perm())
		}
		return nil // symlinks and devices are not copied
	})
}

func copyFile(src, dst string, mode fs.FileMode) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, mode)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// killAndResume runs the command, kills it with SIGKILL at the configured
// step or time, then runs the resume command in the same run dir.
func killAndResume(ctx context.Context, o ReproOptions, cmd Command, dir string, env []string, logPath string) (*proc.Result, string, error) {
	lr, err := newLossReader(o.Loss, dir)
	if err != nil && o.KillAtStep > 0 {
		return nil, "", err
	}
	var (
		mu      sync.Mutex
		p       *proc.Process
		killed  bool
		atStep  int64
		trigger = make(chan struct{})
		once    sync.Once
	)
	onLine := func(stream, line string) {
		if lr == nil || o.KillAtStep <= 0 {
			return
		}
		lr.onLine(stream, line)
		if lr.regex == nil {
			return
		}
		if last, ok := lr.regex.Last(); ok && last.Step >= o.KillAtStep {
			mu.Lock()
			atStep = last.Step
			mu.Unlock()
			once.Do(func() { close(trigger) })
		}
	}
	p, err = proc.Start(ctx, runSpec(cmd, env, logPath, o.Live, onLine))
	if err != nil {
		return nil, "", fmt.Errorf("running %s: %w", o.Command, err)
	}
	done := make(chan struct{})
	go func() {
		var timer <-chan time.Time
		if o.KillAfter > 0 {
			timer = time.After(o.KillAfter)
		}
		var poll <-chan time.Time
		var ticker *time.Ticker
		if o.KillAtStep > 0 && lr != nil && lr.regex == nil {
			ticker = time.NewTicker(100 * time.Millisecond)
			defer ticker.Stop()
			poll = ticker.C
		}
		for {
			select {
			case <-done:
				return
			case <-trigger:
			case <-timer:
			case <-poll:
				s, err := lr.series()
				if err != nil || len(s.Points) == 0 || s.Points[len(s.Points)-1].Step < o.KillAtStep {
					continue
				}
				mu.Lock()
				atStep = s.Points[len(s.Points)-1].Step
				mu.Unlock()
			}
			mu.Lock()
			killed = true
			mu.Unlock()
			_ = p.Kill(syscall.SIGKILL)
			return
		}
	}()
	first, err := p.Wait()
	close(done)
	if err != nil {
		return nil, "", err
	}
	mu.Lock()
	wasKilled, step := killed, atStep
	mu.Unlock()
	if !wasKilled {
		return nil, "", fmt.Errorf("run 2 finished (%s) before it could be killed; nothing was tested: use an earlier --kill-at-step or a shorter --kill-after", exitWhy(first))
	}
	note := "run 2 was killed with SIGKILL"
	if step > 0 {
		note += fmt.Sprintf(" at step %d", step)
	} else {
		note += fmt.Sprintf(" after %s", o.KillAfter)
	}
	resume := o.ResumeCmd
	resume.Dir = cmd.Dir
	resume.Timeout = cmd.Timeout
	second, err := proc.Run(ctx, runSpec(resume, env, strings.TrimSuffix(logPath, ".log")+"-resume.log", o.Live, nil))
	if err != nil {
		return nil, "", fmt.Errorf("running the resume command %s: %w", resume, err)
	}
	return second, note + ", then resumed with " + resume.String(), nil
}

// union returns the sorted union of two sorted path lists.
func union(a, b []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range append(append([]string(nil), a...), b...) {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	sort.Strings(out)
	return out
}
