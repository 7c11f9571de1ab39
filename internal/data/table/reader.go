package table

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"

	"github.com/klauspost/compress/gzip"
)

// DefaultMaxLineBytes is the default bound on one line or record.
const DefaultMaxLineBytes = 16 << 20

// ctxCheckRows is how often (in rows) Read checks for cancellation.
const ctxCheckRows = 1024

// Options configures [Open].
type Options struct {
	// Format of every file; Auto (0) detects it per file with [DetectFormat].
	// All files of one dataset must have the same format.
	Format Format
	// MaxLineBytes bounds one line (and one CSV record); a longer one is an
	// error naming file and line. 0 means DefaultMaxLineBytes.
	MaxLineBytes int
	// Comma overrides the field delimiter of CSV (default ',') and TSV
	// (default '\t'). It must be one ASCII byte other than '"', '\r', '\n'.
	Comma byte
	// TSVQuotes makes TSV honor RFC 4180 quoting like CSV. By default TSV
	// has no quoting: a '"' is an ordinary character (as IANA's
	// text/tab-separated-values).
	TSVQuotes bool
	// TempDir is where a gzipped Parquet file is decompressed (it needs
	// random access); "" means os.TempDir().
	TempDir string

	// BorrowText lets the Str of CSV and TSV Text values share the
	// reader's buffer instead of being copied: they are then valid only
	// until the next Read (or Close), like the Row itself, and a caller
	// must copy any it keeps (strings.Clone). It saves a copy of every
	// record, for callers that consume each row before reading the next.
	// Other formats ignore it.
	BorrowText bool

	// MinSectionBytes is the smallest section [SplitLines] cuts; 0 means
	// 4 MiB. Smaller sections cost more goroutine and merge overhead.
	MinSectionBytes int64
}

// source is one open file of a dataset.
type source interface {
	// header returns the file's columns, or nil for JSON Lines.
	header() []string
	// next fills row (Values and Line); it returns io.EOF at the end, a
	// *RowError with the row filled, or a fatal error.
	next(row *Row) error
	// line is the last line (row) read, for error positions.
	line() int
	close() error
}

// Reader streams the rows of a dataset made of one or more files.
// It is not safe for concurrent use, except BytesRead.
type Reader struct {
	ctx   context.Context
	opt   Options
	files []string
	next  int // index in files of the next file to open

	format  Format
	first   string // the first file, for header mismatch errors
	cols    []string
	jsonCol *columnSet

	src     source
	cur     string
	closers []io.Closer
	bytes   atomic.Int64

	row   Row
	index int64
	done  bool
}

// Open opens a dataset made of one or more paths or globs (shards), read
// in order as one stream. Globs are expanded with filepath.Glob and sorted;
// a glob without a match or a missing path is an error naming it. The first
// file is opened (and its header read) now; the header of every later
// CSV/TSV/Parquet shard must match it, else Read returns an error naming
// the file.
func Open(ctx context.Context, paths []string, opt Options) (*Reader, error) {
	if opt.MaxLineBytes <= 0 {
		opt.MaxLineBytes = DefaultMaxLineBytes
	}
	if c := opt.Comma; c != 0 && (c == '"' || c == '\r' || c == '\n' || c >= 0x80) {
		return nil, fmt.Errorf("invalid delimiter %q: want one ASCII character other than quote and newline", c)
	}
	files, err := expand(paths)
	if err != nil {
		return nil, err
	}
	r := &Reader{ctx: ctx, opt: opt, files: files, jsonCol: &columnSet{index: map[string]int{}}}
	if err := r.openNext(); err != nil {
		return nil, err
	}
	return r, nil
}

// expand resolves globs and checks that every file exists.
func expand(paths []string) ([]string, error) {
	if len(paths) == 0 {
		return nil, errors.New("no data files given")
	}
	var files []string
	for _, p := range paths {
		if strings.ContainsAny(p, "*?[") {
			m, err := filepath.Glob(p)
			if err != nil {
				return nil, fmt.Errorf("bad glob %q: %w", p, err)
			}
			if len(m) == 0 {
				return nil, fmt.Errorf("%s: no file matches this pattern", p)
			}
			slices.Sort(m)
			files = append(files, m...)
			continue
		}
		files = append(files, p)
	}
	for _, f := range files {
		st, err := os.Stat(f)
		if err != nil {
			return nil, &Error{File: f, Msg: fmt.Sprintf("cannot read: %v", unwrapPathError(err)), Err: err}
		}
		if st.IsDir() {
			return nil, &Error{File: f, Msg: "is a directory, not a data file"}
		}
	}
	return files, nil
}

