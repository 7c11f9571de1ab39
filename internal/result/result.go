// Package result defines the result of one gate run: the versioned contract
// between the gates, which produce results, and the report and platform
// layers, which read them.
//
// A result is stored as <results-dir>/<id>.json and is described by the JSON
// Schema in schema.json (embedded as [SchemaJSON]).
package result

import (
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"time"
)

// Version is the version of the result format written by this package.
// A reader refuses results with a newer major version.
const Version = 1

// Status is the outcome of a gate, a metric or a check.
type Status string

// The statuses, from best to worst. An error means the gate could not be
// evaluated; it is never shown as a pass.
const (
	Skip  Status = "skip"
	Pass  Status = "pass"
	Warn  Status = "warn"
	Fail  Status = "fail"
	Error Status = "error"
)

// Statuses lists every valid status, from best to worst.
var Statuses = []Status{Skip, Pass, Warn, Fail, Error}

// Rank orders statuses by severity: skip < pass < warn < fail < error.
// An unknown status ranks as an error.
func (s Status) Rank() int {
	switch s {
	case Skip:
		return 0
	case Pass:
		return 1
	case Warn:
		return 2
	case Fail:
		return 3
	default:
		return 4
	}
}

// Valid reports whether s is one of the defined statuses.
func (s Status) Valid() bool {
	switch s {
	case Skip, Pass, Warn, Fail, Error:
		return true
	}
	return false
}

// Worst returns the most severe of the statuses; with none it returns Skip.
func Worst(statuses ...Status) Status {
	w := Skip
	for _, s := range statuses {
		if s.Rank() > w.Rank() {
			w = s
		}
	}
	return w
}

// Severity is the level of a finding; the names match GitHub annotation levels.
type Severity string

// Finding severities.
const (
	SeverityError   Severity = "error"
	SeverityWarning Severity = "warning"
	SeverityNotice  Severity = "notice"
)

// Result is the outcome of one gate run.
type Result struct {
	// Version is the format version, [Version] when written by this package.
	Version int `json:"version"`
	// ID names the result uniquely within a results dir; it is the file name.
	ID string `json:"id"`
	// Gate is the kind of gate that produced the result: data, smoke, repro, gate, canary.
	Gate string `json:"gate"`
	// Title is a human-readable name; the report falls back to ID.
	Title string `json:"title,omitempty"`
	// Status is the verdict of the gate.
	Status Status `json:"status"`
	// Summary is one line of key figures for the summary table.
	Summary string `json:"summary,omitempty"`
	// Error explains why the gate could not be evaluated (Status error).
	Error string `json:"error,omitempty"`
	// StartedAt is when the gate started (UTC).
	StartedAt time.Time `json:"started_at"`
	// DurationMS is how long the gate ran, in milliseconds.
	DurationMS float64 `json:"duration_ms"`
	// Metrics are the measured values, each with its rule and status.
	Metrics []Metric `json:"metrics,omitempty"`
	// Findings are individual problems or observations.
	Findings []Finding `json:"findings,omitempty"`
	// FindingsOmitted counts findings the gate found but did not store.
	FindingsOmitted int `json:"findings_omitted,omitempty"`
	// Charts are series worth plotting (loss curves, histograms).
	Charts []Chart `json:"charts,omitempty"`
	// MLTests lists the ML Test Score tests (Breck et al. 2017) this run
	// automated, by id ("data-1", "model-5", ...); see internal/score.
	MLTests []string `json:"ml_tests,omitempty"`
	// Tool records the program that wrote the result.
	Tool Tool `json:"tool"`
}

// Tool identifies the program that wrote a result.
type Tool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// Metric is one measured value with its comparison and verdict.
type Metric struct {
	// Name is the metric's name, for example "accuracy" or "eval.f1".
	Name string `json:"name"`
	// Value is the candidate's value; nil when the metric is missing.
	Value *Float `json:"value"`
	// Baseline is the baseline's value, when there is one.
	Baseline *Float `json:"baseline,omitempty"`
	// Delta is Value - Baseline, when both exist.
	Delta *Float `json:"delta,omitempty"`
	// Interval is a confidence interval: of Value, or of Delta when the
	// rule judged the change (a paired bootstrap).
	Interval *Interval `json:"interval,omitempty"`
	// Unit is an optional unit, for example "ms".
	Unit string `json:"unit,omitempty"`
	// Rule is the rule the metric was judged by, as the user wrote it.
	Rule string `json:"rule,omitempty"`
	// Status is the verdict for this metric; empty for a value reported without a rule.
	Status Status `json:"status,omitempty"`
	// Message explains the verdict.
	Message string `json:"message,omitempty"`
}

// Interval is a confidence interval [Lo, Hi] at confidence Level (0.95
// for 95%).
type Interval struct {
	Lo    Float   `json:"lo"`
	Hi    Float   `json:"hi"`
	Level float64 `json:"level"`
	// Of says what the interval bounds: "value" (the default) or "delta".
	Of string `json:"of,omitempty"`
}

