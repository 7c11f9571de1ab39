package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/mlgate/mlgate/internal/config"
	"github.com/mlgate/mlgate/internal/result"
)

type runOptions struct {
	config   string
	only     []string
	skip     []string
	noReport bool
}

func newRunCmd(env Env, g *globalOptions) *cobra.Command {
	o := &runOptions{}
	cmd := &cobra.Command{
		Use:   "run [--config mlgate.yaml] [--only ID]... [--skip ID]... [--no-report]",
		Short: "Run the gates declared in mlgate.yaml, then the report",
		Long: `Run every gate declared in mlgate.yaml, in order, then "mlgate report".

The config is loaded and checked first: any problem (every one is listed,
with its line and column) exits 2 and nothing runs. Then each gate runs as
its command would ("kind: data" is "mlgate data validate", and so on), with
its options as the command's flags. A failing or broken gate does not stop
the others; each leaves a result in the results dir, and a gate that cannot
run at all gets an "error" result saying why.

On GitHub Actions each gate's output is a collapsible log group, and values
that came from secret-looking environment variables (names containing TOKEN,
SECRET, PASSWORD, KEY or CREDENTIAL) are masked.

A gate's options are its command's flags: reference_profile (or
reference-profile) is --reference-profile, a list repeats a flag, and the
plural of a repeatable flag works too (rules: for --rule). Values may use
$VAR, ${VAR} and ${VAR:-default}; $$ is a literal $.

  version: 1
  gates:
    - id: train-data
      kind: data                # mlgate data validate
      data: [data/train.csv]
      schema: schema.json
    - id: model
      kind: gate                # mlgate gate
      candidate: metrics.json
      baseline: ${BASELINE:-main-metrics.json}
      rules: ["accuracy >= 0.85", "f1: max_drop=0.01"]
  report:
    junit: junit.xml

The results dir is --results-dir, else MLGATE_RESULTS_DIR, else results_dir
from the config, else .mlgate/results. See docs/config.md for the format;
"mlgate config validate" checks the file without running anything.`,
		Example: `  mlgate run
  mlgate run --config ci/mlgate.yaml --no-report
  mlgate run --only train-data --only model     # just these gates, then the report
  mlgate run --skip smoke                       # all gates but smoke`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runRun(cmd, env, g, o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.config, "config", defaultConfig, "config file")
	f.StringArrayVar(&o.only, "only", nil, "run only the gate with this id (repeatable)")
	f.StringArrayVar(&o.skip, "skip", nil, "do not run the gate with this id (repeatable)")
	f.BoolVar(&o.noReport, "no-report", false, "run the gates only, not \"mlgate report\"")
	return cmd
}

func runRun(cmd *cobra.Command, env Env, g *globalOptions, o *runOptions) error {
	cfg, err := loadConfig(env, o.config)
	if err != nil {
		return err
	}
	gates, err := selectGates(cfg, o)
	if err != nil {
		return err
	}
	dir := g.resultsDir
	if !cmd.Flags().Changed("results-dir") && env.Getenv("MLGATE_RESULTS_DIR") == "" && cfg.ResultsDir != "" {
		dir = cfg.ResultsDir
	}

	actions := env.Getenv("GITHUB_ACTIONS") == "true"
	if actions {
		// The runner masks line by line: a multi-line secret needs each line.
		for _, s := range cfg.Secrets {
			for _, line := range strings.Split(s, "\n") {
				if line = strings.TrimSpace(line); line != "" {
					fmt.Fprintf(env.Stdout, "::add-mask::%s\n", line)
				}
			}
		}
	}
	out := newLogWriter(env.Stdout, cfg.Secrets, cfg.Mask, actions)
	errOut := newLogWriter(env.Stderr, cfg.Secrets, cfg.Mask, actions)
	defer out.Flush()
	defer errOut.Flush()
	genv := env
	genv.Stdout, genv.Stderr = out, errOut

	worst := ExitPass
	var statuses []result.Status
	for i, gt := range gates {
		command, _ := kindCommand(gt.Kind)
		args := append(strings.Fields(command), gt.Args()...)
		title := fmt.Sprintf("[%d/%d] %s: mlgate %s", i+1, len(gates), gt.ID, quoteArgs(args))
		if actions {
			fmt.Fprintf(env.Stdout, "::group::%s\n", oneLine(cfg.Mask(title)))
		} else {
			fmt.Fprintf(out, "==> %s\n", oneLine(title))
		}
		status := runOneGate(cmd.Context(), genv, dir, gt, command, args, cfg.Mask)
		out.Flush()
		errOut.Flush()
		if actions {
			fmt.Fprintln(env.Stdout, "::endgroup::")
		}
		statuses = append(statuses, status)
		worst = max(worst, statusExit(status))
	}
	fmt.Fprintf(out, "%s\n", runSummary(statuses))

	if !o.noReport {
		// Not in a log group: the verdict is the line people look for.
		args := append([]string{"--results-dir=" + dir, "report"}, cfg.Report.Args()...)
		for _, m := range cfg.Score.Manual {
			args = append(args, "--manual="+m.Test+"="+m.Evidence)
		}
		fmt.Fprintf(out, "==> mlgate %s\n", oneLine(quoteArgs(args[1:])))
		code, err := execute(cmd.Context(), genv, args)
		if err != nil {
			fmt.Fprintf(errOut, "mlgate: report: %v\n", err)
		}
		worst = max(worst, code)
	}
	return exitCode(worst, nil)
}

// kindCommand returns the command path of a kind.
func kindCommand(kind string) (string, bool) {
	for _, k := range gateKinds {
		if k.kind == kind {
			return k.command, true
		}
	}
	return "", false
}

// selectGates applies --only and --skip; an id that is not in the config
// is a usage error (a typo would otherwise run everything, or nothing).
func selectGates(cfg *config.Config, o *runOptions) ([]config.Gate, error) {
	ids := make([]string, len(cfg.Gates))
	for i, g := range cfg.Gates {
		ids[i] = g.ID
	}
	for _, f := range []struct {
		name string
		ids  []string
	}{{"--only", o.only}, {"--skip", o.skip}} {
		for _, id := range f.ids {
			if !slices.Contains(ids, id) {
				return nil, usageError("run: %s %q: no gate has this id in %s (ids: %s)", f.name, id, cfg.Path, strings.Join(ids, ", "))
			}
		}
	}
	var gates []config.Gate
	for _, g := range cfg.Gates {
		if (len(o.only) == 0 || slices.Contains(o.only, g.ID)) && !slices.Contains(o.skip, g.ID) {
			gates = append(gates, g)
		}
	}
	if len(gates) == 0 {
		return nil, usageError("run: --only and --skip leave no gate to run")
	}
	return gates, nil
}

// runOneGate runs one gate's command in process and returns its status. A
// command that ends without writing a result (bad flags, a crash) gets an
// error result written here, so every gate leaves one.
func runOneGate(ctx context.Context, env Env, dir string, g config.Gate, command string, args []string, mask func(string) string) result.Status {
	if err := ctx.Err(); err != nil {
		return writeRunError(env, dir, g, fmt.Errorf("not run: %w", err), mask)
	}
	path := filepath.Join(dir, result.FileName(g.ID))
	// A result left by an earlier run must not stand in for this one.
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return writeRunError(env, dir, g, fmt.Errorf("removing the previous result: %w", err), mask)
	}
	start := env.Now()
	code, err := execute(ctx, env, append([]string{"--results-dir=" + dir}, args...))
	if g.Step {
		return writeStepResult(env, dir, g, command, start, code, err, mask)
	}
	res, rerr := result.ReadFile(path)
	switch {
	case rerr == nil:
		if merr := maskResult(dir, path, res, mask); merr != nil {
			fmt.Fprintf(env.Stderr, "mlgate: %s: %v\n", g.ID, merr)
			return result.Error
		}
		if err != nil {
			fmt.Fprintf(env.Stderr, "mlgate: %s: %v\n", g.ID, err)
		}
		if code == ExitError {
			// A result was written, but the command failed after that.
			return result.Error
		}
		return res.Status
	case !errors.Is(rerr, fs.ErrNotExist):
		err = fmt.Errorf("reading the result of mlgate %s: %w", command, rerr)
	case err == nil:
		err = fmt.Errorf("mlgate %s exited with code %d without writing a result", command, code)
	}
	return writeRunError(env, dir, g, err, mask)
}

