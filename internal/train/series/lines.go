package series

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
)

// maxLineBytes bounds one line of a metrics file.
const maxLineBytes = 16 << 20

// errLineTooLong reports a line over maxLineBytes.
var errLineTooLong = fmt.Errorf("line longer than %d MiB", maxLineBytes>>20)

// readLine returns the next line without its line ending, and whether it
// ended with a newline. At the end of the input it returns io.EOF.
func readLine(r *bufio.Reader, buf []byte) (line []byte, terminated bool, err error) {
	buf = buf[:0]
	for {
		chunk, err := r.ReadSlice('\n')
		if len(buf)+len(chunk) > maxLineBytes {
			return nil, false, errLineTooLong
		}
		buf = append(buf, chunk...)
		switch {
		case err == nil:
			return bytes.TrimRight(buf, "\r\n"), true, nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case errors.Is(err, io.EOF) && len(buf) > 0:
			return bytes.TrimRight(buf, "\r"), false, nil
		default:
			return nil, false, err
		}
	}
}
