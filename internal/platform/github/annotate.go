package github

import (
	"path"
	"strconv"
	"strings"

	"github.com/mlgate/mlgate/internal/platform"
	"github.com/mlgate/mlgate/internal/result"
)

// maxAnnotationsPerLevel is how many annotations of one level GitHub shows
// per step (10 errors and 10 warnings; notices are capped alike).
const maxAnnotationsPerLevel = 10

// annotationLevels are the annotation levels, most severe first.
var annotationLevels = []result.Severity{result.SeverityError, result.SeverityWarning, result.SeverityNotice}

// annotation is one located finding.
type annotation struct {
	level   result.Severity
	file    string
	line    int
	col     int
	title   string
	message string
}

// annotate emits one annotation per located finding, most severe first and
// in report order within a level, at most maxAnnotationsPerLevel per level,
// then a notice with the exact number left out.
func (p *Publisher) annotate(r *platform.Report) {
	byLevel := map[result.Severity][]annotation{}
	left := 0
	for _, res := range r.Results {
		for _, f := range res.Findings {
			level, ok := annotationLevel(f)
			switch {
			case !ok:
			case len(byLevel[level]) >= maxAnnotationsPerLevel:
				left++
			default:
				byLevel[level] = append(byLevel[level], toAnnotation(res, f, level))
			}
		}
	}
	for _, level := range annotationLevels {
		for _, a := range byLevel[level] {
			p.emit(a)
		}
	}
	if left > 0 {
		noun := "findings were"
		if left == 1 {
			noun = "finding was"
		}
		p.log.noticef("mlgate: %d more %s not annotated (GitHub shows at most %d annotations per level per step); see the report for all findings",
			left, noun, maxAnnotationsPerLevel)
	}
}

// annotationLevel returns the level of a finding with a file and line; other
// findings are not annotated. An unknown severity is shown as a warning
// rather than dropped.
func annotationLevel(f result.Finding) (result.Severity, bool) {
	if f.Location == nil || strings.TrimSpace(f.Location.File) == "" || f.Location.Line < 1 {
		return "", false
	}
	switch f.Severity {
	case result.SeverityError, result.SeverityWarning, result.SeverityNotice:
		return f.Severity, true
	}
	return result.SeverityWarning, true
}

// toAnnotation converts a located finding.
func toAnnotation(res result.Result, f result.Finding, level result.Severity) annotation {
	loc := f.Location
	title := "mlgate " + res.ID
	if res.Title != "" {
		title = "mlgate " + res.Title
	}
	if f.Check != "" {
		title += ": " + f.Check
	}
	msg := f.Message
	if loc.Field != "" {
		msg = "column " + strconv.Quote(loc.Field) + ": " + msg
	}
	return annotation{
		level:   level,
		file:    cleanFile(loc.File),
		line:    loc.Line,
		col:     max(loc.Column, 0),
		title:   title,
		message: msg,
	}
}

// cleanFile turns a workspace-relative path into the form GitHub matches
// against the diff: forward slashes, no leading "./".
func cleanFile(f string) string {
	f = strings.ReplaceAll(strings.TrimSpace(f), `\`, "/")
	return strings.TrimPrefix(path.Clean(f), "./")
}

// emit writes one annotation; go-githubactions escapes the properties and
// the message per the workflow-command rules.
func (p *Publisher) emit(a annotation) {
	props := map[string]string{
		"file":  a.file,
		"line":  strconv.Itoa(a.line),
		"title": a.title,
	}
	if a.col > 0 {
		props["col"] = strconv.Itoa(a.col)
	}
	act := p.action.WithFieldsMap(props)
	switch a.level {
	case result.SeverityError:
		act.Errorf("%s", a.message)
	case result.SeverityWarning:
		act.Warningf("%s", a.message)
	default:
		act.Noticef("%s", a.message)
	}
}