// maskResult rewrites a result that holds a secret with "***" in its
// place, so the report cannot post it on the pull request.
func maskResult(dir, path string, res result.Result, mask func(string) string) error {
	var buf bytes.Buffer
	if err := result.Encode(&buf, res); err != nil {
		return fmt.Errorf("masking secrets in %s: %w", path, err)
	}
	// Masking the decoded strings, not the JSON text, also catches a secret
	// that JSON escapes; encoding and decoding keeps the result valid.
	var generic any
	dec := json.NewDecoder(&buf)
	dec.UseNumber()
	if err := dec.Decode(&generic); err != nil {
		return fmt.Errorf("masking secrets in %s: %w", path, err)
	}
	changed := false
	generic = maskStrings(generic, mask, &changed)
	if !changed {
		return nil
	}
	b, err := json.Marshal(generic)
	if err != nil {
		return fmt.Errorf("masking secrets in %s: %w", path, err)
	}
	masked, err := result.Decode(bytes.NewReader(b))
	if err != nil {
		return fmt.Errorf("masking secrets in %s: %w", path, err)
	}
	if _, err := result.Write(dir, masked); err != nil {
		return fmt.Errorf("masking secrets in %s: %w", path, err)
	}
	return nil
}

// maskStrings masks every string (and map key) in a decoded JSON value.
func maskStrings(v any, mask func(string) string, changed *bool) any {
	switch t := v.(type) {
	case string:
		m := mask(t)
		if m != t {
			*changed = true
		}
		return m
	case []any:
		for i := range t {
			t[i] = maskStrings(t[i], mask, changed)
		}
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, x := range t {
			out[maskStrings(k, mask, changed).(string)] = maskStrings(x, mask, changed)
		}
		return out
	}
	return v
}

