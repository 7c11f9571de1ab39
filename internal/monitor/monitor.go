// Package monitor is the monitoring gate of scheduled workflows: it
// compares a sample of what a model sees and predicts in serving with the
// training profile, checks the model's age, and decides whether the model
// should be retrained.
//
// # Checks
//
//   - feature drift and training/serving skew: every feature of the sample
//     against the training profile, with the data gate's measures
//     ([drift.Compare]: PSI on numeric columns, L-infinity on categorical
//     ones, Kolmogorov-Smirnov on small samples);
//   - missing values: a column's share of missing (empty, null or absent)
//     values may exceed its share in the training data by at most
//     [Options.MaxMissing]; the same holds for NaN and infinite values;
//   - prediction shift: the prediction column of the sample against its
//     distribution in the reference profile (or in reference predictions);
//   - model age: the training time in the model's metadata JSON against
//     [Options.MaxAge], measured with the injected clock;
//   - schema (optional): the sample's rows against the row schema of the
//     data gate.
//
// Each check that exceeds its threshold adds one reason to retrain. The
// verdict is a [result.Result] of gate "monitor": pass when no check
// exceeds its threshold, warn when retraining is recommended (fail with
// [Options.FailOnRetrain]), error when an input cannot be read.
package monitor

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/mlgate/mlgate/internal/data"
	"github.com/mlgate/mlgate/internal/data/drift"
	"github.com/mlgate/mlgate/internal/data/profile"
	"github.com/mlgate/mlgate/internal/data/table"
	"github.com/mlgate/mlgate/internal/result"
)

// Kind is the gate kind written into results.
const Kind = "monitor"

// Defaults of [Options].
const (
	// DefaultMaxMissing is the largest increase of a column's share of
	// missing (or NaN/infinite) values over the training data: 5
	// percentage points.
	DefaultMaxMissing = 0.05
	// DefaultMaxAge is the largest model age: 30 days.
	DefaultMaxAge = 30 * day
	// DefaultTimestampField is the metadata field holding the training time.
	DefaultTimestampField = "trained_at"
	// DefaultPredictionColumn is the column of the sample holding predictions.
	DefaultPredictionColumn = "prediction"
)

const (
	// maxNamed is how many columns one reason names; the rest are counted.
	maxNamed = 5
	// maxSchemaFindings caps the schema findings copied into the result.
	maxSchemaFindings = 20
	// maxCharts caps the drift charts.
	maxCharts = 3
)

