package table

import (
	"bufio"
	"fmt"
	"io"
)

// readBufSize is the bufio buffer size of the text readers.
const readBufSize = 64 << 10

// lineReader reads bounded lines from a text stream and counts them.
type lineReader struct {
	br      *bufio.Reader
	file    string
	max     int
	numLine int    // lines read so far (the line last returned)
	raw     []byte // holds lines longer than the bufio buffer
}

func newLineReader(r io.Reader, file string, max int) *lineReader {
	br := bufio.NewReaderSize(r, readBufSize)
	// A UTF-8 byte order mark at the start of the file is not data.
	if b, err := br.Peek(3); err == nil && b[0] == utf8BOM[0] && b[1] == utf8BOM[1] && b[2] == utf8BOM[2] {
		_, _ = br.Discard(3)
	}
	return &lineReader{br: br, file: file, max: max}
}

func (l *lineReader) tooLong(line int) error {
	return &Error{File: l.file, Line: line, Msg: fmt.Sprintf("line %d is longer than the %d-byte limit", line, l.max)}
}

// readLine returns the next line with its trailing "\n" (none at EOF), with
// "\r\n" turned into "\n" and a "\r" before EOF dropped, like encoding/csv.
// If some bytes were read the error is never io.EOF. The result is valid
// until the next call.
func (l *lineReader) readLine() ([]byte, error) {
	line, err := l.br.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		l.raw = append(l.raw[:0], line...)
		for err == bufio.ErrBufferFull {
			if len(l.raw) > l.max {
				return nil, l.tooLong(l.numLine + 1)
			}
			line, err = l.br.ReadSlice('\n')
			l.raw = append(l.raw, line...)
		}
		line = l.raw
	}
	if err != nil && err != io.EOF {
		// An error of the stream (I/O, corrupt gzip) while reading the next line.
		return nil, &Error{File: l.file, Line: l.numLine + 1, Msg: err.Error(), Err: err}
	}
	n := len(line)
	if n > 0 && err == io.EOF {
		err = nil
		if line[n-1] == '\r' {
			line = line[:n-1]
		}
	}
	if n > 0 {
		l.numLine++
	}
	if len(line)-lengthNL(line) > l.max {
		return nil, l.tooLong(l.numLine)
	}
	if n := len(line); n >= 2 && line[n-2] == '\r' && line[n-1] == '\n' {
		line[n-2] = '\n'
		line = line[:n-1]
	}
	return line, err
}

// lengthNL reports the number of bytes for the trailing \n.
func lengthNL(b []byte) int {
	if len(b) > 0 && b[len(b)-1] == '\n' {
		return 1
	}
	return 0
}
