package cli

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/mlgate/mlgate/internal/result"
	"github.com/mlgate/mlgate/internal/train"
	"github.com/mlgate/mlgate/internal/train/repro"
	"github.com/mlgate/mlgate/internal/train/smoke"
)

// commandFlags are the flags that say what to run.
type commandFlags struct {
	shell   string
	dir     string
	timeout time.Duration
}

func (c *commandFlags) add(cmd *cobra.Command, defTimeout time.Duration) {
	f := cmd.Flags()
	f.StringVar(&c.shell, "cmd", "", "the training command as one shell string (instead of arguments after --)")
	f.StringVar(&c.dir, "dir", "", "working directory of the command (default: the current one)")
	f.DurationVar(&c.timeout, "timeout", defTimeout, "kill the command (its whole process tree) after this long")
}

// command reads the training command: the arguments after "--", or --cmd.
func (c *commandFlags) command(cmd *cobra.Command, args []string) (train.Command, error) {
	dash := cmd.ArgsLenAtDash()
	var argv []string
	switch {
	case dash >= 0:
		argv = args[dash:]
		if dash > 0 {
			return train.Command{}, usageError("%s: unexpected arguments before --: %v", cmd.CommandPath(), args[:dash])
		}
	case len(args) > 0:
		return train.Command{}, usageError("%s: put the training command after --, e.g. %s -- python train.py", cmd.CommandPath(), cmd.CommandPath())
	}
	if (len(argv) == 0) == (c.shell == "") {
		return train.Command{}, usageError("%s: give the training command after -- or as --cmd \"...\" (one of them)", cmd.CommandPath())
	}
	return train.Command{Argv: argv, Shell: c.shell, Dir: c.dir, Timeout: c.timeout}, nil
}

// lossFlags say where the loss series comes from.
func addLossFlags(cmd *cobra.Command, l *train.LossSource) {
	f := cmd.Flags()
	f.StringVar(&l.File, "loss-file", "", "JSONL or CSV metrics file the training writes; {run_dir} expands to $MLGATE_RUN_DIR")
	f.StringVar(&l.Key, "loss-key", "loss", "key (dot path) or column of the loss in --loss-file")
	f.StringVar(&l.StepKey, "step-key", "", "key or column of the step in --loss-file (default: \"step\" when present)")
	f.StringVar(&l.Regex, "loss-regex", "", "regular expression over the command's output; group \"loss\" (or the first group) is the loss, optional group \"step\"")
	f.StringVar(&l.TFEvents, "tfevents", "", "TensorBoard event files directory; {run_dir} expands")
	f.StringVar(&l.Tag, "tag", "loss", "TensorBoard scalar tag of the loss")
}

