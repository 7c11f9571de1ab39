package monitor

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mlgate/mlgate/internal/data"
	"github.com/mlgate/mlgate/internal/data/infer"
	"github.com/mlgate/mlgate/internal/data/table"
	"github.com/mlgate/mlgate/internal/result"
)

// now is the injected clock of every test.
var now = time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)

func clock() time.Time { return now }

// shift describes how a serving sample differs from the training data.
type shift struct {
	incomeSD    float64 // mean shift of income, in standard deviations
	positive    float64 // share of predictions that are 1 (training: 0.3)
	missingInc  float64 // share of empty income cells
	nanAge      float64 // share of NaN ages
	negativeAge int     // rows with age -1 (breaks an inferred schema)
}

var stable = shift{positive: 0.3}

// trainingCSV writes n training rows: age, income, city and the label target.
func trainingCSV(t testing.TB, dir string, n int) string {
	t.Helper()
	r := rand.New(rand.NewPCG(1, 2))
	var b strings.Builder
	b.WriteString("age,income,city,target\n")
	cities := []string{"Berlin", "Paris", "Rome"}
	for range n {
		target := 0
		if r.Float64() < 0.3 {
			target = 1
		}
		fmt.Fprintf(&b, "%.1f,%.2f,%s,%d\n", 40+10*r.NormFloat64(), 50000+10000*r.NormFloat64(), cities[r.IntN(3)], target)
	}
	return write(t, dir, "train.csv", b.String())
}

// servingJSONL writes n serving rows with the model's prediction, as JSON
// Lines, or as CSV when name ends with .csv (JSON has no NaN).
func servingJSONL(t testing.TB, dir, name string, n int, s shift) string {
	t.Helper()
	r := rand.New(rand.NewPCG(3, 4))
	var b strings.Builder
	csv := strings.HasSuffix(name, ".csv")
	if csv {
		b.WriteString("age,income,city,prediction\n")
	}
	cities := []string{"Berlin", "Paris", "Rome"}
	for i := range n {
		pred := 0
		if r.Float64() < s.positive {
			pred = 1
		}
		age := fmt.Sprintf("%.1f", 40+10*r.NormFloat64())
		if r.Float64() < s.nanAge {
			age = "NaN"
		}
		if i < s.negativeAge {
			age = "-1"
		}
		income := fmt.Sprintf("%.2f", 50000+10000*(r.NormFloat64()+s.incomeSD))
		if r.Float64() < s.missingInc {
			income = "null"
		}
		if csv {
			fmt.Fprintf(&b, "%s,%s,%s,%d\n", age, strings.Replace(income, "null", "", 1), cities[r.IntN(3)], pred)
			continue
		}
		fmt.Fprintf(&b, `{"age": %s, "income": %s, "city": %q, "prediction": %d}`+"\n", age, income, cities[r.IntN(3)], pred)
	}
	return write(t, dir, name, b.String())
}

