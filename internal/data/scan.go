package data

import (
	"context"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"runtime"
	"slices"
	"sync"

	"github.com/mlgate/mlgate/internal/data/privacy"
	"github.com/mlgate/mlgate/internal/data/profile"
	"github.com/mlgate/mlgate/internal/data/schema"
	"github.com/mlgate/mlgate/internal/data/table"
)

// scanResult is what one pass over the data found.
type scanResult struct {
	profile *profile.Profile
	cols    []string
	rows    int64 // rows read, those with read errors included
	invalid int64
	groups  *groups
	missing []string // schema columns absent from the data
	extra   []string // data columns absent from the schema
	dupes   map[string]*uniqueTracker
}

// batchRows is how many rows the reader hands to the checker at a time.
const batchRows = 1024

// batch is a run of rows copied out of the reader, which reuses its row.
type batch struct {
	rows []table.Row
	errs []*table.RowError // per row, nil for most
	vals []table.Value     // backing store of the rows' values
	cols []string          // the reader's columns for these rows
}

// scan reads the dataset once: row validation, profile (full when a
// reference or --profile-out needs it, missing counts otherwise), PII and
// uniqueness.
//
// A single plain CSV/TSV file without quotes is cut into sections parsed
// and checked in parallel, one per CPU (the checks of one section need
// nothing from another, except uniqueness, which keeps the stream). Any
// other input streams: one goroutine parses while another checks.
func scan(ctx context.Context, opt ValidateOptions, v *schema.Validator, rl *rules, fullProfile bool) (*scanResult, error) {
	r, err := table.Open(ctx, opt.Data, opt.Read)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	files, cols := r.Files(), slices.Clone(r.Columns())
	newChecker := func() (*checker, error) { return newCheck(files, cols, opt.MaxExamples, v, rl, fullProfile) }

	if workers := runtime.GOMAXPROCS(0); len(files) == 1 && v.FastPath() && !rl.hasUnique() {
		secs, err := table.SplitLines(files[0], workers, r.Format(), opt.Read)
		if err != nil {
			return nil, err
		}
		if len(secs) > 1 {
			r.Close()
			return scanSections(ctx, opt, files[0], cols, r.Format(), secs, newChecker)
		}
	}

	c, err := newChecker()
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	br := readInBatches(ctx, r, opt.Progress, 4)
	for bt := range br.full {
		if err == nil {
			if err = c.batch(bt); err != nil {
				cancel() // the rest need not be read
			}
		}
		br.free <- bt
	}
	if rerr := br.wait(); rerr != nil && err == nil {
		err = rerr
	}
	if err != nil {
		return nil, err
	}
	sc := c.finish()
	if opt.Progress != nil {
		opt.Progress(sc.rows, r.BytesRead())
	}
	return sc, nil
}

// scanSections checks the sections of one file in parallel and merges the
// results in file order, so they equal those of a sequential pass.
func scanSections(ctx context.Context, opt ValidateOptions, path string, cols []string, format table.Format, secs []table.Section, newChecker func() (*checker, error)) (*scanResult, error) {
	checkers := make([]*checker, len(secs))
	errs := make([]error, len(secs))
	var wg sync.WaitGroup
	for i, sec := range secs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := newChecker()
			if err != nil {
				errs[i] = err
				return
			}
			checkers[i] = c
			// Each row is checked before the next is read, and the checks
			// copy what they keep (finding examples, profile values), so the
			// rows' strings can share the reader's buffer.
			ropt := opt.Read
			ropt.BorrowText = true
			r, err := table.OpenSection(ctx, path, sec, cols, format, ropt)
			if err != nil {
				errs[i] = err
				return
			}
			defer r.Close()
			var vs []schema.Violation
			for {
				row, err := r.Read()
				if err == io.EOF {
					return
				}
				rowErr, err := splitReadError(err)
				if err != nil {
					errs[i] = err
					return
				}
				if rowErr == nil {
					vs = c.bound.ValidateRow(row, vs[:0])
				} else {
					vs = vs[:0]
				}
				c.account(row, rowErr, vs)
			}
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	sc := checkers[0].finish()
	for _, c := range checkers[1:] {
		o := c.finish()
		sc.rows += o.rows
		sc.invalid += o.invalid
		sc.groups.merge(o.groups)
		merged, err := profile.Merge(sc.profile, o.profile)
		if err != nil {
			return nil, err
		}
		sc.profile = merged
	}
	sc.profile.Sources = []string{path}
	sc.profile.Order(cols)
	if opt.Progress != nil {
		opt.Progress(sc.rows, 0)
	}
	return sc, nil
}