func newSmokeCmd(env Env, g *globalOptions) *cobra.Command {
	var (
		o  train.SmokeOptions
		cf commandFlags
	)
	cmd := &cobra.Command{
		Use:   "smoke [flags] -- COMMAND [ARGS...]",
		Short: "Run a few training steps and check that the loss goes down, with no NaN/Inf",
		Long: `Run a short training (for example 50 steps) and judge its loss curve.

The gate fails on any NaN or Inf loss (naming the step), on divergence (the
loss rises above --diverge-factor times its start), on a command that fails,
and unless the loss really goes down: a Mann-Kendall trend test below
--alpha, a negative Theil-Sen slope, and a relative decrease of the end
against the start (medians of the first and last windows) of at least
--min-decrease. Too few loss points is an error, not a pass.

The command runs in its own process group (a timeout or Ctrl-C kills the
whole tree), with MLGATE_RUN_DIR set to a fresh directory; its output goes to
the log and to <results-dir>/<id>.log.`,
		Example: `  mlgate smoke --loss-regex 'epoch (?P<step>\d+) loss (?P<loss>[0-9.eE+-]+)' -- python train.py --epochs 20
  mlgate smoke --loss-file '{run_dir}/metrics.jsonl' --changed checkpoints/ -- python train.py --max-steps 50
  mlgate smoke --tfevents runs/smoke --tag train/loss --cmd "python train.py --steps 100"`,
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := cf.command(cmd, args)
			if err != nil {
				return err
			}
			if !result.ValidID(o.ID) {
				return usageError("smoke: invalid --id %q", o.ID)
			}
			if err := o.Loss.Validate(); err != nil {
				return usageError("smoke: %v", err)
			}
			o.Command, o.ResultsDir, o.Env, o.Now = c, g.resultsDir, os.Environ(), env.Now
			o.Live = env.Stdout
			endGroup := logGroup(env, "mlgate smoke: "+c.String())
			res := train.Smoke(cmd.Context(), o)
			endGroup()
			return finishGate(env, g.resultsDir, res)
		},
	}
	addLossFlags(cmd, &o.Loss)
	cf.add(cmd, 30*time.Minute)
	f := cmd.Flags()
	f.Float64Var(&o.Decision.Alpha, "alpha", smoke.DefaultAlpha, "significance of the Mann-Kendall test for a decreasing trend")
	f.Float64Var(&o.Decision.MinDecrease, "min-decrease", smoke.DefaultMinDecrease, "required relative decrease of the loss, end against start (medians of the first and last windows)")
	f.Float64Var(&o.Decision.Window, "window", smoke.DefaultWindow, "fraction of the points in the start and end windows")
	f.Float64Var(&o.Decision.DivergeFactor, "diverge-factor", smoke.DefaultDivergeFactor, "fail when the loss rises above this many times its start")
	f.IntVar(&o.Decision.MinPoints, "min-points", smoke.DefaultMinPoints, "fewest loss points that can be judged")
	f.StringArrayVar(&o.Changed, "changed", nil, "checkpoint file or directory that must differ after the run (repeatable)")
	f.StringVar(&o.ID, "id", "smoke", "result id")
	f.StringVar(&o.Title, "title", "", "title shown in the report")
	return cmd
}

