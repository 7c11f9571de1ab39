package report

import (
	"cmp"
	"slices"

	"github.com/mlgate/mlgate/internal/result"
)

// Summary is the verdict over a set of results.
type Summary struct {
	// Verdict is the worst status over the results. Skip counts only when
	// every result is skipped; with no results at all the verdict is
	// result.Error, because nothing was evaluated.
	Verdict result.Status
	// Counts holds the number of results per status; every status in
	// result.Statuses is present, zero or not. A result with an unknown
	// status is counted as an error.
	Counts map[result.Status]int
	// Total is the number of results.
	Total int
	// FailedGates are the ids of results with status fail or error, in report order.
	FailedGates []string
}

// Summarize computes the verdict, counts and failed gates of rs.
func Summarize(rs []result.Result) Summary {
	s := Summary{
		Verdict:     result.Error,
		Counts:      make(map[result.Status]int, len(result.Statuses)),
		Total:       len(rs),
		FailedGates: []string{},
	}
	for _, st := range result.Statuses {
		s.Counts[st] = 0
	}
	if len(rs) == 0 {
		return s
	}
	verdict := result.Skip
	for _, r := range Sort(rs) {
		st := normStatus(r.Status)
		s.Counts[st]++
		verdict = result.Worst(verdict, st)
		if st == result.Fail || st == result.Error {
			s.FailedGates = append(s.FailedGates, r.ID)
		}
	}
	s.Verdict = verdict
	return s
}

// Sort returns results in report order: most severe first (error, fail,
// warn, pass, skip), then by ID; results that compare equal keep their input
// order. rs is not modified.
func Sort(rs []result.Result) []result.Result {
	out := slices.Clone(rs)
	slices.SortStableFunc(out, func(a, b result.Result) int {
		if c := cmp.Compare(b.Status.Rank(), a.Status.Rank()); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	return out
}

// normStatus maps an unknown status to result.Error, as result.Status.Rank does.
func normStatus(s result.Status) result.Status {
	if s.Valid() {
		return s
	}
	return result.Error
}

// statusEmoji is the icon shown next to a status.
func statusEmoji(s result.Status) string {
	switch normStatus(s) {
	case result.Pass:
		return "✅"
	case result.Warn:
		return "⚠️"
	case result.Fail:
		return "❌"
	case result.Skip:
		return "⏭️"
	default:
		return "💥"
	}
}

// statusCell is the emoji and word for a status, e.g. "❌ fail".
func statusCell(s result.Status) string {
	return statusEmoji(s) + " " + string(normStatus(s))
}

// verdictWord describes an overall verdict in the headline.
func verdictWord(s result.Status) string {
	switch normStatus(s) {
	case result.Pass:
		return "passed"
	case result.Warn:
		return "passed with warnings"
	case result.Fail:
		return "failed"
	case result.Skip:
		return "skipped"
	default:
		return "could not evaluate"
	}
}

// severityOrder lists statuses most severe first, the order of report sections and counts.
var severityOrder = []result.Status{result.Error, result.Fail, result.Warn, result.Pass, result.Skip}

// countPhrase describes n results of status s, e.g. "2 failed".
func countPhrase(s result.Status, n int) string {
	switch s {
	case result.Error:
		return plural(n, "error", "errors")
	case result.Fail:
		return itoa(n) + " failed"
	case result.Warn:
		return itoa(n) + " with warnings"
	case result.Pass:
		return itoa(n) + " passed"
	default:
		return itoa(n) + " skipped"
	}
}
