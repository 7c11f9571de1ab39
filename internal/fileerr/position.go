package fileerr

// Position returns the 1-based line and column, in characters, of the byte
// at offset off of data; an offset past the end is the end.
func Position(data []byte, off int64) (line, col int) {
	off = min(max(off, 0), int64(len(data)))
	line, col = 1, 1
	for _, b := range data[:off] {
		switch {
		case b == '\n':
			line++
			col = 1
		case b&0xC0 != 0x80: // not a UTF-8 continuation byte
			col++
		}
	}
	return line, col
}

// At returns an Error at the byte offset off of data, the contents of file.
func At(file string, data []byte, off int64, err error) *Error {
	line, col := Position(data, off)
	return &Error{File: file, Line: line, Column: col, Err: err}
}