// Options configure [Run].
type Options struct {
	// ID and Title name the result; ID defaults to [Kind].
	ID, Title string
	// Data are the files or globs of the serving sample (inputs, and
	// predictions in PredictionColumn).
	Data []string
	// ReferenceProfile is the training profile (mlgate data infer
	// --profile-out); required.
	ReferenceProfile string
	// Schema, when set, validates the sample's rows against a row schema.
	Schema string
	// PredictionColumn holds the predictions in the sample; "" means
	// [DefaultPredictionColumn].
	PredictionColumn string
	// ReferencePredictionColumn is the column to compare predictions with
	// in the reference (the label, "target", or the training predictions);
	// "" means PredictionColumn.
	ReferencePredictionColumn string
	// ReferencePredictions, when set, are files of reference predictions
	// (the model's predictions on training or validation data), used
	// instead of the reference profile's column.
	ReferencePredictions []string
	// RequirePredictions makes a missing prediction column an error;
	// otherwise the prediction check is skipped with a notice.
	RequirePredictions bool
	// ModelMetadata, when set, is a JSON file with the training time in
	// TimestampField (default [DefaultTimestampField]).
	ModelMetadata  string
	TimestampField string
	// MaxAge is the largest model age; 0 means [DefaultMaxAge].
	MaxAge time.Duration
	// MaxMissing is the largest increase of a column's missing (or
	// NaN/infinite) share over the training data, in [0, 1]; nil means
	// [DefaultMaxMissing].
	MaxMissing *float64
	// Drift are the drift thresholds (zero fields: the data gate's defaults).
	Drift drift.Thresholds
	// Ignore lists columns left out of every check.
	Ignore []string
	// FailOnRetrain makes a recommended retrain fail the gate.
	FailOnRetrain bool
	// Read configures the readers.
	Read table.Options
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Verdict is the outcome of [Run].
type Verdict struct {
	// Result is the gate result, ready for the results dir.
	Result result.Result
	// Retrain is true when a check exceeded its threshold.
	Retrain bool
	// Reasons say, one line each, which checks exceeded their thresholds.
	Reasons []string
	// Metrics are the figures of every check that ran, by snake_case
	// name (rows, drifted_features, model_age_days, ...); all finite.
	Metrics map[string]float64
}

// Run runs every configured check and returns the verdict. It never
// panics: an input it cannot read gives a result with status error.
func Run(ctx context.Context, opt Options) (v Verdict) {
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.ID == "" {
		opt.ID = Kind
	}
	start := opt.Now()
	defer func() {
		if p := recover(); p != nil {
			v = Verdict{Result: result.Errored(opt.ID, Kind, start, fmt.Errorf("internal error: %v", p))}
		}
		v.Result.Title = opt.Title
		v.Result.DurationMS = float64(opt.Now().Sub(start).Microseconds()) / 1000
	}()
	c, err := newChecker(ctx, opt, start)
	if err != nil {
		return Verdict{Result: result.Errored(opt.ID, Kind, start, err)}
	}
	if err := c.run(ctx); err != nil {
		return Verdict{Result: result.Errored(opt.ID, Kind, start, err)}
	}
	return c.verdict()
}

// checker holds the inputs and accumulates the outcome of the checks.
type checker struct {
	opt      Options
	start    time.Time
	ref, cur *profile.Profile
	ignore   map[string]bool
	schema   *result.Result

	reasons  []string
	metrics  []result.Metric
	findings []result.Finding
	charts   []result.Chart
	figures  map[string]float64
	summary  []string
}

// newChecker validates the options and reads the profiles.
func newChecker(ctx context.Context, opt Options, start time.Time) (*checker, error) {
	if err := withDefaults(&opt); err != nil {
		return nil, err
	}
	c := &checker{opt: opt, start: start, figures: map[string]float64{}, ignore: map[string]bool{}}
	for _, name := range opt.Ignore {
		c.ignore[name] = true
	}
	var err error
	if c.ref, err = data.ReadProfile(opt.ReferenceProfile); err != nil {
		return nil, err
	}
	if opt.Schema == "" {
		if c.cur, err = data.ProfileData(ctx, opt.Data, opt.Read, nil); err != nil {
			return nil, fmt.Errorf("reading the serving sample: %w", err)
		}
		return c, nil
	}
	// One pass: validate the rows and write the sample's profile.
	dir, err := os.MkdirTemp("", "mlgate-monitor-")
	if err != nil {
		return nil, fmt.Errorf("temporary directory for the sample's profile: %w", err)
	}
	defer os.RemoveAll(dir)
	sr := data.Validate(ctx, data.ValidateOptions{
		ID: opt.ID, Data: opt.Data, Schema: opt.Schema, ProfileOut: filepath.Join(dir, "sample.profile.json"),
		Read: opt.Read, Now: opt.Now,
	})
	if sr.Status == result.Error {
		return nil, errors.New(sr.Error)
	}
	c.schema = &sr
	if c.cur, err = data.ReadProfile(filepath.Join(dir, "sample.profile.json")); err != nil {
		return nil, err
	}
	return c, nil
}

func withDefaults(opt *Options) error {
	switch {
	case len(opt.Data) == 0:
		return errors.New("no serving sample: give --data FILE (or a glob)")
	case opt.ReferenceProfile == "":
		return errors.New("no reference: give --reference-profile FILE (from mlgate data infer --profile-out)")
	}
	if opt.PredictionColumn == "" {
		opt.PredictionColumn = DefaultPredictionColumn
	}
	if opt.ReferencePredictionColumn == "" {
		opt.ReferencePredictionColumn = opt.PredictionColumn
	}
	if opt.TimestampField == "" {
		opt.TimestampField = DefaultTimestampField
	}
	if opt.MaxAge == 0 {
		opt.MaxAge = DefaultMaxAge
	}
	if opt.MaxAge < 0 {
		return fmt.Errorf("max age %s: must be positive", opt.MaxAge)
	}
	if opt.MaxMissing == nil {
		m := DefaultMaxMissing
		opt.MaxMissing = &m
	}
	if m := *opt.MaxMissing; !(m >= 0 && m <= 1) {
		return fmt.Errorf("max missing %v: want a share in [0, 1]", m)
	}
	return nil
}

// run runs the checks in report order.
func (c *checker) run(ctx context.Context) error {
	rows := c.cur.Rows
	c.figures["rows"] = float64(rows)
	c.metrics = append(c.metrics, result.Metric{Name: "sample rows", Value: result.F(float64(rows))})
	if rows == 0 {
		return fmt.Errorf("the serving sample %s has no rows", strings.Join(c.opt.Data, ", "))
	}
	if err := c.checkFeatures(); err != nil {
		return err
	}
	c.checkMissing()
	if err := c.checkPredictions(ctx); err != nil {
		return err
	}
	if c.opt.ModelMetadata != "" {
		a, err := checkAge(c.opt.ModelMetadata, c.opt.TimestampField, c.opt.MaxAge, c.opt.Now())
		if err != nil {
			return err
		}
		c.ageResults(a)
	}
	if c.schema != nil {
		c.schemaResults()
	}
	return nil
}

// verdict assembles the result.
func (c *checker) verdict() Verdict {
	retrain := len(c.reasons) > 0
	status, sev := result.Pass, result.SeverityWarning
	if retrain {
		status = result.Warn
		if c.opt.FailOnRetrain {
			status, sev = result.Fail, result.SeverityError
		}
	}
	for i := range c.findings {
		if c.findings[i].Severity == severityReason {
			c.findings[i].Severity = sev
		}
	}
	m := result.Metric{Name: "retrain", Value: result.F(0), Rule: "no check over its threshold", Status: result.Pass}
	summary := "no retrain needed: " + strings.Join(c.summary, ", ")
	if retrain {
		m.Value, m.Status = result.F(1), status
		m.Message = fmt.Sprintf("%d %s", len(c.reasons), plural(len(c.reasons), "reason", "reasons"))
		summary = fmt.Sprintf("retrain recommended (%d %s): %s", len(c.reasons), plural(len(c.reasons), "reason", "reasons"), strings.Join(c.summary, ", "))
	}
	c.figures["retrain"] = float64(*m.Value)
	for k, x := range c.figures {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			delete(c.figures, k) // JSON cannot carry them; the result keeps them
		}
	}
	return Verdict{
		Result: result.Result{
			Version: result.Version, ID: c.opt.ID, Gate: Kind, Title: c.opt.Title,
			Status: status, Summary: summary, StartedAt: c.start.UTC(),
			Metrics:  append([]result.Metric{m}, c.metrics...),
			Findings: c.findings, Charts: c.charts,
			MLTests: c.mlTests(),
		},
		Retrain: retrain,
		Reasons: c.reasons,
		Metrics: c.figures,
	}
}

