// Package data is the data gate: it infers a schema and a profile from
// training data, validates datasets against the schema row by row and as a
// whole, and compares their profile with a reference to find drift and
// training/serving skew. Its entry points return result.Result values; the
// CLI turns them into files and exit codes.
package data

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"os"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/mlgate/mlgate/internal/data/drift"
	"github.com/mlgate/mlgate/internal/data/profile"
	"github.com/mlgate/mlgate/internal/data/schema"
	"github.com/mlgate/mlgate/internal/data/table"
	"github.com/mlgate/mlgate/internal/result"
)

// Kind is the gate kind written into results.
const Kind = "data"

// DefaultMaxExamples is how many example rows each finding group quotes.
const DefaultMaxExamples = 5

// maxUniqueTracked bounds the values remembered per unique column.
const maxUniqueTracked = 5_000_000

// ValidateOptions configure [Validate].
type ValidateOptions struct {
	ID, Title string
	// Data are the files or globs of the dataset (shards read as one).
	Data []string
	// Schema is the path of the row schema (JSON Schema, draft 2020-12).
	Schema string
	// ReferenceProfile or Reference (data files) enable drift detection.
	ReferenceProfile string
	Reference        []string
	// ProfileOut, when set, receives the profile of the data.
	ProfileOut string
	// MaxExamples per finding group; 0 means DefaultMaxExamples.
	MaxExamples int
	// Read configures the readers.
	Read table.Options
	// Now is the clock.
	Now func() time.Time
	// Progress, when set, is called now and then with rows and bytes read.
	Progress func(rows, bytes int64)
}

// Validate checks a dataset against a schema and, with a reference,
// against the reference's distribution. It never panics: input it cannot
// read gives a result with status error that says where.
func Validate(ctx context.Context, opt ValidateOptions) (res result.Result) {
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.ID == "" {
		opt.ID = Kind
	}
	if opt.MaxExamples <= 0 {
		opt.MaxExamples = DefaultMaxExamples
	}
	start := opt.Now()
	res = result.Result{Version: result.Version, ID: opt.ID, Gate: Kind, Title: opt.Title, StartedAt: start.UTC()}
	defer func() {
		if p := recover(); p != nil {
			res = result.Errored(opt.ID, Kind, start, fmt.Errorf("internal error: %v", p))
		}
		res.Title = opt.Title
		res.DurationMS = float64(opt.Now().Sub(start).Microseconds()) / 1000
	}()
	fail := func(err error) result.Result {
		r := result.Errored(opt.ID, Kind, start, err)
		return r
	}
	if len(opt.Data) == 0 {
		return fail(errors.New("no data: give --data FILE (or a glob)"))
	}
	doc, rl, err := loadSchema(opt.Schema)
	if err != nil {
		return fail(err)
	}
	v, err := schema.Compile(doc, schema.Options{})
	if err != nil {
		return fail(fmt.Errorf("schema %s: %w", opt.Schema, err))
	}

	var ref *profile.Profile
	switch {
	case opt.ReferenceProfile != "":
		if ref, err = ReadProfile(opt.ReferenceProfile); err != nil {
			return fail(err)
		}
	case len(opt.Reference) > 0:
		if ref, err = ProfileData(ctx, opt.Reference, opt.Read, nil); err != nil {
			return fail(fmt.Errorf("profiling the reference: %w", err))
		}
	}

	sc, err := scan(ctx, opt, v, rl, ref != nil || opt.ProfileOut != "")
	if err != nil {
		return fail(err)
	}
	if opt.ProfileOut != "" {
		if err := WriteProfile(opt.ProfileOut, sc.profile); err != nil {
			return fail(err)
		}
	}

	var findings []result.Finding
	var metrics []result.Metric
	status := result.Pass
	worse := func(s result.Status) { status = result.Worst(status, s) }

	rows := sc.rows
	invalidMetric := result.Metric{Name: "invalid rows", Value: result.F(float64(sc.invalid)),
		Rule: fmt.Sprintf("<= %s of rows", pct(rl.maxInvalid)), Status: result.Pass}
	if float64(sc.invalid) > rl.maxInvalid*float64(rows) {
		invalidMetric.Status = result.Fail
		invalidMetric.Message = fmt.Sprintf("%d of %d rows (%s) fail the schema", sc.invalid, rows, pct(frac(sc.invalid, rows)))
	}
	worse(invalidMetric.Status)
	metrics = append(metrics, result.Metric{Name: "rows", Value: result.F(float64(rows))}, invalidMetric)
	findings = append(findings, sc.groups.findings(opt.MaxExamples, invalidMetric.Status)...)

	ds := datasetChecks(rl, sc)
	for _, f := range ds {
		if f.Severity == result.SeverityError {
			worse(result.Fail)
		} else if f.Severity == result.SeverityWarning {
			worse(result.Warn)
		}
	}
	findings = append(findings, ds...)

	summary := fmt.Sprintf("%s rows, %s invalid", Thousands(rows), Thousands(sc.invalid))
	if ref != nil {
		rep, err := drift.Compare(ref, sc.profile, rl.driftOpt)
		if err != nil {
			return fail(fmt.Errorf("comparing with the reference: %w", err))
		}
		dm, df, charts := driftResults(rep, rl.driftFails)
		metrics = append(metrics, dm...)
		findings = append(findings, df...)
		res.Charts = charts
		if rep.Drifted > 0 {
			if rl.driftFails {
				worse(result.Fail)
			} else {
				worse(result.Warn)
			}
		}
		summary += fmt.Sprintf(", %d of %d columns drifted", rep.Drifted, rep.Compared)
	}
	if !v.FastPath() {
		findings = append(findings, result.Finding{Severity: result.SeverityNotice, Check: "schema",
			Message: "rows were validated by the reference JSON Schema validator (slower): " + v.Reason()})
	}

	res.Status = status
	res.Summary = summary
	res.Metrics = metrics
	res.Findings = findings
	res.MLTests = mlTests(rl, ref != nil)
	return res
}

