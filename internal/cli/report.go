package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/mlgate/mlgate/internal/platform"
	"github.com/mlgate/mlgate/internal/platform/github"
	"github.com/mlgate/mlgate/internal/platform/gitlab"
	"github.com/mlgate/mlgate/internal/report"
	"github.com/mlgate/mlgate/internal/result"
	"github.com/mlgate/mlgate/internal/score"
)

// publishTimeout bounds publishing, retries and rate-limit waits included.
const publishTimeout = 5 * time.Minute

type reportOptions struct {
	markdown    string
	junit       string
	json        string
	metrics     string
	key         string
	comment     string
	pr          int
	mr          int
	githubToken string
	platform    string
	title       string
	noFail      bool
	score       bool
	manual      []string
}

func newReportCmd(env Env, g *globalOptions) *cobra.Command {
	o := &reportOptions{}
	cmd := &cobra.Command{
		Use:   "report",
		Short: "Publish one verdict from every result in the results dir",
		Long: `Read every result in the results dir and publish one report.

On GitHub Actions (GITHUB_ACTIONS=true):
  - one sticky PR comment per report key, updated in place on every run
    (token: --github-token or GITHUB_TOKEN; needs pull-requests: write)
  - the job summary, annotations for findings with a file and line
  - step outputs: verdict, failed-gates, report-path, comment-url
  A read-only token (fork PRs) is not an error: the verdict still reaches the
  summary, annotations and outputs. See docs/github.md for the fork-safe
  workflow_run pattern.

On GitLab CI (GITLAB_CI=true):
  - one MR note per report key (token: MLGATE_GITLAB_TOKEN or GITLAB_TOKEN,
    with api scope; CI_JOB_TOKEN cannot write notes)
  - --junit and --metrics files for artifacts:reports

Elsewhere a short text verdict goes to stdout.

The exit code is the verdict of the gates: 0 pass or warn, 1 a gate failed,
2 a gate could not be evaluated or no results were found.`,
		Example: `  mlgate report
  mlgate report --markdown report.md --junit junit.xml --metrics metrics.txt
  mlgate report --comment on-failure --key nightly`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runReport(cmd, env, g, o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.markdown, "markdown", "", "write the full Markdown report to `FILE` (- for stdout)")
	f.StringVar(&o.junit, "junit", "", "write a JUnit XML report to `FILE`, one testcase per gate")
	f.StringVar(&o.json, "json", "", "write all results and the verdict as JSON to `FILE`")
	f.StringVar(&o.metrics, "metrics", "", "write OpenMetrics text to `FILE` (GitLab artifacts:reports:metrics)")
	f.StringVar(&o.key, "key", "", "report key: one comment per PR per key (default: derived from the workflow or job)")
	f.StringVar(&o.comment, "comment", "auto", "when to post the PR/MR comment: auto (on PR events), always, on-failure, never")
	f.IntVar(&o.pr, "pr", 0, "pull request number (default: from the event payload)")
	f.IntVar(&o.mr, "mr", 0, "merge request IID (default: CI_MERGE_REQUEST_IID)")
	f.StringVar(&o.githubToken, "github-token", "", "GitHub token (default: GITHUB_TOKEN); never printed")
	f.StringVar(&o.platform, "platform", "auto", "where to publish: auto, github, gitlab, local")
	f.StringVar(&o.title, "title", "mlgate", "headline of the report")
	f.BoolVar(&o.noFail, "no-fail", false, "exit 0 even when gates failed (errors reading results still exit 2)")
	f.BoolVar(&o.score, "score", true, "add the ML Test Score section (see mlgate score) to the Markdown report")
	f.StringArrayVar(&o.manual, "manual", nil, "TEST=EVIDENCE: an ML Test Score test done by hand, with a link to its evidence; repeatable")
	return cmd
}

func runReport(cmd *cobra.Command, env Env, g *globalOptions, o *reportOptions) error {
	mode, ok := platform.ParseCommentMode(o.comment)
	if !ok {
		return usageError("report: invalid --comment %q: want auto, always, on-failure or never", o.comment)
	}
	if o.pr < 0 || o.mr < 0 {
		return usageError("report: --pr and --mr must be positive")
	}
	where, err := detectPlatform(o.platform, env.Getenv)
	if err != nil {
		return err
	}

	manual, err := parseManuals("report", o.manual)
	if err != nil {
		return err
	}

	results, readErr := result.ReadDir(g.resultsDir, env.Now())
	if readErr != nil && !result.IsNotExist(readErr) {
		return exitCode(ExitError, readErr)
	}
	if len(results) == 0 {
		// Never a silent pass: an empty report is an error, and it is
		// still published so the PR shows that the gates did not run.
		results = []result.Result{result.Errored("results", "report", env.Now(),
			fmt.Errorf("no results found in %s: run a gate first (mlgate gate ...), or download the results artifact into this dir", g.resultsDir))}
		results[0].Tool = result.Tool{Name: "mlgate", Version: version}
	}
	results = report.Sort(results)
	sum := report.Summarize(results)
	footer := runFooter(env.Getenv, where)
	appendix := ""
	if o.score {
		sc, err := score.Compute(results, manual)
		if err != nil {
			return usageError("report: %v", err)
		}
		var b strings.Builder
		if err := score.Markdown(&b, sc); err != nil {
			return exitCode(ExitError, fmt.Errorf("rendering the ML Test Score: %w", err))
		}
		appendix = b.String()
	}
	render := func(maxBytes int, marker string) string {
		return report.Markdown(results, report.MarkdownOptions{
			Title: o.title, Marker: marker, MaxBytes: maxBytes, Footer: footer, Appendix: appendix,
		})
	}

	// Files first: they are the record even when publishing fails.
	var errs []error
	writeTo := func(path string, write func(io.Writer) error) {
		if path == "" {
			return
		}
		if err := writeOutput(path, env.Stdout, write); err != nil {
			errs = append(errs, err)
		}
	}
	writeTo(o.markdown, func(w io.Writer) error { _, err := io.WriteString(w, render(0, "")); return err })
	writeTo(o.junit, func(w io.Writer) error { return report.JUnit(w, results) })
	writeTo(o.json, func(w io.Writer) error { return report.JSON(w, results) })
	writeTo(o.metrics, func(w io.Writer) error { return report.OpenMetrics(w, results) })

	rep := &platform.Report{
		Verdict:     sum.Verdict,
		Results:     results,
		FailedGates: sum.FailedGates,
		Markdown:    render,
	}
	if o.markdown != "" && o.markdown != "-" {
		rep.ReportPath = o.markdown
	}

	// Publish before printing: the GitHub publisher masks the token first thing.
	pub, err := newPublisher(where, env, o, mode)
	if err != nil {
		errs = append(errs, err)
	} else if pub != nil {
		ctx, cancel := context.WithTimeout(cmd.Context(), publishTimeout)
		err := pub.Publish(ctx, rep)
		cancel()
		if err != nil {
			errs = append(errs, fmt.Errorf("publishing to %s: %w", where, err))
		}
	}

	for _, r := range results {
		printResult(env.Stdout, r)
	}
	noun := "results"
	if sum.Total == 1 {
		noun = "result"
	}
	fmt.Fprintf(env.Stdout, "verdict: %s (%d %s)\n", word(sum.Verdict), sum.Total, noun)
	if len(errs) > 0 {
		return exitCode(ExitError, errors.Join(errs...))
	}
	code := statusExit(sum.Verdict)
	if o.noFail && code == ExitFail {
		code = ExitPass
	}
	return exitCode(code, nil)
}

// detectPlatform resolves --platform auto from the CI environment.
func detectPlatform(flag string, getenv func(string) string) (string, error) {
	switch flag {
	case "github", "gitlab", "local":
		return flag, nil
	case "auto", "":
		switch {
		case getenv("GITHUB_ACTIONS") == "true":
			return "github", nil
		case getenv("GITLAB_CI") == "true":
			return "gitlab", nil
		}
		return "local", nil
	}
	return "", usageError("report: invalid --platform %q: want auto, github, gitlab or local", flag)
}

func newPublisher(where string, env Env, o *reportOptions, mode platform.CommentMode) (platform.Publisher, error) {
	switch where {
	case "github":
		return github.New(github.Options{
			Getenv:     env.Getenv,
			Stdout:     env.Stdout,
			HTTPClient: env.HTTPClient,
			Token:      o.githubToken,
			Key:        o.key,
			Comment:    mode,
			PR:         o.pr,
			Sleep:      env.Sleep,
		})
	case "gitlab":
		return gitlab.New(gitlab.Options{
			Getenv:     env.Getenv,
			Stdout:     env.Stdout,
			HTTPClient: env.HTTPClient,
			Key:        o.key,
			Comment:    mode,
			MR:         o.mr,
			Sleep:      env.Sleep,
		})
	}
	return nil, nil
}

// writeOutput writes a report file atomically, or to stdout for "-".
func writeOutput(path string, stdout io.Writer, write func(io.Writer) error) error {
	var buf bytes.Buffer
	if err := write(&buf); err != nil {
		return fmt.Errorf("rendering %s: %w", path, err)
	}
	if path == "-" {
		_, err := stdout.Write(buf.Bytes())
		return err
	}
	if dir := filepath.Dir(path); dir != "." {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return fmt.Errorf("writing %s: %w", path, err)
		}
	}
	tmp := path + ".tmp-" + strconv.Itoa(os.Getpid())
	if err := os.WriteFile(tmp, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}

var (
	safeURL  = regexp.MustCompile(`^https?://[A-Za-z0-9.:-]+(/[A-Za-z0-9._~/-]*)?$`)
	safeRepo = regexp.MustCompile(`^[A-Za-z0-9._-]+/[A-Za-z0-9._-]+$`)
	safeNum  = regexp.MustCompile(`^[0-9]+$`)
)

// runFooter links the report to the CI run that produced it. The parts come
// from the CI environment and are checked, not trusted.
func runFooter(getenv func(string) string, where string) string {
	link := ""
	switch where {
	case "github":
		server, repo, run := getenv("GITHUB_SERVER_URL"), getenv("GITHUB_REPOSITORY"), getenv("GITHUB_RUN_ID")
		if safeURL.MatchString(server) && safeRepo.MatchString(repo) && safeNum.MatchString(run) {
			link = fmt.Sprintf("[workflow run](%s/%s/actions/runs/%s) · ", server, repo, run)
		}
	case "gitlab":
		if u := getenv("CI_PIPELINE_URL"); safeURL.MatchString(u) {
			link = fmt.Sprintf("[pipeline](%s) · ", u)
		}
	}
	return "<sub>" + link + "mlgate " + report.EscapeInline(version) + "</sub>"
}