// mlTests are the ML Test Score tests the run automated: data invariants
// of inputs (monitor-2), training/serving skew (monitor-3) and, with model
// metadata, staleness (monitor-4).
func (c *checker) mlTests() []string {
	ids := []string{"monitor-2", "monitor-3"}
	if c.opt.ModelMetadata != "" {
		ids = append(ids, "monitor-4")
	}
	return ids
}

// severityReason marks a finding that explains a reason to retrain; its
// final severity depends on FailOnRetrain.
const severityReason result.Severity = "reason"

// reason records a reason to retrain with its finding.
func (c *checker) reason(check, text string, loc *result.Location) {
	text = clean(text)
	c.reasons = append(c.reasons, text)
	c.findings = append(c.findings, result.Finding{Severity: severityReason, Check: "monitor:" + check, Message: text, Location: loc})
}

// notice records an observation that is no reason to retrain.
func (c *checker) notice(check, text string, loc *result.Location) {
	c.findings = append(c.findings, result.Finding{Severity: result.SeverityNotice, Check: "monitor:" + check, Message: clean(text), Location: loc})
}

// skipColumn reports whether a column is left out of the feature checks.
func (c *checker) skipColumn(name string) bool {
	return c.ignore[name] || name == c.opt.PredictionColumn || name == c.opt.ReferencePredictionColumn
}

