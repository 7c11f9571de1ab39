// Package cli implements the mlgate command line: one file per verb, each
// turning flags into an options struct and calling a library package.
//
// Everything the commands touch outside the process (streams, environment,
// clock, HTTP client) comes in through [Env], so commands are tested in
// memory and in parallel.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/mlgate/mlgate/internal/clock"
	"github.com/mlgate/mlgate/internal/result"
)

// Exit codes, as documented in README.md.
const (
	// ExitPass: every gate passed (warnings allowed).
	ExitPass = 0
	// ExitFail: at least one gate failed.
	ExitFail = 1
	// ExitError: mlgate could not evaluate (bad flags, bad input, I/O error).
	ExitError = 2
)

// DefaultResultsDir is where results are written and read unless
// --results-dir or MLGATE_RESULTS_DIR says otherwise.
const DefaultResultsDir = ".mlgate/results"

// Env is everything a command needs from outside the process.
type Env struct {
	Stdout     io.Writer
	Stderr     io.Writer
	Getenv     func(string) string
	HTTPClient *http.Client
	Now        func() time.Time
	// Sleep waits for d or until ctx is done; tests make it instant.
	Sleep func(ctx context.Context, d time.Duration) error
}

// DefaultEnv is the real process environment.
func DefaultEnv() Env {
	return Env{
		Stdout:     os.Stdout,
		Stderr:     os.Stderr,
		Getenv:     os.Getenv,
		HTTPClient: newHTTPClient(),
		Now:        time.Now,
		Sleep:      clock.Sleep,
	}
}

// newHTTPClient bounds each response, not the whole exchange: publishers
// retry and honour Retry-After on one client, so an overall client timeout
// would cut their waits short. Commands bound the whole exchange with a
// context deadline instead.
func newHTTPClient() *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.ResponseHeaderTimeout = 30 * time.Second
	return &http.Client{Transport: t}
}

// exitError carries an exit code out of a command. A nil err with a code
// means the command already said what it had to.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit %d", e.code)
	}
	return e.err.Error()
}

func (e *exitError) Unwrap() error { return e.err }

// exitCode returns an error that makes Main exit with code; err, when not
// nil, is printed to stderr first.
func exitCode(code int, err error) error {
	if code == ExitPass && err == nil {
		return nil
	}
	return &exitError{code: code, err: err}
}

// usageError marks bad flags or arguments: exit 2 with a hint.
func usageError(format string, args ...any) error {
	return &exitError{code: ExitError, err: fmt.Errorf(format, args...)}
}

