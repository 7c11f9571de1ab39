package proc

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// readSize is how much is read from a pipe at a time.
const readSize = 32 << 10

// maxTailLineBytes is where a line of [Result.Tail] is cut.
const maxTailLineBytes = 2 << 10

// output is where both streams of a command go: log, live writer, line
// callback and tail. Its mutex serializes the streams so that every write
// holds whole lines.
type output struct {
	mu     sync.Mutex
	log    *cappedLog // nil when no log is kept
	live   io.Writer  // nil when none, or after a write error
	onLine func(stream, line string)
	tail   tailRing
}

// newOutput creates the log file of s, if any.
func newOutput(s Spec) (*output, error) {
	o := &output{live: s.Live, onLine: s.OnLine, tail: newTailRing(s.TailLines)}
	if s.LogPath != "" {
		l, err := createLog(s.LogPath, s.MaxLogBytes)
		if err != nil {
			return nil, err
		}
		o.log = l
	}
	return o, nil
}

// write sends b to the log and the live writer; the caller holds o.mu.
func (o *output) write(b []byte) {
	if o.log != nil {
		o.log.write(b)
	}
	if o.live != nil {
		if _, err := o.live.Write(b); err != nil {
			o.live = nil
		}
	}
}

// close finishes the log and returns the first error writing it.
func (o *output) close() error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.log == nil {
		return nil
	}
	return o.log.close()
}

// tailString returns the kept tail.
func (o *output) tailString() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.tail.String()
}

// span is a line inside a batch of bytes.
type span struct{ start, end int }

// lineReader splits one stream into lines and hands them to the output.
type lineReader struct {
	name string
	out  *output
	cut  bool   // the current line was longer than MaxLineBytes and was cut
	last []span // ring of the last newline-ended lines of a batch, for the tail
}

func newLineReader(name string, out *output, tailLines int) *lineReader {
	return &lineReader{name: name, out: out, last: make([]span, tailLines)}
}

// run reads r until it ends or fails (a read deadline ends it too).
func (lr *lineReader) run(r io.Reader) {
	buf := make([]byte, MaxLineBytes+readSize)
	n := 0 // pending bytes, always fewer than MaxLineBytes between reads
	for {
		m, err := r.Read(buf[n:])
		if m > 0 {
			n += m
			c := lr.batch(buf[:n])
			n = copy(buf, buf[c:n])
			if n >= MaxLineBytes {
				lr.piece(buf[:MaxLineBytes])
				n = copy(buf, buf[MaxLineBytes:n])
			}
		}
		if err != nil {
			if n > 0 {
				lr.piece(buf[:n])
			}
			return
		}
	}
}

// completeEnd returns the end of the last complete line in b: after its last
// newline, or after its last carriage return unless that is b's final byte
// (a newline may follow in the next read).
func completeEnd(b []byte) int {
	end := bytes.LastIndexByte(b, '\n') + 1
	if cr := bytes.LastIndexByte(b[end:], '\r'); cr >= 0 && end+cr < len(b)-1 {
		end += cr + 1
	}
	return end
}

// batch handles the complete lines at the start of b and returns how many
// bytes they take.
func (lr *lineReader) batch(b []byte) int {
	end := completeEnd(b)
	if end == 0 {
		return 0
	}
	o := lr.out
	o.mu.Lock()
	defer o.mu.Unlock()
	o.write(b[:end])
	nlast := 0
	for start := 0; start < end; {
		seg := b[start:end]
		term := firstTerm(seg) // seg holds a terminator, by completeEnd
		lineEnd, next, newline := start+term, start+term+1, seg[term] == '\n'
		if !newline && next < end && b[next] == '\n' {
			next++
			newline = true
		}
		if lr.cut {
			lr.cut = false // the end of a line already cut and reported
		} else {
			if o.onLine != nil {
				o.onLine(lr.name, string(b[start:lineEnd]))
			}
			if newline && len(lr.last) > 0 {
				lr.last[nlast%len(lr.last)] = span{start, lineEnd}
				nlast++
			}
		}
		start = next
	}
	for i := max(0, nlast-len(lr.last)); i < nlast; i++ {
		s := lr.last[i%len(lr.last)]
		o.tail.push(b[s.start:s.end])
	}
	return end
}

