package cli

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/mlgate/mlgate/internal/result"
	"github.com/mlgate/mlgate/internal/score"
)

type scoreOptions struct {
	manual []string
	format string
	out    string
}

func newScoreCmd(env Env, g *globalOptions) *cobra.Command {
	o := &scoreOptions{}
	cmd := &cobra.Command{
		Use:   "score [--manual TEST=EVIDENCE]... [--format text|markdown|json]",
		Short: "Compute the ML Test Score from the results dir",
		Long: `Compute the ML Test Score (Breck et al. 2017, "The ML Test Score: A Rubric
for ML Production Readiness and Technical Debt Reduction") from every result
in the results dir.

The rubric has 28 tests, seven per section: data-1..7, model-1..7,
infra-1..7, monitor-1..7 (see docs/ml-test-score.md for the list).

  - A test automated by a gate that ran (status pass, warn or fail) counts 1.
    A result lists the tests it automated in "ml_tests"; a result without
    that list counts its gate's defaults: data -> data-1; smoke -> infra-2,
    monitor-5; repro -> infra-1; gate -> infra-4; canary -> infra-6;
    monitor -> monitor-2, monitor-3.
  - A test done by hand counts 0.5, when declared with --manual and the
    URL or repository path that documents it. Automated wins over manual.
  - A section's score is the sum of its tests; the ML Test Score is the
    lowest section score: 0 a research project, (0,1] minimal testing, high
    risk, (1,2] basic readiness, (2,3] reasonably tested, (3,5] strong
    automation, above 5 exceptional.

The score is informational: it exits 0 whatever the score, and 2 only for
bad flags or a results dir that cannot be read.`,
		Example: `  mlgate score
  mlgate score --manual model-1=docs/model-review.md \
    --manual infra-3=https://wiki.example.com/ml/pipeline-test
  mlgate score --format markdown --out score.md
  mlgate score --results-dir artifacts/results --format json`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runScore(env, g, o)
		},
	}
	f := cmd.Flags()
	f.StringArrayVar(&o.manual, "manual", nil, "a test done by hand, as `TEST=EVIDENCE` (a URL or repository path); repeatable")
	f.StringVar(&o.format, "format", "text", "output format: text, markdown or json")
	f.StringVar(&o.out, "out", "-", "write the score to `FILE` (- for stdout)")
	return cmd
}

func runScore(env Env, g *globalOptions, o *scoreOptions) error {
	render := scoreRenderer(o.format)
	if render == nil {
		return usageError("score: invalid --format %q: want text, markdown or json", o.format)
	}
	manual, err := parseManuals("score", o.manual)
	if err != nil {
		return err
	}
	results, err := result.ReadDir(g.resultsDir, env.Now())
	switch {
	case result.IsNotExist(err):
		fmt.Fprintf(env.Stderr, "mlgate: warning: no results dir %s: no test counts as automated\n", g.resultsDir)
	case err != nil:
		return exitCode(ExitError, err)
	}
	s, err := score.Compute(results, manual)
	if err != nil {
		return usageError("score: %v", err)
	}
	if err := writeOutput(o.out, env.Stdout, func(w io.Writer) error { return render(w, s) }); err != nil {
		return exitCode(ExitError, err)
	}
	return nil
}

// parseManuals parses the --manual TEST=EVIDENCE values of command cmd; a
// bad one is a usage error.
func parseManuals(cmd string, values []string) ([]score.Manual, error) {
	var manual []score.Manual
	for _, v := range values {
		m, err := score.ParseManual(v)
		if err != nil {
			return nil, usageError("%s: --manual %q: %v", cmd, v, err)
		}
		manual = append(manual, m)
	}
	return manual, nil
}

// scoreRenderer returns the renderer for a --format value, or nil.
func scoreRenderer(format string) func(io.Writer, score.Score) error {
	switch format {
	case "text":
		return score.Text
	case "markdown":
		return score.Markdown
	case "json":
		return score.JSON
	}
	return nil
}
