package github

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/sethvargo/go-githubactions"

	"github.com/mlgate/mlgate/internal/platform"
)

const (
	// summaryCap is GitHub's limit on one step's job summary.
	summaryCap = 1 << 20
	// summaryMargin leaves room for line endings and anything written after us.
	summaryMargin = 4 << 10
	// outputDelimiter is go-githubactions' heredoc delimiter for file commands;
	// a value containing it would end the value early.
	outputDelimiter = "_GitHubActionsFileCommandDelimeter_"
)

// writeSummary appends the report to GITHUB_STEP_SUMMARY, within what is left
// of the 1 MiB per-step budget.
func (p *Publisher) writeSummary(r *platform.Report) error {
	path := p.getenv("GITHUB_STEP_SUMMARY")
	if path == "" {
		p.log.warningf("GITHUB_STEP_SUMMARY is not set; the report is not in the job summary")
		return nil
	}
	budget := summaryCap - summaryMargin
	if fi, err := os.Stat(path); err == nil {
		budget -= int(fi.Size())
	} else if !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("job summary %s: %w", path, err)
	}
	if budget < summaryMargin {
		p.log.warningf("the job summary of this step is already near GitHub's 1 MiB limit; the report is not added to it")
		return nil
	}
	md := capBytes(redact(r.Markdown(budget, ""), p.token), budget)
	if err := fileCommand(func() { p.action.AddStepSummary(md) }); err != nil {
		return fmt.Errorf("writing job summary %s: %w", path, err)
	}
	return nil
}

// writeOutputs sets the verdict, failed-gates and report-path step outputs.
func (p *Publisher) writeOutputs(r *platform.Report) error {
	if p.getenv("GITHUB_OUTPUT") == "" {
		p.log.warningf("GITHUB_OUTPUT is not set; the step outputs are not written")
		return nil
	}
	return errors.Join(
		p.setOutput("verdict", string(r.Verdict)),
		p.setOutput("failed-gates", strings.Join(r.FailedGates, ",")),
		p.setOutput("report-path", r.ReportPath),
	)
}

// setOutput sets one step output through GITHUB_OUTPUT, with the token
// redacted.
func (p *Publisher) setOutput(name, value string) error {
	path := p.getenv("GITHUB_OUTPUT")
	if path == "" {
		return nil // writeOutputs already warned
	}
	return setOutput(p.action, path, name, redact(value, p.token))
}

// setOutput appends one step output to the GITHUB_OUTPUT file at path
// through action, in the heredoc form go-githubactions writes. A value that
// holds a line break or the heredoc delimiter is refused: it could end the
// value early and forge other outputs.
func setOutput(action *githubactions.Action, path, name, value string) error {
	if strings.Contains(value, outputDelimiter) || strings.ContainsAny(value, "\r\n") {
		return fmt.Errorf("output %s: value %q cannot be written as a step output", name, value)
	}
	if err := fileCommand(func() { action.SetOutput(name, value) }); err != nil {
		return fmt.Errorf("writing output %s to %s: %w", name, path, err)
	}
	return nil
}

// fileCommand runs a go-githubactions file command, which panics when its
// file cannot be written, and turns the panic into an error.
func fileCommand(f func()) (err error) {
	defer func() {
		if v := recover(); v != nil {
			if e, ok := v.(error); ok {
				err = e
				return
			}
			err = fmt.Errorf("%v", v)
		}
	}()
	f()
	return nil
}

// capBytes cuts s to at most n bytes without splitting a UTF-8 sequence.
// The renderer is asked for at most n bytes already; this guards against a
// renderer that overshoots, since GitHub rejects an oversized comment.
func capBytes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