func newReproCmd(env Env, g *globalOptions) *cobra.Command {
	var (
		o         train.ReproOptions
		cf        commandFlags
		resumeCmd string
		workdir   string
	)
	cmd := &cobra.Command{
		Use:   "repro [flags] -- COMMAND [ARGS...]",
		Short: "Train twice (or kill and resume) and check that the artifacts are the same",
		Long: `Run the training command --runs times, each in its own directory
(MLGATE_RUN_DIR; --workdir copy runs each in a fresh copy of the working
directory), and compare the declared artifacts of every run with the first:
byte hashes first, then, where bytes differ, a numeric comparison of JSON,
CSV and NumPy .npy files within --atol/--rtol, reporting the largest
difference and where it is. When runs differ, mlgate names the likely causes
it can see (unset PYTHONHASHSEED or CUBLAS_WORKSPACE_CONFIG, thread counts,
timestamps or paths embedded in the artifacts).

--resume is the fault-tolerance test: run A goes through; run B is killed with
SIGKILL at --kill-at-step (read from the loss series) or after --kill-after,
then continued with --resume-cmd in the same directory; A and B must end with
the same artifacts.`,
		Example: `  mlgate repro --artifact model.npy --artifact metrics.json -- python train.py
  mlgate repro --resume --kill-at-step 10 --loss-regex 'epoch (?P<step>\d+) loss (?P<loss>\S+)' \
    --resume-cmd "python train.py --resume" --artifact coef.npy -- python train.py`,
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := cf.command(cmd, args)
			if err != nil {
				return err
			}
			if !result.ValidID(o.ID) {
				return usageError("repro: invalid --id %q", o.ID)
			}
			if o.Tolerance.Atol < 0 || o.Tolerance.Rtol < 0 {
				return usageError("repro: --atol and --rtol must be >= 0")
			}
			switch workdir {
			case "copy":
				o.WorkdirCopy = true
			case "inplace", "":
			default:
				return usageError("repro: invalid --workdir %q: want inplace or copy", workdir)
			}
			if resumeCmd != "" {
				o.ResumeCmd = train.Command{Shell: resumeCmd}
			}
			o.Command, o.ResultsDir, o.Env, o.Getenv, o.Now = c, g.resultsDir, os.Environ(), env.Getenv, env.Now
			o.Live = env.Stdout
			endGroup := logGroup(env, "mlgate repro: "+c.String())
			res := train.Repro(cmd.Context(), o)
			endGroup()
			return finishGate(env, g.resultsDir, res)
		},
	}
	cf.add(cmd, 60*time.Minute)
	addLossFlags(cmd, &o.Loss)
	f := cmd.Flags()
	f.IntVar(&o.Runs, "runs", 2, "how many times to run the command")
	f.StringArrayVar(&o.Artifacts, "artifact", nil, "artifact file or glob in the run dir to compare (repeatable)")
	f.Float64Var(&o.Tolerance.Atol, "atol", 0, "absolute tolerance of numeric comparisons")
	f.Float64Var(&o.Tolerance.Rtol, "rtol", 0, "relative tolerance of numeric comparisons")
	f.StringVar(&workdir, "workdir", "inplace", "inplace: every run in the working directory, writing to $MLGATE_RUN_DIR; copy: every run in a fresh copy of the working directory (for tools that write next to themselves)")
	f.BoolVar(&o.Resume, "resume", false, "kill run 2 mid-way, resume it, and compare with an uninterrupted run")
	f.Int64Var(&o.KillAtStep, "kill-at-step", 0, "with --resume: SIGKILL when the loss series reaches this step")
	f.DurationVar(&o.KillAfter, "kill-after", 0, "with --resume: SIGKILL after this long")
	f.StringVar(&resumeCmd, "resume-cmd", "", "with --resume: the shell command that continues from the last checkpoint")
	f.StringVar(&o.ID, "id", "repro", "result id")
	f.StringVar(&o.Title, "title", "", "title shown in the report")
	cmd.AddCommand(newManifestCmd(env), newDiffManifestCmd(env))
	return cmd
}

func newManifestCmd(env Env) *cobra.Command {
	var (
		inputs []string
		out    string
		dir    string
	)
	cmd := &cobra.Command{
		Use:   "manifest [--input PATH...] [--out FILE]",
		Short: "Write a reproducibility manifest: input hashes, git state, lock files, versions",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			m, err := repro.BuildManifest(cmd.Context(), dir, inputs, env.Getenv, env.Now)
			if err != nil {
				return exitCode(ExitError, err)
			}
			if err := writeOutput(out, env.Stdout, func(w io.Writer) error { return repro.WriteManifest(w, m) }); err != nil {
				return exitCode(ExitError, err)
			}
			return nil
		},
	}
	cmd.Flags().StringArrayVar(&inputs, "input", nil, "input file or directory to hash (repeatable)")
	cmd.Flags().StringVar(&out, "out", "-", "where to write the manifest (- for stdout)")
	cmd.Flags().StringVar(&dir, "dir", ".", "project directory (git repository, lock files)")
	return cmd
}

func newDiffManifestCmd(env Env) *cobra.Command {
	return &cobra.Command{
		Use:   "diff-manifest A.json B.json",
		Short: "Show what changed between two manifests (training vs production)",
		Args:  cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			var ms [2]*repro.Manifest
			for i, p := range args {
				m, err := repro.ReadManifest(p)
				if err != nil {
					return exitCode(ExitError, err)
				}
				ms[i] = m
			}
			changes := repro.DiffManifests(ms[0], ms[1])
			if len(changes) == 0 {
				fmt.Fprintln(env.Stdout, "no differences")
				return nil
			}
			for _, c := range changes {
				fmt.Fprintln(env.Stdout, oneLine(c))
			}
			return exitCode(ExitFail, nil)
		},
	}
}
