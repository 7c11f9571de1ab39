package table

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
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
	size := st.Size()
	quoting := format == CSV || opt.TSVQuotes

	// One sequential pass at memory speed (IndexByte per line): reject gzip
	// and quotes, and note the first line start past each cut point.
	n = int(min(int64(n), size/minBytes))
	var cuts []int64 // cuts[0] is the end of the header
	var lines []int
	buf := make([]byte, 1<<20)
	var off int64
	line := 1 // the line number of the line starting at off
	for {
		m, rerr := f.Read(buf)
		b := buf[:m]
		if off == 0 && m >= 2 && b[0] == 0x1f && b[1] == 0x8b {
			return nil, nil // gzip: a stream only
		}
		if quoting && bytes.IndexByte(b, '"') >= 0 {
			return nil, nil
		}
		base := off
		for i := 0; i < len(b); {
			j := bytes.IndexByte(b[i:], '\n')
			if j < 0 {
				break
			}
			i += j + 1
			line++
			start := base + int64(i) // a line starts here
			switch {
			case len(cuts) == 0:
				cuts, lines = append(cuts, start), append(lines, line)
			case len(cuts) < n && start < size && start >= cuts[0]+int64(len(cuts))*(size-cuts[0])/int64(n):
				cuts, lines = append(cuts, start), append(lines, line)
			}
		}
		off += int64(m)
		if rerr == io.EOF {
			break
		}
		if rerr != nil {
			return nil, &Error{File: path, Msg: rerr.Error(), Err: rerr}
		}
	}
	if len(cuts) < 2 {
		return nil, nil
	}
	out := make([]Section, len(cuts))
	for i, c := range cuts {
		end := size
		if i+1 < len(cuts) {
			end = cuts[i+1]
		}
		out[i] = Section{Start: c, End: end, FirstLine: lines[i]}
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
	r.src = &csvSource{lr: lr, file: path, comma: comma, quoting: quoting, max: opt.MaxLineBytes, cols: cols}
	return r, nil
}