// mlTests lists the ML Test Score tests a validation automated: the schema
// (data-1) always; forbidden columns (data-4) and the personal-data scan
// (data-5) when the schema asks for them; training/serving skew (monitor-3)
// when the data was compared with a reference.
func mlTests(rl *rules, withReference bool) []string {
	tests := []string{"data-1"}
	if len(rl.forbidden) > 0 {
		tests = append(tests, "data-4")
	}
	for _, c := range rl.cols {
		if c.noPII {
			tests = append(tests, "data-5")
			break
		}
	}
	if withReference {
		tests = append(tests, "monitor-3")
	}
	return tests
}

// uniqueTracker remembers the hashes of a unique column's values.
type uniqueTracker struct {
	seen     map[uint64]int // hash -> first line
	seed     maphash.Seed
	overflow bool
}

func (u *uniqueTracker) add(s string, line int) (first int, dup bool) {
	h := maphash.String(u.seed, s)
	if first, ok := u.seen[h]; ok {
		return first, true
	}
	if len(u.seen) >= maxUniqueTracked {
		u.overflow = true
		return 0, false
	}
	u.seen[h] = line
	return 0, false
}

// datasetChecks are the checks of the dataset as a whole.
func datasetChecks(rl *rules, sc *scanResult) []result.Finding {
	var out []result.Finding
	add := func(sev result.Severity, check, field, msg string) {
		f := result.Finding{Severity: sev, Check: check, Message: msg}
		if field != "" {
			f.Location = &result.Location{Field: field}
		}
		out = append(out, f)
	}
	rows := sc.rows
	if rl.rowsMin != nil && float64(rows) < *rl.rowsMin {
		add(result.SeverityError, "dataset:rows", "", fmt.Sprintf("%s rows, fewer than the minimum %s", Thousands(rows), num(*rl.rowsMin)))
	}
	if rl.rowsMax != nil && float64(rows) > *rl.rowsMax {
		add(result.SeverityError, "dataset:rows", "", fmt.Sprintf("%s rows, more than the maximum %s", Thousands(rows), num(*rl.rowsMax)))
	}
	for _, c := range sc.missing {
		add(result.SeverityError, "dataset:missing-column", c, fmt.Sprintf("column %s is in the schema but not in the data", c))
	}
	for _, c := range sc.extra {
		add(result.SeverityError, "dataset:new-column", c, fmt.Sprintf("column %s is in the data but not in the schema", c))
	}
	for _, c := range rl.forbidden {
		if slices.Contains(sc.cols, c) {
			add(result.SeverityError, "privacy:forbidden-column", c, fmt.Sprintf("column %s must not be present (x-mlgate.forbidden_columns)", c))
		}
	}
	if len(rl.order) > 0 {
		var got []string
		for _, c := range sc.cols {
			if slices.Contains(rl.order, c) {
				got = append(got, c)
			}
		}
		var want []string
		for _, c := range rl.order {
			if slices.Contains(got, c) {
				want = append(want, c)
			}
		}
		if !slices.Equal(got, want) {
			add(result.SeverityWarning, "dataset:column-order", "", fmt.Sprintf("column order changed: the schema has %s, the data has %s", strings.Join(want, ", "), strings.Join(got, ", ")))
		}
	}
	names := make([]string, 0, len(rl.cols))
	for n := range rl.cols {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		cr := rl.cols[name]
		c := sc.profile.Column(name)
		if c == nil || rows == 0 {
			continue
		}
		if cr.maxMissing != nil {
			f := frac(c.Missing(), rows)
			if f > *cr.maxMissing {
				add(result.SeverityError, "dataset:missing", name, fmt.Sprintf("%s of %s is missing (%s rows), more than the allowed %s", pct(f), name, Thousands(c.Missing()), pct(*cr.maxMissing)))
			}
		}
		if t := sc.dupes[name]; t != nil && t.overflow {
			add(result.SeverityNotice, "unique", name, fmt.Sprintf("uniqueness of %s was checked on its first %s distinct values only", name, Thousands(maxUniqueTracked)))
		}
	}
	return out
}