// writeStepResult records the outcome of a command that writes no result
// of its own (eval): its exit code is the status.
func writeStepResult(env Env, dir string, g config.Gate, command string, start time.Time, code int, err error, mask func(string) string) result.Status {
	if code == ExitError || code > ExitFail {
		if err == nil {
			err = fmt.Errorf("mlgate %s exited with code %d", command, code)
		}
		return writeRunError(env, dir, g, err, mask)
	}
	res := result.Result{
		Version:    result.Version,
		ID:         g.ID,
		Gate:       g.Kind,
		Status:     result.Pass,
		Summary:    fmt.Sprintf("mlgate %s exited with code %d", command, code),
		StartedAt:  start.UTC(),
		DurationMS: float64(env.Now().Sub(start).Milliseconds()),
	}
	if code == ExitFail {
		res.Status = result.Fail
	}
	return recordResult(env, dir, g, res, mask)
}

// writeRunError records that a gate could not run.
func writeRunError(env Env, dir string, g config.Gate, err error, mask func(string) string) result.Status {
	return recordResult(env, dir, g, result.Errored(g.ID, g.Kind, env.Now(), errors.New(mask(err.Error()))), mask)
}

// recordResult writes a result that run makes on a gate's behalf, titled
// as the gate's config says, and returns its status: Error when it could
// not be written.
func recordResult(env Env, dir string, g config.Gate, res result.Result, mask func(string) string) result.Status {
	if t, ok := g.Lookup("title"); ok && len(t.Values) > 0 {
		res.Title = mask(t.Values[0].Text)
	}
	if ferr := finishGate(env, dir, res); ferr != nil {
		var ee *exitError
		if errors.As(ferr, &ee) && ee.err != nil {
			fmt.Fprintf(env.Stderr, "mlgate: %s: %v\n", g.ID, ee.err)
			return result.Error
		}
	}
	return res.Status
}