// splitReadError splits an error of [table.Reader.Read] into a row problem
// (reading goes on) and a fatal error. It does not allocate when err is nil
// or a *table.RowError, as Read returns it; errors.As with a variable of the
// loop would put that variable on the heap for every row.
func splitReadError(err error) (*table.RowError, error) {
	if err == nil {
		return nil, nil
	}
	if re, ok := err.(*table.RowError); ok {
		return re, nil
	}
	var re *table.RowError
	if errors.As(err, &re) {
		return re, nil
	}
	return nil, err
}

// batchReader reads a table in its own goroutine into a pool of reused
// batches: the consumers range over full, give every batch back on free,
// and then call wait.
type batchReader struct {
	full chan *batch // filled batches; closed at the end of the data
	free chan *batch // batches given back for reuse
	err  chan error
}

// readInBatches starts reading r into a pool of n batches.
func readInBatches(ctx context.Context, r *table.Reader, progress func(rows, bytes int64), n int) *batchReader {
	br := &batchReader{full: make(chan *batch, n), free: make(chan *batch, n), err: make(chan error, 1)}
	for range n {
		br.free <- &batch{}
	}
	go func() {
		defer close(br.full)
		br.err <- readBatches(ctx, r, progress, br.full, br.free)
	}()
	return br
}

// wait returns the reader's error; call it once full is drained.
func (br *batchReader) wait() error { return <-br.err }

// readBatches copies rows from r into batches until the end of the data.
func readBatches(ctx context.Context, r *table.Reader, progress func(rows, bytes int64), full, free chan *batch) error {
	var cols []string
	var n int64
	for {
		var b *batch
		select {
		case b = <-free:
		case <-ctx.Done():
			return ctx.Err()
		}
		b.rows, b.errs, b.vals = b.rows[:0], b.errs[:0], b.vals[:0]
		for len(b.rows) < batchRows {
			row, err := r.Read()
			if err == io.EOF {
				break
			}
			rowErr, err := splitReadError(err)
			if err != nil {
				free <- b
				return err
			}
			if rc := r.Columns(); len(rc) != len(cols) {
				cols = slices.Clone(rc)
			}
			start := len(b.vals)
			b.vals = append(b.vals, row.Values...)
			b.rows = append(b.rows, table.Row{File: row.File, Line: row.Line, Index: row.Index, Values: b.vals[start:len(b.vals):len(b.vals)]})
			b.errs = append(b.errs, rowErr)
			n++
			if progress != nil && n%65536 == 0 {
				progress(n, r.BytesRead())
			}
		}
		// Keep every row's values in the final backing array.
		off := 0
		for i := range b.rows {
			k := len(b.rows[i].Values)
			b.rows[i].Values = b.vals[off : off+k : off+k]
			off += k
		}
		b.cols = cols
		if len(b.rows) == 0 {
			free <- b
			return nil
		}
		full <- b
	}
}

// checker holds the state of the row checks over one stream of rows.
type checker struct {
	sc     *scanResult
	b      *profile.Builder
	v      *schema.Validator
	rl     *rules
	bound  *schema.Bound
	cols   []string
	piiIdx []int
	uniqIx []int
	uniq   []*uniqueTracker
	seed   maphash.Seed
	vs     []schema.Violation
}

