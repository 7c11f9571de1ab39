package load

import (
	"fmt"
	"strconv"
	"time"
)

// Budget holds the limits a load run must stay within.
//
// A zero latency limit is not checked. The rates are always checked, so the
// zero Budget allows no errors and no timeouts; set a rate to 1 to allow any.
type Budget struct {
	// P50, P95 and P99 are the largest acceptable latency quantiles.
	P50, P95, P99 time.Duration
	// MaxErrorRate and MaxTimeoutRate are the largest acceptable fractions
	// (0 to 1) of completed arrivals that failed or timed out.
	MaxErrorRate, MaxTimeoutRate float64
}

// Violation is one limit a run exceeded.
type Violation struct {
	// Name is the measure: p50, p95, p99, error_rate, timeout_rate, or
	// requests when nothing completed.
	Name string
	// Got is the measured value, formatted for people.
	Got string
	// Limit is the limit it exceeded, formatted the same way.
	Limit string
}

// String returns "name got > limit".
func (v Violation) String() string {
	return v.Name + " " + v.Got + " > " + v.Limit
}

// Check returns the limits of b that s exceeds, in the order p50, p95, p99,
// error_rate, timeout_rate; nil when s is within budget. A run in which no
// arrival completed cannot show it holds its budget, so it yields one
// violation named requests.
func (b Budget) Check(s Stats) []Violation {
	if s.Total() == 0 {
		return []Violation{{Name: "requests", Got: "0 completed", Limit: "at least 1"}}
	}
	var vs []Violation
	for _, q := range []struct {
		name       string
		got, limit time.Duration
	}{{"p50", s.P50, b.P50}, {"p95", s.P95, b.P95}, {"p99", s.P99, b.P99}} {
		if q.limit > 0 && q.got > q.limit {
			vs = append(vs, Violation{Name: q.name, Got: FormatDuration(q.got), Limit: FormatDuration(q.limit)})
		}
	}
	for _, r := range []struct {
		name  string
		n     int
		limit float64
	}{{"error_rate", s.Errors, b.MaxErrorRate}, {"timeout_rate", s.Timeouts, b.MaxTimeoutRate}} {
		if got := ratio(r.n, s.Total()); got > r.limit {
			vs = append(vs, Violation{
				Name:  r.name,
				Got:   fmt.Sprintf("%s (%d of %d)", formatPercent(got), r.n, s.Total()),
				Limit: formatPercent(r.limit),
			})
		}
	}
	return vs
}

// FormatDuration formats d in milliseconds, rounded to the microsecond, the
// unit latency budgets are written in: "152.5ms", "0.042ms".
func FormatDuration(d time.Duration) string {
	return strconv.FormatFloat(float64(d.Round(time.Microsecond))/float64(time.Millisecond), 'f', -1, 64) + "ms"
}

// formatPercent formats a fraction as a percentage with three significant
// digits: 0.025 is "2.5%", 1/3 is "33.3%".
func formatPercent(f float64) string {
	return strconv.FormatFloat(f*100, 'g', 3, 64) + "%"
}