// execute runs mlgate with args in process, on a fresh command tree, and
// returns its exit code and the error it ended with, unprinted. A panic in
// a command is an error, so one broken gate cannot stop the others.
func execute(ctx context.Context, env Env, args []string) (code int, err error) {
	defer func() {
		if r := recover(); r != nil {
			code, err = ExitError, fmt.Errorf("internal error: %v", r)
		}
	}()
	err = runRoot(ctx, env, args)
	if err == nil {
		return ExitPass, nil
	}
	var ee *exitError
	if errors.As(err, &ee) {
		return ee.code, ee.err
	}
	return ExitError, err
}

// runSummary counts the gates' statuses on one line.
func runSummary(statuses []result.Status) string {
	counts := map[result.Status]int{}
	for _, s := range statuses {
		counts[s]++
	}
	var parts []string
	for _, s := range slices.Backward(result.Statuses) {
		if n := counts[s]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, strings.ToLower(word(s))))
		}
	}
	noun := "gates"
	if len(statuses) == 1 {
		noun = "gate"
	}
	return fmt.Sprintf("ran %d %s: %s", len(statuses), noun, strings.Join(parts, ", "))
}

// quoteArgs renders argv for a log line, quoting what a shell would split.
func quoteArgs(args []string) string {
	parts := make([]string, len(args))
	for i, a := range args {
		if a == "" || strings.ContainsAny(a, " \t\n'\"\\$`*?[]{}()<>|&;#~!") {
			parts[i] = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
		} else {
			parts[i] = a
		}
	}
	return strings.Join(parts, " ")
}

// logWriter passes output through line by line, masking secrets and, on
// GitHub Actions, dropping the log groups that commands open themselves
// (run already put each gate in a group, and groups do not nest).
// ::add-mask:: lines pass unmasked, or they would mask "***".
type logWriter struct {
	mu         sync.Mutex
	w          io.Writer
	secrets    [][]byte
	mask       func(string) string
	dropGroups bool
	buf        []byte
}

// maxLine flushes a line this long even without its newline.
const maxLine = 64 << 10

// newLogWriter writes to w with the secrets replaced by mask.
func newLogWriter(w io.Writer, secrets []string, mask func(string) string, dropGroups bool) *logWriter {
	l := &logWriter{w: w, mask: mask, dropGroups: dropGroups}
	for _, s := range secrets {
		if s != "" {
			l.secrets = append(l.secrets, []byte(s))
		}
	}
	return l
}

// Write buffers p and writes every complete line.
func (l *logWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.buf = append(l.buf, p...)
	rest := l.buf
	for {
		i := bytes.IndexByte(rest, '\n')
		if i < 0 {
			break
		}
		if err := l.emit(rest[:i+1]); err != nil {
			return len(p), err
		}
		rest = rest[i+1:]
	}
	if len(rest) >= maxLine {
		err := l.emit(rest)
		rest = rest[:0]
		if err != nil {
			return len(p), err
		}
	}
	l.buf = append(l.buf[:0], rest...)
	return len(p), nil
}

// Flush writes a last line without a newline.
func (l *logWriter) Flush() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.buf) == 0 {
		return nil
	}
	err := l.emit(l.buf)
	l.buf = l.buf[:0]
	return err
}

var (
	groupStart = []byte("::group::")
	groupEnd   = []byte("::endgroup::")
	addMask    = []byte("::add-mask::")
)

func (l *logWriter) emit(line []byte) error {
	if l.dropGroups && (bytes.HasPrefix(line, groupStart) || bytes.Equal(bytes.TrimRight(line, "\r\n"), groupEnd)) {
		return nil
	}
	if !bytes.HasPrefix(line, addMask) {
		for _, s := range l.secrets {
			if bytes.Contains(line, s) {
				_, err := io.WriteString(l.w, l.mask(string(line)))
				return err
			}
		}
	}
	_, err := l.w.Write(line)
	return err
}

var _ io.Writer = (*logWriter)(nil)
