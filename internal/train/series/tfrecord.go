package series

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
)

// castagnoli is the CRC-32C table TFRecord checksums use.
var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// maskedCRC returns the masked CRC-32C of b, as TFRecord stores it.
func maskedCRC(b []byte) uint32 {
	c := crc32.Checksum(b, castagnoli)
	return (c>>15 | c<<17) + 0xa282ead8
}

// readRecords calls fn with the offset and data of each record of a
// TFRecord file: uint64 length, uint32 masked CRC of the length, the data,
// uint32 masked CRC of the data (little-endian). Both checksums are
// verified; a mismatch is a [*RecordError]. A record cut short at the end
// of the file (a writer still running) ends the file without an error.
// The data passed to fn is only valid during the call.
func readRecords(path string, fn func(off int64, data []byte) error) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("reading event file: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return fmt.Errorf("reading event file: %w", err)
	}
	size := st.Size()
	r := bufio.NewReaderSize(f, 256<<10)
	var hdr [12]byte
	var footer [4]byte
	var buf []byte
	for off := int64(0); ; {
		if _, err := io.ReadFull(r, hdr[:]); err != nil {
			return tailOrError(path, off, err)
		}
		n := binary.LittleEndian.Uint64(hdr[:8])
		if maskedCRC(hdr[:8]) != binary.LittleEndian.Uint32(hdr[8:]) {
			return &RecordError{File: path, Offset: off, Err: errors.New("length checksum mismatch: the file is corrupt or not a TFRecord file")}
		}
		if rem := size - off - 16; rem < 0 || n > uint64(rem) {
			return nil // the data is not there (yet): a record cut short
		}
		if uint64(cap(buf)) < n {
			buf = make([]byte, n)
		}
		data := buf[:n]
		if _, err := io.ReadFull(r, data); err != nil {
			return tailOrError(path, off, err)
		}
		if _, err := io.ReadFull(r, footer[:]); err != nil {
			return tailOrError(path, off, err)
		}
		if maskedCRC(data) != binary.LittleEndian.Uint32(footer[:]) {
			return &RecordError{File: path, Offset: off, Err: fmt.Errorf("data checksum mismatch in a record of %d bytes: the file is corrupt", n)}
		}
		if err := fn(off, data); err != nil {
			return &RecordError{File: path, Offset: off, Err: err}
		}
		off += 16 + int64(n)
	}
}

// tailOrError treats the end of the file inside a record as a clean end
// (a writer still running) and anything else as an error.
func tailOrError(path string, off int64, err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return nil
	}
	return &RecordError{File: path, Offset: off, Err: err}
}