func unwrapPathError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Columns returns the dataset's columns. For CSV, TSV and Parquet it is the
// first file's header. For JSON Lines it is the union of the keys seen so
// far in first-seen order, and grows while reading; the slice must not be
// modified.
func (r *Reader) Columns() []string {
	if r.format == JSONL {
		return r.jsonCol.names
	}
	return r.cols
}

// Format returns the format of the dataset's files.
func (r *Reader) Format() Format { return r.format }

// Files returns the files of the dataset, globs expanded, in reading order.
func (r *Reader) Files() []string { return r.files }

// BytesRead returns the number of bytes consumed so far from the files
// (compressed bytes for gzip), for progress reporting. It is safe to call
// from another goroutine.
func (r *Reader) BytesRead() int64 { return r.bytes.Load() }

// Read returns the next row, or io.EOF at the end of the dataset. The Row
// and its Values are reused by the next call; their strings stay valid
// unless Options.BorrowText is set.
//
// Row-level problems do not stop reading: Read then returns the row AND a
// *RowError (use errors.As), and the next call continues with the next
// row. For a ragged CSV/TSV row the values are aligned with the header,
// missing fields Absent and extra fields dropped; after a quote error the
// fields before it are kept and the rest of the row is Absent; invalid
// UTF-8 is kept as is; a JSON Lines line that is not an object has all
// values Absent; for a duplicate key the first value wins.
//
// Any other error is fatal (a *Error naming file and line where one
// applies, or the context's error) and the row is nil.
func (r *Reader) Read() (*Row, error) {
	if r.done {
		return nil, io.EOF
	}
	if r.index%ctxCheckRows == 0 {
		if err := r.ctx.Err(); err != nil {
			return nil, fmt.Errorf("reading %s: %w", r.cur, err)
		}
	}
	for {
		if r.src == nil {
			if r.next >= len(r.files) {
				r.done = true
				return nil, io.EOF
			}
			if err := r.openNext(); err != nil {
				return nil, err
			}
		}
		err := r.src.next(&r.row)
		if err == io.EOF {
			if err := r.closeCurrent(); err != nil {
				return nil, err
			}
			continue
		}
		rowErr, isRowErr := err.(*RowError) // sources return it unwrapped
		if err != nil && !isRowErr {
			return nil, r.fatal(err)
		}
		r.row.File = r.cur
		r.row.Index = r.index
		r.index++
		if rowErr != nil {
			return &r.row, rowErr
		}
		return &r.row, nil
	}
}

// fatal gives a position to an error of the underlying stream (I/O,
// gzip).
func (r *Reader) fatal(err error) error {
	var te *Error
	if errors.As(err, &te) {
		return err
	}
	return &Error{File: r.cur, Line: r.src.line() + 1, Msg: err.Error(), Err: err}
}

// Close closes the file being read.
func (r *Reader) Close() error {
	r.done = true
	return r.closeCurrent()
}

func (r *Reader) closeCurrent() error {
	var errs []error
	if r.src != nil {
		errs = append(errs, r.src.close())
		r.src = nil
	}
	for i := len(r.closers) - 1; i >= 0; i-- {
		errs = append(errs, r.closers[i].Close())
	}
	r.closers = r.closers[:0]
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("closing %s: %w", r.cur, err)
	}
	return nil
}

// openNext opens files[next] and checks that it fits the dataset.
func (r *Reader) openNext() error {
	path := r.files[r.next]
	r.next++
	r.cur = path
	src, format, err := r.openFile(path)
	if err != nil {
		_ = r.closeCurrent()
		return err
	}
	r.src = src
	if r.first == "" {
		r.first, r.format = path, format
		r.cols = src.header()
		return nil
	}
	if format != r.format {
		_ = r.closeCurrent()
		return &Error{File: path, Msg: fmt.Sprintf("is %s but the first file %s is %s; all files of a dataset must have one format", format, r.first, r.format)}
	}
	if h := src.header(); format != JSONL && !slices.Equal(h, r.cols) {
		_ = r.closeCurrent()
		return &Error{File: path, Line: 1, Msg: fmt.Sprintf("header differs from the first file %s: got [%s], want [%s]", r.first, strings.Join(h, ","), strings.Join(r.cols, ","))}
	}
	return nil
}