// requireFlags is a usage error naming the required flags of cmd that are
// empty, or nil when all have a value.
func requireFlags(cmd *cobra.Command, names ...string) error {
	var missing []string
	for _, n := range names {
		f := cmd.Flags().Lookup(n)
		if f == nil {
			panic("requireFlags: no flag --" + n) // a programming error, caught by the tests
		}
		empty := f.Value.String() == ""
		if sv, ok := f.Value.(pflag.SliceValue); ok {
			empty = len(sv.GetSlice()) == 0
		}
		if empty {
			missing = append(missing, "--"+n)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	path := strings.TrimPrefix(cmd.CommandPath(), cmd.Root().Name()+" ")
	verb := "is"
	if len(missing) > 1 {
		verb = "are"
	}
	list := missing[len(missing)-1]
	if len(missing) > 1 {
		list = strings.Join(missing[:len(missing)-1], ", ") + " and " + list
	}
	return usageError("%s: %s %s required\nRun 'mlgate %s --help' for usage.", path, list, verb, path)
}

// Main runs mlgate with args (without the program name) and returns the
// process exit code.
func Main(ctx context.Context, args []string, env Env) int {
	if env.Getenv == nil {
		env.Getenv = func(string) string { return "" }
	}
	if env.Now == nil {
		env.Now = time.Now
	}
	if env.Sleep == nil {
		env.Sleep = clock.Sleep
	}
	if env.HTTPClient == nil {
		env.HTTPClient = newHTTPClient()
	}
	err := runRoot(ctx, env, args)
	if err == nil {
		return ExitPass
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil {
			fmt.Fprintf(env.Stderr, "mlgate: %v\n", ee.err)
		}
		return ee.code
	}
	// Errors cobra produces itself: unknown command or flag, bad flag value.
	fmt.Fprintf(env.Stderr, "mlgate: %v\n", err)
	fmt.Fprintln(env.Stderr, "Run 'mlgate --help' for usage.")
	return ExitError
}

// runRoot runs args on a fresh command tree writing to env's streams.
func runRoot(ctx context.Context, env Env, args []string) error {
	root := newRootCmd(env)
	root.SetArgs(args)
	root.SetOut(env.Stdout)
	root.SetErr(env.Stderr)
	return root.ExecuteContext(ctx)
}

// globalOptions are the flags every command shares.
type globalOptions struct {
	resultsDir string
}

func newRootCmd(env Env) *cobra.Command {
	g := &globalOptions{}
	root := &cobra.Command{
		Use:   "mlgate",
		Short: "MLOps gates for CI: one verdict on the pull request",
		Long: `mlgate runs MLOps gates between a pull request and production and leaves
one readable verdict where reviewers look: a sticky PR comment (GitHub) or MR
note (GitLab), the job summary, annotations, JUnit and metrics files.

Each gate writes a result to the results dir; "mlgate report" reads them all
and publishes one report.`,
		Example: `  # run every gate declared in mlgate.yaml, in order, then the report
  mlgate run

  # validate new data against the schema learned from training data
  mlgate data validate --data new.csv --schema schema.json --reference-profile train.profile.json

  # a few training steps must make the loss go down
  mlgate smoke --loss-regex 'loss (\S+)' -- python train.py --max-steps 50

  # judge a model's metrics against absolute floors and the main branch
  mlgate gate --candidate metrics.json --baseline main-metrics.json \
    --rule "accuracy >= 0.90" --rule "f1: max_drop=0.01" --rule "latency_ms <= 50"

  # publish one verdict (PR comment, job summary, outputs on GitHub Actions)
  mlgate report --junit junit.xml --markdown report.md`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return usageError("%v\nRun '%s --help' for usage.", err, c.CommandPath())
	})
	defaultDir := env.Getenv("MLGATE_RESULTS_DIR")
	if defaultDir == "" {
		defaultDir = DefaultResultsDir
	}
	root.PersistentFlags().StringVar(&g.resultsDir, "results-dir", defaultDir,
		"directory of gate results (env MLGATE_RESULTS_DIR)")
	root.AddCommand(
		newVersionCmd(env),
		newGateCmd(env, g),
		newReportCmd(env, g),
		newDataCmd(env, g),
		newSmokeCmd(env, g),
		newReproCmd(env, g),
		newCanaryCmd(env, g),
		newScoreCmd(env, g),
		newRunCmd(env, g),
		newConfigCmd(env),
		newMonitorCmd(env, g),
		newEvalCmd(env, g),
	)
	root.SetHelpTemplate(root.HelpTemplate() + exitCodesHelp)
	return root
}

const exitCodesHelp = `
Exit codes:
  0  every gate passed (warnings allowed)
  1  at least one gate failed
  2  mlgate could not evaluate: bad flags, bad input, unreadable files
`

// checkID refuses an --id that is not a valid result id, as a usage error
// of command cmd ("gate", "data validate").
func checkID(cmd, id string) error {
	if !result.ValidID(id) {
		return usageError("%s: invalid --id %q: use letters, digits, '.', '-' and '_'", cmd, id)
	}
	return nil
}

// noArgs rejects positional arguments with exit code 2.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usageError("%s takes no arguments, got %q\nRun '%s --help' for usage.",
			cmd.CommandPath(), strings.Join(args, " "), cmd.CommandPath())
	}
	return nil
}