// checkFeatures compares every feature with the reference.
func (c *checker) checkFeatures() error {
	var ignore []string
	for _, col := range append(c.ref.Columns, c.cur.Columns...) {
		if c.skipColumn(col.Name) && !slices.Contains(ignore, col.Name) {
			ignore = append(ignore, col.Name)
		}
	}
	rep, err := drift.Compare(c.ref, c.cur, drift.Options{Default: c.opt.Drift, Ignore: ignore})
	if err != nil {
		return fmt.Errorf("comparing the sample with the reference profile: %w", err)
	}
	var drifted, absent []string
	for _, cd := range rep.Columns {
		switch {
		case cd.Kind == drift.KindSkipped && cd.Reason == "only in reference":
			absent = append(absent, cd.Column)
			continue
		case cd.Kind == drift.KindSkipped && cd.Reason != "ignored" && cd.Method == "":
			c.notice("drift", fmt.Sprintf("%s: not compared (%s)", cd.Column, cd.Reason), &result.Location{Field: cd.Column})
			continue
		case cd.Method == "" || cd.Method == drift.MeasureMissing:
			// Changes of the missing share are judged by the missing-values check.
			continue
		}
		m := driftMetric("drift "+cd.Column, cd)
		if cd.Drifted {
			drifted = append(drifted, fmt.Sprintf("%s (%s)", cd.Column, measureText(cd)))
			c.findings = append(c.findings, result.Finding{Severity: severityReason, Check: "monitor:drift:" + cd.Method,
				Message:  clean(fmt.Sprintf("%s drifted from the training data: %s", cd.Column, measureText(cd))),
				Location: &result.Location{Field: cd.Column}})
			c.chart("Drift of "+cd.Column, cd)
		}
		c.metrics = append(c.metrics, m)
	}
	c.figures["features_compared"] = float64(rep.Compared)
	c.figures["drifted_features"] = float64(len(drifted))
	st := result.Pass
	if len(drifted) > 0 {
		st = result.Warn
	}
	c.metrics = append(c.metrics, result.Metric{Name: "drifted features", Value: result.F(float64(len(drifted))),
		Rule: "0 of " + fmt.Sprint(rep.Compared), Status: st})
	if len(drifted) > 0 {
		c.reasons = append(c.reasons, clean(fmt.Sprintf("feature drift in %d of %d columns: %s",
			len(drifted), rep.Compared, named(drifted))))
	}
	c.summary = append(c.summary, fmt.Sprintf("%d of %d features drifted", len(drifted), rep.Compared))
	if len(absent) > 0 {
		c.notice("absent-column", fmt.Sprintf("%d %s of the training data %s not in the sample (not checked; use --schema to require columns): %s",
			len(absent), plural(len(absent), "column", "columns"), plural(len(absent), "is", "are"), named(absent)), nil)
	}
	return nil
}

// checkMissing judges each column's share of missing and of NaN/infinite
// values against the training data's share plus MaxMissing.
func (c *checker) checkMissing() {
	var missing, nonFinite []string
	worst := 0.0
	for _, cc := range c.cur.Columns {
		if c.ignore[cc.Name] {
			continue
		}
		rc := c.ref.Column(cc.Name)
		if rc == nil && cc.Name == c.opt.PredictionColumn {
			rc = c.ref.Column(c.opt.ReferencePredictionColumn)
		}
		for _, k := range []struct {
			what  string
			share func(*profile.Column) float64
			list  *[]string
		}{
			{"missing", missingShare, &missing},
			{"NaN/Inf", nonFiniteShare, &nonFinite},
		} {
			cur := k.share(cc)
			if cur == 0 {
				continue
			}
			ref := 0.0
			if rc != nil {
				ref = k.share(rc)
			}
			limit := math.Min(ref+*c.opt.MaxMissing, 1)
			m := result.Metric{Name: k.what + " " + cc.Name, Value: result.F(cur), Rule: "<= " + pct(limit), Status: result.Pass}
			worst = math.Max(worst, cur-ref)
			if cur > limit {
				m.Status, m.Message = result.Warn, "training data: "+pct(ref)
				*k.list = append(*k.list, fmt.Sprintf("%s %s (training %s)", cc.Name, pct(cur), pct(ref)))
				c.findings = append(c.findings, result.Finding{Severity: severityReason, Check: "monitor:" + strings.ToLower(strings.ReplaceAll(k.what, "/", "-")),
					Message: clean(fmt.Sprintf("%s: %s of the values are %s, %s in the training data (allowed: %s more)",
						cc.Name, pct(cur), k.what, pct(ref), pct(*c.opt.MaxMissing))),
					Location: &result.Location{Field: cc.Name}})
			}
			c.metrics = append(c.metrics, m)
		}
	}
	c.figures["max_missing_increase"] = worst
	c.figures["missing_columns"] = float64(len(missing))
	c.figures["nonfinite_columns"] = float64(len(nonFinite))
	if len(missing) > 0 {
		c.reasons = append(c.reasons, clean(fmt.Sprintf("missing values in %d %s: %s",
			len(missing), plural(len(missing), "column", "columns"), named(missing))))
	}
	if len(nonFinite) > 0 {
		c.reasons = append(c.reasons, clean(fmt.Sprintf("NaN/Inf values in %d %s: %s",
			len(nonFinite), plural(len(nonFinite), "column", "columns"), named(nonFinite))))
	}
}