// openFile opens one file, undoing gzip and detecting the format.
func (r *Reader) openFile(path string) (source, Format, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, &Error{File: path, Msg: fmt.Sprintf("cannot read: %v", unwrapPathError(err)), Err: err}
	}
	r.closers = append(r.closers, f)
	counted := &countingReader{r: f, n: &r.bytes}
	br := bufio.NewReaderSize(counted, readBufSize)
	var stream io.Reader = br
	magic, _ := br.Peek(2)
	gzipped := len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b
	if gzipped {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, 0, &Error{File: path, Msg: fmt.Sprintf("corrupt gzip header: %v", err), Err: err}
		}
		r.closers = append(r.closers, quietCloser{zr})
		stream = bufio.NewReaderSize(&gzipErrReader{r: zr, counted: counted}, readBufSize)
	}
	format := r.opt.Format
	if format == Auto {
		head, err := stream.(*bufio.Reader).Peek(512)
		if err != nil && err != io.EOF && !errors.Is(err, bufio.ErrBufferFull) {
			return nil, 0, r.streamError(path, err)
		}
		if format, err = DetectFormat(path, head); err != nil {
			return nil, 0, &Error{File: path, Msg: strings.TrimPrefix(err.Error(), path+": ")}
		}
	}
	switch format {
	case CSV, TSV:
		comma, quoting := byte(','), true
		if format == TSV {
			comma, quoting = '\t', r.opt.TSVQuotes
		}
		if r.opt.Comma != 0 {
			comma = r.opt.Comma
		}
		src, err := newCSVSource(stream, path, comma, quoting, r.opt.MaxLineBytes)
		if err != nil {
			return nil, 0, r.streamError(path, err)
		}
		src.borrow = r.opt.BorrowText
		return src, format, nil
	case JSONL:
		return newJSONLSource(stream, path, r.jsonCol, r.opt.MaxLineBytes), format, nil
	case Parquet:
		src, err := r.openParquet(path, f, counted, stream, gzipped)
		return src, format, err
	}
	return nil, 0, &Error{File: path, Msg: fmt.Sprintf("unsupported format %s", format)}
}

func (r *Reader) streamError(path string, err error) error {
	var te *Error
	if errors.As(err, &te) {
		return err
	}
	return &Error{File: path, Msg: err.Error(), Err: err}
}

// openParquet opens a Parquet file for random access; a gzipped one is
// first decompressed into a temporary file, removed on Close.
func (r *Reader) openParquet(path string, f *os.File, counted *countingReader, stream io.Reader, gzipped bool) (source, error) {
	if !gzipped {
		st, err := f.Stat()
		if err != nil {
			return nil, &Error{File: path, Msg: fmt.Sprintf("cannot read: %v", err), Err: err}
		}
		return newParquetSource(&countingReaderAt{r: f, n: &r.bytes}, st.Size(), path)
	}
	tmp, err := os.CreateTemp(r.opt.TempDir, "mlgate-*.parquet")
	if err != nil {
		return nil, &Error{File: path, Msg: fmt.Sprintf("decompressing gzipped Parquet: %v", err), Err: err}
	}
	r.closers = append(r.closers, removeOnClose{tmp})
	size, err := io.Copy(tmp, stream)
	if err != nil {
		return nil, r.streamError(path, err)
	}
	return newParquetSource(tmp, size, path)
}

// quietCloser closes a decompressor, whose Close repeats the stream error
// already reported by Read.
type quietCloser struct{ c io.Closer }

func (q quietCloser) Close() error {
	_ = q.c.Close()
	return nil
}

// removeOnClose closes and removes a temporary file.
type removeOnClose struct{ f *os.File }

func (c removeOnClose) Close() error {
	return errors.Join(c.f.Close(), os.Remove(c.f.Name()))
}

// countingReader counts the bytes read from a file.
type countingReader struct {
	r     io.Reader
	n     *atomic.Int64
	total int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.total += int64(n)
	c.n.Add(int64(n))
	return n, err
}

// countingReaderAt counts the bytes read from a Parquet file.
type countingReaderAt struct {
	r io.ReaderAt
	n *atomic.Int64
}

func (c *countingReaderAt) ReadAt(p []byte, off int64) (int, error) {
	n, err := c.r.ReadAt(p, off)
	c.n.Add(int64(n))
	return n, err
}

// gzipErrReader says how far into the compressed file a gzip error
// occurred.
type gzipErrReader struct {
	r       io.Reader
	counted *countingReader
}

func (g *gzipErrReader) Read(p []byte) (int, error) {
	n, err := g.r.Read(p)
	if err != nil && err != io.EOF {
		if err == io.ErrUnexpectedEOF {
			err = fmt.Errorf("corrupt gzip data: the file is truncated (after %d compressed bytes)", g.counted.total)
		} else {
			err = fmt.Errorf("corrupt gzip data after %d compressed bytes: %w", g.counted.total, err)
		}
	}
	return n, err
}