// Finding is one problem or observation, located where possible.
type Finding struct {
	Severity Severity `json:"severity"`
	// Check names what produced the finding, for example a rule or a schema keyword.
	Check    string    `json:"check,omitempty"`
	Message  string    `json:"message"`
	Location *Location `json:"location,omitempty"`
}

// Location points at the place a finding is about.
type Location struct {
	// File is a path relative to the workspace, as the user gave it.
	File string `json:"file,omitempty"`
	// Line is the 1-based line (a row, for tabular data).
	Line int `json:"line,omitempty"`
	// Column is the 1-based column, in characters or cells.
	Column int `json:"column,omitempty"`
	// Field is a column or field name.
	Field string `json:"field,omitempty"`
	// Pointer is a JSON pointer (RFC 6901) into a document.
	Pointer string `json:"pointer,omitempty"`
}

// Chart is a set of series over a common x axis.
type Chart struct {
	Title  string `json:"title"`
	XLabel string `json:"x_label,omitempty"`
	YLabel string `json:"y_label,omitempty"`
	// X holds the x-axis labels; when empty the points are numbered from 1.
	X      []string `json:"x,omitempty"`
	Series []Series `json:"series"`
}

// Series is one line or bar set of a chart.
type Series struct {
	Name string `json:"name"`
	// Kind is "line" (default) or "bar".
	Kind   string  `json:"kind,omitempty"`
	Values []Float `json:"values"`
}

// Float is a float64 that survives JSON: NaN and the infinities, which JSON
// numbers cannot hold, are written as the strings "NaN", "+Inf" and "-Inf".
type Float float64

// F returns a pointer to f as a Float, for optional values.
func F(f float64) *Float {
	v := Float(f)
	return &v
}

// String formats f exactly (the shortest form that parses back), with NaN,
// +Inf and -Inf spelled as in JSON results and OpenMetrics.
func (f Float) String() string {
	v := float64(f)
	switch {
	case math.IsNaN(v):
		return "NaN"
	case math.IsInf(v, 1):
		return "+Inf"
	case math.IsInf(v, -1):
		return "-Inf"
	case v == math.Trunc(v) && math.Abs(v) < 1e15:
		return strconv.FormatFloat(v, 'f', -1, 64) // 1000000, not 1e+06
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

// MarshalJSON implements [json.Marshaler].
func (f Float) MarshalJSON() ([]byte, error) {
	v := float64(f)
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return []byte(`"` + f.String() + `"`), nil
	}
	return strconv.AppendFloat(nil, v, 'g', -1, 64), nil
}

// UnmarshalJSON implements [json.Unmarshaler].
func (f *Float) UnmarshalJSON(b []byte) error {
	switch string(b) {
	case `"NaN"`:
		*f = Float(math.NaN())
		return nil
	case `"+Inf"`, `"Inf"`:
		*f = Float(math.Inf(1))
		return nil
	case `"-Inf"`:
		*f = Float(math.Inf(-1))
		return nil
	}
	var v float64
	if err := json.Unmarshal(b, &v); err != nil {
		return fmt.Errorf("number: want a JSON number, \"NaN\", \"+Inf\" or \"-Inf\", got %.40s", b)
	}
	*f = Float(v)
	return nil
}

var idPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$`)

// ValidID reports whether id can name a result: 1 to 100 letters, digits,
// dots, dashes and underscores, not starting with a dot, dash or underscore.
func ValidID(id string) bool {
	return idPattern.MatchString(id)
}

// Validate checks the invariants a reader relies on.
func (r *Result) Validate() error {
	if r.Version < 1 || r.Version > Version {
		return fmt.Errorf("unsupported result version %d (this mlgate reads 1 to %d)", r.Version, Version)
	}
	if !ValidID(r.ID) {
		return fmt.Errorf("invalid id %q: use letters, digits, '.', '-' and '_'", r.ID)
	}
	if r.Gate == "" {
		return fmt.Errorf("result %s: missing gate", r.ID)
	}
	if !r.Status.Valid() {
		return fmt.Errorf("result %s: invalid status %q", r.ID, r.Status)
	}
	for i, m := range r.Metrics {
		if m.Status != "" && !m.Status.Valid() {
			return fmt.Errorf("result %s: metric %d (%s): invalid status %q", r.ID, i, m.Name, m.Status)
		}
	}
	return nil
}

// Errored returns a result with status error for a gate that could not be
// evaluated, so that a crash still leaves a result behind.
func Errored(id, gate string, started time.Time, err error) Result {
	return Result{
		Version:   Version,
		ID:        id,
		Gate:      gate,
		Status:    Error,
		Error:     err.Error(),
		StartedAt: started.UTC(),
	}
}
