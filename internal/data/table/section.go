package table

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"sync/atomic"
)

// Section is a byte range of a plain CSV or TSV file that starts at a
// record boundary, so that sections can be parsed in parallel.
type Section struct {
	Start, End int64
	// FirstLine is the 1-based line number at Start.
	FirstLine int
}

// minSectionBytes keeps sections large enough to be worth a goroutine.
const minSectionBytes = 4 << 20

// SplitLines splits the rows of one plain (not compressed) CSV or TSV file
// into at most n sections of about equal size, at line boundaries, when
// that is safe: the file must contain no '"' when quoting applies, so that
// every newline ends a record. It returns nil, nil when the file is not
// worth or not safe to split; the caller then reads it as a stream.
func SplitLines(path string, n int, format Format, opt Options) ([]Section, error) {
	if n < 2 || (format != CSV && format != TSV) {
		return nil, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, &Error{File: path, Msg: fmt.Sprintf("cannot read: %v", unwrapPathError(err)), Err: err}
	}
	defer f.Close()
	st, err := f.Stat()
	minBytes := int64(minSectionBytes)
	if opt.MinSectionBytes > 0 {
		minBytes = opt.MinSectionBytes
	}
	if err != nil || st.Size() < 2*minBytes {
		return nil, nil
	}
	quoting := format == CSV || opt.TSVQuotes
	secs, err := cutLines(f, st.Size(), n, quoting, minBytes, 1<<20)
	if err != nil {
		return nil, &Error{File: path, Msg: err.Error(), Err: err}
	}
	return secs, nil
}

// cutLines is SplitLines on an open file of the given size, read in
// buffers of bufSize bytes.
//
// It finds the first line start past each cut point (a few reads around
// the points), then reads the sections in parallel, one goroutine each, to
// reject quotes and count the lines before each section with bytes.Count:
// the whole file is read, at memory speed, on all cores.
func cutLines(f io.ReaderAt, size int64, n int, quoting bool, minBytes int64, bufSize int) ([]Section, error) {
	n = int(min(int64(n), size/minBytes))
	buf := make([]byte, bufSize)
	if m, _ := f.ReadAt(buf[:2], 0); m == 2 && buf[0] == 0x1f && buf[1] == 0x8b {
		return nil, nil // gzip: a stream only
	}
	// lineAfter returns the index past the first '\n' at or after from, or
	// -1 when there is none.
	lineAfter := func(from int64) (int64, error) {
		for off := from; off < size; {
			m, err := f.ReadAt(buf[:min(int64(len(buf)), size-off)], off)
			if j := bytes.IndexByte(buf[:m], '\n'); j >= 0 {
				return off + int64(j) + 1, nil
			}
			if err != nil && err != io.EOF {
				return -1, err
			}
			if m == 0 {
				return -1, nil // the file is shorter than it was
			}
			off += int64(m)
		}
		return -1, nil
	}
	head, err := lineAfter(0)
	if err != nil || head < 0 {
		return nil, err
	}
	cuts := []int64{head} // cuts[0] is the end of the header
	for len(cuts) < n {
		// The first line start at or past the point, after the last cut.
		point := head + int64(len(cuts))*(size-head)/int64(n)
		c, err := lineAfter(max(point-1, cuts[len(cuts)-1]))
		if err != nil {
			return nil, err
		}
		if c < 0 || c >= size {
			break
		}
		cuts = append(cuts, c)
	}
	if len(cuts) < 2 {
		return nil, nil
	}

	// Region 0 is the header; region k+1 is section k.
	starts := append([]int64{0}, cuts...)
	counts := make([]int, len(starts))
	errs := make([]error, len(starts))
	var quoted atomic.Bool
	var wg sync.WaitGroup
	for k, start := range starts {
		end := size
		if k+1 < len(starts) {
			end = starts[k+1]
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			b := buf // region 0 reuses the first buffer
			if k > 0 {
				b = make([]byte, bufSize)
			}
			for off := start; off < end && !quoted.Load(); {
				m, err := f.ReadAt(b[:min(int64(len(b)), end-off)], off)
				if quoting && bytes.IndexByte(b[:m], '"') >= 0 {
					quoted.Store(true)
				}
				counts[k] += bytes.Count(b[:m], []byte{'\n'})
				if err != nil && err != io.EOF {
					errs[k] = err
					return
				}
				if m == 0 {
					return // the file is shorter than it was
				}
				off += int64(m)
			}
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	if quoted.Load() {
		return nil, nil
	}
	out := make([]Section, len(cuts))
	line := 1 + counts[0] // the header's lines
	for i, c := range cuts {
		end := size
		if i+1 < len(cuts) {
			end = cuts[i+1]
		}
		out[i] = Section{Start: c, End: end, FirstLine: line}
		line += counts[i+1]
	}
	return out, nil
}

// OpenSection reads one section of a plain CSV or TSV file whose columns
// are already known (from the file's header, read by [Open]). Rows carry
// their true line numbers; Row.Index counts from 0 within the section.
func OpenSection(ctx context.Context, path string, sec Section, cols []string, format Format, opt Options) (*Reader, error) {
	if opt.MaxLineBytes <= 0 {
		opt.MaxLineBytes = DefaultMaxLineBytes
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, &Error{File: path, Msg: fmt.Sprintf("cannot read: %v", unwrapPathError(err)), Err: err}
	}
	r := &Reader{ctx: ctx, opt: opt, files: []string{path}, next: 1, format: format, first: path, cols: cols, cur: path,
		jsonCol: &columnSet{index: map[string]int{}}}
	r.closers = append(r.closers, f)
	counted := &countingReader{r: io.NewSectionReader(f, sec.Start, sec.End-sec.Start), n: &r.bytes}
	comma, quoting := byte(','), true
	if format == TSV {
		comma, quoting = '\t', opt.TSVQuotes
	}
	if opt.Comma != 0 {
		comma = opt.Comma
	}
	lr := &lineReader{br: bufio.NewReaderSize(counted, readBufSize), file: path, max: opt.MaxLineBytes, numLine: sec.FirstLine - 1}
	r.src = &csvSource{lr: lr, file: path, comma: comma, quoting: quoting, max: opt.MaxLineBytes, cols: cols, borrow: opt.BorrowText}
	return r, nil
}