func write(t testing.TB, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// fixture is a training profile (and schema) made the way users make them.
type fixture struct {
	dir, profile, schema string
}

func newFixture(t testing.TB) fixture {
	t.Helper()
	dir := t.TempDir()
	p, err := data.ProfileData(context.Background(), []string{trainingCSV(t, dir, 5000)}, table.Options{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	f := fixture{dir: dir, profile: filepath.Join(dir, "train.profile.json"), schema: filepath.Join(dir, "schema.json")}
	if err := data.WriteProfile(f.profile, p); err != nil {
		t.Fatal(err)
	}
	doc, err := infer.Schema(p, infer.Options{RangeMargin: 0.1})
	if err != nil {
		t.Fatal(err)
	}
	// Serving rows have a prediction and no label.
	s := strings.Replace(string(doc), `"target"`, `"prediction"`, -1)
	write(t, dir, "schema.json", s)
	return f
}

func (f fixture) options(sample string) Options {
	return Options{
		Data: []string{sample}, ReferenceProfile: f.profile,
		ReferencePredictionColumn: "target", Now: clock,
	}
}

func metric(t *testing.T, r result.Result, prefix string) result.Metric {
	t.Helper()
	for _, m := range r.Metrics {
		if strings.HasPrefix(m.Name, prefix) {
			return m
		}
	}
	t.Fatalf("no metric %q in %+v", prefix, r.Metrics)
	return result.Metric{}
}

func TestStableSampleNeedsNoRetrain(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	v := Run(context.Background(), f.options(servingJSONL(t, f.dir, "serving.jsonl", 2000, stable)))
	if v.Result.Status != result.Pass || v.Retrain || len(v.Reasons) != 0 {
		t.Fatalf("status %s, retrain %v, reasons %q, error %q", v.Result.Status, v.Retrain, v.Reasons, v.Result.Error)
	}
	if err := v.Result.Validate(); err != nil {
		t.Fatal(err)
	}
	if v.Result.Gate != Kind || v.Metrics["rows"] != 2000 || v.Metrics["drifted_features"] != 0 || v.Metrics["features_compared"] != 3 {
		t.Errorf("gate %q, figures %v", v.Result.Gate, v.Metrics)
	}
	if m := metric(t, v.Result, "prediction shift prediction"); m.Status != result.Pass || m.Value == nil {
		t.Errorf("prediction metric %+v", m)
	}
	if m := metric(t, v.Result, "retrain"); *m.Value != 0 {
		t.Errorf("retrain metric %+v", m)
	}
	if !strings.HasPrefix(v.Result.Summary, "no retrain needed: 0 of 3 features drifted") {
		t.Errorf("summary %q", v.Result.Summary)
	}
}

func TestShiftedSampleRecommendsRetrain(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	sample := servingJSONL(t, f.dir, "serving.jsonl", 2000, shift{incomeSD: 0.8, positive: 0.6})
	v := Run(context.Background(), f.options(sample))
	if v.Result.Status != result.Warn || !v.Retrain || len(v.Reasons) != 2 {
		t.Fatalf("status %s, retrain %v, reasons %q", v.Result.Status, v.Retrain, v.Reasons)
	}
	if !strings.HasPrefix(v.Reasons[0], "feature drift in 1 of 3 columns: income (PSI ") {
		t.Errorf("reason 0: %q", v.Reasons[0])
	}
	if !strings.HasPrefix(v.Reasons[1], "prediction shift of prediction against target: L-infinity 0.") {
		t.Errorf("reason 1: %q", v.Reasons[1])
	}
	if m := metric(t, v.Result, "drift income (PSI)"); m.Status != result.Warn || float64(*m.Value) <= 0.2 {
		t.Errorf("income metric %+v", m)
	}
	if m := metric(t, v.Result, "drift age"); m.Status != result.Pass {
		t.Errorf("age did not shift: %+v", m)
	}
	var located bool
	for _, fd := range v.Result.Findings {
		if fd.Location != nil && fd.Location.Field == "income" && fd.Severity == result.SeverityWarning {
			located = true
		}
	}
	if !located || len(v.Result.Charts) != 2 {
		t.Errorf("findings %+v, %d charts", v.Result.Findings, len(v.Result.Charts))
	}

	opt := f.options(sample)
	opt.FailOnRetrain = true
	if v := Run(context.Background(), opt); v.Result.Status != result.Fail || v.Result.Findings[0].Severity != result.SeverityError {
		t.Errorf("--fail-on-retrain: status %s, findings %+v", v.Result.Status, v.Result.Findings)
	}
	// A higher threshold accepts the same shift.
	opt = f.options(sample)
	opt.Drift, _ = ParseDriftThresholds([]string{"psi=5,linf=0.9"})
	if v := Run(context.Background(), opt); v.Retrain {
		t.Errorf("lenient thresholds: %q", v.Reasons)
	}
}

func TestMissingAndNonFiniteValues(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	sample := servingJSONL(t, f.dir, "serving.csv", 2000, shift{positive: 0.3, missingInc: 0.2, nanAge: 0.08})
	v := Run(context.Background(), f.options(sample))
	if !v.Retrain || len(v.Reasons) != 2 {
		t.Fatalf("reasons %q", v.Reasons)
	}
	if !strings.HasPrefix(v.Reasons[0], "missing values in 1 column: income 2") ||
		!strings.HasPrefix(v.Reasons[1], "NaN/Inf values in 1 column: age ") {
		t.Errorf("reasons %q", v.Reasons)
	}
	if got := v.Metrics["max_missing_increase"]; got < 0.15 || got > 0.25 {
		t.Errorf("max_missing_increase %v", got)
	}
	// Allowing 30 percentage points more accepts both.
	opt := f.options(sample)
	lenient := 0.3
	opt.MaxMissing = &lenient
	if v := Run(context.Background(), opt); v.Retrain {
		t.Errorf("--max-missing 0.3: %q", v.Reasons)
	}
}

func TestModelAge(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	sample := servingJSONL(t, f.dir, "serving.jsonl", 1500, stable)
	cases := []struct {
		name, meta, field string
		retrain           bool
		age               float64
		err               string
	}{
		{"rfc3339 fresh", `{"trained_at": "2026-10-28T12:00:00Z"}`, "", false, 29, ""},
		{"rfc3339 stale", `{"trained_at": "2026-10-26T00:00:00+00:00"}`, "", true, 31.5, ""},
		{"unix seconds nested", fmt.Sprintf(`{"model": {"ts": %d}}`, now.Add(-40*day).Unix()), "model.ts", true, 40, ""},
		{"unix seconds as text", fmt.Sprintf(`{"trained_at": "%d"}`, now.Add(-2*day).Unix()), "", false, 2, ""},
		{"milliseconds", fmt.Sprintf(`{"trained_at": %d}`, now.UnixMilli()), "", false, 0, "milliseconds"},
		{"future", `{"trained_at": "2027-01-01T00:00:00Z"}`, "", false, 0, "in the future"},
		{"no field", `{"created_at": "x", "C": 1}`, "", false, 0, `no field "trained_at" (--timestamp-field trained_at); fields that look like times: created_at`},
		{"not a time", `{"trained_at": "yesterday"}`, "", false, 0, `"yesterday" is neither an RFC 3339 time`},
		{"bad JSON", "{\n  \"trained_at\": \"2026-10-28T12:00:00Z\",\n}", "", false, 0, "meta.json:3:1: not valid JSON"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			opt := f.options(sample)
			opt.ModelMetadata = write(t, t.TempDir(), "meta.json", c.meta)
			opt.TimestampField = c.field
			v := Run(context.Background(), opt)
			if c.err != "" {
				if v.Result.Status != result.Error || !strings.Contains(v.Result.Error, c.err) {
					t.Fatalf("status %s, error %q, want %q", v.Result.Status, v.Result.Error, c.err)
				}
				return
			}
			if v.Retrain != c.retrain || math.Abs(v.Metrics["model_age_days"]-c.age) > 0.01 {
				t.Fatalf("retrain %v (%q), age %v, want %v and %v", v.Retrain, v.Reasons, v.Metrics["model_age_days"], c.retrain, c.age)
			}
			if c.retrain && !strings.HasPrefix(v.Reasons[0], "model age ") {
				t.Errorf("reason %q", v.Reasons[0])
			}
			if !strings.Contains(strings.Join(v.Result.MLTests, ","), "monitor-4") {
				t.Errorf("ml tests %v", v.Result.MLTests)
			}
		})
	}
}

func TestSchemaViolationsAreAReason(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	opt := f.options(servingJSONL(t, f.dir, "serving.jsonl", 1500, shift{positive: 0.3, negativeAge: 3}))
	opt.Schema = f.schema
	v := Run(context.Background(), opt)
	if !v.Retrain || len(v.Reasons) != 1 || !strings.HasPrefix(v.Reasons[0], "schema: 1,500 rows, 3 invalid") {
		t.Fatalf("status %s (%s), reasons %q", v.Result.Status, v.Result.Error, v.Reasons)
	}
	if v.Metrics["invalid_rows"] != 3 {
		t.Errorf("figures %v", v.Metrics)
	}
	var line int
	for _, fd := range v.Result.Findings {
		if strings.HasPrefix(fd.Check, "schema:") && fd.Location != nil {
			line = fd.Location.Line
			break
		}
	}
	if line != 1 {
		t.Errorf("the first invalid row is line 1, findings %+v", v.Result.Findings)
	}
	// A valid sample passes the same schema.
	opt.Data = []string{servingJSONL(t, t.TempDir(), "ok.jsonl", 1500, stable)}
	if v := Run(context.Background(), opt); v.Result.Status != result.Pass {
		t.Errorf("valid sample: %s %q %q", v.Result.Status, v.Reasons, v.Result.Error)
	}
}

func TestReferencePredictionsFile(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	var b strings.Builder
	b.WriteString("pred\n")
	for i := range 1000 {
		b.WriteString(map[bool]string{true: "1\n", false: "0\n"}[i%10 < 6])
	}
	opt := f.options(servingJSONL(t, f.dir, "serving.jsonl", 2000, shift{positive: 0.6}))
	opt.ReferencePredictions = []string{write(t, f.dir, "preds.csv", b.String())}
	opt.ReferencePredictionColumn = ""
	if v := Run(context.Background(), opt); v.Retrain || v.Result.Status != result.Pass {
		t.Fatalf("60%% positive against 60%%: %s %q %q", v.Result.Status, v.Reasons, v.Result.Error)
	}
	opt.Data = []string{servingJSONL(t, t.TempDir(), "s.jsonl", 2000, stable)}
	if v := Run(context.Background(), opt); !v.Retrain || !strings.HasPrefix(v.Reasons[0], "prediction shift of prediction against prediction") {
		t.Fatalf("30%% positive against 60%%: %q %q", v.Reasons, v.Result.Error)
	}
}

func TestPredictionColumnMissing(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	sample := servingJSONL(t, f.dir, "serving.jsonl", 1200, stable)
	opt := f.options(sample)
	opt.PredictionColumn = "score"
	v := Run(context.Background(), opt)
	if v.Result.Status != result.Pass || !strings.Contains(fmt.Sprint(v.Result.Findings), `prediction shift not checked: the sample has no column "score"`) {
		t.Fatalf("optional check: %s %+v", v.Result.Status, v.Result.Findings)
	}
	opt.RequirePredictions = true
	if v := Run(context.Background(), opt); v.Result.Status != result.Error || !strings.Contains(v.Result.Error, "columns: age, income, city, prediction") {
		t.Fatalf("required check: %s %q", v.Result.Status, v.Result.Error)
	}
}

func TestUnreadableInputsAreErrors(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	sample := servingJSONL(t, f.dir, "serving.jsonl", 100, stable)
	bad := write(t, f.dir, "bad.jsonl", "{\"age\": 1}\n")
	cases := []struct {
		mod  func(*Options)
		want string
	}{
		{func(o *Options) { o.Data = []string{filepath.Join(f.dir, "none.jsonl")} }, "none.jsonl"},
		{func(o *Options) { o.ReferenceProfile = bad }, "reading profile " + bad},
		{func(o *Options) { o.ReferenceProfile = "" }, "--reference-profile"},
		{func(o *Options) { o.Data = nil }, "--data"},
		{func(o *Options) { m := 1.5; o.MaxMissing = &m }, "max missing 1.5"},
		{func(o *Options) { o.Schema = filepath.Join(f.dir, "none.json") }, "none.json"},
		{func(o *Options) { o.ModelMetadata = filepath.Join(f.dir, "meta.json") }, "reading model metadata"},
		{func(o *Options) { o.ReferencePredictions = []string{filepath.Join(f.dir, "p.csv")} }, "p.csv"},
		{func(o *Options) { o.Data = []string{write(t, f.dir, "empty.csv", "age,income\n")} }, "has no rows"},
	}
	for _, c := range cases {
		opt := f.options(sample)
		c.mod(&opt)
		v := Run(context.Background(), opt)
		if v.Result.Status != result.Error || !strings.Contains(v.Result.Error, c.want) || v.Retrain {
			t.Errorf("want error with %q, got %s %q", c.want, v.Result.Status, v.Result.Error)
		}
		if err := v.Result.Validate(); err != nil {
			t.Error(err)
		}
	}
}

func TestParseAge(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]time.Duration{
		"30d": 30 * day, "2w": 14 * day, "36h": 36 * time.Hour, "1.5d": 36 * time.Hour, "90m": 90 * time.Minute,
	} {
		if got, err := ParseAge(in); err != nil || got != want {
			t.Errorf("ParseAge(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "d", "-3d", "0d", "30", "3y", "NaNd", "1e300w"} {
		if _, err := ParseAge(in); err == nil {
			t.Errorf("ParseAge(%q) accepted", in)
		}
	}
	if got := FormatAge(31*day + 12*time.Hour); got != "31.5d" {
		t.Errorf("FormatAge = %q", got)
	}
}

func TestParseDriftThresholds(t *testing.T) {
	t.Parallel()
	th, err := ParseDriftThresholds([]string{"0.3", "linf=0.15,ks_alpha=0.01", "measure=js", "js=0.2"})
	if err != nil || th.PSI != 0.3 || th.LInf != 0.15 || th.KSAlpha != 0.01 || th.Measure != "js" || th.JS != 0.2 {
		t.Fatalf("%+v, %v", th, err)
	}
	for _, bad := range []string{"psi=-1", "psi=x", "foo=1", "ks_alpha=1", "measure=ks", "NaN"} {
		if _, err := ParseDriftThresholds([]string{bad}); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func BenchmarkRun(b *testing.B) {
	f := newFixture(b)
	sample := servingJSONL(b, f.dir, "serving.jsonl", 20000, shift{incomeSD: 0.5, positive: 0.4})
	opt := f.options(sample)
	b.ResetTimer()
	for b.Loop() {
		if v := Run(context.Background(), opt); v.Result.Status == result.Error {
			b.Fatal(v.Result.Error)
		}
	}
}