// WriteProfile writes a profile file atomically.
func WriteProfile(path string, p *profile.Profile) error {
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return fmt.Errorf("writing profile %s: %w", path, err)
	}
	if err := profile.Encode(f, p); err != nil {
		f.Close()
		os.Remove(tmp)
		return fmt.Errorf("writing profile %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("writing profile %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("writing profile %s: %w", path, err)
	}
	return nil
}

// ReadProfile reads a profile file.
func ReadProfile(path string) (*profile.Profile, error) {
	raw, err := readBounded(path, maxProfileBytes)
	if err != nil {
		return nil, fmt.Errorf("reading profile %s: %w", path, err)
	}
	p, err := profile.Decode(bytes.NewReader(raw))
	if err != nil {
		// A JSON error gets its file:line:col; a profile that is valid JSON
		// but not a profile names the file.
		var syn *json.SyntaxError
		if errors.As(err, &syn) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, fmt.Errorf("reading profile: %w", jsonPosError(path, raw, err))
		}
		return nil, fmt.Errorf("reading profile %s: %w", path, err)
	}
	return p, nil
}

// maxProfileBytes bounds a profile file ReadProfile reads.
const maxProfileBytes = 1 << 30

// UnreadableRowsError is returned by [ProfileData] when rows of the data
// could not be read (a ragged row, invalid UTF-8, a bare quote): a profile
// or a schema learned from part of the data would be silently wrong.
type UnreadableRowsError struct {
	// Rows counts the rows that could not be read.
	Rows int64
	// First is the first such row's first problem, by file and line.
	First *table.Error
}

func (e *UnreadableRowsError) Error() string {
	noun := "rows"
	if e.Rows == 1 {
		noun = "row"
	}
	return fmt.Sprintf("%v (%s %s could not be read; fix the data, or validate it with mlgate data validate to list every problem)",
		e.First, Thousands(e.Rows), noun)
}

// Unwrap returns the first problem.
func (e *UnreadableRowsError) Unwrap() error { return e.First }

// ProfileData profiles a dataset in one pass: one goroutine parses, one
// builder per CPU profiles batches of rows, and the builders' profiles are
// merged (profiles are mergeable, so the result does not depend on how the
// batches were shared out). Rows that could not be read make it fail with
// an [*UnreadableRowsError].
func ProfileData(ctx context.Context, paths []string, opt table.Options, progress func(rows, bytes int64)) (*profile.Profile, error) {
	r, err := table.Open(ctx, paths, opt)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	files := r.Files()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	workers := max(1, runtime.GOMAXPROCS(0))
	br := readInBatches(ctx, r, progress, 2*workers)
	parts := make([]*profile.Profile, workers)
	bad := make([]UnreadableRowsError, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			b := profile.NewBuilder()
			for bt := range br.full {
				for i := range bt.rows {
					if e := bt.errs[i]; e != nil {
						bad[w].add(e, files)
						continue
					}
					b.Add(bt.cols, &bt.rows[i])
				}
				br.free <- bt
			}
			parts[w] = b.Profile()
		}()
	}
	wg.Wait()
	if err := br.wait(); err != nil {
		return nil, err
	}
	var unreadable UnreadableRowsError
	for i := range bad {
		unreadable.merge(&bad[i], files)
	}
	if unreadable.Rows > 0 {
		return nil, &unreadable
	}
	p, err := profile.Merge(parts...)
	if err != nil {
		return nil, err
	}
	p.Sources = files
	p.Order(r.Columns())
	return p, nil
}

// add counts one unreadable row and keeps the earliest problem.
func (u *UnreadableRowsError) add(e *table.RowError, files []string) {
	u.Rows++
	if len(e.Problems) > 0 {
		u.keepEarliest(&e.Problems[0], files)
	}
}

// merge adds the counts of o and keeps the earliest problem of both.
func (u *UnreadableRowsError) merge(o *UnreadableRowsError, files []string) {
	u.Rows += o.Rows
	if o.First != nil {
		u.keepEarliest(o.First, files)
	}
}

func (u *UnreadableRowsError) keepEarliest(p *table.Error, files []string) {
	if u.First == nil || earlier(p, u.First, files) {
		c := *p
		u.First = &c
	}
}

// earlier orders problems by the position of their file in files, then by line.
func earlier(a, b *table.Error, files []string) bool {
	ia, ib := slices.Index(files, a.File), slices.Index(files, b.File)
	if ia != ib {
		return ia < ib
	}
	return a.Line < b.Line
}