func missingShare(c *profile.Column) float64 {
	return share(c.Missing(), c.Present()+c.Missing())
}

func nonFiniteShare(c *profile.Column) float64 {
	return share(c.NaN+c.PosInf+c.NegInf, c.Present()+c.Missing())
}

func share(n, total int64) float64 {
	if total == 0 {
		return 0
	}
	return float64(n) / float64(total)
}

// ageResults records the model age check.
func (c *checker) ageResults(a ageCheck) {
	days := a.age.Hours() / 24
	c.figures["model_age_days"] = math.Round(days*100) / 100
	m := result.Metric{Name: "model age", Value: result.F(math.Round(days*100) / 100), Unit: "days",
		Rule: "<= " + FormatAge(a.maxAge), Status: result.Pass,
		Message: "trained " + a.ts.Time.UTC().Format(time.RFC3339)}
	loc := &result.Location{File: c.opt.ModelMetadata, Pointer: a.ts.Pointer}
	if a.exceeded() {
		m.Status = result.Warn
		c.reason("model-age", fmt.Sprintf("model age %s > %s (%s %s)", FormatAge(a.age), FormatAge(a.maxAge),
			c.opt.TimestampField, a.ts.Time.UTC().Format(time.RFC3339)), loc)
	}
	c.metrics = append(c.metrics, m)
	c.summary = append(c.summary, "model "+FormatAge(a.age)+" old")
}

// schemaResults folds the schema validation of the sample into the verdict.
func (c *checker) schemaResults() {
	sr := c.schema
	for _, m := range sr.Metrics {
		if m.Name == "invalid rows" {
			m.Name = "schema: invalid rows"
			if m.Status == result.Fail {
				m.Status = result.Warn
			}
			if m.Value != nil {
				c.figures["invalid_rows"] = float64(*m.Value)
			}
			c.metrics = append(c.metrics, m)
		}
	}
	if sr.Status == result.Fail {
		c.reasons = append(c.reasons, clean("schema: "+sr.Summary+" (rows or columns break the schema)"))
	}
	for i, f := range sr.Findings {
		if i == maxSchemaFindings {
			c.notice("schema", fmt.Sprintf("%d more schema findings left out; run mlgate data validate for all", len(sr.Findings)-i), nil)
			break
		}
		if !strings.HasPrefix(f.Check, "drift") {
			if f.Severity == result.SeverityError {
				f.Severity = severityReason
			}
			f.Check = "schema:" + f.Check
			c.findings = append(c.findings, f)
		}
	}
}

// chart adds a reference-against-sample chart for a drifted column.
func (c *checker) chart(title string, cd drift.ColumnDrift) {
	if len(c.charts) >= maxCharts || len(cd.Labels) == 0 {
		return
	}
	c.charts = append(c.charts, result.Chart{
		Title: title, XLabel: cd.Column, YLabel: "share of rows", X: cd.Labels,
		Series: []result.Series{
			{Name: "training", Kind: "bar", Values: floats(cd.Ref)},
			{Name: "serving", Kind: "bar", Values: floats(cd.Cur)},
		},
	})
}