// piece handles bytes without a line terminator: a cut of an over-long line,
// or the unterminated end of the stream. The log gets them with a newline so
// that the other stream's lines stay whole.
func (lr *lineReader) piece(b []byte) {
	o := lr.out
	o.mu.Lock()
	defer o.mu.Unlock()
	o.write(b)
	o.write([]byte{'\n'})
	if lr.cut {
		return
	}
	lr.cut = true
	line := bytes.TrimSuffix(b, []byte{'\r'})
	if o.onLine != nil {
		o.onLine(lr.name, string(line))
	}
	o.tail.push(line)
}

// firstTerm returns the index of the first '\n' or '\r' of b, or -1.
func firstTerm(b []byte) int {
	nl := bytes.IndexByte(b, '\n')
	before := b
	if nl >= 0 {
		before = b[:nl]
	}
	if cr := bytes.IndexByte(before, '\r'); cr >= 0 {
		return cr
	}
	return nl
}

// tailRing keeps the last lines pushed, reusing its buffers.
type tailRing struct {
	lines   [][]byte
	next, n int
}

func newTailRing(size int) tailRing { return tailRing{lines: make([][]byte, size)} }

func (t *tailRing) push(b []byte) {
	if len(t.lines) == 0 {
		return
	}
	cut := len(b) > maxTailLineBytes
	if cut {
		b = b[:maxTailLineBytes]
	}
	slot := append(t.lines[t.next][:0], b...)
	if cut {
		slot = append(slot, " …"...)
	}
	t.lines[t.next] = slot
	t.next = (t.next + 1) % len(t.lines)
	t.n = min(t.n+1, len(t.lines))
}

// String returns the kept lines, oldest first, joined by newlines, as valid
// UTF-8.
func (t *tailRing) String() string {
	var sb strings.Builder
	first := (t.next - t.n + len(t.lines)) % max(len(t.lines), 1)
	for i := range t.n {
		if i > 0 {
			sb.WriteByte('\n')
		}
		sb.Write(t.lines[(first+i)%len(t.lines)])
	}
	return strings.ToValidUTF8(sb.String(), "\uFFFD")
}

// cappedLog writes a log file up to a size, then counts what it drops.
type cappedLog struct {
	f               *os.File
	path            string
	max, kept, lost int64
	last            byte
	err             error
}

func createLog(path string, maxBytes int64) (*cappedLog, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("creating log directory for %s: %w", path, err)
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("creating log %s: %w", path, err)
	}
	return &cappedLog{f: f, path: path, max: maxBytes}, nil
}

func (l *cappedLog) write(b []byte) {
	if room := l.max - l.kept; int64(len(b)) > room {
		l.lost += int64(len(b)) - room
		b = b[:room]
	}
	if len(b) == 0 || l.err != nil {
		return
	}
	n, err := l.f.Write(b)
	l.kept += int64(n)
	if n > 0 {
		l.last = b[n-1]
	}
	if err != nil {
		l.err = fmt.Errorf("writing log %s: %w", l.path, err)
	}
}

// close writes the truncation line if output was dropped and closes the file.
func (l *cappedLog) close() error {
	if l.lost > 0 && l.err == nil {
		sep := ""
		if l.kept > 0 && l.last != '\n' {
			sep = "\n"
		}
		if _, err := fmt.Fprintf(l.f, "%s[log truncated after %d bytes]\n", sep, l.kept); err != nil {
			l.err = fmt.Errorf("writing log %s: %w", l.path, err)
		}
	}
	if err := l.f.Close(); err != nil && l.err == nil {
		l.err = fmt.Errorf("closing log %s: %w", l.path, err)
	}
	return l.err
}