func newCheck(files, cols []string, maxExamples int, v *schema.Validator, rl *rules, fullProfile bool) (*checker, error) {
	c := &checker{
		sc:   &scanResult{groups: newGroups(maxExamples), dupes: map[string]*uniqueTracker{}},
		b:    profile.NewMissingBuilder(),
		v:    v,
		rl:   rl,
		seed: maphash.MakeSeed(),
	}
	if fullProfile {
		c.b = profile.NewBuilder()
	}
	for _, f := range files {
		c.b.AddSource(f)
	}
	return c, c.rebind(cols)
}

// rebind follows the reader's columns (JSON Lines discovers them).
func (c *checker) rebind(cols []string) error {
	var err error
	if c.bound, err = c.v.Bind(cols); err != nil {
		return err
	}
	c.cols = cols
	c.piiIdx, c.uniqIx, c.uniq = c.piiIdx[:0], c.uniqIx[:0], c.uniq[:0]
	for i, name := range cols {
		cr := c.rl.cols[name]
		if cr == nil {
			continue
		}
		if cr.noPII {
			c.piiIdx = append(c.piiIdx, i)
		}
		if cr.unique {
			t := c.sc.dupes[name]
			if t == nil {
				t = &uniqueTracker{seen: map[uint64]int{}, seed: c.seed}
				c.sc.dupes[name] = t
			}
			c.uniqIx = append(c.uniqIx, i)
			c.uniq = append(c.uniq, t)
		}
	}
	return nil
}

// batch checks a batch of rows.
func (c *checker) batch(bt *batch) error {
	if len(bt.cols) != len(c.cols) {
		if err := c.rebind(bt.cols); err != nil {
			return err
		}
	}
	if c.v.FastPath() {
		// The reader keeps the other core busy: validate here.
		for i := range bt.rows {
			if bt.errs[i] == nil {
				c.vs = c.bound.ValidateRow(&bt.rows[i], c.vs[:0])
			} else {
				c.vs = c.vs[:0]
			}
			c.account(&bt.rows[i], bt.errs[i], c.vs)
		}
		return nil
	}
	// The reference validator is ~60x slower than parsing: spread it
	// across cores.
	c.bound.ValidateBatch(bt.rows, func(i int, vs []schema.Violation) {
		c.account(&bt.rows[i], bt.errs[i], vs)
	})
	return nil
}

// account records one row: its read problems or its violations, profile,
// personal data and uniqueness.
func (c *checker) account(row *table.Row, rowErr *table.RowError, vs []schema.Violation) {
	sc := c.sc
	sc.rows++
	if rowErr != nil {
		// Not profiled: a row that could not be read would skew the statistics.
		sc.invalid++
		for _, p := range rowErr.Problems {
			sc.groups.add(p.Field, "read:"+p.Code, p.Msg, row.File, row.Line, "")
		}
		return
	}
	c.b.Add(c.cols, row)
	bad := len(vs) > 0
	for _, x := range vs {
		sc.groups.add(x.Column, x.Keyword, x.Message, row.File, row.Line, x.Value)
	}
	for _, i := range c.piiIdx {
		val := &row.Values[i]
		if val.Kind != table.Text && val.Kind != table.String {
			continue
		}
		if k, found := privacy.Scan(val.Str); found {
			bad = true
			sc.groups.add(c.cols[i], "pii:"+string(k), "looks like personal data ("+string(k)+") in a column marked \"pii\": false", row.File, row.Line, redact(val.Str))
		}
	}
	for j, i := range c.uniqIx {
		val := &row.Values[i]
		if val.Kind == table.Absent || val.Kind == table.Null {
			continue
		}
		if first, dup := c.uniq[j].add(val.Str, row.Line); dup {
			bad = true
			sc.groups.add(c.cols[i], "unique", fmt.Sprintf("duplicate value (first at line %d) in a column marked unique", first), row.File, row.Line, val.Str)
		}
	}
	if bad {
		sc.invalid++
	}
}

// finish returns the result of the checks.
func (c *checker) finish() *scanResult {
	sc := c.sc
	sc.profile = c.b.Profile()
	sc.cols = c.cols
	sc.missing = c.bound.Missing()
	sc.extra = c.bound.Extra()
	return sc
}
